import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR, readPrices, regime, requireData } from './support.js';

/**
 * `regime run` on real data, checked against an independent re-implementation of the
 * contract written here in plain JavaScript: 60/40 SPY/IEF, month-end decisions traded at
 * the next close (delay 1), 5 bps on traded notional, a fixed 2 % cash rate act/365.
 */
const CONFIG = `name: 60/40 end-to-end
period: { start: 2010-01-01, end: 2019-12-31 }
universe: [SPY, IEF]
benchmark: SPY
numeraires: [USD, gold]
capital: 10000
cash: { rate: 0.02 }
weights: { SPY: 0.6, IEF: 0.4 }
rebalance: { every: monthly }
costs: { commission_bps: 2, slippage_bps: 3 }
execution: { delay: 1 }
`;

function reference() {
  const spy = readPrices(join(DATA_DIR, 'daily/SPY.csv'));
  const ief = readPrices(join(DATA_DIR, 'daily/IEF.csv'));
  const dates = [...new Set([...spy.keys(), ...ief.keys()])].filter((d) => d >= '2010-01-01' && d <= '2019-12-31').sort();
  const last = (m: Map<string, number>, d: string, prev: number) => m.get(d) ?? prev;
  const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
  let pS = NaN, pI = NaN, hS = 0, hI = 0, cash = 10000, costs = 0;
  const equity: number[] = [];
  for (let t = 0; t < dates.length; t++) {
    const d = dates[t];
    const nS = last(spy, d, pS), nI = last(ief, d, pI);
    if (t > 0) {
      cash *= 1 + (0.02 * days(dates[t - 1], d)) / 365;
      hS *= nS / pS;
      hI *= nI / pI;
    }
    pS = nS; pI = nI;
    let value = cash + hS + hI;
    // Decided at t-1 if t-1 was the first bar or the last bar of its month.
    const s = t - 1;
    const decided = s === 0 || (s >= 0 && dates[s].slice(0, 7) !== dates[s + 1].slice(0, 7));
    if (decided) {
      const tS = 0.6 * value, tI = 0.4 * value;
      const cost = (Math.abs(tS - hS) + Math.abs(tI - hI)) * 0.0005;
      cash -= tS - hS + tI - hI + cost;
      hS = tS; hI = tI; costs += cost;
      value -= cost;
    }
    equity.push(value);
  }
  return { dates, equity, costs };
}

describe('regime run on ../shared/data', () => {
  let dir: string;
  let doc: any;
  let ref: ReturnType<typeof reference>;
  beforeAll(() => {
    requireData();
    dir = mkdtempSync(join(tmpdir(), 'regime-e2e-'));
    writeFileSync(join(dir, 'sixty-forty.yaml'), CONFIG);
    const r = regime(['run', join(dir, 'sixty-forty.yaml'), '--json', '--out', join(dir, 'out')]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    doc = JSON.parse(r.stdout);
    ref = reference();
  });

  it('prints one JSON document of the documented shape', () => {
    expect(doc).toMatchObject({
      name: '60/40 end-to-end',
      period: { start: '2010-01-04', end: '2019-12-31' },
      frequency: 'daily',
      numeraires: ['USD', 'gold'],
      universe: ['SPY', 'IEF'],
      benchmark: 'SPY',
    });
    for (const n of ['USD', 'gold'])
      for (const k of ['totalReturn', 'cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'calmar', 'var95', 'beta'])
        expect(typeof doc.metrics[n][k], `${n}.${k}`).toBe('number');
    expect(doc.series.dates).toEqual(ref.dates);
    expect(Object.keys(doc.series.weights)).toEqual(['SPY', 'IEF']);
    expect(doc.series.equity.USD).toHaveLength(ref.dates.length);
    expect(Array.isArray(doc.warnings)).toBe(true);
  });

  it('matches the independent calculation, bar by bar', () => {
    const worst = Math.max(...ref.equity.map((v, t) => Math.abs(doc.series.equity.USD[t] / v - 1)));
    expect(worst).toBeLessThan(1e-10);
    expect(doc.trading.costs.trading).toBeCloseTo(ref.costs, 6);
    const total = ref.equity[ref.equity.length - 1] / 10000 - 1;
    expect(doc.metrics.USD.totalReturn).toBeCloseTo(total, 10);
    // Ten whole years (2010-01-04 .. 2019-12-31 is just short of ten).
    const years = 9 + (Date.parse('2019-12-31') - Date.parse('2019-01-04')) / (Date.parse('2020-01-04') - Date.parse('2019-01-04'));
    expect(doc.metrics.USD.cagr).toBeCloseTo(Math.pow(1 + total, 1 / years) - 1, 10);
    let peak = -Infinity, mdd = 0;
    for (const v of ref.equity) { peak = Math.max(peak, v); mdd = Math.min(mdd, v / peak - 1); }
    expect(doc.metrics.USD.maxDrawdown).toBeCloseTo(mdd, 10);
  });

  it('measures the same curve in gold: USD equity over the gold price, rebased', () => {
    const gold = readPrices(join(DATA_DIR, 'daily/XAUUSD.csv'));
    let g = NaN;
    const goldOn = ref.dates.map((d) => (g = gold.get(d) ?? g));
    // Gold on the first bar (2010-01-04) is a London business day, so it is known.
    expect(goldOn[0]).toBeGreaterThan(0);
    const t = ref.dates.length - 1;
    expect(doc.series.equity.gold[t]).toBeCloseTo((doc.series.equity.USD[t] / goldOn[t]) * goldOn[0], 6);
  });

  it('writes result.json, equity.csv and weights.csv', () => {
    const saved = JSON.parse(readFileSync(join(dir, 'out/result.json'), 'utf8'));
    expect(saved.metrics.USD.totalReturn).toBe(doc.metrics.USD.totalReturn);
    const equityCsv = readFileSync(join(dir, 'out/equity.csv'), 'utf8').trim().split('\n');
    expect(equityCsv[0]).toBe('date,equity_USD,equity_gold,benchmark_USD,benchmark_gold');
    expect(equityCsv).toHaveLength(ref.dates.length + 1);
    const weightsCsv = readFileSync(join(dir, 'out/weights.csv'), 'utf8').trim().split('\n');
    expect(weightsCsv[0]).toBe('date,SPY,IEF');
  });
});

describe('regime run on the shipped 60/40 config', () => {
  it('prints the metrics table in USD and gold side by side', () => {
    requireData();
    const out = mkdtempSync(join(tmpdir(), 'regime-e2e-'));
    const r = regime(['run', 'configs/sixty-forty.yaml', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\s+in USD\s+in gold\s+SPY in USD\s+SPY in gold$/m);
    expect(r.stdout).toMatch(/^CAGR\s+-?\d+\.\d\d%\s+-?\d+\.\d\d%/m);
    expect(existsSync(resolve(out, 'result.json'))).toBe(true);
  });
});

describe('bad input gets a clear answer and exit status 2', () => {
  const write = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'regime-bad-'));
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, text);
    return f;
  };
  it('a config error names the file and line, with no stack trace', () => {
    const f = write('name: x\nperiod: { start: 2020-01-01 }\nuniverse: [SPY]\nweights: { SPY: 1 }\nrebalance: { every: fortnightly }\n');
    const r = regime(['run', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${f}:5:`);
    expect(r.stderr).toContain('rebalance.every: expected one of "daily", "weekly", "monthly", "quarterly", "yearly", "never", found the text "fortnightly"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('--debug adds the stack trace', () => {
    const f = write('name: x\nperiod: { start: 2020-01-01 }\nuniverse: [SPY]\nweights: { SPY: one }\n');
    const r = regime(['--debug', 'run', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
  it('a data directory that does not exist', () => {
    const r = regime(['run', 'configs/sixty-forty.yaml', '--data-dir', '/nonexistent/dir']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('the data directory does not exist: /nonexistent/dir');
  });
  it('validate accepts good configs and refuses bad ones', () => {
    expect(regime(['validate', 'configs/sixty-forty.yaml']).status).toBe(0);
    const f = write('name: x\nperiod: { start: 2020-01-01 }\nuniverse: [SPY]\nweights: { SPY: 1, TLT: -1 }\n');
    const r = regime(['validate', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:4:\d+: TLT is not in the universe/);
  });
});

describe('regime strategies and regime init', () => {
  it('lists the named strategies and writes a starter YAML that runs', () => {
    const list = regime(['strategies']);
    expect(list.status).toBe(0);
    for (const name of ['hard-assets-vs-duration', 'crypto-liquidity-beta', 'cashflow-chips-vs-long-duration', 'gold-ratio-rotation', 'energy-bottleneck', 'vix-term-structure', 'sixty-forty'])
      expect(list.stdout).toContain(name);
    const dir = mkdtempSync(join(tmpdir(), 'regime-init-'));
    const file = join(dir, 'g.yaml');
    expect(regime(['init', 'gold-ratio-rotation', '-o', file]).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^# yaml-language-server: \$schema=\S+regime\.schema\.json\n# gold-ratio-rotation: /);
    expect(regime(['init', 'gold-ratio-rotation', '-o', file]).stderr).toContain('exists already; use --force');
    const run = regime(['run', file, '--out', join(dir, 'out')]);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Regime\s+share/m);
  });
});

describe('regime report', () => {
  it('writes the HTML report of a saved result, and refuses a file that is not one', () => {
    requireData();
    const dir = mkdtempSync(join(tmpdir(), 'regime-report-'));
    expect(regime(['run', 'configs/gold-only.yaml', '--out', dir]).status).toBe(0);
    const r = regime(['report', join(dir, 'result.json'), '-o', join(dir, 'r.html')]);
    expect(r.status).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<h1 id="report-title">Gold only</h1>');
    writeFileSync(join(dir, 'bad.json'), '{"name": "x"}');
    const bad = regime(['report', join(dir, 'bad.json')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('not a Regime result document: expected the keys name, period, numeraires, metrics, series; missing period, numeraires, metrics, series');
  });
});

describe('symbols missing from the data directory', () => {
  it('are all named up front, with the regime data pull command that fetches them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'regime-missing-'));
    const data = join(dir, 'data');
    mkdirSync(join(data, 'daily'), { recursive: true });
    writeFileSync(join(data, 'daily/SPY.csv'), 'date,close\n2024-01-02,100\n2024-01-03,101\n');
    writeFileSync(join(dir, 'c.yaml'), 'name: m\nperiod: { start: 2024-01-01 }\nuniverse: [SPY, IEF, TLT]\nweights: { SPY: 0.5, IEF: 0.25, TLT: 0.25 }\n');
    const r = regime(['run', join(dir, 'c.yaml'), '--data-dir', data]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'c.yaml')}:3:`);
    expect(r.stderr).toContain('no local data for IEF, TLT, XAUUSD: run "regime data pull IEF TLT XAUUSD" to download them');
  });
});
