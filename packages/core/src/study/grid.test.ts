import { describe, expect, it } from 'vitest';
import { InputError } from '../util/errors.js';
import { expandRange, mergeGrid, parseGridOption, trialIndex, trialValues } from './grid.js';
import { getPath, setPath, splitPath } from './paths.js';
import { parseObjective } from './objective.js';

describe('grid', () => {
  it('expands a range with both ends, without floating-point drift', () => {
    expect(expandRange(20, 30, 5, 'w', 'p')).toEqual([20, 25, 30]);
    expect(expandRange(0.1, 0.5, 0.1, 'w', 'p')).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]); // not 0.30000000000000004
    expect(expandRange(1, 2, 0.3, 'w', 'p')).toEqual([1, 1.3, 1.6, 1.9]); // 2 is not on the step
    expect(() => expandRange(5, 1, 1, 'w', 'p')).toThrow(/empty/);
  });

  it('numbers trials in grid order: the first dimension slowest', () => {
    const grid = mergeGrid([parseGridOption('params.n=10,20,30'), parseGridOption('costs.commission_bps=0,5')], []);
    expect(grid.size).toBe(6);
    expect([0, 1, 2, 5].map((i) => trialValues(grid, i))).toEqual([
      { 'params.n': 10, 'costs.commission_bps': 0 },
      { 'params.n': 10, 'costs.commission_bps': 5 },
      { 'params.n': 20, 'costs.commission_bps': 0 },
      { 'params.n': 30, 'costs.commission_bps': 5 },
    ]);
    expect(trialIndex(grid, { 'params.n': 30, 'costs.commission_bps': 0 })).toBe(4);
  });

  it('reads --grid values: ranges, numbers, words, true/false; a path given again replaces its dimension in place', () => {
    expect(parseGridOption('params.n=50:60:5').values).toEqual([50, 55, 60]);
    expect(parseGridOption('rebalance.every=monthly,weekly').values).toEqual(['monthly', 'weekly']);
    expect(parseGridOption('rebalance.on_regime_change=true,false').values).toEqual([true, false]);
    const grid = mergeGrid([parseGridOption('a.b=1,2'), parseGridOption('c=3')], [parseGridOption('a.b=7'), parseGridOption('d=x')]);
    expect(grid.dimensions.map((d) => [d.path, d.values])).toEqual([['a.b', [7]], ['c', [3]], ['d', ['x']]]);
  });

  it('refuses an empty list, a value listed twice, and a --grid without values, naming where', () => {
    expect(() => mergeGrid([{ path: 'params.n', segments: ['params', 'n'], values: [], where: 'x.yaml:9:5' }], [])).toThrow(/x.yaml:9:5: sweep params.n: the list of values is empty/);
    expect(() => mergeGrid([parseGridOption('params.n=1,1')], [])).toThrow(/listed twice/);
    expect(() => parseGridOption('params.n=')).toThrow(InputError);
    expect(() => parseGridOption('params.n')).toThrow(/--grid params.n: expected PATH=V1,V2/);
  });
});

describe('config paths', () => {
  it('sets a value in nested mappings and lists, creating missing mappings', () => {
    const raw: Record<string, unknown> = { overlays: [{ vol_target: { target: 0.1 } }], params: { n: 1 } };
    setPath(raw, splitPath('overlays.0.vol_target.target'), 0.2);
    setPath(raw, splitPath('costs.commission_bps'), 5);
    setPath(raw, splitPath('params.n'), 50);
    expect(raw).toEqual({ overlays: [{ vol_target: { target: 0.2 } }], params: { n: 50 }, costs: { commission_bps: 5 } });
    expect(getPath(raw, ['overlays', 0, 'vol_target', 'target'])).toBe(0.2);
  });

  it('refuses a list index that does not exist, a parameter not declared, and a path through a value', () => {
    const raw = () => ({ overlays: [{ caps: { gross: 1 } }], params: { n: 1 }, name: 'x' }) as Record<string, unknown>;
    expect(() => setPath(raw(), splitPath('overlays.3.caps.gross'), 1, 'f:2')).toThrow(/overlays is a list of 1 item; expected an index from 0 to 0/);
    expect(() => setPath(raw(), splitPath('params.k'), 1, 'f:2')).toThrow(/declares no parameter "k"; expected one of params: n/);
    expect(() => setPath(raw(), splitPath('name.first'), 1, 'f:2')).toThrow(/name is a single value/);
    expect(() => setPath(raw(), splitPath('__proto__.x'), 1, 'f:2')).toThrow(/not a config key/);
    expect(() => splitPath('a..b')).toThrow(/keys separated by dots/);
  });
});

describe('objective', () => {
  it('reads metric:numeraire with its direction, and says what is wrong', () => {
    expect(parseObjective('sharpe:USD', ['USD', 'gold'])).toMatchObject({ metric: 'sharpe', numeraire: 'USD', higherIsBetter: true });
    expect(parseObjective('volatility:gold', ['USD', 'gold'])).toMatchObject({ higherIsBetter: false, text: 'volatility:gold' });
    expect(parseObjective('max_drawdown', ['USD', 'gold'])).toMatchObject({ metric: 'maxDrawdown', numeraire: 'USD', higherIsBetter: true });
    expect(parseObjective('vol:gold', ['USD', 'gold'])).toMatchObject({ metric: 'volatility', higherIsBetter: false }); // the catalog's alias
    expect(() => parseObjective('sharp:USD', ['USD'])).toThrow(/objective: expected <metric>\[:<numeraire>\] with metric one of totalReturn, cagr, volatility, sharpe, sortino, maxDrawdown, calmar, turnover; found "sharp:USD" \(did you mean "sharpe"\?\)/);
    expect(() => parseObjective('beta:USD', ['USD'])).toThrow(/objective: expected/); // in the catalog, not kept per trial
    expect(() => parseObjective('sharpe:M2', ['USD', 'gold'], 'f.yaml:3:14')).toThrow(/^f.yaml:3:14: objective: numeraire "M2" is not compared; expected one of USD, gold/);
  });
});

describe('ranking', () => {
  it('places a result after the trials strictly better than it; a tie shares the place; undefined is last', async () => {
    const { rankOf, rankTrials } = await import('./document.js');
    const objective = parseObjective('sharpe:USD', ['USD']);
    const t = (index: number, sharpe: number | null) => ({ index, params: {}, period: { start: '', end: '' }, metrics: { USD: { sharpe } as never }, monthly: { start: '2020-01', returns: {}, riskFree: [] }, warnings: [] });
    const trials = [t(0, 0.5), t(1, 0.9), t(2, null), t(3, 0.7), t(4, 0.7)];
    expect(rankTrials(trials, objective).map((x) => x.index)).toEqual([1, 3, 4, 0, 2]);
    expect(rankOf(t(-1, 0.7), trials, objective)).toBe(2); // only 0.9 is better
    expect(rankOf(t(-1, 1), trials, objective)).toBe(1);
    expect(rankOf(t(-1, null), trials, objective)).toBe(5);
    const vol = parseObjective('volatility:USD', ['USD']);
    const v = (index: number, volatility: number) => ({ ...t(index, 0), metrics: { USD: { volatility } as never } });
    expect(rankOf(v(-1, 0.15), [v(0, 0.1), v(1, 0.2)], vol)).toBe(2);
  });
});
