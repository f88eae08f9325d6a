"""The static figures' JupyterLab renderer (course_lib.plots.labextension).

What JupyterLab reads (package.json, the script it loads, the bundle beside it) is checked
with jupyterlab_server's own discovery; the script's module-federation protocol is run in
node against a fake share scope; that the course venv uses it (plotly's renderer disabled)
is read from the venv's page config. tests/test_browser.py draws a static figure with it in
JupyterLab and Chromium.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_lib.plots import bundles
from course_lib.plots import labextension as ext


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_install_writes_an_extension_jupyterlab_finds(tmp_path):
    from jupyterlab_server.config import get_federated_extensions

    folder = ext.install(tmp_path)
    labextensions = tmp_path / "share" / "jupyter" / "labextensions"
    assert folder == labextensions / ext.NAME
    found = get_federated_extensions([str(labextensions)])
    assert list(found) == [ext.NAME]
    build = found[ext.NAME]["jupyterlab"]["_build"]
    assert build["mimeExtension"] == "./mimeExtension"
    assert build["extension"] == "./extension"  # the opener, a plugin of the application
    script = folder / build["load"]
    assert script.read_text(encoding="utf-8") == ext.container_source()
    # the bundles lie where the figure widgets' loader imports them from: one URL, one module
    assert set(bundles.available()) == {"course", "plotly"}
    for found in bundles.available().values():
        assert _sha(labextensions / found.relpath) == _sha(found.source)


def test_install_again_replaces_what_an_older_install_left(tmp_path):
    folder = ext.install(tmp_path)
    static = folder / "static"
    (static / "remoteEntry.0123456789abcdef.js").write_text("old script")
    (static / "widgetbundle-0.0.1-12.js").write_text("old bundle")
    (static / bundles.of_kind("plotly").name).write_text("a copy cut short")
    ext.install(tmp_path)
    package = json.loads((folder / "package.json").read_text())
    assert sorted(p.name for p in static.iterdir()) == sorted(
        [Path(package["jupyterlab"]["_build"]["load"]).name]
        + [found.name for found in bundles.available().values()]
    )
    assert _sha(static / bundles.of_kind("plotly").name) == _sha(bundles.PLOTLY_BUNDLE)


def test_script_name_changes_with_its_content(tmp_path, monkeypatch):
    first = json.loads((ext.install(tmp_path) / "package.json").read_text())
    monkeypatch.setattr(ext, "CSS_CLASS", "another-class")
    second = json.loads((ext.install(tmp_path) / "package.json").read_text())
    # a browser that cached the old script cannot run it against the new package.json
    assert first["jupyterlab"]["_build"]["load"] != second["jupyterlab"]["_build"]["load"]


def _run_in_node(tmp_path: Path, runner_js: str) -> dict:
    """Install the extension under ``tmp_path``, run ``runner_js`` in node on its script (the
    script's path and the extension's name are its arguments); return what it printed (JSON)."""
    folder = ext.install(tmp_path)
    package = json.loads((folder / "package.json").read_text())
    runner = tmp_path / "runner.js"
    runner.write_text(runner_js)
    done = subprocess.run(
        ["node", str(runner), str(folder / package["jupyterlab"]["_build"]["load"]), ext.NAME],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


FEDERATION_JS = r"""
const fs = require("fs");
global.window = global;
class Widget {  // stands in for @lumino/widgets' Widget
  constructor() { this.node = {}; this.classes = []; }
  addClass(name) { this.classes.push(name); }
}
const asked = [];
const scope = {
  "@lumino/widgets": {
    "2.3.0": { get: () => { asked.push("2.3.0"); return Promise.resolve(() => ({ Widget: null })); } },
    "2.7.1": { loaded: 1, get: () => { asked.push("2.7.1"); return Promise.resolve(() => ({ Widget })); } },
  },
};
new Function(fs.readFileSync(process.argv[2], "utf8"))();
const container = window._JUPYTERLAB[process.argv[3]];
(async () => {
  container.init(scope);
  const factory = await container.get("./mimeExtension");
  const module = factory();
  const [extension] = module.default;
  const renderer = extension.rendererFactory.createRenderer({ mimeType: extension.rendererFactory.mimeTypes[0] });
  let refused = null;
  try { await container.get("./style"); } catch (err) { refused = String(err); }
  console.log(JSON.stringify({
    count: module.default.length, id: extension.id, mimeTypes: extension.rendererFactory.mimeTypes,
    safe: extension.rendererFactory.safe, dataType: extension.dataType, asked,
    isWidget: renderer instanceof Widget, classes: renderer.classes,
    hasRenderModel: typeof renderer.renderModel === "function", refused,
  }));
})().catch((err) => { console.error(err); process.exit(1); });
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_script_is_a_federated_module_jupyterlab_can_load(tmp_path):
    got = _run_in_node(tmp_path, FEDERATION_JS)
    assert got == {
        "count": 1,
        "id": ext.PLUGIN,
        "mimeTypes": [ext.MIME_TYPE],
        "safe": True,
        "dataType": "json",
        "asked": ["2.7.1"],  # the page's loaded Widget, not another version of the scope
        "isWidget": True,
        "classes": [ext.CSS_CLASS],
        "hasRenderModel": True,
        "refused": got["refused"],
    }
    assert "no module ./style" in got["refused"]


OPENER_JS = r"""
const fs = require("fs");
global.window = global;
const IRouter = { name: "@jupyterlab/application:IRouter" };  // a token is an object
let treePath = "";
const scope = {
  "@lumino/widgets": { "2.7.1": { loaded: 1, get: () => Promise.resolve(() => ({ Widget: class {} })) } },
  "@jupyterlab/application": { "4.6.6": { loaded: 1, get: () => Promise.resolve(() => ({ IRouter })) } },
  "@jupyterlab/coreutils": { "6.6.6": { loaded: 1, get: () => Promise.resolve(() => ({
    PageConfig: { getOption: (name) => (name === "treePath" ? treePath : "") },
  })) } },
};
new Function(fs.readFileSync(process.argv[2], "utf8"))();
const container = window._JUPYTERLAB[process.argv[3]];
const types = { "notebooks/01 free rider.ipynb": "notebook", "notebooks": "directory" };
(async () => {
  container.init(scope);
  const plugins = (await container.get("./extension"))().default;
  const [plugin] = plugins;
  const commands = {}, executed = [], routes = [], asked = [], warned = [];
  console.warn = (...args) => warned.push(args.map(String).join(" "));
  let restore;
  const app = {
    restored: new Promise((resolve) => { restore = resolve; }),
    commands: {
      addCommand: (id, options) => { commands[id] = options; },
      execute: async (id, args) => { executed.push([id, args]); },
    },
    serviceManager: { contents: { get: async (path, options) => {
      asked.push([path, options]);
      if (!(path in types)) throw new Error("404 " + path);
      return { type: types[path] };
    } } },
  };
  const router = { register: (rule) => routes.push(rule) };
  plugin.activate(app, router);
  const [route] = routes;
  const urls = ["/lab/tree/notebooks/a.ipynb", "/lab/workspaces/test-01-abc/tree/a.ipynb",
                "/doc/tree/a.ipynb", "/lab", "/lab/workspaces/test-01", "/lab/tree"];
  const run = async (path) => {
    treePath = path;
    const returned = commands[route.command].execute({});
    await new Promise((r) => setTimeout(r, 20));
    return returned;
  };
  const returned = await run("notebooks/01 free rider.ipynb");
  const beforeRestored = executed.length;
  restore();
  await new Promise((r) => setTimeout(r, 20));
  const file = executed.splice(0);
  await run("notebooks");
  const folder = executed.splice(0);
  await run("notebooks/gone.ipynb");
  const gone = executed.splice(0);
  const asks = asked.length;
  await run("");
  console.log(JSON.stringify({
    count: plugins.length, id: plugin.id, autoStart: plugin.autoStart,
    requiresTheRouter: plugin.requires.length === 1 && plugin.requires[0] === IRouter,
    command: route.command, commands: Object.keys(commands), rank: route.rank,
    matches: urls.filter((url) => route.pattern.test(url)),
    returned: returned === undefined, beforeRestored, file, folder, gone, warned,
    askedForNothing: asked.length === asks, asked: asked[0],
  }));
})().catch((err) => { console.error(err); process.exit(1); });
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_opener_opens_the_urls_document_once_the_layout_is_restored(tmp_path):
    """Run against fakes of JupyterLab's app and router: the route is registered before
    JupyterLab's state route, returns at once, and opens a document (not a folder, not a
    missing path) with docmanager:open only after ``app.restored``."""
    got = _run_in_node(tmp_path, OPENER_JS)
    path = "notebooks/01 free rider.ipynb"
    assert got == {
        "count": 1,
        "id": ext.OPENER_PLUGIN,
        "autoStart": True,
        "requiresTheRouter": True,
        "command": ext.OPEN_COMMAND,
        "commands": [ext.OPEN_COMMAND],
        "rank": ext.OPEN_RANK,
        "matches": [
            "/lab/tree/notebooks/a.ipynb",
            "/lab/workspaces/test-01-abc/tree/a.ipynb",
            "/doc/tree/a.ipynb",
        ],
        "returned": True,  # the router does not wait for the opening
        "beforeRestored": 0,
        "file": [["docmanager:open", {"path": path}]],
        "folder": [],  # JupyterLab's own route shows a folder in the file browser
        "gone": [],
        "warned": got["warned"],
        "askedForNothing": True,  # no document in the URL: no request
        "asked": [path, {"content": False}],
    }
    assert len(got["warned"]) == 1 and "notebooks/gone.ipynb" in got["warned"][0], got["warned"]


def test_the_opener_routes_before_jupyterlabs_state_route():
    """JupyterLab's router runs routes by rank, lowest first, each awaited; its state route
    waits for the workspace save. A release that moves it below the opener's rank would make
    the opener wait as well."""
    import re

    static = Path(sys.prefix) / "share" / "jupyter" / "lab" / "static"
    sources = "".join(p.read_text(errors="replace") for p in static.glob("jlab_core.*.js"))
    assert '"apputils:load-statedb"' in sources, static
    ranks = re.findall(r"\.loadState,pattern:/\.\?/,rank:(\d+)\}", sources)
    assert ranks and all(int(rank) > ext.OPEN_RANK for rank in ranks), ranks


def test_the_course_venv_draws_static_figures_with_it():
    """``make`` installed it into this venv and disabled plotly's own renderer there."""
    from jupyterlab_server.config import get_federated_extensions, get_static_page_config

    labextensions = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    found = get_federated_extensions([str(labextensions)])
    assert ext.NAME in found, "run `python -m course_lib.plots.labextension` (make does)"
    script = Path(found[ext.NAME]["ext_path"]) / found[ext.NAME]["jupyterlab"]["_build"]["load"]
    assert script.read_text(encoding="utf-8") == ext.container_source(), "installed script is stale"
    disabled = get_static_page_config(level="sys_prefix").get("disabledExtensions", {})
    assert disabled.get(ext.REPLACED_PLUGIN) is True, disabled
    assert all(disabled.get(plugin) is True for plugin in ext.RECENTS_PLUGINS), disabled
    assert not disabled.get(ext.PLUGIN)
    assert not disabled.get(ext.OPENER_PLUGIN)


def test_the_replaced_plugin_id_is_plotlys():
    """JupyterLab disables by plugin id; the id must be the one plotly's extension registers."""
    static = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / ext.REPLACES / "static"
    sources = list(static.glob("*.js"))
    assert sources, f"plotly's JupyterLab extension is not in {static}"
    assert any(ext.REPLACED_PLUGIN.encode() in p.read_bytes() for p in sources)


@pytest.mark.parametrize("plugin", ext.RECENTS_PLUGINS)
def test_the_recents_plugin_ids_are_jupyterlabs(plugin):
    """A JupyterLab release that renames a plugin would leave the slow start in place (the
    browser tests catch the other way round: a plugin left that needs a disabled one)."""
    static = Path(sys.prefix) / "share" / "jupyter" / "lab" / "static"
    sources = b"".join(p.read_bytes() for p in static.glob("*.js"))
    assert f'"{plugin}"'.encode() in sources, static


def test_a_failed_disable_says_what_jupyter_said(tmp_path, monkeypatch):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    jupyter = bindir / "jupyter"
    jupyter.write_text("#!/bin/sh\necho 'cannot write page_config.json: read-only' >&2\nexit 3\n")
    jupyter.chmod(0o755)
    monkeypatch.setattr(ext.sys, "executable", str(bindir / "python"))
    with pytest.raises(RuntimeError, match="exit 3.*read-only") as failed:
        ext.disable([ext.REPLACED_PLUGIN, *ext.RECENTS_PLUGINS])
    assert all(
        plugin in str(failed.value) for plugin in (ext.REPLACED_PLUGIN, *ext.RECENTS_PLUGINS)
    )
