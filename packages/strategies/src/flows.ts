import { defineStrategy } from './strategy.js';

/**
 * The mechanical flows the essays name: VIX term-structure inversion (VIX above VIX3M is a
 * hedging flow). Vol-targeting and trend-following versions of any strategy are overlays
 * (`overlays: [vol_target …]`, `[trend_filter …]`) added to its YAML.
 */
export const vixTermStructure = defineStrategy({
  name: 'vix-term-structure',
  summary: 'Stocks while VIX is below VIX3M; bonds while the term structure is inverted (hedging flow)',
  thesis:
    'When VIX trades above VIX3M, dealers and funds are paying up for near-term protection; step aside until the curve normalises.',
  defaults: { stocks: 'SPY', refuge: 'IEF', ratio: 1 },
  build: (p) => ({
    universe: [p.stocks, p.refuge],
    signals: { inverted: `VIX / VIX3M > ${p.ratio}` },
    regimes: { stress: 'inverted', calm: true },
    allocations: { stress: { [p.refuge]: 1 }, calm: { [p.stocks]: 1 } },
  }),
});
