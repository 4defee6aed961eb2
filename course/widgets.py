"""Interactive explorers built with ipywidgets.

Each explorer draws its figure once when it is displayed, so a notebook executed headless
(nbconvert, nbgrader) still shows a picture; the sliders only matter in a live JupyterLab.
"""

import matplotlib.pyplot as plt
import numpy as np

from . import plots

SLIDER_WIDTH = "480px"  # wide enough that one step of a slider is a few pixels, not one


def weight_slider(value, description, low, high, step, digits=2):
    """A slider for one weight or bias: its range, its step, and a width that suits them."""
    from ipywidgets import FloatSlider, Layout

    return FloatSlider(
        value=float(np.clip(value, low, high)),
        min=low,
        max=high,
        step=step,
        description=description,
        readout_format=f".{digits}f",
        continuous_update=False,
        layout=Layout(width=SLIDER_WIDTH),
    )


def decision_line_explorer(X, y, w1=1.0, w2=1.0, b=-0.5, predict=None):
    """Sliders for w1, w2 and b move a perceptron's line over 2-D points; the title counts errors.

    `predict(X, w, b)` is the student's perceptron; by default the step of X @ w + b. The legend
    says what the markers are (circles: target 0, squares: target 1) and what the shading is.
    Each slider runs from -3 to 3 in steps of 0.1.
    """
    from ipywidgets import interact

    if predict is None:

        def predict(X, w, b):
            return np.where(X @ w + b >= 0, 1.0, 0.0)

    def draw(w1, w2, b):
        w = np.array([w1, w2])
        errors = int(np.sum(predict(X, w, b) != y))
        fig, ax = plt.subplots(figsize=(6.8, 4), layout="constrained")
        plots.binary_square(ax)
        plots.plot_points(X, y, ax=ax, labels=("target 0", "target 1"))
        plots.plot_decision_line(w, b, ax=ax, label="the line w·x + b = 0")
        plots.legend_outside(ax)
        ax.set_title(f"w = ({w1:.1f}, {w2:.1f}), b = {b:.1f}: {errors} error(s)")
        plt.show()

    def slider(value, description):
        return weight_slider(value, description, -3.0, 3.0, 0.1, digits=1)

    return interact(draw, w1=slider(w1, "w1"), w2=slider(w2, "w2"), b=slider(b, "b"))


def backprop_explorer(X, Y, params, forward, output_delta, hidden_delta):
    """Step through one backward pass, layer by layer: the slider `step` runs BP1 (step 1), then
    BP2 once per hidden layer; `sample` picks the row of the batch that is drawn.

    `forward`, `output_delta` and `hidden_delta` are the student's functions; the left panel draws
    the network with each neuron's activation and error δ, the right one the δ of every layer
    reached so far, as bars on one scale.
    """
    from ipywidgets import Dropdown, IntSlider, interact

    _, cache = forward(X, params)
    A, Z = cache["A"], cache["Z"]
    L = len(params)
    deltas = {L: np.asarray(output_delta(A[L], Z[L - 1], Y))}
    for layer in range(L - 1, 0, -1):
        deltas[layer] = np.asarray(hidden_delta(deltas[layer + 1], params[layer][0], Z[layer - 1]))

    def draw(step, sample):
        shown = {layer: d for layer, d in deltas.items() if layer > L - step}
        scale = max(float(np.max(np.abs(d[sample]))) for d in deltas.values()) or 1e-12
        fig, (left, right) = plt.subplots(
            1, 2, figsize=(12, 4.6), gridspec_kw={"width_ratios": [1.6, 1]}
        )
        focus = L - step + 1 if step else None
        plots.plot_network_deltas(
            params, A, shown, ax=left, sample=sample, focus=focus, scale=scale
        )
        if step == 0:
            text = "step 0: the forward pass is done; no error is known yet"
        elif step == 1:
            text = (
                rf"step 1, BP1: $\delta^{{{L}}} = (A^{{{L}}} - Y) \odot \sigma'(Z^{{{L}}})$"
                f" (output layer {L})"
            )
        else:
            l = L - step + 1
            text = (
                rf"step {step}, BP2: $\delta^{{{l}}} = (\delta^{{{l + 1}}}\,(W^{{{l + 1}}})^T)"
                rf" \odot \sigma'(Z^{{{l}}})$ (layer {l}, through the bold weights)"
            )
        left.set_title(text, fontsize=10)
        position, ticks, labels = 0, [], []
        for layer in sorted(shown):
            values = shown[layer][sample]
            xs = position + np.arange(len(values))
            right.bar(xs, values, color=plots.sign_colour(values, scale), edgecolor="black")
            ticks += list(xs)
            labels += [f"{layer}.{j + 1}" for j in range(len(values))]
            position += len(values) + 1
        right.axhline(0, color="black", lw=0.8)
        right.set_ylim(-1.15 * scale, 1.15 * scale)
        right.set_xticks(ticks, labels)
        right.set_xlabel("neuron (layer.index)")
        right.set_ylabel("δ")
        right.set_title(f"errors δ of sample {sample}, layers reached so far", fontsize=10)
        plt.tight_layout()
        plt.show()

    return interact(
        draw,
        step=IntSlider(value=L, min=0, max=L, description="step", continuous_update=False),
        sample=Dropdown(options=list(range(len(X))), value=0, description="sample"),
    )


def trajectory_explorer(run, surfaces, **settings):
    """Sliders for learning rates and βs redraw optimizer paths over the contours of a surface.

    `surfaces` maps a name to `(f, xlim, ylim)` (see `plots.plot_contours`); `run(surface,
    **settings)` returns `{label: path}` with each path of shape (steps + 1, 2). Every keyword in
    `settings` becomes a slider that starts at its value: names starting with "lr" get a
    logarithmic slider from 0.001 to 3, the others (the βs) a linear one from 0 to 0.999.
    """
    from ipywidgets import Dropdown, FloatLogSlider, FloatSlider, interact

    def draw(surface, **values):
        f, xlim, ylim = surfaces[surface]
        fig, ax = plt.subplots(figsize=(8, 4.2))
        plots.plot_contours(f, xlim, ylim, ax=ax)
        plots.plot_paths(run(surface, **values), ax=ax)
        ax.set_title(surface)
        plt.show()

    style = {"description_width": "initial"}
    controls = {"surface": Dropdown(options=list(surfaces), description="surface")}
    for key, value in settings.items():
        if key.startswith("lr"):
            controls[key] = FloatLogSlider(
                value=value,
                base=10,
                min=-3,
                max=0.5,
                step=0.01,
                description=key,
                readout_format=".3g",
                continuous_update=False,
                style=style,
            )
        else:
            controls[key] = FloatSlider(
                value=value,
                min=0.0,
                max=0.999,
                step=0.001,
                description=key,
                readout_format=".3f",
                continuous_update=False,
                style=style,
            )
    return interact(draw, **controls)


def layer_norms_explorer(
    norms_for,
    activations=("sigmoid", "tanh", "relu", "leaky_relu"),
    inits=("uniform [-1, 1]",),
    depth=8,
    max_depth=12,
    act=None,
    init=None,
):
    """A depth slider and menus for the activation and the initialization redraw per-layer norms.

    `norms_for(depth, act, init)` returns one number per layer, first layer first (e.g. the norms
    of dW of a network with `depth` hidden layers). The chosen activation is drawn in bold, the
    others faintly for comparison.
    """
    from ipywidgets import Dropdown, IntSlider, interact

    def draw(depth, act, init):
        fig, ax = plt.subplots(figsize=(7.5, 3.8))
        for other in activations:
            chosen = other == act
            norms = np.asarray(norms_for(depth, other, init), dtype=float)
            plots.plot_layer_norms(
                norms,
                ax=ax,
                label=other,
                linewidth=2.5 if chosen else 1,
                alpha=1.0 if chosen else 0.3,
            )
            if chosen:
                ratio = norms[0] / norms[-1] if norms[-1] > 0 else float("nan")
        ax.legend(fontsize=8, loc="best")
        ax.set_title(f"{act}, {init}, {depth} hidden layers: layer 1 / last layer = {ratio:.2g}")
        plt.show()

    return interact(
        draw,
        depth=IntSlider(
            value=depth,
            min=1,
            max=max_depth,
            description="hidden layers",
            continuous_update=False,
            style={"description_width": "initial"},
        ),
        act=Dropdown(
            options=list(activations), value=act or activations[0], description="activation"
        ),
        init=Dropdown(options=list(inits), value=init or inits[0], description="init"),
    )


def neuron_explorer(X, y, w1=1.0, w2=1.0, b=0.0, activation=None, cost=None):
    """Sliders for one neuron's w1, w2 and b over 2-D points, shown as its output surface.

    The colours show the neuron's output activation(w1 x1 + w2 x2 + b) (blue near 0, red near 1),
    the black line is where it equals 0.5; circles are the points with target 0, squares those
    with target 1 (the legend says so); the title gives the cost and the accuracy on (X, y).
    `activation` is the student's sigmoid and `cost(Y_hat, Y)` their mse_cost (2-D arguments);
    by default a sigmoid and the mean of half the squared errors. Each slider runs from -5 to 5
    in steps of 0.1.
    """
    from ipywidgets import interact

    if activation is None:

        def activation(z):
            return 1 / (1 + np.exp(-np.clip(z, -500, 500)))

    if cost is None:

        def cost(Y_hat, Y):
            return 0.5 * np.sum((Y_hat - Y) ** 2) / len(Y)

    y = np.asarray(y, dtype=float)
    margin = 0.5
    xlim = (X[:, 0].min() - margin, X[:, 0].max() + margin)
    ylim = (X[:, 1].min() - margin, X[:, 1].max() + margin)

    def draw(w1, w2, b):
        w = np.array([w1, w2])
        out = activation(X @ w + b)
        c = float(cost(out.reshape(-1, 1), y.reshape(-1, 1)))
        accuracy = float(np.mean((out >= 0.5) == (y == 1)))
        fig, ax = plt.subplots(figsize=(6.2, 4.6), layout="constrained")
        plots.plot_output_surface(
            lambda P: activation(P @ w + b), ax=ax, xlim=xlim, ylim=ylim, colorbar=True
        )
        plots.plot_points(X, y, ax=ax, size=40, labels=("target 0", "target 1"))
        ax.legend(loc="upper left", fontsize=9, framealpha=0.9)
        ax.set_title(
            f"w = ({w1:.1f}, {w2:.1f}), b = {b:.1f}: cost {c:.3f}, accuracy {accuracy:.0%}"
        )
        plt.show()

    def slider(value, description):
        return weight_slider(value, description, -5.0, 5.0, 0.1, digits=1)

    return interact(draw, w1=slider(w1, "w1"), w2=slider(w2, "w2"), b=slider(b, "b"))


def hidden_units_explorer(x, target, network_for, units=4, max_units=40):
    """A slider for the number of hidden units redraws a one-input network's output against a curve.

    `network_for(n)` returns `(bumps, output)` of a network with n hidden units at the points x:
    one column per bump (what a pair of hidden units adds to the output) and their sum. The slider
    moves in steps of 2, a bump at a time; the title gives the mean absolute error between the
    output and `target`.
    """
    from ipywidgets import IntSlider, Layout, interact

    def draw(units):
        bumps, output = network_for(units)
        error = float(np.mean(np.abs(np.asarray(output) - target)))
        fig, ax = plt.subplots(figsize=(7.5, 4), layout="constrained")
        plots.plot_bump_sum(x, target, bumps, output, ax=ax)
        plots.legend_outside(ax)
        ax.set_title(f"{units} hidden units: mean error {error:.3f}")
        plt.show()

    slider = IntSlider(
        value=units,
        min=2,
        max=max_units,
        step=2,
        description="hidden units",
        continuous_update=False,
        style={"description_width": "initial"},
        layout=Layout(width=SLIDER_WIDTH),
    )
    return interact(draw, units=slider)
