import type { ConfigSource } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { DataStore } from '../data/dataDir.js';
import { parseLag } from '../data/series.js';
import { alignAsOf, knownFrom } from '../panel/align.js';
import type { Cadence } from '../panel/calendar.js';
import { regimeCodesAndGaps } from '../regimes/hysteresis.js';
import type { RegimePlan } from './validate.js';
import { loadAt } from './inputs.js';
import { catalogSymbolFor } from './requiredSymbols.js';
import { weightKey } from './targets.js';
import { expressionWeights } from './expressionWeights.js';
import { InputError } from '../util/errors.js';
import type { ColumnCache } from '../signals/compile.js';

/** Signals and regime codes over the full calendar (history included, for warm-up). */
export interface RegimeEvaluation {
  /** Regime codes per bar (all 0 for a static allocation). */
  codes: Int32Array;
  signals: Map<string, Float64Array>;
  /** Expression weights, by weightKey(label, asset). */
  weights: Map<string, Float64Array>;
  /** The regime rules' columns, in rule order (1 holds, 0 not, NaN undefined); [] without regimes. */
  rules: Float64Array[];
  /** The bars where no regime could be determined (a rule undefined before any held), ascending. */
  undetermined: Int32Array;
}

/**
 * Loads the series the expressions mention (aligned with their publication lag), compiles
 * the signals once, evaluates the rules over whole columns and applies hysteresis.
 * mathjs is loaded here only, so static-weight runs never pay for it.
 */
export async function evaluateRegimes(
  plan: RegimePlan | undefined,
  config: Config,
  source: ConfigSource,
  store: DataStore,
  calendar: Int32Array,
  periodsPerYear: number,
  /** The calendar's regular schedule, for the calendar functions beyond its ends. */
  cadence?: Cadence,
  /** A study's indicator cache for this calendar (and these publication lags). */
  cache?: ColumnCache,
  /**
   * A study's answers to "which series is this name" (catalogSymbolFor), kept across its
   * trials: a name that is no series (a signal, a parameter) costs a look for its file each time.
   */
  symbols?: Map<string, string | undefined>,
): Promise<RegimeEvaluation> {
  const { compileSignals, compileExpression, referencedNames } = await import('../signals/index.js');
  const defs = config.signals ?? {};
  const signalNames = new Set(Object.keys(defs));
  const columns = new Map<string, Float64Array>();
  // Each series as it was known on any day, for calendar lookbacks between bars (yoy on a daily run).
  // Built on first use only: most expressions never look between bars, and a study evaluates many.
  const known = new Map<string, { known: Int32Array; values: Float64Array }>();
  const knownLater = new Map<string, () => { known: Int32Array; values: Float64Array }>();
  const seriesKnown = (name: string) => {
    let k = known.get(name);
    if (!k) {
      k = knownLater.get(name)?.();
      if (k) known.set(name, k);
    }
    return k;
  };
  const symbolFor = (identifier: string): string | undefined => {
    if (!symbols) return catalogSymbolFor(identifier, store);
    if (!symbols.has(identifier)) symbols.set(identifier, catalogSymbolFor(identifier, store));
    return symbols.get(identifier);
  };

  const weightExpressions = expressionWeights(config, plan);
  const mentioned: [string, (string | number)[]][] = [];
  // A rule or a weight reads signals and series, never another regime (regimes are outputs).
  if (plan)
    for (const [text, path] of [...plan.labels.map((l, k) => [plan.rules[k], plan.path(l)] as const), ...weightExpressions.map((w) => [w.text, w.path] as const)])
      for (const id of await referencedNames(text))
        if (plan.labels.includes(id) && !signalNames.has(id) && !symbolFor(id))
          throw new InputError(
            `${path[0] === 'regimes' ? `regime rule "${path[path.length - 1]}"` : `weight ${path.join('.')}`} (${JSON.stringify(String(text))}): "${id}" is a regime, and an expression cannot read a regime; expected a signal or a series: define a signal (signals: { ${id}_signal: "…" }) and use it in both rules`,
            source.where(path),
          );
  for (const [name, text] of Object.entries(defs)) for (const id of await referencedNames(text)) mentioned.push([id, ['signals', name]]);
  if (plan) for (let k = 0; k < plan.labels.length; k++) for (const id of await referencedNames(plan.rules[k])) mentioned.push([id, plan.path(plan.labels[k])]);
  for (const w of weightExpressions) for (const id of await referencedNames(w.text)) mentioned.push([id, w.path]);
  // A signal with the name of a series hides that series in every expression: refuse the ambiguity.
  for (const [id, path] of mentioned) {
    const shadowed = signalNames.has(id) ? symbolFor(id) : undefined;
    if (shadowed)
      throw new InputError(
        `signal "${id}" has the name of the series ${shadowed} of the data directory, so "${id}" in ${path.join('.')} could mean the signal or the series; expected a signal name that no series has (rename the signal, e.g. ${id}_signal)`,
        source.where(['signals', id]),
      );
  }
  await Promise.all(
    mentioned.map(async ([id, path]) => {
      if (signalNames.has(id) || columns.has(id) || (config.params !== undefined && Object.hasOwn(config.params, id))) return;
      const symbol = symbolFor(id);
      if (!symbol) return; // the compiler reports unknown names with a suggestion
      const series = await loadAt(store, source, symbol, path);
      const override = config.data?.lags?.[series.meta.symbol] ?? config.data?.lags?.[id];
      const lag = override !== undefined ? parseLag(override)! : series.meta.lag;
      // A study aligns each series once per calendar (the cache is per frame and lags).
      let column = cache?.get(`$${id}`);
      if (!column) {
        column = alignAsOf(series, calendar, lag);
        cache?.set(`$${id}`, column);
      }
      columns.set(id, column);
      knownLater.set(id, () => ({ known: Int32Array.from(series.dates, (d) => knownFrom(d, series.meta.frequency, lag)), values: series.values }));
    }),
  );

  const ctx = {
    length: calendar.length,
    frequency: config.frequency,
    periodsPerYear,
    dates: calendar,
    cadence,
    series: (name: string) => columns.get(name),
    knownSeries: () => [...columns.keys(), ...store.knownSymbols().map((s) => s.replace(/-/g, '_'))],
    params: paramConstants(config),
    cache,
    seriesKnown,
  };
  const compiled = await compileSignals(defs, ctx, (name) => source.where(['signals', name]));
  const weights = new Map<string, Float64Array>();
  for (const w of weightExpressions) weights.set(weightKey(w.label, w.asset), await compileExpression(w.text, ctx, compiled.values, source.where(w.path), `weight ${w.path.join('.')}`, compiled.keys, compiled.forms));
  if (!plan) return { codes: new Int32Array(calendar.length), signals: compiled.values, weights, rules: [], undetermined: new Int32Array(0) };
  const rules: Float64Array[] = [];
  for (let k = 0; k < plan.labels.length; k++)
    // Rules are only read (codes, warnings): a rule that is a signal is that signal's column.
    rules.push(await compileExpression(plan.rules[k], ctx, compiled.values, source.where(plan.path(plan.labels[k])), `regime rule "${plan.labels[k]}"`, compiled.keys, compiled.forms, true));
  const { codes, undetermined } = regimeCodesAndGaps({ rules, defaultCode: plan.defaultCode, confirm: plan.confirm, minDuration: plan.minDuration }, calendar.length);
  return { codes, signals: compiled.values, weights, rules, undetermined };
}

/** The `params:` constants as numbers (true is 1, false 0), for the expression compiler. */
export function paramConstants(config: Config): Map<string, number> | undefined {
  if (!config.params) return undefined;
  return new Map(Object.entries(config.params).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 1 : 0) : v]));
}
