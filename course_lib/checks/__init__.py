"""Self-study checks: one module of questions per lesson, built on :mod:`course_lib.checks.core`."""

from course_lib.checks.core import Feedback, MultipleChoice, Numeric, Question, quiz  # noqa: F401
