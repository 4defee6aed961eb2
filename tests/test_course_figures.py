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


@pytest.mark.parametrize("w, b, shaded", [
    ((1.0, 1.0), -0.5, True),    # an oblique line
    ((1.0, 0.0), -0.5, True),    # a vertical line
    ((0.0, 0.0), 1.0, True),     # no line: everything is class 1
    ((0.0, 0.0), -1.0, False),   # no line: nothing is class 1
])
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
