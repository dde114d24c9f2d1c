/**
 * The simulation kernel: one pass over bars with typed arrays, no allocation per bar.
 *
 * Timing (DESIGN.md): a target decided at the close of bar s is traded at the close of bar
 * s + delay. Between trades holdings drift with prices. Each interval (t-1, t] first accrues
 * cash interest, financing and borrow fees on the balances held over it (act/365), then
 * applies the price moves; trading happens at the close of t and pays costs from cash.
 *
 * An asset trades only at its own prints (`live`): on a bar where it has none (a weekend for
 * an ETF in a universe with crypto, a holiday of its own exchange) its price is the carried
 * close, good for marking but not for trading, since the decision may already know what
 * happened after that close. Its leg of a due rebalance then waits, holding what it holds,
 * and fills at its next print to the latest decided target still waiting for it.
 */
import { summaryPass } from './summaryPass.js';

export interface SimulationInput {
  /** Bars in the period, as day numbers. */
  dates: Int32Array;
  /** Number of assets; matrices are row-major [bar * assets + asset]. */
  assets: number;
  /** Prices, NaN while an asset has no data yet. */
  prices: Float64Array;
  /**
   * Where each asset has a print of its own, same layout as `prices`: 1 a print dated the
   * bar, 2 a print since the previous bar dated before it (a monthly bar whose asset last
   * traded before the month's last day), 0 none (a carried close). A leg of a decision made
   * at bar s fills at the first bar t ≥ s + delay where its asset has a print dated on or
   * after bar s (1, or 2 when t > s), to the newest due decision that print may fill (a newer
   * decision supersedes a waiting one). Absent: every bar is live.
   */
  live?: Uint8Array;
  /** Target weights decided at the close of each bar (finite; 0 where an asset cannot be held). */
  targets: Float64Array;
  /** 1 where a rebalance is decided at the close of a bar (start, schedule, regime change). */
  decide: Uint8Array;
  /** Yearly cash rate (fraction) in force over the interval that starts at each bar. */
  cashRate: Float64Array;
  delay: number;
  /** Absolute tolerance band on weights (0 = off). */
  band: number;
  /** Relative tolerance band, as a fraction of each target (0 = off). */
  bandRelative: number;
  /** Commission + slippage, as a fraction of traded notional. */
  costRate: number;
  /** Yearly fee on short notional, as a fraction. */
  borrowRate: number;
  /** Yearly spread over the cash rate on a negative cash balance, as a fraction. */
  financingSpread: number;
  capital: number;
  /**
   * Weights held at the first close before any trade there, as fractions of `capital`
   * (default: all cash, as `regime run` starts). A walk-forward's test window carries the
   * previous window's positions this way: until its first trade they drift with prices,
   * and that trade pays costs on the difference only. Everything the kernel charges is
   * proportional to the account (costs on notional, interest and fees on balances), so a
   * run from carried weights scales with its capital.
   */
  initialWeights?: Float64Array;
  /**
   * With `initialWeights`: the carried positions in assets outside this run's universe, as a
   * fraction of `capital` (Σ|w|). They cannot be held here, so they are sold at the first
   * close: their value is in the cash, and the sale pays costs on that notional there.
   */
  initialSale?: number;
  /**
   * Record only equity, turnover and the band decisions (which the kernel reads back): what a
   * study's trial reads. The weights (a division per asset and bar, an n × m array), the costs,
   * the interest and the trade flags are then empty arrays: a trial's working set stays small
   * enough for the core's own cache, which matters when two threads run trials side by side.
   */
  summaryOnly?: boolean;
}

export interface SimulationOutput {
  /** Equity in USD at each close, after that bar's trades and costs. */
  equity: Float64Array;
  /** Weights at each close, after trading (what is held into the next bar); empty with summaryOnly. */
  weights: Float64Array;
  /** Traded notional at each bar as a fraction of equity (Σ|Δ|/E). */
  turnover: Float64Array;
  /** USD paid at each bar: commission + slippage, borrow fee, financing (empty with summaryOnly, as are cashInterest and traded). */
  tradingCost: Float64Array;
  borrowCost: Float64Array;
  financingCost: Float64Array;
  /** USD interest earned on a positive cash balance at each bar. */
  cashInterest: Float64Array;
  /** 1 at bars where a trade was executed. */
  traded: Uint8Array;
  /** 1 where the band was breached at the close (a rebalance decided by drift). */
  bandDecide: Uint8Array;
  /** Index of the first bar where equity fell to zero or below, else -1 (positions closed). */
  ruinedAt: number;
}

const DAYS_PER_YEAR = 365;

/**
 * Output arrays for n bars and m assets (with summaryOnly, empty ones but for equity, turnover
 * and the band decisions), zeroed: `reuse`'s when it has that shape (a study runs thousands
 * of trials of one shape, and allocating them per trial is most of its garbage).
 */
export function simulationBuffers(n: number, m: number, reuse?: SimulationOutput, summaryOnly = false): SimulationOutput {
  const k = summaryOnly ? 0 : n;
  if (reuse && reuse.equity.length === n && reuse.tradingCost.length === k && reuse.weights.length === k * m) {
    for (const a of [reuse.equity, reuse.weights, reuse.turnover, reuse.tradingCost, reuse.borrowCost, reuse.financingCost, reuse.cashInterest, reuse.traded, reuse.bandDecide]) a.fill(0);
    reuse.ruinedAt = -1;
    return reuse;
  }
  const f = () => new Float64Array(k);
  return { equity: new Float64Array(n), weights: new Float64Array(k * m), turnover: new Float64Array(n), tradingCost: f(), borrowCost: f(), financingCost: f(), cashInterest: f(), traded: new Uint8Array(k), bandDecide: new Uint8Array(n), ruinedAt: -1 };
}

/** One pass over the bars. With `reuse`, its arrays are overwritten and returned (see simulationBuffers). */
export function simulate(input: SimulationInput, reuse?: SimulationOutput): SimulationOutput {
  const { dates, assets: m, prices, targets, decide, cashRate, delay, capital, live } = input;
  const n = dates.length;
  const full = !input.summaryOnly;
  const out = simulationBuffers(n, m, reuse, !full);
  const { equity, weights, turnover, tradingCost, borrowCost, financingCost, cashInterest, traded, bandDecide } = out;
  const useBand = input.band > 0 || input.bandRelative > 0;
  const initial = input.initialWeights;
  // A study's trial in the common case: the same loop compiled for m assets (summaryPass.ts).
  const pass = !full && !live && !useBand && !initial && (input.initialSale ?? 0) === 0 ? summaryPass(m) : null;
  if (pass) {
    out.ruinedAt = pass(dates, prices, targets, decide, cashRate, delay, input.costRate, input.borrowRate, input.financingSpread, capital, equity, turnover);
    return out;
  }
  const holdings = new Float64Array(m); // signed USD value per asset
  let cash = capital;
  if (initial)
    for (let j = 0; j < m; j++) {
      holdings[j] = initial[j] * capital;
      cash -= holdings[j];
    }
  // Carried positions outside the universe, sold at the first close (their value is in cash).
  const saleNotional = (input.initialSale ?? 0) * capital;
  const saleCost = saleNotional * input.costRate;
  cash -= saleCost;
  if (saleNotional > 0) {
    turnover[0] = saleNotional / capital;
    if (full) {
      tradingCost[0] = saleCost;
      traded[0] = 1;
    }
  }
  let ruinedAt = -1;
  // With `live`: per asset, the bar of the latest due decision its leg has not filled yet
  // (-1: none), and the decision its leg fills at the current close (-1: none).
  const pending = live ? new Int32Array(m).fill(-1) : undefined;
  const fills = live ? new Int32Array(m) : undefined;
  let pendingLegs = 0;

  for (let t = 0; t < n; t++) {
    const row = t * m;
    if (t > 0 && ruinedAt < 0) {
      const yearFraction = (dates[t] - dates[t - 1]) / DAYS_PER_YEAR;
      const rate = cashRate[t - 1];
      let shortNotional = 0;
      for (let j = 0; j < m; j++) if (holdings[j] < 0) shortNotional -= holdings[j];
      if (cash >= 0) {
        const interest = cash * rate * yearFraction;
        if (full) cashInterest[t] = interest;
        cash += interest;
      } else {
        const charge = -cash * (rate + input.financingSpread) * yearFraction;
        if (full) financingCost[t] = charge;
        cash -= charge;
      }
      const fee = shortNotional * input.borrowRate * yearFraction;
      if (full) borrowCost[t] = fee;
      cash -= fee;
      const prev = row - m;
      for (let j = 0; j < m; j++) {
        const p0 = prices[prev + j];
        const p1 = prices[row + j];
        if (holdings[j] !== 0 && p0 === p0 && p1 === p1) holdings[j] *= p1 / p0;
      }
    }

    let value = cash;
    for (let j = 0; j < m; j++) value += holdings[j];
    // The first close is worth the capital exactly, whatever it holds (cash + carried
    // holdings may round an ulp away from it; metrics compare equity[0] with the capital),
    // less what selling carried positions outside the universe cost there.
    if (t === 0) value = capital - saleCost;

    if (ruinedAt < 0 && value <= 0) {
      // The account is wiped out: close everything and stop.
      ruinedAt = t;
      for (let j = 0; j < m; j++) holdings[j] = 0;
      cash = 0;
      value = 0;
    }

    // Drift beyond the band is judged on the weights as they stand at this close; with
    // delay 0 it trades at once, otherwise `delay` bars later.
    // A trade already decided but not yet executed (delay ≥ 2) answers any drift: no second one.
    // A leg waiting for its asset's next print is such a trade for that asset: its own drift
    // decides nothing (the others' still does, so a halted asset cannot stop the band).
    if (useBand && value > 0 && !tradePending(decide, bandDecide, t, delay)) bandDecide[t] = breachesBand(holdings, value, targets, row, m, input.band, input.bandRelative, pending);

    const s = t - delay;
    const due = ruinedAt < 0 && s >= 0 && (decide[s] === 1 || bandDecide[s] === 1);
    // Which decision each asset's leg fills at this close: the due one (s) for every asset, or,
    // with `live`, whatever legsToFill finds (-1: the leg waits or nothing is due).
    let trading = due;
    if (fills !== undefined) {
      trading = ruinedAt < 0 && (due || pendingLegs > 0);
      if (trading) pendingLegs = legsToFill(fills, pending!, live!, prices, row, m, t, s, due);
    }
    if (trading) {
      let notional = 0;
      for (let j = 0; j < m; j++) {
        const from = fills === undefined ? s : fills[j];
        if (from < 0) continue;
        const p = prices[row + j];
        const target = p === p ? targets[from * m + j] * value : 0;
        const delta = target - holdings[j];
        notional += delta < 0 ? -delta : delta;
        holdings[j] = target;
        cash -= delta;
      }
      const cost = notional * input.costRate;
      cash -= cost;
      // Added to what the first close's sale of carried positions booked (0 on every other bar).
      turnover[t] += notional / value;
      if (full) {
        tradingCost[t] += cost;
        traded[t] = notional > 0 || traded[t] === 1 ? 1 : 0;
      }
      value -= cost;
      if (value <= 0) {
        // The trade's costs wiped the account out (an absurd leverage): closed, as at ruin.
        ruinedAt = t;
        for (let j = 0; j < m; j++) holdings[j] = 0;
        cash = 0;
        value = 0;
        if (pending !== undefined) {
          pending.fill(-1);
          pendingLegs = 0;
        }
      }
      // After a delayed trade, what counts is how far the new holdings are from today's target.
      if (useBand && delay > 0)
        bandDecide[t] = value > 0 && !tradePending(decide, bandDecide, t, delay) ? breachesBand(holdings, value, targets, row, m, input.band, input.bandRelative, pending) : 0;
    }

    equity[t] = value;
    if (full && value > 0) for (let j = 0; j < m; j++) weights[row + j] = holdings[j] / value;
  }
  out.ruinedAt = ruinedAt;
  return out;
}

/**
 * 1 when any weight is further from its target than the absolute or relative band; assets
 * whose leg waits for their next print (waiting[j] ≥ 0, with `live`) are left out: that leg
 * already answers their drift.
 */
function breachesBand(holdings: Float64Array, value: number, targets: Float64Array, row: number, m: number, band: number, relative: number, waiting?: Int32Array): number {
  for (let j = 0; j < m; j++) {
    if (waiting !== undefined && waiting[j] >= 0) continue;
    const target = targets[row + j];
    const diff = Math.abs(holdings[j] / value - target);
    if ((band > 0 && diff > band) || (relative > 0 && diff > relative * Math.abs(target))) return 1;
  }
  return 0;
}

/**
 * With `live`: for each asset, the decision its leg fills at bar t (into `fills`, -1: none),
 * updating the decisions still waiting (`pending`); returns how many legs wait after t. A print
 * dated the bar (1) fills any due or waiting decision; a print dated before it (2, a monthly
 * bar) only a decision of an earlier bar. Before its first price an asset cannot be held: its
 * leg is 0 at once, as without `live`.
 */
function legsToFill(fills: Int32Array, pending: Int32Array, live: Uint8Array, prices: Float64Array, row: number, m: number, t: number, s: number, due: boolean): number {
  let waiting = 0;
  for (let j = 0; j < m; j++) {
    const p = prices[row + j];
    const l = live[row + j];
    let from = -1;
    if (due) {
      if (p !== p || l === 1 || (l === 2 && t > s)) {
        from = s;
        pending[j] = -1;
      } else {
        // The due decision waits (it supersedes a waiting one); with delay 0 on a print
        // dated before the bar, the leg waiting from an earlier bar fills at that print.
        if (l === 2) from = pending[j];
        pending[j] = s;
      }
    } else if (pending[j] >= 0 && (p !== p || l === 1 || (l === 2 && t > pending[j]))) {
      from = pending[j];
      pending[j] = -1;
    }
    if (pending[j] >= 0) waiting++;
    fills[j] = from;
  }
  return waiting;
}

/** 1 when a rebalance decided in the last `delay - 1` bars is still waiting to execute after bar t. */
function tradePending(decide: Uint8Array, bandDecide: Uint8Array, t: number, delay: number): boolean {
  for (let k = 1; k < delay && t - k >= 0; k++) if (decide[t - k] === 1 || bandDecide[t - k] === 1) return true;
  return false;
}
