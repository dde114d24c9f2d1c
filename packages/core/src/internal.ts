// @regime/core/internal — the engine's building blocks, for Regime's own packages (strategies,
// cli, report, cluster), its benchmarks and its tests. Not a public API: names here may change
// with any release. Programs using Regime import `@regime/core` (index.ts).
export * from './index.js';

// Names and messages.
export { closest, didYouMean } from './util/errors.js';
export { dayFromYMD, monthKey, ymd, yearOf, weekKey, weekday, addMonths, yearFraction } from './util/dates.js';

// Data: reading, the catalog's symbols, the download sources.
export { parseLag } from './data/series.js';
export { readCsv, type CsvTable } from './data/csv.js';
export { parseSeries } from './data/parseSeries.js';
export { canonicalSymbol, defaultLag } from './data/catalog.js';
export { sourceOf, sourceLabel, SOURCE_LABELS, LOADERS } from './data/sources/index.js';
export { fetchYahoo, yahooChartUrl, YAHOO_DEFAULT_URL } from './data/sources/yahoo.js';
export { fetchFred, fredUrl, FRED_DEFAULT_URL } from './data/sources/fred.js';
export { fetchDatahub, datahubUrl, DATAHUB_DATASETS, DATAHUB_DEFAULT_URL } from './data/sources/datahub.js';
export type { Observation, FetchRequest, FetchResult, Loader } from './data/sources/types.js';
export { HttpClient, DownloadError, parseRetryAfter } from './data/sources/http.js';
export { pullableSymbols, missingDataHint } from './data/pull.js';

// Config schema parts and the plan of a config.
export { type Rebalance, type Costs } from './config/schema.js';
export { describe } from './config/load.js';
export { validateConfig, MAX_WEIGHT, type RegimePlan } from './run/validate.js';
export { catalogSymbolFor, assertDataPresent } from './run/requiredSymbols.js';

// Panel, signals, regimes, weights, simulation, numeraires: the data flow's stages.
export { buildCalendar, lastOfEachMonth, lowerBound, warmupBefore, type Frequency } from './panel/calendar.js';
export { knownFrom, alignAsOf, observationDates, coverageEnd } from './panel/align.js';
// The expression language (signals/index.ts is its own deliberate surface; loaded lazily by runs).
export { compileSignals, compileExpression, referencedNames, indicators, SIGNAL_FUNCTIONS, signalFunctionSignature, memoryContext } from './signals/index.js';
export type { SignalContext, CompiledSignals, SignalFunction, KernelContext } from './signals/index.js';
export { rawRegimeCodes, applyHysteresis, regimeCodes } from './regimes/hysteresis.js';
export { periodCodes, type DateRange } from './regimes/periods.js';
export { allocationTargets } from './weights/allocation.js';
export { applyMissing } from './weights/missing.js';
export { assetReturns, definedReturns, type OverlayContext, type Overlay } from './weights/overlays/overlay.js';
export { volTarget } from './weights/overlays/volTarget.js';
export { trendFilter } from './weights/overlays/trendFilter.js';
export { caps } from './weights/overlays/caps.js';
export { simulate, type SimulationInput, type SimulationOutput } from './simulation/kernel.js';
export { scheduleFlags } from './simulation/schedule.js';
export { inNumeraire, USD } from './numeraires/numeraire.js';

// Measuring.
export { mean, stdev, moments, quantile, valueAtRisk, covariance } from './metrics/stats.js';
export { underwater, drawdownEpisodes, worstDrawdowns, type DrawdownEpisode } from './metrics/drawdown.js';
export { periodReturns } from './metrics/periodReturns.js';
export { drawdownInfo } from './metrics/summary.js';
export { labelStats } from './metrics/regimeStats.js';
export { sensitivity } from './metrics/sensitivity.js';
export { loadDanfo } from './frames/runFrames.js';
export { Rng } from './metrics/uncertainty/rng.js';
export { stationaryIndices } from './metrics/uncertainty/stationary.js';
export { pathColumns, measurePath, type PathColumns, type PathInput } from './metrics/uncertainty/paths.js';
export { fixedDigits, thousands } from './metrics/formatMetric.js';

// Why did it win? (docs/attribution.md): the passes over the kernel's output, relative metrics, thresholds.
export { attributePnl, pnlTotal, ACCOUNT_LINES, type AttributionInput } from './attribution/pnl.js';
export { listTrades, countTrades, type TradesInput } from './attribution/trades.js';
export { relativeMetrics, capture, type RelativeInput } from './metrics/relative.js';
export { signalThresholds } from './signals/thresholds.js';
// Inputs are sacred: paths judged by where they really lead; the catalog shipped with Regime.
export { realPathOf, isWithin } from './io/realPath.js';
export { DEFAULT_CATALOG_FILE } from './data/catalog.js';
export { specialNameMessage } from './util/names.js';
export { refuseFutureRows, FUTURE_SLACK_DAYS } from './data/futureRows.js';
export { calendarHoleWarnings } from './run/warnings.js';
export { MAX_EXPRESSION_DEPTH } from './signals/depth.js';
export { seededUniforms } from './study/seededUniforms.js';
