"""Instructor side of the course: reference solutions, hidden-test checks, the nbgrader pipeline.

Students never need this package; release notebooks do not import it.
"""
