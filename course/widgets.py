"""Interactive explorers built with ipywidgets.

Each explorer draws its figure once when it is displayed, so a notebook executed headless
(nbconvert, nbgrader) still shows a picture; the sliders only matter in a live JupyterLab.
"""

import matplotlib.pyplot as plt
import numpy as np

from . import plots


def decision_line_explorer(X, y, w1=1.0, w2=1.0, b=-0.5, predict=None):
    """Sliders for w1, w2 and b move a perceptron's line over 2-D points; the title counts errors.

    `predict(X, w, b)` is the student's perceptron; by default the step of X @ w + b.
    """
    from ipywidgets import FloatSlider, interact

    if predict is None:
        def predict(X, w, b):
            return np.where(X @ w + b >= 0, 1.0, 0.0)

    def draw(w1, w2, b):
        w = np.array([w1, w2])
        errors = int(np.sum(predict(X, w, b) != y))
        ax = plots.binary_square()
        plots.plot_points(X, y, ax=ax)
        plots.plot_decision_line(w, b, ax=ax)
        ax.set_title(f"w = ({w1:.2f}, {w2:.2f}), b = {b:.2f}: {errors} error(s)")
        plt.show()

    def slider(value, description):
        return FloatSlider(value=value, min=-2.0, max=2.0, step=0.05, description=description,
                           continuous_update=False)

    return interact(draw, w1=slider(w1, "w1"), w2=slider(w2, "w2"), b=slider(b, "b"))
