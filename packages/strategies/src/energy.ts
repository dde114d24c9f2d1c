import { defineStrategy } from './strategy.js';

/** The fourth thesis: the energy bottleneck (uranium, oil and gas, commodities). */
export const energyBottleneck = defineStrategy({
  name: 'energy-bottleneck',
  summary: 'A tilt to uranium, energy and commodities (URA, XLE, DBC) against the broad market',
  thesis:
    'Power demand from data centres meets an energy system that cannot grow fast: uranium, gas, oil and copper-like assets gain on the broad market.',
  defaults: {
    market: 'SPY',
    basket: ['URA', 'XLE', 'DBC'] as string[],
    tilt: 0.5,
    /** tilt: market plus the basket; long_short: long the basket, short the market */
    mode: 'tilt',
  },
  choices: { mode: ['tilt', 'long_short'] },
  build: (p) => {
    const each = p.tilt / p.basket.length;
    const basket = Object.fromEntries(p.basket.map((b) => [b, each]));
    return {
      universe: [p.market, ...p.basket],
      weights: p.mode === 'long_short' ? { ...basket, [p.market]: -p.tilt } : { ...basket, [p.market]: 1 - p.tilt },
    };
  },
});
