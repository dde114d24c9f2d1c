/**
 * The summary of one trial: the summary metrics of every numeraire and the monthly returns,
 * computed with the same arithmetic, in the same order, as a run's result document
 * (run/buildResult.ts and metrics/summary.ts), so `regime run` of the trial reports exactly
 * these numbers. Nothing else of a result document is built.
 */
import { monthKey, formatDay, yearFraction } from '../util/dates.js';
import type { SimulationOutput } from '../simulation/kernel.js';
import { USD } from '../numeraires/numeraire.js';
import type { SummaryMetric } from './objective.js';
import { downsideSquare, NOISE_FLOOR } from '../metrics/stats.js';

export type SummaryMetrics = Record<SummaryMetric, number | null>;

export interface MonthlyReturns {
  /** YYYY-MM of the first month. */
  start: string;
  /** Per numeraire, one return per calendar month (the first measured from the first bar). */
  returns: Record<string, number[]>;
  /** The cash return of each month (what USD excess returns are measured over). */
  riskFree: number[];
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * What the summaries of every trial over one period share: the bars as measured (with the
 * entry bar that delay 0 adds, or without), the cash return per bar, the month ends.
 */
export interface MeasureBasis {
  dates: Int32Array;
  riskFree: Float64Array;
  /** 1 on the last bar of each month (and the last bar). */
  monthEnd: Uint8Array;
  /** The bars where monthEnd is 1, in order: what each trial's monthly returns read. */
  monthEnds: Int32Array;
  monthlyRiskFree: number[];
  years: number;
}

export class SummaryBasis {
  private readonly variants: (MeasureBasis | undefined)[] = [undefined, undefined];
  readonly turnoverYears: number;

  constructor(
    readonly dates: Int32Array,
    readonly cashRate: Float64Array,
    readonly periodsPerYear: number,
  ) {
    const n = dates.length;
    this.turnoverYears = yearFraction(dates[0], dates[n - 1]) || (n - 1) / periodsPerYear;
  }

  /** The basis with (delay 0: costs inside the first close) or without an entry bar. */
  variant(entry: boolean): MeasureBasis {
    const k = entry ? 1 : 0;
    let v = this.variants[k];
    if (!v) {
      const { dates, cashRate } = this;
      const n = dates.length;
      const riskFree = new Float64Array(n - 1);
      for (let t = 1; t < n; t++) riskFree[t - 1] = (cashRate[t - 1] * (dates[t] - dates[t - 1])) / 365;
      const mDates = entry ? prepend(dates, dates[0]) : dates;
      const mRiskFree = entry ? prepend(riskFree, 0) : riskFree;
      const monthEnd = new Uint8Array(mDates.length);
      for (let t = 0; t < mDates.length; t++) monthEnd[t] = t === mDates.length - 1 || monthKey(mDates[t + 1]) !== monthKey(mDates[t]) ? 1 : 0;
      const monthEnds = Int32Array.from(monthEnd.keys()).filter((t) => monthEnd[t] === 1);
      v = { dates: mDates, riskFree: mRiskFree, monthEnd, monthEnds, monthlyRiskFree: monthlyRiskFree(mRiskFree, monthEnd), years: yearFraction(mDates[0], mDates[mDates.length - 1]) };
      this.variants[k] = v;
    }
    return v;
  }
}

/** Inputs of one trial's summary. */
export interface SummaryInput {
  basis: SummaryBasis;
  capital: number;
  /** Only the USD equity (whose first bar tells an entry) and the turnover are read. */
  simulation: Pick<SimulationOutput, 'equity' | 'turnover'>;
  equity: ReadonlyMap<string, Float64Array>;
}

export function summarize(input: SummaryInput): { metrics: Record<string, SummaryMetrics>; monthly: MonthlyReturns } {
  const { basis, capital, simulation: sim } = input;
  const n = basis.dates.length;
  // With delay 0 the entry costs are inside equity[0]: measured from the capital (as buildResult).
  const entry = sim.equity[0] !== capital;
  const b = basis.variant(entry);
  let turnoverSum = 0;
  for (let t = 0; t < n; t++) turnoverSum += sim.turnover[t];
  const turnover = basis.turnoverYears > 0 ? turnoverSum / basis.turnoverYears : 0;
  const metrics: Record<string, SummaryMetrics> = {};
  const returns: Record<string, number[]> = {};
  for (const [name, curve] of input.equity) {
    const eq = entry ? prepend(curve, capital) : curve;
    metrics[name] = curveMetrics(eq, b, basis.periodsPerYear, name === USD, turnover);
    returns[name] = monthlyReturns(eq, b.monthEnds);
  }
  return { metrics, monthly: { start: firstMonth(b), returns, riskFree: b.monthlyRiskFree } };
}

/**
 * The month of the first monthly return: the month of the first month-end after bar 0 (as
 * periodReturns labels it). When bar 0 itself closes a month it only sets the base, and the
 * first return is the next month's — labelling it with bar 0's month would put one month's
 * return under another's name and misalign trials in the overfitting figures.
 */
function firstMonth(b: MeasureBasis): string {
  for (let t = 1; t < b.monthEnd.length; t++) if (b.monthEnd[t] === 1) return formatDay(b.dates[t]).slice(0, 7);
  return formatDay(b.dates[0]).slice(0, 7);
}

function prepend<T extends Float64Array | Int32Array>(x: T, first: number): T {
  const out = new (x.constructor as new (n: number) => T)(x.length + 1);
  out[0] = first;
  out.set(x, 1);
  return out;
}

/** Bar returns of the curve being measured: one buffer reused by every summary. */
let scratch = new Float64Array(0);

/**
 * computeMetrics' summary fields with the same arithmetic: every sum adds the same values in
 * the same order as metrics/stats.ts mean and stdev (Σx / n, then Σ(x − mean)² / (n − 1)),
 * so the numbers are identical — in two passes over the bars instead of eight.
 */
function curveMetrics(equity: Float64Array, b: MeasureBasis, P: number, excessOverCash: boolean, turnover: number): SummaryMetrics {
  const n = equity.length;
  const m = n - 1;
  const rf = b.riskFree;
  if (scratch.length < m) scratch = new Float64Array(m);
  const returns = scratch;
  let sumR = 0;
  let sumEx = 0;
  let downside = 0;
  let peak = equity[0];
  let maxDrawdown = 0;
  for (let t = 1; t < n; t++) {
    const prev = equity[t - 1];
    const e = equity[t];
    const r = prev > 0 ? e / prev - 1 : 0;
    returns[t - 1] = r;
    const ex = r - (excessOverCash ? rf[t - 1] : 0);
    sumR += r;
    sumEx += ex;
    downside += downsideSquare(ex);
    // metrics/drawdown.ts: a new peak at or above the old one, else a depth below it. The
    // division is done only where the depth may be a new worst (the test has slack for rounding).
    if (e >= peak) peak = e;
    else if (e < peak * (1 + maxDrawdown) * (1 + 1e-9) || peak <= 0) {
      const depth = peak > 0 ? e / peak - 1 : 0;
      if (depth < maxDrawdown) maxDrawdown = depth;
    }
  }
  const muR = m === 0 ? NaN : sumR / m;
  const muEx = m === 0 ? NaN : sumEx / m;
  let ssR = 0;
  let ssEx = 0;
  for (let i = 0; i < m; i++) {
    const r = returns[i];
    const ex = r - (excessOverCash ? rf[i] : 0);
    ssR += (r - muR) * (r - muR);
    ssEx += (ex - muEx) * (ex - muEx);
  }
  const sd = m < 2 ? NaN : Math.sqrt(ssR / (m - 1));
  const sdEx = m < 2 ? NaN : Math.sqrt(ssEx / (m - 1));
  downside = Math.sqrt(downside / Math.max(1, m));
  const start = equity[0];
  const end = equity[n - 1];
  const years = b.years;
  const cagr = years > 0 ? (end > 0 ? Math.pow(end / start, 1 / years) - 1 : -1) : NaN;
  return {
    totalReturn: end / start - 1,
    cagr: finite(cagr),
    volatility: finite(sd * Math.sqrt(P)),
    sharpe: sdEx > NOISE_FLOOR ? finite((muEx / sdEx) * Math.sqrt(P)) : null,
    sortino: downside > NOISE_FLOOR ? finite((muEx / downside) * Math.sqrt(P)) : null,
    maxDrawdown,
    calmar: maxDrawdown < 0 && Number.isFinite(cagr) ? finite(cagr / -maxDrawdown) : null,
    turnover,
  };
}

/**
 * metrics/periodReturns.ts by month, as plain numbers: from each month end to the next (the
 * first from bar 0). It visits only the month ends and sizes its array once: a sweep makes
 * two of these per trial, and growing them by push was a tenth of a sweep's garbage.
 */
function monthlyReturns(equity: Float64Array, monthEnds: Int32Array): number[] {
  if (equity.length < 2) return [];
  const first = monthEnds.length > 0 && monthEnds[0] === 0 ? 1 : 0;
  const out = new Array<number>(monthEnds.length - first);
  let base = equity[0];
  for (let k = first; k < monthEnds.length; k++) {
    const e = equity[monthEnds[k]];
    out[k - first] = base > 0 ? e / base - 1 : 0;
    base = e;
  }
  return out;
}

/** The cash return compounded over the same months as monthlyReturns. */
function monthlyRiskFree(riskFree: Float64Array, monthEnd: Uint8Array): number[] {
  const out: number[] = [];
  const n = monthEnd.length;
  if (n < 2) return out;
  let growth = 1;
  for (let t = 0; t < n; t++) {
    if (t > 0) growth *= 1 + riskFree[t - 1];
    if (monthEnd[t] === 1) {
      if (t > 0) out.push(growth - 1);
      growth = 1;
    }
  }
  return out;
}
