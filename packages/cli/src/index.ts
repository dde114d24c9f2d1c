// @regime/cli — the command and its building blocks, for programmatic use and tests.
export { main, buildProgram } from './program.js';
export { runConfigFile, writeRunFiles } from './commands/run.js';
export { runSummary, metricsTable } from './output/runTables.js';
export { VERSION } from './version.js';
export { headlineMetrics } from './output/headline.js';
export { shippedConfigFiles, shippedConfigSymbols, CONFIGS_DIR, SCHEMA_FILE } from './shipped.js';
export { schemaJsonText, configMarkdownText } from './commands/schema.js';
export { renderRunReport, type ReportOptions } from '@regime/report';
export * from './compare/index.js';
