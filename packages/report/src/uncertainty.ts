/**
 * "How sure can we be?": the bootstrap intervals of a run (`regime run --bootstrap N`), drawn
 * as ranges next to the point estimates, the same against the benchmark, and the
 * probabilities. Static SVG (no script), one block per numeraire.
 */
import { INTERVAL_METRICS, formatMetric, metricDef, type Interval, type IntervalMetric, type NumeraireUncertainty, type RunResult } from '@regime/core';
import { escapeHtml as h } from './escape.js';
import { num, pct } from './format.js';

// The bootstrapped metrics, labelled and formatted by the metric catalog (percentages with one decimal).
const ROWS: [IntervalMetric, string, (x: number | null | undefined) => string][] = INTERVAL_METRICS.map((key) => [key, metricDef(key).label, (x) => formatMetric(metricDef(key), x, { compact: true })]);

const W = 260;
const H = 22;
const PAD = 8;

/**
 * One interval as a horizontal range: a bar from the 5th to the 95th percentile, a tick at the
 * median, a dot at the measured value, and a dashed line at zero. Zero is always in view, so
 * the bar's length against its distance from zero shows how precise the figure is.
 */
export function rangeSvg(i: Interval, point: number | null, label: string): string {
  const values = [0, i.p05, i.p95, ...(point !== null && Number.isFinite(point) ? [point] : [])];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const span = hi - lo || Math.abs(hi) || 1;
  lo -= span * 0.08;
  hi += span * 0.08;
  const x = (v: number) => PAD + ((v - lo) / (hi - lo)) * (W - 2 * PAD);
  const zero = lo <= 0 && hi >= 0 ? `<line class="u-zero" x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="2" y2="${H - 2}"/>` : '';
  const dot = point !== null && Number.isFinite(point) ? `<circle class="u-point" cx="${x(point).toFixed(1)}" cy="${H / 2}" r="4"/>` : '';
  return `<svg class="u-range" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${h(label)}"><title>${h(label)}</title>${zero}<rect class="u-bar" x="${x(i.p05).toFixed(1)}" y="${H / 2 - 4}" width="${Math.max(1, x(i.p95) - x(i.p05)).toFixed(1)}" height="8" rx="3"/><line class="u-median" x1="${x(i.p50).toFixed(1)}" x2="${x(i.p50).toFixed(1)}" y1="${H / 2 - 7}" y2="${H / 2 + 7}"/>${dot}</svg>`;
}

function rows(u: NumeraireUncertainty, point: (m: IntervalMetric) => number | null, intervals: Record<IntervalMetric, Interval | null>, what: string): string {
  return ROWS.map(([key, label, f]) => {
    const i = intervals[key];
    const p = point(key);
    if (!i) return `<tr><td class="text">${label}</td><td>${f(p)}</td><td class="text sub">undefined on the resampled paths</td><td>–</td><td>–</td><td>–</td></tr>`;
    const title = `${label} ${what}: 5% ${f(i.p05)}, median ${f(i.p50)}, 95% ${f(i.p95)}; measured ${f(p)}`;
    return `<tr data-metric="${key}"><td class="text">${label}</td><td><b>${f(p)}</b></td><td class="u-cell">${rangeSvg(i, p, title)}</td><td>${f(i.p05)}</td><td>${f(i.p50)}</td><td>${f(i.p95)}</td></tr>`;
  }).join('');
}

const HEAD = '<thead><tr><th class="text">Metric</th><th>Measured</th><th class="text">5 % – 95 % (bar), median (tick), measured (dot)</th><th>5 %</th><th>50 %</th><th>95 %</th></tr></thead>';

export function uncertaintySection(r: RunResult, numeraires: string[]): string {
  const all = r.uncertainty;
  if (!all) return '';
  const bench = r.benchmark;
  const blocks = numeraires
    .map((n) => {
      const u = all[n];
      const m = r.metrics?.[n];
      const b = r.benchmarkMetrics?.[n];
      if (!u || !m) return '';
      const own = rows(u, (k) => m[k], u, `in ${n}`);
      const diff =
        u.vsBenchmark && b
          ? `<h4>Strategy minus <span class="sym">${h(bench)}</span></h4><table class="data u-table">${HEAD}<tbody>${rows(u, (k) => diffOf(m[k], b[k]), u.vsBenchmark, `minus ${bench} in ${n}`)}</tbody></table>`
          : '';
      const probs = [
        `<li>Probabilistic Sharpe Ratio, true Sharpe above 0: <b>${pct(u.psr.vsZero)}</b></li>`,
        ...(bench
          ? [
              `<li>Probabilistic Sharpe Ratio, true Sharpe above <span class="sym">${h(bench)}</span>'s (${num(b?.sharpe)}): <b>${pct(u.psr.vsBenchmark)}</b></li>`,
              `<li>Share of resampled histories that end above <span class="sym">${h(bench)}</span>: <b>${pct(u.probBeatsBenchmark)}</b></li>`,
            ]
          : []),
      ].join('');
      return `<div class="u-block" data-uncertainty="${h(n)}"><h3>In ${h(n)} <span class="sub">mean block ${num(u.blockLength, 1)} bars (${u.blockRule === 'auto' ? 'chosen automatically' : 'fixed'})</span></h3>
<table class="data u-table">${HEAD}<tbody>${own}</tbody></table>${diff}<ul class="u-probs">${probs}</ul></div>`;
    })
    .join('');
  const first = all[numeraires[0]];
  return `<section class="card" id="uncertainty"><h2>How sure can we be?</h2>
<p class="note">${first ? first.resamples.toLocaleString('en-US') : ''} resampled histories (stationary bootstrap, seed ${first ? h(first.seed) : ''}): blocks of consecutive bars of the run's own returns${bench ? ` and, on the same bars, the benchmark's` : ''}, drawn at random and laid end to end. The bar spans the middle 90 % of the figures those histories give. A wide bar means the measured figure could easily have come out very differently; a range that crosses zero against the benchmark means the edge is not clear. The Probabilistic Sharpe Ratio (Bailey &amp; López de Prado) is the probability that the true Sharpe is above the threshold, given the run's length, skew and fat tails. None of this covers what the history did not contain (a different regime, a change in how markets work), and few regime switches mean few independent observations.</p>
${blocks}</section>`;
}

function diffOf(a: number | null | undefined, b: number | null | undefined): number | null {
  return a === null || a === undefined || b === null || b === undefined ? null : a - b;
}

export const UNCERTAINTY_CSS = `
.u-table td.u-cell{padding:2px 6px}
.u-range{display:block}
.u-range .u-bar{fill:#9db7d5}
.u-range .u-median{stroke:#1f3b5b;stroke-width:2}
.u-range .u-point{fill:#d9480f;stroke:#fff;stroke-width:1}
.u-range .u-zero{stroke:#888;stroke-dasharray:3 2}
.u-probs{margin:6px 0 14px 18px}
.u-block h4{margin:12px 0 4px}
`;
