/** Styles the comparison page adds to the run report's stylesheet (REPORT_CSS). */
export const COMPARE_CSS = `
[hidden] { display: none !important; }
.swatch.line { width: 16px; height: 4px; border-radius: 2px; vertical-align: 3px; border: 0; }
table.rank th[data-col] { cursor: pointer; user-select: none; }
table.rank th[data-col]:hover { color: var(--accent); }
table.rank th[data-col]::after { content: ""; display: inline-block; width: 0.9em; text-align: left; }
table.rank th[aria-sort="descending"]::after { content: " ▼"; }
table.rank th[aria-sort="ascending"]::after { content: " ▲"; }
table.rank th.sorted, table.rank td.sorted { background: #eef3fb; }
table.rank thead tr.groups th { text-align: center; border-bottom: 1px solid var(--line); color: var(--ink); }
table.rank th.sep, table.rank td.sep { border-left: 2px solid var(--line); }
table.rank td.name { min-width: 220px; max-width: 360px; white-space: normal; overflow-wrap: anywhere; }
table.rank td.name a { color: var(--ink); text-decoration: none; }
table.rank td.name a:hover { color: var(--accent); text-decoration: underline; }
table.rank td.period { color: var(--muted); font-size: 12px; }
table.corr { font-size: 11.5px; border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.corr th, table.corr td { padding: 3px 4px; text-align: center; border: 1px solid #fff; }
table.corr thead th { color: var(--muted); font-weight: 600; min-width: 34px; }
table.corr th.row { text-align: left; font-weight: 500; white-space: nowrap; max-width: 300px; overflow: hidden; text-overflow: ellipsis; color: var(--ink); }
table.corr td.diag { color: var(--faint); }
.idx { display: inline-block; min-width: 1.6em; color: var(--faint); font-variant-numeric: tabular-nums; }
table.periods td.partial::after { content: "*"; color: var(--muted); }
table.data.periods { width: auto; min-width: min(100%, 640px); }
table.periods td { min-width: 120px; }
table.periods td.name { white-space: normal; overflow-wrap: anywhere; min-width: 220px; max-width: 380px; }
table.periods th .sub { display: block; font-weight: 400; }
.strategies { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(min(100%, 560px), 1fr)); }
.strategy { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; border-top: 4px solid var(--sc, var(--accent)); min-width: 0; scroll-margin-top: 60px; }
.strategy h3 { color: var(--ink); font-size: 15px; margin: 0 0 2px; overflow-wrap: anywhere; }
.strategy .desc { font-size: 12.5px; margin: 0 0 8px; }
.strategy dl.facts { grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); margin: 4px 0 8px; font-size: 12.5px; }
.strategy table.data { font-size: 12.5px; }
.strategy details { margin-top: 8px; font-size: 12.5px; }
.strategy details summary { cursor: pointer; color: var(--muted); }
.strategy details ul { margin: 4px 0 0; padding-left: 18px; }
.strategy details li { overflow-wrap: anywhere; }
.regime-list { font-size: 12.5px; color: var(--muted); margin: 6px 0 0; overflow-wrap: anywhere; }
@media print {
  [data-num-panel][hidden] { display: block !important; }
  table.rank th[data-col]::after { content: none; }
  .strategies { grid-template-columns: 1fr; }
  .strategy { break-inside: avoid; }
  table.corr { font-size: 7pt; }
  table.corr th.row { max-width: 45mm; }
}
`;
