"""A number one notebook quotes from another is the number the reference gives where it is
measured: 02 quotes 06's first-to-last gradient ratio of a deep sigmoid network."""

import numpy as np

from grading_tools import notebooks
from grading_tools.assignments.sigmoid_networks import reference as sigmoid_networks
from grading_tools.assignments.vanishing_gradients import reference as vanishing_gradients
from tests.support import ROOT


def text_of(assignment):
    notebook = notebooks.read(notebooks.source_notebook(ROOT, assignment))
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def sigmoid_first_to_last_ratio():
    """06's section 6 with the reference: 2 inputs, 8 hidden layers of 16 sigmoid units, 1 output,
    200 points labelled by a circle; the geometric mean over 5 initializations of the first
    layer's weight-gradient norm divided by the last layer's."""
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(200, 2))
    Y = (np.sum(X**2, axis=1) < 2 / np.pi).astype(float)[:, None]
    logs = []
    for seed in range(5):
        params = sigmoid_networks.init_params([2] + [16] * 8 + [1], np.random.default_rng(seed))
        _, cache = vanishing_gradients.forward_act(X, params, "sigmoid")
        grads = vanishing_gradients.backward_act(Y, params, cache, "sigmoid")
        logs.append(np.log(vanishing_gradients.layer_grad_norms(grads)))
    norms = np.exp(np.mean(logs, axis=0))
    return norms[0] / norms[-1]


def test_02_quotes_the_gradient_ratio_06_measures_and_calls_it_several_thousand_times():
    ratio = sigmoid_first_to_last_ratio()
    mantissa, exponent = f"{ratio:.1e}".split("e")
    assert f"about {mantissa}e{int(exponent)} times the gradient of its last" in text_of(
        "06_vanishing_gradients"
    )
    quoted = f"about ${mantissa} \\cdot 10^{{{int(exponent)}}}$ times the"
    assert quoted in text_of("02_sigmoid_networks").replace("\n> ", " ")
    assert 2_000 < 1 / ratio < 10_000, "02 says 'several thousand times less'"
