"""The course's figures and widgets draw headless (as when nbgrader or CI runs a notebook)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

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
