// @regime/report — every HTML page of Regime, one render function per page. Each returns the
// complete self-contained HTML text; the caller (the CLI) decides where to write it.
/** The HTML tearsheet of a run. */
export { renderRunReport, type ReportOptions } from './render.js';
/** The HTML comparison report of several runs. */
export { renderCompareReport, type CompareReportInput, type CompareReportOptions } from './compare/index.js';
/** The HTML report of a parameter sweep. */
export { renderSweepReport, type SweepReportOptions } from './sweep/render.js';
export { buildSweepPayload, histogram, type SweepReportInput, type SweepPayload } from './sweep/data.js';
