"""The course's plotly bundle: plotly.py's widget on a plotly.js with the course's trace types.

``js/build.mjs`` builds ``course_lib/plots/static/widgetbundle-course.js`` (``make bundle``);
:mod:`course_lib.plots.widget` serves it beside plotly's own bundle and a page draws every
figure whose traces it has with it, any other with plotly's. Checked here: the committed
bundle is the one its manifest describes, built for the installed plotly and the same
plotly.js as plotly's own bundle; it has every trace type the course draws; the choice
falls back to plotly's bundle whenever the course's cannot draw a figure or cannot be used.
(``tests/test_browser.py`` draws figures of both kinds in Chromium.)
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import warnings

import plotly
import plotly.graph_objects as go
import pytest
from plotly.basedatatypes import BaseTraceType
from test_figure_transport import _explorer_factories

from course_lib.plots import bundles
from course_lib.plots import widget as figure
from course_support import ROOT

MANIFEST = json.loads(bundles.COURSE_MANIFEST.read_text(encoding="utf-8"))
#: plotly.js's version module (src/version.js) as esbuild bundles it
PLOTLY_JS_VERSION = re.compile(r'"use strict";\w+\.version="([^"]+)"\}')


@pytest.fixture
def fresh_bundles():
    """Let a test change what :func:`bundles.available` sees; forget it afterwards."""
    bundles.available.cache_clear()
    yield
    bundles.available.cache_clear()


def test_the_committed_bundle_is_the_one_its_manifest_describes():
    data = bundles.COURSE_BUNDLE.read_bytes()
    assert MANIFEST["bytes"] == len(data)
    assert MANIFEST["sha256"] == hashlib.sha256(data).hexdigest()
    assert "scatter" in MANIFEST["traces"]  # plotly.js's core always has it


def test_the_bundle_is_built_for_the_installed_plotly():
    """The widget's front end must match the Python side: same plotly release. After an
    upgrade of plotly, rebuild with ``make bundle`` (and pin the new version in pyproject)."""
    assert MANIFEST["plotly"] == plotly.__version__, (
        f"widgetbundle-course.js was built for plotly {MANIFEST['plotly']}, "
        f"plotly {plotly.__version__} is installed: run `make bundle`"
    )
    assert "course" in bundles.available()


def test_the_bundle_has_the_plotly_js_of_plotlys_own_bundle():
    ours = PLOTLY_JS_VERSION.findall(bundles.COURSE_BUNDLE.read_text(encoding="utf-8"))
    theirs = PLOTLY_JS_VERSION.findall(bundles.PLOTLY_BUNDLE.read_text(encoding="utf-8"))
    assert ours == theirs == [MANIFEST["plotly.js"]], (ours, theirs, MANIFEST["plotly.js"])


def test_the_bundle_module_exports_the_widget_and_plotly():
    tail = bundles.COURSE_BUNDLE.read_text(encoding="utf-8")[-3000:]
    (exports,) = re.findall(r"export\{([^}]*)\}", tail)
    names = {part.split(" as ")[-1].strip() for part in exports.split(",")}
    assert names == {"FigureModel", "FigureView", "Plotly", "default"}


def _trace_types_in_sources() -> dict[str, set[str]]:
    """Each trace type written as ``go.<Trace>(`` in the course's code, notebooks and problem
    sets, with the files it appears in."""
    found: dict[str, set[str]] = {}
    files = [*(ROOT / "course_lib").rglob("*.py"), *(ROOT / "notebooks").glob("*.ipynb")]
    files += (ROOT / "assignments" / "source").rglob("*.ipynb")
    for path in files:
        for name in re.findall(r"\bgo\.([A-Z]\w*)\(", path.read_text(encoding="utf-8")):
            cls = getattr(go, name, None)
            if isinstance(cls, type) and issubclass(cls, BaseTraceType):
                found.setdefault(cls().type, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_trace_type_the_course_writes_is_in_the_bundle():
    found = _trace_types_in_sources()
    assert {"scatter", "bar"} <= set(found)  # the scan sees the course's figures
    missing = {t: sorted(files) for t, files in found.items() if t not in MANIFEST["traces"]}
    assert not missing, f"add these to js/package.json's courseBundle.traces: {missing}"


@pytest.mark.parametrize(
    "name, factory", _explorer_factories(), ids=[n for n, _ in _explorer_factories()]
)
def test_every_explorer_is_drawn_with_the_course_bundle(name, factory):
    app = factory()
    for key, fig in app.figures.items():
        types = {trace.type for trace in fig.data}
        assert bundles.for_traces(types).kind == "course", f"{name}: figure {key} has {types}"
        assert fig._course_lib_bundle.kind == "course"


@pytest.mark.parametrize(
    "types, kind",
    [
        ([], "course"),
        (["scatter"], "course"),
        (["scatter", "bar", "heatmap", "histogram", "scattergeo"], "course"),
        (["pie"], "plotly"),
        (["scatter", "scatter3d"], "plotly"),
    ],
)
def test_a_figure_is_drawn_with_the_course_bundle_iff_it_has_every_trace_type(types, kind):
    assert bundles.for_traces(types).kind == kind


def test_the_loader_knows_each_bundle_and_the_course_traces():
    fig = figure.figure_widget(go.Figure(go.Scatter(y=[1, 2])))
    (table,) = re.findall(r"const BUNDLES = (\{.*?\});\n", fig._esm)
    assert json.loads(table) == {
        "course": {
            "name": bundles.of_kind("course").name,
            "relpath": bundles.of_kind("course").relpath,
            "traces": sorted(MANIFEST["traces"]),
        },
        "plotly": {
            "name": bundles.of_kind("plotly").name,
            "relpath": bundles.of_kind("plotly").relpath,
        },
    }


def test_a_bundle_of_another_plotly_release_is_not_used(monkeypatch, fresh_bundles):
    monkeypatch.setattr(plotly, "__version__", "0.0.1")
    assert bundles.course_manifest() is None
    assert set(bundles.available()) == {"plotly"}
    assert bundles.for_traces(["scatter"]).kind == "plotly"
    assert bundles.of_kind("course").kind == "plotly"  # what a page that asks for it gets
    fig = figure.figure_widget(go.Figure(go.Scatter(y=[1, 2])))
    assert fig._course_lib_bundle.kind == "plotly"
    assert "widgetbundle-course" not in figure.loader_source()  # what _esm is made from


def test_a_bundle_its_manifest_does_not_describe_is_not_used(monkeypatch, tmp_path, fresh_bundles):
    cut = tmp_path / "widgetbundle-course.js"
    cut.write_bytes(bundles.COURSE_BUNDLE.read_bytes()[:1000])  # a copy cut short
    shutil.copyfile(bundles.COURSE_MANIFEST, tmp_path / "widgetbundle-course.json")
    monkeypatch.setattr(bundles, "COURSE_BUNDLE", cut)
    monkeypatch.setattr(bundles, "COURSE_MANIFEST", tmp_path / "widgetbundle-course.json")
    assert bundles.course_manifest() is None and set(bundles.available()) == {"plotly"}
    (tmp_path / "widgetbundle-course.json").write_text("{not json")
    assert bundles.course_manifest() is None


@pytest.mark.parametrize("bad", ["full", "", None])
def test_an_unknown_kind_of_bundle_is_refused(bad):
    with pytest.raises(ValueError, match="kind must be one of course, plotly"):
        bundles.of_kind(bad)


def test_adding_a_trace_the_course_bundle_lacks_warns_where_it_is_added():
    fig = figure.figure_widget(go.Figure(go.Scatter(y=[1, 2])))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.add_trace(go.Bar(y=[1]))
        assert not caught
        fig.add_trace(go.Pie(values=[1, 2]))
    (warning,) = caught
    assert "no pie traces" in str(warning.message) and "figure_widget(fig)" in str(warning.message)
    assert warning.filename == __file__  # points at the student's line, not plotly's
    pie = figure.figure_widget(go.Figure(go.Pie(values=[1, 2])))
    assert pie._course_lib_bundle.kind == "plotly"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pie.add_trace(go.Pie(values=[3, 4]))  # drawn with plotly's bundle: nothing to say


@pytest.mark.parametrize(
    "data, kind",
    [
        (None, "course"),
        (go.Figure(go.Scatter(y=[1])), "course"),
        (go.Figure(go.Pie(values=[1])), "plotly"),
        ({"data": [{"type": "bar", "y": [1]}, {"y": [2]}]}, "course"),
        ({"data": [{"type": "pie", "values": [1]}]}, "plotly"),
        ({"layout": {"title": {"text": "empty"}}}, "course"),
        ({"type": "pie", "values": [1]}, "plotly"),  # one trace's dict, as plotly takes it
        ([go.Histogram(x=[1, 2]), go.Heatmap(z=[[1]])], "course"),
        (go.Scattergeo(lat=[1], lon=[2]), "course"),
        ([{"type": "sunburst", "labels": ["a"], "parents": [""]}], "plotly"),
    ],
)
def test_the_page_is_told_the_kind_in_the_figures_first_state(monkeypatch, data, kind):
    """The page picks the bundle when the widget's model is made, from the state of the comm's
    opening message: plotly sends the traces only after it, so the kind must be in it."""
    import ipywidgets.widgets.widget as ipywidget

    opened = []
    create = ipywidget.comm.create_comm

    def recording(**args):
        opened.append(args["data"]["state"])
        return create(**args)

    monkeypatch.setattr(ipywidget.comm, "create_comm", recording)
    fig = figure.SharedBundleFigureWidget(data)
    assert fig._course_lib_bundle.kind == kind
    (first,) = opened
    assert first["_course_lib_bundle_kind"] == kind
    assert first["_widget_data"] == []  # what the page would otherwise have chosen from
