"""Name what is wrong with a submission, so the summary can list every problem.

Two looks, both deterministic so a re-run of the cycle prints the same problems:

* :func:`submission_problems` reads the submitted files against the gradebook, before
  grading: missing, empty, unreadable or wrongly named notebooks, and graded or locked
  cells that were deleted or edited (nbgrader restores those from the gradebook:
  ``OverwriteCells`` and ``add_missing_cells``). A submitted test cell is compared with
  the *released* text of that cell (the gradebook's source minus the hidden tests).
* :func:`execution_problems` reads the autograded notebook: cells cut by the timeout,
  errors outside test cells, unanswered cells, output cut by the limits.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import ClearHiddenTests

from .execute import TRUNCATED

TIMEOUT_ENAMES = {"CellTimeoutError", "TimeoutError"}


def released_source(source: str) -> str:
    """The text students received for a cell: nbgrader's ClearHiddenTests applied to the source."""
    cell = NotebookNode(
        {
            "cell_type": "code",
            "source": source,
            "metadata": {},
            "outputs": [],
            "execution_count": None,
        }
    )
    ClearHiddenTests(enforce_metadata=False)._remove_hidden_test_region(cell)
    return cell.source


def expected_notebooks(gb: Gradebook, assignment: str) -> list[str]:
    return sorted(nb.name for nb in gb.find_assignment(assignment).notebooks)


def read_notebook(path: Path) -> tuple[NotebookNode | None, str | None]:
    """The notebook, or None and what is wrong with the file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"cannot read {path.name}: {exc.strerror}"
    if not raw.strip():
        return None, f"empty file {path.name}"
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        return None, f"invalid JSON in {path.name} ({str(exc)[:80]})"
    if not isinstance(data, dict) or "cells" not in data:
        return None, f"{path.name} is JSON but not a notebook"
    try:
        return nbformat.reads(raw.decode("utf-8"), as_version=4), None
    except Exception as exc:  # noqa: BLE001 - nbformat raises many types for malformed notebooks
        return None, f"{path.name} is not a valid notebook ({str(exc).splitlines()[0][:80]})"


def submission_problems(gb: Gradebook, assignment: str, folder: Path) -> list[str]:
    """Problems in the files of one submission folder (``submitted/<student>/<assignment>``)."""
    problems: list[str] = []
    expected = expected_notebooks(gb, assignment)
    present = sorted(p.name for p in folder.glob("*.ipynb"))
    unexpected = [name for name in present if name[:-6] not in expected]
    missing = [name for name in expected if f"{name}.ipynb" not in present]
    for name in missing:
        if unexpected:
            problems.append(
                f"wrongly named notebook {', '.join(unexpected)} "
                f"(expected {name}.ipynb): not graded, scored 0"
            )
        else:
            problems.append(f"no {name}.ipynb submitted: scored 0")
    if unexpected and not missing:
        problems.append(f"extra notebook {', '.join(unexpected)} ignored")
    for name in expected:
        path = folder / f"{name}.ipynb"
        if not path.exists():
            continue
        nb, trouble = read_notebook(path)
        if trouble:
            problems.append(f"{trouble}: not graded, scored 0")
            continue
        problems.extend(_cell_problems(gb, assignment, name, nb))
    return problems


def _cell_problems(gb: Gradebook, assignment: str, notebook: str, nb: NotebookNode) -> list[str]:
    problems = []
    try:
        db_nb = gb.find_notebook(notebook, assignment)
    except MissingEntry:
        return [f"{notebook} is not in the gradebook"]
    source_cells = {c.name: c for c in db_nb.source_cells}
    graded = {c.name: c for c in db_nb.grade_cells}
    seen = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        if grade_id:
            seen.setdefault(grade_id, cell)
    for name in graded:
        if name not in seen:
            problems.append(f"graded cell '{name}' deleted: restored from the gradebook")
    for name, cell in seen.items():
        src = source_cells.get(name)
        if src is None:
            problems.append(f"cell id '{name}' is not in the assignment: ignored")
            continue
        if cell.cell_type != src.cell_type:
            problems.append(f"cell '{name}' changed type: restored")
        if src.locked and cell.source != released_source(src.source):
            kind = "test cell" if name in graded else "locked cell"
            problems.append(f"{kind} '{name}' edited: restored from the gradebook")
        meta = cell.metadata.get("nbgrader", {})
        if name in graded and meta.get("points") is not None:
            try:
                changed = float(meta["points"]) != float(graded[name].max_score)
            except (TypeError, ValueError):
                changed = True
            if changed:
                problems.append(f"points of '{name}' changed: restored")
    return problems


def _cell_label(cell: NotebookNode, index: int) -> str:
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return f"'{grade_id}'" if grade_id else f"#{index + 1}"


def execution_problems(path: Path, timeout: int | None = None) -> list[str]:
    """Problems seen in an autograded notebook's outputs."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - whatever it is, name it
        return [f"autograded notebook unreadable ({exc})"]
    problems = []
    unanswered = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        label = _cell_label(cell, index)
        meta = cell.metadata.get("nbgrader", {})
        is_test = meta.get("grade") and not meta.get("solution")
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                ename = out.get("ename", "")
                if ename in TIMEOUT_ENAMES:
                    limit = f" after {timeout} s" if timeout else ""
                    problems.append(f"cell {label} cut by the timeout{limit}: scored 0")
                elif ename == "KeyboardInterrupt":
                    continue  # the interrupt that ended a timed-out cell
                elif ename == "NotImplementedError" and not is_test:
                    unanswered.append(label)
                elif not is_test:
                    problems.append(f"{ename} in cell {label}")
            elif kind == "stream":
                text = out.get("text", "")
                if "... Output truncated ..." in text or TRUNCATED.split(":")[0].strip() in text:
                    problems.append(f"output of cell {label} truncated")
    if unanswered:
        problems.append(f"unanswered: {', '.join(unanswered)}")
    return list(dict.fromkeys(problems))


def failure_reason(result: dict) -> str:
    """One line from an nbgrader API result that did not succeed."""
    text = "\n".join(str(result.get(k, "")) for k in ("log", "error"))
    if "kernel became unresponsive" in text or "UnresponsiveKernelError" in text:
        return "kernel unresponsive (could not be interrupted)"
    if "DeadKernelError" in text or "Kernel died" in text:
        return "kernel died while running the notebook"
    if "No notebooks found" in text:
        return "no gradable notebook in the submission"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"^[\w.]+(Error|Exception|Exit)\b", line)]
    return (errors[0] if errors else (lines[-1] if lines else "unknown error"))[:160]
