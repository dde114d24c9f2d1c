import { parseDay } from '../util/dates.js';
import { describe, expect, it } from 'vitest';
import { InputError, InputErrors } from '../util/errors.js';
import { compileExpression, compileSignals, referencedNames } from './compile.js';
import { memoryContext } from './memoryContext.js';

const N = NaN;

function expectColumn(actual: Float64Array | undefined, expected: number[]): void {
  expect(actual).toBeDefined();
  expect([...(actual as Float64Array)].map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual(
    expected.map((v) => (Number.isNaN(v) ? 'NaN' : v)),
  );
}

/** The InputError an expression compiles to (fails the test if it compiles). */
async function errorOf(text: string | number | boolean, columns: Record<string, number[]> = { SPY: [1, 2, 3] }) {
  const err = await compileExpression(text, memoryContext(columns), new Map()).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `"${text}" should not compile`).toBeInstanceOf(InputError);
  return (err as InputError).message;
}

const eval1 = (text: string | number | boolean, columns: Record<string, number[]> = { SPY: [1, 2, 3, 4] }) =>
  compileExpression(text, memoryContext(columns), new Map());

describe('operators', () => {
  it('follow mathjs precedence: ^ over unary minus over * over +, and over or', async () => {
    expectColumn(await eval1('1 + 2 * 3 ^ 2', { A: [0] }), [19]);
    expectColumn(await eval1('-2 ^ 2', { A: [0] }), [-4]);
    expectColumn(await eval1('2 ^ 3 ^ 2', { A: [0] }), [512]); // right-associative
    expectColumn(await eval1('1 or 0 and 0', { A: [0] }), [1]); // (1 or 0) and 0 would be 0
    expectColumn(await eval1('2 + 3 > 4', { A: [0] }), [1]);
    expectColumn(await eval1('(1 + 2) * 3', { A: [0] }), [9]);
    // mathjs gives `not` the precedence of unary minus: (not 0) > -1 is 1 > -1, true,
    // where not (0 > -1) is false.
    expectColumn(await eval1('not 0 > -1', { A: [0] }), [1]);
    expectColumn(await eval1('not (0 > -1)', { A: [0] }), [0]);
  });
  it('work bar by bar on columns, broadcasting numbers', async () => {
    const cols = { A: [1, 2, 3, 4], B: [4, 3, 2, 1] };
    expectColumn(await eval1('A * 10 - B', cols), [6, 17, 28, 39]);
    expectColumn(await eval1('A > B', cols), [0, 0, 1, 1]);
    expectColumn(await eval1('A >= 2 and B >= 2', cols), [0, 1, 1, 0]);
    expectColumn(await eval1('not (A == 2)', cols), [1, 0, 1, 1]);
    expectColumn(await eval1('A != 2 xor B != 2', cols), [0, 1, 1, 0]);
    expectColumn(await eval1('A > 2 ? A : -B', cols), [-4, -3, 3, 4]);
    expectColumn(await eval1('1 < A < 4', cols), [0, 1, 1, 0]); // chained: 1 < A and A < 4
  });
  it('make division by zero and overflow undefined, not Infinity', async () => {
    expectColumn(await eval1('SPY / (SPY - 2)', { SPY: [1, 2, 4] }), [-1, N, 2]);
    expectColumn(await eval1('1 / 0'), [N, N, N, N]);
    expectColumn(await eval1('SPY * 1e308 * 10', { SPY: [1] }), [N]);
    expectColumn(await eval1('log(SPY - 1)', { SPY: [1, 2] }), [N, 0]);
  });
  it('keep NaN (undefined) undefined, with three-valued and/or', async () => {
    const cols = { X: [0, 1, N, N, 1, 0], Y: [N, N, 0, 1, 1, 0] };
    expectColumn(await eval1('X and Y', cols), [0, N, 0, N, 1, 0]);
    expectColumn(await eval1('X or Y', cols), [N, 1, N, 1, 1, 0]);
    expectColumn(await eval1('X xor Y', cols), [N, N, N, N, 0, 0]);
    expectColumn(await eval1('not X', cols), [1, 0, N, N, 0, 1]);
    expectColumn(await eval1('X > 0', cols), [0, 1, N, N, 1, 0]);
    expectColumn(await eval1('X ^ 0', cols), [1, 1, N, N, 1, 1]); // JS would say NaN ** 0 = 1
    expectColumn(await eval1('Y ? 1 : 2', cols), [N, N, 2, 1, 1, 2]);
  });
  it('turn constants into full columns: true is 1, false is 0', async () => {
    expectColumn(await eval1(true), [1, 1, 1, 1]);
    expectColumn(await eval1('false'), [0, 0, 0, 0]);
    expectColumn(await eval1(0.5), [0.5, 0.5, 0.5, 0.5]);
  });
});

describe('functions', () => {
  it('run the indicator kernels on expressions and numbers', async () => {
    const cols = { A: [1, 2, 3, 7, 3, 5] };
    expectColumn(await eval1('sma(A, 3)', cols), [N, N, 2, 4, 13 / 3, 5]);
    expectColumn(await eval1('A > sma(A, 2)', cols), [N, 1, 1, 1, 0, 1]);
    expectColumn(await eval1('sma(A * 2, 2 + 1)', cols), [N, N, 4, 8, 26 / 3, 10]); // window folds
    expectColumn(await eval1('max(A, 3, sma(A, 2))', cols), [N, 3, 3, 7, 5, 5]);
    expectColumn(await eval1('min(A, 3)', cols), [1, 2, 3, 3, 3, 3]);
    expectColumn(await eval1('if(A > 2, 1, -1)', cols), [-1, -1, 1, 1, 1, 1]);
    expectColumn(await eval1('cross_above(A, 2.5)', cols), [N, 0, 1, 0, 0, 0]);
    expectColumn(await eval1('cross_below(A, 4)', cols), [N, 0, 0, 0, 1, 0]);
    expectColumn(await eval1('abs(A - 3) + sign(A - 3)', cols), [1, 0, 0, 5, 0, 3]);
  });
  it('take yoy over one calendar year, not a count of bars, on a daily calendar too', async () => {
    // Consecutive weekdays from Monday 2024-01-01: 2024 has 262 of them, so 2025-01-01 is bar 262
    // and looks back to 2024-01-01 (bar 0); bar 252 (in December 2024) looks back into 2023: undefined.
    const start = parseDay('2024-01-01')!;
    const dates: number[] = [];
    for (let d = start; dates.length < 263; d++) if ((d + 4) % 7 !== 0 && (d + 4) % 7 !== 6) dates.push(d);
    const values = dates.map((_, i) => 1 + i);
    const y = await compileExpression('yoy(M2)', memoryContext({ M2: values }, 'daily', { dates: Int32Array.from(dates) }), new Map());
    expect(y[252]).toBeNaN(); // 252 bars are not a year
    expect(dates[262]).toBe(parseDay('2025-01-01'));
    expect(y[262]).toBe(263 / 1 - 1);
    await expect(compileExpression('yoy(M2)', memoryContext({ M2: values }), new Map())).rejects.toThrow(/calendar windows need the dates/);
  });
  it('annualise vol with the calendar frequency', async () => {
    // returns 1, -0.5: sample stdev √1.125; monthly → × √12
    const v = await compileExpression('vol(P, 2)', memoryContext({ P: [1, 2, 1] }, 'monthly'), new Map());
    expect(v[2]).toBeCloseTo(Math.sqrt(1.125 * 12), 12);
  });
});

describe('arity and windows', () => {
  it('names the function, what it takes and what was found', async () => {
    expect(await errorOf('sma(SPY)')).toContain('sma(x, n) takes 2 arguments, found 1');
    expect(await errorOf('drawdown(SPY, 3)')).toContain('drawdown(x) takes 1 argument, found 2');
    expect(await errorOf('max(SPY)')).toContain('max(a, b, ...) takes at least 2 arguments, found 1');
  });
  it('requires constant whole windows of at least 1 bar (2 for vol and zscore)', async () => {
    expect(await errorOf('sma(SPY, SPY)')).toContain('the window n of sma(x, n) must be a constant whole number of bars >= 1, found "SPY"');
    expect(await errorOf('sma(SPY, 2.5)')).toContain('found "2.5"');
    expect(await errorOf('lag(SPY, 0)')).toContain('lag(x, n) must be a constant whole number of bars >= 1, found "0"');
    expect(await errorOf('vol(SPY, 1)')).toContain('vol(x, n) must be a constant whole number of bars >= 2');
    expect(await errorOf('zscore(SPY, -3)')).toContain('>= 2, found "-3"');
  });
  it('refuses a function name used without a call', async () => {
    expect(await errorOf('sma > 1')).toContain('"sma" is a function; call it as sma(x, n)');
  });
  it('suggests the closest function for a misspelt one', async () => {
    expect(await errorOf('smaa(SPY, 3)')).toContain('unknown function "smaa" (did you mean "sma"?)');
  });
});

describe('names', () => {
  it('suggests the closest series or signal for an unknown name', async () => {
    const msg = await errorOf('GLOD > 1', { GOLD: [1], SPY: [1] });
    expect(msg).toBe('expression ("GLOD > 1"): unknown name "GLOD" (did you mean "GOLD"?): expected a signal or a series of the data directory');
  });
  it('points a dashed symbol at its identifier form', async () => {
    expect(await errorOf('BTC-USD > 1', { BTC_USD: [1] })).toContain('unknown name "BTC" (did you mean "BTC_USD"?');
  });
  it('does not resolve names through the object prototype', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(await errorOf(`${name} > 1`)).toContain(`unknown name "${name}"`);
    }
  });
  it('prefixes the location when given', async () => {
    const err = await compileExpression('nope', memoryContext({ SPY: [1] }), new Map(), 'cfg.yaml:12:5').catch((e: unknown) => e);
    expect((err as InputError).message).toMatch(/^cfg\.yaml:12:5: expression \("nope"\): unknown name "nope"/);
    expect((err as InputError).where).toBe('cfg.yaml:12:5');
  });
  it('sees already computed signals, before series of the same name', async () => {
    const signals = new Map([['trend', Float64Array.from([1, 0])], ['SPY', Float64Array.from([7, 7])]]);
    const out = await compileExpression('trend and SPY > 5', memoryContext({ SPY: [1, 1] }), signals);
    expectColumn(out, [1, 0]);
  });
  it('returns a copy, never the series or signal column itself', async () => {
    const ctx = memoryContext({ SPY: [1, 2] });
    const out = await compileExpression('SPY', ctx, new Map());
    out[0] = 99;
    expect(ctx.series('SPY')?.[0]).toBe(1);
  });
});

describe('compileSignals', () => {
  const ctx = () => memoryContext({ SPY: [1, 2, 3, 4], GOLD: [2, 2, 2, 2], M2: [5, 5, 6, 6] });

  it('lets signals use signals, in any definition order, and reports the series they read', async () => {
    const out = await compileSignals(
      { signal: 'ratio > sma(ratio, 2)', ratio: 'SPY / GOLD', liquid: 'change(M2, 1) > 0', both: 'signal and liquid', on: true },
      ctx(),
    );
    expect(out.order.indexOf('ratio')).toBeLessThan(out.order.indexOf('signal'));
    expect(out.order.indexOf('signal')).toBeLessThan(out.order.indexOf('both'));
    expectColumn(out.values.get('ratio'), [0.5, 1, 1.5, 2]);
    expectColumn(out.values.get('signal'), [N, 1, 1, 1]);
    expectColumn(out.values.get('liquid'), [N, 0, 1, 0]);
    expectColumn(out.values.get('both'), [N, 0, 1, 0]);
    expectColumn(out.values.get('on'), [1, 1, 1, 1]);
    expect([...(out.dependencies.get('both') ?? [])].sort()).toEqual(['GOLD', 'M2', 'SPY']);
    expect([...(out.dependencies.get('on') ?? [])]).toEqual([]);
  });
  it('fetches each series once', async () => {
    const c = ctx();
    await compileSignals({ a: 'SPY + SPY', b: 'SPY * 2' }, c);
    expect(c.calls).toEqual(['SPY']);
  });
  it('names a cycle', async () => {
    const err = await compileSignals({ a: 'b + 1', b: 'c', c: 'a > 0', d: 'SPY' }, ctx(), (n) => `cfg.yaml:${n}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(
      'cfg.yaml:a: signals form a cycle: a -> b -> c -> a; a signal cannot use itself, directly or through other signals',
    );
    const self = await compileSignals({ x: 'x + 1' }, ctx()).catch((e: unknown) => e);
    expect((self as Error).message).toContain('signals form a cycle: x -> x');
  });
  it('names the signal, its expression and its location, and reports every bad signal', async () => {
    const err = await compileSignals({ ok: 'SPY > 1', bad: 'sma(SPY)', worse: 'SPX > 1' }, ctx(), (n) => `cfg.yaml:${n.length}:3`).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputErrors);
    const errors = (err as InputErrors).errors.map((e) => e.message);
    expect(errors).toEqual([
      'cfg.yaml:3:3: signal "bad" ("sma(SPY)"): sma(x, n) takes 2 arguments, found 1 in "sma(SPY)"',
      'cfg.yaml:5:3: signal "worse" ("SPX > 1"): unknown name "SPX" (did you mean "SPY"?): expected a signal or a series of the data directory',
    ]);
  });
  it('refuses non-finite number constants', async () => {
    const err = await compileSignals({ big: Infinity }, ctx()).catch((e: unknown) => e);
    expect((err as Error).message).toBe('signal "big" (Infinity): expected a finite number, found Infinity');
    expect(await errorOf('1e400')).toContain('expected a finite number, found "Infinity"');
  });
});

describe('referencedNames', () => {
  it('lists the names an expression reads, first use first, without functions', async () => {
    expect(await referencedNames('SPY / GOLD > sma(SPY / GOLD, 10) and trend')).toEqual(['SPY', 'GOLD', 'trend']);
    expect(await referencedNames('SPY / GOLD > sma(SPY / GOLD, 10) and trend', ['trend'])).toEqual(['SPY', 'GOLD']);
    expect(await referencedNames(true)).toEqual([]);
  });
  it('leaves problems to the compiler rather than throwing without a location', async () => {
    expect(await referencedNames('SPY > (')).toEqual([]);
    expect(await referencedNames('SPY > 1 and sma(GOLD)')).toEqual(['SPY', 'GOLD']);
    expect(await referencedNames('x.y')).toEqual([]);
  });
});
