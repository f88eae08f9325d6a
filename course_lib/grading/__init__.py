"""The instructor's grading cycle: ``python -m course_lib.grading`` (``make grade``).

One command takes the submissions (``assignments/submitted/`` or an LMS zip through
nbgrader's ``zip_collect``), autogrades them with nbgrader (serially, or in K worker
processes on a PostgreSQL gradebook), writes feedback without the hidden tests, exports
the grades to CSV with nbgrader's exporter and prints students × problem sets with every
problem found. See docs/instructors.md.

Modules: :mod:`.cycle` (the cycle, in order; it re-exports the names of its parts),
:mod:`.course` (finding the course, options, configuration, the records), :mod:`.collect`
(an LMS zip), :mod:`.worker` (grading in a worker process), :mod:`.summary` (grades CSV and
summary), :mod:`.config` (nbgrader config and the course's guards), :mod:`.execute`
(output cap, sandboxed kernels), :mod:`.sandbox` (the kernel launcher), :mod:`.feedback`
(hidden tests out of feedback), :mod:`.diagnose` (problems).
Submodules are imported lazily: the kernel launcher must start fast.
"""

__all__ = ["GradingError", "Options", "Report", "run"]


def __getattr__(name):
    if name in __all__:
        from . import cycle

        return getattr(cycle, name)
    raise AttributeError(name)
