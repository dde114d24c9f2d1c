import { describe, expect, it } from 'vitest';
import { runFrames } from './runFrames.js';
import { days, runYaml, tmpData } from '../../../../test/fixtures/tmpData.js';

describe('danfo frames of a run', () => {
  it('exposes equity, weights and metrics as DataFrames that sort and select', async () => {
    const data = tmpData({ A: days('2024-01-01', [100, 110, 99]), B: days('2024-01-01', [100, 100, 100]), XAUUSD: days('2024-01-01', [10, 10, 11]) });
    const { result } = await runYaml(
      data,
      `name: frames\nperiod: { start: 2024-01-01 }\ncapital: 1000\nuniverse: [A, B]\nweights: { A: 0.5, B: 0.5 }\nexecution: { delay: 0 }\nrebalance: { every: never }\n`,
    );
    const frames = runFrames(result);
    expect(frames.equity.columns).toEqual(['date', 'equity_USD', 'equity_gold']);
    expect(frames.equity.shape).toEqual([3, 3]);
    // 500 A + 500 B: 1000, 1050, 995; in gold (10, 10, 11): 1000, 1050, 904.5454...
    expect(frames.equity['equity_USD'].values).toEqual([1000, 1050, 995].map((x) => expect.closeTo(x, 9)));
    expect(frames.equity['equity_gold'].values[2]).toBeCloseTo((995 / 11) * 10, 9);
    const sorted = frames.equity.sortValues('equity_USD', { ascending: false });
    expect(sorted['date'].values).toEqual(['2024-01-02', '2024-01-01', '2024-01-03']);
    expect(frames.weights.columns).toEqual(['date', 'A', 'B']);
    const row = frames.metrics.query(frames.metrics['metric'].eq('totalReturn'));
    expect(row['USD'].values).toEqual([expect.closeTo(-0.005, 12)]);
  });
});
