import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseDay, type RunResult } from '@regime/core';
import { yearFraction } from '@regime/core/internal';
import { expandStrategy } from '@regime/strategies';
import { CONFIGS_DIR, headlineMetrics, runConfigFile, shippedConfigFiles } from '@regime/cli';
import { DATA_DIR, requireData } from './support.js';

/**
 * Every shipped config validates, runs on ../shared/data in USD and gold, keeps its
 * invariants, and reproduces the headline numbers stored in configs/golden.json. A change
 * that moves them fails here until `pnpm golden:update` stores the new values on purpose.
 */
const golden: Record<string, Record<string, Record<string, number | null>>> = JSON.parse(readFileSync(join(CONFIGS_DIR, 'golden.json'), 'utf8'));

describe.each(shippedConfigFiles().map((f) => [basename(f), f]))('%s', (name, file) => {
  it('runs in USD and gold, keeps its invariants and its golden numbers', async () => {
    requireData();
    const source = loadConfigFile(file);
    const config = expandStrategy(source.config, source);
    const { result, arrays } = await runConfigFile(file, { dataDir: DATA_DIR });
    expect(result.numeraires).toEqual(expect.arrayContaining(['USD', 'gold']));

    // Shorts only where an allocation declares a negative weight.
    const declared = new Set<string>();
    const blocks = config.weights ? [config.weights] : Object.values(config.allocations ?? {});
    for (const b of blocks) for (const [asset, w] of Object.entries(b)) if (typeof w === 'string' || w < 0) declared.add(asset);
    for (const [asset, ws] of Object.entries(result.series.weights))
      if (!declared.has(asset)) expect(Math.min(...ws), `${asset} short`).toBeGreaterThanOrEqual(-1e-12);

    // Gross exposure within the overlays' stated leverage (vol_target) and caps.
    const cap = Math.min(
      ...config.overlays.map((o) => ('vol_target' in o ? o.vol_target.max_leverage : 'caps' in o ? (o.caps.gross ?? Infinity) : Infinity)),
    );
    if (Number.isFinite(cap)) {
      const m = arrays.assets.length;
      for (let t = 0; t < arrays.dates.length; t++) {
        let gross = 0;
        for (let j = 0; j < m; j++) gross += Math.abs(arrays.targets[t * m + j]);
        expect(gross).toBeLessThanOrEqual(cap + 1e-9);
      }
    }

    // Regime and period bars add up; the period starts on or after the config's start.
    if (result.regimes) for (const n of result.numeraires) expect(result.regimes.stats[n].reduce((a, s) => a + s.bars, 0)).toBe(result.series.dates.length);
    expect(parseDay(result.period.start)!).toBeGreaterThanOrEqual(parseDay(config.period.start)!);
    expect(result.series.equity.USD.every((v) => Number.isFinite(v) && v > 0)).toBe(true);

    checkAttribution(result);

    const stored = golden[name];
    expect(stored, `no golden numbers for ${name}: run pnpm golden:update`).toBeDefined();
    const now = headlineMetrics(result);
    for (const [n, metrics] of Object.entries(stored))
      for (const [k, v] of Object.entries(metrics)) {
        const actual = now[n]?.[k];
        if (v === null) expect(actual, `${n}.${k}`).toBeNull();
        else expect(Math.abs((actual as number) - v), `${n}.${k}: stored ${v}, now ${actual}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v)));
      }
  });
});

/**
 * The P&L lines add up to final equity − capital, each year's to that year's change in equity
 * and the regimes' to the whole; the trades' notional over the account's value adds up to the
 * turnover reported, and their costs to the trading costs.
 */
function checkAttribution(result: RunResult): void {
  const equity = result.series.equity.USD;
  const n = equity.length;
  const a = result.attribution!;
  const sum = (lines: Record<string, number>) => Object.values(lines).reduce((s, v) => s + v, 0);
  const near = (x: number, y: number, what: string) => expect(Math.abs(x - y), `${what}: ${x} vs ${y}`).toBeLessThanOrEqual(1e-9 * Math.max(result.capital, Math.abs(y)));
  near(sum(a.pnl), equity[n - 1] - result.capital, 'P&L lines vs final equity − capital');
  expect(Object.keys(a.pnl)).toEqual([...result.universe, 'cashInterest', 'tradingCosts', 'borrowFees', 'financing']);
  near(a.pnl.tradingCosts, -result.trading.costs.trading, 'trading costs');
  near(a.pnl.cashInterest, result.trading.cashInterest, 'cash interest');
  let previous = result.capital;
  for (const [year, lines] of Object.entries(a.byYear)) {
    const last = result.series.dates.findLastIndex((d) => d.startsWith(year));
    near(sum(lines), equity[last] - previous, `P&L of ${year}`);
    previous = equity[last];
  }
  if (a.byRegime) near(Object.values(a.byRegime).reduce((s, l) => s + sum(l), 0), sum(a.pnl), 'regimes add up');

  const trades = result.trades!;
  const index = new Map(result.series.dates.map((d, t) => [d, t]));
  const costOn = new Map<string, number>();
  for (const t of trades) costOn.set(t.date, (costOn.get(t.date) ?? 0) + t.cost);
  // Each trade's share of the account's value before that bar's costs; summed, the turnover.
  const traded = trades.reduce((s, t) => s + t.notional / (equity[index.get(t.date)!] + costOn.get(t.date)!), 0);
  const years = yearFraction(parseDay(result.period.start)!, parseDay(result.period.end)!);
  expect(traded / years).toBeCloseTo(result.trading.turnoverPerYear, 9);
  near(trades.reduce((s, t) => s + t.cost, 0), result.trading.costs.trading, 'trade costs');
  expect(result.trading.trades).toBe(trades.length);
  expect(new Set(trades.map((t) => t.date)).size).toBe(result.trading.rebalances);
}
