"""nbgrader settings of every user's server on the course hub (hub/jupyterhub_config.py puts
this folder on JUPYTER_CONFIG_PATH). The instructor's server also loads the course's own
assignments/nbgrader_config.py, which takes the exchange from the same variable."""

import os

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

c.CourseDirectory.course_id = "alliance_dilemmas"
c.Exchange.root = os.environ.get("COURSE_EXCHANGE_ROOT") or "/srv/nbgrader/exchange"
# which courses a user takes is read from the hub's groups nbgrader-<course> / formgrade-<course>
c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"
# a submission in the exchange is readable by its student and the instructors, not by other
# students (nbgrader's own submit leaves it world-readable under a hard-to-guess name)
c.ExchangeFactory.submit = "course_lib.grading.exchange.PrivateSubmit"
