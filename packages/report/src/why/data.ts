/**
 * The chart data of the "why did it win?" charts, sampled on the same bars as the others:
 * the relative-strength curve and each signal with the thresholds its rules compare it with.
 */
import type { RunResult } from '@regime/core';
import { roundSig, type Column } from '../compute.js';

export interface SignalLine {
  /** Legend text, e.g. "≥ 3 (regime risk_on)". */
  label: string;
  /** A constant threshold … */
  value?: number;
  /** … or the index (in WhyPayload.signals) of the signal it is compared with. */
  signal?: number;
}

export interface SignalChart {
  name: string;
  values: Column;
  lines: SignalLine[];
}

export interface WhyPayload {
  /**
   * Strategy over benchmark, both rebased to 1 at the first bar. The same in every numeraire:
   * the yardstick divides both curves and cancels in the ratio.
   */
  relative: Column | null;
  signals: SignalChart[];
}

const OPS: Record<string, string> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤', '==': '=', '!=': '≠' };

export function relativeStrength(strategy: ArrayLike<number>, benchmark: ArrayLike<number>): Column {
  const s0 = strategy[0];
  const b0 = benchmark[0];
  const out: Column = new Array(strategy.length);
  for (let t = 0; t < strategy.length; t++) {
    const v = (strategy[t] / s0) / (benchmark[t] / b0);
    out[t] = Number.isFinite(v) ? v : null;
  }
  return out;
}

export function whyPayload(result: RunResult, idx: number[]): WhyPayload {
  const pick = (col: ArrayLike<number | null>): Column => idx.map((i) => roundSig(col[i] ?? null, 6));
  const first = result.numeraires?.find((n) => result.series?.equity?.[n] && result.series?.benchmark?.[n]);
  const relative = first ? pick(relativeStrength(result.series.equity[first], result.series.benchmark![first])) : null;

  const series = result.series?.signals ?? {};
  const names = Object.keys(series);
  const signals: SignalChart[] = names.map((name) => ({ name, values: pick(series[name]), lines: [] }));
  for (const th of result.thresholds ?? []) {
    const k = names.indexOf(th.signal);
    if (k < 0) continue;
    const where = th.in ? ` (${th.in})` : '';
    if (typeof th.against === 'number') signals[k].lines.push({ label: `${OPS[th.op] ?? th.op} ${th.against}${where}`, value: th.against });
    else {
      const other = names.indexOf(th.against);
      if (other >= 0) signals[k].lines.push({ label: `${OPS[th.op] ?? th.op} ${th.against}${where}`, signal: other });
    }
  }
  return { relative, signals };
}
