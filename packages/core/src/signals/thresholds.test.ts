import { describe, expect, it } from 'vitest';
import { signalThresholds } from './thresholds.js';

const signals = new Set(['score', 'fast', 'slow', 'drift']);

describe('thresholds a rule draws on a signal', () => {
  it('a signal against a constant, either way round, negative constants included', async () => {
    const t = await signalThresholds(
      [
        { text: 'score >= 3 and drift > -0.5', in: 'regime risk_on' },
        { text: '2 > score', in: 'regime risk_off' },
      ],
      signals,
    );
    expect(t).toEqual([
      { signal: 'score', op: '>=', against: 3, in: 'regime risk_on' },
      { signal: 'drift', op: '>', against: -0.5, in: 'regime risk_on' },
      // 2 > score reads score < 2.
      { signal: 'score', op: '<', against: 2, in: 'regime risk_off' },
    ]);
  });

  it('a signal against another signal, chained comparisons and parentheses', async () => {
    const t = await signalThresholds([{ text: '(fast) > slow or 0 < drift <= 1', in: 'signal trend' }], signals);
    expect(t).toEqual([
      { signal: 'fast', op: '>', against: 'slow', in: 'signal trend' },
      { signal: 'drift', op: '>', against: 0, in: 'signal trend' },
      { signal: 'drift', op: '<=', against: 1, in: 'signal trend' },
    ]);
  });

  it('not a threshold: a series that is no signal, a computed side, a constant rule, bad text; repeats once', async () => {
    const t = await signalThresholds(
      [
        { text: 'VIX > 30 or sma(score, 3) > 2 or score > score', in: 'regime a' },
        { text: true, in: 'regime b' },
        { text: 'score >', in: 'regime c' },
        { text: 'score > 1', in: 'regime d' },
        { text: 'score > 1', in: 'regime e' },
      ],
      signals,
    );
    expect(t).toEqual([{ signal: 'score', op: '>', against: 1, in: 'regime d' }]);
  });
});
