import type { RegimeStats } from '../run/result.js';
import { stdev } from './stats.js';

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export interface LabelStatsOptions {
  /**
   * Which label a bar's return (from t-1 to t) belongs to. `start`: the label in force at
   * t-1, when the bar began — right for regimes, which the strategy decides on (with an
   * execution delay the first bars of a spell still earn the previous allocation). `end`:
   * the label of bar t, the day the return is realised — right for calendar date ranges,
   * so a range's return agrees with the calendar returns of the same dates.
   */
  creditTo?: 'start' | 'end';
  /** The account's value before the first close, when costs were paid at that close (delay 0). */
  initial?: number;
  /** The benchmark's curve on the same bars: its return over each label's bars, credited the same way. */
  benchmark?: Float64Array;
}

/**
 * Per-label statistics of an equity curve; `codes` of -1 (outside every date range) are not
 * credited. Drawdown is the worst inside any one spell.
 */
export function labelStats(equity: Float64Array, codes: Int32Array, labels: readonly string[], periodsPerYear: number, options: LabelStatsOptions = {}): RegimeStats[] {
  const n = equity.length;
  const k = labels.length;
  const credit = options.creditTo === 'end' ? (t: number) => codes[t] : (t: number) => codes[t - 1];
  const bars = new Int32Array(k);
  const spells = new Int32Array(k);
  const growth = new Float64Array(k).fill(1);
  const maxDd = new Float64Array(k);
  const returnsBy: number[][] = Array.from({ length: k }, () => []);
  // Bars (time share) and spells count every bar's own label, including the first.
  for (let t = 0; t < n; t++) {
    const c = codes[t];
    if (c < 0) continue;
    bars[c]++;
    if (t === 0 || codes[t - 1] !== c) spells[c]++;
  }
  let spellPeak = 1;
  let spellValue = 1;
  let previous = -2;
  const add = (c: number, r: number) => {
    if (c !== previous) {
      spellPeak = 1;
      spellValue = 1;
    }
    previous = c;
    if (c < 0) return;
    growth[c] *= 1 + r;
    returnsBy[c].push(r);
    spellValue *= 1 + r;
    if (spellValue > spellPeak) spellPeak = spellValue;
    const dd = spellValue / spellPeak - 1;
    if (dd < maxDd[c]) maxDd[c] = dd;
  };
  if (options.initial !== undefined && n > 0 && options.initial > 0 && equity[0] !== options.initial) add(codes[0], equity[0] / options.initial - 1);
  for (let t = 1; t < n; t++) add(credit(t), equity[t - 1] > 0 ? equity[t] / equity[t - 1] - 1 : 0);
  const bench = options.benchmark;
  const benchGrowth = new Float64Array(k).fill(1);
  if (bench)
    for (let t = 1; t < n; t++) {
      const c = credit(t);
      if (c >= 0 && bench[t - 1] > 0) benchGrowth[c] *= bench[t] / bench[t - 1];
    }
  return labels.map((label, c) => {
    const count = returnsBy[c].length;
    // A label with no bar at all (a period outside the run) has no return: null, not 0.
    if (bars[c] === 0 && count === 0) return { label, share: 0, bars: 0, spells: 0, return: null, annualizedReturn: null, volatility: null, maxDrawdown: null, benchmarkReturn: null };
    const sd = stdev(Float64Array.from(returnsBy[c]));
    return {
      label,
      share: n ? bars[c] / n : 0,
      bars: bars[c],
      spells: spells[c],
      return: growth[c] - 1,
      // Annualising a few bars of a large move can overflow: that is "not meaningful", null.
      annualizedReturn: count > 0 && growth[c] > 0 ? finiteOrNull(Math.pow(growth[c], periodsPerYear / count) - 1) : null,
      volatility: Number.isFinite(sd) ? sd * Math.sqrt(periodsPerYear) : null,
      maxDrawdown: maxDd[c],
      benchmarkReturn: bench ? benchGrowth[c] - 1 : null,
    };
  });
}
