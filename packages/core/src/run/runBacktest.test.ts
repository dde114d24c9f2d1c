import { describe, expect, it } from 'vitest';
import { days, runYaml, tmpData } from '../../../../test/fixtures/tmpData.js';

const close = (x: number) => expect.closeTo(x, 9);

describe('a run, end to end on small tables', () => {
  it('equity in gold is equity in USD divided by gold, rebased', async () => {
    // Hold A from the first close (delay 0): USD 1000, 1100, 1210.
    // Gold 50, 50, 55 -> in gold: 1000, 1100, 1210 / 55 * 50 = 1100.
    const data = tmpData({ A: days('2024-01-01', [100, 110, 121]), XAUUSD: days('2024-01-01', [50, 50, 55]) });
    const { result } = await runYaml(
      data,
      `name: gold
period: { start: 2024-01-01 }
capital: 1000
universe: [A]
weights: { A: 1 }
execution: { delay: 0 }
rebalance: { every: never }
`,
    );
    expect(result.numeraires).toEqual(['USD', 'gold']);
    expect(result.series.equity.USD).toEqual([1000, 1100, 1210].map(close));
    expect(result.series.equity.gold).toEqual([1000, 1100, 1100].map(close));
    expect(result.metrics.gold.totalReturn).toBeCloseTo(0.1, 12);
    expect(result.metrics.USD.totalReturn).toBeCloseTo(0.21, 12);
  });

  const lateYaml = (missing: string) => `name: late
period: { start: 2024-01-01 }
capital: 1000
universe: [A, B]
numeraires: [USD]
weights: { A: 0.5, B: 0.5 }
execution: { delay: 0 }
rebalance: { every: daily }
missing: ${missing}
`;
  // B starts on the third day. A: 100, 110, 110, 110; B: -, -, 50, 60.
  const late = () => tmpData({ A: days('2024-01-01', [100, 110, 110, 110]), B: days('2024-01-03', [50, 60]) });

  it('an asset that starts late leaves its weight in cash (missing: cash)', async () => {
    // Bar 0: 500 A, 500 cash. Bar 1: A +10 % -> 1050, rebalanced daily to 525 A (0.5).
    // Bar 2: B appears -> 525/525. Bar 3: B +20 % -> 525 + 630 = 1155.
    const { result } = await runYaml(late(), lateYaml('cash'));
    expect(result.series.weights.A.slice(0, 3)).toEqual([0.5, 0.5, 0.5].map(close));
    expect(result.series.weights.B.slice(0, 2)).toEqual([0, 0]);
    expect(result.series.equity.USD).toEqual([1000, 1050, 1050, 1155].map(close));
    expect(result.warnings.join('\n')).toMatch(/asset B has no data before 2024-01-03 .*stayed in cash/);
  });

  it('... or re-spreads it over the other assets (missing: redistribute)', async () => {
    // Bars 0-1: 100 % A -> 1000, 1100. Bar 2: 550/550 -> bar 3: 550 + 660 = 1210.
    const { result } = await runYaml(late(), lateYaml('redistribute'));
    expect(result.series.weights.A[0]).toBe(1);
    expect(result.series.equity.USD).toEqual([1000, 1100, 1100, 1210].map(close));
    expect(result.warnings.join('\n')).toMatch(/re-spread/);
  });

  it('cash earns a rate series (percent, with its publication lag)', async () => {
    // R = 3.65 % known from its date -> 1 bp a calendar day on an all-cash account.
    // R's first value (2024-01-01) is usable on 01-02 with a 1-day lag, so day 1 earns 0.
    const data = tmpData(
      { A: days('2024-01-01', [100, 100, 100]) },
      { levels: { R: days('2024-01-01', [3.65, 3.65, 3.65]) }, catalog: 'symbols:\n  R: { kind: rate, frequency: daily, lag: 1d }\n' },
    );
    const { result } = await runYaml(
      data,
      `name: cash
period: { start: 2024-01-01 }
capital: 1000
universe: [A]
numeraires: [USD]
weights: { A: 0 }
cash: { series: R }
`,
    );
    expect(result.series.cashRate).toEqual([0, 0.0365, 0.0365].map(close));
    expect(result.series.equity.USD).toEqual([1000, 1000, 1000.1].map(close));
    expect(result.warnings.join('\n')).toMatch(/cash series R is not known for the first 1 bar/);
  });

  it('a weight may be an expression, evaluated per bar', async () => {
    // Weight of A = price / 200: 0.5 at 100, 0.6 at 120, 0.55 at 110; daily, delay 0.
    const data = tmpData({ A: days('2024-01-01', [100, 120, 110]) });
    const { result } = await runYaml(data, `name: expr\nperiod: { start: 2024-01-01 }\ncapital: 1000\nuniverse: [A]\nnumeraires: [USD]\nweights: { A: "A / 200" }\nrebalance: { every: daily }\nexecution: { delay: 0 }\n`);
    expect(result.series.targets.A).toEqual([0.5, 0.6, 0.55].map(close));
    // 500 in A; +20 % -> 1100, re-weighted to 660; -1/12 -> 1045.
    expect(result.series.equity.USD).toEqual([1000, 1100, 1045].map(close));
  });

  it('signals warm up on macro history from before the first traded day', async () => {
    // A lists on Mon 2024-01-08; M has data from December. "change(M, 3) > 0" on the first
    // bar reads M three weekday bars earlier (01-03): defined, so the regime is "up" from
    // day one rather than the default while undefined.
    const data = tmpData(
      { A: { '2024-01-08': 100, '2024-01-09': 101, '2024-01-10': 102 } },
      {
        levels: { M: { '2023-12-28': 1, '2023-12-29': 2, '2024-01-02': 3, '2024-01-03': 4, '2024-01-04': 5, '2024-01-05': 6, '2024-01-08': 7, '2024-01-09': 8, '2024-01-10': 9 } },
        catalog: 'symbols:\n  M: { kind: level, frequency: daily, lag: 0 }\n',
      },
    );
    const { result, arrays } = await runYaml(data, `name: warm\nperiod: { start: 2024-01-08 }\nuniverse: [A]\nnumeraires: [USD]\nsignals: { rising: "change(M, 3) > 0" }\nregimes: { up: rising, down: true }\nallocations: { up: { A: 1 }, down: {} }\n`);
    expect(result.series.regime).toEqual(['up', 'up', 'up']);
    const rising = arrays.signals.get('rising')!;
    expect(Array.from(rising.subarray(rising.length - 3))).toEqual([1, 1, 1]);
    expect(result.warnings.join('\n')).not.toMatch(/undefined/);
  });

  it('with delay 0 the first trade\'s costs show in the returns (measured from the capital)', async () => {
    // Flat prices, 100 bps: the account is worth 990 after the first close.
    const data = tmpData({ A: days('2024-01-01', [100, 100, 100]) });
    const { result } = await runYaml(data, `name: d0\nperiod: { start: 2024-01-01 }\ncapital: 1000\nuniverse: [A]\nnumeraires: [USD]\nweights: { A: 1 }\ncosts: { commission_bps: 100 }\nexecution: { delay: 0 }\n`);
    expect(result.series.equity.USD[0]).toBeCloseTo(990, 9);
    expect(result.metrics.USD.totalReturn).toBeCloseTo(-0.01, 12);
    expect(result.metrics.USD.maxDrawdown).toBeCloseTo(-0.01, 12);
    expect(result.metrics.USD.monthlyReturns).toEqual([{ period: '2024-01', return: expect.closeTo(-0.01, 12) }]);
  });

  it('data.lags overrides the cash series\' lag too', async () => {
    const data = tmpData(
      { A: days('2024-01-01', [100, 100, 100]) },
      { levels: { R: days('2024-01-01', [3.65, 3.65, 3.65]) }, catalog: 'symbols:\n  R: { kind: rate, frequency: daily, lag: 2d }\n' },
    );
    const { result } = await runYaml(data, `name: lag\nperiod: { start: 2024-01-01 }\nuniverse: [A]\nnumeraires: [USD]\nweights: { A: 0 }\ncash: { series: R }\ndata: { lags: { R: 0 } }\n`);
    expect(result.series.cashRate).toEqual([0.0365, 0.0365, 0.0365].map(close));
  });

  it('bars per year follow the instruments (crypto trades every day), not how far the period runs', async () => {
    // A trades on weekdays from 2024-01-01; B every day, listing 2024-03-01. Ending the run
    // before or after B lists must not change the annualisation nor any earlier target.
    const weekdays: Record<string, number> = {};
    const everyDay: Record<string, number> = {};
    for (let d = Date.parse('2024-01-01'), k = 0; d <= Date.parse('2024-04-30'); d += 86_400_000, k++) {
      const iso = new Date(d).toISOString().slice(0, 10);
      const wd = new Date(d).getUTCDay();
      if (wd !== 0 && wd !== 6) weekdays[iso] = 100 * (1 + 0.01 * Math.sin(k));
      if (iso >= '2024-03-01') everyDay[iso] = 50 * (1 + 0.02 * Math.cos(k));
    }
    const data = tmpData({ A: weekdays, B: everyDay });
    const yaml = (end: string) => `name: ppy\nperiod: { start: 2024-01-01, end: ${end} }\nuniverse: [A, B]\nnumeraires: [USD]\nweights: { A: 0.5, B: 0.5 }\noverlays: [{ vol_target: { target: 0.1, lookback: 10, max_leverage: 2 } }]\n`;
    const short = await runYaml(data, yaml('2024-02-28'));
    const long = await runYaml(data, yaml('2024-04-30'));
    expect(short.result.periodsPerYear).toBe(365);
    expect(long.result.periodsPerYear).toBe(365);
    expect(long.result.series.targets.A.slice(0, short.result.series.dates.length)).toEqual(short.result.series.targets.A);
  });

  it('says so when the period starts before the data', async () => {
    const data = tmpData({ A: days('2024-01-01', [100, 101, 102]) });
    const { result } = await runYaml(data, `name: early\nperiod: { start: 2020-01-01 }\nuniverse: [A]\nnumeraires: [USD]\nweights: { A: 1 }\n`);
    expect(result.warnings.join('\n')).toContain('period.start 2020-01-01 is before the first data of the universe (2024-01-01): the run starts there');
  });

  it('a monthly run starting on the 1st does not warn when the data starts earlier', async () => {
    // Data from 2023-12-27; the run starts 2024-01-01 and its first bar is January's last
    // trading day (2024-01-31 here): no warning, the data was there before the start.
    const data = tmpData({ A: days('2023-12-27', Array.from({ length: 94 }, (_, i) => 100 + i)) }); // to 2024-03-29
    const { result } = await runYaml(data, `name: monthly\nperiod: { start: 2024-01-01 }\nfrequency: monthly\nuniverse: [A]\nnumeraires: [USD]\nweights: { A: 1 }\n`);
    expect(result.series.dates[0]).toBe('2024-01-31');
    expect(result.warnings.join('\n')).not.toContain('before the first data');
    // Starting before the data, it names the first data and the first bar.
    const late = await runYaml(data, `name: monthly\nperiod: { start: 2023-06-01 }\nfrequency: monthly\nuniverse: [A]\nnumeraires: [USD]\nweights: { A: 1 }\n`);
    expect(late.result.warnings.join('\n')).toContain('period.start 2023-06-01 is before the first data of the universe (2023-12-27): the run starts 2023-12-31');
  });

  it('clips the period to the data and says so', async () => {
    const data = tmpData({ A: days('2024-01-01', [100, 101, 102]) });
    const { result } = await runYaml(
      data,
      `name: clip
period: { start: 2023-06-01, end: 2024-12-31 }
universe: [A]
numeraires: [USD]
weights: { A: 1 }
`,
    );
    expect(result.period).toEqual({ start: '2024-01-01', end: '2024-01-03' });
    expect(result.warnings.join('\n')).toContain('period.end 2024-12-31 is after the last data');
  });

  it('refuses a period with no data, naming the config line', async () => {
    const data = tmpData({ A: days('2024-01-01', [100, 101]) });
    const error = await runYaml(data, `name: x\nperiod: { start: 2025-01-01 }\nuniverse: [A]\nnumeraires: [USD]\nweights: { A: 1 }\n`).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^test\.yaml:2:1: the period \(2025-01-01 to the end of the data\) has no trading days: the universe's data ends 2024-01-02/);
  });

  it('refuses weights for assets outside the universe, and unknown symbols', async () => {
    const data = tmpData({ A: days('2024-01-01', [100, 101]) });
    const e1 = await runYaml(data, `name: x\nperiod: { start: 2024-01-01 }\nuniverse: [A]\nweights: { A: 0.5, AA: 0.5 }\n`).catch((e: Error) => e);
    expect((e1 as Error).message).toMatch(/test\.yaml:4:\d+: AA is not in the universe \(did you mean "A"\?\)/);
    const e2 = await runYaml(data, `name: x\nperiod: { start: 2024-01-01 }\nuniverse: [A, SPYY]\nnumeraires: [USD]\nweights: { A: 1 }\n`).catch((e: Error) => e);
    expect((e2 as Error).message).toMatch(/test\.yaml:3:\d+: unknown symbol "SPYY": not in the catalog and no file for it in .*\(did you mean "SPY"\?\)/);
  });

  it('warns when a daily numeraire or the benchmark is carried across a long gap', async () => {
    // N and BM have no value from 2 to 20 January: equity in N and the benchmark stand still there.
    const full = days('2024-01-01', Array.from({ length: 21 }, () => 1));
    const holed = { '2024-01-01': 1, '2024-01-02': 1, '2024-01-20': 1, '2024-01-21': 1 };
    const data = tmpData({ A: full, BM: holed }, { levels: { N: holed } });
    const { result } = await runYaml(data, `name: gap\nperiod: { start: 2024-01-01 }\nuniverse: [A]\nbenchmark: BM\nnumeraires: [USD, N]\nweights: { A: 1 }\n`);
    const text = result.warnings.join('\n');
    expect(text).toMatch(/numeraire N \(N\): value carried forward across more than 10 days 1 time\(s\); the longest, 17 days, from 2024-01-02 to 2024-01-19: equity in N does not move with its yardstick there/);
    expect(text).toMatch(/benchmark BM: price carried forward across more than 10 days 1 time\(s\); the longest, 17 days, from 2024-01-02 to 2024-01-19: the benchmark does not move there/);
  });

  it('warns when the benchmark of a daily run is monthly', async () => {
    const data = tmpData({ A: days('2024-01-01', Array.from({ length: 70 }, (_, i) => 100 + i)) }, { monthly: { MB: { '2023-12-01': 10, '2024-01-01': 11, '2024-02-01': 12, '2024-03-01': 13 } }, catalog: 'symbols:\n  MB: { kind: price, frequency: monthly }\n' });
    const { result } = await runYaml(data, `name: mb\nperiod: { start: 2024-01-02 }\nuniverse: [A]\nbenchmark: MB\nnumeraires: [USD]\nweights: { A: 1 }\n`);
    expect(result.warnings.join('\n')).toContain('benchmark MB is monthly: it moves only once a month, so beta, correlation, tracking error and capture against it set daily bars against its steps');
  });

  it('warns when a price is carried across a long gap', async () => {
    const data = tmpData({ A: { '2024-01-01': 1, '2024-01-02': 1, '2024-01-20': 1, '2024-01-21': 1 }, B: days('2024-01-01', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]) });
    const { result } = await runYaml(data, `name: gap\nperiod: { start: 2024-01-01 }\nuniverse: [A, B]\nnumeraires: [USD]\nweights: { A: 0.5, B: 0.5 }\n`);
    expect(result.warnings.join('\n')).toMatch(/asset A: price carried forward across more than 10 days 1 time\(s\); the longest, 17 days, from 2024-01-02 to 2024-01-19/);
  });
});
