/**
 * PBO's revolving-door walk in WebAssembly (pboSteps.wat): the same arithmetic as pboSteps in
 * JavaScript, two trials per SIMD instruction, about 2.8× faster (112 → 40 ms for a 1,124-trial
 * sweep; PBO was a sixth of the sweep benchmark). It gives the rank counts of each split;
 * overfitting.ts turns them into logits exactly as it does its own.
 */
import type { PboBlocks } from './pboBlocks.js';
import { PBO_STEPS_WASM } from './pboSteps.wasm.js';
import { compiledKernel, wasm } from './wasm.js';

interface Kernel {
  init(n: number, blocks: number, T: number, first: number, count: number, sum: number, sq: number, totSum: number, totSq: number, trSum: number, trSq: number, trScore: number, teScore: number, masks: number): void;
  step(c: number, scored: number, out: number): void;
}

/** Whether pboCountsWasm runs here (else overfitting.ts walks in JavaScript). */
export function pboWasmAvailable(): boolean {
  return compiledKernel(PBO_STEPS_WASM) !== null;
}

/**
 * For steps from..to − 1 of the walk over `masks` (the revolving door, first half skipped as
 * in pboSteps): per step, four counts — test scores below and equal to the test score of the
 * training half's best, training scores below and equal to the training score of the test
 * half's best — at [4k .. 4k + 3]. Undefined where the kernel cannot run.
 */
export function pboCountsWasm(p: PboBlocks, masks: Int32Array, from: number, to: number): Int32Array | undefined {
  const module = compiledKernel(PBO_STEPS_WASM);
  if (!module || !wasm) return undefined;
  const { trials: n, blocks } = p;
  const first = masks.length / 2;
  // Byte offsets of the arrays in the kernel's memory (all 8-byte aligned).
  let end = 0;
  const take = (bytes: number) => {
    const at = end;
    end += Math.ceil(bytes / 8) * 8;
    return at;
  };
  const count = take(8 * blocks);
  const sum = take(8 * blocks * n);
  const sq = take(8 * blocks * n);
  const totSum = take(8 * n);
  const totSq = take(8 * n);
  const trSum = take(8 * n);
  const trSq = take(8 * n);
  const trScore = take(8 * n);
  const teScore = take(8 * n);
  const maskAt = take(4 * masks.length);
  const out = take(16 * (to - from));
  let memory: { buffer: ArrayBuffer };
  try {
    memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(end / 65536)) });
  } catch {
    return undefined; // more than a WebAssembly memory holds: the JavaScript walk has no such limit
  }
  const buffer = memory.buffer;
  new Float64Array(buffer, count, blocks).set(p.count);
  new Float64Array(buffer, sum, blocks * n).set(p.sum);
  new Float64Array(buffer, sq, blocks * n).set(p.sq);
  new Float64Array(buffer, totSum, n).set(p.totalSum);
  new Float64Array(buffer, totSq, n).set(p.totalSq);
  new Int32Array(buffer, maskAt, masks.length).set(masks);
  const kernel = new wasm.Instance(module, { env: { memory } }).exports as Kernel;
  kernel.init(n, blocks, p.periods, first, count, sum, sq, totSum, totSq, trSum, trSq, trScore, teScore, maskAt);
  // One call per step, not one for the walk: WebAssembly has no on-stack replacement, so only
  // calls made after V8 has optimized the kernel run the optimized code.
  for (let c = first; c < first + to; c++) {
    const scored = c >= first + from;
    kernel.step(c, scored ? 1 : 0, scored ? out + 16 * (c - first - from) : 0);
  }
  return new Int32Array(buffer, out, 4 * (to - from)).slice();
}
