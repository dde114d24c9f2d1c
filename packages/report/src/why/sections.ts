/**
 * The report's "why did it win?" sections: relative strength against the benchmark, the
 * signals under the equity curve, the P&L attribution (table and stacked yearly bars) and
 * the trades. Charts are drawn by the page script (why/client.ts) from the payload; tables
 * and the bar chart are static.
 */
import type { RunResult, Trade } from '@regime/core';
import { assetColor, regimeColor, regimeLabels, type ChartPayload } from '../data.js';
import { escapeHtml as h } from '../escape.js';
import { int, money, num, pct, signClass } from '../format.js';
import type { BarSeries } from '../svg.js';
import { stackedBarsSvg } from './stackedBars.js';

const ACCOUNT: Record<string, { name: string; color: string }> = {
  cashInterest: { name: 'Cash interest', color: '#9fd08a' },
  tradingCosts: { name: 'Trading costs', color: '#6b7079' },
  borrowFees: { name: 'Borrow fees', color: '#a7abb2' },
  financing: { name: 'Financing', color: '#3d4249' },
  ruin: { name: 'Ruin (unpaid shortfall)', color: '#000000' },
};

/** Strategy over benchmark with the regime bands, and the relative figures per numeraire. */
export function relativeSection(r: RunResult, p: ChartPayload): string {
  if (!p.why.relative || !r.benchmark) return '';
  const numeraires = p.numeraires.filter((n) => r.metrics?.[n]);
  const row = (label: string, f: (n: string) => string) => `<tr><td class="text">${label}</td>${numeraires.map((n) => `<td>${f(n)}</td>`).join('')}</tr>`;
  const m = (n: string) => r.metrics[n];
  const table = `<table class="data" id="relative-table"><thead><tr><th class="text">Against ${h(r.benchmark)}</th>${numeraires.map((n) => `<th>${h(n)}</th>`).join('')}</tr></thead><tbody>
${row('Active return (yearly)', (n) => `<span class="${signClass(m(n).activeReturn)}">${pct(m(n).activeReturn, 2)}</span>`)}
${row('Tracking error', (n) => pct(m(n).trackingError, 2))}
${row('Information ratio', (n) => num(m(n).informationRatio))}
${row('Up capture (monthly)', (n) => pct(m(n).upCapture, 0))}
${row('Down capture (monthly)', (n) => pct(m(n).downCapture, 0))}
${row('Beta', (n) => num(m(n).beta))}
</tbody></table>`;
  return `<section class="card" id="relative"><h2>Against the benchmark</h2>
<h3>Relative strength: strategy over <span class="sym">${h(r.benchmark)}</span>, rebased to 1</h3>
<div class="chart" id="chart-relative"></div>
<div class="grid" style="margin-top:10px"><div class="scroll">${table}</div><div><p class="note">Rising means the strategy is gaining on the benchmark. The curve is the same in every numeraire: the yardstick divides both and cancels. Active return is the strategy's CAGR minus the benchmark's; tracking error and the information ratio are on one-bar return differences; capture compares the geometric mean monthly return in the months the benchmark rose (up) or fell (down). See docs/attribution.md.</p></div></div></section>`;
}

/** One small chart per signal, under the equity curve, on its time axis and regime bands. */
export function signalsSection(p: ChartPayload): string {
  const list = p.why.signals;
  if (!list.length) return '';
  const charts = list
    .map((s, k) => `<div class="signal"><h3><span class="sym">${h(s.name)}</span>${s.lines.length ? ` <span class="sub">thresholds: ${s.lines.map((l) => h(l.label)).join('; ')}</span>` : ''}</h3><div class="chart" id="chart-signal-${k}"></div></div>`)
    .join('');
  return `<section class="card" id="signals"><h2>Signals</h2>${charts}
<p class="note">Each signal per bar, on the equity curve's time axis and regime bands (zooming one zooms all); dashed lines are what a rule compares it with. A gap is a bar where the signal is undefined.</p></section>`;
}

function lineName(key: string): string {
  return ACCOUNT[key]?.name ?? key;
}

function lineColor(r: RunResult, key: string): string {
  if (ACCOUNT[key]) return ACCOUNT[key].color;
  const j = (r.universe ?? []).indexOf(key);
  return assetColor(Math.max(0, j));
}

/** The P&L lines: a table (total, share of capital, each regime) and the yearly stacked bars. */
export function pnlSection(r: RunResult): string {
  const a = r.attribution;
  if (!a) return '';
  const keys = Object.keys(a.pnl).sort((x, y) => Math.abs(a.pnl[y]) - Math.abs(a.pnl[x]));
  const total = Object.values(a.pnl).reduce((s, v) => s + v, 0);
  const regimes = a.byRegime ? regimeLabels(r).filter((l) => a.byRegime![l]) : [];
  // Below half a dollar is zero (no "-0").
  const usd = (v: number | undefined) => (v !== undefined && Math.abs(v) < 0.5 ? 0 : v);
  const cell = (v: number | undefined) => `<td class="${signClass(usd(v))}">${money(usd(v))}</td>`;
  const head = `<tr><th class="text">Line</th><th>P&amp;L (USD)</th><th>of capital</th>${regimes
    .map((l, i) => `<th><span class="swatch" style="background:${regimeColor(i)}"></span>${h(l)}</th>`)
    .join('')}</tr>`;
  const rows = keys
    .map((k) => `<tr><td class="text"><span class="swatch" style="background:${lineColor(r, k)}"></span>${h(lineName(k))}</td>${cell(a.pnl[k])}<td>${pct(a.pnl[k] / r.capital, 1)}</td>${regimes.map((l) => cell(a.byRegime![l][k])).join('')}</tr>`)
    .join('');
  const sumOf = (lines: Record<string, number>) => Object.values(lines).reduce((s, v) => s + v, 0);
  const totalRow = `<tr class="total"><td class="text"><b>Total = final equity − capital</b></td>${cell(total)}<td>${pct(total / r.capital, 1)}</td>${regimes.map((l) => cell(sumOf(a.byRegime![l]))).join('')}</tr>`;
  const years = Object.keys(a.byYear);
  const series: BarSeries[] = keys.map((k) => ({ name: lineName(k), color: lineColor(r, k), values: years.map((y) => a.byYear[y][k] ?? null) }));
  const bars = years.length ? stackedBarsSvg(years, series, { title: 'P&L per year by line (USD)' }) : '';
  return `<section class="card" id="attribution"><h2>Where the money came from</h2>
<div class="scroll"><table class="data" id="pnl-table"><thead>${head}</thead><tbody>${rows}${totalRow}</tbody></table></div>
<h3 style="margin-top:14px">P&amp;L per year by line (USD)</h3>${bars}
<p class="note">Each asset's P&amp;L is the sum over bars of the value held into the bar times the asset's return over it; with cash interest, trading costs, borrow fees and financing the lines add up to the final equity minus the capital. A bar belongs to the year it is realised in, and to the regime in force when it began. The tick on each bar is the year's net.</p></section>`;
}

const TRADE_ROWS = 15;

function tradeTable(id: string, list: Trade[]): string {
  if (!list.length) return `<p class="note">No trade.</p>`;
  const rows = list
    .map((t) => `<tr><td>${h(t.date)}</td><td class="text"><span class="sym">${h(t.asset)}</span></td><td class="text ${t.side === 'buy' ? 'pos' : 'neg'}">${h(t.side)}</td><td>${pct(t.weightBefore, 1)} → ${pct(t.weightAfter, 1)}</td><td>${money(t.notional)}</td><td>${money(t.cost, 2)}</td></tr>`)
    .join('');
  return `<table class="data" id="${id}"><thead><tr><th>Date</th><th class="text">Asset</th><th class="text">Side</th><th>Weight before → after</th><th>Notional (USD)</th><th>Cost (USD)</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The last trades and the largest ones, with a link to the full list. */
export function tradesSection(r: RunResult): string {
  const trades = r.trades;
  if (!trades) return '';
  const last = trades.slice(-TRADE_ROWS).reverse();
  const largest = [...trades].sort((x, y) => y.notional - x.notional).slice(0, TRADE_ROWS);
  const counts = r.trading ? `${int(r.trading.trades)} trades on ${int(r.trading.rebalances)} days` : `${int(trades.length)} trades`;
  return `<section class="card" id="trades"><h2>Trades <span class="sub">${counts}</span></h2>
<div class="grid"><div class="scroll"><h3>Last ${Math.min(TRADE_ROWS, trades.length)}</h3>${tradeTable('trades-last', last)}</div>
<div class="scroll"><h3>Largest ${Math.min(TRADE_ROWS, trades.length)}</h3>${tradeTable('trades-largest', largest)}</div></div>
<p class="note">Every trade is in <a href="trades.csv" id="trades-csv">trades.csv</a>, written beside result.json in the run's output folder (the link works when the report sits there, as <code>regime run --report</code> writes it). Weight before is the drifted holding over the account before the trade; after is the weight held at that close.</p></section>`;
}

/** Styles of these sections, added to the report's. */
export const WHY_CSS = `
svg.pnl-bars { width: 100%; height: auto; display: block; margin-top: 10px; font-family: system-ui, sans-serif; }
svg.pnl-bars .grid { stroke: #e6e8eb; stroke-width: 1; }
svg.pnl-bars .zero { stroke: #7d838b; stroke-width: 1; }
svg.pnl-bars .ylab, svg.pnl-bars .xlab { font-size: 10px; fill: #4a4f57; }
svg.pnl-bars .leg { font-size: 11px; fill: #1d2228; }
svg.pnl-bars .net { stroke: #1d2228; stroke-width: 2; }
@media print { svg.pnl-bars { break-inside: avoid; } }
#signals .signal + .signal { margin-top: 4px; }
#signals .signal h3 { margin: 6px 0 0; }
#signals .uplot .u-legend { margin: 0; }
#pnl-table tr.total td { border-top: 2px solid var(--line); }
`;
