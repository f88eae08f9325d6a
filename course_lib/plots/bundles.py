"""The plotly bundles a page can draw figures with: the course's and plotly's own.

plotly's Python package ships its figure widget as one ES module with the whole of plotly.js
(``plotly/package_data/widgetbundle.js``, about 5 MB). The course ships a build of the same
widget on a plotly.js with only the trace types the course draws
(``static/widgetbundle-course.js``, 1.6 MB, built from ``js/`` by ``make bundle``), which
Chromium loads and evaluates about 4x faster. A figure is drawn with the course's bundle when
it has every type of its traces (:func:`for_traces`), otherwise with plotly's; the course's
is used only with the plotly release it was built for (:func:`course_manifest`).

The Jupyter server serves both from ``<labextensions>/course-lib-plotly/static/``: the course's
JupyterLab extension puts them there (:mod:`course_lib.plots.labextension`), and so does the
kernel, in the user's data folder, the first time a figure is made (:func:`install_once`).
:mod:`course_lib.plots.widget` says how a page finds and imports them.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import plotly
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType

#: plotly's own widget bundle, an ES module whose default export is the widget: all of plotly.js.
PLOTLY_BUNDLE = Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"
#: The course's build of the same widget (``js/``, ``make bundle``): plotly.js with only the
#: trace types the course draws, a third of the size, evaluated by the page about 4x faster.
COURSE_BUNDLE = Path(__file__).parent / "static" / "widgetbundle-course.js"
#: What ``js/build.mjs`` built it from (plotly.py's version, plotly.js's, the trace types), its size
#: and its sha256.
COURSE_MANIFEST = COURSE_BUNDLE.with_suffix(".json")
#: The folder under ``<jupyter data dir>/labextensions`` that holds the copies the server serves.
ASSET_FOLDER = "course-lib-plotly"
#: The kinds of bundle: the course's, and plotly's own (every trace type).
KINDS = ("course", "plotly")


@dataclass(frozen=True)
class Bundle:
    """A plotly widget bundle the page can import: ``kind`` "course" or "plotly"."""

    kind: str
    source: Path
    #: the trace types it draws; ``None``: every type plotly has
    traces: frozenset[str] | None

    @property
    def name(self) -> str:
        """File name of the served copy; changes with plotly's version and the bundle's size,
        so a browser never runs a cached bundle of another plotly release."""
        prefix = "widgetbundle-course" if self.kind == "course" else "widgetbundle"
        return f"{prefix}-{plotly.__version__}-{self.source.stat().st_size}.js"

    @property
    def relpath(self) -> str:
        """Path of the served copy below the server's labextensions URL."""
        return f"{ASSET_FOLDER}/static/{self.name}"

    def draws(self, trace_types) -> bool:
        """Whether this bundle draws every one of ``trace_types``."""
        return self.traces is None or set(trace_types) <= self.traces


def course_manifest() -> dict | None:
    """The course bundle's manifest, or ``None`` if the bundle cannot be used with this
    plotly: it was built for another plotly release (the widget's front end must match
    the Python side's), or the file is not the one the manifest describes."""
    try:
        manifest = json.loads(COURSE_MANIFEST.read_text(encoding="utf-8"))
        size = COURSE_BUNDLE.stat().st_size
    except (OSError, ValueError):
        return None
    if manifest.get("plotly") != plotly.__version__ or manifest.get("bytes") != size:
        return None
    return manifest


@functools.cache
def available() -> dict[str, Bundle]:
    """The bundles a page may import, by kind: plotly's always, the course's when
    :func:`course_manifest` accepts it."""
    found = {"plotly": Bundle("plotly", PLOTLY_BUNDLE, None)}
    manifest = course_manifest()
    if manifest is not None:
        found["course"] = Bundle("course", COURSE_BUNDLE, frozenset(manifest["traces"]))
    return found


def of_kind(kind: str = "plotly") -> Bundle:
    """The bundle of ``kind`` ("course" or "plotly"); plotly's if the course's cannot be used."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    return available().get(kind, available()["plotly"])


def for_traces(trace_types) -> Bundle:
    """The bundle a figure with traces of ``trace_types`` is drawn with: the course's if it
    draws them all, else plotly's. (The loader's ``bundleFor`` makes the same choice in the page.)"""
    course = available().get("course")
    return course if course is not None and course.draws(trace_types) else available()["plotly"]


def asset_path(data_dir: str | os.PathLike | None = None, kind: str = "plotly") -> Path:
    """Where the kernel puts the copy: ``<data_dir>/labextensions/<ASSET_FOLDER>/static/...``
    (``data_dir`` defaults to the user's Jupyter data folder, ``jupyter --data-dir``)."""
    if data_dir is None:
        from jupyter_core.paths import jupyter_data_dir

        data_dir = jupyter_data_dir()
    return Path(data_dir) / "labextensions" / of_kind(kind).relpath


def install(data_dir: str | os.PathLike | None = None, kind: str = "plotly") -> Path | None:
    """Copy the bundle of ``kind`` where the Jupyter server serves it (once; atomically).

    Returns the path, or ``None`` if the folder cannot be written: figures then fetch
    the bundle from their kernel instead (see :mod:`course_lib.plots.widget`).
    """
    source = of_kind(kind).source
    target = asset_path(data_dir, kind)
    size = source.stat().st_size
    with contextlib.suppress(OSError):
        if target.stat().st_size == size:
            return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        shutil.copyfile(source, partial)
        os.replace(partial, target)  # readers never see half a file
    except OSError:
        return None
    return target


_installed: dict[str, Path | None] = {}


def install_once() -> None:
    """:func:`install` every available bundle into the user's data folder, once per process."""
    for kind in available():
        key = str(asset_path(kind=kind))
        if key not in _installed:
            _installed[key] = install(kind=kind)


def trace_types(data) -> list[str]:
    """The trace types of what ``go.FigureWidget(data)`` is made from (a figure, a figure's dict,
    traces or trace dicts, ``None``), without building it; ``["?"]`` for anything else, which
    no course bundle draws."""
    if isinstance(data, go.Figure | go.FigureWidget):
        return [trace.type for trace in data.data]
    if isinstance(data, dict) and {"data", "layout", "frames"} & set(data):  # a figure's dict
        data = data.get("data") or []
    if data is None:
        return []
    if isinstance(data, BaseTraceType | dict):
        data = [data]
    if not isinstance(data, list | tuple):
        return ["?"]
    types = []
    for trace in data:
        if isinstance(trace, BaseTraceType):
            types.append(trace.type)
        elif isinstance(trace, dict):
            types.append(trace.get("type") or "scatter")
        else:
            types.append("?")
    return types
