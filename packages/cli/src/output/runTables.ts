import { METRICS, NO_VALUE, formatMetric, metricDef, type MetricDef, type NumeraireMetrics, type RunResult } from '@regime/core';
import { money, num, pct, textTable } from './format.js';
import { uncertaintyTables } from './uncertaintyTable.js';

/** The terminal's metric rows: every catalog metric but the trading group (the trading table shows those). */
const ROWS = METRICS.filter((m) => m.group !== 'trading');

/** A metric's cell: the catalog's formatting, then its detail (the date of a best day) in brackets. */
function cell(def: MetricDef, m: NumeraireMetrics): string {
  const text = formatMetric(def, def.read(m));
  const detail = def.detail?.(m);
  return detail ? `${text} (${detail})` : text;
}

/** The metrics table: one column per numeraire (USD and gold side by side), benchmark alongside. */
export function metricsTable(result: RunResult): string {
  const names = result.numeraires;
  const header = ['', ...names.map((n) => `in ${n}`)];
  const withBench = result.benchmarkMetrics !== null;
  if (withBench) header.push(...names.map((n) => `${result.benchmark} in ${n}`));
  const rows = ROWS.map((def) => [
    def.label,
    ...names.map((n) => cell(def, result.metrics[n])),
    ...(withBench ? names.map((n) => (def.ofBenchmark ? cell(def, result.benchmarkMetrics![n]) : NO_VALUE)) : []),
  ]);
  return textTable(header, rows);
}

export function tradingTable(result: RunResult): string {
  const t = result.trading;
  return textTable(
    ['Trading', ''],
    [
      [metricDef('turnover').label, pct(t.turnoverPerYear, 0)],
      ['Trades', String(t.trades)],
      ['Rebalances (days with a trade)', String(t.rebalances)],
      ['Commission + slippage', money(t.costs.trading)],
      ['Borrow fees', money(t.costs.borrow)],
      ['Financing', money(t.costs.financing)],
      ['Cash interest earned', money(t.cashInterest)],
      [metricDef('grossExposure').label, pct(t.averageGrossExposure, 1)],
      [metricDef('netExposure').label, pct(t.averageNetExposure, 1)],
    ],
  );
}

/** Per-regime (or per-period) table: share of time, return, vol, drawdown, per numeraire. */
export function labelTable(title: string, block: NonNullable<RunResult['regimes']>, numeraires: string[], benchmark: string | null = null): string {
  const header = [title, 'share', 'spells'];
  for (const n of numeraires) header.push(`return ${n}`, ...(benchmark ? [`${benchmark} ${n}`] : []), `yearly ${n}`, `vol ${n}`, `max dd ${n}`);
  const rows = block.labels.map((label, k) => {
    const first = block.stats[numeraires[0]][k];
    const row = [label, pct(first.share, 1), String(first.spells)];
    for (const n of numeraires) {
      const s = block.stats[n][k];
      if (s.bars === 0 && s.return === null) row.push('no bars', ...(benchmark ? [''] : []), '', '', '');
      else row.push(pct(s.return, 1), ...(benchmark ? [pct(s.benchmarkReturn, 1)] : []), pct(s.annualizedReturn, 1), pct(s.volatility, 1), pct(s.maxDrawdown, 1));
    }
    return row;
  });
  return textTable(header, rows);
}

export function runSummary(result: RunResult): string {
  const parts = [
    `${result.name} — ${result.period.start} to ${result.period.end} (${result.frequency}, ${result.series.dates.length} bars)`,
    ...(result.assumptions?.length ? [`assumed: ${result.assumptions.join(' · ')} (not set in the config)`] : []),
    '',
    metricsTable(result),
    '',
    tradingTable(result),
  ];
  if (result.attribution) parts.push('', contributorsTable(result.attribution.pnl, result.capital));
  if (result.regimes) parts.push('', labelTable('Regime', result.regimes, result.numeraires, result.benchmark));
  if (result.periods) parts.push('', labelTable('Period', result.periods, result.numeraires, result.benchmark));
  for (const s of result.sensitivities ?? []) parts.push('', sensitivityTable(s));
  if (result.uncertainty) parts.push('', uncertaintyTables(result));
  return parts.join('\n');
}

/** An asset's forward return against a signal: the slope, and the mean at each level of a score. */
export function sensitivityTable(s: RunResult['sensitivities'][number]): string {
  const title = `${s.asset} ${s.horizon}-bar forward return vs ${s.signal}: beta ${num(s.beta, 3)} (t ${num(s.tStat)}, n ${s.samples}), correlation ${num(s.correlation)}`;
  if (!s.byLevel) return title;
  return `${title}\n${textTable([s.signal, 'samples', 'mean return', 't'], s.byLevel.map((l) => [String(l.level), String(l.samples), pct(l.meanReturn, 1), num(l.tStat)]))}`;
}

const LINE_NAMES: Record<string, string> = { cashInterest: 'Cash interest', tradingCosts: 'Trading costs', borrowFees: 'Borrow fees', financing: 'Financing', ruin: 'Ruin (unpaid shortfall)' };

/**
 * Where the money came from: the P&L lines (USD), largest contribution first, the top
 * `top` shown and the rest summed, then the total (= final equity − capital).
 */
export function contributorsTable(pnl: Record<string, number>, capital: number, top = 8): string {
  const lines = Object.entries(pnl).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  const shown = lines.slice(0, top);
  const rest = lines.slice(top);
  const total = lines.reduce((s, [, v]) => s + v, 0);
  const row = (label: string, v: number) => [label, money(v), pct(v / capital, 1)];
  const rows = shown.map(([k, v]) => row(LINE_NAMES[k] ?? k, v));
  if (rest.length) rows.push(row(`${rest.length} others`, rest.reduce((s, [, v]) => s + v, 0)));
  rows.push(row('Total (final − capital)', total));
  return textTable(['Top contributors (USD)', 'P&L', 'of capital'], rows);
}
