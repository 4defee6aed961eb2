"""Everything the grader knows of the assignment NN_optimizers: the reference
solutions, the mistakes students make, and the hidden cases with their specs."""
