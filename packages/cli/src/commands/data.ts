import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  InputError,
  REPO_DATA_DIR,
  catalogForDataDir,
  inspectData,
  listData,
  openSeriesCache,
  pullData,
  resolveDataDir,
  type Catalog,
  type DataListRow,
  type HttpOptions,
  type InspectReport,
  type PullOutcome,
  type SourceName,
} from '@regime/core';

export interface DataCommandOptions {
  /**
   * The symbols `regime data pull` fetches when none are named. Default: every catalog
   * symbol with a source. (The lead narrows this to the symbols the shipped configs use.)
   */
  defaultSymbols?: (catalog: Catalog) => string[] | Promise<string[]>;
  /** Output sinks; default process.stdout / process.stderr. Tests capture them. */
  out?: (text: string) => void;
  err?: (text: string) => void;
  /** Tests: base URLs and HTTP settings (otherwise REGIME_*_URL env vars and defaults). */
  baseUrls?: Partial<Record<SourceName, string>>;
  http?: HttpOptions;
  now?: Date;
}

interface PullFlags {
  dataDir?: string;
  since?: string;
  force?: boolean;
  json?: boolean;
}

/** `regime data pull | list | inspect`. Actions are async: run the program with parseAsync. */
export function registerDataCommands(program: Command, options: DataCommandOptions = {}): void {
  const out = options.out ?? ((t: string) => void process.stdout.write(t));
  const err = options.err ?? ((t: string) => void process.stderr.write(t));

  const data = program.command('data').description('download, list and inspect the market data in the data directory');

  data
    .command('pull')
    .description('download series from Yahoo, FRED and datahub into the data directory (incremental)')
    .argument('[symbols...]', 'symbols or aliases to pull (default: the symbols the shipped configs use)')
    .option('--data-dir <dir>', 'data directory (default: REGIME_DATA_DIR, else the repository data/ folder); created when missing')
    .option('--since <date>', 'first date to download (YYYY-MM-DD); with a local file, re-check it from that date')
    .option('--force', 'ignore the local files: download the whole history again and replace them')
    .option('--json', 'print the outcomes as JSON on stdout')
    .action(async (symbols: string[], flags: PullFlags) => {
      const dataDir = resolve(flags.dataDir ?? process.env.REGIME_DATA_DIR ?? REPO_DATA_DIR);
      try {
        mkdirSync(dataDir, { recursive: true });
      } catch (e) {
        throw new InputError(`cannot create the data directory ${dataDir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      const catalog = catalogForDataDir(dataDir);
      const wanted = symbols.length ? symbols : options.defaultSymbols ? await options.defaultSymbols(catalog) : undefined;
      err(`pulling into ${dataDir}\n`);
      const outcomes = await pullData({
        dataDir,
        catalog,
        symbols: wanted,
        since: flags.since,
        force: flags.force,
        baseUrls: options.baseUrls,
        http: { ...options.http, log: (line) => err(`${line}\n`) },
        now: options.now,
        log: (line) => err(`${line}\n`),
      });
      out(flags.json ? `${JSON.stringify({ dataDir, outcomes: outcomes.map(jsonOutcome) }, null, 2)}\n` : formatPullSummary(outcomes));
      const failures = outcomes.filter((o) => o.action === 'failed');
      if (failures.length)
        throw new InputError(
          `${failures.length} of ${outcomes.length} symbol${outcomes.length > 1 ? 's' : ''} failed:\n${failures.map((f) => `  ${f.symbol}: ${f.message}`).join('\n')}`,
        );
    });

  data
    .command('list')
    .description('list the series in the data directory: source, first and last date, rows, file')
    .option('--data-dir <dir>', 'data directory (default: REGIME_DATA_DIR, else the repository data/ folder)')
    .option('--all', 'also list catalog symbols that have no file yet')
    .option('--json', 'print the list as JSON on stdout')
    .action(async (flags: { dataDir?: string; all?: boolean; json?: boolean }) => {
      const dataDir = resolveDataDir(flags.dataDir);
      const rows = await listData(dataDir, { all: flags.all });
      const cache = openSeriesCache()?.stats() ?? null;
      out(flags.json ? `${JSON.stringify({ dataDir, series: rows, cache }, null, 2)}\n` : formatList(dataDir, rows) + cacheLine(cache));
    });

  data
    .command('inspect')
    .description('summary, longest gaps and largest one-day moves of one series')
    .argument('<symbol>', 'symbol or alias')
    .option('--data-dir <dir>', 'data directory (default: REGIME_DATA_DIR, else the repository data/ folder)')
    .option('--top <n>', 'how many gaps and moves to show', '10')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (symbol: string, flags: { dataDir?: string; top: string; json?: boolean }) => {
      const top = Number(flags.top);
      if (!Number.isInteger(top) || top < 1) throw new InputError(`--top: expected a whole number of at least 1, found "${flags.top}"`);
      const report = await inspectData(resolveDataDir(flags.dataDir), symbol, { top });
      out(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatInspect(report));
    });
}

/** The parsed-series cache under the list: where it is and what it holds, or that it is off. */
export function cacheLine(cache: { dir: string; entries: number; bytes: number } | null): string {
  if (!cache) return 'cache: off (--no-cache or REGIME_NO_CACHE; every file is parsed)\n';
  return `cache: ${cache.dir} (${cache.entries} parsed series, ${(cache.bytes / 2 ** 20).toFixed(1)} MiB; --no-cache bypasses it)\n`;
}

function jsonOutcome(o: PullOutcome) {
  const { error: _error, ...rest } = o;
  return rest;
}

/** Left-aligned columns; numbers right-aligned. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => String(c)))];
  const width = header.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
  const numeric = header.map((_, j) => rows.some((r) => typeof r[j] === 'number') && rows.every((r) => typeof r[j] === 'number' || r[j] === '-'));
  return cells
    .map((r) => r.map((c, j) => (numeric[j] ? c.padStart(width[j]) : c.padEnd(width[j]))).join('  ').trimEnd())
    .join('\n');
}

export function formatPullSummary(outcomes: PullOutcome[]): string {
  if (outcomes.length === 0) return 'nothing to pull\n';
  const rows = outcomes.map((o) => [o.symbol, o.source, o.action, o.added, o.first ?? '-', o.last ?? '-', o.rows, o.path]);
  const body = table(['SYMBOL', 'SOURCE', 'RESULT', 'NEW', 'FIRST', 'LAST', 'ROWS', 'FILE'], rows);
  const notes = outcomes.filter((o) => o.action === 'rewritten').map((o) => `note: ${o.symbol}: ${o.message}`);
  return `${body}\n${notes.length ? `${notes.join('\n')}\n` : ''}`;
}

export function formatList(dataDir: string, rows: DataListRow[]): string {
  if (rows.length === 0) return `no series in ${dataDir}: run "regime data pull" to download them\n`;
  const body = table(
    ['SYMBOL', 'SOURCE', 'FIRST', 'LAST', 'ROWS', 'FILE'],
    rows.map((r) => [r.symbol, r.source, r.first ?? '-', r.last ?? '-', r.rows ?? '-', r.status === 'ok' ? r.path ?? '-' : r.status === 'missing' ? '(missing)' : `${r.path} (invalid)`]),
  );
  const problems = rows.filter((r) => r.status === 'invalid').map((r) => `invalid: ${r.error}`);
  return `data directory: ${dataDir}\n${body}\n${problems.length ? `${problems.join('\n')}\n` : ''}`;
}

function num(v: number): string {
  return Number.isInteger(v) ? String(v) : Math.abs(v) >= 1000 ? v.toFixed(2) : String(Number(v.toPrecision(6)));
}

function change(v: number, unit: InspectReport['moveUnit']): string {
  return unit === 'points' ? `${v >= 0 ? '+' : ''}${(v * 100).toFixed(0)} bp` : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(2)} %`;
}

export function formatInspect(r: InspectReport): string {
  const period = { daily: 'one-day', weekly: 'one-week', monthly: 'one-month', quarterly: 'one-quarter' }[r.frequency];
  const lines = [
    `${r.symbol}${r.description ? ` — ${r.description}` : ''}`,
    `  kind ${r.kind}, ${r.frequency}, source ${r.source}`,
    `  file ${r.file}`,
    `  ${r.rows} rows, ${r.first} to ${r.last}`,
    `  last ${num(r.lastValue)}, min ${num(r.min.value)} (${r.min.date}), max ${num(r.max.value)} (${r.max.date})`,
    '',
    `Longest gaps between observations (${r.unusualGaps} longer than ${r.usualMaxGap} days):`,
    r.gaps.length ? table(['FROM', 'TO', 'DAYS'], r.gaps.map((g) => [g.from, g.to, g.days])).replace(/^/gm, '  ') : '  (a single observation)',
    '',
    `Largest ${period} moves:`,
    r.moves.length
      ? table(['DATE', 'FROM', 'TO', 'CHANGE'], r.moves.map((m) => [m.date, num(m.from), num(m.to), change(m.change, r.moveUnit)])).replace(/^/gm, '  ')
      : '  (a single observation)',
  ];
  return `${lines.join('\n')}\n`;
}
