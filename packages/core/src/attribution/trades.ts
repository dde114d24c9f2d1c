/**
 * Every executed trade, rebuilt from the kernel's output in a pass of its own (the hot loop
 * records only per-bar totals). At a bar where the kernel traded, each asset's holding before
 * the trade is what was held at the previous close moved by the asset's price; after it, the
 * weight held at this close times this close's equity. The difference is the trade.
 *
 * - notional: |after − before| in USD; Σ notional / (equity before costs) over a bar is the
 *   turnover the kernel reports for it;
 * - cost: the bar's commission and slippage shared in proportion to notional (the kernel
 *   charges one rate on every dollar traded, so this is each trade's own cost);
 * - weight before: the drifted holding over the account's value before the trade;
 *   weight after: the weight held at the close, as in `series.weights`.
 */
import type { SimulationOutput } from '../simulation/kernel.js';
import { formatDay } from '../util/dates.js';

export interface Trade {
  date: string;
  asset: string;
  weightBefore: number;
  weightAfter: number;
  /** Traded value in USD, always positive; `side` says which way. */
  notional: number;
  side: 'buy' | 'sell';
  /** Commission and slippage paid on it, USD. */
  cost: number;
}

export interface TradesInput {
  dates: Int32Array;
  assets: readonly string[];
  prices: Float64Array;
  capital: number;
  /** Weights held before the first close's trade (a start carrying positions); undefined: cash. */
  initialWeights?: Float64Array;
  simulation: Pick<SimulationOutput, 'equity' | 'weights' | 'tradingCost' | 'traded'>;
}

/**
 * Below this share of the account a difference is floating-point residue of rebuilding the
 * holdings, not a trade (the kernel sets every traded holding to its target exactly).
 */
const RESIDUE = 1e-12;

export function listTrades(input: TradesInput): Trade[] {
  const { dates, assets, simulation: sim } = input;
  const m = assets.length;
  const out: Trade[] = [];
  forEachTrade(input, (t, j, delta, weightBefore, cost) =>
    out.push({
      date: formatDay(dates[t]),
      asset: assets[j],
      weightBefore,
      weightAfter: sim.weights[t * m + j],
      notional: Math.abs(delta),
      side: delta > 0 ? 'buy' : 'sell',
      cost,
    }),
  );
  return out;
}

/**
 * The number of trades, and of bars with at least one (rebalances), without building the
 * list. A bar where the kernel's traded notional is only rounding residue (a target equal to
 * the holding, to 1e-13) has no trade and is no rebalance.
 */
export function countTrades(input: TradesInput): { trades: number; rebalances: number } {
  let trades = 0;
  let rebalances = 0;
  let last = -1;
  forEachTrade(input, (t) => {
    trades++;
    if (t !== last) rebalances++;
    last = t;
  });
  return { trades, rebalances };
}

type Visit = (bar: number, asset: number, delta: number, weightBefore: number, cost: number) => void;

function forEachTrade(input: TradesInput, visit: Visit): void {
  const { dates, assets, prices, capital, simulation: sim } = input;
  const n = dates.length;
  const m = assets.length;
  const notional = new Float64Array(m);
  const before = new Float64Array(m);
  for (let t = 0; t < n; t++) {
    if (sim.traded[t] !== 1) continue;
    // The account's value at this close before the trade's costs were paid.
    const value = sim.equity[t] + sim.tradingCost[t];
    const prior = t > 0 ? sim.equity[t - 1] : capital;
    let total = 0;
    for (let j = 0; j < m; j++) {
      let held = t === 0 && input.initialWeights ? input.initialWeights[j] * capital : 0;
      if (t > 0) {
        held = sim.weights[(t - 1) * m + j] * prior;
        const p0 = prices[(t - 1) * m + j];
        const p1 = prices[t * m + j];
        if (held !== 0 && p0 === p0 && p1 === p1) held *= p1 / p0;
      }
      before[j] = held;
      const after = sim.weights[t * m + j] * sim.equity[t];
      const delta = after - held;
      notional[j] = Math.abs(delta) > RESIDUE * value ? delta : 0;
      total += Math.abs(notional[j]);
    }
    for (let j = 0; j < m; j++) {
      const d = notional[j];
      // The share first: it is at most one, so the product cannot overflow.
      if (d !== 0) visit(t, j, d, before[j] / value, sim.tradingCost[t] * (Math.abs(d) / total));
    }
  }
}
