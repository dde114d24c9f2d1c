/** `regime compare` for programmatic use: run and align configs, rank them, render the comparison report. */
export { compareConfigs, type Comparison, type CompareOptions } from './compare.js';
export { rankComparison, compareSummary, registerCompareCommand, type RankedComparison } from '../commands/compare.js';
export { rankingTable, rankingCsv } from './ranking.js';
export { expandConfigArgs } from './glob.js';
export { renderCompareReport, type CompareReportInput, type CompareReportOptions } from '@regime/report';
