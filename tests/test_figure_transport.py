"""The shared-bundle figure widget (course_lib.plots.widget), headless; and lessons stored small.

The browser half (the bundle served once per page under a JupyterHub prefix, a slider
moving the figure) is in tests/test_browser.py.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from conftest import COURSE, NOTEBOOKS, ROOT
from course_lib.apps.base import Explorer, slider
from course_lib.plots import widget as figure

#: A stored notebook (no outputs, no widget state) is prose and code only.
MAX_STORED_BYTES = 60_000
STORED = sorted(NOTEBOOKS.glob("*.ipynb")) + sorted((COURSE / "source").glob("*/*.ipynb"))


def scatter():
    return go.Figure(go.Scatter(x=[0, 1, 2], y=[3, 1, 2], name="s", hovertext=["a", "b", "c"]),
                     layout={"title": {"text": "t"}})


def strip_uids(d: dict) -> dict:
    return {**d, "data": [{k: v for k, v in t.items() if k != "uid"} for t in d["data"]]}


def test_figure_widget_is_a_figurewidget_without_the_bundle(monkeypatch):
    monkeypatch.delenv(figure.TRANSPORT_ENV, raising=False)
    fig = figure.figure_widget(scatter())
    plain = go.FigureWidget(scatter())
    assert isinstance(fig, figure.SharedBundleFigureWidget) and isinstance(fig, go.FigureWidget)
    size = figure.BUNDLE_SOURCE.stat().st_size
    assert len(plain._esm) >= size / 2  # what every plain figure sends
    assert len(fig._esm) < 4_000 and figure.bundle_name() in fig._esm
    state = json.dumps(fig.get_state(), default=str)
    assert len(state) < 50_000, "the widget's synced state must not carry the bundle"
    # same figure: traces, hover text and layout (uids are per widget)
    assert strip_uids(fig.to_dict()) == strip_uids(plain.to_dict())


def test_plain_transport_is_the_old_figurewidget(monkeypatch):
    monkeypatch.setenv(figure.TRANSPORT_ENV, "plain")
    fig = figure.figure_widget(scatter())
    assert isinstance(fig, go.FigureWidget) and not isinstance(fig, figure.SharedBundleFigureWidget)
    assert len(fig._esm) >= figure.BUNDLE_SOURCE.stat().st_size / 2  # carries its own bundle


@pytest.mark.parametrize("value", ["cdn", "shared-ish"])
def test_unknown_transport_is_refused(monkeypatch, value):
    monkeypatch.setenv(figure.TRANSPORT_ENV, value)
    with pytest.raises(ValueError, match=figure.TRANSPORT_ENV):
        figure.figure_widget(scatter())


@pytest.mark.parametrize("bad", [[1, 2], "figure", 3.0])
def test_bad_figure_is_refused(bad):
    with pytest.raises(ValueError, match="fig must be"):
        figure.figure_widget(bad)


def test_install_bundle_copies_plotly_bundle_once(tmp_path):
    target = figure.install_bundle(tmp_path)
    assert target == tmp_path / "labextensions" / figure.asset_relpath()
    assert target.read_bytes() == figure.BUNDLE_SOURCE.read_bytes()
    mtime = target.stat().st_mtime_ns
    assert figure.install_bundle(tmp_path) == target and target.stat().st_mtime_ns == mtime
    # no package.json: JupyterLab must not take the folder for an extension
    assert not list((tmp_path / "labextensions").rglob("package.json"))
    assert not list(target.parent.glob(".*partial"))


def test_install_bundle_reports_an_unwritable_folder(tmp_path):
    (tmp_path / "labextensions").write_text("a file where the folder should be")
    assert figure.install_bundle(tmp_path) is None


def test_explorer_updates_a_shared_bundle_figure():
    fig = figure.figure_widget(scatter())

    def update(explorer):
        k = explorer.values()["k"]
        with fig.batch_update():
            fig.data[0].y = [k * v for v in (3, 1, 2)]

    app = Explorer({"k": slider("k", 1.0, 0.0, 2.0, 0.5)}, {"f": fig}, update)
    app.controls["k"].value = 1.5
    assert list(app.figures["f"].data[0].y) == [4.5, 1.5, 3.0]


def test_there_are_stored_notebooks():
    assert STORED


@pytest.mark.parametrize("path", STORED, ids=lambda p: str(p.relative_to(ROOT)))
def test_stored_notebook_is_small_and_clean(path):
    raw = path.read_bytes()
    nb = json.loads(raw)
    assert "widgets" not in nb.get("metadata", {}), f"{path.name}: widget state stored in metadata"
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), (
        f"{path.name}: outputs stored")
    assert len(raw) < MAX_STORED_BYTES, (
        f"{path.name} is {len(raw):,} bytes; a lesson stored without outputs should stay under "
        f"{MAX_STORED_BYTES:,} (embedded images or data belong in course_lib/data)")
