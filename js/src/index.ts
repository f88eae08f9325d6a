// The course's plotly bundle: plotly.py's figure widget (widget.ts, unchanged) on a plotly.js
// that registers only the trace types the course draws (the virtual module "plotly.js" of
// build.mjs). Plotly itself is exported too, for the static figures' renderer.
export * from "./widget";
export { default } from "./widget";
export { default as Plotly } from "plotly.js";
