/** The report's own stylesheet (inlined after uPlot's). Light, print-friendly, laptop-first. */
export const REPORT_CSS = `
:root {
  --ink: #1d2228; --muted: #5d6570; --faint: #8a9099; --line: #e3e6ea; --panel: #ffffff;
  --bg: #f5f6f8; --accent: #1f4e9c; --pos: #17803d; --neg: #c0392b; --warn-bg: #fff7e0; --warn-line: #e5b83b;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.page { max-width: 1280px; margin: 0 auto; padding: 0 24px 48px; }
h1 { font-size: 26px; line-height: 1.2; margin: 4px 0 6px; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 0 0 12px; }
h3 { font-size: 14px; margin: 0 0 6px; color: var(--muted); font-weight: 600; }
a { color: var(--accent); }
.brand { font-size: 12px; letter-spacing: .06em; text-transform: uppercase; color: var(--faint); padding-top: 20px; }
.desc { margin: 0 0 12px; color: var(--muted); max-width: 90ch; white-space: pre-line; overflow-wrap: anywhere; }
header.top { padding-bottom: 8px; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 6px 20px; margin: 8px 0 12px; }
.facts div { min-width: 0; }
.facts dt { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--faint); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.sym { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
nav.bar { position: sticky; top: 0; z-index: 10; background: rgba(245,246,248,.96); border-bottom: 1px solid var(--line); margin: 0 -24px 16px; padding: 8px 24px; display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: center; backdrop-filter: blur(4px); }
nav.bar .toc { display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: 13px; }
nav.bar .toc a { text-decoration: none; color: var(--muted); }
nav.bar .toc a:hover { color: var(--accent); }
nav.bar .controls { margin-left: auto; display: flex; gap: 14px; align-items: center; font-size: 13px; }
.seg { display: inline-flex; border: 1px solid #c5cad1; border-radius: 6px; overflow: hidden; }
.seg button { font: inherit; border: 0; background: #fff; padding: 3px 10px; cursor: pointer; color: var(--ink); }
.seg button + button { border-left: 1px solid #c5cad1; }
.seg button[aria-pressed="true"] { background: var(--accent); color: #fff; }
label.toggle { display: inline-flex; gap: 5px; align-items: center; cursor: pointer; }
section.card, .warnings { scroll-margin-top: 60px; }
section.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; margin: 0 0 16px; }
.note { color: var(--muted); font-size: 12.5px; margin: 6px 0 0; }
.warnings { background: var(--warn-bg); border: 1px solid var(--warn-line); border-radius: 8px; padding: 10px 16px; margin: 0 0 16px; }
.warnings h2 { font-size: 15px; margin: 0 0 4px; }
.warnings ul { margin: 0; padding-left: 20px; }
.warnings li { overflow-wrap: anywhere; }
.grid { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(min(100%, 520px), 1fr)); }
.grid > div { min-width: 0; }
.kf { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(min(100%, 400px), 1fr)); }
.kf-card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; border-top: 3px solid var(--nc, var(--accent)); }
.kf-card h3 { margin-bottom: 8px; color: var(--ink); font-size: 15px; }
.kf-tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(92px, 1fr)); gap: 8px 10px; }
.kf-tile .k { font-size: 11px; color: var(--faint); text-transform: uppercase; letter-spacing: .03em; }
.kf-tile { min-width: 0; }
.kf-tile .v { font-size: 19px; font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; }
.kf-tile .b { font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
.chart { width: 100%; min-height: 40px; }
.legend-inline { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12.5px; margin: 0 0 6px; color: var(--muted); }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; vertical-align: -1px; margin-right: 5px; border: 1px solid rgba(0,0,0,.15); }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.data { width: 100%; font-size: 13px; }
table.data th, table.data td { padding: 4px 6px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
table.data th:first-child, table.data td:first-child { text-align: left; }
table.data td.text, table.data th.text { text-align: left; white-space: normal; overflow-wrap: break-word; }
table.data td.label { white-space: nowrap; }
table.data thead th { font-size: 11.5px; color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--line); vertical-align: bottom; }
/* Headers wrap, so a table fits its column at 1280 px and wider instead of hiding columns in a scroll box. */
table.data thead th { white-space: normal; overflow-wrap: break-word; hyphens: auto; }
table.data tbody tr:hover { background: #f7f9fc; }
table.data .sub { color: var(--faint); font-size: 11.5px; }
table.data tr.group th { text-align: left; padding-top: 10px; color: var(--ink); font-size: 12px; background: #fafbfc; }
.pos { color: var(--pos); }
.neg { color: var(--neg); }
.scroll { overflow-x: auto; }
table.heat { width: 100%; font-size: 11.5px; table-layout: fixed; }
table.heat th { font-weight: 600; color: var(--muted); padding: 3px 2px; text-align: center; }
table.heat td { padding: 3px 2px; text-align: center; border: 1px solid #fff; color: #1d2228; }
table.heat td.year, table.heat th.year { text-align: left; font-weight: 600; color: var(--ink); width: 44px; }
table.heat td.total { font-weight: 600; border-left: 2px solid #fff; }
table.heat td.empty { background: #fafbfc; }
svg.bars { width: 100%; height: auto; display: block; margin-top: 10px; font-family: system-ui, sans-serif; }
svg.bars .grid { stroke: #e6e8eb; stroke-width: 1; }
svg.bars .zero { stroke: #7d838b; stroke-width: 1; }
svg.bars .ylab, svg.bars .xlab { font-size: 10px; fill: #4a4f57; }
svg.bars .leg { font-size: 11px; fill: #1d2228; }
pre.config { background: #f7f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 12px; font-size: 12px; line-height: 1.4; overflow: auto; max-height: 560px; white-space: pre; margin: 0; }
footer { color: var(--faint); font-size: 12px; margin-top: 8px; }
.tag { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 10px; background: #fdecea; color: var(--neg); margin-left: 6px; }
.uplot { font-family: system-ui, sans-serif; }
.uplot .u-legend { font-size: 12px; text-align: left; margin: 2px 0 0; }
.uplot .u-legend .u-series { padding: 1px 6px; }
.uplot .u-legend th { font-weight: 500; }
.uplot .u-legend .u-marker { width: 10px; height: 10px; }
@media (max-width: 760px) {
  nav.bar .controls { margin-left: 0; }
}
@media print {
  @page { size: A4; margin: 12mm; }
  :root { --bg: #fff; }
  body { font-size: 10pt; background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .page { max-width: none; padding: 0; }
  nav.bar, .no-print { display: none !important; }
  section.card { border: 0; border-top: 1px solid #ccd; border-radius: 0; padding: 10px 0 4px; margin: 0 0 6px; break-inside: auto; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  .kf-card, .chart, .uplot, table.heat, svg.bars, table.data tr, .warnings { break-inside: avoid; }
  .grid, .kf { grid-template-columns: 1fr; }
  .uplot, .uplot canvas { max-width: 100% !important; height: auto !important; }
  .uplot .u-over, .uplot .u-cursor-x, .uplot .u-cursor-y, .uplot .u-cursor-pt, .uplot .u-select { display: none !important; }
  pre.config { max-height: none; overflow: visible; white-space: pre-wrap; font-size: 8.5pt; }
  table.data tbody tr:hover { background: none; }
  .scroll { overflow: visible; }
  table.data { font-size: 8pt; }
  table.data th, table.data td { padding: 2px 4px; white-space: normal; }
  table.data td:first-child { min-width: 26mm; }
  table.heat { font-size: 7.5pt; }
  .uplot .u-legend .u-value, .uplot .u-legend .u-series:first-child { display: none !important; }
  .uplot .u-inline.u-live th::after { content: none; }
}
`;
