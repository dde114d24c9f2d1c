/** The HTML tearsheet of a run. */
export { renderRunReport, type ReportOptions } from './render.js';
