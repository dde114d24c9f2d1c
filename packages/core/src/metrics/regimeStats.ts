import type { RegimeStats } from '../run/result.js';
import { stdev } from './stats.js';

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Per-label statistics of an equity curve. The return of bar t (from t-1 to t) is credited
 * to the label in force at t-1 (decided when the bar began; with an execution delay the
 * first bars of a spell still earn the previous allocation); `codes` of -1
 * (outside every date range) are not credited. Drawdown is the worst inside any one spell.
 */
export function labelStats(equity: Float64Array, codes: Int32Array, labels: readonly string[], periodsPerYear: number): RegimeStats[] {
  const n = equity.length;
  const k = labels.length;
  const bars = new Int32Array(k);
  const spells = new Int32Array(k);
  const growth = new Float64Array(k).fill(1);
  const maxDd = new Float64Array(k);
  const returnsBy: number[][] = Array.from({ length: k }, () => []);
  // Bars (time share) count every bar's label, including the first.
  for (let t = 0; t < n; t++) {
    const c = codes[t];
    if (c < 0) continue;
    bars[c]++;
    if (t === 0 || codes[t - 1] !== c) spells[c]++;
  }
  let spellPeak = 1;
  let spellValue = 1;
  for (let t = 1; t < n; t++) {
    const c = codes[t - 1];
    if (c < 0) continue;
    if (t === 1 || codes[t - 2] !== c) {
      spellPeak = 1;
      spellValue = 1;
    }
    const r = equity[t - 1] > 0 ? equity[t] / equity[t - 1] - 1 : 0;
    growth[c] *= 1 + r;
    returnsBy[c].push(r);
    spellValue *= 1 + r;
    if (spellValue > spellPeak) spellPeak = spellValue;
    const dd = spellValue / spellPeak - 1;
    if (dd < maxDd[c]) maxDd[c] = dd;
  }
  return labels.map((label, c) => {
    const count = returnsBy[c].length;
    const total = growth[c] - 1;
    const sd = stdev(Float64Array.from(returnsBy[c]));
    return {
      label,
      share: n ? bars[c] / n : 0,
      bars: bars[c],
      spells: spells[c],
      return: total,
      // Annualising a few bars of a large move can overflow: that is "not meaningful", null.
      annualizedReturn: count > 0 && growth[c] > 0 ? finiteOrNull(Math.pow(growth[c], periodsPerYear / count) - 1) : null,
      volatility: Number.isFinite(sd) ? sd * Math.sqrt(periodsPerYear) : null,
      maxDrawdown: maxDd[c],
    };
  });
}
