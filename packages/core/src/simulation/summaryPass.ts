/**
 * simulate()'s loop for a study's trial in the common case — summary only (equity and turnover),
 * every asset trading at every bar (no `live`), no tolerance band, no carried start — compiled
 * once per number of assets with each holding in a local variable instead of a slot of an
 * array. A holding then stays in a register from one bar to the next instead of going through
 * memory (a store and a reload per asset and bar on the loop's critical path): 0.118 → 0.066 ms
 * for a 2-asset, 20-year daily trial (issue 11). The arithmetic is simulate()'s, operation for
 * operation and in the same order, so every number is identical (summaryPass.test.ts compares
 * the two bit for bit). Without a carried start the account is all cash, worth the capital at
 * the first close, so simulate()'s override of that value is left out. Like numba's kernels compiled per signature, the source is generated
 * from constants only (the number of assets): no text from a config or a data file reaches it.
 */

/** Assets up to which a compiled pass is used; wider universes run simulate()'s own loop. */
export const SUMMARY_PASS_MAX_ASSETS = 8;

/**
 * Writes equity[t] and turnover[t] for every bar (turnover 0 where nothing trades) and returns
 * the bar of ruin (-1: none). Arguments as SimulationInput's.
 */
export type SummaryPass = (
  dates: Int32Array,
  prices: Float64Array,
  targets: Float64Array,
  decide: Uint8Array,
  cashRate: Float64Array,
  delay: number,
  costRate: number,
  borrowRate: number,
  financingSpread: number,
  capital: number,
  equity: Float64Array,
  turnover: Float64Array,
) => number;

const passes: (SummaryPass | null)[] = [];

/**
 * The compiled pass for m assets, made on first use; null for a count outside 1 to
 * SUMMARY_PASS_MAX_ASSETS, and where this process may not compile code (node
 * --disallow-code-generation-from-strings): the caller then runs simulate()'s own loop, which
 * gives the same numbers.
 */
export function summaryPass(m: number): SummaryPass | null {
  if (!Number.isInteger(m) || m < 1 || m > SUMMARY_PASS_MAX_ASSETS) return null;
  let pass = passes[m];
  if (pass === undefined) {
    try {
      pass = new Function(`'use strict'; return ${summaryPassSource(m)};`)() as SummaryPass;
    } catch {
      pass = null;
    }
    passes[m] = pass;
  }
  return pass;
}

/** The source of the pass for m assets; each line is the line of simulate() it mirrors, per asset j. */
export function summaryPassSource(m: number): string {
  const each = (f: (j: number) => string) => Array.from({ length: m }, (_, j) => f(j)).join('\n');
  const zeroAll = each((j) => `h${j} = 0;`);
  return `function summaryPass${m}(dates, prices, targets, decide, cashRate, delay, costRate, borrowRate, financingSpread, capital, equity, turnover) {
  const n = dates.length;
  ${each((j) => `let h${j} = 0;`)}
  let cash = capital;
  // As simulate(): less the carried sale's cost, 0 here. It also makes cash a double from its
  // first value: started from an integer capital, V8 compiled the loop 30 % slower (measured).
  const saleCost = 0 * capital * costRate;
  cash -= saleCost;
  let ruinedAt = -1;
  for (let t = 0; t < n; t++) {
    const row = t * ${m};
    if (t > 0 && ruinedAt < 0) {
      const yearFraction = (dates[t] - dates[t - 1]) / 365;
      const rate = cashRate[t - 1];
      let shortNotional = 0;
      ${each((j) => `if (h${j} < 0) shortNotional -= h${j};`)}
      if (cash >= 0) {
        const interest = cash * rate * yearFraction;
        cash += interest;
      } else {
        const charge = -cash * (rate + financingSpread) * yearFraction;
        cash -= charge;
      }
      const fee = shortNotional * borrowRate * yearFraction;
      cash -= fee;
      ${each((j) => `{ const p0 = prices[row - ${m - j}]; const p1 = prices[row + ${j}]; if (h${j} !== 0 && p0 === p0 && p1 === p1) h${j} *= p1 / p0; }`)}
    }
    let value = cash;
    ${each((j) => `value += h${j};`)}
    if (ruinedAt < 0 && value <= 0) {
      ruinedAt = t;
      ${zeroAll}
      cash = 0;
      value = 0;
    }
    const s = t - delay;
    let turned = 0;
    if (ruinedAt < 0 && s >= 0 && decide[s] === 1) {
      const at = s * ${m};
      let notional = 0;
      ${each((j) => `{ const p = prices[row + ${j}]; const target = p === p ? targets[at + ${j}] * value : 0; const delta = target - h${j}; notional += delta < 0 ? -delta : delta; h${j} = target; cash -= delta; }`)}
      const cost = notional * costRate;
      cash -= cost;
      turned += notional / value;
      value -= cost;
      if (value <= 0) {
        ruinedAt = t;
        ${zeroAll}
        cash = 0;
        value = 0;
      }
    }
    turnover[t] = turned;
    equity[t] = value;
  }
  return ruinedAt;
}`;
}
