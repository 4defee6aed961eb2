"""JupyterHub for the course on one shared server: one Unix account per person (deploy/README.md).

Every user's server is spawned as that Unix user (root starts the hub; LocalProcessSpawner drops
to the user), from the course's environment (the .venv this hub runs from). Instructors (the
user names in NN_COURSE_INSTRUCTORS) get the formgrader on the course folder NN_COURSE_ROOT;
everyone else is a student: the Assignment List and Validate, no instructor tools.
Start it as root from a folder of its own: `jupyterhub -f /path/to/deploy/jupyterhub_config.py`.
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by traitlets when JupyterHub loads this file)

HERE = Path(__file__).resolve().parent  # this folder: the Jupyter configuration users get
BIN = Path(sys.executable).parent  # the course's environment, which runs the hub
INSTRUCTORS = set(os.environ.get("NN_COURSE_INSTRUCTORS", "instructor").split(","))
COURSE_ROOT = os.environ.get("NN_COURSE_ROOT", "/home/instructor/nn-course")
EXCHANGE = os.environ.get("NN_COURSE_EXCHANGE", "/srv/nbgrader/exchange")

# Local only: put a TLS proxy (nginx, Caddy) in front, or set bind_url to https with a certificate.
c.JupyterHub.bind_url = "http://127.0.0.1:8000"
# Unix passwords (PAM); only members of the course's Unix group may log in.
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {"nn-course"}

# configurable-http-proxy from npm, installed by `make hub-proxy` into the environment.
proxy = BIN.parent / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [str(proxy) if proxy.exists() else "configurable-http-proxy"]

c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120  # seconds: a busy 2-core server starts slowly
c.Spawner.http_timeout = 120
c.Spawner.environment = {"NN_COURSE_EXCHANGE": EXCHANGE, "MPLBACKEND": "agg"}


def by_role(spawner):
    """Jupyter's configuration path by role: deploy/nbgrader_config.py for everyone, and the
    student's folder (instructor tools off, Validate's summary on) for students; instructors
    get the course folder, which deploy/nbgrader_config.py hands to the formgrader."""
    if spawner.user.name in INSTRUCTORS:
        paths, extra = [HERE], {"NN_COURSE_ROOT": COURSE_ROOT}
    else:
        paths, extra = [HERE / "student", HERE], {}
    config_path = {"JUPYTER_CONFIG_PATH": os.pathsep.join(map(str, paths))}
    spawner.environment = {**spawner.environment, **config_path, **extra}


c.Spawner.pre_spawn_hook = by_role
