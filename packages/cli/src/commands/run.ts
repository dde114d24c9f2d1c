import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError, checkOutputPaths, commandInputs, refuseSpecialNames, loadConfigFile, resolveDataDir, pullData, requiredSymbols, runBacktest, type BootstrapOptions, type ConfigSource, type DataStore, type RunOutput, type RunResult } from '@regime/core';
import { realPathOf } from '@regime/core/internal';
import { openStore } from './context.js';
import { VERSION } from '../version.js';
import { writeFileAtomic } from '../output/files.js';
import { columnsCsv, type CsvColumn } from '../output/columnsCsv.js';
import { checkRunFolder, writeRunFolder, type FileContent } from '../output/runFolder.js';
import { runSummary } from '../output/runTables.js';
import { signalsCsv, tradesCsv } from '../output/explainFiles.js';
import { bootstrapFlags, parseBootstrapFlags, type BootstrapFlags } from './bootstrapOptions.js';

export interface RunCommandOptions extends BootstrapFlags {
  dataDir?: string;
  out?: string;
  json?: boolean;
  report?: string | boolean;
  numeraires?: string;
  pull?: boolean;
}

/** Loads, validates and runs one config file. */
export async function runConfigFile(file: string, options: { dataDir?: string; numeraires?: string; pull?: boolean; bootstrap?: BootstrapOptions }): Promise<RunOutput> {
  const source = loadConfigFile(file);
  if (options.numeraires) source.config.numeraires = refuseSpecialNames(options.numeraires.split(',').map((s) => s.trim()).filter(Boolean), '--numeraires');
  const store = openStore(options.dataDir);
  // The strategies package loads only for configs that name one (start-up time, issue 15).
  const expandStrategy = source.config.strategy ? (await import('@regime/strategies')).expandStrategy : undefined;
  if (options.pull) await pullMissing(source, store);
  return runBacktest(source, { store, version: VERSION, expandStrategy, bootstrap: options.bootstrap });
}

/** --pull: download the config's symbols that have no local file, before the run. */
async function pullMissing(source: ConfigSource, store: DataStore): Promise<void> {
  const { expandStrategy } = await import('@regime/strategies');
  const config = expandStrategy(source.config, source);
  const missing = [...new Set((await requiredSymbols(config, store)).map((u) => store.canonical(u.name)))].filter((s) => !store.has(s));
  if (missing.length === 0) return;
  process.stderr.write(`pulling ${missing.join(', ')} into ${store.dir}\n`);
  const outcomes = await pullData({ dataDir: store.dir, catalog: store.catalog, symbols: missing });
  const failed = outcomes.filter((o) => o.action === 'failed');
  if (failed.length) throw new InputError(`could not pull ${failed.map((o) => o.symbol).join(', ')}: ${failed.map((o) => o.message ?? '').join('; ')}`);
}

export function registerRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description('run one backtest: metrics table in USD and gold, result JSON and CSV in an output folder')
    .argument('<config>', 'strategy YAML file')
    .option('--data-dir <dir>', 'data directory (default: $REGIME_DATA_DIR, else the repository data/)')
    .option('--out <dir>', 'output folder (default: runs/<config name>/)')
    .option('--json', 'print only the result document (JSON) on standard output')
    .option('--report [file]', 'also write the HTML report (default: <out>/report.html)')
    .option('--pull', 'download the symbols the config needs that are missing locally (regime data pull) before running')
    .option('--numeraires <list>', 'numeraires to report, comma separated (overrides the config), e.g. USD,gold,M2');
  bootstrapFlags(command).action(async (file: string, opts: RunCommandOptions) => {
      const started = performance.now();
      const bootstrap = parseBootstrapFlags(opts);
      // Every output path is checked against every input before anything runs.
      const out = resolve(opts.out ?? join('runs', basename(file, extname(file))));
      const reportFile = opts.report ? resolve(typeof opts.report === 'string' ? opts.report : join(out, 'report.html')) : undefined;
      checkOutputPaths(
        [
          { flag: '--out', path: opts.out ?? out, kind: 'folder' },
          ...(typeof opts.report === 'string' ? [{ flag: '--report', path: opts.report, kind: 'file' as const }] : []),
        ],
        commandInputs({ configs: [file], dataDir: resolveDataDir(opts.dataDir) }),
      );
      checkRunFolder(out);
      const { result } = await runConfigFile(file, { ...opts, bootstrap });
      const files = runFiles(result);
      // A report directly in the run folder is part of the run's set; one elsewhere is its own file.
      const inFolder = reportFile !== undefined && dirname(realPathOf(reportFile)) === realPathOf(out);
      if (reportFile) {
        const { renderRunReport } = await import('@regime/report');
        const html = () => renderRunReport(result, { toolVersion: VERSION });
        if (inFolder) files.set(relative(dirname(reportFile), reportFile), html);
        else {
          // Every file is made before a report elsewhere is written, as when none was made lazily:
          // a file that cannot be made then leaves nothing behind.
          for (const [name, content] of files) if (typeof content !== 'string') files.set(name, content());
          writeFileAtomic(reportFile, html());
        }
      }
      await writeRunFolder(out, files);
      if (reportFile) process.stderr.write(`report: ${reportFile}\n`);
      for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      if (opts.json) process.stdout.write(JSON.stringify(result) + '\n');
      else process.stdout.write(runSummary(result) + '\n');
      process.stderr.write(`wrote ${join(out, 'result.json')}, equity.csv, weights.csv, trades.csv${result.series.signals ? ', signals.csv' : ''} (${Math.round(performance.now() - started)} ms)\n`);
    });
}

/** Writes a run's files as the complete content of the folder `out` (see writeRunFolder). */
export async function writeRunFiles(result: RunResult, out: string): Promise<void> {
  await writeRunFolder(out, runFiles(result));
}

/**
 * result.json, equity.csv (per numeraire, benchmark, regime), weights.csv, trades.csv and
 * signals.csv, by file name, each made when writeRunFolder comes to it.
 */
export function runFiles(result: RunResult): Map<string, FileContent> {
  const s = result.series;
  const equityHeader = ['date', ...result.numeraires.map((n) => `equity_${n}`)];
  const equityColumns: CsvColumn[] = [s.dates, ...result.numeraires.map((n) => s.equity[n])];
  if (s.benchmark) {
    equityHeader.push(...result.numeraires.map((n) => `benchmark_${n}`));
    equityColumns.push(...result.numeraires.map((n) => s.benchmark![n]));
  }
  if (s.regime) {
    equityHeader.push('regime');
    equityColumns.push(s.regime);
  }
  const assets = result.universe;
  const files = new Map<string, FileContent>([
    ['result.json', () => JSON.stringify(result, null, 1)],
    ['equity.csv', () => columnsCsv(equityHeader, equityColumns)],
    ['weights.csv', () => columnsCsv(['date', ...assets], [s.dates, ...assets.map((a) => s.weights[a])])],
    // trades.csv always (a run with no trade says so), signals.csv for runs with signals.
    ['trades.csv', () => tradesCsv(result)],
  ]);
  if (s.signals) files.set('signals.csv', () => signalsCsv(result)!);
  return files;
}
