// @regime/core — the public API, in the order a program uses it: load a config, open a data
// store, run a backtest, read the result, measure it with the metric catalog, compare runs.
// Everything else is internal. Regime's own packages and benchmarks reach the engine's building
// blocks through `@regime/core/internal` (internal.ts), which promises no stability.
// See README.md in this package for an example.

// Errors the user can act on (exit status 2, no stack trace).
export { InputError, InputErrors, isInputError } from './util/errors.js';
export { parseDay, formatDay, type Day } from './util/dates.js';

// Configs: YAML → a validated config that remembers where each value stands in the file.
export { loadConfigFile, parseConfigText, type ConfigSource, type ConfigPath } from './config/load.js';
export { ConfigSchema, type Config, type ConfigInput } from './config/schema.js';
// The config schema as JSON Schema (`regime schema`) and the key reference (docs/config.md).
export { configJsonSchema, type JsonSchema } from './config/jsonSchema.js';
export { configMarkdown, type AliasNote } from './config/configMarkdown.js';

// Market data: a data directory, its catalog, pulling, listing and inspecting series.
export { DataStore, resolveDataDir, REPO_DATA_DIR } from './data/dataDir.js';
export { openDataStore } from './data/openDataStore.js';
export { loadCatalog, catalogForDataDir, type Catalog, type CatalogEntry } from './data/catalog.js';
// The cache of parsed series and catalogs (speed only: `--no-cache` gives the same results).
export { SeriesCache, openSeriesCache, defaultCacheDir, type SeriesCacheStats, type SeriesRequest } from './data/seriesCache.js';
export { cachedCatalogForDataDir } from './data/catalogCache.js';
export type { Series, SeriesMeta, SeriesKind, SeriesFrequency, Lag } from './data/series.js';
export type { SourceName } from './data/sources/index.js';
export type { HttpOptions } from './data/sources/http.js';
export { pullData, type PullOptions, type PullOutcome, type PullAction } from './data/pull.js';
export { listData, type DataListRow, type ListOptions } from './data/list.js';
export { inspectData, type InspectReport, type Gap, type Move } from './data/inspect.js';

// Running: check a config, list the symbols it needs, run it.
export { checkConfig } from './run/check.js';
export { requiredSymbols, type SymbolUse } from './run/requiredSymbols.js';
export { runBacktest, type RunOptions, type RunArrays, type RunOutput } from './run/runBacktest.js';

// The result document (result.json) and its parts.
export type { RunResult, NumeraireMetrics, DrawdownSummary, TradingSummary, RegimeStats, RegimeBlock, DataSource } from './run/result.js';
export { computeMetrics, type Metrics, type MetricsInput, type DrawdownInfo, type PeriodExtreme } from './metrics/summary.js';
export type { PeriodReturn } from './metrics/periodReturns.js';
export type { Sensitivity } from './metrics/sensitivity.js';

// The metric catalog: every metric's key, label, format and better direction, read by every view.
export {
  METRICS,
  METRIC_GROUP_TITLES,
  COMPARISON_METRICS,
  metricByKey,
  metricDef,
  parseMetricRef,
  type MetricDef,
  type MetricFormat,
  type MetricGroup,
  type MetricRef,
  type ParseMetricOptions,
} from './metrics/catalog.js';
export { formatMetric, NO_VALUE } from './metrics/formatMetric.js';

// danfo DataFrames at the edge: a run's tables, and the comparison table of several runs.
export { runFrames, type RunFrames, type DataFrame } from './frames/runFrames.js';
export {
  comparisonFrame,
  comparisonColumns,
  commonNumeraires,
  sortComparison,
  parseSortKey,
  metricColumn,
  lowerIsBetter,
  frameRows,
  rankComparisonRows,
  type SortKey,
  type ComparisonColumns,
  type RankedRows,
} from './frames/comparisonFrame.js';

// Comparing several configs: one period and one set of numeraires for all, figures over date ranges.
export {
  alignForComparison,
  commonPeriod,
  unionNumeraires,
  unevenPeriods,
  unionDateRanges,
  type CompareConfig,
  type CompareAlignment,
  type PeriodSpec,
  type NamedRange,
} from './compare/align.js';
export { rangeStats, type RangeStats } from './compare/rangeStats.js';

// Uncertainty (`--bootstrap`): stationary bootstrap of a run's returns, intervals, PSR.
export { bootstrapReturns, interval, DEFAULT_SEED, INTERVAL_METRICS, type BootstrapOptions, type Interval, type IntervalMetric, type Intervals, type NumeraireUncertainty, type Uncertainty, type JointReturns } from './metrics/uncertainty/bootstrap.js';
export { psrStatistic, psrOfReturns } from './metrics/uncertainty/psr.js';
export { optimalBlockLength } from './metrics/uncertainty/blockLength.js';
export { intervalsOverlap, rankingIntervals, type RankedInterval } from './compare/rankingIntervals.js';

// Why did it win? (docs/attribution.md): P&L attribution, trades, signal thresholds, relative metrics.
export type { Attribution, PnlLines } from './attribution/pnl.js';
export type { Trade } from './attribution/trades.js';
export type { SignalThreshold, Comparison } from './signals/thresholds.js';
export type { RelativeMetrics } from './metrics/relative.js';
// Inputs are sacred (issue 14): one guard for every command's output paths, safe reads of what
// the user gives (regular files of bounded size, data only from inside the data directory),
// names special to JavaScript, and the result document read back (terminal escaping: cli output/terminal.ts).
export { checkOutputPaths, commandInputs, type OutputPath, type CommandInputs, type StandardInputs } from './io/outputGuard.js';
export { checkInputFile, readInputText, MAX_BYTES, type InputFileCheck } from './io/safeRead.js';
export { JS_SPECIAL_NAMES, isJsSpecialName, refuseSpecialNames } from './util/names.js';
export { parseResultDocument, ResultDocumentSchema } from './run/resultSchema.js';

// Studies (`regime sweep`): a grid of config values over one data directory, run as trials
// that are exactly `regime run` of their YAML, summarised, ranked, and judged for overfitting.
export * from './study/index.js';
