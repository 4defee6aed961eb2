"""The course's figures and widgets draw headless (as when nbgrader or CI runs a notebook), and
keep their meaning without colour: every series differs in a marker or line style as well, and
the colours stay apart under simulated colour blindness."""

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

from course import plots, widgets  # noqa: E402

X_BINARY = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize(
    "w, b, shaded",
    [
        ((1.0, 1.0), -0.5, True),  # an oblique line
        ((1.0, 0.0), -0.5, True),  # a vertical line
        ((0.0, 0.0), 1.0, True),  # no line: everything is class 1
        ((0.0, 0.0), -1.0, False),  # no line: nothing is class 1
    ],
)
def test_a_decision_line_is_drawn_with_its_positive_side_shaded(w, b, shaded):
    ax = plots.binary_square()
    plots.plot_points(X_BINARY, np.array([0, 1, 1, 1]), ax=ax)
    plots.plot_decision_line(np.array(w), b, ax=ax)
    assert len(ax.collections) > 2 if shaded else len(ax.collections) == 2
    assert ax.get_xlim() == (-0.5, 1.5)


def test_a_learning_curve_has_one_point_per_epoch():
    ax = plots.plot_curve([3, 2, 1, 0], ylabel="mistakes", logy=False)
    assert list(ax.lines[0].get_xdata()) == [0, 1, 2, 3]


def test_the_decision_line_explorer_draws_once_without_a_live_kernel():
    explorer = widgets.decision_line_explorer(X_BINARY, np.array([0.0, 1.0, 1.0, 0.0]))
    assert [w.description for w in explorer.widget.children[:3]] == ["w1", "w2", "b"]


def test_the_decision_line_explorer_says_what_the_markers_and_the_shading_are():
    widgets.decision_line_explorer(X_BINARY, np.array([0.0, 1.0, 1.0, 0.0]))
    legend = plt.gcf().axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [
        "target 0",
        "target 1",
        "the line w·x + b = 0",
        "the perceptron outputs 1",
    ]
    assert (
        plots.CLASS_STYLE[0]["marker"] == "o" and plots.CLASS_STYLE[1]["marker"] == "s"
    )  # circles, squares


def test_the_decision_line_sliders_suit_a_weight_and_are_wide_enough_to_set_it():
    explorer = widgets.decision_line_explorer(X_BINARY, np.array([0.0, 1.0, 1.0, 0.0]))
    for slider in explorer.widget.children[:3]:
        assert (slider.min, slider.max, slider.step) == (-3.0, 3.0, 0.1)
        assert slider.layout.width == widgets.SLIDER_WIDTH
        positions = round((slider.max - slider.min) / slider.step)
        assert int(widgets.SLIDER_WIDTH.removesuffix("px")) / positions >= 5, (
            "at least 5 pixels per step"
        )


def test_the_neuron_explorer_names_its_targets_and_draws_a_colour_bar():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 2))
    explorer = widgets.neuron_explorer(X, (X[:, 0] > 0).astype(float))
    figure = plt.gcf()
    surface, colour_bar = figure.axes
    assert [t.get_text() for t in surface.get_legend().get_texts()] == ["target 0", "target 1"]
    assert colour_bar.get_ylabel().startswith("output")
    w1 = explorer.widget.children[0]
    assert (w1.description, w1.min, w1.max, w1.step) == ("w1", -5.0, 5.0, 0.1)
    assert w1.layout.width == widgets.SLIDER_WIDTH


def test_output_surfaces_side_by_side_share_one_colour_bar_with_readable_ticks():
    models = {
        "a neuron": lambda P: 1 / (1 + np.exp(-P[:, 0])),
        "its mirror": lambda P: 1 / (1 + np.exp(P[:, 0])),
    }
    figure = plots.plot_output_surfaces(
        models, X_BINARY, np.array([0, 1, 1, 0]), points_on=[1], labels=("target 0", "target 1")
    )
    *panels, colour_bar = figure.axes
    assert [ax.get_title() for ax in panels] == ["a neuron", "its mirror"]
    assert colour_bar.get_ylabel().startswith("output")
    for ax in panels:
        assert min(label.get_fontsize() for label in ax.get_xticklabels()) >= 11
    assert panels[0].get_legend() is None
    assert [t.get_text() for t in panels[1].get_legend().get_texts()] == ["target 0", "target 1"]


def test_an_optimizer_path_legend_names_the_start_and_the_last_step():
    ax = plots.plot_contours(lambda w: w[0] ** 2 + w[1] ** 2, (-2, 2), (-2, 2))
    plots.plot_paths({"SGD": [[1.0, 1.0], [0.5, 0.5], [0.2, 0.2]]}, ax=ax)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["SGD", "start", "last step"]


def test_the_hidden_units_explorer_draws_once_without_a_live_kernel_adding_units_in_pairs():
    x = np.linspace(0, 1, 50)

    def network_for(n_hidden):
        bumps = np.column_stack([np.full_like(x, 1 / n_hidden)] * (n_hidden // 2))
        return bumps, bumps.sum(axis=1)

    explorer = widgets.hidden_units_explorer(x, np.full_like(x, 0.5), network_for, units=6)
    slider = explorer.widget.children[0]
    assert (slider.description, slider.min, slider.step, slider.value) == ("hidden units", 2, 2, 6)
    ax = plt.gcf().axes[0]
    assert ax.get_title() == "6 hidden units: mean error 0.000"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "one bump: a pair of hidden units",
        "the curve",
        "the network: the bumps' sum",
    ]


def open_backprop_explorer():
    """The backprop explorer on XOR with a small sigmoid 2-3-1 network (its figure is current)."""
    rng = np.random.default_rng(1)
    params = [
        (rng.uniform(-1, 1, (2, 3)), rng.uniform(-1, 1, 3)),
        (rng.uniform(-1, 1, (3, 1)), rng.uniform(-1, 1, 1)),
    ]

    def forward(X, params):
        A, Z = [X], []
        for W, b in params:
            Z.append(A[-1] @ W + b)
            A.append(1 / (1 + np.exp(-Z[-1])))
        return A[-1], {"A": A, "Z": Z}

    def slope(z):
        return np.exp(-z) / (1 + np.exp(-z)) ** 2

    widgets.backprop_explorer(
        X_BINARY,
        np.array([[0.0], [1.0], [1.0], [0.0]]),
        params,
        forward,
        lambda A, Z, Y: (A - Y) * slope(Z),
        lambda d, W, Z: (d @ W.T) * slope(Z),
    )


def test_every_explorer_draws_headless():
    open_backprop_explorer()
    widgets.trajectory_explorer(
        lambda surface, lr: {"GD": [[1.0, 1.0], [1.0 - lr, 1.0 - lr]]},
        {"bowl": (lambda w: w[0] ** 2 + w[1] ** 2, (-2, 2), (-2, 2))},
        lr=0.1,
    )
    widgets.layer_norms_explorer(lambda depth, act, init: np.logspace(-3, 0, depth + 1), depth=3)
    assert len(plt.get_fignums()) == 3


def test_the_backprop_explorer_explains_its_colours_with_one_sign_convention():
    open_backprop_explorer()
    network, bars, colour_bar = plt.gcf().axes
    assert "error δ" in colour_bar.get_ylabel() and "red < 0 < blue" in colour_bar.get_ylabel()
    labels = [t.get_text() for t in network.get_legend().get_texts()]
    assert labels[:2] == ["weight > 0", "weight < 0"]
    # one map for weights and δs: a positive weight is drawn in the colour the bar gives δ > 0
    assert any(line.get_color() == tuple(plots.sign_colour(0.8, 1.0)) for line in network.lines)
    assert plots.SIGN_CMAP in [c.get_cmap().name for c in colour_bar.collections]
    assert plots.sign_colour(1.0, 1.0)[2] > plots.sign_colour(1.0, 1.0)[0], "positive is blue"


def test_a_number_on_a_dark_neuron_is_written_in_white():
    params = [(np.array([[1.0]]), np.array([0.0]))]
    ax = plots.plot_network_deltas(
        params, [np.array([[0.5]]), np.array([[0.9]])], {1: np.array([[1.0]])}
    )
    numbers = {t.get_text(): t.get_color() for t in ax.texts}
    assert numbers["0.9"] == "white" and numbers["0.5"] == "black"
    assert plots.text_colour(plots.sign_colour(-1.0, 1.0)) == "white"
    assert plots.text_colour(plots.sign_colour(0.05, 1.0)) == "black"


# ----------------------------------------------------------------------------- without colour
# Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation of Color
# Vision Deficiency", severity 1.0: what a dichromat sees, as a matrix on linear RGB.
DICHROMACY = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}
# CIE76 colour difference in CIELAB: about 2.3 is just noticeable; two lines of a figure need
# far more. matplotlib's default tab10 falls to 4.6 (protanopia, orange and green).
DISTINGUISHABLE = 15.0


def linear_rgb(colour):
    c = np.asarray(to_rgb(colour))
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def cielab(linear):
    """CIELAB (D65) of a linear-RGB colour."""
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    x, y, z = (xyz @ linear) / np.array([0.95047, 1.0, 1.08883])
    f = [np.cbrt(t) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29 for t in (x, y, z)]
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def closest_pair(colours, deficiency):
    """(distance, colour, colour): the two colours that look most alike to a dichromat."""
    seen = {
        c: cielab(np.clip(np.array(DICHROMACY[deficiency]) @ linear_rgb(c), 0, 1)) for c in colours
    }
    return min(
        (float(np.linalg.norm(seen[a] - seen[b])), a, b) for a, b in itertools.combinations(seen, 2)
    )


@pytest.mark.parametrize("deficiency", sorted(DICHROMACY))
def test_the_palette_stays_distinguishable_with_colour_blindness(deficiency):
    distance, a, b = closest_pair(plots.PALETTE, deficiency)
    assert distance > DISTINGUISHABLE, f"{a} and {b} look alike with {deficiency}: {distance:.1f}"
    default = [f"tab:{c}" for c in ("blue", "orange", "green", "red", "purple", "brown")]
    if deficiency != "tritanopia":  # the simulation tells: matplotlib's own colours fail it
        assert closest_pair(default, deficiency)[0] < DISTINGUISHABLE


def series(ax):
    """The labelled lines and point sets of an axis: (label, colour, marker, line style)."""
    found = []
    for line in ax.lines:
        if not line.get_label().startswith("_"):
            found.append(
                (
                    line.get_label(),
                    to_rgb(line.get_color()),
                    line.get_marker(),
                    line.get_linestyle(),
                )
            )
    for points in ax.collections:
        if not points.get_label().startswith("_") and len(points.get_offsets()):
            marker = points.get_paths()[0].vertices.round(3).tobytes()  # its marker's shape
            found.append((points.get_label(), tuple(points.get_facecolor()[0][:3]), marker, ""))
    return found


def figure_of_classes():
    ax = plots.binary_square()
    plots.plot_points(X_BINARY, np.array([0, 1, 1, 0]), ax=ax, legend=True)
    return ax


def figure_of_curves():
    ax = None
    for k in range(4):
        ax = plots.plot_curve(np.exp(-np.arange(50) / (k + 2)), ax=ax, logy=True, label=f"run {k}")
    return ax


def figure_of_paths():
    ax = plots.plot_contours(lambda w: w[0] ** 2 + 5 * w[1] ** 2, (-2, 2), (-2, 2))
    start = np.array([1.5, 1.5])
    paths = {
        name: [start * (1 - r) ** t for t in range(10)]
        for name, r in (("SGD", 0.1), ("momentum", 0.2), ("RMSprop", 0.3), ("Adam", 0.4))
    }
    return plots.plot_paths(paths, ax=ax)


def figure_of_layer_norms():
    ax = None
    for k, act in enumerate(("sigmoid", "tanh", "relu", "leaky_relu")):
        ax = plots.plot_layer_norms(np.logspace(-k - 1, 0, 9), ax=ax, label=act)
    return ax


def figure_of_weights():
    rng = np.random.default_rng(3)
    params = [(rng.normal(size=(2, 3)), np.zeros(3)), (rng.normal(size=(3, 1)), np.zeros(1))]
    return plots.plot_network_deltas(params, deltas={2: np.array([[0.3]])})


def figure_of_bumps():
    x = np.linspace(0, 1, 50)
    bumps = np.column_stack([np.exp(-(((x - m) / 0.1) ** 2)) for m in (0.25, 0.5, 0.75)])
    return plots.plot_bump_sum(x, np.sin(np.pi * x), bumps, bumps.sum(axis=1))


FIGURES = {
    "classes": figure_of_classes,
    "curves": figure_of_curves,
    "optimizer paths": figure_of_paths,
    "layer norms": figure_of_layer_norms,
    "weights": figure_of_weights,
    "bumps": figure_of_bumps,
}


@pytest.mark.parametrize("name", FIGURES)
def test_every_series_of_a_figure_differs_in_more_than_colour(name, tmp_path):
    ax = FIGURES[name]()
    png = tmp_path / f"{name}.png"
    ax.figure.savefig(png, dpi=80)
    assert plt.imread(png).shape[0] > 100  # it renders
    drawn = series(ax) if name != "weights" else series_of_the_legend(ax)
    assert len(drawn) >= 2, drawn
    shapes = [(marker, linestyle) for _, _, marker, linestyle in drawn]
    assert len(set(shapes)) == len(shapes), f"{name}: series told apart by colour only: {drawn}"
    # black and grey explain (start, last step) and differ in shape: the series' colours must differ
    colours = {colour for _, colour, _, _ in drawn if len(set(colour)) > 1}
    for deficiency in ("protanopia", "deuteranopia"):
        if len(colours) > 1:
            distance, a, b = closest_pair(sorted(colours), deficiency)
            assert distance > DISTINGUISHABLE, (name, deficiency, a, b, distance)


def series_of_the_legend(ax):
    """The weights' legend entries that are lines: (label, colour, marker, line style)."""
    return [
        (h.get_label(), to_rgb(h.get_color()), h.get_marker(), h.get_linestyle())
        for h in ax.get_legend().legend_handles
        if h.get_label().startswith("weight")
    ]


def test_a_negative_weight_is_dashed_as_well_as_red():
    ax = figure_of_weights()
    params_lines = [line for line in ax.lines if line.get_label().startswith("_")]
    styles = {line.get_linestyle() for line in params_lines}
    assert styles == {"-", "--"}, styles


def test_a_notebooks_own_lines_get_the_palette_and_a_line_style_each():
    _, ax = plt.subplots()
    lines = [ax.plot([0, 1], [k, k + 1])[0] for k in range(len(plots.PALETTE))]
    assert [line.get_color() for line in lines] == list(plots.PALETTE)
    assert [line.get_linestyle() for line in lines[:4]] == ["-", "--", ":", "-."]
    assert len(set(map(str, plots.LINESTYLES))) == len(plots.PALETTE)  # then dash patterns
