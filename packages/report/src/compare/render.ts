/**
 * The comparison report: one self-contained HTML page over several runs, in the run report's
 * style and with its pieces (uPlot inlined, escaping, hash-pinned CSP, stylesheet): overlaid
 * equity and drawdown curves, the ranking table, the correlation matrix of monthly returns,
 * each strategy's return in each date-range period, and a section per strategy.
 */
import { COMPARISON_METRICS, formatMetric, lowerIsBetter, metricDef, rangeStats, rankingIntervals, type RankedInterval, type NamedRange, type PeriodSpec, type RunResult, type SortKey } from '@regime/core';
import { reportPage } from '../page.js';
import { chartLibrary } from '../assets.js';
import { heatColor, heatScale } from '../compute.js';
import { numeraireColor } from '../data.js';
import { escapeHtml as h } from '../escape.js';
import { DASH, int, money, num, pct, signClass, signedPct } from '../format.js';
import { REPORT_CSS } from '../styles.js';
import { metricLabel, metricText } from '../metricText.js';
import { COMPARE_CLIENT_JS } from './client.js';
import { buildComparePayload, correlationColor, monthlyCorrelations, type ComparePayload } from './data.js';
import { COMPARE_CSS } from './styles.js';
import { INTERVALS_CSS, intervalsSection, overlapTag } from './intervals.js';

export interface CompareReportInput {
  /** The runs, in the order given. */
  results: RunResult[];
  /** Ranking order: indices into `results`, best first (default: the given order). */
  order?: number[];
  /** What the order ranks by (shown in the header and on the ranking table). */
  sortKey?: SortKey;
  /** The common period the runs were aligned on, or null when each kept its own. */
  common?: PeriodSpec | null;
  /** Date-range periods to tabulate (e.g. `unionDateRanges` of the configs); none: no period table. */
  ranges?: NamedRange[];
}

export interface CompareReportOptions {
  toolVersion: string;
}


/** One self-contained HTML document comparing the runs (no network request when opened). */
const SCRIPT = { js: COMPARE_CLIENT_JS, name: 'compare report script' };

export function renderCompareReport(input: CompareReportInput, options?: CompareReportOptions): string {
  const results = input.results;
  if (!results.length) throw new Error('renderCompareReport: no run to compare');
  const toolVersion = options?.toolVersion ?? results[0].version ?? 'unknown';
  const order = input.order ?? results.map((_, i) => i);
  const lib = chartLibrary();
  const payload = buildComparePayload(results, order);
  const numeraires = payload.numeraires;
  const ctx: Ctx = { results, order, numeraires, payload, sortKey: input.sortKey, common: input.common ?? null, ranges: input.ranges ?? [], intervals: input.sortKey ? rankingIntervals(results, order, input.sortKey) : null };
  const body = [
    header(ctx, toolVersion),
    nav(ctx),
    rankingSection(ctx),
    intervalsSection(results, ctx.intervals, ctx.sortKey, payload.runs.map((r) => r.color)),
    equitySection(ctx),
    drawdownSection(ctx),
    correlationSection(ctx),
    periodsSection(ctx),
    strategiesSection(ctx),
    `<footer>Report written by regime ${h(toolVersion)} · charts by uPlot ${h(lib.version)} (MIT), inlined.</footer>`,
  ].join('\n');
  const title = `Comparison of ${results.length} strateg${results.length === 1 ? 'y' : 'ies'} · regime report`;
  return reportPage({ title, toolVersion, css: REPORT_CSS + COMPARE_CSS + (ctx.intervals ? INTERVALS_CSS : ''), body, payload, script: SCRIPT });
}

interface Ctx {
  results: RunResult[];
  order: number[];
  numeraires: string[];
  payload: ComparePayload;
  sortKey: SortKey | undefined;
  common: PeriodSpec | null;
  /** compare --bootstrap: intervals of the ranking metric, in rank order. */
  intervals: RankedInterval[] | null;
  ranges: NamedRange[];
}

const swatch = (color: string) => `<span class="swatch line" style="background:${h(color)}"></span>`;
const strategyId = (k: number) => `strategy-${k + 1}`;

function periodText(r: RunResult): string {
  return `${h(r.period?.start)} → ${h(r.period?.end)}`;
}

function samePeriod(results: RunResult[]): boolean {
  return results.every((r) => r.period.start === results[0].period.start && r.period.end === results[0].period.end);
}

function header(c: Ctx, toolVersion: string): string {
  const starts = c.results.map((r) => r.period.start).sort();
  const ends = c.results.map((r) => r.period.end).sort();
  const period = c.common
    ? samePeriod(c.results)
      ? `${h(starts[0])} → ${h(ends[0])} <span class="sub">common to all</span>`
      : `${h(starts[starts.length - 1])} → ${h(ends[0])} <span class="sub">common to all (calendars differ at the edges)</span>`
    : `each its own <span class="sub">(${h(starts[0])} → ${h(ends[ends.length - 1])} overall)</span>`;
  const facts: [string, string][] = [
    ['Period', period],
    ['Numeraires', c.numeraires.map(h).join(', ')],
    ['Ranked by', c.sortKey ? `${h(metricDef(c.sortKey.metric).label)} in ${h(c.sortKey.numeraire)}, best first` : 'the order given'],
    ['Frequency', [...new Set(c.results.map((r) => r.frequency))].map(h).join(', ')],
    ['Written by', `regime ${h(toolVersion)}`],
  ];
  const intro = c.common
    ? 'Every strategy ran over the same dates and is measured in the same numeraires.'
    : 'Each strategy ran over its own period: figures over different dates are not directly comparable.';
  return `<header class="top">
<div class="brand">Regime · comparison report</div>
<h1 id="report-title">Comparison of ${int(c.results.length)} strateg${c.results.length === 1 ? 'y' : 'ies'}</h1>
<p class="desc">${intro}</p>
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>
</header>`;
}

function nav(c: Ctx): string {
  const links: [string, string][] = [
    ['ranking', 'Ranking'],
    ['equity', 'Equity'],
    ['drawdowns', 'Drawdowns'],
    ['correlation', 'Correlation'],
  ];
  if (c.ranges.length) links.push(['periods', 'Periods']);
  links.push(['strategies', 'Strategies']);
  const buttons = c.numeraires.map((n, i) => `<button type="button" data-numeraire="${h(n)}" aria-pressed="${i === 0}">${h(n)}</button>`).join('');
  return `<nav class="bar"><div class="toc">${links.map(([id, t]) => `<a href="#${id}">${t}</a>`).join('')}</div>
<div class="controls"><span>Charts and tables in</span><span class="seg" role="group" aria-label="Numeraire">${buttons}</span>
<label class="toggle"><input type="checkbox" id="log-scale"${c.payload.logDefault ? ' checked' : ''}> Log scale</label></div></nav>`;
}

// ---------------------------------------------------------------------------------------------

const dataValue = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : 'NaN');

function rankingSection(c: Ctx): string {
  const { results, numeraires, sortKey } = c;
  // Metric by metric, each in every numeraire side by side (CAGR USD | CAGR gold | Volatility USD …).
  const cols: { metric: string; n: string }[] = [];
  for (const metric of COMPARISON_METRICS) for (const n of numeraires) cols.push({ metric, n });
  const showPeriod = !samePeriod(results);
  const first = showPeriod ? 3 : 2;
  const groups = `<tr class="groups"><th colspan="${first}"></th>${COMPARISON_METRICS.map((m) => `<th class="sep" colspan="${numeraires.length}">${h(metricDef(m).label)}</th>`).join('')}</tr>`;
  const isSorted = (col: { metric: string; n: string }) => sortKey !== undefined && col.metric === sortKey.metric && col.n === sortKey.numeraire;
  const heads = cols
    .map((col, i) => {
      const sorted = isSorted(col);
      const cls = [i % numeraires.length === 0 ? 'sep' : '', sorted ? 'sorted' : ''].filter(Boolean).join(' ');
      const sort = sorted ? ` aria-sort="${lowerIsBetter(col.metric) ? 'ascending' : 'descending'}"` : '';
      return `<th data-col="${first + i}" data-lower-better="${lowerIsBetter(col.metric)}" tabindex="0" title="Sort by ${h(metricDef(col.metric).label)} in ${h(col.n)}, best first"${cls ? ` class="${cls}"` : ''}${sort}>${h(col.n)}</th>`;
    })
    .join('');
  const rows = c.order
    .map((k, rank) => {
      const r = results[k];
      const cells = cols
        .map((col, i) => {
          const def = metricDef(col.metric);
          const m = r.metrics?.[col.n];
          const read = m ? def.read(m) : null;
          const v = typeof read === 'number' ? read : null;
          const cls = [i % numeraires.length === 0 ? 'sep' : '', isSorted(col) ? 'sorted' : '', col.metric === 'cagr' ? signClass(v) : col.metric === 'maxDrawdown' ? 'neg' : ''].filter(Boolean).join(' ');
          return `<td data-v="${dataValue(v)}"${cls ? ` class="${cls}"` : ''}>${h(formatMetric(def, v, { compact: true }))}</td>`;
        })
        .join('');
      const period = showPeriod ? `<td class="period">${periodText(r)}</td>` : '';
      return `<tr data-run="${k}"><td>${rank + 1}</td><td class="text name">${swatch(c.payload.runs[k].color)}<a href="#${strategyId(k)}">${h(r.name)}</a>${overlapTag(c.intervals?.[rank], sortKey)}</td>${period}${cells}</tr>`;
    })
    .join('');
  return `<section class="card" id="ranking"><h2>Ranking</h2><div class="scroll"><table class="data rank" id="ranking-table"><thead>${groups}<tr><th>#</th><th class="text">Strategy</th>${showPeriod ? '<th>Period</th>' : ''}${heads}</tr></thead><tbody>${rows}</tbody></table></div>
<p class="note">Click a column to rank by it (best first: higher CAGR, Sharpe and Calmar, lower volatility, shallower drawdown; again to reverse). CAGR and volatility are annualised; Sharpe is over cash in USD and over zero in other numeraires; Calmar is CAGR over the depth of the worst drawdown.</p></section>`;
}

function equitySection(c: Ctx): string {
  const sampled = c.payload.sampled ? `<p class="note">Curves show ${int(c.payload.x.length)} of ${int(c.payload.bars)} dates, evenly sampled; every figure is computed on all bars.</p>` : '';
  return `<section class="card" id="equity"><h2>Equity curves <span class="sub" data-numeraire-label>${h(c.numeraires[0])}</span></h2>
<div class="chart" id="chart-equity"></div>
<p class="note">Each strategy's equity in the chosen numeraire, rebased to 100 at its first bar. Click a name in the legend to hide or show it; hover a line to bring it forward; drag across to zoom, double-click to reset.</p>${sampled}</section>`;
}

function drawdownSection(c: Ctx): string {
  const panels = c.numeraires
    .map((n, i) => {
      const rows = c.order
        .map((k) => {
          const r = c.results[k];
          const m = r.metrics?.[n];
          const d = m?.maxDrawdownInfo;
          const second = m?.worstDrawdowns?.[1];
          return `<tr><td class="text name">${swatch(c.payload.runs[k].color)}${h(r.name)}</td><td class="neg">${pct(m?.maxDrawdown, 1)}</td><td>${d ? h(d.peak) : DASH}</td><td>${d ? h(d.trough) : DASH}</td><td>${d ? (d.recovery ? h(d.recovery) : '<span class="sub">not recovered</span>') : DASH}</td><td>${d ? int(d.days) : DASH}</td><td class="neg">${second ? pct(second.depth, 1) : DASH}</td></tr>`;
        })
        .join('');
      return `<div data-num-panel="${h(n)}"${i ? ' hidden' : ''}><div class="scroll"><table class="data" data-numeraire="${h(n)}"><thead><tr><th class="text">Strategy</th><th>${metricLabel('maxDrawdown')}</th><th>Peak</th><th>Trough</th><th>Recovery</th><th>Days</th><th>Second worst</th></tr></thead><tbody>${rows}</tbody></table></div></div>`;
    })
    .join('');
  return `<section class="card" id="drawdowns"><h2>Drawdowns <span class="sub" data-numeraire-label>${h(c.numeraires[0])}</span></h2>
<div class="chart" id="chart-drawdown"></div>
<div style="margin-top:12px">${panels}</div>
<p class="note">The fall from each strategy's running peak, in the chosen numeraire; days are calendar days from the peak to the recovery (or to the end of the run).</p></section>`;
}

function correlationSection(c: Ctx): string {
  const panels = c.numeraires
    .map((n, i) => {
      const m = monthlyCorrelations(c.results, n);
      const idx = c.order;
      if (m.months.length < 3)
        return `<div data-num-panel="${h(n)}"${i ? ' hidden' : ''}><p class="note">Fewer than three months common to every run in ${h(n)}: no correlation to show.</p></div>`;
      const head = `<tr><th class="row"></th>${idx.map((k, j) => `<th title="${h(c.results[k].name)}">${j + 1}</th>`).join('')}</tr>`;
      const rows = idx
        .map((a, j) => {
          const cells = idx
            .map((b) => {
              const v = m.values[a][b];
              const title = `${c.results[a].name} / ${c.results[b].name}: ${num(v, 2)}`;
              return `<td${a === b ? ' class="diag"' : ''} style="background:${a === b ? '#f1f3f5' : correlationColor(v)}" title="${h(title)}">${a === b ? '1' : num(v, 2)}</td>`;
            })
            .join('');
          return `<tr><th class="row" title="${h(c.results[a].name)}"><span class="idx">${j + 1}</span>${h(c.results[a].name)}</th>${cells}</tr>`;
        })
        .join('');
      return `<div data-num-panel="${h(n)}"${i ? ' hidden' : ''}><h3>Monthly returns in ${h(n)}: ${int(m.months.length)} months, ${h(m.months[0])} to ${h(m.months[m.months.length - 1])}</h3><div class="scroll"><table class="corr" data-numeraire="${h(n)}"><thead>${head}</thead><tbody>${rows}</tbody></table></div></div>`;
    })
    .join('');
  return `<section class="card" id="correlation"><h2>Correlation of monthly returns <span class="sub" data-numeraire-label>${h(c.numeraires[0])}</span></h2>${panels}
<p class="note">Pearson correlation of monthly returns on the months every strategy has (a partial first or last month counts from the first bar or to the last), in ranking order; blue is positive, red negative. Strategies that move together diversify each other little.</p></section>`;
}

function periodsSection(c: Ctx): string {
  if (!c.ranges.length) return '';
  const stats = c.results.map((r) => rangeStats(r, c.ranges));
  // Ranges no run reaches (e.g. the 1999 era over a common period from 2015) are named, not tabulated.
  const live = c.ranges.map((_, j) => stats.some((s) => Object.values(s).some((list) => (list[j]?.bars ?? 0) >= 2)));
  const shown = c.ranges.map((r, j) => ({ r, j })).filter(({ j }) => live[j]);
  const outside = c.ranges.filter((_, j) => !live[j]);
  const outsideNote = outside.length
    ? ` Outside every run: ${outside.map((p) => `${h(p.label)} (${h(p.start)} → ${h(p.end ?? 'now')})`).join(', ')}${c.common ? '; compare with --own-periods to see them' : ''}.`
    : '';
  if (!shown.length)
    return `<section class="card" id="periods"><h2>Returns by period</h2><p class="note">No run has bars inside the configs' date ranges.${outsideNote}</p></section>`;
  const head = `<tr><th class="text">Strategy</th>${shown.map(({ r }) => `<th>${h(r.label)}<span class="sub">${h(r.start)} → ${h(r.end ?? 'now')}</span></th>`).join('')}</tr>`;
  let partial = false;
  const panels = c.numeraires
    .map((n, i) => {
      // One color scale per period: a crypto decade does not wash out a quieter era.
      const scales = shown.map(({ j }) => Math.max(0.05, heatScale(stats.map((s) => s[n]?.[j]).filter((p) => p && p.bars >= 2).map((p) => p!.return))));
      const rows = c.order
        .map((k) => {
          const cells = shown
            .map(({ j }, col) => {
              const scale = scales[col];
              const p = stats[k][n]?.[j];
              if (!p || !p.first || p.bars < 2) return `<td class="sub" title="${h(`${c.results[k].name} has no bars in ${c.ranges[j].label}`)}">${DASH}</td>`;
              if (!p.complete) partial = true;
              const title = `${c.results[k].name}, ${p.label}: ${signedPct(p.return, 1)} from ${p.first} to ${p.last}${p.annualizedReturn !== null ? `, ${signedPct(p.annualizedReturn, 1)} a year` : ''}${p.complete ? '' : ' (the run covers only part of the period)'}`;
              return `<td${p.complete ? '' : ' class="partial"'} style="background:${heatColor(p.return, scale)}" title="${h(title)}">${signedPct(p.return, 1)}</td>`;
            })
            .join('');
          return `<tr><td class="text name">${swatch(c.payload.runs[k].color)}${h(c.results[k].name)}</td>${cells}</tr>`;
        })
        .join('');
      return `<div data-num-panel="${h(n)}"${i ? ' hidden' : ''}><div class="scroll"><table class="data periods" data-numeraire="${h(n)}"><thead>${head}</thead><tbody>${rows}</tbody></table></div></div>`;
    })
    .join('');
  return `<section class="card" id="periods"><h2>Returns by period <span class="sub" data-numeraire-label>${h(c.numeraires[0])}</span></h2>${panels}
<p class="note">Each strategy's compounded return inside each date range that any of the configs defines (<code>periods:</code>), computed from its equity series as the run's own period statistics are.${partial ? ' * The run covers only part of the period (hover for its dates).' : ''} – : the run has no bars in it.${outsideNote}</p></section>`;
}

/** The metrics of each strategy's card, per numeraire. */
const CARD_METRICS = ['totalReturn', 'cagr', 'volatility', 'sharpe', 'maxDrawdown', 'calmar'] as const;

function strategiesSection(c: Ctx): string {
  const cards = c.order
    .map((k) => {
      const r = c.results[k];
      const color = c.payload.runs[k].color;
      const facts: [string, string][] = [
        ['Period', `${periodText(r)} <span class="sub">(${int(r.series?.dates?.length)} ${r.frequency === 'monthly' ? 'months' : 'bars'})</span>`],
        ['Config', r.config?.file ? `<span class="sym">${h(r.config.file)}</span>` : DASH],
        ['Universe', (r.universe ?? []).map((s) => `<span class="sym">${h(s)}</span>`).join(', ') || DASH],
        ['Benchmark', r.benchmark ? `<span class="sym">${h(r.benchmark)}</span>` : 'none'],
        ['Rebalance', r.execution ? `${h(r.execution.rebalance)}, delay ${h(r.execution.delay)}` : DASH],
        ['Turnover / costs', r.trading ? `${pct(r.trading.turnoverPerYear, 0)} a year · ${money(r.trading.costs?.total)} USD` : DASH],
      ];
      const rows = c.numeraires
        .map((n) => {
          const m = r.metrics?.[n];
          if (!m) return '';
          const multiple = m.start > 0 ? `×${(m.end / m.start).toFixed(2)}` : DASH;
          const cls = (key: string) => (key === 'maxDrawdown' ? 'neg' : key === 'totalReturn' || key === 'cagr' ? signClass(m[key]) : '');
          const cells = CARD_METRICS.map((key) => `<td${cls(key) ? ` class="${cls(key)}"` : ''}>${metricText(key, m, { compact: true })}</td>`).join('');
          return `<tr><td class="text"><span class="swatch" style="background:${numeraireColor(n, c.numeraires.indexOf(n))}"></span>${h(n)}</td>${cells}<td>${multiple}</td></tr>`;
        })
        .join('');
      const table = `<div class="scroll"><table class="data"><thead><tr><th class="text">In</th>${CARD_METRICS.map((key) => `<th>${metricLabel(key)}</th>`).join('')}<th>Growth</th></tr></thead><tbody>${rows}</tbody></table></div>`;
      const regimes = r.regimes?.stats?.[c.numeraires[0]]
        ? `<p class="regime-list">Regimes (share of time): ${r.regimes.stats[c.numeraires[0]].map((s) => `${h(s.label)} ${pct(s.share, 0)}`).join(' · ')}</p>`
        : '';
      const warnings = r.warnings?.length
        ? `<details><summary>${int(r.warnings.length)} warning${r.warnings.length === 1 ? '' : 's'}</summary><ul>${r.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul></details>`
        : '';
      return `<article class="strategy" id="${strategyId(k)}" style="--sc:${h(color)}"><h3>${h(r.name)}</h3>${r.description ? `<p class="desc">${h(r.description)}</p>` : ''}<dl class="facts">${facts.map(([key, v]) => `<div><dt>${key}</dt><dd>${v}</dd></div>`).join('')}</dl>${table}${regimes}${warnings}</article>`;
    })
    .join('');
  return `<section class="card" id="strategies"><h2>Strategies</h2><div class="strategies">${cards}</div>
<p class="note">Growth is the final value over the starting capital, in each numeraire. Warnings are the runs' own (data gaps, late starts, yardsticks that end early).</p></section>`;
}
