// Builds ../course_lib/plots/static/widgetbundle-course.js and its manifest: `make bundle`.
//
// plotly.py's widget bundle (plotly/package_data/widgetbundle.js) is src/widget.ts compiled by
// esbuild with all of plotly.js (about 5 MB; 1.2 s for Chromium to load on 2 cores). This is the
// same widget.ts on plotly.js's core with the trace types of package.json's courseBundle only,
// built the way plotly.js builds its own partial bundles (its esbuild-config.js).
import { build, version as esbuildVersion } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const plotlyjs = JSON.parse(readFileSync("node_modules/plotly.js/package.json", "utf8")).version;
const { plotly, traces, components } = pkg.courseBundle;
const out = "../course_lib/plots/static";

// "plotly.js" as the widget imports it: core (which has scatter) and the listed modules.
const modules = [...traces.filter((t) => t !== "scatter"), ...components];
const entry = [
  'var Plotly = require("plotly.js/lib/core");',
  `Plotly.register([${modules.map((m) => `require("plotly.js/lib/${m}")`).join(", ")}]);`,
  "module.exports = Plotly;",
].join("\n");
const partialPlotly = {
  name: "partial-plotly",
  setup(b) {
    b.onResolve({ filter: /^plotly\.js$/ }, () => ({ path: "plotly.js", namespace: "partial" }));
    b.onLoad({ filter: /.*/, namespace: "partial" }, () => ({ contents: entry, resolveDir: "." }));
  },
};

mkdirSync(out, { recursive: true });
const file = `${out}/widgetbundle-course.js`;
await build({
  entryPoints: ["src/index.ts"],
  outfile: file,
  bundle: true,
  format: "esm",
  minify: true,
  legalComments: "eof",
  plugins: [partialPlotly],
  define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
  // maplibre's stylesheet, which plotly.js requires for map traces (not in this bundle)
  loader: { ".css": "empty" },
  logLevel: "warning",
});
const source = readFileSync(file);
const manifest = {
  plotly,
  "plotly.js": plotlyjs,
  esbuild: esbuildVersion,
  traces,
  components,
  bytes: source.length,
  sha256: createHash("sha256").update(source).digest("hex"),
};
writeFileSync(`${out}/widgetbundle-course.json`, JSON.stringify(manifest, null, 2) + "\n");
console.log(`${file}: ${source.length} bytes, plotly.js ${plotlyjs}, traces ${traces.join(", ")}`);
