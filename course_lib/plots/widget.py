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
``_esm`` is a loader of about 5 kB. In the page the loader imports plotly's bundle
once, from a URL the Jupyter server serves, and every figure of the page reuses that
module. The bundle is found, in order:

1. ``<labextensions URL>/course-lib-plotly/static/widgetbundle-<plotly version>-<size>.js``.
   JupyterLab and Notebook 7 serve every file under each ``labextensions`` folder of
   the Jupyter data path; the kernel copies plotly's bundle into the user's data
   folder (``jupyter --data-dir``) the first time a figure is made. The URL comes from
   the page's own config (``fullLabextensionsUrl``), so a JupyterHub prefix
   (``/user/<name>/``) is respected, and nothing comes from the internet. The folder
   has no ``package.json``, so JupyterLab does not take it for an extension.
2. If that fails (no Jupyter server page, e.g. VS Code; a blocked URL; a read-only data
   folder), the first figure asks its kernel for the bundle with a custom widget
   message: 5 MB, once per page instead of once per figure. The loader does not wait
   for it inside anywidget's ``initialize`` (anywidget holds the model's messages, the
   reply among them, until ``initialize`` returns); it loads the bundle in the
   background, and each figure then asks its kernel to resend the figure as it is
   now, so no update sent in between is lost (``tests/test_browser.py`` blocks the
   served URL and checks that the figures draw and a slider moves them).

The loader also draws *frames*: the kernel's draws of the neighbouring slider values, sent
ahead by an explorer once its figures are shown, so a keyboard step is drawn without waiting
for the kernel (see :mod:`course_lib.apps.frames`, which says what keeps them exact).

Static figures (a ``go.Figure`` shown as a cell's result) import the same served bundle, through
the course's JupyterLab renderer (:mod:`course_lib.plots.labextension`).

Set ``COURSE_LIB_FIGURE_TRANSPORT=plain`` to get plain ``go.FigureWidget`` objects (the
old behaviour, kept as the baseline of ``benchmarks/bench_browser.py``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from copy import deepcopy
from pathlib import Path

import plotly
import plotly.graph_objects as go
import traitlets
from plotly.basedatatypes import Undefined
from plotly.io.json import to_json_plotly

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
#
# Why the kernel fallback must not wait inside initialize: anywidget holds every comm
# message of a model until that model's initialize has returned (AnyModel._handle_comm_msg
# awaits the runtime's ready promise), and the kernel's reply carrying the bundle is such
# a message. Waiting for it in initialize waits for ever (the bundle arrives, nothing
# draws). So on the fallback initialize returns at once, the bundle is loaded in the
# background, plotly's own initialize runs when it arrives, and render waits for that.
# Updates the kernel sent in between found no plotly listener; the figure then asks its
# kernel to send the whole figure again (``_course_lib_sync``), as plotly itself does when
# a FigureWidget is displayed.
#
# _BUNDLE_IMPORT, the part that finds and imports the served bundle, is shared with the
# static figures' renderer (course_lib.plots.labextension): one URL, so one module per page.
_BUNDLE_IMPORT = r"""
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

function pageCache() {
  return (globalThis[KEY] = globalThis[KEY] || {});
}

// The copy the Jupyter server serves, imported once per page; null if it cannot be imported.
function served() {
  const cache = pageCache();
  const key = NAME + ":served";
  if (!(key in cache)) {
    const base = labextensionsUrl();
    const attempt = base ? import(/* webpackIgnore: true */ base + RELPATH)
                         : Promise.reject(new Error("not a Jupyter server page"));
    cache[key] = attempt.catch((err) => {
      console.info("course_lib: plotly bundle not served (" + err + "); asking the kernel");
      return null;
    });
  }
  return cache[key];
}
"""

_LOADER = (
    _BUNDLE_IMPORT
    + r"""
// The kernel's copy: asked for once per page, through the first figure that needs it.
function fromKernel(model) {
  const cache = pageCache();
  const key = NAME + ":kernel";
  if (!cache[key]) {
    cache[key] = new Promise((resolve, reject) => {
      const onMessage = (msg) => {
        if (!msg || msg.type !== "course_lib:bundle") return;
        model.off("msg:custom", onMessage);
        const url = URL.createObjectURL(new Blob([msg.source], { type: "text/javascript" }));
        import(/* webpackIgnore: true */ url).then(resolve, reject).finally(() => URL.revokeObjectURL(url));
      };
      model.on("msg:custom", onMessage);
      model.send({ type: "course_lib:bundle?" });
    });
    cache[key].catch(() => delete cache[key]);  // let a later figure try again
  }
  return cache[key];
}

// Ask the kernel for the whole figure as it is now; resolves once the model holds it.
function resync(model) {
  return new Promise((resolve) => {
    const before = model.get("_course_lib_sync") || 0;
    const done = () => {
      if ((model.get("_course_lib_sync") || 0) === before) return;
      model.off("change:_course_lib_sync", done);
      resolve();
    };
    model.on("change:_course_lib_sync", done);
    model.send({ type: "course_lib:resync?" });
  });
}

// Frames: the kernel's draws of the neighbouring slider values, computed ahead of time by the
// explorer's own state and draw functions (course_lib/apps/frames.py). When a person moves a
// slider to one of those values, the figure draws the frame at once, tells its kernel which
// frame it drew, and the kernel, which then computes the same draw, does not send it again.
// Frames are only ever drawn onto the figure they were computed from: any update from the
// kernel drops them, and a frame is dropped once drawn.
const FIGURE_CHANGES = ["_py2js_update", "_py2js_restyle", "_py2js_relayout", "_py2js_animate",
                        "_py2js_addTraces", "_py2js_deleteTraces", "_py2js_moveTraces",
                        "_py2js_removeLayoutProps", "_py2js_removeTraceProps", "_course_lib_sync"];

function frameSupport(model) {
  let current = null;  // {id, guard: [[model_id, key, value], ...], frames: [{control, value, tol, update}]}
  let seen = 0;        // the newest frame set id received
  let dead = 0;        // frame sets up to this id were computed for a figure that has changed since
  let epoch = 0;       // bumped by every change of the figure
  let figure = null;   // this figure's widget model itself (the model above is anywidget's view of it)
  const controls = new Map();
  const listened = new Set();
  const drop = () => { current = null; dead = seen; epoch += 1; };
  for (const name of FIGURE_CHANGES) model.on("change:" + name, drop);

  const sameValue = (a, b) =>
    typeof a === "number" && typeof b === "number" ? a === b : JSON.stringify(a) === JSON.stringify(b);

  function onMove(control, value, options) {
    if (!current || !options || !options.updated_view) return;  // only a person's move
    const frame = current.frames.find(
      (f) => f.control === control.model_id && Math.abs(f.value - value) <= f.tol);
    if (!frame) return;
    for (const [id, key, expected] of current.guard) {
      if (id !== control.model_id && !sameValue(controls.get(id).get(key), expected)) return;
    }
    const id = current.id;
    drop();
    // The kernel computes the very value the frame was drawn for (noUiSlider's arithmetic can
    // differ from Python's in the last bit).
    if (control.get("value") !== frame.value) control.set("value", frame.value);
    if (!frame.update) return;  // this figure does not change
    model.send({ type: "course_lib:frame-drawn", id, control: frame.control, value: frame.value });
    // Drawn as plotly draws a kernel's update: set_state keeps it out of what the page sends
    // back to the kernel. Edit ids -1: the kernel ignores the deltas plotly reports for it.
    figure.set_state({ _py2js_update: Object.assign({}, frame.update,
      { trace_edit_id: -1, layout_edit_id: -1, source_view_id: null }) });
    figure.set_state({ _py2js_update: null });
    drop();
  }

  model.on("msg:custom", async (msg) => {
    if (!msg || msg.type !== "course_lib:frames") return;
    // one frame of set data.id (a set comes frame by frame); "_undefined_" is plotly's own mark
    // for a trace an edit leaves alone
    const data = JSON.parse(msg.frames, (key, value) => (value === "_undefined_" ? undefined : value));
    seen = Math.max(seen, data.id);
    const at = epoch;
    if (!figure) figure = await model.widget_manager.get_model(msg.figure);
    for (const [id] of data.guard) {
      if (!controls.has(id)) controls.set(id, await model.widget_manager.get_model(id));
    }
    if (epoch !== at || data.id <= dead) return;  // the figure has changed since
    if (current && current.id === data.id) current.frames.push(...data.frames);
    else if (!current || current.id < data.id) current = data;
    for (const frame of data.frames) {
      if (listened.has(frame.control)) continue;
      listened.add(frame.control);
      const control = controls.get(frame.control);
      control.on("change:value", (m, value, options) => onMove(m, value, options));
    }
  });
}

// A frame is drawn with edit ids -1, and the kernel ignores the trace and layout deltas plotly's
// view reports for an edit id it did not send: so for those the view computes none (3-4 ms of
// copying and comparing the whole figure, per figure and step). Done once per page, on the view
// class plotly's bundle exports.
function skipIgnoredDeltas(mod) {
  const view = mod && mod.FigureView && mod.FigureView.prototype;
  if (!view || view.__courseLibSkipsIgnoredDeltas) return;
  view.__courseLibSkipsIgnoredDeltas = true;
  for (const name of ["_sendTraceDeltas", "_sendLayoutDelta"]) {
    const send = view[name];
    if (typeof send !== "function") continue;
    view[name] = function (editId) {
      if (editId === -1) return undefined;
      return send.apply(this, arguments);
    };
  }
}

export default () => {
  let widget = null;
  let ready = null;
  let asked = false;
  return {
    async initialize(ctx) {
      frameSupport(ctx.model);
      const mod = await served();
      if (mod) {
        skipIgnoredDeltas(mod);
        widget = mod.default();
        return widget.initialize(ctx);
      }
      ready = fromKernel(ctx.model).then(async (kernelMod) => {
        skipIgnoredDeltas(kernelMod);
        widget = kernelMod.default();
        await widget.initialize(ctx);
        await resync(ctx.model);
      });
      ready.catch((err) => console.error("course_lib: no plotly bundle from the kernel either", err));
    },
    async render(ctx) {
      if (ready) await ready;
      const out = await widget.render(ctx);
      if (!asked) {  // shown in a page: from now on the kernel sends frames after each step
        asked = true;
        ctx.model.send({ type: "course_lib:frames?" });
      }
      return out;
    },
  };
};
"""
)


def _minified(template: str) -> str:
    """``template`` without comment lines and indentation, the bundle's name and path filled in."""
    lines = (re.sub(r"\s+// .*$", "", line).strip() for line in template.splitlines())
    source = "\n".join(line for line in lines if line and not line.startswith("//"))
    return source.replace("__NAME__", json.dumps(bundle_name())).replace(
        "__RELPATH__", json.dumps(asset_relpath())
    )


def loader_source() -> str:
    """The ``_esm`` of a :class:`SharedBundleFigureWidget` (a few kB of JS: the loader above
    without its comment lines and indentation, since every figure sends its own copy)."""
    return _minified(_LOADER)


def bundle_import_source() -> str:
    """The loader's part that imports the served bundle once per page (``served()``), for
    another front end of the same page to share it (:mod:`course_lib.plots.labextension`)."""
    return _minified(_BUNDLE_IMPORT)


class SharedBundleFigureWidget(go.FigureWidget):
    """A ``go.FigureWidget`` whose front end imports plotly's bundle once per page.

    Same Python API and front-end behaviour as ``go.FigureWidget`` (``batch_update``,
    ``batch_animate``, hover, legends, callbacks); only ``_esm`` differs, plus one small
    counter the kernel fallback uses to resend the figure (``_course_lib_sync``), and the
    frames protocol an :class:`~course_lib.apps.base.Explorer` drives
    (:mod:`course_lib.apps.frames`): :meth:`pending_update`, :meth:`send_frames`,
    :meth:`take_drawn_frame` and :meth:`muted`.
    """

    _esm = loader_source()
    #: bumped each time the kernel resends the whole figure to a front end that asked for it
    _course_lib_sync = traitlets.Int(0).tag(sync=True)

    def __init__(self, *args, **kwargs):
        _install_once()
        super().__init__(*args, **kwargs)
        self._course_lib_muted = False
        self._course_lib_drawn = None
        #: called with no argument when a front end shows this figure and wants frames
        self._course_lib_frames_wanted = None
        self.on_msg(_answer_front_end)

    def _resend_figure(self) -> None:
        """Send the figure as it is now (data, layout) in one message, as plotly does on display."""
        with self.hold_sync():
            self._widget_layout = deepcopy(self._layout_obj._props)
            self._widget_data = deepcopy(self._data)
            self._states_to_send.update(("_widget_layout", "_widget_data"))  # even if unchanged
            self._course_lib_sync += 1

    # ------------------------------------------------------------------ frames

    def pending_update(self) -> str:
        """The ``Plotly.update`` the open ``batch_update`` will send, as JSON ("" if none).

        Only the edits that change the figure are recorded in batch mode, so this is exactly
        what the page receives when the batch closes; two calls agree iff the updates do.
        """
        if not self._in_batch_mode:
            raise ValueError("pending_update needs an open batch_update on this figure")
        if not (self._batch_trace_edits or self._batch_layout_edits):
            return ""
        restyle, relayout, traces = self._build_update_params_from_batch()
        update = {"style_data": restyle, "layout_data": relayout, "style_traces": traces}
        return to_json_plotly(_undefined_marked(update), engine="json")

    def send_frames(self, frames: str) -> None:
        """Send a frame set (JSON, built by :mod:`course_lib.apps.frames`) to the page."""
        self.send({"type": "course_lib:frames", "figure": self.model_id, "frames": frames})

    def take_drawn_frame(self) -> tuple | None:
        """The frame the page says it drew since the last call, ``(frame set id, control model
        id, value)``, or ``None``; forgets it."""
        drawn, self._course_lib_drawn = self._course_lib_drawn, None
        return drawn

    @contextlib.contextmanager
    def muted(self):
        """Apply updates in the kernel without sending them: the page already shows them."""
        self._course_lib_muted = True
        try:
            yield
        finally:
            self._course_lib_muted = False

    def _send_update_msg(self, *args, **kwargs):
        if not self._course_lib_muted:
            super()._send_update_msg(*args, **kwargs)


def _undefined_marked(value):
    """``value`` with plotly's ``Undefined`` (a trace an edit leaves alone) written as plotly's
    widget serializer writes it, ``"_undefined_"``; the loader reads it back as ``undefined``."""
    if isinstance(value, dict):
        return {k: _undefined_marked(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_undefined_marked(v) for v in value]
    return "_undefined_" if value is Undefined else value


def _answer_front_end(widget, content, buffers) -> None:
    """The loader's requests: the bundle's source and the whole figure (kernel fallback),
    frames (the figure is shown), and which frame the page drew."""
    kind = content.get("type") if isinstance(content, dict) else None
    if kind == "course_lib:bundle?":
        widget.send(
            {"type": "course_lib:bundle", "source": BUNDLE_SOURCE.read_text(encoding="utf-8")}
        )
    elif kind == "course_lib:resync?":
        widget._resend_figure()
    elif kind == "course_lib:frames?":
        if widget._course_lib_frames_wanted is not None:
            widget._course_lib_frames_wanted()
    elif kind == "course_lib:frame-drawn":
        widget._course_lib_drawn = (content.get("id"), content.get("control"), content.get("value"))


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
        raise ValueError(
            f"fig must be a plotly go.Figure, a go.FigureWidget or a figure dict; "
            f"got {type(fig).__name__}"
        )
    cls = go.FigureWidget if transport() == "plain" else SharedBundleFigureWidget
    return cls(fig)
