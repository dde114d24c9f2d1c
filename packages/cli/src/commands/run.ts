import { basename, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfigFile, runBacktest, type RunOutput, type RunResult } from '@regime/core';
import { expandStrategy } from '@regime/strategies';
import { openStore } from './context.js';
import { VERSION } from '../version.js';
import { csvText, writeFileAtomic } from '../output/files.js';
import { runSummary } from '../output/runTables.js';

export interface RunCommandOptions {
  dataDir?: string;
  out?: string;
  json?: boolean;
  report?: string | boolean;
  numeraires?: string;
}

/** Loads, validates and runs one config file. */
export async function runConfigFile(file: string, options: { dataDir?: string; numeraires?: string }): Promise<RunOutput> {
  const source = loadConfigFile(file);
  if (options.numeraires) source.config.numeraires = options.numeraires.split(',').map((s) => s.trim()).filter(Boolean);
  return runBacktest(source, { store: openStore(options.dataDir), version: VERSION, expandStrategy });
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run one backtest: metrics table in USD and gold, result JSON and CSV in an output folder')
    .argument('<config>', 'strategy YAML file')
    .option('--data-dir <dir>', 'data directory (default: $REGIME_DATA_DIR, else the repository data/)')
    .option('--out <dir>', 'output folder (default: runs/<config name>/)')
    .option('--json', 'print only the result document (JSON) on standard output')
    .option('--report [file]', 'also write the HTML report (default: <out>/report.html)')
    .option('--numeraires <list>', 'numeraires to report, comma separated (overrides the config), e.g. USD,gold,M2')
    .action(async (file: string, opts: RunCommandOptions) => {
      const started = performance.now();
      const { result } = await runConfigFile(file, opts);
      const out = resolve(opts.out ?? join('runs', basename(file, extname(file))));
      await writeRunFiles(result, out);
      if (opts.report) {
        const reportFile = resolve(typeof opts.report === 'string' ? opts.report : join(out, 'report.html'));
        const { renderRunReport } = await import('../report/index.js');
        writeFileAtomic(reportFile, renderRunReport(result, { toolVersion: VERSION }));
        process.stderr.write(`report: ${reportFile}\n`);
      }
      for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      if (opts.json) process.stdout.write(JSON.stringify(result) + '\n');
      else process.stdout.write(runSummary(result) + '\n');
      process.stderr.write(`wrote ${join(out, 'result.json')}, equity.csv, weights.csv (${Math.round(performance.now() - started)} ms)\n`);
    });
}

/** result.json, equity.csv (per numeraire, benchmark, regime) and weights.csv. */
export async function writeRunFiles(result: RunResult, out: string): Promise<void> {
  const s = result.series;
  const equityHeader = ['date', ...result.numeraires.map((n) => `equity_${n}`)];
  if (s.benchmark) equityHeader.push(...result.numeraires.map((n) => `benchmark_${n}`));
  if (s.regime) equityHeader.push('regime');
  const equityRows = s.dates.map((d, t) => {
    const row: (string | number)[] = [d, ...result.numeraires.map((n) => s.equity[n][t])];
    if (s.benchmark) row.push(...result.numeraires.map((n) => s.benchmark![n][t]));
    if (s.regime) row.push(s.regime[t]);
    return row;
  });
  const assets = result.universe;
  const weightRows = s.dates.map((d, t) => [d, ...assets.map((a) => s.weights[a][t])]);
  writeFileAtomic(join(out, 'result.json'), JSON.stringify(result, null, 1));
  writeFileAtomic(join(out, 'equity.csv'), await csvText(equityHeader, equityRows));
  writeFileAtomic(join(out, 'weights.csv'), await csvText(['date', ...assets], weightRows));
}
