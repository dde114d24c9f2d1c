import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR, readPrices, regime, requireData } from './support.js';

/**
 * "Why did it win?" through the built CLI on real data, against an independent ledger kept
 * here in plain JavaScript: 70/30 SPY/TLT, month-end decisions traded at the next close,
 * 10 bps on traded notional, a fixed 3 % cash rate act/365. The ledger books each asset's
 * P&L (holding into the bar × its return), the interest and the costs, and lists each trade.
 */
const CONFIG = `name: why 70/30
period: { start: 2015-01-01, end: 2016-12-31 }
universe: [SPY, TLT]
benchmark: SPY
capital: 50000
cash: { rate: 0.03 }
signals:
  up_day: "SPY > lag(SPY, 1)"
  spy_ret: "ret(SPY, 1)"
weights: { SPY: 0.7, TLT: 0.3 }
rebalance: { every: monthly }
costs: { commission_bps: 4, slippage_bps: 6 }
execution: { delay: 1 }
`;

function ledger() {
  const spy = readPrices(join(DATA_DIR, 'daily/SPY.csv'));
  const tlt = readPrices(join(DATA_DIR, 'daily/TLT.csv'));
  const dates = [...new Set([...spy.keys(), ...tlt.keys()])].filter((d) => d >= '2015-01-01' && d <= '2016-12-31').sort();
  const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
  const names = ['SPY', 'TLT'];
  const target = [0.7, 0.3];
  const series = [spy, tlt];
  const price = [NaN, NaN];
  const held = [0, 0];
  let cash = 50000;
  const pnl = { SPY: 0, TLT: 0, cashInterest: 0, tradingCosts: 0, financing: 0 };
  const trades: { date: string; asset: string; before: number; after: number; notional: number; cost: number }[] = [];
  for (let t = 0; t < dates.length; t++) {
    const d = dates[t];
    const now = series.map((s, j) => s.get(d) ?? price[j]);
    if (t > 0) {
      // Interest on a positive balance; a negative one (the costs of a fully invested book)
      // pays the same rate as financing (no spread configured).
      const interest = (cash * 0.03 * days(dates[t - 1], d)) / 365;
      if (cash >= 0) pnl.cashInterest += interest;
      else pnl.financing += interest;
      cash += interest;
      for (let j = 0; j < 2; j++) {
        const gain = held[j] * (now[j] / price[j] - 1);
        pnl[names[j] as 'SPY' | 'TLT'] += gain;
        held[j] += gain;
      }
    }
    price.splice(0, 2, ...now);
    const value = cash + held[0] + held[1];
    const s = t - 1;
    if (s === 0 || (s > 0 && dates[s].slice(0, 7) !== dates[s + 1].slice(0, 7))) {
      const after = target.map((w) => w * value);
      const cost = (Math.abs(after[0] - held[0]) + Math.abs(after[1] - held[1])) * 0.001;
      for (let j = 0; j < 2; j++)
        trades.push({ date: d, asset: names[j], before: held[j] / value, after: after[j] / (value - cost), notional: Math.abs(after[j] - held[j]), cost: Math.abs(after[j] - held[j]) * 0.001 });
      cash -= after[0] - held[0] + after[1] - held[1] + cost;
      held.splice(0, 2, ...after);
      pnl.tradingCosts -= cost;
    }
  }
  return { dates, pnl, trades, final: cash + held[0] + held[1], spy };
}

describe('attribution, trades.csv and signals.csv of regime run', () => {
  let dir: string;
  let doc: any;
  let ref: ReturnType<typeof ledger>;
  beforeAll(() => {
    requireData();
    dir = mkdtempSync(join(tmpdir(), 'regime-why-'));
    writeFileSync(join(dir, 'why.yaml'), CONFIG);
    const r = regime(['run', join(dir, 'why.yaml'), '--json', '--out', join(dir, 'out')]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    doc = JSON.parse(r.stdout);
    ref = ledger();
  });

  it('P&L lines match the independent ledger and add up to final equity − capital', () => {
    expect(doc.series.dates).toEqual(ref.dates);
    const a = doc.attribution.pnl;
    expect(Object.keys(a)).toEqual(['SPY', 'TLT', 'cashInterest', 'tradingCosts', 'borrowFees', 'financing']);
    expect(a.SPY).toBeCloseTo(ref.pnl.SPY, 6);
    expect(a.TLT).toBeCloseTo(ref.pnl.TLT, 6);
    expect(a.cashInterest).toBeCloseTo(ref.pnl.cashInterest, 6);
    expect(a.tradingCosts).toBeCloseTo(ref.pnl.tradingCosts, 6);
    expect(a.financing).toBeCloseTo(ref.pnl.financing, 6);
    expect(a.financing).toBeLessThan(0);
    expect(a.borrowFees).toBe(0);
    const sum = Object.values(a as Record<string, number>).reduce((s, v) => s + v, 0);
    expect(sum).toBeCloseTo(ref.final - 50000, 6);
    expect(Object.keys(doc.attribution.byYear)).toEqual(['2015', '2016']);
  });

  it('trades.csv lists each trade of the ledger, and the trade counts', () => {
    const lines = readFileSync(join(dir, 'out/trades.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('date,asset,side,weight_before,weight_after,notional_usd,cost_usd');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => [r[0], r[1]])).toEqual(ref.trades.map((t) => [t.date, t.asset]));
    rows.forEach((r, i) => {
      const t = ref.trades[i];
      expect(Number(r[3])).toBeCloseTo(t.before, 9);
      expect(Number(r[4])).toBeCloseTo(t.after, 9);
      expect(Number(r[5])).toBeCloseTo(t.notional, 6);
      expect(Number(r[6])).toBeCloseTo(t.cost, 8);
    });
    expect(doc.trading.trades).toBe(ref.trades.length);
    expect(doc.trading.rebalances).toBe(new Set(ref.trades.map((t) => t.date)).size);
  });

  it('signals.csv and series.signals: each signal per bar, empty where undefined', () => {
    const lines = readFileSync(join(dir, 'out/signals.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('date,up_day,spy_ret');
    expect(lines).toHaveLength(ref.dates.length + 1);
    // Independent: SPY's close against the previous trading day's.
    const spyDays = [...ref.spy.keys()].sort();
    for (const t of [1, 50, 300]) {
      const d = ref.dates[t];
      const k = spyDays.indexOf(d);
      const up = ref.spy.get(d)! > ref.spy.get(spyDays[k - 1])! ? 1 : 0;
      const [date, upDay, ret] = lines[t + 1].split(',');
      expect(date).toBe(d);
      expect(Number(upDay)).toBe(up);
      expect(Number(ret)).toBeCloseTo(ref.spy.get(d)! / ref.spy.get(spyDays[k - 1])! - 1, 12);
      expect(doc.series.signals.up_day[t]).toBe(up);
    }
  });
});
