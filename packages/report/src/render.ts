/**
 * The HTML tearsheet of one run: one self-contained document with uPlot, the styles and the
 * data inlined. Static parts (tables, heatmaps, annual bars) are rendered here; the
 * interactive time-series charts are drawn by the page script from precomputed data.
 */
import { METRICS, METRIC_GROUP_TITLES, formatMetric, type DrawdownSummary, type MetricDef, type NumeraireMetrics, type RegimeBlock, type RegimeStats, type RunResult } from '@regime/core';
import { reportPage } from './page.js';
import { metricLabel, metricText } from './metricText.js';
import { chartLibrary } from './assets.js';
import { CLIENT_JS } from './client.js';
import { heatColor, heatScale, monthlyGrid } from './compute.js';
import { BENCHMARK_COLOR, buildChartPayload, numeraireColor, regimeColor, regimeLabels, reportNumeraires, type ChartPayload } from './data.js';
import { escapeHtml as h } from './escape.js';
import { DASH, fixed, int, money, num, pct, signClass, signedPct } from './format.js';
import { REPORT_CSS } from './styles.js';
import { groupedBarsSvg, type BarSeries } from './svg.js';
import { UNCERTAINTY_CSS, uncertaintySection } from './uncertainty.js';

export interface ReportOptions {
  /** Version of the regime tool writing the report (shown in the footer). */
  toolVersion: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];


const SCRIPT = { js: CLIENT_JS, name: 'report script' };

/** One self-contained HTML document (chart library, styles, data inlined; no network request when opened). */
export function renderRunReport(result: RunResult, options?: ReportOptions): string {
  const toolVersion = options?.toolVersion ?? result.version ?? 'unknown';
  const lib = chartLibrary();
  const payload = buildChartPayload(result);
  const numeraires = payload.numeraires;

  const title = `${result.name || 'Backtest'} · regime report`;
  const body = [
    header(result, numeraires),
    nav(result, payload),
    warnings(result),
    keyFigures(result, numeraires),
    equitySection(result, payload),
    drawdownSection(result, numeraires),
    allocationSection(result, payload),
    returnsSection(result, numeraires),
    rollingSection(result, payload),
    regimeSection(result, numeraires),
    sensitivitySection(result),
    uncertaintySection(result, numeraires),
    metricsSection(result, numeraires),
    costsSection(result),
    configSection(result, toolVersion, lib.version),
  ].join('\n');

  return reportPage({ title, toolVersion, css: result.uncertainty ? REPORT_CSS + UNCERTAINTY_CSS : REPORT_CSS, body, payload, script: SCRIPT });
}

// ---------------------------------------------------------------------------------------------

function header(r: RunResult, numeraires: string[]): string {
  const exec = r.execution;
  const facts: [string, string][] = [
    ['Period', `${h(r.period?.start)} → ${h(r.period?.end)} <span class="sub">(${int(r.series?.dates?.length)} ${r.frequency === 'monthly' ? 'months' : 'bars'})</span>`],
    ['Frequency', h(r.frequency)],
    ['Universe', (r.universe ?? []).map((s) => `<span class="sym">${h(s)}</span>`).join(', ') || DASH],
    ['Benchmark', r.benchmark ? `<span class="sym">${h(r.benchmark)}</span>` : 'none'],
    ['Numeraires', numeraires.map(h).join(', ')],
    ['Starting capital', `${money(r.capital)} USD`],
  ];
  if (exec) {
    facts.push(['Execution', `delay ${h(exec.delay)} bar${exec.delay === 1 ? '' : 's'} · rebalance ${h(exec.rebalance)} · missing → ${h(exec.missing)}`]);
  }
  // Defaults the config did not set, said where the reader looks first.
  if (r.assumptions?.length) facts.push(['Assumed', `${r.assumptions.map(h).join(' · ')} <span class="sub">(not set in the config)</span>`]);
  if (r.config?.file) facts.push(['Config', `<span class="sym">${h(r.config.file)}</span>`]);
  return `<header class="top">
<div class="brand">Regime · backtest report</div>
<h1 id="report-title">${h(r.name)}</h1>
${r.description ? `<p class="desc">${h(r.description)}</p>` : ''}
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>
${dataSources(r)}
</header>`;
}

function dataSources(r: RunResult): string {
  const sources = r.data?.sources ?? [];
  if (!sources.length) return '';
  const end = r.period?.end ?? '';
  const rows = sources
    .map((s) => {
      // A source that stops well before the period ends was carried forward (or cut the run).
      const stale = end && s.last && daysBetween(s.last, end) > 45 ? '<span class="tag">ends early</span>' : '';
      return `<tr><td><span class="sym">${h(s.symbol)}</span></td><td class="text">${h(s.role)}</td><td class="text">${h(s.description ?? '')}</td><td>${h(s.first)}</td><td><b>${h(s.last)}</b>${stale}</td><td>${int(s.rows)}</td><td class="text sym">${h(s.file)}</td></tr>`;
    })
    .join('');
  return `<div class="scroll" id="data-sources"><h3>Data sources</h3><table class="data"><thead><tr><th>Series</th><th class="text">Role</th><th class="text">Description</th><th>First</th><th>Last</th><th>Rows</th><th class="text">File</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function daysBetween(a: string, b: string): number {
  return (Date.parse(b) - Date.parse(a)) / 86_400_000;
}

function nav(r: RunResult, p: ChartPayload): string {
  const links: [string, string][] = [
    ['key-figures', 'Key figures'],
    ['equity', 'Equity'],
    ['drawdowns', 'Drawdowns'],
    ['allocation', 'Allocation'],
    ['returns', 'Returns'],
    ['rolling', 'Rolling'],
  ];
  if (r.regimes || r.periods) links.push(['regimes', r.regimes ? 'Regimes' : 'Periods']);
  if (r.uncertainty) links.push(['uncertainty', 'How sure?']);
  links.push(['metrics', 'Metrics'], ['costs', 'Costs'], ['config', 'Config']);
  const buttons = p.numeraires
    .map((n, i) => `<button type="button" data-numeraire="${h(n)}" aria-pressed="${i === 0}">${h(n)}</button>`)
    .join('');
  return `<nav class="bar"><div class="toc">${links.map(([id, t]) => `<a href="#${id}">${t}</a>`).join('')}</div>
<div class="controls"><span>Charts in</span><span class="seg" role="group" aria-label="Numeraire">${buttons}</span>
<label class="toggle"><input type="checkbox" id="log-scale"${p.logDefault ? ' checked' : ''}> Log scale</label></div></nav>`;
}

function warnings(r: RunResult): string {
  const list = r.warnings ?? [];
  if (!list.length) return '';
  return `<div class="warnings" id="warnings"><h2>Warnings (${list.length})</h2><ul>${list.map((w) => `<li>${h(w)}</li>`).join('')}</ul></div>`;
}

// ---------------------------------------------------------------------------------------------

function keyFigures(r: RunResult, numeraires: string[]): string {
  const cards = numeraires
    .map((n, i) => {
      const m = r.metrics?.[n];
      const b = r.benchmarkMetrics?.[n];
      if (!m) return '';
      const tile = (k: string, v: string, bv: string | null, cls = '') =>
        `<div class="kf-tile"><div class="k">${k}</div><div class="v ${cls}">${v}</div>${bv !== null ? `<div class="b">${bv}</div>` : ''}</div>`;
      const bench = (s: string) => (b ? `${h(r.benchmark)} ${s}` : null);
      const multiple = m.start > 0 ? `×${(m.end / m.start).toFixed(2)}` : '';
      return `<div class="kf-card" style="--nc:${numeraireColor(n, i)}"><h3>In ${h(n)}${n === 'USD' ? '' : ' terms'}</h3><div class="kf-tiles">
${tile(metricLabel('cagr'), metricText('cagr', m), bench(metricText('cagr', b)), signClass(m.cagr))}
${tile(metricLabel('volatility'), metricText('volatility', m), bench(metricText('volatility', b)))}
${tile(metricLabel('sharpe'), metricText('sharpe', m), bench(metricText('sharpe', b)))}
${tile(metricLabel('maxDrawdown'), metricText('maxDrawdown', m), bench(metricText('maxDrawdown', b)), 'neg')}
${tile(metricLabel('end'), metricText('end', m), `${multiple} of ${money(m.start)}`)}
</div></div>`;
    })
    .join('');
  const note = numeraires.some((n) => n !== 'USD')
    ? '<p class="note">Outside USD, equity is measured in the numeraire and rebased to the starting capital: the final value is what the start would be worth, in that yardstick. Sharpe is over cash in USD and over zero elsewhere.</p>'
    : '';
  return `<section class="card" id="key-figures"><h2>Key figures</h2><div class="kf">${cards}</div>${note}</section>`;
}

function equitySection(r: RunResult, p: ChartPayload): string {
  const legend = p.regimes
    ? `<div class="legend-inline" id="regime-legend"><span>Regimes (shaded):</span>${p.regimes.labels
        .map((l, i) => `<span><span class="swatch" style="background:${p.regimes!.fills[i]};border-color:${p.regimes!.colors[i]}"></span>${h(l)}</span>`)
        .join('')}</div>`
    : '';
  const sampled = p.sampled ? `<p class="note">Charts show ${int(p.x.length)} of ${int(p.bars)} bars, evenly sampled; every figure is computed on all bars.</p>` : '';
  return `<section class="card" id="equity"><h2>Equity curve <span class="sub" data-numeraire-label>${h(p.numeraires[0])}</span></h2>${legend}
<div class="chart" id="chart-equity"></div>
<p class="note no-print">${r.benchmark ? `Benchmark: <span class="sym">${h(r.benchmark)}</span>. ` : ''}Drag across a chart to zoom, double-click to reset. Use the buttons at the top to switch numeraire.</p>${sampled}</section>`;
}

function drawdownSection(r: RunResult, numeraires: string[]): string {
  const tables = numeraires
    .map((n) => {
      const dd: DrawdownSummary[] = r.metrics?.[n]?.worstDrawdowns ?? [];
      const rows = dd.length
        ? dd
            .map(
              (d, i) =>
                `<tr><td>${i + 1}</td><td class="neg">${pct(d.depth)}</td><td>${h(d.peak)}</td><td>${h(d.trough)}</td><td>${d.recovery ? h(d.recovery) : '<span class="sub">not recovered</span>'}</td><td>${int(d.days)}</td></tr>`,
            )
            .join('')
        : `<tr><td colspan="6" class="text sub">No drawdown.</td></tr>`;
      return `<div><h3>Worst drawdowns in ${h(n)}</h3><table class="data dd-table"><thead><tr><th>#</th><th>Depth</th><th>Peak</th><th>Trough</th><th>Recovery</th><th>Days</th></tr></thead><tbody>${rows}</tbody></table></div>`;
    })
    .join('');
  return `<section class="card" id="drawdowns"><h2>Drawdowns <span class="sub" data-numeraire-label>${h(numeraires[0])}</span></h2>
<div class="chart" id="chart-drawdown"></div>
<div class="grid" style="margin-top:14px">${tables}</div>
<p class="note">Depth is the fall from the peak to the trough; days are calendar days from the peak to the recovery (or to the end of the run).</p></section>`;
}

function allocationSection(r: RunResult, p: ChartPayload): string {
  if (!p.alloc.length) return `<section class="card" id="allocation"><h2>Allocation over time</h2><p class="note">The run has no weights.</p></section>`;
  const shorts = p.alloc.some((l) => l.side === 'short');
  return `<section class="card" id="allocation"><h2>Allocation over time</h2>
<div class="chart" id="chart-allocation"></div>
<p class="note">Weights held at each close (after overlays), stacked: longs above zero, ${shorts ? 'shorts below zero, ' : ''}and cash (1 − Σ weights) as the outer layer — above the longs when positive, below zero when the book is financed. A side of an asset that never reaches 0.5 % is left out.</p></section>`;
}

function returnsSection(r: RunResult, numeraires: string[]): string {
  const allMonthly: (number | null)[] = [];
  for (const n of numeraires) for (const m of r.metrics?.[n]?.monthlyReturns ?? []) allMonthly.push(m.return);
  const scale = heatScale(allMonthly);
  const panels = numeraires
    .map((n, i) => {
      const m = r.metrics?.[n];
      if (!m) return '';
      const grid = monthlyGrid(m.monthlyReturns ?? [], m.yearlyReturns ?? []);
      const yearScale = heatScale(grid.map((g) => g.total));
      const cell = (v: number | null, s: number, cls = '') =>
        v === null ? `<td class="empty ${cls}"></td>` : `<td class="${cls}" style="background:${heatColor(v, s)}" title="${signedPct(v, 2)}">${fixed(v * 100, 1)}</td>`;
      const rows = grid.map((g) => `<tr><td class="year">${g.year}</td>${g.months.map((v) => cell(v, scale)).join('')}${cell(g.total, yearScale, 'total')}</tr>`).join('');
      const heat = `<table class="heat" data-numeraire="${h(n)}"><thead><tr><th class="year">Year</th>${MONTHS.map((mo) => `<th>${mo}</th>`).join('')}<th>Year</th></tr></thead><tbody>${rows}</tbody></table>`;
      const years = (m.yearlyReturns ?? []).map((y) => y.period);
      const bench = r.benchmarkMetrics?.[n]?.yearlyReturns ?? null;
      const benchBy = new Map((bench ?? []).map((y) => [y.period, y.return]));
      const series: BarSeries[] = [{ name: 'Strategy', color: numeraireColor(n, i), values: (m.yearlyReturns ?? []).map((y) => y.return) }];
      if (bench && r.benchmark) series.push({ name: r.benchmark, color: BENCHMARK_COLOR, values: years.map((y) => benchBy.get(y) ?? null) });
      const bars = years.length ? groupedBarsSvg(years, series, { title: `Annual returns in ${n}` }) : '';
      return `<div class="returns-panel"><h3>Monthly returns in ${h(n)} (%)</h3><div class="scroll">${heat}</div><h3 style="margin-top:12px">Annual returns in ${h(n)}</h3>${bars}</div>`;
    })
    .join('');
  return `<section class="card" id="returns"><h2>Monthly and annual returns</h2><div class="grid">${panels}</div>
<p class="note">A partial first or last month or year counts from the first bar or to the last. Month colors share one scale (±${pct(scale, 0)} at full color); the year column has its own.</p></section>`;
}

function rollingSection(r: RunResult, p: ChartPayload): string {
  // A calendar that trades every day (crypto) has days, not trading days.
  const unit = r.frequency === 'monthly' ? '12 months' : `${p.window} ${r.periodsPerYear === 365 ? 'days' : 'trading days'}`;
  const hasBeta = Object.values(p.byNum).some((b) => b.beta);
  const chart = (key: string, title: string) => `<div><h3>${title}</h3><div class="chart" id="chart-rolling-${key}"></div></div>`;
  return `<section class="card" id="rolling"><h2>Rolling one-year statistics <span class="sub" data-numeraire-label>${h(p.numeraires[0])}</span></h2>
<div class="grid">${chart('return', 'Rolling 12-month return')}${chart('vol', 'Rolling volatility')}${chart('sharpe', 'Rolling Sharpe')}${hasBeta ? chart('beta', `Rolling beta to ${h(r.benchmark)}`) : ''}</div>
<p class="note">Trailing windows of ${unit}, computed when the report is written (the page only draws). Volatility and Sharpe are annualised; Sharpe and beta use returns in excess of cash in USD and raw returns in other numeraires.</p></section>`;
}

function regimeTable(block: RegimeBlock, n: string, colored: string[] | null): string {
  const stats: RegimeStats[] = block.stats?.[n] ?? [];
  const rows = stats
    .map((s) => {
      const i = colored ? colored.indexOf(s.label) : -1;
      const sw = i >= 0 ? `<span class="swatch" style="background:${regimeColor(i)}"></span>` : '';
      return `<tr><td class="text label">${sw}${h(s.label)}</td><td>${pct(s.share)}</td><td>${int(s.bars)}</td><td>${int(s.spells)}</td><td class="${signClass(s.return)}">${pct(s.return)}</td><td class="${signClass(s.annualizedReturn)}">${pct(s.annualizedReturn)}</td><td>${pct(s.volatility)}</td><td class="neg">${pct(s.maxDrawdown)}</td></tr>`;
    })
    .join('');
  return `<table class="data"><thead><tr><th class="text">Label</th><th>Share of time</th><th>Bars</th><th>Spells</th><th>Return</th><th>Ann. return</th><th>Volatility</th><th>Max DD</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function regimeSection(r: RunResult, numeraires: string[]): string {
  if (!r.regimes && !r.periods) return '';
  const labels = regimeLabels(r);
  const block = (title: string, b: RegimeBlock, colored: string[] | null, id: string) =>
    `<div id="${id}"><h3 style="color:var(--ink)">${title}</h3><div class="grid">${numeraires
      .map((n) => `<div><h3>In ${h(n)}</h3><div class="scroll">${regimeTable(b, n, colored)}</div></div>`)
      .join('')}</div></div>`;
  const parts: string[] = [];
  if (r.regimes) parts.push(block('Per regime', r.regimes, labels, 'regime-stats'));
  if (r.periods) parts.push(block('Per period', r.periods, null, 'period-stats'));
  return `<section class="card" id="regimes"><h2>${r.regimes ? 'Regimes' : 'Periods'}</h2>${parts.join('<div style="height:14px"></div>')}
<p class="note">Return compounds the bars inside the label; max drawdown is the worst inside any one spell.</p></section>`;
}

/** Ex-post sensitivities (e.g. BTC's forward return against a liquidity score). */
function sensitivitySection(r: RunResult): string {
  const list = r.sensitivities ?? [];
  if (!list.length) return '';
  const one = (s: RunResult['sensitivities'][number]) => {
    const levels = s.byLevel
      ? `<table class="data"><thead><tr><th class="text">${h(s.signal)}</th><th>Samples</th><th>Mean forward return</th></tr></thead><tbody>${s.byLevel
          .map((l) => `<tr><td class="text">${h(l.level)}</td><td>${int(l.samples)}</td><td class="${signClass(l.meanReturn)}">${signedPct(l.meanReturn)}</td></tr>`)
          .join('')}</tbody></table>`
      : '';
    return `<div><h3>${h(s.asset)} vs ${h(s.signal)}</h3><p>Beta <b>${num(s.beta, 3)}</b> (forward ${int(s.horizon)}-bar return per unit of ${h(s.signal)}), correlation <b>${num(s.correlation, 2)}</b>, ${int(s.samples)} non-overlapping samples.</p>${levels}</div>`;
  };
  return `<section class="card" id="sensitivities"><h2>Sensitivities</h2><div class="grid">${list.map(one).join('')}</div>
<p class="note">Ex-post: each asset's return over the next bars regressed on the signal's value; it never feeds a trading decision.</p></section>`;
}

/** A catalog metric's cell: its value formatted by the catalog, its detail (a date) in small type. */
function metricCell(def: MetricDef, m: NumeraireMetrics | undefined): string {
  if (!m) return DASH;
  const text = h(formatMetric(def, def.read(m)));
  const detail = def.detail?.(m);
  return detail ? `${text} <span class="sub">${h(detail)}</span>` : text;
}

function metricsSection(r: RunResult, numeraires: string[]): string {
  const cols: { n: string; bench: boolean }[] = [];
  for (const n of numeraires) {
    cols.push({ n, bench: false });
    if (r.benchmarkMetrics?.[n]) cols.push({ n, bench: true });
  }
  const head = `<tr><th class="text">Metric</th>${cols
    .map((c) => `<th>${c.bench ? `<span class="sym">${h(r.benchmark)}</span>` : 'Strategy'}<br><span class="sub">${h(c.n)}</span></th>`)
    .join('')}</tr>`;
  // Every catalog metric, under its group's heading.
  const rows = METRICS.map((def, i) => {
    const group = i === 0 || METRICS[i - 1].group !== def.group ? `<tr class="group"><th colspan="${cols.length + 1}">${METRIC_GROUP_TITLES[def.group]}</th></tr>` : '';
    const cells = cols
      .map((c) => {
        if (c.bench && !def.ofBenchmark) return `<td>${DASH}</td>`;
        try {
          return `<td>${metricCell(def, c.bench ? r.benchmarkMetrics?.[c.n] : r.metrics?.[c.n])}</td>`;
        } catch {
          return `<td>${DASH}</td>`;
        }
      })
      .join('');
    return `${group}<tr><td class="text">${h(def.label)}</td>${cells}</tr>`;
  }).join('');
  return `<section class="card" id="metrics"><h2>All metrics</h2><div class="scroll"><table class="data" id="metrics-table"><thead>${head}</thead><tbody>${rows}</tbody></table></div>
<p class="note">Annualised with ${h(r.periodsPerYear)} bars a year. Returns and drawdowns are fractions shown in percent; VaR and CVaR are historical, on one-bar returns.</p></section>`;
}

function costsSection(r: RunResult): string {
  const t = r.trading;
  if (!t) return '';
  const cap = r.capital > 0 ? r.capital : NaN;
  const row = (k: string, v: string, sub = '') => `<tr><td class="text">${k}</td><td>${v}</td><td class="sub">${sub}</td></tr>`;
  const ofCap = (x: number) => (Number.isFinite(cap) ? `${pct(x / cap, 2)} of starting capital` : '');
  return `<section class="card" id="costs"><h2>Costs and turnover</h2><div class="grid"><div><table class="data"><tbody>
${row('Turnover per year', pct(t.turnoverPerYear, 0), 'Σ|Δw| per year')}
${row('Trades', int(t.trades))}
${row('Average gross exposure', pct(t.averageGrossExposure, 0), 'Σ|w|')}
${row('Average net exposure', pct(t.averageNetExposure, 0), 'Σw')}
</tbody></table></div><div><table class="data"><tbody>
${row('Trading costs (commission + slippage)', money(t.costs?.trading), ofCap(t.costs?.trading))}
${row('Borrow fees on shorts', money(t.costs?.borrow), ofCap(t.costs?.borrow))}
${row('Financing of leverage', money(t.costs?.financing), ofCap(t.costs?.financing))}
${row('<b>Total costs</b>', `<b>${money(t.costs?.total)}</b>`, ofCap(t.costs?.total))}
${row('Interest earned on cash', money(t.cashInterest), ofCap(t.cashInterest))}
</tbody></table></div></div><p class="note">Amounts in USD over the whole run.</p></section>`;
}

function configSection(r: RunResult, toolVersion: string, uplotVersion: string): string {
  return `<section class="card" id="config"><h2>Config as run</h2>
${r.config?.file ? `<p class="note" style="margin:0 0 8px">File: <span class="sym">${h(r.config.file)}</span></p>` : ''}
<pre class="config" id="config-text">${h(r.config?.text ?? '')}</pre></section>
<footer>Run with regime ${h(r.version)} · report written by regime ${h(toolVersion)} · charts by uPlot ${h(uplotVersion)} (MIT), inlined.</footer>`;
}
