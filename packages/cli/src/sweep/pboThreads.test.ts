/**
 * pboOnThreads with stand-in workers (the real ones need the built CLI: test/cli-sweep.test.ts
 * runs them): each answers as worker.ts does, on a structured clone of what it is sent.
 */
import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { pbo } from '@regime/core';
import { pboOnThreads, runPboPart, type PboPart } from './pboThreads.js';

/**
 * A worker that walks its part like worker.ts, or exits with code 1 when `dies`; when `late`,
 * its answer to the plan request (the empty batch) comes first, as it could after `finished`.
 */
function standIn(dies = false, late = false): Worker {
  const w = new EventEmitter() as EventEmitter & { postMessage(m: PboPart): void };
  w.postMessage = (m) =>
    setImmediate(() => {
      if (late) w.emit('message', { ok: true, trials: [] });
      if (dies) w.emit('exit', 1);
      else w.emit('message', runPboPart(structuredClone(m)));
    });
  return w as unknown as Worker;
}

/** Returns with a trend in some trials and none in others, so the splits disagree. */
function columns(trials: number, months: number): Float64Array[] {
  let a = 7;
  const uniform = () => ((a = (a * 16807) % 2147483647) - 1) / 2147483646;
  return Array.from({ length: trials }, (_, i) => Float64Array.from({ length: months }, (_, t) => 0.08 * (uniform() - 0.5) + (i % 3 === 0 ? 0.0005 * Math.sin(t / 9) : 0)));
}

describe('PBO shared among threads', () => {
  const returns = columns(25, 96);
  const whole = pbo(returns, 16);

  it('gives pbo() to the bit with 1, 2 and 3 other threads', async () => {
    expect(whole.value).not.toBeNull();
    for (const others of [1, 2, 3]) {
      const shared = await pboOnThreads(Array.from({ length: others }, () => standIn()))(returns, 16);
      expect(shared.value).toBe(whole.value);
      expect(Array.from(shared.logits).filter((x, k) => !Object.is(x, whole.logits[k]))).toEqual([]);
    }
  });

  it('takes only a part\'s answer from a thread, not a late answer to its plan request', async () => {
    const shared = await pboOnThreads([standIn(false, true)])(returns, 16);
    expect(shared.value).toBe(whole.value);
    expect(Array.from(shared.logits).filter((x, k) => !Object.is(x, whole.logits[k]))).toEqual([]);
  });

  it('is undefined where pbo() is, without asking the threads', async () => {
    const flat = [new Float64Array(40).fill(0.01), new Float64Array(40).fill(0.01)];
    expect((await pboOnThreads([standIn(true)])(flat, 16)).value).toBeNull();
  });

  it('fails when a thread stops', async () => {
    await expect(pboOnThreads([standIn(), standIn(true)])(returns, 16)).rejects.toThrow('sweep worker stopped (exit code 1)');
  });
});
