"""Alliance Dilemmas: models, data, plots, explorers, self-checks and grading for the course."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("course_lib")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
