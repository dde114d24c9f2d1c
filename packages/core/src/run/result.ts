import type { DrawdownEpisode } from '../metrics/drawdown.js';
import type { Metrics } from '../metrics/summary.js';
import type { PeriodReturn } from '../metrics/periodReturns.js';
import type { Sensitivity } from '../metrics/sensitivity.js';
import type { Attribution } from '../attribution/pnl.js';
import type { Trade } from '../attribution/trades.js';
import type { SignalThreshold } from '../signals/thresholds.js';
import type { Uncertainty } from '../metrics/uncertainty/bootstrap.js';

/**
 * The result document of one run: plain JSON, stable shape (documented in docs/semantics.md).
 * Returns and drawdowns are fractions; dates are YYYY-MM-DD; money is in USD unless a
 * numeraire says otherwise.
 */
export interface RunResult {
  name: string;
  description?: string;
  /** Tool version that produced it. */
  version: string;
  config: { file: string; text: string };
  period: { start: string; end: string };
  frequency: 'daily' | 'monthly';
  periodsPerYear: number;
  universe: string[];
  benchmark: string | null;
  numeraires: string[];
  capital: number;
  execution: { delay: number; rebalance: string; missing: 'cash' | 'redistribute' };
  /** Per numeraire: every metric of DESIGN.md plus trading figures (identical across numeraires). */
  metrics: Record<string, NumeraireMetrics>;
  /** The benchmark's metrics per numeraire, when there is a benchmark. */
  benchmarkMetrics: Record<string, NumeraireMetrics> | null;
  trading: TradingSummary;
  /** Per-regime statistics per numeraire (runs with regimes). */
  regimes: RegimeBlock | null;
  /** Date-range periods (`periods:` in the config) per numeraire. */
  periods: RegimeBlock | null;
  series: {
    dates: string[];
    /** Equity per numeraire, each rebased to `capital` at the first bar. */
    equity: Record<string, number[]>;
    benchmark: Record<string, number[]> | null;
    /** Weights held at each close, after trading, per asset (after overlays). */
    weights: Record<string, number[]>;
    /** Target weights before overlays, per asset (runs with overlays), else null. */
    targetsBeforeOverlays: Record<string, number[]> | null;
    /** Target weights after overlays, as decided at each close. */
    targets: Record<string, number[]>;
    /** The regime label in force at each close, or null for static allocations. */
    regime: string[] | null;
    /** The yearly cash rate used at each bar (fraction). */
    cashRate: number[];
    /** Each named signal's value at each bar (booleans as 1/0), null where undefined; null without signals or when not explained. */
    signals: Record<string, (number | null)[]> | null;
  };
  /** Where a rule or signal compares a signal with a constant or another signal (drawn in the report). */
  thresholds: SignalThreshold[];
  /** USD profit and loss by asset and account line, adding up to final equity − capital (null when not explained). */
  attribution: Attribution | null;
  /** Every executed trade, in order (null when not explained). */
  trades: Trade[] | null;
  /** Ex-post sensitivities declared in the config (an asset's forward return vs a signal). */
  sensitivities: Sensitivity[];
  data: { sources: DataSource[] };
  warnings: string[];
  /**
   * Defaults the run assumed because the config was silent ("cash: none (0 %)", "costs: none"),
   * printed in the terminal and the report. Absent in result documents of older versions.
   */
  assumptions?: string[];
  /** `regime run --bootstrap N`: intervals per numeraire from resampled histories (absent otherwise). */
  uncertainty?: Uncertainty;
}

export interface NumeraireMetrics extends Metrics {
  monthlyReturns: PeriodReturn[];
  yearlyReturns: PeriodReturn[];
  /** The five deepest drawdowns. */
  worstDrawdowns: DrawdownSummary[];
  turnover: number;
  costs: number;
  grossExposure: number;
  netExposure: number;
}

export interface DrawdownSummary {
  depth: number;
  peak: string;
  trough: string;
  recovery: string | null;
  days: number;
}

export interface TradingSummary {
  /** Traded notional as a fraction of equity, summed over trades, per year (Σ|Δw| / years). */
  turnoverPerYear: number;
  /** Executed trades: one per asset whose holding a rebalance changed. */
  trades: number;
  /** Bars at which at least one trade was executed. */
  rebalances: number;
  costs: { trading: number; borrow: number; financing: number; total: number };
  cashInterest: number;
  /** Average of Σ|w| and of Σw over the bars. */
  averageGrossExposure: number;
  averageNetExposure: number;
}

export interface RegimeStats {
  label: string;
  /** Share of bars spent in it (0..1). */
  share: number;
  bars: number;
  spells: number;
  /** Compounded return of the bars in it; null when it has no bars (a period outside the run). */
  return: number | null;
  annualizedReturn: number | null;
  volatility: number | null;
  /** Worst drawdown inside any one spell; null when it has no bars. */
  maxDrawdown: number | null;
  /** The benchmark's compounded return over the same bars (null without a benchmark). */
  benchmarkReturn: number | null;
}

export interface RegimeBlock {
  labels: string[];
  stats: Record<string, RegimeStats[]>;
}

export interface DataSource {
  symbol: string;
  file: string;
  role: string;
  first: string;
  last: string;
  rows: number;
  description?: string;
}

export type { DrawdownEpisode };
