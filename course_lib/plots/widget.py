"""One plotly bundle per browser page: the figure widget every explorer draws into.

Why this module exists
----------------------
A plain ``go.FigureWidget`` is an anywidget whose ``_esm`` trait holds the source of
plotly's whole widget bundle (``plotly/package_data/widgetbundle.js``, about 5 MB).
That trait is synced per instance, so every figure sends its own 5 MB copy over the
kernel's websocket and the page evaluates one more copy of plotly.js: seven figures
make a 34 MB lesson and a 200 MB browser tab. anywidget only skips sending the source
when ``_esm`` is an http(s) URL, which the kernel cannot know (host, JupyterHub prefix).

:func:`figure_widget` returns a :class:`SharedBundleFigureWidget` instead: a
``go.FigureWidget`` (same Python API, same traits, same front-end code) whose
``_esm`` is a loader of about 2 kB. In the page the loader imports plotly's bundle
once, from a URL the Jupyter server serves, and every figure of the page reuses that
module. The bundle is found, in order:

1. ``<labextensions URL>/course-lib-plotly/static/widgetbundle-<plotly version>-<size>.js``.
   JupyterLab and Notebook 7 serve every file under each ``labextensions`` folder of
   the Jupyter data path; the kernel copies plotly's bundle into the user's data
   folder (``jupyter --data-dir``) the first time a figure is made. The URL comes from
   the page's own config (``fullLabextensionsUrl``), so a JupyterHub prefix
   (``/user/<name>/``) is respected, and nothing comes from the internet. The folder
   has no ``package.json``, so JupyterLab does not take it for an extension.
2. If that fails (no Jupyter server page, e.g. VS Code; a read-only data folder), the
   first figure asks its kernel for the bundle with a custom widget message: 5 MB,
   once per page instead of once per figure. KNOWN ISSUE: in JupyterLab with the
   served URL blocked, the bundle arrives (5.1 MB over the websocket) but the figures
   are not drawn; this fallback is not working yet (see /tmp/e5_plan.md).

Set ``COURSE_LIB_FIGURE_TRANSPORT=plain`` to get plain ``go.FigureWidget`` objects (the
old behaviour, kept as the baseline of ``benchmarks/bench_browser.py``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

import plotly
import plotly.graph_objects as go

#: Environment variable choosing the transport: "shared" (default) or "plain".
TRANSPORT_ENV = "COURSE_LIB_FIGURE_TRANSPORT"
TRANSPORTS = ("shared", "plain")

#: plotly's own widget bundle, an ES module whose default export is the widget.
BUNDLE_SOURCE = Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"
#: The folder under ``<jupyter data dir>/labextensions`` that holds the copy the server serves.
ASSET_FOLDER = "course-lib-plotly"


def bundle_name() -> str:
    """File name of the served copy; changes with plotly's version and the bundle's size,
    so a browser never runs a cached bundle of another plotly release."""
    return f"widgetbundle-{plotly.__version__}-{BUNDLE_SOURCE.stat().st_size}.js"


def asset_relpath() -> str:
    """Path of the bundle below the server's labextensions URL."""
    return f"{ASSET_FOLDER}/static/{bundle_name()}"


def asset_path(data_dir: str | os.PathLike | None = None) -> Path:
    """Where the kernel puts the copy: ``<data_dir>/labextensions/<ASSET_FOLDER>/static/...``
    (``data_dir`` defaults to the user's Jupyter data folder, ``jupyter --data-dir``)."""
    if data_dir is None:
        from jupyter_core.paths import jupyter_data_dir

        data_dir = jupyter_data_dir()
    return Path(data_dir) / "labextensions" / asset_relpath()


def install_bundle(data_dir: str | os.PathLike | None = None) -> Path | None:
    """Copy plotly's bundle where the Jupyter server serves it (once; atomically).

    Returns the path, or ``None`` if the folder cannot be written: figures then fetch
    the bundle from their kernel instead (see the module docstring).
    """
    target = asset_path(data_dir)
    size = BUNDLE_SOURCE.stat().st_size
    with contextlib.suppress(OSError):
        if target.stat().st_size == size:
            return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        shutil.copyfile(BUNDLE_SOURCE, partial)
        os.replace(partial, target)  # readers never see half a file
    except OSError:
        return None
    return target


_installed: dict[str, Path | None] = {}


def _install_once() -> None:
    key = str(asset_path())
    if key not in _installed:
        _installed[key] = install_bundle()


# The loader each figure carries instead of the bundle. One promise per page and bundle
# name (globalThis), so every figure of every lesson open in the tab shares one module.
_LOADER = r"""
const NAME = __NAME__;
const RELPATH = __RELPATH__;
const KEY = "__courseLibPlotlyBundles";

function labextensionsUrl() {
  const el = typeof document !== "undefined" && document.getElementById("jupyter-config-data");
  if (!el) return null;
  try {
    const cfg = JSON.parse(el.textContent);
    const url = cfg.fullLabextensionsUrl || ((cfg.baseUrl || "/") + "lab/extensions");
    return new URL(url.replace(/\/?$/, "/"), window.location.href).href;
  } catch (err) {
    return null;
  }
}

function fromKernel(model) {
  return new Promise((resolve, reject) => {
    const onMessage = (msg) => {
      if (!msg || msg.type !== "course_lib:bundle") return;
      model.off("msg:custom", onMessage);
      const url = URL.createObjectURL(new Blob([msg.source], { type: "text/javascript" }));
      import(/* webpackIgnore: true */ url).then(resolve, reject).finally(() => URL.revokeObjectURL(url));
    };
    model.on("msg:custom", onMessage);
    model.send({ type: "course_lib:bundle?" });
  });
}

function bundle(model) {
  const cache = (globalThis[KEY] = globalThis[KEY] || {});
  if (!cache[NAME]) {
    const base = labextensionsUrl();
    const served = base ? import(/* webpackIgnore: true */ base + RELPATH)
                        : Promise.reject(new Error("not a Jupyter server page"));
    cache[NAME] = served.catch((err) => {
      console.info("course_lib: plotly bundle not served (" + err + "); asking the kernel");
      return fromKernel(model);
    });
    cache[NAME].catch(() => delete cache[NAME]);  // let a later figure try again
  }
  return cache[NAME];
}

export default () => {
  let widget;
  return {
    async initialize(ctx) {
      const mod = await bundle(ctx.model);
      widget = mod.default();
      return widget.initialize(ctx);
    },
    render(ctx) {
      return widget.render(ctx);
    },
  };
};
"""


def loader_source() -> str:
    """The ``_esm`` of a :class:`SharedBundleFigureWidget` (a few hundred bytes of JS)."""
    return (_LOADER.replace("__NAME__", json.dumps(bundle_name()))
            .replace("__RELPATH__", json.dumps(asset_relpath())))


class SharedBundleFigureWidget(go.FigureWidget):
    """A ``go.FigureWidget`` whose front end imports plotly's bundle once per page.

    Same Python API and front-end behaviour as ``go.FigureWidget`` (``batch_update``,
    ``batch_animate``, hover, legends, callbacks); only ``_esm`` differs.
    """

    _esm = loader_source()

    def __init__(self, *args, **kwargs):
        _install_once()
        super().__init__(*args, **kwargs)
        self.on_msg(_send_bundle)


def _send_bundle(widget, content, buffers) -> None:
    """Reply to the loader's fallback request with the bundle's source."""
    if isinstance(content, dict) and content.get("type") == "course_lib:bundle?":
        widget.send({"type": "course_lib:bundle", "source": BUNDLE_SOURCE.read_text(encoding="utf-8")})


def transport() -> str:
    """The transport :func:`figure_widget` uses, from ``$COURSE_LIB_FIGURE_TRANSPORT``."""
    value = os.environ.get(TRANSPORT_ENV, "shared").strip().lower() or "shared"
    if value not in TRANSPORTS:
        raise ValueError(f"{TRANSPORT_ENV} must be one of {', '.join(TRANSPORTS)}; got {value!r}")
    return value


def figure_widget(fig: go.Figure | dict | None = None) -> go.FigureWidget:
    """The live figure an explorer draws into: ``fig`` (a ``go.Figure`` or its dict) as a
    :class:`SharedBundleFigureWidget`, or as a plain ``go.FigureWidget`` when
    ``$COURSE_LIB_FIGURE_TRANSPORT`` is ``plain``. Either way an instance of
    ``go.FigureWidget``."""
    if fig is not None and not isinstance(fig, (go.Figure, go.FigureWidget, dict)):
        raise ValueError(f"fig must be a plotly go.Figure, a go.FigureWidget or a figure dict; "
                         f"got {type(fig).__name__}")
    cls = go.FigureWidget if transport() == "plain" else SharedBundleFigureWidget
    return cls(fig)
