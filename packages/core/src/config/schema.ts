import { z } from 'zod';
import { parseDay } from '../util/dates.js';
import { parseLag } from '../data/series.js';
import { isJsSpecialName } from '../util/names.js';

/**
 * The config schema: the single source of truth for what a strategy YAML may say.
 * snake_case keys follow the YAML; the planner turns a Config into kernel inputs.
 */

const IsoDate = z
  .string()
  .refine((s) => parseDay(s) !== undefined, { message: 'expected a date as YYYY-MM-DD' });

/** A series symbol: also a file name under the data directory, so it cannot name a path. */
const Symbol = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9^_=+&-][A-Za-z0-9^._=+&-]*$/, 'expected a symbol such as SPY or BTC-USD (letters, digits and ^ . _ = + & -)')
  .refine((s) => !isJsSpecialName(s), { message: 'expected a symbol such as SPY (__proto__, constructor and prototype are names special to JavaScript)' });
/** Names of signals, regimes and periods: usable as identifiers in expressions. */
const Name = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a name of letters, digits and "_"')
  .refine((s) => !isJsSpecialName(s), { message: 'expected another name (__proto__, constructor and prototype are names special to JavaScript)' });

/** A weight: a number, or an expression evaluated per bar (e.g. "0.25 * liquidity_score"). */
const Weight = z.union([z.number().finite(), z.string().min(1)]);
export const WeightsSchema = z.record(Symbol, Weight);

const Bps = z.number().finite().min(0);

/**
 * A number that is surely a unit mistake above `max` (a rate of 5 meaning 5 %): refused with
 * the likely meaning, `value / 100`.
 */
function atMost(schema: z.ZodNumber, max: number, what: string, example: string, inclusive = true) {
  return schema.superRefine((v, ctx) => {
    if (inclusive ? Math.abs(v) <= max : Math.abs(v) < max) return;
    const meant = Number((v / 100).toPrecision(6));
    ctx.addIssue({ code: 'custom', message: `expected ${what} (${example})`, params: { hint: `${v} looks like a percentage: did you mean ${meant}?` } });
  });
}

const LagText = z.union([z.string(), z.literal(0)]).refine((v) => parseLag(v) !== undefined, {
  message: 'expected a lag such as 0, 1d, 2w or 1M',
});

export const RebalanceSchema = z
  .object({
    every: z.enum(['daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'never']).default('monthly'),
    /** Absolute tolerance: rebalance when any weight is further than this from its target. */
    band: atMost(z.number().finite().positive(), 1, 'a weight drift as a fraction of equity', '0.05 = 5 %').optional(),
    /** Relative tolerance: … further than this fraction of its target weight. */
    band_relative: atMost(z.number().finite().positive(), 1, 'a drift as a fraction of the target weight', '0.25 = 25 %').optional(),
    on_regime_change: z.boolean().default(true),
  })
  .strict();

export const CostsSchema = z
  .object({
    commission_bps: Bps.default(0),
    slippage_bps: Bps.default(0),
    /** Yearly fee on the notional of short positions. */
    borrow_bps: Bps.default(0),
    /** Spread over the cash rate paid on borrowed cash (long book above equity + short proceeds). */
    financing_spread_bps: Bps.default(0),
  })
  .strict();

export const CashSchema = z
  .object({
    /** A rate series in percent (TB3MS, DTB3, IRX). */
    series: Symbol.optional(),
    /** A fixed yearly rate as a fraction (0.02 = 2 %). */
    rate: atMost(z.number().finite(), 1, 'a yearly rate as a fraction', '0.05 = 5 %', false).optional(),
  })
  .strict()
  .refine((c) => !(c.series !== undefined && c.rate !== undefined), {
    message: 'give either cash.series or cash.rate, not both',
  });

const Expression = z.union([z.string().min(1), z.boolean(), z.number().finite()]);

/** Rules in order, first true wins; the extended form adds hysteresis. */
export const RegimesSchema = z.union([
  z
    .object({
      rules: z.record(Name, Expression),
      /** A regime must hold this many consecutive bars before the switch is taken. */
      confirm: z.number().int().min(1).default(1),
      /** Once entered, a regime is kept at least this many bars. */
      min_duration: z.number().int().min(1).default(1),
      /** The regime when no rule holds, and at the start while signals are undefined. */
      default: Name.optional(),
    })
    .strict(),
  z.record(Name, Expression),
]);

export const PeriodsSchema = z.record(
  Name,
  z.object({ start: IsoDate, end: IsoDate.optional() }).strict(),
);

/** Weights are at most 10 (1,000 %) in absolute value, so a larger cap is a percentage. */
const Cap = (schema: z.ZodNumber) => atMost(schema, 10, 'a cap as a fraction of equity', '0.6 = 60 %, at most 10');
const PerAssetCap = z.union([Cap(z.number().finite().positive()), z.record(Symbol, Cap(z.number().finite().min(0)))]);

export const OverlaySchema = z.union([
  z
    .object({
      vol_target: z
        .object({
          target: atMost(z.number().finite().positive(), 1, 'a yearly volatility as a fraction', '0.1 = 10 %'),
          lookback: z.number().int().min(2).default(63),
          max_leverage: atMost(z.number().finite().positive(), 10, 'a multiple of equity', '1.5 = 150 %, at most 10').default(1),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      trend_filter: z
        .object({
          lookback: z.number().int().min(1).default(200),
          /** Which assets it applies to (default: every long position). */
          assets: z.array(Symbol).optional(),
          /** Where a filtered weight goes: cash, or a named asset of the universe. */
          to: Symbol.default('cash'),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      caps: z
        .object({
          per_asset: PerAssetCap.optional(),
          gross: Cap(z.number().finite().positive()).optional(),
          net: Cap(z.number().finite().positive()).optional(),
        })
        .strict(),
    })
    .strict(),
]);

/** A parameter: a number or true/false (expressions compute with numbers; true is 1). */
const ParamValue = z.union([z.number().finite(), z.boolean()]);

/** One value a sweep may set at a config path: a number, a word or true/false. */
const GridValue = z.union([z.number().finite(), z.string().min(1), z.boolean()]);

/** A sweep dimension: a list of values, or a numeric range with a step (both ends included when on the step). */
export const GridDimensionSchema = z.union([
  z.array(GridValue).min(1),
  z.object({ from: z.number().finite(), to: z.number().finite(), step: z.number().finite().positive() }).strict(),
]);

export const SweepSchema = z
  .object({
    /** Config path (params.n, costs.commission_bps, overlays.0.vol_target.target) → values. */
    grid: z.record(z.string().min(1), GridDimensionSchema),
    /** What "best" means: metric:numeraire, e.g. sharpe:USD. */
    objective: z.string().min(1).optional(),
  })
  .strict();

export const ConfigSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    period: z.object({ start: IsoDate, end: IsoDate.optional() }).strict(),
    frequency: z.enum(['daily', 'monthly']).default('daily'),
    /** Optional only when a named strategy supplies it. */
    universe: z.array(Symbol).min(1).optional(),
    benchmark: Symbol.optional(),
    numeraires: z.array(Symbol).min(1).default(['USD', 'gold']),
    /** Between 1 and a trillion: below, prices and costs lose their meaning; above, equity overflows sooner. */
    capital: z
      .number()
      .finite()
      .min(1)
      .max(1e12)
      .default(100_000),
    cash: CashSchema.optional(),
    data: z
      .object({
        /** Warn when a price is carried forward more than this many calendar days. */
        max_gap_days: z.number().int().positive().optional(),
        /** Publication lags that override the catalog, per symbol. */
        lags: z.record(Symbol, LagText).optional(),
      })
      .strict()
      .optional(),
    weights: WeightsSchema.optional(),
    signals: z.record(Name, Expression).optional(),
    regimes: RegimesSchema.optional(),
    allocations: z.record(Name, WeightsSchema).optional(),
    periods: PeriodsSchema.optional(),
    overlays: z.array(OverlaySchema).default([]),
    missing: z.enum(['cash', 'redistribute']).default('cash'),
    rebalance: RebalanceSchema.default({ every: 'monthly', on_regime_change: true }),
    costs: CostsSchema.default({ commission_bps: 0, slippage_bps: 0, borrow_bps: 0, financing_spread_bps: 0 }),
    execution: z
      .object({ delay: z.number().int().min(0).max(252).default(1) })
      .strict()
      .default({ delay: 1 }),
    annualization: z.number().int().positive().optional(),
    /** Ex-post diagnostics: an asset's forward return regressed on a signal (e.g. BTC on a liquidity score). */
    sensitivities: z
      .array(z.object({ asset: Symbol, signal: Name, horizon: z.number().int().min(1).default(21) }).strict())
      .optional(),
    strategy: z
      .object({ use: z.string().min(1), params: z.record(z.string(), z.unknown()).default({}) })
      .strict()
      .optional(),
    /** Named constants that expressions read (`sma(SPY, n)`); a sweep varies them as `params.n`. */
    params: z.record(Name, ParamValue).optional(),
    /** The grid a `regime sweep` runs; `regime run` ignores it. */
    sweep: SweepSchema.optional(),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
export type OverlayConfig = z.infer<typeof OverlaySchema>;
export type RegimesConfig = z.infer<typeof RegimesSchema>;
export type Rebalance = z.infer<typeof RebalanceSchema>;
export type Costs = z.infer<typeof CostsSchema>;
export type SweepConfig = z.infer<typeof SweepSchema>;
export type GridDimensionConfig = z.infer<typeof GridDimensionSchema>;
