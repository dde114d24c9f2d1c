import { defineStrategy } from './strategy.js';

/**
 * Thesis 1: fiat is debased faster than productivity grows, so own hard assets and be short
 * the long-duration claims on future taxes. Always on, or only while a debasement regime
 * holds (money growing faster than the 10-year yield pays, or stocks losing to gold).
 */
export const hardAssetsVsDuration = defineStrategy({
  name: 'hard-assets-vs-duration',
  summary: 'Long gold and commodities, short long Treasuries; always on or gated by a debasement regime',
  thesis:
    'Fiat money is debased faster than productivity grows (M2 as the yardstick); hold gold and commodities and be short long-dated sovereign bonds, collateral in T-bills.',
  defaults: {
    gold: 'GLD',
    commodities: 'DBC',
    silver: 'SLV',
    short: 'TLT',
    gold_weight: 0.5,
    commodities_weight: 0.3,
    silver_weight: 0.2,
    short_weight: 0.5,
    /** always | debasement (M2 growth above the 10-year yield) | ratio_trend (S&P 500 / gold below its trend) */
    gate: 'always',
    ratio_window: 200,
  },
  choices: { gate: ['always', 'debasement', 'ratio_trend'] },
  build: (p) => {
    const long: Record<string, number> = {};
    if (p.gold_weight) long[p.gold] = p.gold_weight;
    if (p.commodities_weight) long[p.commodities] = p.commodities_weight;
    if (p.silver_weight) long[p.silver] = p.silver_weight;
    const book = { ...long, ...(p.short_weight ? { [p.short]: -p.short_weight } : {}) };
    const universe = Object.keys(book);
    if (p.gate === 'always') return { universe, weights: book };
    const signal =
      p.gate === 'debasement'
        ? { debasement: 'yoy(M2SL) > DGS10 / 100' }
        : { debasement: `GSPC / XAUUSD < sma(GSPC / XAUUSD, ${p.ratio_window})` };
    return {
      universe,
      signals: signal,
      regimes: { debasement: 'debasement', sound_money: true },
      allocations: { debasement: book, sound_money: {} },
    };
  },
});
