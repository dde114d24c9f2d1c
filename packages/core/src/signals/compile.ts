/**
 * Compiles signal definitions and rule expressions into columns. Each expression is parsed
 * once, checked against the whitelist (compileNode.ts), resolved against signals and series,
 * and evaluated once over whole columns. Names resolve to signals first, then to series.
 */
import { InputError, InputErrors, closest } from '../util/errors.js';
import { LIBRARY, signature, type KernelContext } from './library.js';
import { Problem, checkSyntax, compileNode, noWindow, type Compiled, type Scope } from './compileNode.js';
import { readAsOf, type KnownSeries } from './calendarWindow.js';
import { loadParser, type ParsedNode } from './sandbox.js';
import { toColumn, type Value } from './value.js';
import { orderSignals } from './order.js';
import { MAX_EXPRESSION_DEPTH, expressionDepth } from './depth.js';
import type { Cadence } from '../panel/calendar.js';

export interface SignalContext {
  /** Bars in the calendar. */
  length: number;
  frequency: 'daily' | 'monthly';
  periodsPerYear: number;
  /** The bar dates (days since 1970-01-01); the calendar functions need them. */
  dates?: Int32Array;
  /** The calendar's regular schedule (weekdays when absent on a daily calendar). */
  cadence?: Cadence;
  /**
   * Column for a series name used in an expression (already aligned to the calendar with
   * publication lag), or undefined if unknown. Called at most once per name per compile.
   */
  series(name: string): Float64Array | undefined;
  /** All names that series() knows, for "did you mean" messages. */
  knownSeries(): string[];
  /** Named constants (`params:`), read after signals and before series. */
  params?: ReadonlyMap<string, number>;
  /** Indicator columns by canonical key, shared by the trials of a study (one calendar). */
  cache?: ColumnCache;
  /**
   * A series as it was known on any day (values and the day each became usable, publication
   * lag included), so a calendar lookback that falls between bars reads the truth of that day.
   * Optional: without it lookbacks read the last bar at or before the day.
   */
  seriesKnown?(name: string): KnownSeries | undefined;
}

/** Where a study keeps indicator columns: by canonical text such as `sma($SPY,200)`. */
export interface ColumnCache {
  get(key: string): Float64Array | undefined;
  set(key: string, column: Float64Array): void;
}

export interface CompiledSignals {
  /** One column per signal. */
  values: Map<string, Float64Array>;
  /** Signal names in evaluation order: every signal after the signals it uses. */
  order: string[];
  /** The series each signal reads, directly or through the signals it uses. */
  dependencies: Map<string, Set<string>>;
  /** Each signal's canonical key (for the indicator cache of rules), when it has one. */
  keys: Map<string, string | undefined>;
  /** Each signal's compiled form: lets rules read a signal as of any day (calendar windows). */
  forms?: Map<string, Compiled>;
}

type Expression = string | number | boolean;

/** Parses and checks the syntax of one expression, or throws a Problem. */
async function parseChecked(text: Expression): Promise<ParsedNode | number> {
  if (typeof text === 'boolean') return text ? 1 : 0;
  if (typeof text === 'number') {
    if (!Number.isFinite(text)) throw new Problem(`expected a finite number, found ${text}`);
    return text;
  }
  if (typeof text !== 'string') throw new Problem(`expected an expression, a number or true/false, found ${typeof text}`);
  if (text.trim() === '') throw new Problem('the expression is empty');
  const known = parsedTexts.get(text);
  if (known) return known;
  const parse = await loadParser();
  let node: ParsedNode;
  try {
    node = parse(text);
  } catch (e) {
    // Whatever the parser throws (SyntaxError, or RangeError on absurd nesting) is about the text.
    if (e instanceof RangeError) throw new Problem(tooDeep());
    throw new Problem(`could not parse the expression: ${e instanceof Error ? e.message : String(e)}`);
  }
  // Before anything walks the tree recursively (the syntax check, the compiler, evaluation).
  if (expressionDepth(node) > MAX_EXPRESSION_DEPTH) throw new Problem(tooDeep());
  checkSyntax(node);
  // The trials of a study compile the same texts again and again: parse each once.
  if (parsedTexts.size >= 4096) parsedTexts.clear();
  parsedTexts.set(text, node);
  return node;
}

function tooDeep(): string {
  return `the expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep (each operator, call or parenthesis is a level; a long chain of + or - counts one level per term): expected at most ${MAX_EXPRESSION_DEPTH}; split it into several signals`;
}

/** Constant columns by value and length, shared by the callers that only read them (finish). */
const constantColumns = new Map<string, Float64Array>();

function constantColumn(value: number, length: number): Float64Array {
  const key = `${value}:${length}`;
  let column = constantColumns.get(key);
  if (!column) {
    if (constantColumns.size >= 16) constantColumns.clear();
    column = new Float64Array(length).fill(value);
    constantColumns.set(key, column);
  }
  return column;
}

/** Parsed and checked expression trees by text (the walk only reads them). */
const parsedTexts = new Map<string, ParsedNode>();

function describe(label: string, text: Expression): string {
  const shown = typeof text === 'string' && text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return `${label} (${typeof shown === 'string' ? JSON.stringify(shown) : String(shown)})`;
}

/** Problems in the text become InputErrors; so does a stack overflow on absurdly long text. */
function asInputError(e: unknown, label: string, text: Expression, where: string | undefined): unknown {
  const problem =
    e instanceof RangeError && /call stack/i.test(e.message)
      ? new Problem(tooDeep())
      : e;
  return problem instanceof Problem ? new InputError(`${describe(label, text)}: ${problem.message}`, where) : e;
}

/** Identifier form of a series symbol: `BTC-USD` is written `BTC_USD` in expressions. */
function identifier(symbol: string): string {
  return symbol.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * The name resolver shared by compileSignals and compileExpression: signals first, then series
 * (each series fetched once). Records what each expression read.
 */
class Resolver {
  private readonly seriesCache = new Map<string, Float64Array | undefined>();
  /** The arrays handed out by name, so a result that is one of them gets copied. */
  readonly inputs = new Set<Float64Array>();
  readonly kernel: KernelContext;

  constructor(
    private readonly ctx: SignalContext,
    private readonly signalNames: ReadonlySet<string>,
    private readonly signalValue: (name: string) => Float64Array,
    private readonly signalKey: (name: string) => string | undefined = () => undefined,
    /** A signal's compiled form, when it is known (for reading it as of any day). */
    private readonly signalCompiled: (name: string) => Compiled | undefined = () => undefined,
  ) {
    this.kernel = { length: ctx.length, frequency: ctx.frequency, periodsPerYear: ctx.periodsPerYear, dates: ctx.dates, cadence: ctx.cadence };
  }

  scope(reads: { signals: Set<string>; series: Set<string> }): Scope {
    const cache = this.ctx.cache;
    return {
      ctx: this.kernel,
      constant: (name) => (this.signalNames.has(name) ? undefined : this.ctx.params?.get(name)),
      symbolKey: (name) => (this.signalNames.has(name) ? this.signalKey(name) : `$${name}`),
      cached: cache
        ? (key, compute) => {
            let column = cache.get(key);
            if (!column) {
              const v = compute();
              if (typeof v === 'number') return v;
              column = v;
              cache.set(key, column);
            }
            // A cached column is shared: the final value of an expression is then a copy.
            return this.handOut(column);
          }
        : undefined,
      symbol: (name) => {
        if (this.signalNames.has(name)) {
          reads.signals.add(name);
          return () => this.handOut(this.signalValue(name));
        }
        const column = this.series(name);
        if (column) {
          reads.series.add(name);
          return () => this.handOut(column);
        }
        throw new Problem(this.unknown(name));
      },
      symbolAt: (name) => {
        if (this.signalNames.has(name)) return (days) => this.signalCompiled(name)?.at?.(days);
        const seriesKnown = this.ctx.seriesKnown;
        if (!seriesKnown) return undefined;
        // Looked up on the first read as of a day: most expressions never read between bars.
        let known: ReturnType<typeof seriesKnown> | null = null;
        return (days) => {
          if (known === null) known = seriesKnown(name);
          return known ? readAsOf(known, days) : undefined;
        };
      },
    };
  }

  private handOut(column: Float64Array): Float64Array {
    this.inputs.add(column);
    return column;
  }

  private series(name: string): Float64Array | undefined {
    if (!this.seriesCache.has(name)) {
      const column = this.ctx.series(name);
      if (column && column.length !== this.ctx.length) {
        throw new Error(`series "${name}" has ${column.length} bars, the calendar ${this.ctx.length}`);
      }
      this.seriesCache.set(name, column);
    }
    return this.seriesCache.get(name);
  }

  private unknown(name: string): string {
    const f = LIBRARY.get(name);
    if (f) return `"${name}" is a function; call it as ${signature(name, f)}`;
    const known = this.ctx.knownSeries().map(identifier);
    // `BTC-USD` in an expression parses as BTC minus USD: point at the identifier form.
    // When the first part is itself a name (BTC is an alias of BTC-USD), the unknown one is the
    // second part: `USD` in `BTC-USD`.
    const dashed = known.find((s) => s.startsWith(`${name}_`)) ?? known.find((s) => s.endsWith(`_${name}`));
    if (dashed) {
      return `unknown name "${name}" (did you mean "${dashed}"? a symbol such as BTC-USD is written BTC_USD in expressions)`;
    }
    const candidates = [...this.signalNames, ...known];
    const guess = closest(name, candidates);
    const hint = guess ? ` (did you mean "${guess}"?)` : '';
    return `unknown name "${name}"${hint}: expected a signal or a series of the data directory`;
  }

  /**
   * The final column of an expression: never an input array itself (callers may own it), unless
   * the caller only reads it (`readOnly`): then an input column is returned as it is and a
   * constant is a shared column of that value.
   */
  finish(v: Value, readOnly = false): Float64Array {
    if (typeof v === 'number') return readOnly ? constantColumn(v, this.ctx.length) : toColumn(v, this.ctx.length);
    return this.inputs.has(v) && !readOnly ? v.slice() : v;
  }
}

function compileParsed(parsed: ParsedNode | number, scope: Scope): Compiled {
  if (typeof parsed === 'number') return { constant: parsed, run: () => parsed, at: () => parsed };
  const compiled = compileNode(parsed, scope);
  noWindow(compiled);
  return compiled;
}

/**
 * Compiles named signals. defs: signal name -> expression (string, or boolean/number constant).
 * `where(name)` gives a "file:line:col" prefix for errors about that signal. Throws InputError
 * (InputErrors when several signals are wrong) naming the signal, the expression, what was
 * expected and what was found. Signals may use other signals; a cycle is an error naming it.
 */
export async function compileSignals(
  defs: Record<string, Expression>,
  ctx: SignalContext,
  where?: (name: string) => string | undefined,
): Promise<CompiledSignals> {
  const names = Object.keys(defs);
  const values = new Map<string, Float64Array>();
  const compiled = new Map<string, Compiled>();
  const keys = new Map<string, string | undefined>();
  const keyOf = (name: string): string | undefined => {
    if (!keys.has(name)) {
      keys.set(name, undefined); // a cycle reads undefined (and is reported by orderSignals)
      keys.set(name, compiled.get(name)?.key?.());
    }
    return keys.get(name);
  };
  const resolver = new Resolver(ctx, new Set(names), (name) => values.get(name) as Float64Array, keyOf, (name) => compiled.get(name));
  const reads = new Map<string, { signals: Set<string>; series: Set<string> }>();
  const errors: InputError[] = [];
  for (const name of names) {
    const text = defs[name];
    const r = { signals: new Set<string>(), series: new Set<string>() };
    try {
      compiled.set(name, compileParsed(await parseChecked(text), resolver.scope(r)));
      reads.set(name, r);
    } catch (e) {
      const err = asInputError(e, `signal "${name}"`, text, where?.(name));
      if (!(err instanceof InputError)) throw err;
      errors.push(err);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new InputErrors(errors);

  const uses = new Map([...reads].map(([name, r]) => [name, r.signals]));
  const order = orderSignals(names, uses, where);
  const dependencies = new Map<string, Set<string>>();
  for (const name of order) {
    try {
      values.set(name, resolver.finish((compiled.get(name) as Compiled).run()));
    } catch (e) {
      throw asInputError(e, `signal "${name}"`, defs[name], where?.(name));
    }
    const deps = new Set(reads.get(name)?.series);
    for (const used of uses.get(name) ?? []) for (const s of dependencies.get(used) ?? []) deps.add(s);
    dependencies.set(name, deps);
  }
  for (const name of order) keyOf(name);
  return { values, order, dependencies, keys, forms: compiled };
}

/**
 * Compiles one anonymous expression (a regime rule) with already computed signals visible by
 * name, and returns its column (a constant is broadcast; booleans are 1/0).
 */
export async function compileExpression(
  text: Expression,
  ctx: SignalContext,
  signals: Map<string, Float64Array>,
  where?: string,
  /** What the expression is, for messages: `regime rule "up"`, `weight allocations.up.SPY`. */
  label = 'expression',
  signalKeys?: ReadonlyMap<string, string | undefined>,
  /** The signals' compiled forms (CompiledSignals.forms), when the caller has them. */
  forms?: ReadonlyMap<string, Compiled>,
  /**
   * The caller never writes into the column (regime rules): it may then be a signal's own
   * column or a shared constant column, not a copy (a study evaluates rules thousands of times).
   */
  readOnly = false,
): Promise<Float64Array> {
  const resolver = new Resolver(ctx, new Set(signals.keys()), (name) => signals.get(name) as Float64Array, (name) => signalKeys?.get(name), (name) => forms?.get(name));
  try {
    const compiled = compileParsed(await parseChecked(text), resolver.scope({ signals: new Set(), series: new Set() }));
    return resolver.finish(compiled.run(), readOnly);
  } catch (e) {
    throw asInputError(e, label, text, where);
  }
}

/**
 * The names an expression reads that are neither library functions nor in `exclude` (pass the
 * signal names to keep only series), in order of first use: for loading data before compiling.
 * It reports no problems, so they are reported once, by the compiler, with the signal's name and
 * location: text that does not parse or uses forbidden syntax gives [], and a wrong arity or
 * window still lists the names (so the data is loaded and the compiler can say what is wrong).
 */
export async function referencedNames(text: Expression, exclude: Iterable<string> = []): Promise<string[]> {
  const excluded = new Set(exclude);
  const seen = new Set<string>();
  let parsed: ParsedNode | number;
  try {
    parsed = await parseChecked(text);
  } catch (e) {
    if (e instanceof Problem) return [];
    throw e;
  }
  if (typeof parsed === 'number') return [];
  parsed.traverse((node, path, parent) => {
    if (node.type !== 'SymbolNode' || (parent?.type === 'FunctionNode' && path === 'fn')) return;
    const name = node.name as string;
    if (!excluded.has(name) && !LIBRARY.has(name)) seen.add(name);
  });
  return [...seen];
}
