import { defineStrategy } from './strategy.js';

/**
 * The seed essay: equities measured in gold. Hold stocks while the S&P 500 / gold ratio is
 * above its trend, gold while it is below; attribute results to the four eras of the ratio.
 */
export const goldRatioRotation = defineStrategy({
  name: 'gold-ratio-rotation',
  summary: 'Hold SPY or gold by the trend of the S&P 500 / gold ratio, with the 1999-2002 / 2002-2011 / 2011-2021 / 2022- eras',
  thesis:
    'Measured in gold the S&P 500 never regained its 2000 peak; own stocks only while they are winning against gold.',
  defaults: { stocks: 'SPY', gold: 'XAUUSD', window: 200 },
  build: (p) => ({
    universe: [p.stocks, p.gold],
    signals: { stocks_beat_gold: `GSPC / XAUUSD > sma(GSPC / XAUUSD, ${p.window})` },
    regimes: { stocks: 'stocks_beat_gold', gold: true },
    allocations: { stocks: { [p.stocks]: 1 }, gold: { [p.gold]: 1 } },
    periods: {
      bubble_bust: { start: '1999-01-01', end: '2002-06-30' },
      gold_bull: { start: '2002-07-01', end: '2011-08-31' },
      stocks_decade: { start: '2011-09-01', end: '2021-12-31' },
      debasement: { start: '2022-01-01' },
    },
  }),
});
