import type { ConfigSource } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { InputError, InputErrors, didYouMean } from '../util/errors.js';
import { parseDay } from '../util/dates.js';

/** The regimes of a config in rule order, with hysteresis settings, or undefined for static weights. */
export interface RegimePlan {
  labels: string[];
  rules: (string | number | boolean)[];
  defaultCode: number;
  confirm: number;
  minDuration: number;
  /** The config path of regime rules (for error positions). */
  path: (label: string) => (string | number)[];
}

/** The largest |weight| of one asset: 10 times equity. Beyond it, a weight is a mistake (a percentage, a price). */
export const MAX_WEIGHT = 10;

/**
 * Checks what the schema cannot: that names refer to each other correctly. Every error
 * points at the key in the YAML.
 */
export function validateConfig(source: ConfigSource, config: Config = source.config): RegimePlan | undefined {
  const errors: InputError[] = [];
  const fail = (msg: string, path: (string | number)[]) => errors.push(new InputError(msg, source.where(path)));
  const universe = new Set<string>();
  if (!config.universe) {
    fail('missing required key "universe" (the assets the strategy may hold, e.g. [SPY, IEF])', []);
    throw errors[0];
  }
  config.universe.forEach((s, i) => {
    if (universe.has(s)) fail(`universe lists ${s} twice`, ['universe', i]);
    universe.add(s);
  });
  const start = parseDay(config.period.start)!;
  if (config.period.end !== undefined && parseDay(config.period.end)! <= start)
    fail(`period.end (${config.period.end}) must be after period.start (${config.period.start})`, ['period', 'end']);

  const checkWeights = (weights: Record<string, number | string>, path: (string | number)[], areWeights = true) => {
    for (const [sym, w] of Object.entries(weights)) {
      if (!universe.has(sym)) fail(`${sym} is not in the universe${didYouMean(sym, universe)}; add it to universe: or remove the weight`, [...path, sym]);
      else if (areWeights && typeof w === 'number' && Math.abs(w) > MAX_WEIGHT)
        fail(`${[...path, sym].join('.')}: expected a weight between -${MAX_WEIGHT} and ${MAX_WEIGHT} (a fraction of equity: 0.6 = 60 %), found ${w}${Math.abs(w) <= 100 ? ` (a percentage? write ${w / 100})` : ''}`, [...path, sym]);
    }
  };

  let plan: RegimePlan | undefined;
  const hasRegimes = config.regimes !== undefined;
  if (config.weights && (hasRegimes || config.allocations))
    fail('give either weights: (one static allocation) or regimes: with allocations:, not both', ['weights']);
  if (!config.weights && !hasRegimes && !config.allocations && !config.strategy) fail('missing weights: (a static allocation) or regimes: and allocations:', []);
  if (config.weights) checkWeights(config.weights, ['weights']);
  if (hasRegimes && !config.allocations) fail('regimes: needs allocations: (the weights to hold in each regime)', ['regimes']);
  if (!hasRegimes && config.allocations) fail('allocations: needs regimes: (the rules that pick one)', ['allocations']);

  if (config.regimes) {
    const extended = 'rules' in config.regimes && typeof config.regimes.rules === 'object';
    const r = config.regimes as { rules: Record<string, string | number | boolean>; confirm: number; min_duration: number; default?: string };
    const rules: Record<string, string | number | boolean> = extended ? r.rules : (config.regimes as Record<string, string | number | boolean>);
    const labels = Object.keys(rules);
    const prefix: (string | number)[] = extended ? ['regimes', 'rules'] : ['regimes'];
    if (labels.length === 0) fail('regimes: needs at least one rule', ['regimes']);
    const explicitDefault = extended ? r.default : undefined;
    let defaultCode = labels.length - 1;
    if (explicitDefault !== undefined) {
      defaultCode = labels.indexOf(explicitDefault);
      if (defaultCode < 0) fail(`regimes.default "${explicitDefault}" is not one of the regimes ${labels.join(', ')}`, ['regimes', 'default']);
    } else if (labels.length && rules[labels[labels.length - 1]] !== true) {
      fail(`the last regime rule must be "true" (a catch-all) or regimes must name a default; found "${String(rules[labels[labels.length - 1]])}"`, [...prefix, labels[labels.length - 1]]);
    }
    const allocations = config.allocations ?? {};
    for (const label of labels)
      if (config.allocations && !(label in allocations)) fail(`regime "${label}" has no allocation: add allocations.${label} (use {} for all cash)`, ['allocations']);
    for (const [label, weights] of Object.entries(allocations)) {
      if (!labels.includes(label)) fail(`allocations.${label}: "${label}" is not a declared regime${didYouMean(label, labels)}; regimes are ${labels.join(', ')}`, ['allocations', label]);
      checkWeights(weights, ['allocations', label]);
    }
    plan = {
      labels,
      rules: labels.map((l) => rules[l]),
      defaultCode,
      confirm: extended ? r.confirm : 1,
      minDuration: extended ? r.min_duration : 1,
      path: (label) => [...prefix, label],
    };
  }

  config.overlays.forEach((o, i) => {
    if ('trend_filter' in o) {
      const tf = o.trend_filter;
      if (tf.to !== 'cash' && !universe.has(tf.to)) fail(`trend_filter.to: ${tf.to} is not in the universe (use "cash" or an asset of the universe)`, ['overlays', i, 'trend_filter', 'to']);
      (tf.assets ?? []).forEach((a, k) => {
        if (!universe.has(a)) fail(`trend_filter.assets: ${a} is not in the universe${didYouMean(a, universe)}`, ['overlays', i, 'trend_filter', 'assets', k]);
      });
    }
    if ('caps' in o && typeof o.caps.per_asset === 'object') checkWeights(o.caps.per_asset, ['overlays', i, 'caps', 'per_asset'], false);
  });

  // A name means one thing in an expression: a parameter may not hide a signal.
  for (const name of Object.keys(config.params ?? {}))
    if (Object.hasOwn(config.signals ?? {}, name)) fail(`params.${name}: "${name}" is also a signal; expected a name that no signal uses`, ['params', name]);

  (config.sensitivities ?? []).forEach((d, i) => {
    if (!universe.has(d.asset)) fail(`sensitivities: ${d.asset} is not in the universe${didYouMean(d.asset, universe)}`, ['sensitivities', i, 'asset']);
    if (!(d.signal in (config.signals ?? {}))) fail(`sensitivities: "${d.signal}" is not a declared signal${didYouMean(d.signal, Object.keys(config.signals ?? {}))}`, ['sensitivities', i, 'signal']);
  });
  for (const [label, range] of Object.entries(config.periods ?? {})) {
    if (range.end !== undefined && parseDay(range.end)! < parseDay(range.start)!)
      fail(`periods.${label}: end ${range.end} is before start ${range.start}`, ['periods', label, 'end']);
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new InputErrors(errors);
  return plan;
}
