"""JupyterHub for the Alliance Dilemmas course on one machine (``make hub``; ``tests/test_hub.py``).

Every person is a real local account: PAM checks their password (``PAMAuthenticator``)
and ``LocalProcessSpawner`` starts their JupyterLab *as that account*. nbgrader names a
student by their OS user, so one account per student is what keeps the students apart.

* instructors (``COURSE_HUB_INSTRUCTORS``) are hub admins, in the group
  ``formgrade-<course>``; their server starts in the nbgrader course folder
  (``COURSE_HUB_COURSE_DIR``) with the formgrader, and may be framed by JupyterLab (the
  formgrader tab is an iframe, which JupyterHub >= 4.1 forbids by default);
* students (``COURSE_HUB_STUDENTS``) are in the group ``nbgrader-<course>``; their server
  starts in their home, has the Assignments tab but no formgrader;
* release, fetch, submit, collect and feedback go through nbgrader's exchange, a folder
  every account can reach (``COURSE_EXCHANGE_ROOT``, default ``/srv/nbgrader/exchange``).

All settings come from the environment (the Makefile's ``hub`` target sets them):

==========================  ==============================================================
``COURSE_HUB_INSTRUCTORS``  instructors' user names, comma or space separated
``COURSE_HUB_STUDENTS``     students' user names
``COURSE_HUB_COURSE_DIR``   the nbgrader course root (default: the repository's assignments/)
``COURSE_EXCHANGE_ROOT``    nbgrader's exchange (default /srv/nbgrader/exchange)
``COURSE_HUB_IP``           address students connect to (default 127.0.0.1; 0.0.0.0 for a room)
``COURSE_HUB_PORT``         its port (default 8000); the hub uses +1, the proxy's API +2
``COURSE_HUB_STATE``        the hub's database, cookie secret, proxy pid (default hub/run/)
==========================  ==============================================================

docs/instructors.md ("A JupyterHub for the class") explains what changes on The Littlest
JupyterHub and on Zero to JupyterHub (Kubernetes).
"""

import os
import re
import stat
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by traitlets when JupyterHub loads this file

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
COURSE_ID = "alliance_dilemmas"  # as in assignments/nbgrader_config.py
#: the course venv's bin: the hub runs from it, and so does every user's server
VENV_BIN = Path(sys.executable).parent


def _names(var: str) -> list[str]:
    return [name for name in re.split(r"[,\s]+", os.environ.get(var, "")) if name]


instructors = _names("COURSE_HUB_INSTRUCTORS")
students = _names("COURSE_HUB_STUDENTS")
if not instructors:
    raise SystemExit(
        "hub/jupyterhub_config.py: COURSE_HUB_INSTRUCTORS is empty: "
        "name at least one instructor (make hub INSTRUCTORS=... STUDENTS=...)"
    )
both = sorted(set(instructors) & set(students))
if both:
    raise SystemExit(f"hub/jupyterhub_config.py: {both} listed as instructor and as student")

course_dir = Path(os.environ.get("COURSE_HUB_COURSE_DIR") or ROOT / "assignments").resolve()
exchange = Path(os.environ.get("COURSE_EXCHANGE_ROOT") or "/srv/nbgrader/exchange")
state = Path(os.environ.get("COURSE_HUB_STATE") or HERE / "run")
ip = os.environ.get("COURSE_HUB_IP") or "127.0.0.1"
port = int(os.environ.get("COURSE_HUB_PORT") or 8000)

# The exchange: everyone may create entries, nobody may delete another's (the sticky bit,
# as /tmp); nbgrader itself sets the rights inside (inbound cannot be listed by students).
state.mkdir(parents=True, exist_ok=True)
os.chmod(state, 0o700)
exchange.mkdir(parents=True, exist_ok=True)
os.chmod(exchange, 0o777 | stat.S_ISVTX)

# --------------------------------------------------------------------------- the hub

c.JupyterHub.ip = ip
c.JupyterHub.port = port
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = port + 1
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")

# configurable-http-proxy from npm, installed in hub/node_modules (npm ci --prefix hub)
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port + 2}"
c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")

# --------------------------------------------------------------------------- who may log in

c.JupyterHub.authenticator_class = "pam"  # the machine's own accounts and passwords
c.Authenticator.allowed_users = set(instructors) | set(students)
c.Authenticator.admin_users = set(instructors)
# nbgrader's JupyterHubAuthPlugin reads these groups to tell who takes which course;
# one pair per course on a hub that serves several (docs/instructors.md)
c.JupyterHub.load_groups = {
    f"formgrade-{COURSE_ID}": {"users": instructors},
    f"nbgrader-{COURSE_ID}": {"users": students},
}

# --------------------------------------------------------------------------- their servers

c.JupyterHub.spawner_class = "localprocess"  # each user's server runs as that OS user
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120
# the server's own token may also read the user's groups (nbgrader's JupyterHubAuthPlugin)
c.Spawner.server_token_scopes = [
    "users:activity!user",
    "access:servers!server",
    "read:users:name!user",
    "read:users:groups!user",
]
c.Spawner.environment = {
    "PATH": os.pathsep.join([str(VENV_BIN), "/usr/local/bin", "/usr/bin", "/bin"]),
    # hub/jupyter/: the nbgrader settings of every user's server (the role's folder is added below)
    "JUPYTER_CONFIG_PATH": str(HERE / "jupyter"),
    "COURSE_EXCHANGE_ROOT": str(exchange),
}


def _per_role(spawner) -> None:
    """Instructors start in the course with the formgrader; students in their home, without it."""
    role = "instructor" if spawner.user.name in instructors else "student"
    # hub/jupyter/instructor/: the formgrader may be framed (JupyterHub >= 4.1 forbids it by
    # default, and JupyterLab shows the formgrader in an iframe: the tab would stay blank);
    # hub/jupyter/student/: no formgrader
    spawner.environment = {
        **spawner.environment,
        "JUPYTER_CONFIG_PATH": os.pathsep.join(
            [str(HERE / "jupyter" / role), str(HERE / "jupyter")]
        ),
    }
    if role == "instructor":
        # hub/jupyter/instructor/nbgrader_config.py loads this course's config for the formgrader
        spawner.environment["COURSE_HUB_COURSE_DIR"] = str(course_dir)
        spawner.notebook_dir = str(course_dir)
        spawner.default_url = "/lab"
    else:
        spawner.notebook_dir = "~"


c.Spawner.pre_spawn_hook = _per_role
