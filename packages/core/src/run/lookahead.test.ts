import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseConfigText } from '../config/load.js';
import { runBacktest } from './runBacktest.js';
import { memoryStore } from '../../../../test/fixtures/tmpData.js';
import { parseDay } from '../util/dates.js';

/**
 * No look-ahead, as a property: for random price tables and random configs (signals,
 * regimes with hysteresis, overlays, delays, bands), changing any data after bar t never
 * changes a signal, regime, target, weight or equity value on or before bar t.
 */
const BARS = 80;
const dates = Int32Array.from({ length: BARS }, (_, i) => parseDay('2024-01-01')! + i);

const prices = fc.array(fc.double({ min: -0.08, max: 0.08, noNaN: true }), { minLength: BARS, maxLength: BARS }).map((r) => {
  const out = new Float64Array(BARS);
  out[0] = 100;
  for (let t = 1; t < BARS; t++) out[t] = out[t - 1] * (1 + r[t]);
  return out;
});

const configText = fc
  .record({
    fast: fc.integer({ min: 2, max: 10 }),
    slow: fc.integer({ min: 11, max: 40 }),
    volWindow: fc.integer({ min: 3, max: 20 }),
    volLimit: fc.double({ min: 0.1, max: 1.5, noNaN: true }),
    confirm: fc.integer({ min: 1, max: 4 }),
    minDuration: fc.integer({ min: 1, max: 6 }),
    delay: fc.integer({ min: 0, max: 2 }),
    every: fc.constantFrom('daily', 'weekly', 'monthly', 'never'),
    band: fc.constantFrom(0, 0.02, 0.1),
    overlay: fc.constantFrom('', '  - vol_target: { target: 0.2, lookback: 10, max_leverage: 1.5 }\n', '  - trend_filter: { lookback: 15, to: B }\n', '  - caps: { per_asset: 0.7, gross: 1.2 }\n'),
  })
  .map(
    (p) => `name: property
period: { start: 2024-01-15 }
capital: 1000
universe: [A, B, C]
numeraires: [USD]
signals:
  trend: "sma(A, ${p.fast}) > sma(A, ${p.slow})"
  calm: "vol(B, ${p.volWindow}) < ${p.volLimit}"
  momentum: "ret(C, 5) > 0 and zscore(C, 10) > -1"
regimes:
  rules:
    risk_on: trend and calm
    rotate: momentum or cross_above(B, sma(B, 7))
    defensive: true
  confirm: ${p.confirm}
  min_duration: ${p.minDuration}
allocations:
  risk_on: { A: 0.8, C: 0.4 }
  rotate: { B: 0.6, C: -0.3 }
  defensive: { B: 0.3 }
overlays:
${p.overlay || '  []\n'}rebalance: { every: ${p.every}${p.band ? `, band: ${p.band}` : ''} }
costs: { commission_bps: 5, borrow_bps: 100 }
cash: { rate: 0.03 }
execution: { delay: ${p.delay} }
`.replace('overlays:\n  []\n', 'overlays: []\n'),
  );

async function run(yaml: string, a: Float64Array, b: Float64Array, c: Float64Array) {
  const store = memoryStore({ A: { dates, values: a }, B: { dates, values: b }, C: { dates, values: c } });
  return runBacktest(parseConfigText(yaml, 'property.yaml'), { store, version: 'test' });
}

describe('no look-ahead', () => {
  it('changing data after bar t never changes anything on or before t', async () => {
    await fc.assert(
      fc.asyncProperty(configText, prices, prices, prices, fc.integer({ min: 0, max: BARS - 2 }), fc.double({ min: 0.5, max: 2, noNaN: true }), async (yaml, a, b, c, cut, shock) => {
        const base = await run(yaml, a, b, c);
        // Shock every price strictly after calendar bar `cut`.
        const bend = (x: Float64Array) => x.map((v, t) => (t > cut ? v * shock * (1 + 0.01 * (t % 3)) : v));
        const moved = await run(yaml, bend(a), bend(b), bend(c));
        const first = base.arrays.dates.length - (BARS - cut); // index of `cut` inside the period (may be < 0: before it)
        const m = base.arrays.assets.length;
        // Signal columns live on the full calendar (warm-up bars first): test bar t is at t + offset.
        for (const [name, col] of base.arrays.signals) {
          const other = moved.arrays.signals.get(name)!;
          const offset = col.length - BARS;
          for (let t = 0; t <= cut; t++) expect(Object.is(other[t + offset], col[t + offset]), `signal ${name} at ${t}`).toBe(true);
        }
        for (let t = 0; t <= first; t++) {
          expect(moved.arrays.codes![t]).toBe(base.arrays.codes![t]);
          expect(moved.result.series.equity.USD[t]).toBe(base.result.series.equity.USD[t]);
          for (let j = 0; j < m; j++) {
            expect(moved.arrays.targets[t * m + j]).toBe(base.arrays.targets[t * m + j]);
            expect(moved.arrays.simulation.weights[t * m + j]).toBe(base.arrays.simulation.weights[t * m + j]);
          }
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
