/** The HTML comparison report of several runs. */
export { renderCompareReport, type CompareReportInput, type CompareReportOptions } from './render.js';
export { buildComparePayload, monthlyCorrelations, correlation, type ComparePayload, type CorrelationMatrix } from './data.js';
