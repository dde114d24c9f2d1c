import type { Command } from 'commander';
import { BASE, InputError, MAX_BYTES, checkOutputPaths, commandInputs, readInputText, runTrial, sweepDocument, trialOrder, type OutputPath, type StudyPlan, type SweepDocument, type TrialSummary } from '@regime/core';
import { writeFileAtomic } from '../output/files.js';
import { planSweep, sweepSize, type SweepSpec } from '../sweep/job.js';
import { pboOnThreads } from '../sweep/pboThreads.js';
import { localPool, startSweepThreads, sweepWorkers, type TrialPool } from '../sweep/pool.js';
import { sweepCsv, sweepTable } from '../sweep/output.js';
import { progressReporter } from '../sweep/progress.js';
import { openStore } from './context.js';

export interface SweepCommandOptions {
  dataDir?: string;
  grid: string[];
  objective?: string;
  jobs?: string;
  json?: boolean;
  csv?: string;
  report?: string | boolean;
  top?: string;
  queue?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function positiveInt(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InputError(`${name}: expected a whole number, 1 or more; found "${text}"`);
  return n;
}

/** An output may not be the config or lie inside the data directory (inputs are sacred). */
export function registerSweepCommand(program: Command): void {
  program
    .command('sweep')
    .description('run a grid of parameter values (sweep: block, --grid), rank the trials, and say how much of the best is overfitting')
    .argument('<config>', 'strategy YAML file (with a sweep: block, or give --grid)')
    .option('--data-dir <dir>', 'data directory (default: $REGIME_DATA_DIR, else the repository data/)')
    .option('--grid <PATH=VALUES>', 'add or replace a dimension: PATH=V1,V2,... or PATH=FROM:TO:STEP (repeatable)', collect, [])
    .option('--objective <metric:numeraire>', 'what "best" means, e.g. sharpe:USD, cagr:gold, maxDrawdown:USD')
    .option('--jobs <n>', 'worker threads (default 1); results are identical for any number')
    .option('--json', 'print only the sweep document (JSON) on standard output')
    .option('--csv <file>', 'write one row per trial: its values and every summary metric in every numeraire')
    .option('--report [file]', 'write the sweep report (HTML; default sweep-<config name>.html)')
    .option('--top <n>', 'trials in the terminal table (default 10)')
    .option('--queue <redis://HOST:PORT>', 'run the trials on `regime worker` processes through this Redis (same outputs as a local run; rediss:// for TLS, password in $REGIME_QUEUE_PASSWORD)')
    .action(async (file: string, opts: SweepCommandOptions) => {
      const started = performance.now();
      const text = readInputText(file, { what: 'YAML config file', maxBytes: MAX_BYTES.config });
      const store = openStore(opts.dataDir);
      // The one output-path guard of every command (inputs are sacred), before anything runs.
      const reportPath = typeof opts.report === 'string' ? opts.report : `sweep-${file.replace(/^.*\//, '').replace(/\.ya?ml$/, '')}.html`;
      const outputs: OutputPath[] = [];
      if (opts.csv !== undefined) outputs.push({ flag: '--csv', path: opts.csv, kind: 'file' });
      if (opts.report) outputs.push({ flag: '--report', path: reportPath, kind: 'file' });
      const resolved = checkOutputPaths(outputs, commandInputs({ configs: [file], dataDir: store.dir }));
      const csvFile = opts.csv !== undefined ? resolved[0] : undefined;
      const reportFile = opts.report ? resolved[resolved.length - 1] : undefined;
      const jobs = positiveInt('--jobs', opts.jobs);
      const top = positiveInt('--top', opts.top) ?? 10;
      if (opts.queue !== undefined && jobs !== undefined) throw new InputError("--jobs and --queue: give one (with --queue, each worker's --concurrency sets its threads)");
      const spec: SweepSpec = { file, text, dataDir: store.dir, grid: opts.grid, objective: opts.objective };
      // With --queue, Redis is reached first: when it cannot be, the command stops at once.
      const queue = opts.queue !== undefined ? await (await import('../sweep/queue.js')).queuePool(opts.queue, spec) : undefined;
      // Extra threads (--jobs) start now and build their plans while this thread builds its own;
      // how many the grid is worth is known from the config and --grid alone.
      const threads = startSweepThreads(spec, queue || !jobs || jobs < 2 ? 0 : sweepWorkers(jobs, sweepSize(spec)) - 1);
      let pool: TrialPool | undefined = queue;
      let trials: TrialSummary[];
      let plan: StudyPlan;
      let base: TrialSummary | undefined;
      let doc: SweepDocument;
      try {
        plan = await planSweep(spec);
        if (plan.grid.dimensions.length === 0)
          throw new InputError('nothing to sweep: expected a sweep: block with a grid (sweep: { grid: { params.n: [50, 100, 200] } }) or --grid PATH=V1,V2', file);
        // Trials that share their signals and targets run together (any grid order); results are put back in grid order.
        const indices = trialOrder(plan.grid).indices;
        await queue?.usePlan(plan);
        // A small grid is not worth every thread asked for.
        const workers = sweepWorkers(jobs, indices.length);
        if (workers < threads.workers.length + 1) await threads.shrink(workers - 1);
        pool ??= localPool(plan, threads);
        const progress = progressReporter(indices.length);
        if (pool.remote) {
          // The base config is one more trial for the workers (the first of the first batch):
          // this machine reads no data for it, it only gathers.
          const all = await pool.run([BASE, ...indices], { progress });
          base = all[0];
          trials = all.slice(1);
        } else trials = await pool.run(indices, { progress });
        trials.sort((a, b) => a.index - b.index);
        progress(indices.length, indices.length, true);
        base ??= await runTrial(plan, BASE);
        // The threads, idle now, share the PBO walk; they end in `finally`.
        const pbo = threads.workers.length ? pboOnThreads(threads.workers) : undefined;
        doc = await sweepDocument({ source: plan.source, name: plan.base.name, grid: plan.grid, objective: plan.objective, numeraires: plan.numeraires, trials, base, pbo });
      } finally {
        await threads.terminate();
        await pool?.close();
      }
      if (csvFile) {
        writeFileAtomic(csvFile, await sweepCsv(doc));
        process.stderr.write(`csv: ${csvFile}\n`);
      }
      if (reportFile) {
        const { writeSweepReport } = await import('../sweep/report.js');
        await writeSweepReport(reportFile, plan, doc, trials);
        process.stderr.write(`report: ${reportFile}\n`);
      }
      const warned = trials.filter((t) => t.warnings.length).length;
      if (base.warnings.length) for (const w of base.warnings) process.stderr.write(`warning: ${w}\n`);
      if (warned) process.stderr.write(`warning: ${warned} of ${trials.length} trials have warnings (see "warnings" in --json or --csv)\n`);
      if (opts.json) process.stdout.write(JSON.stringify(doc) + '\n');
      else process.stdout.write(sweepTable(doc, trials, plan.objective, top) + '\n');
      const seconds = (performance.now() - started) / 1000;
      process.stderr.write(`${trials.length} trials in ${seconds.toFixed(2)} s (${Math.round(trials.length / seconds)} trials/s, ${pool.label})\n`);
    });
}
