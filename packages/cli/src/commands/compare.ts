import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError, COMPARISON_METRICS, metricDef, rankingIntervals, comparisonFrame, rankComparisonRows, parseSortKey, sortComparison, checkOutputPaths, commandInputs, refuseSpecialNames, resolveDataDir, type DataFrame, type SortKey } from '@regime/core';
import { compareConfigs, type Comparison } from '../compare/compare.js';
import { expandConfigArgs } from '../compare/glob.js';
import { rankingCsv, rankingTable } from '../compare/ranking.js';
import { csvText, writeFileAtomic } from '../output/files.js';
import { VERSION } from '../version.js';
import { compareWarnings } from '../compare/compareWarnings.js';
import { bootstrapFlags, parseBootstrapFlags, type BootstrapFlags } from './bootstrapOptions.js';
import { intervalTable, overlapMarks } from '../compare/intervals.js';

export interface CompareCommandOptions extends BootstrapFlags {
  dataDir?: string;
  json?: boolean;
  report?: string;
  csv?: string;
  sort: string;
  numeraires?: string;
  ownPeriods?: boolean;
  jobs?: string;
}

/** A ranked comparison: the results, the sorted table as rows, and the rank order. */
export interface RankedComparison extends Comparison {
  sortKey: SortKey;
  /**
   * The comparison table, best first, as a danfo DataFrame (sort, select, export), for
   * programmatic use: built (and danfo loaded) the first time it is read.
   */
  readonly frame: DataFrame;
  /** Its rows as plain objects. */
  rows: Record<string, string | number>[];
  /** The table's column names. */
  columns: string[];
  /** Indices into `results`, best first. */
  order: number[];
}

/**
 * Ranks a comparison (best first on `sort`) with plain arrays: the rows and order the danfo
 * comparison frame gives (rankComparisonRows), without loading danfo, which took about half of
 * a comparison's time (issue 15). `frame` builds the danfo frame when it is read.
 */
export function rankComparison(comparison: Comparison, sort = 'sharpe:USD'): RankedComparison {
  const sortKey = parseSortKey(sort, comparison.numeraires);
  const { rows, columns } = rankComparisonRows(comparison.results, sortKey, { numeraires: comparison.numeraires });
  let frame: DataFrame | undefined;
  const ranked = { ...comparison, sortKey, rows, columns, order: rows.map((r) => Number(r.run)) };
  return Object.defineProperty(ranked, 'frame', {
    enumerable: true,
    get: () => (frame ??= sortComparison(comparisonFrame(comparison.results, { numeraires: comparison.numeraires }), sortKey)),
  }) as RankedComparison;
}

function parseJobs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InputError(`--jobs: expected a whole number of workers, 1 or more; found "${text}"`);
  return n;
}

function parseNumeraires(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!list.length) throw new InputError(`--numeraires: expected a comma-separated list such as USD,gold; found "${text}"`);
  return refuseSpecialNames(list, '--numeraires');
}

/** The numeraires the terminal table shows: those asked for, else USD and gold (plus the one ranked on). */
function tableNumeraires(c: RankedComparison, asked: string[] | undefined): string[] {
  if (asked) return c.numeraires;
  const shown = c.numeraires.filter((n) => n === 'USD' || n === 'gold');
  const list = shown.length ? shown : c.numeraires.slice(0, 2);
  if (!list.includes(c.sortKey.numeraire)) list.push(c.sortKey.numeraire);
  return list;
}

export function registerCompareCommand(program: Command): void {
  const command = program
    .command('compare')
    .description('run several configs over their common period and rank them in USD and gold (table, JSON, CSV, HTML report)')
    .argument('<config...>', 'strategy YAML files; wildcards are expanded (configs/*.yaml)')
    .option('--data-dir <dir>', 'data directory (default: $REGIME_DATA_DIR, else the repository data/)')
    .option('--sort <metric[:numeraire]>', `rank by ${COMPARISON_METRICS.join(', ')}, in a numeraire; best first`, 'sharpe:USD')
    .option('--numeraires <list>', 'numeraires every run reports, comma separated (default: the union the configs ask for)')
    .option('--own-periods', 'measure each config over its own period instead of the common one')
    .option('--jobs <n>', 'worker threads (default 1: one after the other in this process, the fastest for a few dozen configs)')
    .option('--json', 'print only { "runs": [ <run document>, … ] } on standard output, in the order given')
    .option('--csv <file>', 'also write the ranking table as CSV')
    .option('--report <file>', 'also write the HTML comparison report');
  bootstrapFlags(command).action(async (args: string[], opts: CompareCommandOptions) => {
      const started = performance.now();
      const bootstrap = parseBootstrapFlags(opts);
      const files = expandConfigArgs(args);
      // Every output path is checked against every input before anything runs.
      checkOutputPaths(
        [
          ...(opts.csv !== undefined ? [{ flag: '--csv', path: opts.csv, kind: 'file' as const }] : []),
          ...(opts.report !== undefined ? [{ flag: '--report', path: opts.report, kind: 'file' as const }] : []),
        ],
        commandInputs({ configs: files, dataDir: resolveDataDir(opts.dataDir) }),
      );
      const numeraires = parseNumeraires(opts.numeraires);
      const jobs = parseJobs(opts.jobs);
      const comparison = await compareConfigs(files, {
        // The sort key is checked before the runs, once the numeraires are known.
        beforeRuns: (list) => void parseSortKey(opts.sort, list),
        dataDir: opts.dataDir,
        ownPeriods: opts.ownPeriods,
        numeraires,
        jobs,
        bootstrap,
        // The table and --csv read only metrics: attribution and trade lists are left out
        // unless --json or --report shows whole results (issue 15).
        explain: opts.json || opts.report !== undefined,
        onProgress: (line) => process.stderr.write(`${line}\n`),
      });
      // --json alone prints the runs in the order given: nothing is ranked.
      const jsonOnly = opts.json && opts.csv === undefined && opts.report === undefined;
      const ranked = jsonOnly ? undefined : rankComparison(comparison, opts.sort);
      for (const w of compareWarnings(files, comparison.results)) process.stderr.write(`warning: ${w}
`);
      if (ranked && opts.csv !== undefined) {
        const csv = rankingCsv(ranked.rows, ranked.columns);
        const file = resolve(opts.csv);
        writeFileAtomic(file, csvText(csv.header, csv.rows));
        process.stderr.write(`csv: ${file}\n`);
      }
      if (ranked && opts.report !== undefined) {
        const { renderCompareReport } = await import('@regime/report');
        const file = resolve(opts.report);
        writeFileAtomic(
          file,
          renderCompareReport({ results: ranked.results, order: ranked.order, sortKey: ranked.sortKey, common: ranked.common, ranges: ranked.ranges }, { toolVersion: VERSION }),
        );
        process.stderr.write(`report: ${file}\n`);
      }
      if (opts.json) process.stdout.write(JSON.stringify({ runs: comparison.results }) + '\n');
      else if (ranked) process.stdout.write(compareSummary(ranked, numeraires) + '\n');
      process.stderr.write(
        `compared ${files.length} config${files.length === 1 ? '' : 's'} in ${Math.round(performance.now() - started)} ms (${comparison.workers === 1 ? 'one after the other' : `${comparison.workers} worker threads`})\n`,
      );
    });
}

/** The terminal output: what was compared, then the ranking table. */
export function compareSummary(c: RankedComparison, asked?: string[]): string {
  const first = c.results[0];
  const same = c.results.every((r) => r.period.start === first.period.start && r.period.end === first.period.end);
  const period = c.common
    ? same
      ? `common period ${first.period.start} to ${first.period.end}`
      : `common period ${c.common.start} to ${c.common.end ?? 'the end of the data'}`
    : 'each over its own period';
  const shown = tableNumeraires(c, asked);
  const hidden = c.numeraires.filter((n) => !shown.includes(n));
  const intervals = rankingIntervals(c.results, c.order, c.sortKey);
  const marks = intervals ? overlapMarks(intervals) : undefined;
  const lines = [
    `${c.results.length} strateg${c.results.length === 1 ? 'y' : 'ies'}, ${period}; ranked by ${metricDef(c.sortKey.metric).label} in ${c.sortKey.numeraire}, best first`,
    '',
    // The table reads each row's name and the shown numeraires' metric columns.
    rankingTable(c.rows, shown, c.sortKey, marks),
  ];
  if (intervals) lines.push('', intervalTable(c, intervals));
  if (hidden.length) lines.push('', `Also measured in ${hidden.join(', ')}: see --numeraires, --csv, --json or --report.`);
  return lines.join('\n');
}
