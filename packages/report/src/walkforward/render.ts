/**
 * The walk-forward report: the out-of-sample equity (test windows chained) against the base
 * config over the same dates with the folds as bands, the chosen values per fold as step
 * charts, the folds table, out-of-sample against base metrics, efficiency and stability.
 */
import type { WalkForwardDocument, WalkForwardMetric } from '@regime/core';
import { reportPage } from '../page.js';
import { escapeHtml as h } from '../escape.js';
import { num, pct } from '../format.js';
import { REPORT_CSS } from '../styles.js';
import { dayOf, equityChart, stepChart, type FoldBand } from './charts.js';

export interface WalkForwardReportOptions {
  toolVersion: string;
}

// The charts are static SVG: the script only tells the page (and its tests) it is ready.
const SCRIPT = { js: "document.documentElement.setAttribute('data-report-ready', 'true');", name: 'walk-forward report script' };

const ROWS: [WalkForwardMetric, string, (x: number | null) => string][] = [
  ['totalReturn', 'Total return', (x) => pct(x)],
  ['cagr', 'CAGR', (x) => pct(x)],
  ['volatility', 'Volatility', (x) => pct(x)],
  ['sharpe', 'Sharpe', (x) => num(x)],
  ['sortino', 'Sortino', (x) => num(x)],
  ['maxDrawdown', 'Max drawdown', (x) => pct(x)],
  ['calmar', 'Calmar', (x) => num(x)],
];

const show = (v: unknown) => (typeof v === 'number' ? String(Number(v.toPrecision(10))) : String(v));

export function renderWalkForwardReport(doc: WalkForwardDocument, options?: WalkForwardReportOptions): string {
  const toolVersion = options?.toolVersion ?? doc.version;
  const bandsOf: FoldBand[] = doc.folds.map((f) => ({ fold: f.fold, start: dayOf(f.test.start), end: dayOf(f.test.end) }));
  const paths = Object.keys(doc.grid);
  const [metric, objectiveNumeraire] = doc.objective.split(':');
  const fmt = ['sharpe', 'sortino', 'calmar'].includes(metric) ? (x: number | null) => num(x) : (x: number | null) => pct(x);
  const trials = Object.values(doc.grid).reduce((p, v) => p * v.length, 1);

  const header = `<header class="top"><div class="brand">Regime · walk-forward report</div><h1 id="report-title">${h(doc.name)}</h1>
<dl class="facts">
<div><dt>Config</dt><dd><span class="sym">${h(doc.config.file)}</span></dd></div>
<div><dt>Windows</dt><dd>${doc.anchored ? 'anchored' : 'rolling'} training ${h(doc.train)}, test ${h(doc.test)}</dd></div>
<div><dt>Folds × trials</dt><dd>${doc.folds.length} × ${trials.toLocaleString('en-US')}</dd></div>
<div><dt>Best by</dt><dd class="sym">${h(doc.objective)}</dd></div>
<div><dt>Out-of-sample</dt><dd>${h(doc.outOfSample.period.start)} → ${h(doc.outOfSample.period.end)}</dd></div>
<div><dt>Grid</dt><dd>${paths.map((p) => `<span class="sym">${h(p)}</span>: ${doc.grid[p].map((v) => h(show(v))).join(', ')}`).join('<br>')}</dd></div>
</dl></header>`;

  const warnings = doc.warnings.length ? `<div class="warnings" id="warnings"><h2>Warnings (${doc.warnings.length})</h2><ul>${doc.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul></div>` : '';

  const cols = doc.numeraires.flatMap((n) => [
    { n, what: 'oos' as const },
    { n, what: 'base' as const },
  ]);
  const metricsTable = `<table class="data" id="wf-metrics"><thead><tr><th class="text">Metric</th>${cols.map((c) => `<th>${c.what === 'oos' ? 'Out-of-sample' : 'Base config'}<br><span class="sub">${h(c.n)}</span></th>`).join('')}</tr></thead><tbody>${ROWS.map(
    ([k, label, f]) => `<tr><td class="text">${label}</td>${cols.map((c) => `<td>${f((c.what === 'oos' ? doc.outOfSample.metrics : doc.base.metrics)[c.n]?.[k] ?? null)}</td>`).join('')}</tr>`,
  ).join('')}</tbody></table>`;
  const efficiency =
    doc.efficiency !== null
      ? `Walk-forward efficiency <b id="wf-efficiency">${num(doc.efficiency)}</b>: the out-of-sample CAGR (${pct(doc.outOfSample.metrics[objectiveNumeraire]?.cagr ?? null)}) over the mean in-sample CAGR of the chosen trials (${pct(doc.inSampleCagr)}), in ${h(objectiveNumeraire)}. Near 1: the choices kept what they promised; near 0 or below: what was chosen on the past did not carry into the future.`
      : `Walk-forward efficiency is undefined: the chosen trials' mean in-sample CAGR (${pct(doc.inSampleCagr)}) is not positive.`;
  const summary = `<section class="card" id="summary"><h2>Out-of-sample against the base config</h2>${metricsTable}<p class="note">${efficiency}</p>
<p class="note">Out-of-sample: the test windows chained, the account carrying its positions from one to the next (a fold that keeps the previous choice trades nothing at the refit; a switch pays costs on the weights it changes, and sells what the new choice does not trade; the first window starts in cash). Base: the config as written, run over the same dates. ${doc.folds.length < 5 ? `<b>Only ${doc.folds.length} fold${doc.folds.length === 1 ? '' : 's'}</b>: too few to judge the choice rule.` : ''}</p></section>`;

  const charts = doc.numeraires
    .map((n) => {
      const lines = [
        { name: 'out-of-sample', cls: 'oos', values: doc.series.outOfSample[n] },
        { name: 'base config', cls: 'base', values: doc.series.base[n] },
        ...(doc.series.benchmark ? [{ name: `benchmark ${doc.benchmark ?? ''}`, cls: 'bench', values: doc.series.benchmark[n] }] : []),
      ];
      return `<div class="wf-equity" data-numeraire="${h(n)}"><h3>In ${h(n)}</h3>${equityChart(doc.series.dates, lines, bandsOf, `Out-of-sample equity against the base config in ${n}`)}</div>`;
    })
    .join('');
  const legend = `<div class="legend-inline"><span><span class="swatch oos"></span>out-of-sample (chosen trials)</span><span><span class="swatch base"></span>base config</span>${doc.series.benchmark ? `<span><span class="swatch bench"></span>benchmark <span class="sym">${h(doc.benchmark)}</span></span>` : ''}<span>bands: test windows, numbered by fold</span></div>`;
  const equity = `<section class="card" id="equity"><h2>Out-of-sample equity</h2>${legend}${charts}<p class="note">Log scale; each curve starts from the capital on the first test day.</p></section>`;

  const steps = `<section class="card" id="chosen"><h2>Chosen values per fold</h2>${paths.map((p) => `<h3 class="sym">${h(p)}</h3>${stepChart(p, doc.folds.map((f) => f.chosen[p]), bandsOf)}`).join('')}
<table class="data" id="wf-stability"><thead><tr><th class="text">Path</th><th>Changes</th><th>Distinct</th><th>Range</th><th>Most often</th></tr></thead><tbody>${paths
    .map((p) => {
      const s = doc.stability[p];
      return `<tr><td class="text sym">${h(p)}</td><td>${s.changes} of ${Math.max(0, doc.folds.length - 1)}</td><td>${s.distinct}</td><td>${s.min !== null ? `${h(show(s.min))} – ${h(show(s.max))}` : '–'}</td><td>${h(show(s.mostCommon))} (${pct(s.share, 0)})</td></tr>`;
    })
    .join('')}</tbody></table><p class="note">A choice that jumps between far-apart values from fold to fold is chasing noise; one that settles says the grid has a stable optimum.</p></section>`;

  const folds = `<section class="card" id="folds"><h2>Folds</h2><div class="scroll"><table class="data" id="wf-folds"><thead><tr><th>Fold</th><th>Training</th><th>Test</th>${paths.map((p) => `<th class="sym">${h(p)}</th>`).join('')}<th>In-sample<br><span class="sub">${h(doc.objective)}</span></th><th>Out-of-sample<br><span class="sub">${h(doc.objective)}</span></th></tr></thead><tbody>${doc.folds
    .map(
      (f) =>
        `<tr data-fold="${f.fold}"><td>${f.fold}</td><td>${h(f.train.start)} – ${h(f.train.end)}</td><td>${h(f.test.start)} – ${h(f.test.end)}</td>${paths.map((p) => `<td>${h(show(f.chosen[p]))}</td>`).join('')}<td>${fmt(f.inSample)}</td><td>${fmt(f.outOfSample)}</td></tr>`,
    )
    .join('')}</tbody></table></div><p class="note">In each fold every trial of the grid ran on the training window (indicators warm up on the history before it); the best by ${h(doc.objective)} ran on the test window, which starts on the training window's last close holding what the previous window held.</p></section>`;

  const body = [header, warnings, summary, equity, steps, folds, `<footer>Report written by regime ${h(toolVersion)}.</footer>`].join('\n');
  return reportPage({ title: `${doc.name} · walk-forward · regime report`, toolVersion, css: REPORT_CSS + WALKFORWARD_CSS, body, payload: { folds: doc.folds.length }, script: SCRIPT });
}

const WALKFORWARD_CSS = `
.wf-chart{width:100%;height:auto;display:block;margin:4px 0 10px}
.wf-chart text{font-size:11px;fill:#5d6570}
.wf-grid{stroke:#e3e6ea;stroke-width:1}
.wf-band.even{fill:#eef3fb}.wf-band.odd{fill:#f8f9fb}
.wf-band-label{fill:#8a9099 !important;font-size:10px !important}
.wf-line{fill:none;stroke-width:1.6}
.wf-line.oos{stroke:#1f4e9c}.wf-line.base{stroke:#d9480f;stroke-dasharray:5 3}.wf-line.bench{stroke:#8a8f98;stroke-width:1}
.wf-step{fill:none;stroke:#1f4e9c;stroke-width:2}
.wf-step-dot{fill:#1f4e9c}
.legend-inline{display:flex;flex-wrap:wrap;gap:6px 16px;font-size:12.5px;color:#5d6570;margin-bottom:6px}
.swatch{display:inline-block;width:18px;height:3px;vertical-align:middle;margin-right:5px}
.swatch.oos{background:#1f4e9c}.swatch.base{background:#d9480f}.swatch.bench{background:#8a8f98}
`;
