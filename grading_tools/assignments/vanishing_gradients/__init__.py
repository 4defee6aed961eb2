"""Everything the grader knows of the assignment NN_vanishing_gradients: the reference
solutions, the mistakes students make, and the hidden cases with their specs."""
