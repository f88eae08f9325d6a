"""The nbgrader configuration the grading cycle runs with: the course's own file plus the course's guards.

:func:`course_config` loads ``<course>/nbgrader_config.py`` exactly as nbgrader does and
:func:`harden` adds, idempotently:

* ``Autograde.autograde_preprocessors``: nbgrader's list with ``Execute`` replaced by
  :class:`~course_lib.grading.execute.GuardedExecute` (output capped while it streams,
  kernels started through the sandbox launcher);
* ``GenerateFeedback.preprocessors``: nbgrader's list with
  :class:`~course_lib.grading.feedback.HideHiddenTests` first, unless hidden tests are
  to be shown.

The same call can go into ``nbgrader_config.py`` so that the formgrader's own buttons
grade and write feedback the same way (see docs/instructors.md)::

    from course_lib.grading.config import harden
    harden(c)
"""

from __future__ import annotations

from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

CONFIG_FILE = "nbgrader_config.py"


def course_config(course: Path) -> Config:
    """The course's nbgrader configuration, with ``CourseDirectory.root`` set to ``course``."""
    course = Path(course).resolve()
    if not (course / CONFIG_FILE).exists():
        raise FileNotFoundError(f"course: no {CONFIG_FILE} in {course}")
    cfg = PyFileConfigLoader(CONFIG_FILE, path=str(course)).load_config()
    cfg.CourseDirectory.root = str(course)
    return cfg


def _trait_default(cls, name):
    return list(cls.class_traits()[name].default())


def harden(c: Config, hide_hidden_tests: bool = True) -> Config:
    """Put the course's grading guards into an nbgrader config (in place; safe to call twice)."""
    from nbgrader.converters import Autograde, GenerateFeedback
    from nbgrader.preprocessors import Execute

    from .execute import GuardedExecute
    from .feedback import HideHiddenTests

    auto = c.Autograde.get("autograde_preprocessors") or _trait_default(
        Autograde, "autograde_preprocessors"
    )
    c.Autograde.autograde_preprocessors = [
        GuardedExecute if (p is Execute or p == "nbgrader.preprocessors.Execute") else p
        for p in auto
    ]

    feedback = c.GenerateFeedback.get("preprocessors") or _trait_default(
        GenerateFeedback, "preprocessors"
    )
    feedback = [p for p in feedback if p is not HideHiddenTests]
    if hide_hidden_tests:
        feedback = [HideHiddenTests, *feedback]
    c.GenerateFeedback.preprocessors = feedback
    return c
