/**
 * Turns a parsed mathjs node tree into a closure over whole columns. This walk, not mathjs, is
 * what runs user text, and it accepts only: numbers and booleans, names (series and signals),
 * the arithmetic/comparison/logic operators, parentheses, `a ? b : c`, chained comparisons
 * and calls of the functions in library.ts. Anything else is refused with a Problem that says
 * what was found; compile.ts adds which signal and expression it was.
 */
import * as ew from './elementwise.js';
import { LIBRARY, signature, type KernelContext, type LibraryFunction } from './library.js';
import type { ParsedNode } from './sandbox.js';
import { map1, map2, map3, type Value } from './value.js';
import { didYouMean } from '../util/errors.js';
import { Problem } from './problem.js';
import { CALENDAR_WINDOW_FUNCTIONS, UNITS, describeWindow, type CalendarWindow } from './calendarWindow.js';

// Problem has its own module so that function tables (calendarFunctions.ts) can throw it without importing this walk.
export { Problem };

/** A compiled (sub)expression: `constant` is set when it folds to a number at compile time. */
export interface Compiled {
  readonly constant?: number;
  run(): Value;
  /**
   * What the value is, as canonical text (`sma($SPY,200)`), when it depends only on series
   * and constants: the key of the indicator cache. Asked at run time (signals are keyed once
   * compiled); undefined when not cacheable.
   */
  key?(): string | undefined;
  /** Set for `months(6)` and the other unit functions: only valid as a window argument. */
  readonly window?: CalendarWindow;
  /**
   * The value as it was known on arbitrary days (ascending), for calendar lookbacks that fall
   * between bars: present for series and for pointwise combinations of them; undefined when
   * the expression can only be read on the bars (an indicator).
   */
  at?(days: Int32Array): Value | undefined;
}

export interface Scope {
  readonly ctx: KernelContext;
  /** The column behind a series or signal name; throws a Problem when the name is unknown. */
  symbol(name: string): () => Value;
  /** A named constant (a `params:` entry), folded at compile time; undefined for other names. */
  constant?(name: string): number | undefined;
  /** The cache key of a series or signal name, when it has one. */
  symbolKey?(name: string): string | undefined;
  /** An indicator's column by its canonical key, computed once per study (studies only). */
  cached?(key: string, compute: () => Value): Value;
  /** The same name read as of arbitrary days, when that is known (see Compiled.at). */
  symbolAt?(name: string): ((days: Int32Array) => Value | undefined) | undefined;
}

const BINARY: Record<string, (x: number, y: number) => number> = {
  add: ew.add,
  subtract: ew.subtract,
  multiply: ew.multiply,
  divide: ew.divide,
  pow: ew.pow,
  smaller: ew.smaller,
  larger: ew.larger,
  smallerEq: ew.smallerEq,
  largerEq: ew.largerEq,
  equal: ew.equal,
  unequal: ew.unequal,
  and: ew.and,
  or: ew.or,
  xor: ew.xor,
};

const UNARY: Record<string, (x: number) => number> = {
  unaryMinus: ew.negate,
  unaryPlus: ew.identity,
  not: ew.not,
};

const OPERATORS_HELP = 'use + - * / ^, comparisons < > <= >= == != and logic and, or, not, xor';

/** Node types that are never allowed, with what to call them in a message. */
const REFUSED: Record<string, string> = {
  AccessorNode: 'property or index access',
  IndexNode: 'indexing',
  AssignmentNode: 'assignment (define a named signal under `signals:` instead)',
  FunctionAssignmentNode: 'defining a function',
  ObjectNode: 'an object',
  ArrayNode: 'an array or matrix',
  RangeNode: 'a range',
  BlockNode: 'several statements (separated by ";" or a line break; wrap a multi-line expression in parentheses)',
};

const ALLOWED = new Set([
  'ConstantNode',
  'SymbolNode',
  'OperatorNode',
  'ParenthesisNode',
  'FunctionNode',
  'ConditionalNode',
  'RelationalNode',
]);

/**
 * Refuses forbidden syntax anywhere in the tree before anything is compiled, so
 * `cos.constructor("…")(1)` is reported as property access, not as a multiplication.
 */
export function checkSyntax(root: ParsedNode): void {
  root.traverse((node) => {
    if (node.type === 'FunctionNode') checkCallee(node);
    if (ALLOWED.has(node.type)) return;
    const what = REFUSED[node.type] ?? `this syntax (${node.type})`;
    throw new Problem(`${what} is not allowed in expressions, found "${node.toString()}"`);
  });
}

/** Only the functions of library.ts can be called, and only by name. */
function checkCallee(node: ParsedNode): void {
  const callee = node.fn as ParsedNode;
  if (callee.type !== 'SymbolNode') {
    throw new Problem(`only the indicator functions can be called, by name; found "${node.toString()}"`);
  }
  const name = callee.name as string;
  if (!LIBRARY.has(name) && !UNITS.has(name)) {
    const all = [...LIBRARY.keys(), ...UNITS.keys()];
    throw new Problem(`unknown function "${name}"${didYouMean(name, all)}; the functions are ${all.join(', ')}`);
  }
}

/** A calendar window (`months(6)`) is a window, not a value: refused anywhere else. */
export function noWindow(part: Compiled): void {
  if (part.window)
    throw new Problem(
      `${describeWindow(part.window)} is a calendar window: use it as the window of ${CALENDAR_WINDOW_FUNCTIONS.join(', ')} (e.g. sma(SPY, months(6))), not as a value`,
    );
}

/**
 * Folds to a constant when every input is constant; otherwise defers to run(). `pointwise`
 * (f works bar by bar) lets the result be read as of any day when its inputs can.
 */
function combine(parts: Compiled[], f: (values: Value[]) => Value, name?: string, pointwise = false): Compiled {
  parts.forEach(noWindow);
  if (parts.every((p) => p.constant !== undefined)) {
    const v = f(parts.map((p) => p.constant as number));
    if (typeof v === 'number') return { constant: v, run: () => v, key: () => String(v), at: () => v };
    return { run: () => v };
  }
  const key = name === undefined ? undefined : () => partsKey(name, parts);
  const at = pointwise
    ? (days: Int32Array): Value | undefined => {
        const values: Value[] = [];
        for (const p of parts) {
          const v = p.at?.(days);
          if (v === undefined) return undefined;
          values.push(v);
        }
        return f(values);
      }
    : undefined;
  return { run: () => f(parts.map((p) => p.run())), key, at };
}

/** `name(k1,k2)` when every part has a key, else undefined. */
function partsKey(name: string, parts: Compiled[]): string | undefined {
  const keys: string[] = [];
  for (const p of parts) {
    const k = p.key?.();
    if (k === undefined) return undefined;
    keys.push(k);
  }
  return `${name}(${keys.join(',')})`;
}

export function compileNode(node: ParsedNode, scope: Scope): Compiled {
  switch (node.type) {
    case 'ConstantNode':
      return constant(node);
    case 'SymbolNode': {
      const name = node.name as string;
      const c = scope.constant?.(name);
      if (c !== undefined) return { constant: c, run: () => c, key: () => String(c), at: () => c };
      const get = scope.symbol(name);
      return { run: get, key: () => scope.symbolKey?.(name), at: scope.symbolAt?.(name) };
    }
    case 'ParenthesisNode':
      return compileNode(node.content as ParsedNode, scope);
    case 'OperatorNode':
      return operator(node, scope);
    case 'ConditionalNode': {
      const parts = [node.condition, node.trueExpr, node.falseExpr].map((n) => compileNode(n as ParsedNode, scope));
      return combine(parts, ([c, a, b]) => map3(c, a, b, ew.choose), '?:', true);
    }
    case 'RelationalNode':
      return relational(node, scope);
    case 'FunctionNode':
      return call(node, scope);
    default:
      throw new Problem(`${REFUSED[node.type] ?? `this syntax (${node.type})`} is not allowed, found "${node.toString()}"`);
  }
}

function constant(node: ParsedNode): Compiled {
  const v = node.value;
  if (typeof v === 'boolean') return { constant: v ? 1 : 0, run: () => (v ? 1 : 0), at: () => (v ? 1 : 0) };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Problem(`expected a finite number, found "${node.toString()}"`);
    return { constant: v, run: () => v, at: () => v };
  }
  if (typeof v === 'string') {
    throw new Problem(`text in quotes is not allowed in expressions, found ${node.toString()}; expected a number, true/false, or a series or signal name`);
  }
  throw new Problem(`expected a number, true/false, or a series or signal name, found "${node.toString()}"`);
}

function operator(node: ParsedNode, scope: Scope): Compiled {
  const fn = node.fn as string;
  const args = node.args as readonly ParsedNode[];
  if (node.implicit) {
    throw new Problem(
      `implicit multiplication is not allowed, found "${node.toString()}"; write the operator: ${args.map(String).join(' * ')}`,
    );
  }
  const unary = UNARY[fn];
  if (unary && args.length === 1) return combine([compileNode(args[0], scope)], ([a]) => map1(a, unary), fn, true);
  const binary = BINARY[fn];
  if (binary && args.length === 2) {
    return combine(args.map((a) => compileNode(a, scope)), ([a, b]) => map2(a, b, binary), fn, true);
  }
  throw new Problem(`operator "${node.op}" is not supported, found "${node.toString()}"; ${OPERATORS_HELP}`);
}

/** `a < b <= c` means `a < b and b <= c`, as in mathjs. */
function relational(node: ParsedNode, scope: Scope): Compiled {
  const ops = (node.conditionals as readonly string[]).map((c) => BINARY[c]);
  if (ops.some((f) => f === undefined)) throw new Problem(`unsupported comparison in "${node.toString()}"`);
  const params = (node.params as readonly ParsedNode[]).map((p) => compileNode(p, scope));
  return combine(
    params,
    (v) => {
      let acc = map2(v[0], v[1], ops[0]);
      for (let i = 1; i < ops.length; i++) acc = map2(acc, map2(v[i], v[i + 1], ops[i]), ew.and);
      return acc;
    },
    (node.conditionals as readonly string[]).join(','),
    true,
  );
}

function call(node: ParsedNode, scope: Scope): Compiled {
  checkCallee(node);
  const name = (node.fn as ParsedNode).name as string;
  const unit = UNITS.get(name);
  if (unit) return unitWindow(name, unit, node, scope);
  const f = LIBRARY.get(name) as LibraryFunction;
  const args = node.args as readonly ParsedNode[];
  const sig = signature(name, f);
  const arity = f.params.length;
  if (f.variadic ? args.length < arity : args.length !== arity) {
    const expected = f.variadic ? `at least ${arity}` : `${arity}`;
    throw new Problem(`${sig} takes ${expected} argument${arity === 1 ? '' : 's'}, found ${args.length} in "${node.toString()}"`);
  }
  const parts = args.map((arg, i) => {
    const compiled = compileNode(arg, scope);
    const p = f.params[Math.min(i, arity - 1)];
    if (p.kind === 'window' && compiled.window) {
      if (!f.calendar)
        throw new Problem(
          `${sig} takes its window in bars, found the calendar window ${describeWindow(compiled.window)}; calendar windows work with ${CALENDAR_WINDOW_FUNCTIONS.join(', ')}`,
        );
    } else if (p.kind === 'window') {
      const n = compiled.constant;
      if (n === undefined || !Number.isInteger(n) || n < p.min) {
        throw new Problem(
          `the window ${p.name} of ${sig} must be a constant whole number of bars >= ${p.min}, found "${arg.toString()}"`,
        );
      }
    }
    return compiled;
  });
  const compiled = calendarCall(name, f, parts, scope) ?? combine(parts, (values) => f.apply(values, scope.ctx), name, f.pointwise === true);
  // In a study, an indicator over columns is computed once per (function, input, window).
  if (compiled.constant !== undefined || !scope.cached || !compiled.key) return compiled;
  const cached = scope.cached.bind(scope);
  const key = compiled.key;
  return {
    key,
    run: () => {
      const k = key();
      return k === undefined ? compiled.run() : cached(k, () => compiled.run());
    },
  };
}

/**
 * A call whose window is in calendar time (`sma(SPY, months(6))`), or yoy (one calendar year
 * on any cadence); undefined for the other calls. Its cache key names the window.
 */
function calendarCall(name: string, f: LibraryFunction, parts: Compiled[], scope: Scope): Compiled | undefined {
  const window = parts.find((p) => p.window)?.window;
  const [x] = parts;
  const arg = { column: () => x.run(), at: (days: Int32Array) => x.at?.(days) };
  const keyed = (text: string) => () => {
    const k = x.key?.();
    return k === undefined ? undefined : `${name}(${k},${text})`;
  };
  if (window && f.calendar) {
    noWindow(x);
    const calendar = f.calendar;
    return { run: () => calendar(arg, window, scope.ctx), key: keyed(describeWindow(window)) };
  }
  if (f.yearly) {
    // yoy is a calendar year on every cadence (never 252 bars), so it needs the dates.
    noWindow(x);
    const yearly = f.yearly;
    return { run: () => yearly(arg, scope.ctx), key: keyed('years(1)') };
  }
  return undefined;
}

/** `months(6)`: one constant whole number >= 1. */
function unitWindow(name: string, unit: CalendarWindow['unit'], node: ParsedNode, scope: Scope): Compiled {
  const args = node.args as readonly ParsedNode[];
  const n = args.length === 1 ? compileNode(args[0], scope).constant : undefined;
  if (n === undefined || !Number.isInteger(n) || n < 1)
    throw new Problem(`${name}(n) takes one constant whole number >= 1, found "${node.toString()}"`);
  const window: CalendarWindow = { unit, count: n };
  return {
    window,
    run: () => {
      throw new Problem(`${describeWindow(window)} is a calendar window, not a value`);
    },
  };
}
