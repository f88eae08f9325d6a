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
``_esm`` is a loader of about 6 kB. In the page the loader imports a plotly bundle
once, from a URL the Jupyter server serves, and every figure of the page reuses that
module. There are two bundles (:mod:`course_lib.plots.bundles`):

* the course's, ``static/widgetbundle-course.js`` (1.6 MB; built by ``make bundle`` from
  ``js/``): plotly's own widget on a plotly.js with only the trace types the course draws.
  Chromium loads and evaluates it about 4x faster than plotly's;
* plotly's own, for a figure with any other trace type (a student's pie).

A figure widget is drawn with the course's bundle if it has every type of the traces the
widget is made with (:func:`~course_lib.plots.bundles.for_traces`, sent in the widget's first state); adding a trace
of another type later warns. A static figure gets the same choice in the page. A bundle is
found, in order:

1. ``<labextensions URL>/course-lib-plotly/static/<bundle name>``.
   JupyterLab and Notebook 7 serve every file under each ``labextensions`` folder of
   the Jupyter data path; the kernel copies the bundles into the user's data
   folder (``jupyter --data-dir``) the first time a figure is made. The URL comes from
   the page's own config (``fullLabextensionsUrl``), so a JupyterHub prefix
   (``/user/<name>/``) is respected, and nothing comes from the internet. The folder
   has no ``package.json``, so JupyterLab does not take it for an extension.
2. If that fails (no Jupyter server page, e.g. VS Code; a blocked URL; a read-only data
   folder), the first figure asks its kernel for the bundle with a custom widget
   message: once per page instead of once per figure. The loader does not wait
   for it inside anywidget's ``initialize`` (anywidget holds the model's messages, the
   reply among them, until ``initialize`` returns); it loads the bundle in the
   background, and each figure then asks its kernel to resend the figure as it is
   now, so no update sent in between is lost (``tests/test_browser.py`` blocks the
   served URL and checks that the figures draw and a slider moves them).

The loader also draws *frames*: the kernel's draws of the neighbouring slider values, sent
ahead by an explorer once its figures are shown, so a keyboard step is drawn without waiting
for the kernel (see :mod:`course_lib.apps.frames`, which says what keeps them exact).

Static figures (a ``go.Figure`` shown as a cell's result) import the same served bundles, through
the course's JupyterLab renderer (:mod:`course_lib.plots.labextension`).

Set ``COURSE_LIB_FIGURE_TRANSPORT=plain`` to get plain ``go.FigureWidget`` objects (the
old behaviour, kept as the baseline of ``benchmarks/bench_browser.py``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import warnings
from copy import deepcopy

import plotly
import plotly.graph_objects as go
import traitlets
from plotly.basedatatypes import Undefined
from plotly.io.json import to_json_plotly

from course_lib.plots import bundles

#: Environment variable choosing the transport: "shared" (default) or "plain".
TRANSPORT_ENV = "COURSE_LIB_FIGURE_TRANSPORT"
TRANSPORTS = ("shared", "plain")

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
const BUNDLES = __BUNDLES__;
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

// The kind of bundle that draws these traces: the course's (plotly.js with the course's trace
// types only) if it draws every one of them, else plotly's own.
function bundleFor(traces) {
  const course = BUNDLES.course;
  const drawn = (trace) => course.traces.indexOf((trace && trace.type) || "scatter") >= 0;
  return course && (traces || []).every(drawn) ? "course" : "plotly";
}

// The module a bundle's code defines, and its Plotly (plotly's own bundle only sets the global).
function loaded(mod) {
  return { module: mod, Plotly: mod.Plotly || globalThis.Plotly };
}

// The copy of a bundle the Jupyter server serves, imported once per page; null if it cannot be.
function served(kind) {
  const cache = pageCache();
  const bundle = BUNDLES[kind];
  const key = bundle.name + ":served";
  if (!(key in cache)) {
    const base = labextensionsUrl();
    const attempt = base ? import(/* webpackIgnore: true */ base + bundle.relpath)
                         : Promise.reject(new Error("not a Jupyter server page"));
    cache[key] = attempt.then(loaded, (err) => {
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
// The kernel's copy of a bundle: asked for once per page, through the first figure that needs it.
function fromKernel(model, kind) {
  const cache = pageCache();
  const key = BUNDLES[kind].name + ":kernel";
  if (!cache[key]) {
    cache[key] = new Promise((resolve, reject) => {
      const onMessage = (msg) => {
        if (!msg || msg.type !== "course_lib:bundle" || msg.kind !== kind) return;
        model.off("msg:custom", onMessage);
        const url = URL.createObjectURL(new Blob([msg.source], { type: "text/javascript" }));
        import(/* webpackIgnore: true */ url).then((mod) => resolve(loaded(mod)), reject)
          .finally(() => URL.revokeObjectURL(url));
      };
      model.on("msg:custom", onMessage);
      model.send({ type: "course_lib:bundle?", kind });
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
      // chosen by the kernel: the model's first state has no traces yet
      const kind = ctx.model.get("_course_lib_bundle_kind") in BUNDLES
        ? ctx.model.get("_course_lib_bundle_kind") : "plotly";
      const got = await served(kind);
      if (got) {
        skipIgnoredDeltas(got.module);
        widget = got.module.default();
        return widget.initialize(ctx);
      }
      ready = fromKernel(ctx.model, kind).then(async (kernelGot) => {
        skipIgnoredDeltas(kernelGot.module);
        widget = kernelGot.module.default();
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


def _bundles_json() -> str:
    """What the loader knows of each bundle: its served name and path, and for the course's
    the trace types it draws."""
    table = {}
    for kind, found in bundles.available().items():
        table[kind] = {"name": found.name, "relpath": found.relpath}
        if found.traces is not None:
            table[kind]["traces"] = sorted(found.traces)
    return json.dumps(table, sort_keys=True)


def _minified(template: str) -> str:
    """``template`` without comment lines and indentation, the bundles' names and paths filled in."""
    lines = (re.sub(r"\s+// .*$", "", line).strip() for line in template.splitlines())
    source = "\n".join(line for line in lines if line and not line.startswith("//"))
    return source.replace("__BUNDLES__", _bundles_json())


def loader_source() -> str:
    """The ``_esm`` of a :class:`SharedBundleFigureWidget` (a few kB of JS: the loader above
    without its comment lines and indentation, since every figure sends its own copy)."""
    return _minified(_LOADER)


def bundle_import_source() -> str:
    """The loader's part that imports the served bundle once per page (``served()``), for
    another front end of the same page to share it (:mod:`course_lib.plots.labextension`)."""
    return _minified(_BUNDLE_IMPORT)


class SharedBundleFigureWidget(go.FigureWidget):
    """A ``go.FigureWidget`` whose front end imports a plotly bundle once per page.

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
    #: the kind of bundle a page draws this figure with, chosen from the traces it is made with.
    #: In the state the page receives first (plotly sends the figure's data only after that).
    _course_lib_bundle_kind = traitlets.Unicode().tag(sync=True)

    def __init__(self, *args, **kwargs):
        bundles.install_once()
        data = args[0] if args else kwargs.get("data")
        #: the bundle a page draws this figure with
        self._course_lib_bundle = bundles.for_traces(bundles.trace_types(data))
        super().__init__(*args, **kwargs)
        self._course_lib_muted = False
        self._course_lib_drawn = None
        #: called with no argument when a front end shows this figure and wants frames
        self._course_lib_frames_wanted = None
        self.on_msg(_answer_front_end)

    @traitlets.default("_course_lib_bundle_kind")
    def _chosen_kind(self):
        return self._course_lib_bundle.kind

    def _send_addTraces_msg(self, new_traces_data):
        drawn_with = getattr(self, "_course_lib_bundle", None)
        types = sorted({trace.get("type") or "scatter" for trace in new_traces_data})
        if drawn_with is not None and not drawn_with.draws(types):
            warnings.warn(
                f"this figure is drawn with the course's plotly bundle, which has no "
                f"{', '.join(t for t in types if not drawn_with.draws([t]))} "
                f"traces ({', '.join(sorted(drawn_with.traces))} only): a page "
                f"that shows it already cannot draw them. Make a new figure with them instead "
                f"(figure_widget(fig)), which the page draws with plotly's whole bundle.",
                stacklevel=_outside_plotly(),
            )
        super()._send_addTraces_msg(new_traces_data)

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


def _outside_plotly() -> int:
    """The ``stacklevel`` of the nearest caller outside plotly and this module (for a warning
    that names the line a student wrote), counted from the function that calls this one."""
    plotly_dir = os.path.dirname(plotly.__file__) + os.sep
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and (
        frame.f_code.co_filename.startswith(plotly_dir) or frame.f_code.co_filename == __file__
    ):
        frame, level = frame.f_back, level + 1
    return level


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
        wanted = content.get("kind")
        source = bundles.of_kind(wanted if wanted in bundles.KINDS else "plotly").source
        widget.send(
            {
                "type": "course_lib:bundle",
                "kind": wanted,
                "source": source.read_text(encoding="utf-8"),
            }
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
