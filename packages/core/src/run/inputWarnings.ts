import type { ConfigSource } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { Series } from '../data/series.js';
import { rawRegimeCodes } from '../regimes/hysteresis.js';
import { formatDay } from '../util/dates.js';
import { InputError } from '../util/errors.js';
import { MAX_WEIGHT, type RegimePlan } from './validate.js';
import type { ExpressionWeight } from './expressionWeights.js';

/**
 * Warnings and checks about what a config asks for, beyond what the schema and the name
 * checks catch: undefined values (a division by zero, data not yet available) that decide a
 * regime or a weight, static allocations that the caps or the volatility target cut, and
 * numbers too large to compute with. No silent NaN, no silent cut.
 */

const WHY_UNDEFINED = 'a division by zero, data not yet available or a window still warming up';

function quoted(text: string | number | boolean): string {
  const s = String(text);
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);
}

/**
 * Bars of the period (from `first` on the full calendar) where no regime could be determined
 * because a rule was undefined before any rule held; the regime in force is kept there. One
 * warning per rule that was the undefined one, with its own count and first date.
 */
export function undeterminedRegimeWarnings(
  plan: RegimePlan,
  rules: Float64Array[],
  calendar: Int32Array,
  first: number,
  source: ConfigSource,
  /** The undetermined bars when known (RegimeCodes.undetermined, ascending), else found here. */
  undetermined?: Int32Array,
): string[] {
  if (rules.length === 0) return [];
  const gaps = undetermined ?? undeterminedBars(rules, plan.defaultCode, calendar.length);
  const count = new Int32Array(rules.length);
  const at = new Int32Array(rules.length).fill(-1);
  for (const t of gaps) {
    if (t < first || t >= calendar.length) continue;
    const k = rules.findIndex((col) => col[t] !== col[t]);
    count[k]++;
    if (at[k] < 0) at[k] = t;
  }
  const n = calendar.length - first;
  // Bars 0…first all undetermined: the ascending list holds first at position first.
  const neverDetermined = gaps.length > first && gaps[first] === first;
  const out: string[] = [];
  for (let k = 0; k < rules.length; k++) {
    if (count[k] === 0) continue;
    const label = plan.labels[k];
    const start = neverDetermined && at[k] === first ? `, and the run starts in the default regime "${plan.labels[plan.defaultCode]}"` : '';
    out.push(
      `${source.where(plan.path(label))}: regime rule "${label}" (${quoted(plan.rules[k])}) is undefined on ${count[k]} of ${n} bars of the period, first on ${formatDay(calendar[at[k]])} (${WHY_UNDEFINED}), before any rule held: the regime in force was kept on those bars${start}`,
    );
  }
  return out;
}

/** The bars whose raw regime code is undetermined (-1), ascending. */
function undeterminedBars(rules: Float64Array[], defaultCode: number, length: number): Int32Array {
  const raw = rawRegimeCodes(rules, defaultCode, length);
  const out: number[] = [];
  for (let t = 0; t < length; t++) if (raw[t] < 0) out.push(t);
  return Int32Array.from(out);
}

/** Expression weights that are undefined on bars of their regime: held at 0 (cash) there. */
export function undefinedWeightWarnings(
  weights: (ExpressionWeight & { column: Float64Array | undefined })[],
  labels: readonly string[],
  codes: Int32Array,
  calendar: Int32Array,
  first: number,
  source: ConfigSource,
): string[] {
  const out: string[] = [];
  for (const w of weights) {
    if (!w.column) continue;
    const k = labels.indexOf(w.label);
    let inRegime = 0;
    let count = 0;
    let at = -1;
    for (let t = first; t < calendar.length; t++) {
      if (codes[t] !== k) continue;
      inRegime++;
      if (w.column[t] !== w.column[t]) {
        count++;
        if (at < 0) at = t;
      }
    }
    if (count === 0) continue;
    const key = w.path.join('.');
    out.push(
      `${source.where(w.path)}: weight ${key} (${quoted(w.text)}) is undefined on ${count} of the ${inRegime} bars of the period where it applies, first on ${formatDay(calendar[at])} (${WHY_UNDEFINED}): ${w.asset} was held at 0 (cash) there`,
    );
  }
  return out;
}

const fmt = (x: number): string => String(Number(x.toPrecision(6)));

/**
 * Static allocations that an overlay is certain to cut: a weight beyond `caps.per_asset`,
 * gross or net exposure beyond `caps.gross` / `caps.net`, or gross exposure beyond a
 * volatility target's `max_leverage`. (Expression weights are cut per bar, silently within
 * the caps' contract; only the numbers written in the config are checked here.)
 */
export function capWarnings(config: Config, source: ConfigSource): string[] {
  const out: string[] = [];
  const blocks: [(string | number)[], Record<string, number | string>][] = config.weights
    ? [[['weights'], config.weights]]
    : Object.entries(config.allocations ?? {}).map(([label, w]) => [['allocations', label], w]);
  config.overlays.forEach((o, i) => {
    for (const [path, weights] of blocks) {
      const numeric = Object.entries(weights).filter((e): e is [string, number] => typeof e[1] === 'number');
      if (numeric.length === 0) continue;
      const key = path.join('.');
      if ('caps' in o) {
        const c = o.caps;
        const capped = numeric.map(([asset, w]): [string, number] => {
          const cap = c.per_asset === undefined ? Infinity : typeof c.per_asset === 'number' ? c.per_asset : (c.per_asset[asset] ?? Infinity);
          if (Math.abs(w) <= cap) return [asset, w];
          out.push(
            `${source.where([...path, asset])}: ${key}.${asset} is ${fmt(w)}, beyond caps.per_asset ${fmt(cap)} (overlays[${i}]): the caps overlay cuts it to ${fmt(Math.sign(w) * cap)}, the rest stays in cash`,
          );
          return [asset, Math.sign(w) * cap];
        });
        let gross = capped.reduce((s, [, w]) => s + Math.abs(w), 0);
        let scale = 1;
        if (c.gross !== undefined && gross > c.gross) {
          out.push(
            `${source.where(path)}: ${key} has gross exposure ${fmt(gross)} (the sum of |weights|), above caps.gross ${fmt(c.gross)} (overlays[${i}]): the caps overlay scales every weight by ${fmt(c.gross / gross)}`,
          );
          scale = c.gross / gross;
          gross = c.gross;
        }
        const net = capped.reduce((s, [, w]) => s + w, 0) * scale;
        if (c.net !== undefined && Math.abs(net) > c.net)
          out.push(
            `${source.where(path)}: ${key} has net exposure ${fmt(net)} (the sum of weights), beyond caps.net ${fmt(c.net)} (overlays[${i}]): the caps overlay scales every weight by ${fmt(c.net / Math.abs(net))}`,
          );
      } else if ('vol_target' in o) {
        const gross = numeric.reduce((s, [, w]) => s + Math.abs(w), 0);
        const max = o.vol_target.max_leverage;
        if (gross > max)
          out.push(
            `${source.where(path)}: ${key} has gross exposure ${fmt(gross)} (the sum of |weights|), above vol_target.max_leverage ${fmt(max)} (overlays[${i}]): the volatility target never holds more than ${fmt(max)}`,
          );
      }
    }
  });
  return out;
}

/**
 * Universe entries must be prices: a rate or a macro level cannot be bought. A price index
 * (kind: index, e.g. GSPC, SPX) may be held as a proxy; indexProxyWarnings says what that means.
 */
export function assertTradable(universe: readonly Series[], source: ConfigSource): void {
  universe.forEach((s, i) => {
    if (s.meta.kind === 'price' || s.meta.kind === 'index') return;
    throw new InputError(
      `universe[${i}]: expected a tradable price series, found ${s.meta.symbol}, a ${s.meta.kind} series${s.meta.description ? ` (${s.meta.description})` : ''} read from ${s.meta.file}; use it in a signal instead (a file of your own is read as prices when its header is "date,close")`,
      source.where(['universe', i]),
    );
  });
}

/**
 * An asset must be observed at least as often as the run trades. A monthly series (SPX,
 * Shiller's monthly averages, dated the 1st) held in a daily run would put its dates into the
 * calendar (weekend 1sts become bars), book each month's value as the price on its first day,
 * before the month is over, and have its monthly moves annualised as daily ones. Refused,
 * with the two ways out: a monthly run, or a daily series of the same asset. A quarterly
 * series is held in no run (runs are daily or monthly).
 */
export function assertUniverseFrequency(universe: readonly Series[], runFrequency: 'daily' | 'monthly', source: ConfigSource): void {
  universe.forEach((s, i) => {
    const f = s.meta.frequency;
    if (f === 'daily' || f === 'weekly' || (f === 'monthly' && runFrequency === 'monthly')) return;
    const period = f === 'quarterly' ? 'quarter' : 'month';
    const what = `${s.meta.symbol}, a ${f} series${s.meta.description ? ` (${s.meta.description})` : ''} read from ${s.meta.file}: one value per ${period}, dated the first day of the ${period} it describes`;
    const why =
      f === 'quarterly'
        ? `runs are daily or monthly, and held in either each quarter's value would be its price on the quarter's first day, before the quarter is over; use it in a signal, or hold a daily or monthly series of the same asset`
        : `held in a daily run its dates would become bars of the calendar (weekend 1sts included), each month's value would be its price on the month's first day, before the month is over, and its monthly moves would be annualised as daily returns. Set frequency: monthly for this run, or hold a daily series of the same asset (for the S&P 500: GSPC or SPY; for gold: XAUUSD or GLD)`;
    throw new InputError(`universe[${i}]: expected a series at least as frequent as the run (${runFrequency}), found ${what}; ${why}`, source.where(['universe', i]));
  });
}

/** A price index held as a proxy: said once per index, in the result and the report. */
export function indexProxyWarnings(universe: readonly Series[]): string[] {
  return universe
    .filter((s) => s.meta.kind === 'index')
    .map(
      (s) =>
        `asset ${s.meta.symbol}${s.meta.description ? ` — ${s.meta.description} —` : ''} is a price index held as a proxy: it is not investable and excludes dividends, so its returns understate a fund that tracks it by the dividend yield`,
    );
}

/** Index of the first value that is not a finite number, or -1. */
export function firstNonFinite(values: Float64Array): number {
  for (let t = 0; t < values.length; t++) if (!Number.isFinite(values[t])) return t;
  return -1;
}

/**
 * Stops when the simulated equity overflows (a price series that moves by absurd factors):
 * a data problem, reported with the asset, the day and the file, never a NaN in the result.
 */
export function assertFiniteEquity(equity: Float64Array, dates: Int32Array, prices: Float64Array, universe: readonly Series[]): void {
  const t = firstNonFinite(equity);
  if (t < 0) return;
  const m = universe.length;
  let worst = -1;
  let worstMove = 0;
  for (let j = 0; j < m; j++) {
    const p0 = t > 0 ? prices[(t - 1) * m + j] : NaN;
    const p1 = prices[t * m + j];
    const move = Math.abs(Math.log(p1 / p0));
    if (move > worstMove) {
      worstMove = move;
      worst = j;
    }
  }
  const s = worst >= 0 ? universe[worst] : undefined;
  const detail = s
    ? `: ${s.meta.symbol} moves from ${prices[(t - 1) * m + worst]} (${formatDay(dates[t - 1])}) to ${prices[t * m + worst]} (${formatDay(dates[t])}); expected plausible prices in ${s.meta.file}`
    : '';
  throw new InputError(
    `the simulated equity is not a finite number on ${formatDay(dates[t])}: the prices are too extreme to compute with${detail}`,
    s?.meta.file,
  );
}

/** The same for equity measured in a numeraire (a yardstick near zero overflows the division). */
export function assertFiniteInNumeraire(curve: Float64Array, yardstick: Float64Array, dates: Int32Array, name: string, series: Series): void {
  const t = firstNonFinite(curve);
  if (t < 0) return;
  throw new InputError(
    `equity in ${name} is not a finite number on ${formatDay(dates[t])}: ${series.meta.symbol} is ${yardstick[t]} there (its first value ${yardstick[0]}), too extreme to measure with; expected plausible values in ${series.meta.file}`,
    series.meta.file,
  );
}

/** A yardstick (numeraire or benchmark) must stay positive over the period: equity is divided by it. */
export function assertPositiveYardstick(values: Float64Array, dates: Int32Array, what: string, series: Series): void {
  for (let t = 0; t < values.length; t++)
    if (!(values[t] > 0))
      throw new InputError(
        `${what}: expected a positive value on every day of the period, found ${values[t]} on ${formatDay(dates[t])}; a yardstick that reaches zero or below cannot measure equity`,
        series.meta.file,
      );
}

/**
 * Expression weights must stay within ±MAX_WEIGHT on the bars where they apply: a weight of
 * 25 is a mistake (a price or a score instead of a fraction), not a 25-times leverage.
 */
export function assertWeightRange(
  weights: (ExpressionWeight & { column: Float64Array | undefined })[],
  labels: readonly string[],
  codes: Int32Array,
  calendar: Int32Array,
  first: number,
  source: ConfigSource,
): void {
  for (const w of weights) {
    if (!w.column) continue;
    const k = labels.indexOf(w.label);
    for (let t = first; t < calendar.length; t++) {
      const v = w.column[t];
      if (codes[t] !== k || !(Math.abs(v) > MAX_WEIGHT)) continue;
      throw new InputError(
        `weight ${w.path.join('.')} (${quoted(w.text)}): expected a weight between -${MAX_WEIGHT} and ${MAX_WEIGHT} (a fraction of equity: 0.6 = 60 %), found ${fmt(v)} on ${formatDay(calendar[t])}`,
        source.where(w.path),
      );
    }
  }
}
