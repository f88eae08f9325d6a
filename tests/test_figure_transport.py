"""The shared-bundle figure widget (course_lib.plots.widget), headless; and lessons stored small.

The browser half (the bundle served once per page under a JupyterHub prefix, a slider
moving the figure) is in tests/test_browser.py.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from course_lib.apps.base import Explorer, slider
from course_lib.plots import bundles
from course_lib.plots import widget as figure
from course_support import COURSE, NOTEBOOKS, ROOT

#: A stored notebook (no outputs, no widget state) is prose and code only.
MAX_STORED_BYTES = 60_000
STORED = sorted(NOTEBOOKS.glob("*.ipynb")) + sorted((COURSE / "source").glob("*/*.ipynb"))


def scatter():
    return go.Figure(
        go.Scatter(x=[0, 1, 2], y=[3, 1, 2], name="s", hovertext=["a", "b", "c"]),
        layout={"title": {"text": "t"}},
    )


def strip_uids(d: dict) -> dict:
    return {**d, "data": [{k: v for k, v in t.items() if k != "uid"} for t in d["data"]]}


def test_figure_widget_is_a_figurewidget_without_the_bundle(monkeypatch):
    monkeypatch.delenv(figure.TRANSPORT_ENV, raising=False)
    fig = figure.figure_widget(scatter())
    plain = go.FigureWidget(scatter())
    assert isinstance(fig, figure.SharedBundleFigureWidget) and isinstance(fig, go.FigureWidget)
    size = bundles.PLOTLY_BUNDLE.stat().st_size
    assert len(plain._esm) >= size / 2  # what every plain figure sends
    assert len(fig._esm) < 8_000  # vs ~5 MB
    assert all(found.relpath in fig._esm for found in bundles.available().values())
    state = json.dumps(fig.get_state(), default=str)
    assert len(state) < 50_000, "the widget's synced state must not carry the bundle"
    # same figure: traces, hover text and layout (uids are per widget)
    assert strip_uids(fig.to_dict()) == strip_uids(plain.to_dict())


def test_plain_transport_is_the_old_figurewidget(monkeypatch):
    monkeypatch.setenv(figure.TRANSPORT_ENV, "plain")
    fig = figure.figure_widget(scatter())
    assert isinstance(fig, go.FigureWidget) and not isinstance(fig, figure.SharedBundleFigureWidget)
    assert len(fig._esm) >= bundles.PLOTLY_BUNDLE.stat().st_size / 2  # carries its own bundle


@pytest.mark.parametrize("value", ["cdn", "shared-ish"])
def test_unknown_transport_is_refused(monkeypatch, value):
    monkeypatch.setenv(figure.TRANSPORT_ENV, value)
    with pytest.raises(ValueError, match=figure.TRANSPORT_ENV):
        figure.figure_widget(scatter())


@pytest.mark.parametrize("bad", [[1, 2], "figure", 3.0])
def test_bad_figure_is_refused(bad):
    with pytest.raises(ValueError, match="fig must be"):
        figure.figure_widget(bad)


@pytest.mark.parametrize("kind", bundles.KINDS)
def test_install_bundle_copies_a_bundle_once(tmp_path, kind):
    target = bundles.install(tmp_path, kind)
    assert target == tmp_path / "labextensions" / bundles.of_kind(kind).relpath
    assert target.read_bytes() == bundles.of_kind(kind).source.read_bytes()
    mtime = target.stat().st_mtime_ns
    assert bundles.install(tmp_path, kind) == target and target.stat().st_mtime_ns == mtime
    # no package.json: JupyterLab must not take the folder for an extension
    assert not list((tmp_path / "labextensions").rglob("package.json"))
    assert not list(target.parent.glob(".*partial"))


def test_install_bundle_reports_an_unwritable_folder(tmp_path):
    (tmp_path / "labextensions").write_text("a file where the folder should be")
    assert bundles.install(tmp_path) is None


def test_explorer_updates_a_shared_bundle_figure():
    fig = figure.figure_widget(scatter())

    def scaled(k):
        return tuple(k * v for v in (3, 1, 2))

    def draw(figures, state):
        figures["f"].data[0].y = state

    app = Explorer({"k": slider("k", 1.0, 0.0, 2.0, 0.5)}, scaled, {"f": fig}, draw)
    app.controls["k"].value = 1.5
    assert app.state == (4.5, 1.5, 3.0)
    assert list(app.figures["f"].data[0].y) == [4.5, 1.5, 3.0]


def front_end_says(widget, content) -> list[dict]:
    """Deliver a custom message from the page to ``widget``; return what the kernel sends back."""
    sent = []
    original = widget.comm.send
    widget.comm.send = lambda data=None, buffers=None, **kw: sent.append(data)
    try:
        widget._handle_msg(
            {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}
        )
    finally:
        widget.comm.send = original
    return sent


@pytest.mark.parametrize(
    "asked, source",
    [
        ("course", bundles.COURSE_BUNDLE),
        ("plotly", bundles.PLOTLY_BUNDLE),
        (None, bundles.PLOTLY_BUNDLE),
    ],
)
def test_kernel_fallback_sends_the_bundle_asked_for(asked, source):
    fig = figure.figure_widget(scatter())
    (reply,) = front_end_says(fig, {"type": "course_lib:bundle?", "kind": asked})
    assert reply["method"] == "custom" and reply["content"]["type"] == "course_lib:bundle"
    assert reply["content"]["kind"] == asked  # the page waits for the kind it asked for
    assert reply["content"]["source"] == source.read_text(encoding="utf-8")
    assert front_end_says(fig, {"type": "something else"}) == []


def test_kernel_fallback_resends_the_figure_as_it_is_now():
    """Updates sent before the page had plotly are lost there; the resend carries them."""
    fig = figure.figure_widget(scatter())
    with fig.batch_update():
        fig.data[0].y = [9, 8, 7]
        fig.layout.title.text = "later"
    (reply,) = front_end_says(fig, {"type": "course_lib:resync?"})
    state = reply["state"]
    assert reply["method"] == "update"
    assert set(state) == {"_widget_data", "_widget_layout", "_course_lib_sync"}
    assert list(state["_widget_data"][0]["y"]) == [9, 8, 7]
    assert state["_widget_layout"]["title"]["text"] == "later"
    assert state["_course_lib_sync"] == 1
    # asked again with nothing changed, it still sends everything (the page may have lost it)
    (again,) = front_end_says(fig, {"type": "course_lib:resync?"})
    assert {"_widget_data", "_widget_layout"} <= set(again["state"]) and again["state"][
        "_course_lib_sync"
    ] == 2


def _explorer_factories() -> list[tuple[str, object]]:
    import importlib
    import pkgutil

    import course_lib.apps as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"course_lib.apps.{info.name}")
        for name, fn in sorted(vars(module).items()):
            if (
                name.endswith("_explorer")
                and callable(fn)
                and getattr(fn, "__module__", "") == module.__name__
            ):
                found.append((f"{info.name}.{name}", fn))
    return found


def test_the_old_explorer_form_is_refused():
    with pytest.raises(ValueError, match="state and draw must be callables"):
        Explorer(
            {"k": slider("k", 1.0, 0.0, 2.0, 0.5)},
            {"f": figure.figure_widget(scatter())},
            lambda explorer: None,
        )


@pytest.mark.parametrize(
    "name, factory", _explorer_factories(), ids=[n for n, _ in _explorer_factories()]
)
def test_every_explorer_is_built_on_the_contract(name, factory):
    """Controls named like the state function's keyword arguments; the first state kept."""
    import inspect

    ex = factory()
    assert isinstance(ex, Explorer), f"{name} returns {type(ex).__name__}"
    params = inspect.signature(ex._state).parameters
    kinds = {p.kind for p in params.values()}
    required = {
        k
        for k, p in params.items()
        if p.default is inspect.Parameter.empty
        and p.kind not in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL)
    }
    if inspect.Parameter.VAR_KEYWORD not in kinds:  # a **values state takes any control by name
        assert set(ex.controls) <= set(params), (
            f"{name}: controls {set(ex.controls) - set(params)} are not arguments"
        )
    assert required <= set(ex.controls), (
        f"{name}: arguments {required - set(ex.controls)} have no control"
    )
    assert ex.state is not None and all(isinstance(f, go.FigureWidget) for f in ex.figures.values())


def test_there_are_stored_notebooks():
    assert STORED


@pytest.mark.parametrize("path", STORED, ids=lambda p: str(p.relative_to(ROOT)))
def test_stored_notebook_is_small_and_clean(path):
    raw = path.read_bytes()
    nb = json.loads(raw)
    assert "widgets" not in nb.get("metadata", {}), f"{path.name}: widget state stored in metadata"
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), (
        f"{path.name}: outputs stored"
    )
    assert len(raw) < MAX_STORED_BYTES, (
        f"{path.name} is {len(raw):,} bytes; a lesson stored without outputs should stay under "
        f"{MAX_STORED_BYTES:,} (embedded images or data belong in course_lib/data)"
    )
