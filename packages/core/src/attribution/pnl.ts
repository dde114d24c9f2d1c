/**
 * Profit-and-loss attribution in USD (DESIGN.md "Why did it win?"), from the kernel's
 * output in a pass of its own, so the simulation's hot loop carries none of it.
 *
 * Over each interval (t-1, t] the account changes by exactly
 *   Σ_assets (value held into the bar) × (asset's return over it)
 *   + cash interest − financing − borrow fees − trading costs at the close of t,
 * so the lines add up to final equity − capital (to floating-point rounding). The value held
 * into bar t is the weight held at the close of t-1 times the equity then, which is what the
 * kernel held. A run wiped out (equity ≤ 0) is closed by the kernel; what it could not pay
 * is the `ruin` line, present only in such a run.
 */
import type { SimulationOutput } from '../simulation/kernel.js';
import { yearOf } from '../util/dates.js';

/** One flat mapping: each asset's P&L, then the account lines; USD, costs negative. */
export type PnlLines = Record<string, number>;

export interface Attribution {
  /** Over the whole run: `{ <asset>: usd, …, cashInterest, tradingCosts, borrowFees, financing }`. */
  pnl: PnlLines;
  /** The same lines per calendar year (a bar's P&L belongs to the year of the bar it is realised on). */
  byYear: Record<string, PnlLines>;
  /** Per regime, credited as the regime table credits returns: to the regime in force when the bar began. */
  byRegime: Record<string, PnlLines> | null;
  /** Per date-range period, credited to the period of the bar it is realised on; bars outside every period are in none. */
  byPeriod: Record<string, PnlLines> | null;
}

export interface AttributionInput {
  dates: Int32Array;
  assets: readonly string[];
  /** Prices, row-major [bar * assets + asset], NaN while an asset has no data. */
  prices: Float64Array;
  capital: number;
  simulation: Pick<SimulationOutput, 'equity' | 'weights' | 'tradingCost' | 'borrowCost' | 'financingCost' | 'cashInterest' | 'ruinedAt'>;
  regimes?: { labels: readonly string[]; codes: Int32Array };
  periods?: { labels: readonly string[]; codes: Int32Array };
}

export const ACCOUNT_LINES = ['cashInterest', 'tradingCosts', 'borrowFees', 'financing'] as const;

export function attributePnl(input: AttributionInput): Attribution {
  const { dates, assets, prices, capital, simulation: sim } = input;
  const n = dates.length;
  const m = assets.length;
  const ruined = sim.ruinedAt >= 0;
  const names = [...assets, ...ACCOUNT_LINES, ...(ruined ? ['ruin'] : [])];
  const width = names.length;
  const bar = new Float64Array(width);
  const total = new Float64Array(width);
  const years = new Map<number, Float64Array>();
  const regimes = input.regimes ? input.regimes.labels.map(() => new Float64Array(width)) : null;
  const periods = input.periods ? input.periods.labels.map(() => new Float64Array(width)) : null;

  let currentYear = NaN;
  let yearAcc: Float64Array = total;
  for (let t = 0; t < n; t++) {
    const before = t > 0 ? sim.equity[t - 1] : capital;
    let sum = 0;
    for (let j = 0; j < m; j++) {
      let pnl = 0;
      if (t > 0) {
        const held = sim.weights[(t - 1) * m + j] * before;
        const p0 = prices[(t - 1) * m + j];
        const p1 = prices[t * m + j];
        if (held !== 0 && p0 === p0 && p1 === p1) pnl = held * (p1 / p0 - 1);
      }
      bar[j] = pnl;
      sum += pnl;
    }
    bar[m] = sim.cashInterest[t];
    bar[m + 1] = -sim.tradingCost[t];
    bar[m + 2] = -sim.borrowCost[t];
    bar[m + 3] = -sim.financingCost[t];
    sum += bar[m] + bar[m + 1] + bar[m + 2] + bar[m + 3];
    // At the bar where the account was wiped out, the kernel set equity to 0: the shortfall.
    if (ruined) bar[m + 4] = t === sim.ruinedAt ? sim.equity[t] - (before + sum) : 0;

    add(total, bar);
    const year = yearOf(dates[t]);
    if (year !== currentYear) {
      currentYear = year;
      yearAcc = years.get(year) ?? new Float64Array(width);
      years.set(year, yearAcc);
    }
    add(yearAcc, bar);
    if (regimes) add(regimes[input.regimes!.codes[t > 0 ? t - 1 : 0]], bar);
    if (periods) {
      const c = input.periods!.codes[t];
      if (c >= 0) add(periods[c], bar);
    }
  }

  const lines = (acc: Float64Array): PnlLines => Object.fromEntries(names.map((name, k) => [name, acc[k]]));
  const byLabel = (labels: readonly string[] | undefined, accs: Float64Array[] | null) =>
    accs ? Object.fromEntries(labels!.map((label, k) => [label, lines(accs[k])])) : null;
  return {
    pnl: lines(total),
    byYear: Object.fromEntries([...years].map(([year, acc]) => [String(year), lines(acc)])),
    byRegime: byLabel(input.regimes?.labels, regimes),
    byPeriod: byLabel(input.periods?.labels, periods),
  };
}

function add(acc: Float64Array, bar: Float64Array): void {
  for (let k = 0; k < acc.length; k++) acc[k] += bar[k];
}

/** The sum of a mapping's lines: final equity − capital for `pnl`. */
export function pnlTotal(lines: PnlLines): number {
  let s = 0;
  for (const v of Object.values(lines)) s += v;
  return s;
}
