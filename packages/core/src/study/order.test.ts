import { describe, expect, it } from 'vitest';
import { trialOrder } from './order.js';
import { trialValues, type Grid, type ParamValue } from './grid.js';

function grid(dims: [string, ParamValue[]][]): Grid {
  return { dimensions: dims.map(([path, values]) => ({ path, segments: path.split('.'), values, where: 'test' })), size: dims.reduce((p, [, v]) => p * v.length, 1) };
}

describe('trial order', () => {
  it('runs kernel-only dimensions fastest, whatever the grid order', () => {
    // Grid order: costs (2) slowest, then params.n (3). Index = costs × 3 + n.
    const g = grid([['costs.commission_bps', [0, 5]], ['params.n', [10, 20, 30]]]);
    const o = trialOrder(g);
    // params.n outer, costs inner: (n10,c0)=0, (n10,c5)=3, (n20,c0)=1, (n20,c5)=4, (n30,c0)=2, (n30,c5)=5.
    expect(o.indices).toEqual([0, 3, 1, 4, 2, 5]);
    expect(o.run).toBe(2);
    expect(o.indices.map((i) => trialValues(g, i)['params.n'])).toEqual([10, 10, 20, 20, 30, 30]);
  });

  it('keeps grid order when the kernel-only dimensions already come last, or when there are none', () => {
    const g = grid([['params.n', [1, 2, 3]], ['execution.delay', [0, 1]], ['costs.slippage_bps', [0, 1, 2]]]);
    expect(trialOrder(g)).toEqual({ indices: Array.from({ length: 18 }, (_, i) => i), run: 6 });
    const h = grid([['params.a', [1, 2]], ['signals.x', ['a', 'b', 'c']]]);
    expect(trialOrder(h)).toEqual({ indices: [0, 1, 2, 3, 4, 5], run: 3 });
  });

  it('visits every index once with mixed dimensions', () => {
    const g = grid([['rebalance.every', ['daily', 'monthly']], ['params.a', [1, 2, 3]], ['capital', [1, 2]], ['params.b', [7, 8]]]);
    const o = trialOrder(g);
    expect([...o.indices].sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(o.run).toBe(4);
    // Within each run of 4, params.a and params.b are fixed and (rebalance, capital) take all 4 pairs.
    for (let k = 0; k < 24; k += 4) {
      const vals = o.indices.slice(k, k + 4).map((i) => trialValues(g, i));
      expect(new Set(vals.map((v) => `${v['params.a']}/${v['params.b']}`)).size).toBe(1);
      expect(new Set(vals.map((v) => `${v['rebalance.every']}/${v.capital}`)).size).toBe(4);
    }
  });
});
