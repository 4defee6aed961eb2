"""The course's figures, drawn with matplotlib. Each function draws on an axis and returns it.

Every figure keeps its meaning without colour: its colours are Okabe and Ito's palette, told apart
with any colour vision, and every series or class also has a marker or line style of its own.
Importing this module makes the palette with a line style per colour matplotlib's default cycle
(`SERIES_CYCLE`), so a notebook's own `ax.plot` calls get both too; `series_style(k)` is the
k-th series' colour, line style and marker, for a figure drawn by hand.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.rcsetup import cycler  # cycler's, with matplotlib's checks

# Okabe & Ito, "Color Universal Design" (2008): colours that stay apart under every common colour
# vision deficiency. Yellow (#F0E442) is left out, too light on white; black draws what is not a
# series (decision lines, start points, text).
BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY_BLUE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
)
PALETTE = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY_BLUE)
LINESTYLES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (8, 2)))
MARKERS = ("o", "s", "^", "D", "v", "P")
SERIES_CYCLE = cycler(color=PALETTE) + cycler(linestyle=LINESTYLES)
plt.rcParams["axes.prop_cycle"] = SERIES_CYCLE


def series_style(k):
    """The k-th series' colour, line style and marker (each differs from the others' up to
    len(PALETTE) series)."""
    i = k % len(PALETTE)
    return dict(color=PALETTE[i], linestyle=LINESTYLES[i], marker=MARKERS[i])


CLASS_STYLE = {
    0: dict(marker="o", color=BLUE, label="class 0"),
    1: dict(marker="s", color=ORANGE, label="class 1"),
}
SHADE_LABEL = "the perceptron outputs 1"


def _axis(ax):
    return ax if ax is not None else plt.subplots(figsize=(4, 4))[1]


def plot_points(X, y, ax=None, size=90, labels=None, legend=False):
    """Scatter 2-D points coloured and shaped by their 0/1 label: circles for 0, squares for 1.

    `labels` names the two kinds in the legend (default "class 0", "class 1"); with `legend=True`
    the axis gets a legend outside its right edge, so that it covers no point.
    """
    ax = _axis(ax)
    for label, style in CLASS_STYLE.items():
        rows = np.asarray(y) == label
        if labels is not None:
            style = {**style, "label": labels[label]}
        ax.scatter(X[rows, 0], X[rows, 1], s=size, edgecolor="black", zorder=3, **style)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if legend:
        legend_outside(ax)
    return ax


def legend_outside(ax, **options):
    """A legend to the right of the axis (it never hides a point), e.g. circles = class 0."""
    return ax.legend(
        **{
            "loc": "upper left",
            "bbox_to_anchor": (1.02, 1.0),
            "borderaxespad": 0.0,
            "fontsize": 9,
            **options,
        }
    )


def plot_decision_line(w, b, ax=None, shade=True, **style):
    """Draw the line w1*x1 + w2*x2 + b = 0 and shade the side where the perceptron outputs 1."""
    ax = _axis(ax)
    (x_lo, x_hi), (y_lo, y_hi) = ax.get_xlim(), ax.get_ylim()
    style = {"color": "black", "linewidth": 2, **style}
    w1, w2 = float(w[0]), float(w[1])
    if w2 != 0:  # the line x2 = -(w1 x1 + b) / w2; the output is 1 above it when w2 > 0
        xs = np.array([x_lo, x_hi])
        line = -(w1 * xs + b) / w2
        ax.plot(xs, line, **style)
        if shade:
            ax.fill_between(
                xs,
                line,
                y_hi if w2 > 0 else y_lo,
                color=ORANGE,
                alpha=0.15,
                lw=0,
                label=SHADE_LABEL,
            )
    elif w1 != 0:  # a vertical line x1 = -b / w1; the output is 1 on its right when w1 > 0
        x0 = -b / w1
        ax.plot([x0, x0], [y_lo, y_hi], **style)
        if shade:
            ax.fill_betweenx(
                [y_lo, y_hi],
                x0,
                x_hi if w1 > 0 else x_lo,
                color=ORANGE,
                alpha=0.15,
                lw=0,
                label=SHADE_LABEL,
            )
    elif shade and b >= 0:  # w = 0: no line, the output is 1 everywhere or nowhere
        ax.fill_between([x_lo, x_hi], y_lo, y_hi, color=ORANGE, alpha=0.15, lw=0, label=SHADE_LABEL)
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    return ax


def binary_square(ax=None, margin=0.5):
    """An axis framing the unit square, for the four binary inputs of a logic gate."""
    ax = _axis(ax)
    ax.set_xlim(-margin, 1 + margin)
    ax.set_ylim(-margin, 1 + margin)
    ax.set_aspect("equal")
    return ax


def plot_curve(values, ax=None, xlabel="epoch", ylabel="", logy=False, **style):
    """A learning curve: one value per epoch (errors, cost, accuracy ...)."""
    ax = _axis(ax)
    ax.plot(np.arange(len(values)), values, **style)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    return ax


def plot_graph(nodes, edges, ax=None):
    """Draw a computational graph: forward values in green above each wire, gradients in red below
    (Okabe and Ito's bluish green and vermillion; above and below tell them apart without colour).

    `nodes` maps a name to `(x, y, text)`: a short text ("+", "*", "σ") is drawn as a gate in a
    circle, a longer one as a plain label (an input or the output). `edges` lists
    `(source, target, value, gradient)`: an arrow from source to target, with the value carried
    forward and the gradient flowing back along it (either may be None).
    """
    ax = ax if ax is not None else plt.subplots(figsize=(7, 3.5))[1]
    for name, (x, y, text) in nodes.items():
        if len(text) <= 2:
            ax.add_patch(
                plt.Circle((x, y), 0.22, facecolor="white", edgecolor="black", lw=1.5, zorder=3)
            )
            ax.text(x, y, text, ha="center", va="center", fontsize=15, zorder=4)
        else:
            ax.text(x, y, text, ha="center", va="center", fontsize=12, zorder=4)
    for source, target, value, gradient in edges:
        (x0, y0, t0), (x1, y1, t1) = nodes[source], nodes[target]
        start = 0.25 if len(t0) <= 2 else 0.35
        stop = 0.25 if len(t1) <= 2 else 0.35
        dx, dy = x1 - x0, y1 - y0
        length = np.hypot(dx, dy)
        ux, uy = dx / length, dy / length
        ax.annotate(
            "",
            xy=(x1 - stop * ux, y1 - stop * uy),
            xytext=(x0 + start * ux, y0 + start * uy),
            arrowprops=dict(arrowstyle="-|>", color="black", lw=1.2),
        )
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        nx, ny = -uy, ux  # the normal pointing "up" from the wire
        if ny < 0:
            nx, ny = -nx, -ny
        if value is not None:
            ax.text(
                mx + 0.17 * nx,
                my + 0.17 * ny,
                f"{value:g}",
                color=GREEN,
                fontsize=12,
                ha="center",
                va="center",
                fontweight="bold",
            )
        if gradient is not None:
            ax.text(
                mx - 0.17 * nx,
                my - 0.17 * ny,
                f"{gradient:g}",
                color=VERMILLION,
                fontsize=12,
                ha="center",
                va="center",
                fontweight="bold",
            )
    xs = [x for x, _, _ in nodes.values()]
    ys = [y for _, y, _ in nodes.values()]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.6, max(ys) + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


SIGN_CMAP = "RdBu"  # one map for weights and errors δ: red negative, white zero, blue positive
SIGN_WORDS = "red < 0 < blue"


def sign_colour(value, scale):
    """The colour of a signed value on SIGN_CMAP, with ±scale at the map's ends."""
    return plt.get_cmap(SIGN_CMAP)(0.5 + 0.5 * np.clip(np.asarray(value) / scale, -1.0, 1.0))


def text_colour(face):
    """Black text on a light fill, white text on a dark one (by the fill's luminance)."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(face)
    return "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 else "black"


def plot_network_deltas(
    params, activations=None, deltas=None, ax=None, sample=0, focus=None, scale=None
):
    """Draw a fully connected network layer by layer, with the errors δ of a backward pass.

    Weights and errors share one colour convention (SIGN_CMAP): blue positive, red negative. Each
    weight is a line, thicker when larger, dashed when negative; a legend under the network says
    so. Each neuron shows
    its activation `a` (from `activations` = [X, A1, ..., AL], row `sample`, in white on a dark
    fill) and, for the layers in `deltas` = {layer: δ array} (layers numbered 1..L), its error δ,
    also as the neuron's fill, explained by a colour bar (`scale` fixes its range, ±scale).
    `focus` (a layer number) outlines that layer and highlights the weights its δ came through.
    """
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize
    from matplotlib.lines import Line2D

    ax = ax if ax is not None else plt.subplots(figsize=(7, 4))[1]
    deltas = deltas or {}
    sizes = [params[0][0].shape[0]] + [W.shape[1] for W, _ in params]
    L = len(params)
    x_gap, y_gap, radius = 2.6, 1.25, 0.36
    positive, negative = sign_colour(0.8, 1.0), sign_colour(-0.8, 1.0)

    def place(layer):
        n = sizes[layer]
        return [(layer * x_gap, ((n - 1) / 2 - i) * y_gap) for i in range(n)]

    spots = [place(layer) for layer in range(L + 1)]
    largest = max(float(np.max(np.abs(W))) for W, _ in params) or 1.0
    for layer, (W, _) in enumerate(params):  # the weights into layer + 1
        bright = (
            focus is not None and layer == focus
        )  # BP2 for layer `focus` goes through W^(focus+1)
        for i, (x0, y0) in enumerate(spots[layer]):
            for j, (x1, y1) in enumerate(spots[layer + 1]):
                w = W[i, j]
                ax.plot(
                    [x0 + radius, x1 - radius],
                    [y0, y1],
                    color=positive if w >= 0 else negative,
                    linestyle="-" if w >= 0 else "--",
                    lw=0.6 + 3.0 * abs(w) / largest,
                    alpha=0.85 if bright else 0.35,
                    zorder=1,
                )
    if scale is None:
        scale = max(
            [float(np.max(np.abs(np.asarray(d)[sample]))) for d in deltas.values()] + [1e-12]
        )
    for layer in range(L + 1):
        delta = np.asarray(deltas[layer])[sample] if layer in deltas else None
        for i, (x, y) in enumerate(spots[layer]):
            face = (
                "0.92"
                if layer == 0
                else ("white" if delta is None else sign_colour(delta[i], scale))
            )
            ax.add_patch(
                plt.Circle(
                    (x, y),
                    radius,
                    facecolor=face,
                    zorder=3,
                    edgecolor="black",
                    lw=2.5 if layer == focus else 1.0,
                )
            )
            if activations is not None:
                ax.text(
                    x,
                    y,
                    f"{np.asarray(activations[layer])[sample, i]:.3g}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    zorder=4,
                    color=text_colour(face),
                    fontweight="bold" if text_colour(face) == "white" else "normal",
                )
            if delta is not None:
                ax.text(
                    x,
                    y - radius - 0.1,
                    f"δ={delta[i]:.3g}",
                    ha="center",
                    va="top",
                    fontsize=8,
                    zorder=4,
                    bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=0.3),
                )
        name = "input" if layer == 0 else ("output" if layer == L else "hidden")
        ax.text(
            layer * x_gap,
            (max(sizes) - 1) / 2 * y_gap + 0.85,
            f"{name}\nlayer {layer}",
            ha="center",
            va="bottom",
            fontsize=9,
        )
    ax.set_xlim(-0.8, L * x_gap + 0.8)
    ax.set_ylim(-(max(sizes) - 1) / 2 * y_gap - 1.0, (max(sizes) - 1) / 2 * y_gap + 1.6)
    ax.set_aspect("equal")
    ax.axis("off")
    text = "in a neuron: its activation a" + ("; under it: its error δ" if deltas else "")
    handles = [
        Line2D([], [], color=positive, lw=2.5, label="weight > 0"),
        Line2D([], [], color=negative, lw=2.5, linestyle="--", label="weight < 0"),
        Line2D([], [], color="none", label="(thicker: larger |w|)"),
        Line2D([], [], color="none", label=text),
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=2,
        fontsize=8,
        frameon=False,
        handlelength=1.6,
        columnspacing=1.2,
    )
    if deltas:
        bar = ax.figure.colorbar(
            ScalarMappable(Normalize(-scale, scale), SIGN_CMAP),
            ax=ax,
            shrink=0.7,
            pad=0.02,
            fraction=0.04,
        )
        bar.set_label(f"neuron fill: error δ ({SIGN_WORDS})", fontsize=9)
        bar.ax.tick_params(labelsize=8)
    return ax


def plot_contours(f, xlim, ylim, ax=None, levels=25, resolution=200):
    """Contour lines of a function of two weights over a rectangle.

    `f(w)` takes `w` of shape `(2, ...)` (w[0] and w[1] are grids) and returns the values. With an
    integer `levels`, the lines sit at quantiles of f that crowd towards the lowest values, so a
    narrow valley and a wide slope both get lines.
    """
    ax = _axis(ax)
    W1, W2 = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    F = f(np.stack([W1, W2]))
    if np.ndim(levels) == 0:
        levels = np.unique(np.quantile(F, np.linspace(0, 1, int(levels)) ** 2))
    ax.contour(W1, W2, F, levels=levels, cmap="viridis", linewidths=0.7)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    return ax


def plot_paths(paths, ax=None, legend=True):
    """Optimizer paths in a plane of two weights: `paths` maps a label to points, shape
    (steps + 1, 2).

    Each path has a colour, a line style and a marker of its own (`series_style`), the marker at
    every step; a cross marks the last point, a black circle the (common) start; the legend says
    so. The axis limits are left as they are, so a path that diverges leaves the picture.
    """
    ax = _axis(ax)
    xlim, ylim = ax.get_xlim(), ax.get_ylim()
    for k, (label, path) in enumerate(paths.items()):
        path = np.asarray(path, dtype=float)
        style = series_style(k)
        ax.plot(path[:, 0], path[:, 1], markersize=4, linewidth=1.2, label=label, **style)
        ax.plot(
            path[-1, 0], path[-1, 1], "x", color=style["color"], markersize=9, markeredgewidth=2
        )
    start = np.asarray(next(iter(paths.values())), dtype=float)[0]
    ax.plot(start[0], start[1], "o", color="black", markersize=6, label="start")
    ax.plot([], [], "x", color="gray", markersize=9, markeredgewidth=2, label="last step")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    if legend:
        ax.legend(fontsize=8, loc="best")
    return ax


def plot_layer_norms(norms, ax=None, label=None, **style):
    """One value per layer (e.g. the norm of dW), first layer at the left, on a log scale.

    Called once per series on one axis, each series gets the next colour, line style and marker
    (`series_style`). Zeros cannot be drawn on a log scale: they are left as gaps.
    """
    ax = _axis(ax)
    norms = np.asarray(norms, dtype=float)
    layers = np.arange(1, len(norms) + 1)
    style = {**series_style(len(ax.lines)), **style}
    ax.plot(layers, np.where(norms > 0, norms, np.nan), label=label, **style)
    ax.set_yscale("log")
    ax.set_xticks(layers)
    ax.set_xlabel("layer (1 = first hidden layer, last = output layer)")
    ax.set_ylabel("norm of dW")
    return ax


def plot_output_surface(
    predict, X=None, y=None, ax=None, xlim=(-3, 3), ylim=(-3, 3), resolution=150, colorbar=False
):
    """Colour the plane by a model's output in [0, 1] and draw the line where it equals 0.5.

    `predict(P)` maps points `P` of shape (n, 2) to n outputs (any shape with n entries), e.g. a
    neuron's sigmoid(P @ w + b) or a network's forward pass. Blue is near 0, red near 1; the black
    line is the decision boundary at 0.5. With `X` and `y`, the labelled points are drawn on top.
    """
    ax = _axis(ax)
    G1, G2 = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    out = np.asarray(predict(np.column_stack([G1.ravel(), G2.ravel()])), dtype=float).reshape(
        G1.shape
    )
    filled = ax.contourf(
        G1, G2, out, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.55, vmin=0, vmax=1
    )
    if out.min() < 0.5 < out.max():
        ax.contour(G1, G2, out, levels=[0.5], colors="black", linewidths=2)
    if colorbar:
        ax.figure.colorbar(filled, ax=ax, label="output (black line: 0.5)")
    if X is not None and y is not None:
        plot_points(X, y, ax=ax, size=40)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def plot_output_surfaces(models, X=None, y=None, points_on=(), labels=None, fontsize=12):
    """Several models' output surfaces side by side, one shared colour bar, readable fonts.

    `models` maps a panel title to `predict(P)` (see `plot_output_surface`). With `X` and `y`, the
    labelled points are drawn on the panels whose positions are in `points_on`, with a legend that
    says what the circles and squares are (`labels`, default "class 0", "class 1").
    Returns the figure.
    """
    fig, axes = plt.subplots(
        1, len(models), figsize=(4.6 * len(models) + 1.2, 5.0), squeeze=False, layout="constrained"
    )
    axes = axes[0]
    for i, (ax, (title, predict)) in enumerate(zip(axes, models.items())):
        plot_output_surface(predict, ax=ax)
        if X is not None and y is not None and i in points_on:
            plot_points(X, y, ax=ax, size=70, labels=labels or ("class 0", "class 1"))
            ax.legend(loc="upper left", fontsize=fontsize - 2, framealpha=0.9)
        ax.set_title(title, fontsize=fontsize)
        ax.tick_params(labelsize=fontsize - 1)
        ax.xaxis.label.set_size(fontsize + 1)
        ax.yaxis.label.set_size(fontsize + 1)
    bar = fig.colorbar(axes[0].collections[0], ax=list(axes), shrink=0.9, pad=0.02)
    bar.set_label("output (black line: 0.5)", fontsize=fontsize)
    bar.ax.tick_params(labelsize=fontsize - 1)
    return fig


def plot_bump_sum(x, target, bumps, output, ax=None):
    """A one-input network's output as a sum of sigmoid bumps, against the curve it approximates.

    `target` is the curve (solid black), `bumps` holds one column per bump, what a pair of hidden
    units adds to the output (thin, dotted), and `output` their sum (dashed vermillion): the
    picture behind "capacity grows with hidden units".
    """
    ax = _axis(ax)
    bumps = np.asarray(bumps, dtype=float)
    for j in range(bumps.shape[1]):
        label = "one bump: a pair of hidden units" if j == 0 else None
        ax.plot(x, bumps[:, j], color=SKY_BLUE, linestyle=":", lw=1, label=label)
    ax.plot(x, target, color="black", linestyle="-", lw=2, label="the curve")
    ax.plot(x, output, color=VERMILLION, linestyle="--", lw=2, label="the network: the bumps' sum")
    ax.set_xlabel("x")
    ax.set_ylabel("output")
    return ax


def plot_digits(images, titles=None, ncols=10, size=1.1):
    """A grid of 8x8 digit images (rows of 64 pixels, 0 to 16), ink dark on white, each with its
    title (e.g. "true 9, read 5"); returns the figure."""
    images = np.asarray(images, dtype=float).reshape(-1, 8, 8)
    nrows = max(1, -(-len(images) // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, 1.25 * size * nrows))
    for k, ax in enumerate(np.atleast_1d(axes).flat):
        ax.axis("off")
        if k < len(images):
            ax.imshow(images[k], cmap="gray_r", vmin=0, vmax=16)
            if titles is not None:
                ax.set_title(titles[k], fontsize=8)
    return fig


def plot_confusion_counts(counts, ax=None):
    """A k x k confusion matrix as a heat map of one hue (white to blue), each count written in
    its cell: rows the true class, columns the predicted one, the diagonal the correct answers."""
    from matplotlib.colors import LinearSegmentedColormap

    counts = np.asarray(counts)
    ax = ax if ax is not None else plt.subplots(figsize=(5.5, 5))[1]
    cmap = LinearSegmentedColormap.from_list("white_blue", ["white", BLUE])
    image = ax.imshow(counts, cmap=cmap, vmin=0, vmax=max(1, counts.max()))
    for (i, j), count in np.ndenumerate(counts):
        if count:
            face = cmap(count / max(1, counts.max()))
            ax.text(j, i, str(count), ha="center", va="center", color=text_colour(face), fontsize=8)
    k = len(counts)
    ax.set(xticks=range(k), yticks=range(k), xlabel="predicted digit", ylabel="true digit")
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="test digits")
    return ax
