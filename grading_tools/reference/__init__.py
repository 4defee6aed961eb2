"""The reference solutions: one module per assignment, `<topic>.py` for assignment `NN_topic`.

The hidden tests compare each student function with the function of the same name in its
assignment's module (grading_tools.registry finds it). A module imports what it builds on from
earlier assignments' modules, as later notebooks reprint earlier solutions.
"""
