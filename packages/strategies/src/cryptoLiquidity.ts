import { defineStrategy } from './strategy.js';

/**
 * Thesis 2: crypto is the most liquidity-sensitive asset. A liquidity score counts four
 * easing signs — M2 growing, 10-year yields falling, real yields falling, the Fed balance
 * sheet growing — and sizes BTC/ETH: on/off at a threshold, or in proportion to the score.
 */
export const cryptoLiquidityBeta = defineStrategy({
  name: 'crypto-liquidity-beta',
  summary: 'BTC and ETH sized by a liquidity score (M2 growth, yields, real yields, Fed balance sheet); the rest in cash',
  thesis:
    'Crypto is a liquidity beta: it rises with money growth and falling yields and falls hardest when capital gets scarce.',
  defaults: {
    btc: 'BTC-USD',
    eth: 'ETH-USD',
    eth_share: 0.3,
    /** on_off: fully in while score >= threshold, else cash; scaled: exposure = score / 4 */
    mode: 'on_off',
    threshold: 3,
    m2_growth: 0.05,
    /** Bars over which yields and the balance sheet are judged (the calendar trades every day). */
    window: 91,
  },
  choices: { mode: ['on_off', 'scaled'] },
  build: (p) => {
    const signals = {
      m2_growing: `yoy(M2SL) > ${p.m2_growth}`,
      yields_falling: `change(DGS10, ${p.window}) < 0`,
      real_yields_falling: `change(DFII10, ${p.window}) < 0`,
      balance_sheet_growing: `change(WALCL, ${p.window}) > 0`,
      liquidity_score: 'm2_growing + yields_falling + real_yields_falling + balance_sheet_growing',
    };
    const btcShare = 1 - p.eth_share;
    const sized = (share: number) => (p.mode === 'scaled' ? `${share} * liquidity_score / 4` : share);
    const invested = { [p.btc]: sized(btcShare), ...(p.eth_share ? { [p.eth]: sized(p.eth_share) } : {}) };
    return {
      universe: [p.btc, ...(p.eth_share ? [p.eth] : [])],
      signals,
      regimes: { liquid: `liquidity_score >= ${p.threshold}`, tight: true },
      allocations: { liquid: invested, tight: p.mode === 'scaled' ? invested : {} },
      // BTC's beta to the liquidity score: its next-month return against today's score.
      sensitivities: [{ asset: p.btc, signal: 'liquidity_score', horizon: 30 }],
    };
  },
});
