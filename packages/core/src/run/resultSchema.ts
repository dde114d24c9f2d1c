import { z } from 'zod';
import { InputError } from '../util/errors.js';
import type { RunResult } from './result.js';

/**
 * The result document as read back (`regime report r.json`): checked before anything is
 * rendered, so a hand-edited or truncated document is a message naming what is wrong, not a
 * crash half-way through a page. Objects are loose: a newer Regime may add keys.
 */

const num = z.number();
const maybe = z.number().nullable();
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const Series = z.array(num.nullable());
const PeriodReturn = z.looseObject({ period: z.string(), return: num });

const Metrics = z.looseObject({
  totalReturn: num,
  cagr: maybe,
  volatility: maybe,
  sharpe: maybe,
  maxDrawdown: num,
  calmar: maybe,
  monthlyReturns: z.array(PeriodReturn),
  yearlyReturns: z.array(PeriodReturn),
  worstDrawdowns: z.array(z.looseObject({ depth: num, peak: z.string(), trough: z.string(), recovery: z.string().nullable() })),
});

const RegimeBlock = z.looseObject({
  labels: z.array(z.string()),
  stats: z.record(z.string(), z.array(z.looseObject({ label: z.string(), share: num, bars: num, return: maybe }))),
});

export const ResultDocumentSchema = z.looseObject({
  name: z.string(),
  version: z.string(),
  period: z.looseObject({ start: Day, end: Day }),
  frequency: z.enum(['daily', 'monthly']),
  periodsPerYear: num,
  universe: z.array(z.string()).min(1),
  benchmark: z.string().nullable(),
  numeraires: z.array(z.string()).min(1),
  capital: num,
  execution: z.looseObject({ delay: num, rebalance: z.string(), missing: z.string() }),
  metrics: z.record(z.string(), Metrics),
  benchmarkMetrics: z.record(z.string(), Metrics).nullable(),
  trading: z.looseObject({ turnoverPerYear: num, trades: num, costs: z.looseObject({ total: num }) }),
  regimes: RegimeBlock.nullable(),
  periods: RegimeBlock.nullable(),
  series: z.looseObject({
    dates: z.array(Day).min(1),
    equity: z.record(z.string(), Series),
    benchmark: z.record(z.string(), Series).nullable(),
    weights: z.record(z.string(), Series),
    targetsBeforeOverlays: z.record(z.string(), Series).nullable(),
    targets: z.record(z.string(), Series),
    regime: z.array(z.string().nullable()).nullable(),
    cashRate: Series,
  }),
  sensitivities: z.array(z.looseObject({ asset: z.string(), signal: z.string(), beta: maybe })),
  data: z.looseObject({ sources: z.array(z.looseObject({ symbol: z.string(), file: z.string() })) }),
  warnings: z.array(z.string()),
});

const pathText = (path: PropertyKey[]) => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || 'the document';

function found(doc: unknown, path: PropertyKey[]): string {
  let v: unknown = doc;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k as string] : undefined;
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v).slice(0, 40)}`;
}

/** Validates a parsed result document; throws an InputError naming the key, what was expected and what was found. */
export function parseResultDocument(doc: unknown, file: string): RunResult {
  const parsed = ResultDocumentSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`not a valid Regime result document: ${pathText(issue.path)}: ${issue.message.replace(/^Invalid input: /, '').replace(/, received [a-z]+$/, '')}, found ${found(doc, issue.path)}`, file);
  }
  const r = doc as RunResult;
  // The series must line up: one value per date, for every numeraire and asset.
  const n = r.series.dates.length;
  const check = (what: string, values: unknown[] | undefined) => {
    if (!values) throw new InputError(`not a valid Regime result document: ${what}: expected a series of ${n} values, found nothing`, file);
    if (values.length !== n) throw new InputError(`not a valid Regime result document: ${what}: expected ${n} values (one per date), found ${values.length}`, file);
  };
  for (const nu of r.numeraires) {
    if (!r.metrics[nu]) throw new InputError(`not a valid Regime result document: metrics.${nu}: expected the metrics of numeraire ${nu}, found nothing`, file);
    check(`series.equity.${nu}`, r.series.equity[nu]);
    if (r.series.benchmark) check(`series.benchmark.${nu}`, r.series.benchmark[nu]);
  }
  for (const a of r.universe) check(`series.weights.${a}`, r.series.weights[a]);
  if (r.series.regime) check('series.regime', r.series.regime);
  check('series.cashRate', r.series.cashRate);
  return r;
}
