/**
 * Bar-by-bar operations on one number per operand, used by the operators and the elementwise
 * functions. The rules, which the compiler and its tests rely on:
 * - NaN (undefined) in, NaN out, except `and`/`or` below.
 * - Division by zero is undefined (NaN), not ±Infinity; `finite` in value.ts also turns any
 *   overflow into NaN.
 * - Comparisons give 1/0; with an undefined operand they are undefined.
 * - `and`/`or` follow three-valued (Kleene) logic: `false and x` is false and `true or x` is
 *   true even when x is undefined; otherwise an undefined operand gives undefined.
 * - Truth: any defined non-zero value is true.
 */

const isNaNum = (x: number): boolean => x !== x;

export const add = (x: number, y: number): number => x + y;
export const subtract = (x: number, y: number): number => x - y;
export const multiply = (x: number, y: number): number => x * y;
export const divide = (x: number, y: number): number => (y === 0 ? NaN : x / y);
/** JS gives NaN ** 0 = 1; an undefined base or exponent must stay undefined. */
export const pow = (x: number, y: number): number => (isNaNum(x) || isNaNum(y) ? NaN : x ** y);
export const negate = (x: number): number => -x;
export const identity = (x: number): number => x;

const compare =
  (test: (x: number, y: number) => boolean) =>
  (x: number, y: number): number =>
    isNaNum(x) || isNaNum(y) ? NaN : test(x, y) ? 1 : 0;

export const smaller = compare((x, y) => x < y);
export const larger = compare((x, y) => x > y);
export const smallerEq = compare((x, y) => x <= y);
export const largerEq = compare((x, y) => x >= y);
export const equal = compare((x, y) => x === y);
export const unequal = compare((x, y) => x !== y);

export const and = (x: number, y: number): number =>
  x === 0 || y === 0 ? 0 : isNaNum(x) || isNaNum(y) ? NaN : 1;
export const or = (x: number, y: number): number =>
  (x !== 0 && !isNaNum(x)) || (y !== 0 && !isNaNum(y)) ? 1 : isNaNum(x) || isNaNum(y) ? NaN : 0;
export const xor = (x: number, y: number): number =>
  isNaNum(x) || isNaNum(y) ? NaN : (x !== 0) !== (y !== 0) ? 1 : 0;
export const not = (x: number): number => (isNaNum(x) ? NaN : x === 0 ? 1 : 0);

/** `c ? a : b`: undefined when the condition is. */
export const choose = (c: number, a: number, b: number): number => (isNaNum(c) ? NaN : c !== 0 ? a : b);

export const abs = Math.abs;
/** log of 0 is -Infinity and becomes NaN through `finite`; of a negative number NaN. */
export const log = Math.log;
export const exp = Math.exp;
export const sqrt = Math.sqrt;
export const sign = Math.sign;
/** Math.min/max already give NaN when either side is NaN. */
export const min = (x: number, y: number): number => Math.min(x, y);
export const max = (x: number, y: number): number => Math.max(x, y);
