"""Every hidden-check spec by function name, gathered from one module per assignment."""

import importlib

# One module per assignment, named like its reference module; each defines SPECS.
ASSIGNMENT_MODULES = (
    "perceptron_xor",
    "sigmoid_networks",
    "chain_rule",
    "backprop",
    "termination",
    "vanishing_gradients",
    "optimizers",
    "pima_diabetes",
)

SPECS = {}
for _module in ASSIGNMENT_MODULES:
    for _spec in importlib.import_module(f"{__package__}.{_module}").SPECS:
        SPECS[_spec.name] = _spec
