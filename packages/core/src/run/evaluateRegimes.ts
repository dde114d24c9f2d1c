import type { ConfigSource } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { DataStore } from '../data/dataDir.js';
import { parseLag } from '../data/series.js';
import { alignAsOf } from '../panel/align.js';
import { regimeCodes } from '../regimes/hysteresis.js';
import type { RegimePlan } from './validate.js';
import { loadAt } from './inputs.js';
import { catalogSymbolFor } from './requiredSymbols.js';

/** Signals and regime codes over the full calendar (history included, for warm-up). */
export interface RegimeEvaluation {
  codes: Int32Array;
  signals: Map<string, Float64Array>;
}

/**
 * Loads the series the expressions mention (aligned with their publication lag), compiles
 * the signals once, evaluates the rules over whole columns and applies hysteresis.
 * mathjs is loaded here only, so static-weight runs never pay for it.
 */
export async function evaluateRegimes(
  plan: RegimePlan,
  config: Config,
  source: ConfigSource,
  store: DataStore,
  calendar: Int32Array,
  periodsPerYear: number,
): Promise<RegimeEvaluation> {
  const { compileSignals, compileExpression, referencedNames } = await import('../signals/index.js');
  const defs = config.signals ?? {};
  const signalNames = new Set(Object.keys(defs));
  const columns = new Map<string, Float64Array>();
  const symbolFor = (identifier: string) => catalogSymbolFor(identifier, store);

  const mentioned: [string, (string | number)[]][] = [];
  for (const [name, text] of Object.entries(defs)) for (const id of await referencedNames(text)) mentioned.push([id, ['signals', name]]);
  for (let k = 0; k < plan.labels.length; k++) for (const id of await referencedNames(plan.rules[k])) mentioned.push([id, plan.path(plan.labels[k])]);
  await Promise.all(
    mentioned.map(async ([id, path]) => {
      if (signalNames.has(id) || columns.has(id)) return;
      const symbol = symbolFor(id);
      if (!symbol) return; // the compiler reports unknown names with a suggestion
      const series = await loadAt(store, source, symbol, path);
      const override = config.data?.lags?.[series.meta.symbol] ?? config.data?.lags?.[id];
      const lag = override !== undefined ? parseLag(override)! : series.meta.lag;
      columns.set(id, alignAsOf(series, calendar, lag));
    }),
  );

  const ctx = {
    length: calendar.length,
    frequency: config.frequency,
    periodsPerYear,
    series: (name: string) => columns.get(name),
    knownSeries: () => [...columns.keys(), ...store.knownSymbols().map((s) => s.replace(/-/g, '_'))],
  };
  const compiled = await compileSignals(defs, ctx, (name) => source.where(['signals', name]));
  const rules: Float64Array[] = [];
  for (let k = 0; k < plan.labels.length; k++)
    rules.push(await compileExpression(plan.rules[k], ctx, compiled.values, source.where(plan.path(plan.labels[k]))));
  const codes = regimeCodes({ rules, defaultCode: plan.defaultCode, confirm: plan.confirm, minDuration: plan.minDuration }, calendar.length);
  return { codes, signals: compiled.values };
}
