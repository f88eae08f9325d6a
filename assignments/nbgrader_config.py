"""nbgrader configuration for the Alliance Dilemmas course (this folder is the course root)."""

import os

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

c.CourseDirectory.course_id = "alliance_dilemmas"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))

# On one machine the exchange (release/collect) lives in the course folder; on JupyterHub it
# is the shared exchange, which the hub passes in COURSE_EXCHANGE_ROOT (hub/jupyterhub_config.py;
# docs/instructors.md, "A JupyterHub for the class").
c.Exchange.root = os.environ.get("COURSE_EXCHANGE_ROOT") or os.path.join(c.CourseDirectory.root, "exchange")

# What students see where a solution was removed.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Student code runs with a time limit per cell, so one infinite loop cannot stall a batch.
c.ExecutePreprocessor.timeout = 60
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
# Huge outputs are cut before they reach the gradebook and feedback.
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100

# Restore graded and test cells from the gradebook, so an edited or deleted test earns nothing.
c.Autograde.create_student = True
c.OverwriteCells.add_missing_cells = True

# The course's guards (per-cell output cap, kernel sandbox, hidden tests kept out of feedback)
# also apply when grading from the formgrader's buttons, not only through `make grade`.
from course_lib.grading.config import harden  # noqa: E402

harden(c)

# Worked solutions for self-study (`make solutions` writes solutions/<ps>/): the source with the
# model answers, minus the hidden tests, stored without outputs like the release. nbgrader's own
# generate_solution keeps hidden tests and executes the notebook; the course drops both.
from nbgrader.preprocessors import (  # noqa: E402
    ClearHiddenTests,
    ClearMarkScheme,
    ClearOutput,
    IncludeHeaderFooter,
    LockCells,
)

c.CourseDirectory.solution_directory = "solutions"
c.GenerateSolution.preprocessors = [IncludeHeaderFooter, LockCells, ClearOutput, ClearMarkScheme, ClearHiddenTests]
