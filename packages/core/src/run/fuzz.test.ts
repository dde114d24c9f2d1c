import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseConfigText } from '../config/load.js';
import { DataStore } from '../data/dataDir.js';
import { catalogForDataDir } from '../data/catalog.js';
import type { Series, SeriesFrequency, SeriesKind } from '../data/series.js';
import { InputError } from '../util/errors.js';
import { formatDay, parseDay } from '../util/dates.js';
import { runBacktest } from './runBacktest.js';
import type { RunResult } from './result.js';

/**
 * Fuzzing the whole run (issue 8): random valid and invalid configs — keys, types and values
 * mutated; signals, rules and weights drawn from the expression grammar; random overlays —
 * over random small price tables (gaps, late starts, early ends, tiny and huge moves). Every
 * case either throws an InputError or returns a result whose invariants hold: no NaN or
 * Infinity anywhere in the document, equity finite and never below zero, target weights
 * within the caps when caps are the last overlay, shorts only where the config declares them,
 * regime bars adding up to the bar count, every series as long as the calendar. Any other
 * exception, or a case that takes too long, fails the test.
 */

const FUZZ_RUNS = Number(process.env.REGIME_FUZZ_RUNS ?? 10_000);
const ASSETS = ['A', 'B', 'C', 'D'] as const;
const BASE = parseDay('2020-01-01')!;

// ---------------------------------------------------------------- data

interface TableSpec {
  start: number;
  length: number;
  step: number;
  start0: number;
  moves: number[];
  gaps: number[];
}

const moveArb = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -0.05, max: 0.05, noNaN: true }) },
  { weight: 2, arbitrary: fc.double({ min: -0.9, max: 3, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 0, 1e-12, -0.999999, 9, 99) },
);

const tableArb: fc.Arbitrary<TableSpec> = fc.record({
  start: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 60 }) }),
  length: fc.oneof({ weight: 1, arbitrary: fc.integer({ min: 1, max: 10 }) }, { weight: 5, arbitrary: fc.integer({ min: 30, max: 90 }) }),
  step: fc.constantFrom(1, 1, 1, 2, 7),
  start0: fc.constantFrom(100, 1, 0.0001, 25_000, 1e6),
  moves: fc.array(moveArb, { maxLength: 90 }),
  gaps: fc.array(fc.integer({ min: 0, max: 89 }), { maxLength: 6 }),
});

function buildSeries(symbol: string, spec: TableSpec, kind: SeriesKind, frequency: SeriesFrequency): Series {
  const dates: number[] = [];
  const values: number[] = [];
  let p = spec.start0;
  for (let i = 0; i < spec.length; i++) {
    const r = spec.moves[i % Math.max(1, spec.moves.length)] ?? 0;
    p = kind === 'price' ? Math.max(p * (1 + r), 1e-9) : p + r * 10;
    if (spec.gaps.includes(i)) continue;
    dates.push(BASE + spec.start + i * spec.step);
    values.push(p);
  }
  if (dates.length === 0) {
    dates.push(BASE + spec.start);
    values.push(spec.start0);
  }
  return {
    meta: { symbol, kind, frequency, lag: { months: 0, days: 0 }, file: `/memory/${symbol}.csv` },
    dates: Int32Array.from(dates),
    values: Float64Array.from(values),
  };
}

/** A data store over in-memory series (prices A-D, numeraire G, rate R, macro level L). */
function store(series: Series[]): DataStore {
  const s = new DataStore('/memory', catalogForDataDir('/nonexistent'));
  const bySymbol = new Map(series.map((x) => [x.meta.symbol, x]));
  s.has = (name) => bySymbol.has(name);
  s.locate = (name) => {
    const x = bySymbol.get(name);
    return x ? { file: x.meta.file, frequency: x.meta.frequency } : undefined;
  };
  s.load = async (name) => {
    const x = bySymbol.get(name);
    if (!x) throw new InputError(`unknown symbol "${name}"`);
    return x;
  };
  return s;
}

const dataArb = fc.record({
  assets: fc.array(tableArb, { minLength: 4, maxLength: 4 }),
  // Yardsticks mostly cover the start (a late one is an InputError, tested often enough).
  gold: fc.tuple(tableArb, fc.boolean()).map(([t, late]) => (late ? t : { ...t, start: 0, length: Math.max(t.length, 60) })),
  rate: tableArb,
  level: fc.tuple(tableArb, fc.boolean()).map(([t, late]) => (late ? t : { ...t, start: 0, length: Math.max(t.length, 60) })),
});

// ---------------------------------------------------------------- expressions

const SERIES_NAMES = ['A', 'B', 'C', 'D', 'G', 'L', 'R'];
const WINDOW_FNS = ['sma', 'ema', 'lag', 'change', 'ret', 'vol', 'zscore', 'rolling_max', 'rolling_min', 'percentile'];
const UNARY_FNS = ['abs', 'log', 'exp', 'sqrt', 'sign', 'drawdown'];
const BINARY_OPS = ['+', '-', '*', '/', '^', '>', '<', '>=', '<=', '==', '!=', 'and', 'or', 'xor'];

function exprArb(names: string[]): fc.Arbitrary<string> {
  const leaf = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...names) },
    { weight: 2, arbitrary: fc.constantFrom('0', '1', '0.5', '2', '-1', '1e6', '1e-9', '100', 'true', 'false') },
  );
  const { expr } = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(fc.constantFrom(...WINDOW_FNS), tie('expr'), fc.integer({ min: 1, max: 30 })).map(([f, x, n]) => `${f}(${x}, ${n})`),
      fc.tuple(fc.constantFrom(...UNARY_FNS), tie('expr')).map(([f, x]) => `${f}(${x})`),
      fc.tuple(tie('expr'), fc.constantFrom(...BINARY_OPS), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
      fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
      fc.tuple(fc.constantFrom('min', 'max', 'cross_above', 'cross_below'), tie('expr'), tie('expr')).map(([f, a, b]) => `${f}(${a}, ${b})`),
      tie('expr').map((x) => `not (${x})`),
    ),
  }));
  return expr;
}

/** Text that is not a valid expression, or tries what the sandbox refuses. */
const badExpressionArb = fc.constantFrom(
  'A >',
  'sma(A)',
  'sma(A, 0)',
  'sma(A, B)',
  'unknown_name > 1',
  'A.constructor',
  'import("fs")',
  'evaluate("1+1")',
  'x = 1',
  'A[1]',
  '"text"',
  '2 A',
  'f(x) = x',
  '1:3',
  '(' .repeat(50) + 'A' + ')'.repeat(50),
  '',
);

// ---------------------------------------------------------------- configs

const nameArb = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom('<script>alert(1)</script>', '"; DROP TABLE runs; --', '../../etc/passwd', 'Ünïcødé ✓', '\u0000nul', 'a'.repeat(300)),
);

const weightArb = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -2, max: 2, noNaN: true }).map((w) => Math.round(w * 100) / 100) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, -1, 10, -10, 1e-9) },
);

function weightsArb(names: string[]): fc.Arbitrary<Record<string, number | string>> {
  return fc
    .array(
      fc.tuple(
        fc.constantFrom(...ASSETS),
        fc.oneof({ weight: 5, arbitrary: weightArb as fc.Arbitrary<number | string> }, { weight: 1, arbitrary: exprArb(names) }),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => Object.fromEntries(pairs));
}

const overlayArb = fc.oneof(
  fc.record({
    vol_target: fc.record(
      {
        target: fc.double({ min: 0.01, max: 1, noNaN: true }),
        lookback: fc.integer({ min: 2, max: 40 }),
        max_leverage: fc.double({ min: 0.1, max: 3, noNaN: true }),
      },
      { requiredKeys: ['target'] },
    ),
  }),
  fc.record({
    trend_filter: fc.record(
      { lookback: fc.integer({ min: 1, max: 40 }), to: fc.constantFrom('cash', ...ASSETS), assets: fc.subarray([...ASSETS]) },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    caps: fc.record(
      {
        per_asset: fc.oneof(
          fc.double({ min: 0.05, max: 2, noNaN: true }),
          fc.dictionary(fc.constantFrom(...ASSETS), fc.double({ min: 0, max: 2, noNaN: true })),
        ),
        gross: fc.double({ min: 0.1, max: 3, noNaN: true }),
        net: fc.double({ min: 0.1, max: 2, noNaN: true }),
      },
      { requiredKeys: [] },
    ),
  }),
);

const dateArb = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: -30, max: 40 }) }, { weight: 1, arbitrary: fc.integer({ min: -400, max: 400 }) }).map((d) => formatDay(BASE + d));

const commonArb = fc.record(
  {
    name: nameArb,
    description: nameArb,
    period: fc.record({ start: dateArb, end: dateArb }, { requiredKeys: ['start'] }),
    frequency: fc.constantFrom('daily', 'daily', 'daily', 'monthly'),
    universe: fc.uniqueArray(fc.constantFrom(...ASSETS), { minLength: 1, maxLength: 4 }),
    benchmark: fc.constantFrom(...ASSETS),
    numeraires: fc.constantFrom(['USD'], ['USD', 'G'], ['G'], ['USD', 'L']),
    capital: fc.oneof(fc.constant(100_000), fc.double({ min: 1, max: 1e9, noNaN: true })),
    cash: fc.oneof(fc.record({ rate: fc.double({ min: -0.05, max: 0.2, noNaN: true }) }), fc.constant({ series: 'R' })),
    data: fc.record({ max_gap_days: fc.integer({ min: 1, max: 30 }) }),
    missing: fc.constantFrom('cash', 'redistribute'),
    overlays: fc.array(overlayArb, { maxLength: 3 }),
    rebalance: fc.record(
      {
        every: fc.constantFrom('daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'never'),
        band: fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        band_relative: fc.double({ min: 0.01, max: 1, noNaN: true }),
        on_regime_change: fc.boolean(),
      },
      { requiredKeys: ['every'] },
    ),
    costs: fc.record(
      {
        commission_bps: fc.double({ min: 0, max: 100, noNaN: true }),
        slippage_bps: fc.double({ min: 0, max: 100, noNaN: true }),
        borrow_bps: fc.double({ min: 0, max: 2000, noNaN: true }),
        financing_spread_bps: fc.double({ min: 0, max: 1000, noNaN: true }),
      },
      { requiredKeys: [] },
    ),
    execution: fc.record({ delay: fc.integer({ min: 0, max: 5 }) }),
  },
  { requiredKeys: ['name', 'period', 'universe', 'numeraires'] },
);

const SIGNAL_NAMES = ['s0', 's1', 's2'];
const LABELS = ['r0', 'r1', 'r2'];

const strategyArb = fc.oneof(
  // One static allocation.
  weightsArb(SERIES_NAMES).map((weights) => ({ weights })),
  // Signals, regimes (plain or extended) and allocations.
  fc
    .record({
      signalCount: fc.integer({ min: 0, max: 3 }),
      labelCount: fc.integer({ min: 1, max: 3 }),
      signals: fc.array(exprArb([...SERIES_NAMES, ...SIGNAL_NAMES]), { minLength: 3, maxLength: 3 }),
      rules: fc.array(fc.oneof(exprArb([...SERIES_NAMES, ...SIGNAL_NAMES]), fc.constant('true'), badExpressionArb), { minLength: 3, maxLength: 3 }),
      lastTrue: fc.boolean(),
      extended: fc.option(fc.record({ confirm: fc.integer({ min: 1, max: 5 }), min_duration: fc.integer({ min: 1, max: 10 }), default: fc.constantFrom(...LABELS) })),
      allocations: fc.array(weightsArb([...SERIES_NAMES, ...SIGNAL_NAMES]), { minLength: 3, maxLength: 3 }),
    })
    .map((p) => {
      const signals = Object.fromEntries(SIGNAL_NAMES.slice(0, p.signalCount).map((s, i) => [s, p.signals[i]]));
      const labels = LABELS.slice(0, p.labelCount);
      const rules: Record<string, string | boolean> = Object.fromEntries(labels.map((l, i) => [l, p.rules[i]]));
      if (p.lastTrue) rules[labels[labels.length - 1]] = true;
      const regimes = p.extended ? { rules, ...p.extended } : rules;
      return {
        ...(p.signalCount ? { signals } : {}),
        regimes,
        allocations: Object.fromEntries(labels.map((l, i) => [l, p.allocations[i]])),
      };
    }),
);

/** Ways to break a config object: drop, misspell or retype a key, or put a wrong value in. */
type Mutation = { kind: 'drop' | 'typo' | 'retype' | 'extra' | 'negate' | 'special' | 'unit' | 'shadow'; pick: number; value: unknown };
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  // Issue 14 adds: a key renamed to a name special to JavaScript, a number ×100 (a percentage
  // where a fraction belongs), and a signal named like a series that an expression reads.
  kind: fc.constantFrom('drop', 'typo', 'retype', 'extra', 'negate', 'special', 'unit', 'shadow'),
  pick: fc.nat(),
  value: fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}), fc.constant(['x', 1])),
});

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const out: (string | number)[][] = prefix.length ? [prefix] : [];
  for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, Array.isArray(value) ? Number(k) : k]));
  return out;
}

const SPECIAL = ['__proto__', 'constructor', 'prototype'];

function mutate(config: Record<string, unknown>, m: Mutation): void {
  if (m.kind === 'shadow') {
    const symbol = SERIES_NAMES[m.pick % SERIES_NAMES.length];
    config.signals = { ...((config.signals as object) ?? {}), [symbol]: 'A > 0' };
    const block = (config.weights ?? Object.values((config.allocations as object) ?? {})[0]) as Record<string, unknown> | undefined;
    if (block && typeof block === 'object') block[ASSETS[m.pick % ASSETS.length]] = `0.1 * ${symbol}`;
    return;
  }
  const all = paths(config);
  const path = all[m.pick % all.length];
  let parent: any = config;
  for (const k of path.slice(0, -1)) parent = parent[k];
  const key = path[path.length - 1];
  if (parent === null || typeof parent !== 'object') return;
  switch (m.kind) {
    case 'drop':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      break;
    case 'typo':
      if (!Array.isArray(parent) && typeof key === 'string') {
        const v = parent[key];
        delete parent[key];
        parent[`${key.slice(0, -1)}${key.slice(-1) === 'x' ? 'y' : 'x'}`] = v;
      }
      break;
    case 'retype':
      parent[key] = structuredClone(m.value);
      break;
    case 'extra':
      if (!Array.isArray(parent)) parent[`unexpected_${m.pick % 7}`] = structuredClone(m.value);
      break;
    case 'negate':
      if (typeof parent[key] === 'number') parent[key] = -parent[key] - 1;
      break;
    case 'special':
      if (!Array.isArray(parent) && typeof key === 'string') {
        const v = parent[key];
        delete parent[key];
        // An own key even for __proto__ (a plain assignment would set the prototype).
        Object.defineProperty(parent, SPECIAL[m.pick % 3], { value: v, enumerable: true, writable: true, configurable: true });
      } else if (Array.isArray(parent)) parent[Number(key)] = SPECIAL[m.pick % 3];
      break;
    case 'unit':
      if (typeof parent[key] === 'number') parent[key] = parent[key] * 100;
      break;
  }
}

/** Raw text damage, for YAML syntax errors. */
const textDamageArb = fc.record({ at: fc.nat(), insert: fc.constantFrom('', ':', '{', '- ', '\t', '"', '\n  x', '*', '&a', '!!binary ', '%') });

const caseArb = fc.record({
  data: dataArb,
  common: commonArb,
  strategy: strategyArb,
  mutations: fc.oneof({ weight: 3, arbitrary: fc.constant([] as Mutation[]) }, { weight: 1, arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 3 }) }),
  damage: fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: textDamageArb }),
  /** Most cases are made consistent (weights inside the universe, end after start, a catch-all rule). */
  repair: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

function repair(config: Record<string, any>): void {
  const universe: string[] = Array.isArray(config.universe) ? config.universe : [];
  const inUniverse = (w: Record<string, unknown>) => Object.fromEntries(Object.entries(w).filter(([a]) => universe.includes(a)));
  if (config.weights) config.weights = inUniverse(config.weights);
  if (config.allocations) for (const k of Object.keys(config.allocations)) config.allocations[k] = inUniverse(config.allocations[k]);
  if (config.period?.end !== undefined && config.period.end <= config.period.start) delete config.period.end;
  for (const o of config.overlays ?? []) {
    if (o.trend_filter) {
      if (o.trend_filter.to !== 'cash' && !universe.includes(o.trend_filter.to)) o.trend_filter.to = 'cash';
      if (o.trend_filter.assets) o.trend_filter.assets = o.trend_filter.assets.filter((a: string) => universe.includes(a));
    }
    if (o.caps && typeof o.caps.per_asset === 'object') o.caps.per_asset = inUniverse(o.caps.per_asset);
  }
  if (!universe.includes(config.benchmark)) delete config.benchmark;
  // Signals read only earlier signals (no cycles); rules and weights only signals that exist.
  const signalNames = Object.keys(config.signals ?? {});
  const only = (text: unknown, allowed: number) => (typeof text === 'string' ? text.replace(/\bs(\d)\b/g, (m, d) => (Number(d) < allowed ? m : 'B')) : text);
  signalNames.forEach((name, i) => (config.signals[name] = only(config.signals[name], i)));
  for (const block of [config.weights, ...Object.values(config.allocations ?? {})])
    if (block && typeof block === 'object') for (const k of Object.keys(block)) block[k] = only(block[k], signalNames.length);
  const rules = config.regimes?.rules ?? config.regimes;
  if (rules && typeof rules === 'object') for (const k of Object.keys(rules)) rules[k] = only(rules[k], signalNames.length);
  if (rules && typeof rules === 'object') {
    const labels = Object.keys(rules);
    if (config.regimes.rules) {
      if (!labels.includes(config.regimes.default)) delete config.regimes.default;
    }
    if (labels.length && !(config.regimes.rules && config.regimes.default)) rules[labels[labels.length - 1]] = true;
  }
}

// ---------------------------------------------------------------- invariants

/** Every number in the document is finite; no undefined inside arrays. */
function assertFiniteJson(value: unknown, path: string): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}`);
    return;
  }
  if (value === undefined) throw new Error(`${path} is undefined`);
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) value.forEach((v, i) => assertFiniteJson(v, `${path}[${i}]`));
  else for (const [k, v] of Object.entries(value)) if (v !== undefined) assertFiniteJson(v, `${path}.${k}`);
}

const EPS = 1e-9;

/** Issue 14: what may never give a result (special names, a shadowing signal, percentages as fractions). */
function checkNothingSilent(text: string, config: any): void {
  expect(/(^|[\s{,])(__proto__|constructor|prototype)\s*:/m.test(text), 'a special name as a key').toBe(false);
  // As a symbol (free text such as name or description may say anything).
  for (const symbol of [...(config.universe ?? []), ...(config.numeraires ?? []), config.benchmark]) expect(SPECIAL, 'a special name as a symbol').not.toContain(symbol);
  const expressions = [...Object.values(config.signals ?? {}), ...Object.values(config.weights ?? {}), ...Object.values(config.allocations ?? {}).flatMap((b: any) => Object.values(b ?? {}))].filter(
    (e) => typeof e === 'string',
  ) as string[];
  for (const name of Object.keys(config.signals ?? {}))
    if (SERIES_NAMES.includes(name)) expect(expressions.some((e) => new RegExp(`\\b${name}\\b`).test(e)), `signal ${name} shadows a series that is read`).toBe(false);
  if (typeof config.cash?.rate === 'number') expect(Math.abs(config.cash.rate)).toBeLessThan(1);
  if (typeof config.rebalance?.band === 'number') expect(config.rebalance.band).toBeLessThanOrEqual(1);
  for (const o of config.overlays ?? []) if (typeof o?.vol_target?.target === 'number') expect(o.vol_target.target).toBeLessThanOrEqual(1);
  expect(config.capital ?? 100_000).toBeGreaterThanOrEqual(1);
}

function checkResult(result: RunResult, config: any): void {
  assertFiniteJson(result, 'result');
  const s = result.series;
  const n = s.dates.length;
  expect(n).toBeGreaterThanOrEqual(2);
  for (let t = 1; t < n; t++) expect(s.dates[t] > s.dates[t - 1], `dates ascending at ${t}`).toBe(true);
  // Equity: finite (checked above), never below zero, zero for good after ruin.
  for (const [name, curve] of Object.entries(s.equity)) {
    expect(curve, `equity ${name}`).toHaveLength(n);
    let ruined = false;
    for (let t = 0; t < n; t++) {
      expect(curve[t], `equity ${name}[${t}]`).toBeGreaterThanOrEqual(0);
      if (ruined) expect(curve[t], `equity ${name}[${t}] after ruin`).toBe(0);
      if (curve[t] === 0) ruined = true;
    }
  }
  for (const a of result.universe) {
    expect(s.weights[a]).toHaveLength(n);
    expect(s.targets[a]).toHaveLength(n);
  }
  // Metrics: every documented key is present, a finite number or an explicit null.
  for (const m of Object.values(result.metrics))
    for (const k of ['totalReturn', 'cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'calmar', 'var95', 'cvar95', 'skew', 'kurtosis'])
      expect(k in m && (m[k as keyof typeof m] === null || typeof m[k as keyof typeof m] === 'number'), `metric ${k}`).toBe(true);
  // Regimes: one label per bar, and the per-regime bar counts add up to the bar count.
  if (result.regimes) {
    expect(s.regime).toHaveLength(n);
    for (const label of s.regime!) expect(result.regimes.labels).toContain(label);
    for (const stats of Object.values(result.regimes.stats)) expect(stats.reduce((sum, r) => sum + r.bars, 0)).toBe(n);
  }
  // Caps as the last overlay bound every target weight; a volatility target bounds gross exposure.
  const last = config.overlays?.[config.overlays.length - 1];
  for (let t = 0; t < n; t++) {
    let gross = 0;
    let net = 0;
    for (const a of result.universe) {
      const w = s.targets[a][t];
      gross += Math.abs(w);
      net += w;
      if (last?.caps?.per_asset !== undefined) {
        const cap = typeof last.caps.per_asset === 'number' ? last.caps.per_asset : (last.caps.per_asset[a] ?? Infinity);
        expect(Math.abs(w), `target ${a}[${t}] within caps.per_asset`).toBeLessThanOrEqual(cap + EPS);
      }
    }
    if (last?.caps?.gross !== undefined) expect(gross, `gross[${t}] within caps.gross`).toBeLessThanOrEqual(last.caps.gross + EPS);
    if (last?.caps?.net !== undefined) expect(Math.abs(net), `net[${t}] within caps.net`).toBeLessThanOrEqual(last.caps.net + EPS);
    if (last?.vol_target) expect(gross, `gross[${t}] within max_leverage`).toBeLessThanOrEqual((last.vol_target.max_leverage ?? 1) * (1 + EPS) + EPS);
  }
  // Shorts only where declared: a negative weight written in the config, or an expression.
  const blocks: Record<string, unknown>[] = config.weights ? [config.weights] : Object.values(config.allocations ?? {});
  for (const a of result.universe) {
    const mayShort = blocks.some((b) => b && typeof b === 'object' && (typeof (b as any)[a] === 'string' || (b as any)[a] < 0));
    if (mayShort) continue;
    for (let t = 0; t < n; t++) {
      expect(s.targets[a][t], `target ${a}[${t}] not short`).toBeGreaterThanOrEqual(0);
      expect(s.weights[a][t], `weight ${a}[${t}] not short`).toBeGreaterThanOrEqual(0);
    }
  }
}

// ---------------------------------------------------------------- the property

describe('fuzzing configs and price tables', () => {
  it(`${FUZZ_RUNS} random cases: a clean InputError or a result whose invariants hold`, async () => {
    const outcomes = { ok: 0, inputError: 0 };
    const errorKinds = new Map<string, number>();
    let slowest = 0;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const series = [
          ...c.data.assets.map((spec, i) => buildSeries(ASSETS[i], spec, 'price', 'daily')),
          buildSeries('G', c.data.gold, 'price', 'daily'),
          buildSeries('R', c.data.rate, 'rate', 'daily'),
          buildSeries('L', c.data.level, 'level', 'monthly'),
        ];
        const config: Record<string, unknown> = structuredClone({ ...c.common, ...c.strategy });
        if (c.repair) repair(config);
        for (const m of c.mutations) mutate(config, m);
        let text = stringify(config);
        if (c.damage) {
          const at = c.damage.at % (text.length + 1);
          text = text.slice(0, at) + c.damage.insert + text.slice(at + 1);
        }
        const t0 = performance.now();
        let result: RunResult;
        try {
          result = (await runBacktest(parseConfigText(text, 'fuzz.yaml'), { store: store(series), version: 'fuzz' })).result;
        } catch (e) {
          if (e instanceof InputError) {
            outcomes.inputError++;
            if (process.env.REGIME_FUZZ_DEBUG) {
              const key = e.message.replace(/^fuzz\.yaml:\d+:\d+: /, '').replace(/"[^"]*"/g, '"…"').replace(/[\d.e+-]{2,}/g, '#').slice(0, 70);
              errorKinds.set(key, (errorKinds.get(key) ?? 0) + 1);
            }
            expect(e.message.length).toBeGreaterThan(0);
            return;
          }
          throw new Error(`not an InputError for config:\n${text}\n${(e as Error)?.stack ?? e}`);
        } finally {
          slowest = Math.max(slowest, performance.now() - t0);
        }
        try {
          checkNothingSilent(text, config);
          checkResult(result, config);
        } catch (e) {
          throw new Error(`invariant broken for config:\n${text}\n${(e as Error).message}`);
        }
        outcomes.ok++;
      }),
      { numRuns: FUZZ_RUNS, seed: process.env.REGIME_FUZZ_SEED ? Number(process.env.REGIME_FUZZ_SEED) : undefined, endOnFailure: true },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz: ${FUZZ_RUNS} cases in ${seconds.toFixed(1)} s: ${outcomes.ok} results, ${outcomes.inputError} input errors; slowest case ${slowest.toFixed(0)} ms`);
    if (process.env.REGIME_FUZZ_DEBUG) console.log([...errorKinds].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${v}\t${k}`).join('\n'));
    // Both kinds of outcome occur in volume, so the property is not vacuous.
    expect(outcomes.ok).toBeGreaterThan(FUZZ_RUNS * 0.15);
    expect(outcomes.inputError).toBeGreaterThan(FUZZ_RUNS * 0.15);
    // No case hangs: even the slowest is far from the test timeout.
    expect(slowest).toBeLessThan(5_000);
  }, 600_000);
});
