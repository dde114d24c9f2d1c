import { describe, expect, it } from 'vitest';
import { SWEEP_CACHE_BYTES, STUDY_CACHE_BYTES } from '@regime/core';
import { studyCacheBytes } from './batch.js';

describe('a worker caches as the submitting machine does', () => {
  it("a sweep's batches get a sweep's small budget; a walk-forward's folds keep the default", () => {
    expect(studyCacheBytes({})).toBe(SWEEP_CACHE_BYTES);
    expect(studyCacheBytes({ window: { start: '2010-01-01', end: '2015-12-31' } })).toBeUndefined();
    expect(SWEEP_CACHE_BYTES).toBeLessThan(STUDY_CACHE_BYTES);
  });
});
