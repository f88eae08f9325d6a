"""Static figures drawn with the page's one plotly bundle: the course's JupyterLab extension.

Why this module exists
----------------------
A lesson shows most of its figures as plain ``go.Figure`` outputs (mime type
``application/vnd.plotly.v1+json``). JupyterLab draws those with plotly's own extension,
``jupyterlab-plotly``, which carries a second copy of plotly.js (4.8 MB, beside the
bundle the figure widgets share, :mod:`course_lib.plots.widget`) and draws every figure
three times: ``Plotly.react``, then ``Plotly.redraw`` and a resize on the update it asks
for, then ``Plotly.toImage`` for a PNG that it writes into the output (so each figure
also grows the saved notebook by a PNG and marks it changed).

:func:`install` writes ``course-lib-plotly``, a small prebuilt (federated) JupyterLab
extension, into ``<prefix>/share/jupyter/labextensions``. Its renderer takes the same
mime type, imports the same served bundle as the figure widgets (the same URL and the
same page-wide promise, so the page evaluates plotly.js once for both), draws once with
``Plotly.react`` (frames included, so animations play), and resizes only when its width
changes. The bundle is copied beside it, where the widgets' loader looks for it. Beside
the install, ``jupyterlab-plotly``'s renderer plugin is disabled at the same level (it
would otherwise compete for the mime type, and whichever registers last wins); JupyterLab
still loads a disabled extension's code, it only does not register its plugins.

``make lab`` and ``make test`` run ``python -m course_lib.plots.labextension``, which
installs into this Python's prefix (the course venv) and disables ``jupyterlab-plotly``
there with JupyterLab's own ``jupyter labextension disable --level=sys_prefix``.
Undo with ``jupyter labextension enable --level=sys_prefix @jupyterlab/plotly-extension:factory``.

The same command disables one of JupyterLab's own plugins there, the manager of recently
opened documents (``@jupyterlab/docmanager-extension:recents``), with the two plugins that
need it (the "Open Recent" menu and the running panel's "Recently closed" list). It holds
up the opening of every page. JupyterLab opens a page's notebook only after it has saved
the page's workspace (its ``loadState`` route waits for the save); that save is debounced
by 500 ms, and the wait starts again on every change to the page's state; and the recents
manager rewrites its list 500 ms after it has loaded it. Without it, a lesson's kernel is
ready 0.4-0.5 s sooner in JupyterLab with Chromium on 2 cores. Keep it with
``--keep-recents``, or undo with ``jupyter labextension enable --level=sys_prefix`` and the
three ids of :data:`RECENTS_PLUGINS`.

The wait for that save stays (the debouncer restarts on every change, and the page's state
changes while it starts), so the extension has a second plugin, :data:`OPENER_PLUGIN`. Its
route runs before JupyterLab's state route (rank 25 against 30) on a page whose URL names a
document (``/lab/tree/<path>``, ``/lab/workspaces/<name>/tree/<path>``), returns at once,
and opens the document as soon as JupyterLab has restored the page's layout, with
JupyterLab's own ``docmanager:open``. JupyterLab opens the same path once its routes are
done, which then only shows the document already open; a folder is left to JupyterLab. The
kernel of a lesson opened by its URL is ready 0.1-0.6 s sooner. Undo with
``jupyter labextension disable`` and its id.

The extension is written by hand rather than built with ``@jupyterlab/builder``: it is
one small script that needs three shared modules from the page's webpack share scope
(``@lumino/widgets`` for the renderer's base class; ``@jupyterlab/application`` and
``@jupyterlab/coreutils`` for the opener's router token and the page's config), so no node
toolchain is needed to install the course.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from course_lib.plots import bundles, widget

#: The extension's name; also the folder the widgets' loader imports the bundle from.
NAME = bundles.ASSET_FOLDER
#: The mime type plotly's ``_repr_mimebundle_`` and ``fig.show()`` produce in JupyterLab.
MIME_TYPE = "application/vnd.plotly.v1+json"
#: The extension this one replaces for that mime type, and the id of its renderer plugin
#: (JupyterLab disables plugins by id; the package name alone leaves the renderer active).
REPLACES = "jupyterlab-plotly"
REPLACED_PLUGIN = "@jupyterlab/plotly-extension:factory"
#: The id of this extension's renderer plugin.
PLUGIN = f"{NAME}:figures"
#: JupyterLab's manager of recently opened documents, which delays every page's notebook by
#: about 0.5 s (see the module docstring), then the two plugins that cannot start without it
#: (the "Open Recent" menu, and the running panel's "Recently closed" list).
RECENTS_PLUGINS = (
    "@jupyterlab/docmanager-extension:recents",
    "@jupyterlab/mainmenu-extension:recents",
    "@jupyterlab/running-extension:recently-closed",
)
#: The plugin that opens the document of the page's URL without waiting for the workspace
#: save (see the module docstring), and the command its route runs.
OPENER_PLUGIN = f"{NAME}:opener"
OPEN_COMMAND = f"{NAME}:open-page-document"
#: The rank of that route: JupyterLab's own state route (``apputils:load-statedb``) has 30.
OPEN_RANK = 25
#: CSS class of every static figure it draws (tests and styles find them by it).
CSS_CLASS = "course-lib-figure"

# A webpack module-federation container, as JupyterLab loads one: ``init(shareScope)``
# receives the page's shared modules, ``get("./mimeExtension")`` resolves to a factory
# returning the module whose default export is the list of mime renderer extensions.
_CONTAINER = r"""
(function () {
"use strict";
__BUNDLE_IMPORT__
const MIME = __MIME__;
const CSS_CLASS = __CSS__;
let shareScope = {};

// A module of the page's share scope: the version already loaded, else the newest.
async function shared(name) {
  const versions = shareScope[name] || {};
  const newest = (a, b) => {
    const pa = a.split(/[.+-]/).map(Number), pb = b.split(/[.+-]/).map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      const d = (pa[i] || 0) - (pb[i] || 0);
      if (d) return d > 0 ? a : b;
    }
    return a;
  };
  const keys = Object.keys(versions);
  if (!keys.length) throw new Error("course-lib-plotly: the page shares no " + name);
  const loaded = keys.filter((v) => versions[v].loaded);
  const version = (loaded.length ? loaded : keys).reduce(newest);
  const entry = versions[version];
  entry.loaded = 1;
  const factory = await entry.get();
  return factory();
}

// The Plotly of the bundle that draws these traces (see bundleFor).
async function plotly(traces) {
  const kind = bundleFor(traces);
  const got = await served(kind);
  if (!got || !got.Plotly) {
    throw new Error("course-lib-plotly: plotly's bundle was not served at " +
      (labextensionsUrl() || "?") + BUNDLES[kind].relpath + "; run `make lab` (or " +
      "`python -m course_lib.plots.labextension`) to install it");
  }
  return got.Plotly;
}

function extensions(Widget) {
  class RenderedFigure extends Widget {
    constructor(options) {
      super();
      this.addClass(CSS_CLASS);
      this._mimeType = options.mimeType;
      this._plotly = null;
      this._observer = null;
      this._width = 0;
    }

    async renderModel(model) {
      const spec = model.data[this._mimeType] || {};
      // plotly.js writes into what it is given (uids, defaults); the model keeps its own copy
      const { data = [], layout = {}, frames, config } = structuredClone(spec);
      if (!layout.height) layout.height = 360;  // as jupyterlab-plotly: outputs have no height
      const traces = data.concat(...(frames || []).map((frame) => (frame && frame.data) || []));
      const Plotly = await plotly(traces);  // JupyterLab shows a rejection in the output
      await Plotly.react(this.node, { data, layout, frames: frames || [], config: config || {} });
      this._plotly = Plotly;
      this._width = this.node.offsetWidth;
      if (!this._observer && typeof ResizeObserver !== "undefined") {
        // the output's width follows the notebook panel, whichever way it changes
        this._observer = new ResizeObserver(() => this._fit());
        this._observer.observe(this.node);
      }
    }

    // Redraw at the new width only when the width changed (plotly's own renderer redraws
    // on every update request, and again for a PNG).
    _fit() {
      if (!this._plotly || !this.node._fullLayout) return;
      const width = this.node.offsetWidth;
      if (width > 0 && width !== this._width) {
        this._width = width;
        this._plotly.Plots.resize(this.node).catch(() => {});  // hidden again meanwhile
      }
    }

    onAfterShow(msg) { this._fit(); }

    dispose() {
      if (this.isDisposed) return;
      if (this._observer) this._observer.disconnect();
      if (this._plotly) this._plotly.purge(this.node);
      super.dispose();
    }
  }

  return [{
    id: __PLUGIN__,
    rendererFactory: {
      safe: true,
      mimeTypes: [MIME],
      createRenderer: (options) => new RenderedFigure(options),
    },
    rank: 2,
    dataType: "json",
    fileTypes: [{
      name: "plotly",
      mimeTypes: [MIME],
      extensions: [".plotly", ".plotly.json"],
      iconClass: "jp-MaterialIcon jp-PlotlyIcon",
    }],
    documentWidgetFactoryOptions: {
      name: "Plotly",
      primaryFileType: "plotly",
      fileTypes: ["plotly", "json"],
      defaultFor: ["plotly"],
    },
  }];
}

// Opens the document the page's URL names as soon as JupyterLab has restored the layout,
// instead of after JupyterLab's state route has saved the workspace (see the Python module).
function opener(IRouter, PageConfig) {
  return {
    id: __OPENER__,
    description: "Opens the document of the page's URL as soon as the layout is restored.",
    autoStart: true,
    requires: [IRouter],
    activate: (app, router) => {
      app.commands.addCommand(__OPEN_COMMAND__, {
        label: "Open the document of the page's URL",
        execute: () => {
          const path = PageConfig.getOption("treePath");
          if (!path) return;
          // not awaited: the router goes on to JupyterLab's routes, which restore the layout
          void app.restored
            .then(() => app.serviceManager.contents.get(path, { content: false }))
            .then((model) => model.type === "directory" ? null :
              app.commands.execute("docmanager:open", { path }))
            .catch((err) => console.warn(__OPENER__ + ": left " + path + " to JupyterLab", err));
        },
      });
      router.register({
        command: __OPEN_COMMAND__,
        pattern: /\/(lab|doc)(\/workspaces\/[a-zA-Z0-9\-_]+)?\/tree\//,
        rank: __OPEN_RANK__,
      });
    },
  };
}

const modules = {
  "./mimeExtension": async () => {
    const { Widget } = await shared("@lumino/widgets");
    return extensions(Widget);
  },
  "./extension": async () => {
    const { IRouter } = await shared("@jupyterlab/application");
    const { PageConfig } = await shared("@jupyterlab/coreutils");
    return [opener(IRouter, PageConfig)];
  },
};

const container = {
  init(scope) { shareScope = scope || {}; },
  async get(module) {
    if (!(module in modules)) throw new Error("course-lib-plotly has no module " + module);
    const list = await modules[module]();
    return () => ({ __esModule: true, default: list });
  },
};
(window._JUPYTERLAB = window._JUPYTERLAB || {})[__NAME_JSON__] = container;
})();
"""


def container_source() -> str:
    """The extension's script (``static/remoteEntry.<hash>.js``)."""
    return (
        _CONTAINER.replace("__BUNDLE_IMPORT__", widget.bundle_import_source())
        .replace("__MIME__", json.dumps(MIME_TYPE))
        .replace("__CSS__", json.dumps(CSS_CLASS))
        .replace("__NAME_JSON__", json.dumps(NAME))
        .replace("__PLUGIN__", json.dumps(PLUGIN))
        .replace("__OPENER__", json.dumps(OPENER_PLUGIN))
        .replace("__OPEN_COMMAND__", json.dumps(OPEN_COMMAND))
        .replace("__OPEN_RANK__", str(OPEN_RANK))
        .lstrip()
    )


def extension_dir(prefix: str | os.PathLike | None = None) -> Path:
    """``<prefix>/share/jupyter/labextensions/course-lib-plotly`` (``prefix``: this Python's)."""
    return (
        Path(sys.prefix if prefix is None else prefix)
        / "share"
        / "jupyter"
        / "labextensions"
        / NAME
    )


def install(prefix: str | os.PathLike | None = None) -> Path:
    """Write the extension (``package.json``, its script, and the plotly bundles beside it:
    the course's and plotly's own, :func:`course_lib.plots.bundles.available`).

    Re-running replaces an older script and bundles, so the folder always matches the
    installed plotly. Returns the extension's folder.
    """
    from course_lib import __version__

    folder = extension_dir(prefix)
    static = folder / "static"
    static.mkdir(parents=True, exist_ok=True)
    source = container_source()
    script = f"remoteEntry.{hashlib.sha256(source.encode()).hexdigest()[:16]}.js"
    keep = {script} | {found.name for found in bundles.available().values()}
    for old in static.iterdir():
        if old.name not in keep:
            old.unlink()
    (static / script).write_text(source, encoding="utf-8")
    for found in bundles.available().values():
        copy = static / found.name
        if not copy.exists() or copy.stat().st_size != found.source.stat().st_size:
            partial = static / f".{copy.name}.partial"
            shutil.copyfile(found.source, partial)
            os.replace(partial, copy)
    package = {
        "name": NAME,
        "version": __version__,
        "description": (
            "Alliance Dilemmas: static plotly figures drawn with the page's one plotly bundle, "
            "and the page's document opened without waiting for the workspace save"
        ),
        "license": "MIT",
        "jupyterlab": {
            "extension": True,
            "mimeExtension": True,
            "_build": {
                "load": f"static/{script}",
                "extension": "./extension",
                "mimeExtension": "./mimeExtension",
            },
        },
    }
    (folder / "package.json").write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
    return folder


def disable(plugins: list[str], level: str = "sys_prefix") -> None:
    """Disable JupyterLab plugins by id with JupyterLab's own command, at ``level``."""
    jupyter = Path(sys.executable).with_name("jupyter")
    command = [str(jupyter) if jupyter.exists() else "jupyter", "labextension", "disable"]
    command += [f"--level={level}", *plugins]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(
            f"`{' '.join(command)}` failed (exit {done.returncode}): "
            f"{(done.stderr or done.stdout).strip()[-2000:]}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m course_lib.plots.labextension", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--prefix", help="install under this prefix (default: this Python's)")
    parser.add_argument(
        "--keep-plotly-renderer",
        action="store_true",
        help=f"do not disable {REPLACES} (then which renderer draws is up to JupyterLab)",
    )
    parser.add_argument(
        "--keep-recents",
        action="store_true",
        help=f"do not disable {RECENTS_PLUGINS[0]} (pages then open about 0.5 s later)",
    )
    args = parser.parse_args(argv)
    folder = install(args.prefix)
    print(f"installed {folder}")
    plugins = [] if args.keep_plotly_renderer else [REPLACED_PLUGIN]
    plugins += [] if args.keep_recents else list(RECENTS_PLUGINS)
    if plugins and args.prefix in (None, sys.prefix):
        disable(plugins)
        print(f"disabled {', '.join(plugins)} (jupyter labextension disable --level=sys_prefix)")


if __name__ == "__main__":
    main()
