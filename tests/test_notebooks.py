"""Every lesson runs top to bottom on a fresh kernel, and every committed notebook is stored clean."""

from __future__ import annotations

import ast
import importlib
import json
import re

import nbformat
import pytest

from course_support import COURSE, LESSONS, NOTEBOOKS, ROOT, notebook_client

ALL_STORED = sorted(NOTEBOOKS.glob("*.ipynb")) + sorted((COURSE / "source").glob("*/*.ipynb"))


def test_there_are_lessons():
    assert (NOTEBOOKS / "00_start_here.ipynb").exists()
    assert len(LESSONS) >= 1


@pytest.mark.notebook
@pytest.mark.parametrize(
    "path", [NOTEBOOKS / "00_start_here.ipynb", *LESSONS], ids=lambda p: p.name
)
def test_lesson_executes_on_fresh_kernel(path):
    nb = nbformat.read(path, as_version=4)
    client = notebook_client(nb, path.parent, timeout=300)
    client.execute()  # raises CellExecutionError on the first failing cell
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert not errors


@pytest.mark.parametrize("path", ALL_STORED, ids=lambda p: str(p.relative_to(ROOT)))
def test_stored_without_outputs(path):
    raw = json.loads(path.read_text())
    for cell in raw["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name}: a code cell carries outputs"
            assert cell.get("execution_count") is None, (
                f"{path.name}: a code cell has an execution count"
            )
    assert "widgets" not in raw.get("metadata", {}), f"{path.name}: stored widget state in metadata"


@pytest.mark.parametrize("path", ALL_STORED, ids=lambda p: str(p.relative_to(ROOT)))
def test_markdown_dollar_signs_only_delimit_maths(path):
    """A currency '$' in prose opens a maths span in JupyterLab and garbles the rest of the cell.

    Outside display maths, every cell has an even number of '$' and no escaped '\\$' (JupyterLab
    does not honour the escape inside tables): write 'USD 314 bn' or 'US dollars' instead.
    """
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        prose = re.sub(r"\$\$.*?\$\$", "", cell.source, flags=re.S)
        assert "\\$" not in prose, f"{path.name} cell {i}: escaped dollar in prose"
        assert prose.count("$") % 2 == 0, f"{path.name} cell {i}: unpaired '$' (currency?)"


# ------------------------------------------------------------------ one import cell, one quiz entry
def _code_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def _bindings(tree):
    """(bound name, what it names) for every import in a parsed cell: 'plots' -> 'course_lib.plots.x'."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield (a.asname or a.name.split(".")[0]), a.name
        elif isinstance(node, ast.ImportFrom):
            for a in node.names:
                yield (a.asname or a.name), f"{node.module}.{a.name}"


_ALL_LESSONS = [NOTEBOOKS / "00_start_here.ipynb", *LESSONS]


@pytest.mark.parametrize("path", _ALL_LESSONS, ids=lambda p: p.name)
def test_only_the_first_code_cell_imports(path):
    cells = _code_cells(path)
    late = [
        i
        for i, c in enumerate(cells[1:], start=2)
        if any(True for _ in _bindings(ast.parse(c.source)))
    ]
    assert not late, (
        f"{path.name}: code cells {late} import; every import belongs in the first code cell"
    )
    assert any(True for _ in _bindings(ast.parse(cells[0].source))), (
        f"{path.name}: the first code cell imports nothing"
    )


def test_aliases_agree_across_lessons():
    """The same module has the same name in every lesson; a lesson's plots are `plots`, its quiz `checks`."""
    names: dict[str, set[tuple[str, str]]] = {}
    for path in _ALL_LESSONS:
        for cell in _code_cells(path):
            for name, target in _bindings(ast.parse(cell.source)):
                names.setdefault(target, set()).add((name, path.name))
                if target.startswith(("course_lib.plots.", "course_lib.checks.")):
                    want = target.split(".")[1]
                    assert name == want, (
                        f"{path.name}: {target} is imported as {name!r}, not {want!r}"
                    )
    clashes = {t: sorted(u) for t, u in names.items() if len({n for n, _ in u}) > 1}
    assert not clashes, f"one module, several names across lessons: {clashes}"


@pytest.mark.parametrize("path", _ALL_LESSONS, ids=lambda p: p.name)
def test_every_lesson_ends_with_its_checks_quiz(path):
    """The self-check is the last code cell, `checks.quiz()`, with `checks` a course_lib.checks module."""
    cells = _code_cells(path)
    assert cells[-1].source.strip() == "checks.quiz()", (
        f"{path.name}: the last code cell is not checks.quiz()"
    )
    targets = dict(_bindings(ast.parse(cells[0].source)))
    assert targets.get("checks", "").startswith("course_lib.checks."), (
        f"{path.name}: `checks` is not a checks module"
    )
    module = importlib.import_module(targets["checks"])
    assert callable(module.questions) and callable(module.quiz)
    box = module.quiz()
    assert len(box.children) == len(module.questions()) >= 1
