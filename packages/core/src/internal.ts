// @regime/core/internal — the engine's building blocks, for Regime's own packages (strategies,
// cli, report, cluster), its benchmarks and its tests. Not a public API: names here may change
// with any release. Programs using Regime import `@regime/core` (index.ts).
export * from './index.js';

// Names and messages.
export { closest, didYouMean } from './util/errors.js';
export { dayFromYMD, daysInMonth, monthKey, ymd, yearOf, weekKey, weekday, addMonths, yearFraction } from './util/dates.js';

// Data: reading, the catalog's symbols, the download sources.
export { parseLag, formatLag, NO_LAG } from './data/series.js';
export { readCsv, MAX_LINE_LENGTH, type CsvTable } from './data/csv.js';
export { detectLayout, parseSeries } from './data/parseSeries.js';
export { canonicalSymbol, defaultLag, DEFAULT_CATALOG_FILE } from './data/catalog.js';
export { isSafeSymbol } from './data/dataDir.js';
export { sourceOf, sourceLabel, SOURCE_LABELS, LOADERS } from './data/sources/index.js';
export { fetchYahoo, yahooChartUrl, YAHOO_DEFAULT_URL } from './data/sources/yahoo.js';
export { fetchFred, fredUrl, FRED_DEFAULT_URL } from './data/sources/fred.js';
export { fetchDatahub, datahubUrl, DATAHUB_DATASETS, DATAHUB_DEFAULT_URL } from './data/sources/datahub.js';
export type { Observation, FetchRequest, FetchResult, Loader } from './data/sources/types.js';
export { HttpClient, DownloadError, parseRetryAfter, errorCodes, OFFLINE_HINT, type DownloadFailure, type HttpResponse, type GetOptions } from './data/sources/http.js';
export { pullableSymbols, pullTarget, missingDataHint, pullSymbol, relativeToDataDir } from './data/pull.js';
export { inspectSeries } from './data/inspect.js';

// Config schema parts and the plan of a config.
export { WeightsSchema, RebalanceSchema, CostsSchema, CashSchema, RegimesSchema, PeriodsSchema, OverlaySchema, type OverlayConfig, type RegimesConfig, type Rebalance, type Costs } from './config/schema.js';
export { describe } from './config/load.js';
export { validateConfig, MAX_WEIGHT, type RegimePlan } from './run/validate.js';
export { catalogSymbolFor, assertDataPresent } from './run/requiredSymbols.js';

// Panel, signals, regimes, weights, simulation, numeraires: the data flow's stages.
export { buildCalendar, lastOfEachMonth, lowerBound, warmupBefore, type Frequency, type Cadence } from './panel/calendar.js';
export { knownFrom, alignAsOf, observationDates, coverageEnd } from './panel/align.js';
// The expression language (signals/index.ts is its own deliberate surface; loaded lazily by runs).
export { compileSignals, compileExpression, referencedNames, indicators, SIGNAL_FUNCTIONS, signalFunctionSignature, memoryContext } from './signals/index.js';
export type { SignalContext, CompiledSignals, SignalFunction, KernelContext } from './signals/index.js';
export { rawRegimeCodes, applyHysteresis, regimeCodes, type RegimeRuleInput } from './regimes/hysteresis.js';
export { periodCodes, type DateRange } from './regimes/periods.js';
export { allocationTargets } from './weights/allocation.js';
export { applyMissing, type MissingPolicy } from './weights/missing.js';
export { assetReturns, definedReturns, type OverlayContext, type Overlay } from './weights/overlays/overlay.js';
export { volTarget } from './weights/overlays/volTarget.js';
export { trendFilter } from './weights/overlays/trendFilter.js';
export { caps } from './weights/overlays/caps.js';
export { simulate, type SimulationInput, type SimulationOutput } from './simulation/kernel.js';
export { scheduleFlags, type Schedule } from './simulation/schedule.js';
export { inNumeraire, USD } from './numeraires/numeraire.js';

// Measuring.
export { mean, stdev, moments, quantile, valueAtRisk, covariance } from './metrics/stats.js';
export { underwater, drawdownEpisodes, worstDrawdowns, type DrawdownEpisode } from './metrics/drawdown.js';
export { periodReturns } from './metrics/periodReturns.js';
export { barReturns, drawdownInfo } from './metrics/summary.js';
export { labelStats, type LabelStatsOptions } from './metrics/regimeStats.js';
export { sensitivity } from './metrics/sensitivity.js';
export { fixedDigits } from './metrics/formatMetric.js';
export { loadDanfo } from './frames/runFrames.js';
