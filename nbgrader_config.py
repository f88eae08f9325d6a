"""Lets nbgrader and the JupyterLab formgrader run from the repository root: the course lives in assignments/."""

import os

c = get_config()  # noqa: F821
c.CourseDirectory.root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "assignments")
load_subconfig(os.path.join(c.CourseDirectory.root, "nbgrader_config.py"))  # noqa: F821
