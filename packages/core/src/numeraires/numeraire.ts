/**
 * Equity measured in another yardstick: equity_N[t] = equity_usd[t] / N[t], rebased so the
 * first bar equals the first USD value (DESIGN.md "Accounting").
 */
export function inNumeraire(equityUsd: Float64Array, numeraire: Float64Array, into?: Float64Array): Float64Array {
  // `into` (same length) is overwritten: a study reuses one array per numeraire.
  const out = into && into.length === equityUsd.length ? into : new Float64Array(equityUsd.length);
  const base = numeraire[0];
  for (let t = 0; t < equityUsd.length; t++) out[t] = (equityUsd[t] / numeraire[t]) * base;
  return out;
}

/** The name a user writes for the dollar itself. */
export const USD = 'USD';
