"""nbgrader settings of an instructor's server on the course hub: the course the formgrader manages.

JupyterHub starts every server in the user's home, and the formgrader reads the course's
config from its working directory; this file loads the course's own config instead
(``COURSE_HUB_COURSE_DIR``, set per instructor by hub/jupyterhub_config.py)."""

import os

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

course = os.environ.get("COURSE_HUB_COURSE_DIR")
if course:
    c.CourseDirectory.root = course
    load_subconfig(os.path.join(course, "nbgrader_config.py"))  # noqa: F821 - traitlets, as get_config
