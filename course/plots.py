"""The course's figures, drawn with matplotlib. Each function draws on an axis and returns it."""

import matplotlib.pyplot as plt
import numpy as np

CLASS_STYLE = {0: dict(marker="o", color="tab:blue", label="class 0"),
               1: dict(marker="s", color="tab:orange", label="class 1")}


def _axis(ax):
    return ax if ax is not None else plt.subplots(figsize=(4, 4))[1]


def plot_points(X, y, ax=None, size=90):
    """Scatter 2-D points coloured and shaped by their 0/1 label."""
    ax = _axis(ax)
    for label, style in CLASS_STYLE.items():
        rows = np.asarray(y) == label
        ax.scatter(X[rows, 0], X[rows, 1], s=size, edgecolor="black", zorder=3, **style)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


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
            ax.fill_between(xs, line, y_hi if w2 > 0 else y_lo, color="tab:orange", alpha=0.15, lw=0)
    elif w1 != 0:  # a vertical line x1 = -b / w1; the output is 1 on its right when w1 > 0
        x0 = -b / w1
        ax.plot([x0, x0], [y_lo, y_hi], **style)
        if shade:
            ax.fill_betweenx([y_lo, y_hi], x0, x_hi if w1 > 0 else x_lo, color="tab:orange", alpha=0.15, lw=0)
    elif shade and b >= 0:  # w = 0: no line, the output is 1 everywhere or nowhere
        ax.fill_between([x_lo, x_hi], y_lo, y_hi, color="tab:orange", alpha=0.15, lw=0)
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
