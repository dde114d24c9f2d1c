import { defineStrategy } from './strategy.js';

/** Honest yardsticks every report can be compared with. */
export const buyAndHold = defineStrategy({
  name: 'buy-and-hold',
  summary: 'Hold one asset (SPY by default), fully invested',
  thesis: 'The market itself: what any active idea has to beat.',
  defaults: { asset: 'SPY' as string },
  build: (p) => ({ universe: [p.asset], weights: { [p.asset]: 1 } }),
});

export const sixtyForty = defineStrategy({
  name: 'sixty-forty',
  summary: '60 % stocks / 40 % bonds (SPY/IEF), rebalanced',
  thesis: 'The classic balanced portfolio.',
  defaults: { stocks: 'SPY' as string, bonds: 'IEF' as string, stock_weight: 0.6 },
  build: (p) => ({ universe: [p.stocks, p.bonds], weights: { [p.stocks]: p.stock_weight, [p.bonds]: 1 - p.stock_weight } }),
});

export const permanentPortfolio = defineStrategy({
  name: 'permanent-portfolio',
  summary: "Harry Browne's permanent portfolio: a quarter each in stocks, long bonds, gold and T-bills",
  thesis: 'Four assets for four economic seasons: prosperity, deflation, inflation, recession.',
  defaults: { stocks: 'SPY' as string, bonds: 'TLT' as string, gold: 'GLD' as string, cash: 'BIL' as string },
  build: (p) => ({
    universe: [p.stocks, p.bonds, p.gold, p.cash],
    weights: { [p.stocks]: 0.25, [p.bonds]: 0.25, [p.gold]: 0.25, [p.cash]: 0.25 },
  }),
});

export const goldOnly = defineStrategy({
  name: 'gold-only',
  summary: 'Hold gold (GLD) only',
  thesis: 'Gold as the yardstick itself: in gold terms this is flat by construction, less the fund fee.',
  defaults: { asset: 'GLD' as string },
  build: (p) => ({ universe: [p.asset], weights: { [p.asset]: 1 } }),
});
