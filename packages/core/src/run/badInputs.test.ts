import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load.js';
import { labelStats } from '../metrics/regimeStats.js';
import { computeMetrics } from '../metrics/summary.js';
import { simulate } from '../simulation/kernel.js';
import { days, runYaml, tmpData } from '../../../../test/fixtures/tmpData.js';
import { parseDay } from '../util/dates.js';
import { InputError } from '../util/errors.js';

/**
 * Regression tests for what the fuzzer (fuzz.test.ts) and the bad-input corpus
 * (test/bad-inputs) found: each was an uncaught exception, a NaN or Infinity in the result,
 * a negative equity, or a silent guess.
 */
const errorOf = async (p: Promise<unknown>): Promise<Error> => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof Error)) throw new Error('expected an error');
  return e;
};
const parseError = (text: string): Error => {
  try {
    parseConfigText(text, 'c.yaml');
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
};

describe('YAML the parser accepts but a config must not use', () => {
  it('an alias without its anchor is an InputError at its line, not a ReferenceError', () => {
    const e = parseError('name: t\nperiod: { start: 2020-01-01 }\nuniverse: [A]\nweights: { A: *w }\n');
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/^c\.yaml:4:\d+: invalid YAML: Unresolved alias/);
  });

  it('an alias bomb ("billion laughs") is refused quickly', () => {
    const rows = ['a: &a [1,1,1,1,1,1,1,1,1]'];
    for (const [x, y] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e']]) rows.push(`${x}: &${x} [${Array(9).fill(`*${y}`).join(',')}]`);
    const started = performance.now();
    const e = parseError(`${rows.join('\n')}\n`);
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/invalid YAML: .*alias/i);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a list, a mapping or a binary value used as a key is refused at its line (not stringified with a Node warning)', () => {
    expect(parseError('name: t\n[a, b]: 1\n').message).toBe('c.yaml:2:1: invalid YAML: expected a plain key such as "name", found a list used as a key');
    expect(parseError('name: t\n!!binary aGVsbG8=: 1\n').message).toMatch(/^c\.yaml:2:\d+: invalid YAML: expected a plain key such as "name", found a tagged \(binary\) value used as a key$/);
    expect(parseError('name: !!binary aGVsbG8=\n').message).toMatch(/^c\.yaml:1:\d+: name: expected a text, found a binary value \(!!binary\)/);
  });
});

describe('metrics stay finite or null', () => {
  it('the annualised return of a regime over a few bars of a huge move is null, not Infinity', () => {
    const equity = Float64Array.of(100, 1e6, 1e6);
    const [stats] = labelStats(equity, Int32Array.of(0, 0, 0), ['only'], 252);
    expect(stats.return).toBeCloseTo(9999, 6);
    expect(stats.annualizedReturn).toBeNull();
  });

  it('Calmar of a huge return over a drawdown too small to divide by is null, not Infinity', () => {
    // One year from 1 to 1e300 with one dip of a relative 1e-15: CAGR ~1e300, Calmar would overflow.
    const n = 366;
    const dates = Int32Array.from({ length: n }, (_, i) => parseDay('2020-01-01')! + i);
    const equity = Float64Array.from({ length: n }, (_, i) => 10 ** ((300 * i) / (n - 1)));
    equity[100] = equity[99] * (1 - 1e-15);
    const m = computeMetrics({ equity, dates, periodsPerYear: 365 });
    expect(m.maxDrawdown).toBeLessThan(0);
    expect(m.cagr).toBeGreaterThan(1e290);
    expect(m.calmar).toBeNull();
  });
});

describe('the simulation never reports negative equity', () => {
  it('costs larger than the account close everything, as at ruin', () => {
    const n = 3;
    const out = simulate({
      dates: Int32Array.from({ length: n }, (_, i) => 18_000 + i),
      assets: 1,
      prices: Float64Array.of(100, 101, 102),
      targets: Float64Array.of(10, 10, 10),
      decide: Uint8Array.of(1, 0, 0),
      cashRate: new Float64Array(n),
      delay: 0,
      band: 0,
      bandRelative: 0,
      costRate: 0.2, // 10 x 20 % = twice the equity in costs
      borrowRate: 0,
      financingSpread: 0,
      capital: 1000,
    });
    expect(out.ruinedAt).toBe(0);
    expect(Array.from(out.equity)).toEqual([0, 0, 0]);
    expect(Array.from(out.weights)).toEqual([0, 0, 0]);
  });
});

describe('inputs refused with a message instead of a wrong number', () => {
  const data = () =>
    tmpData(
      { A: days('2024-01-01', [100, 101, 102, 103, 104]), G: days('2024-01-01', [5, 4, 3, 2, 1]) },
      { levels: { L: days('2024-01-01', [2, 1, 0, -1, -2]) } },
    );
  const base = 'name: t\nperiod: { start: 2024-01-01 }\nuniverse: [A]\n';

  it('a weight written as a percentage', async () => {
    const e = await errorOf(runYaml(data(), `${base}numeraires: [USD]\nweights: { A: 60 }\n`));
    expect(e.message).toMatch(/^test\.yaml:5:\d+: weights\.A: expected a weight between -10 and 10 \(a fraction of equity: 0\.6 = 60 %\), found 60 \(a percentage\? write 0\.6\)/);
  });

  it('an expression weight that evaluates to a price', async () => {
    const e = await errorOf(runYaml(data(), `${base}numeraires: [USD]\nweights: { A: "A" }\n`));
    expect(e.message).toMatch(/^test\.yaml:5:\d+: weight weights\.A \("A"\): expected a weight between -10 and 10 .*found 100 on 2024-01-01/);
  });

  it('an unknown benchmark while the universe is still loading is an InputError, not an unhandled rejection', async () => {
    // Before the fix the benchmark's rejection had no handler until the universe was awaited: the process crashed.
    const e = await errorOf(runYaml(data(), `${base}numeraires: [USD]\nbenchmark: NOPE\nweights: { A: 1 }\n`));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/^test\.yaml:5:\d+: unknown symbol "NOPE"/);
  });

  it('a numeraire that reaches zero or below', async () => {
    const e = await errorOf(runYaml(data(), `${base}numeraires: [USD, L]\nweights: { A: 1 }\n`));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/L\.csv: numeraire L \(L\): expected a positive value on every day of the period, found 0 on 2024-01-03/);
  });

  it('a macro level in the universe', async () => {
    const e = await errorOf(runYaml(data(), `name: t\nperiod: { start: 2024-01-01 }\nuniverse: [A, L]\nnumeraires: [USD]\nweights: { A: 1 }\n`));
    expect(e.message).toMatch(/^test\.yaml:3:\d+: universe\[1\]: expected a tradable price series, found L, a level series/);
  });

  it('prices that move too far to compute with', async () => {
    const d = tmpData({ A: { '2024-01-01': 100, '2024-01-02': 1e-300, '2024-01-03': 1e300, '2024-01-04': 1e300 } });
    const e = await errorOf(runYaml(d, `${base}numeraires: [USD]\nweights: { A: 1 }\nrebalance: { every: daily }\n`));
    expect(e.message).toMatch(/A\.csv: the simulated equity is not a finite number on 2024-01-03: .*A moves from 1e-300 \(2024-01-02\) to 1e\+300 \(2024-01-03\)/);
  });

  it('a period entirely before the data says where the data starts', async () => {
    const e = await errorOf(runYaml(data(), `name: t\nperiod: { start: 2000-01-01, end: 2001-01-01 }\nuniverse: [A]\nnumeraires: [USD]\nweights: { A: 1 }\n`));
    expect(e.message).toMatch(/^test\.yaml:2:1: the period \(2000-01-01 to 2001-01-01\) has no trading days: the universe's data starts 2024-01-01; expected a period that overlaps 2024-01-01 to 2024-01-05/);
  });

  it('a period ending on a non-trading day right after the data gives no warning', async () => {
    const { result } = await runYaml(data(), `name: t\nperiod: { start: 2024-01-01, end: 2024-01-06 }\nuniverse: [A]\nnumeraires: [USD]\nweights: { A: 1 }\n`);
    expect(result.warnings).toEqual([]);
  });
});

describe('undefined values and cut allocations are said, not silent', () => {
  const data = () => tmpData({ A: days('2024-01-01', [100, 101, 102, 103, 104, 105]), B: days('2024-01-01', [50, 50, 50, 50, 50, 50]) });

  it('a rule divided by zero: the regime in force is kept, and a warning says where and how often', async () => {
    const { result } = await runYaml(
      data(),
      `name: t\nperiod: { start: 2024-01-01 }\nuniverse: [A, B]\nnumeraires: [USD]\nsignals:\n  spread: "A / (B - B)"\nregimes:\n  up: spread > 1\n  down: true\nallocations:\n  up: { A: 1 }\n  down: { B: 1 }\n`,
    );
    expect(result.series.regime).toEqual(Array(6).fill('down'));
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(
      /^test\.yaml:8:\d+: regime rule "up" \("spread > 1"\) is undefined on 6 of 6 bars of the period, first on 2024-01-01 \(a division by zero.*\), before any rule held: the regime in force was kept on those bars, and the run starts in the default regime "down"$/,
    );
    expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);
  });

  it('an expression weight divided by zero is held as cash, and a warning says so', async () => {
    const { result } = await runYaml(data(), `name: t\nperiod: { start: 2024-01-01 }\nuniverse: [A, B]\nnumeraires: [USD]\nweights: { A: "1 / (B - 50)", B: 0.5 }\n`);
    expect(result.series.targets.A).toEqual(Array(6).fill(0));
    expect(result.warnings).toEqual([
      expect.stringMatching(/^test\.yaml:5:\d+: weight weights\.A \("1 \/ \(B - 50\)"\) is undefined on 6 of the 6 bars .*: A was held at 0 \(cash\) there$/),
    ]);
  });

  it('caps that cut a static allocation: one warning per cut, and the targets obey the caps', async () => {
    const { result } = await runYaml(
      data(),
      `name: t\nperiod: { start: 2024-01-01 }\nuniverse: [A, B]\nnumeraires: [USD]\nweights: { A: 1.5, B: -1 }\noverlays:\n  - caps: { per_asset: 1.2, gross: 2, net: 0.1 }\n`,
    );
    expect(result.warnings).toEqual([
      expect.stringMatching(/^test\.yaml:5:\d+: weights\.A is 1\.5, beyond caps\.per_asset 1\.2 \(overlays\[0\]\): the caps overlay cuts it to 1\.2/),
      expect.stringMatching(/^test\.yaml:5:1: weights has gross exposure 2\.2 .*above caps\.gross 2 \(overlays\[0\]\): the caps overlay scales every weight by 0\.909091/),
      expect.stringMatching(/weights has net exposure 0\.181818 .*beyond caps\.net 0\.1/),
    ]);
    // per_asset 1.2 and -1 → gross 2.2 → ×(2/2.2) → net 0.1818 → ×(0.1/0.1818): A 0.6, B -0.5.
    expect(result.series.targets.A[0]).toBeCloseTo(0.6, 12);
    expect(result.series.targets.B[0]).toBeCloseTo(-0.5, 12);
  });

  it('a gross exposure above a volatility target\'s max_leverage is a warning', async () => {
    const { result } = await runYaml(data(), `name: t\nperiod: { start: 2024-01-01 }\nuniverse: [A, B]\nnumeraires: [USD]\nweights: { A: 1, B: 1 }\noverlays:\n  - vol_target: { target: 0.1, max_leverage: 1.5 }\n`);
    expect(result.warnings).toEqual([expect.stringMatching(/weights has gross exposure 2 .*above vol_target\.max_leverage 1\.5 \(overlays\[0\]\)/)]);
  });

  it('a rule that reads a regime is refused at the rule', async () => {
    const e = await errorOf(
      runYaml(data(), `name: t\nperiod: { start: 2024-01-01 }\nuniverse: [A, B]\nnumeraires: [USD]\nregimes:\n  up: A > 100\n  still_up: up\n  down: true\nallocations: { up: { A: 1 }, still_up: { A: 1 }, down: {} }\n`),
    );
    expect(e.message).toMatch(/^test\.yaml:7:\d+: regime rule "still_up" \("up"\): "up" is a regime, and an expression cannot read a regime/);
  });
});
