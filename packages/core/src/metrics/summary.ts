import { formatDay, yearFraction } from '../util/dates.js';
import { drawdownEpisodes, worstDrawdowns, type DrawdownEpisode } from './drawdown.js';
import { periodReturns, type PeriodReturn } from './periodReturns.js';
import { NO_RELATIVE, relativeMetrics, type RelativeMetrics } from './relative.js';
import { covariance, downsideSquare, mean, moments, stdev, valueAtRisk, NOISE_FLOOR } from './stats.js';

/** Inputs to the metrics of one equity curve in one numeraire. */
export interface MetricsInput {
  equity: Float64Array;
  dates: Int32Array;
  periodsPerYear: number;
  /** Risk-free return per bar (length = bars - 1, for the interval ending at bar t+1); absent = 0. */
  riskFree?: Float64Array;
  /** The benchmark's equity in the same numeraire, for beta, correlation and alpha. */
  benchmark?: Float64Array;
}

export interface DrawdownInfo {
  depth: number;
  peak: string;
  trough: string;
  recovery: string | null;
  /** Calendar days from the peak to the recovery (or to the end, when not recovered). */
  days: number;
  /** Bars from the peak to the recovery (or the end). */
  bars: number;
}

export interface PeriodExtreme {
  period: string;
  return: number;
}

/** Every metric of one curve; `null` where undefined (too short, no variance, no benchmark). */
export interface Metrics extends RelativeMetrics {
  start: number;
  end: number;
  totalReturn: number;
  cagr: number | null;
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  maxDrawdown: number;
  maxDrawdownInfo: DrawdownInfo | null;
  calmar: number | null;
  bestDay: PeriodExtreme | null;
  worstDay: PeriodExtreme | null;
  bestMonth: PeriodExtreme | null;
  worstMonth: PeriodExtreme | null;
  bestYear: PeriodExtreme | null;
  worstYear: PeriodExtreme | null;
  positiveMonths: number | null;
  skew: number | null;
  kurtosis: number | null;
  var95: number | null;
  cvar95: number | null;
  beta: number | null;
  correlation: number | null;
  alpha: number | null;
}

/** Bar-to-bar simple returns (length bars - 1); after ruin (value ≤ 0) returns are 0. */
export function barReturns(equity: Float64Array): Float64Array {
  const n = equity.length;
  const out = new Float64Array(Math.max(0, n - 1));
  for (let t = 1; t < n; t++) out[t - 1] = equity[t - 1] > 0 ? equity[t] / equity[t - 1] - 1 : 0;
  return out;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function computeMetrics(input: MetricsInput): Metrics & { monthly: PeriodReturn[]; yearly: PeriodReturn[]; drawdowns: DrawdownEpisode[] } {
  const { equity, dates, periodsPerYear: P } = input;
  const n = equity.length;
  const r = barReturns(equity);
  const excess = new Float64Array(r.length);
  for (let i = 0; i < r.length; i++) excess[i] = r[i] - (input.riskFree ? input.riskFree[i] : 0);

  const start = equity[0];
  const end = equity[n - 1];
  const totalReturn = end / start - 1;
  const years = yearFraction(dates[0], dates[n - 1]);
  const cagr = years > 0 ? (end > 0 ? Math.pow(end / start, 1 / years) - 1 : -1) : NaN;
  const sd = stdev(r);
  const sdEx = stdev(excess);
  const muEx = mean(excess);
  let downside = 0;
  for (let i = 0; i < excess.length; i++) downside += downsideSquare(excess[i]);
  downside = Math.sqrt(downside / Math.max(1, excess.length));

  const episodes = drawdownEpisodes(equity);
  const worst = episodes.reduce<DrawdownEpisode | undefined>((w, e) => (!w || e.depth < w.depth ? e : w), undefined);
  const maxDrawdown = worst ? worst.depth : 0;

  const monthly = periodReturns(equity, dates, 'month');
  const yearly = periodReturns(equity, dates, 'year');
  const { skew, kurtosis } = moments(r);
  const risk = valueAtRisk(r, 0.05);

  let beta = NaN;
  let correlation = NaN;
  let alpha = NaN;
  let relative = NO_RELATIVE;
  if (input.benchmark) {
    const rb = barReturns(input.benchmark);
    const bench = input.benchmark;
    const benchCagr = years > 0 ? (bench[n - 1] > 0 ? Math.pow(bench[n - 1] / bench[0], 1 / years) - 1 : -1) : NaN;
    relative = relativeMetrics({
      returns: r,
      benchmarkReturns: rb,
      monthly,
      benchmarkMonthly: periodReturns(bench, dates, 'month'),
      cagr,
      benchmarkCagr: benchCagr,
      periodsPerYear: P,
    });
    const exb = new Float64Array(rb.length);
    for (let i = 0; i < rb.length; i++) exb[i] = rb[i] - (input.riskFree ? input.riskFree[i] : 0);
    const cov = covariance(excess, exb);
    const varB = covariance(exb, exb);
    beta = varB > NOISE_FLOOR * NOISE_FLOOR ? cov / varB : NaN;
    const sdB = Math.sqrt(varB);
    correlation = sdB > NOISE_FLOOR && sdEx > NOISE_FLOOR ? cov / (sdEx * sdB) : NaN;
    alpha = Number.isFinite(beta) ? (muEx - beta * mean(exb)) * P : NaN;
  }

  return {
    start,
    end,
    totalReturn,
    cagr: finite(cagr),
    volatility: finite(sd * Math.sqrt(P)),
    // Below 1e-12 a bar, dispersion is floating-point noise (an all-cash account), not risk.
    sharpe: sdEx > NOISE_FLOOR ? finite((muEx / sdEx) * Math.sqrt(P)) : null,
    sortino: downside > NOISE_FLOOR ? finite((muEx / downside) * Math.sqrt(P)) : null,
    maxDrawdown,
    maxDrawdownInfo: worst ? drawdownInfo(worst, dates) : null,
    calmar: maxDrawdown < 0 && Number.isFinite(cagr) ? finite(cagr / -maxDrawdown) : null,
    bestDay: extremeBar(r, dates, 1),
    worstDay: extremeBar(r, dates, -1),
    bestMonth: extremePeriod(monthly, 1),
    worstMonth: extremePeriod(monthly, -1),
    bestYear: extremePeriod(yearly, 1),
    worstYear: extremePeriod(yearly, -1),
    positiveMonths: monthly.length ? monthly.filter((m) => m.return > 0).length / monthly.length : null,
    skew: finite(skew),
    kurtosis: finite(kurtosis),
    var95: finite(risk.var),
    cvar95: finite(risk.cvar),
    beta: finite(beta),
    correlation: finite(correlation),
    alpha: finite(alpha),
    ...relative,
    monthly,
    yearly,
    drawdowns: worstDrawdowns(equity, 5),
  };
}

export function drawdownInfo(e: DrawdownEpisode, dates: Int32Array): DrawdownInfo {
  const endIndex = e.recovery >= 0 ? e.recovery : dates.length - 1;
  return {
    depth: e.depth,
    peak: formatDay(dates[e.peak]),
    trough: formatDay(dates[e.trough]),
    recovery: e.recovery >= 0 ? formatDay(dates[e.recovery]) : null,
    days: dates[endIndex] - dates[e.peak],
    bars: endIndex - e.peak,
  };
}

function extremeBar(r: Float64Array, dates: Int32Array, sign: 1 | -1): PeriodExtreme | null {
  if (r.length === 0) return null;
  let k = 0;
  for (let i = 1; i < r.length; i++) if (sign * r[i] > sign * r[k]) k = i;
  return { period: formatDay(dates[k + 1]), return: r[k] };
}

function extremePeriod(list: PeriodReturn[], sign: 1 | -1): PeriodExtreme | null {
  if (list.length === 0) return null;
  return list.reduce((a, b) => (sign * b.return > sign * a.return ? b : a));
}
