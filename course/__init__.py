"""Student-side helpers for the neural-network course.

- `course.checks`: visible tests with messages that explain mistakes;
- `course.plots`: the course's figures (decision lines, cost curves, contours);
- `course.widgets`: interactive explorers (ipywidgets) that also run headless;
- `course.exercises`: `needs(...)`, which stops a figure cell politely until its exercises are done;
- `course.data`: the Pima Indians diabetes data, shipped with the package.
"""

__version__ = "0.1.0"
