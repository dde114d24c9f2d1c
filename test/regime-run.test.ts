import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR, readPrices, regime, requireData } from './support.js';

/**
 * A regime config on real data, its regime series recomputed here independently: SPY's
 * 200-day average over the union calendar of SPY and TLT (history before the start counted,
 * so the rule is live on day one), and M2 with its one-month publication lag (a month's
 * value is usable from the first day of the month after next).
 */
const CONFIG = `name: trend and money
period: { start: 2019-01-01, end: 2023-12-31 }
universe: [SPY, TLT]
numeraires: [USD, gold]
signals:
  uptrend: "SPY > sma(SPY, 200)"
  flood: "M2SL >= 20000"
regimes:
  risk_on: uptrend
  flood: flood
  risk_off: true
allocations:
  risk_on: { SPY: 1 }
  flood: { SPY: 0.5, TLT: 0.5 }
  risk_off: { TLT: 1 }
periods:
  pre_covid: { start: 2019-01-01, end: 2020-02-19 }
  covid_and_after: { start: 2020-02-20 }
`;

function independentRegimes() {
  const spy = readPrices(join(DATA_DIR, 'daily/SPY.csv'));
  const tlt = readPrices(join(DATA_DIR, 'daily/TLT.csv'));
  const m2 = readPrices(join(DATA_DIR, 'monthly/M2SL.csv'));
  const calendar = [...new Set([...spy.keys(), ...tlt.keys()])].filter((d) => d <= '2023-12-31').sort();
  // M2 value dated YYYY-MM-01 becomes usable on the first day two months later.
  const usable = [...m2].map(([d, v]) => {
    const [y, m] = d.split('-').map(Number);
    const k = y * 12 + (m - 1) + 2;
    return [`${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01`, v] as const;
  });
  const out: { date: string; regime: string }[] = [];
  let price = NaN;
  const window: number[] = [];
  let j = 0;
  let money = NaN;
  for (const d of calendar) {
    price = spy.get(d) ?? price;
    window.push(price);
    if (window.length > 200) window.shift();
    while (j < usable.length && usable[j][0] <= d) money = usable[j++][1];
    const sma = window.length === 200 && window.every((x) => x === x) ? window.reduce((a, b) => a + b, 0) / 200 : NaN;
    if (d < '2019-01-01') continue;
    const regime = price > sma ? 'risk_on' : money >= 20000 ? 'flood' : 'risk_off';
    out.push({ date: d, regime });
  }
  return out;
}

describe('a regime config on ../shared/data', () => {
  let doc: any;
  beforeAll(() => {
    requireData();
    const dir = mkdtempSync(join(tmpdir(), 'regime-e2e-'));
    writeFileSync(join(dir, 'trend.yaml'), CONFIG);
    const r = regime(['run', join(dir, 'trend.yaml'), '--json', '--out', join(dir, 'out')]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    doc = JSON.parse(r.stdout);
  });

  it('computes the same regime on every day as an independent calculation', () => {
    const expected = independentRegimes();
    expect(doc.series.dates).toEqual(expected.map((e) => e.date));
    const mismatches = expected.filter((e, t) => doc.series.regime[t] !== e.regime);
    expect(mismatches).toEqual([]);
    // All three regimes occur in 2019-2023 (so the check is not vacuous).
    expect(new Set(doc.series.regime)).toEqual(new Set(['risk_on', 'flood', 'risk_off']));
  });

  it('reports per-regime and per-period statistics in USD and gold that add up', () => {
    for (const n of ['USD', 'gold']) {
      const stats = doc.regimes.stats[n];
      expect(stats.map((s: any) => s.label)).toEqual(['risk_on', 'flood', 'risk_off']);
      expect(stats.reduce((a: number, s: any) => a + s.bars, 0)).toBe(doc.series.dates.length);
      // The regimes' compounded returns multiply to the whole run's.
      const product = stats.reduce((a: number, s: any) => a * (1 + s.return), 1);
      expect(product).toBeCloseTo(1 + doc.metrics[n].totalReturn, 10);
      const periods = doc.periods.stats[n];
      expect(periods.map((s: any) => s.label)).toEqual(['pre_covid', 'covid_and_after']);
      expect(periods.reduce((a: number, s: any) => a * (1 + s.return), 1)).toBeCloseTo(1 + doc.metrics[n].totalReturn, 10);
    }
    const spells = doc.series.regime.reduce((k: number, r: string, t: number, all: string[]) => k + (t === 0 || all[t - 1] !== r ? 1 : 0), 0);
    expect(doc.regimes.stats.USD.reduce((a: number, s: any) => a + s.spells, 0)).toBe(spells);
  });

  it('holds each regime\'s allocation one bar after the regime is decided (delay 1)', () => {
    const { regime: r, weights } = doc.series;
    const alloc: Record<string, [number, number]> = { risk_on: [1, 0], flood: [0.5, 0.5], risk_off: [0, 1] };
    for (let t = 1; t < r.length; t++) {
      if (r[t - 1] !== r[t - 2] && t >= 2) {
        // A change decided at t-1 is traded at the close of t.
        expect(weights.SPY[t]).toBeCloseTo(alloc[r[t - 1]][0], 12);
        expect(weights.TLT[t]).toBeCloseTo(alloc[r[t - 1]][1], 12);
      }
    }
  });
});
