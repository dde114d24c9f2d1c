/**
 * map2's loops for the operators rules and signals are mostly made of, written out one per
 * operator. map2 calls its operator once per bar, and since every operator goes through it,
 * V8 sees many functions at that call and cannot inline any: the call was most of a signal's
 * time on a sweep (281 windows × 9,234 bars). Each loop gives exactly finite(f(x, y)) of its
 * operator in elementwise.ts (columnLoops.test.ts checks every one against it); a scalar
 * operand is a one-value column read with stride 0.
 */
import * as ew from './elementwise.js';

export type ColumnLoop = (a: Float64Array, sa: number, b: Float64Array, sb: number, out: Float64Array) => void;

export const COLUMN_LOOPS: ReadonlyMap<(x: number, y: number) => number, ColumnLoop> = new Map<(x: number, y: number) => number, ColumnLoop>([
  [
    ew.larger,
    (a, sa, b, sb, out) => {
      for (let i = 0; i < out.length; i++) {
        const x = a[i * sa];
        const y = b[i * sb];
        out[i] = x !== x || y !== y ? NaN : x > y ? 1 : 0;
      }
    },
  ],
  [
    ew.smaller,
    (a, sa, b, sb, out) => {
      for (let i = 0; i < out.length; i++) {
        const x = a[i * sa];
        const y = b[i * sb];
        out[i] = x !== x || y !== y ? NaN : x < y ? 1 : 0;
      }
    },
  ],
  [
    ew.largerEq,
    (a, sa, b, sb, out) => {
      for (let i = 0; i < out.length; i++) {
        const x = a[i * sa];
        const y = b[i * sb];
        out[i] = x !== x || y !== y ? NaN : x >= y ? 1 : 0;
      }
    },
  ],
  [
    ew.smallerEq,
    (a, sa, b, sb, out) => {
      for (let i = 0; i < out.length; i++) {
        const x = a[i * sa];
        const y = b[i * sb];
        out[i] = x !== x || y !== y ? NaN : x <= y ? 1 : 0;
      }
    },
  ],
  [
    ew.and,
    (a, sa, b, sb, out) => {
      for (let i = 0; i < out.length; i++) {
        const x = a[i * sa];
        const y = b[i * sb];
        out[i] = x === 0 || y === 0 ? 0 : x !== x || y !== y ? NaN : 1;
      }
    },
  ],
  [
    ew.or,
    (a, sa, b, sb, out) => {
      for (let i = 0; i < out.length; i++) {
        const x = a[i * sa];
        const y = b[i * sb];
        out[i] = (x !== 0 && x === x) || (y !== 0 && y === y) ? 1 : x !== x || y !== y ? NaN : 0;
      }
    },
  ],
  [
    ew.add,
    (a, sa, b, sb, out) => {
      for (let i = 0; i < out.length; i++) {
        const v = a[i * sa] + b[i * sb];
        out[i] = v - v === 0 ? v : NaN;
      }
    },
  ],
  [
    ew.subtract,
    (a, sa, b, sb, out) => {
      for (let i = 0; i < out.length; i++) {
        const v = a[i * sa] - b[i * sb];
        out[i] = v - v === 0 ? v : NaN;
      }
    },
  ],
  [
    ew.multiply,
    (a, sa, b, sb, out) => {
      for (let i = 0; i < out.length; i++) {
        const v = a[i * sa] * b[i * sb];
        out[i] = v - v === 0 ? v : NaN;
      }
    },
  ],
  [
    ew.divide,
    (a, sa, b, sb, out) => {
      for (let i = 0; i < out.length; i++) {
        const y = b[i * sb];
        const v = y === 0 ? NaN : a[i * sa] / y;
        out[i] = v - v === 0 ? v : NaN;
      }
    },
  ],
]);
