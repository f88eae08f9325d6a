"""What the class got wrong: per-task statistics from the gradebook, as a CSV and offline HTML pages.

nbgrader keeps a grade per student, problem set and graded cell, but shows no statistics
per question. :func:`write_report` reads the gradebook through nbgrader's own API
(``nbgrader.api.Gradebook``) and the autograded notebooks nbgrader wrote, and writes
under ``<course>/reports/``:

* ``task_scores.csv``: one row per student × problem set × graded cell, columns
  ``student, assignment, task, score, max_score`` (``score`` is empty for a written answer
  not graded by hand yet);
* ``<problem set>.html``: per task, the score distribution, the shares of full, partial and
  zero marks, the failing assertions grouped by their message (most common first) and the
  submission times;
* ``index.html``: the class across problem sets.

Every page is self-contained (plotly.js inlined): it opens offline, with no CDN. The pages
are for instructors. A failing assertion is quoted by its message only (``AssertionError:
<message>``), never by its source line or traceback, so no hidden-test code is reproduced;
an assertion without a message is reported as such, with the task it belongs to.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd

COLUMNS = ["student", "assignment", "task", "score", "max_score"]


@dataclass(frozen=True)
class Failure:
    student: str
    assignment: str
    task: str
    message: str
    hidden: (
        bool  # raised by a hidden test (students' feedback shows only that a hidden test failed)
    )


def task_scores(db_url: str, course_id: str) -> pd.DataFrame:
    """Every grade in the gradebook: one row per student × problem set × graded cell.

    ``score`` is the manual score where one was given, else the automatic one; it is missing
    (NaN) for a written answer nobody has graded yet.
    """
    from nbgrader.api import Gradebook

    rows = []
    with Gradebook(db_url, course_id) as gb:
        for assignment in gb.assignments:
            for sub in assignment.submissions:
                for nb in sub.notebooks:
                    for grade in nb.grades:
                        # nbgrader's ``Grade.score`` reads 0 for a written answer nobody has graded
                        # yet; the report keeps it apart ("to grade") instead
                        score = (
                            grade.manual_score
                            if grade.manual_score is not None
                            else grade.auto_score
                        )
                        rows.append(
                            (
                                sub.student.id,
                                assignment.name,
                                grade.name,
                                None if score is None else float(score),
                                float(grade.max_score),
                            )
                        )
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["score"] = table["score"].astype(float)
    return table.sort_values(["assignment", "student", "task"], ignore_index=True)


def submission_times(db_url: str, course_id: str) -> pd.DataFrame:
    """When each student submitted each problem set (``timestamp`` missing where nbgrader has none)."""
    from nbgrader.api import Gradebook

    rows = []
    with Gradebook(db_url, course_id) as gb:
        for assignment in gb.assignments:
            for sub in assignment.submissions:
                rows.append((sub.student.id, assignment.name, sub.timestamp))
    return pd.DataFrame(rows, columns=["student", "assignment", "timestamp"])


def _message(output: dict) -> str:
    ename = output.get("ename", "Error")
    evalue = str(output.get("evalue", "")).strip().splitlines()
    return f"{ename}: {evalue[0]}" if evalue and evalue[0] else f"{ename} (no message)"


def failures(autograded: Path, assignment: str) -> list[Failure]:
    """The error each failing test cell raised, from the notebooks nbgrader autograded.

    ``autograded`` is the course's ``autograded/`` folder (``<student>/<problem set>/*.ipynb``).
    A test cell is one nbgrader grades that is not a solution; its error is its first
    output of type ``error``.
    """
    out = []
    for path in sorted(Path(autograded).glob(f"*/{assignment}/*.ipynb")):
        student = path.parent.parent.name
        try:
            cells = nbformat.read(path, as_version=4).cells
        except (OSError, ValueError, KeyError, nbformat.reader.NotJSONError):
            continue
        for cell in cells:
            meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
            if not meta.get("grade") or meta.get("solution"):
                continue
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if errors:
                out.append(
                    Failure(
                        student,
                        assignment,
                        meta["grade_id"],
                        _message(errors[0]),
                        _raised_by_hidden_test(cell),
                    )
                )
    return out


def _raised_by_hidden_test(cell: dict) -> bool:
    """Whether the cell's error came from its hidden-test region: the feedback's own rule decides."""
    import copy

    from .feedback import HideHiddenTests

    node = copy.deepcopy(cell)
    hider = HideHiddenTests()
    scrubbed, _ = hider.preprocess_cell(node, {}, 0)
    errors = [o for o in scrubbed.get("outputs", []) if o.get("output_type") == "error"]
    return bool(errors) and errors[0].get("traceback", [""])[0].startswith(hider.note.split("{")[0])


def task_summary(scores: pd.DataFrame) -> pd.DataFrame:
    """Per task of one problem set: students graded, mean score, and shares with full, partial, zero marks.

    Written answers not yet graded by hand are left out of the shares and counted in ``to_grade``.
    """
    rows = []
    for task, group in scores.groupby("task", sort=False):
        graded = group.dropna(subset=["score"])
        n = len(graded)
        full = int((graded["score"] >= graded["max_score"]).sum()) if n else 0
        zero = int((graded["score"] <= 0).sum()) if n else 0
        rows.append(
            {
                "task": task,
                "max_score": float(group["max_score"].max()),
                "graded": n,
                "to_grade": int(group["score"].isna().sum()),
                "mean_score": float(graded["score"].mean()) if n else float("nan"),
                "full": full / n if n else float("nan"),
                "partial": (n - full - zero) / n if n else float("nan"),
                "zero": zero / n if n else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def misconceptions(found: list[Failure]) -> pd.DataFrame:
    """Failing assertions grouped by task and message, the most common first."""
    counts = Counter((f.task, f.message, f.hidden) for f in found)
    students = {
        key: sorted({f.student for f in found if (f.task, f.message, f.hidden) == key})
        for key in counts
    }
    rows = [
        {
            "task": t,
            "message": m,
            "test": "hidden" if h else "visible",
            "students": n,
            "who": ", ".join(students[(t, m, h)]),
        }
        for (t, m, h), n in counts.items()
    ]
    table = pd.DataFrame(rows, columns=["task", "message", "test", "students", "who"])
    return table.sort_values(
        ["students", "task", "message"], ascending=[False, True, True], ignore_index=True
    )


# --------------------------------------------------------------------------- the pages

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 1.5rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.7rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #555; font-size: 0.9rem; }
"""


def _page(title: str, body: list[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _figures_html(figures) -> list[str]:
    """The figures as HTML; plotly.js is inlined once, with the first (no CDN: the page opens offline)."""
    return [
        fig.to_html(full_html=False, include_plotlyjs=(i == 0), config={"displaylogo": False})
        for i, fig in enumerate(figures)
    ]


def _table(frame: pd.DataFrame, formats: dict | None = None) -> str:
    formats = formats or {}
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for c in frame.columns:
            value = row[c]
            if c in formats and pd.notna(value):
                cells.append(f'<td class="num">{formats[c](value)}</td>')
            else:
                cells.append(f"<td>{html.escape('' if pd.isna(value) else str(value))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def assignment_page(
    assignment: str, scores: pd.DataFrame, found: list[Failure], times: pd.DataFrame
) -> str:
    from course_lib.plots import grading_report as plots

    summary = task_summary(scores)
    wrong = misconceptions(found)
    figures = [
        plots.mark_shares(summary, assignment),
        plots.score_distributions(scores, assignment),
    ]
    stamped = times.dropna(subset=["timestamp"])
    if len(stamped):
        figures.append(plots.submission_times(stamped, assignment))
    parts = _figures_html(figures)
    n_students = scores["student"].nunique()
    body = [
        f"<h1>{html.escape(assignment)}: what the class got wrong</h1>",
        f"<p>{n_students} student(s) graded. Written answers not yet graded by hand are left out of "
        "the shares until they are.</p>",
        "<h2>Marks per task</h2>",
        _table(
            summary,
            {
                "max_score": "{:g}".format,
                "mean_score": "{:.2f}".format,
                "full": _pct,
                "partial": _pct,
                "zero": _pct,
            },
        ),
        parts[0],
        "<h2>Score distribution per task</h2>",
        parts[1],
        "<h2>Failing assertions, most common first</h2>",
        "<p class=\"note\">Each row is one message raised by a task's tests; the tests' code is not shown.</p>",
        _table(wrong) if len(wrong) else "<p>No test failed.</p>",
        "<h2>Submission times</h2>",
        parts[2]
        if len(parts) > 2
        else "<p>No submission times recorded (submissions were not collected "
        "through nbgrader's exchange or carry no timestamp).</p>",
    ]
    return _page(f"{assignment}: report", body)


def overview_page(scores: pd.DataFrame) -> str:
    from course_lib.plots import grading_report as plots

    totals = scores.groupby(["assignment", "student"], as_index=False).agg(
        score=("score", "sum"), max_score=("max_score", "sum")
    )
    totals["percent"] = 100 * totals["score"] / totals["max_score"]
    per_ps = totals.groupby("assignment", as_index=False).agg(
        students=("student", "nunique"),
        mean_percent=("percent", "mean"),
        median_percent=("percent", "median"),
    )
    links = "".join(
        f'<li><a href="{html.escape(a)}.html">{html.escape(a)}</a></li>'
        for a in per_ps["assignment"]
    )
    body = [
        "<h1>The class across problem sets</h1>",
        _table(per_ps, {"mean_percent": "{:.1f}".format, "median_percent": "{:.1f}".format}),
        *_figures_html([plots.class_overview(totals)]),
        f"<h2>Problem sets</h2><ul>{links}</ul>",
    ]
    return _page("Class overview", body)


def write_report(
    course: Path, db_url: str, course_id: str, autograded: Path | None = None
) -> list[Path]:
    """Write ``task_scores.csv``, one page per problem set and ``index.html`` under ``<course>/reports/``."""
    course = Path(course)
    autograded = Path(autograded) if autograded else course / "autograded"
    out_dir = course / "reports"
    out_dir.mkdir(parents=True, exist_ok=True)
    scores = task_scores(db_url, course_id)
    times = submission_times(db_url, course_id)
    written = [out_dir / "task_scores.csv"]
    scores.to_csv(written[0], index=False)
    for assignment, group in scores.groupby("assignment"):
        page = assignment_page(
            assignment,
            group,
            failures(autograded, assignment),
            times[times["assignment"] == assignment],
        )
        path = out_dir / f"{assignment}.html"
        path.write_text(page, encoding="utf-8")
        written.append(path)
    if len(scores):
        (out_dir / "index.html").write_text(overview_page(scores), encoding="utf-8")
        written.append(out_dir / "index.html")
    return written
