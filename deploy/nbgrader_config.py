"""nbgrader's configuration for every user of the course's JupyterHub (the hub puts this folder on
JUPYTER_CONFIG_PATH; without the hub, copy it to /etc/jupyter/nbgrader_config.py).

Students need only the course and the exchange. An instructor's server (the hub sets
NN_COURSE_ROOT) also gets the course folder and its own nbgrader_config.py, so that the formgrader
grades, collects and writes feedback exactly as `python -m grading_tools` does there.
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = "nn-course"
# World-writable and sticky (chmod 1777): see deploy/README.md. With several courses on one
# exchange, also set c.Exchange.path_includes_course = True (everyone, every course).
c.Exchange.root = os.environ.get("NN_COURSE_EXCHANGE", "/srv/nbgrader/exchange")

course_root = os.environ.get("NN_COURSE_ROOT")
if course_root:  # the instructor: the formgrader's course folder, inside their server's root
    c.CourseDirectory.root = course_root
    load_subconfig(os.path.join(course_root, "nbgrader_config.py"))  # noqa: F821
