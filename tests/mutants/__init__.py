"""The mutant catalogue (see catalogue.py); `python -m tests.mutants` prints its table."""
