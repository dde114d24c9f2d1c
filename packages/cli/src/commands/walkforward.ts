import type { Command } from 'commander';
import { checkOutputPaths, commandInputs, loadConfigFile, resolveDataDir, runWalkForward, type WalkForwardDocument } from '@regime/core';
import { expandStrategy } from '@regime/strategies';
import { openStore } from './context.js';
import { VERSION } from '../version.js';
import { writeFileAtomic } from '../output/files.js';
import { walkForwardSummary } from '../output/walkforwardTables.js';

export interface WalkForwardCommandOptions {
  dataDir?: string;
  train: string;
  test: string;
  anchored?: boolean;
  objective?: string;
  grid?: string[];
  json?: boolean;
  report?: string;
  queue?: string;
}

export function registerWalkForwardCommand(program: Command): void {
  program
    .command('walkforward')
    .description("choose the sweep grid's best trial on each training window and test it on the window after: out-of-sample equity, folds, efficiency")
    .argument('<config>', 'strategy YAML file with a sweep: grid')
    .requiredOption('--train <span>', 'training window: 5y, 18m or 90d')
    .requiredOption('--test <span>', 'test window after each training window: 1y, 6m, 90d')
    .option('--anchored', 'training windows all start at the period start and grow (default: rolling, each --train long)')
    .option('--objective <metric:numeraire>', 'what "best" means, e.g. sharpe:USD (default: the config\'s sweep.objective)')
    .option('--grid <path=values>', 'add or replace a sweep dimension: PATH=V1,V2 or PATH=FROM:TO:STEP (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--data-dir <dir>', 'data directory (default: $REGIME_DATA_DIR, else the repository data/)')
    .option('--json', 'print only the walk-forward document (JSON) on standard output')
    .option('--report <file>', 'also write the HTML walk-forward report')
    .option('--queue <redis://HOST:PORT>', "run each fold's training trials on `regime worker` processes through this Redis (same outputs as a local run; rediss:// for TLS, password in $REGIME_QUEUE_PASSWORD)")
    .action(async (file: string, opts: WalkForwardCommandOptions) => {
      const started = performance.now();
      // Every output path is checked against every input before anything runs (inputs are sacred).
      const [reportFile] = checkOutputPaths(
        opts.report !== undefined ? [{ flag: '--report', path: opts.report, kind: 'file' }] : [],
        commandInputs({ configs: [file], dataDir: resolveDataDir(opts.dataDir) }),
      );
      const source = loadConfigFile(file);
      const store = openStore(opts.dataDir);
      // With --queue, Redis is reached first: when it cannot be, the command stops at once.
      const queue =
        opts.queue !== undefined
          ? await (await import('../sweep/queue.js')).queuePool(opts.queue, { file, text: source.text, dataDir: store.dir, grid: opts.grid ?? [], objective: opts.objective })
          : undefined;
      let doc: WalkForwardDocument;
      try {
        doc = await runWalkForward(source, {
          store,
          expandStrategy,
          train: opts.train,
          test: opts.test,
          anchored: opts.anchored,
          objective: opts.objective,
          grid: opts.grid,
          version: VERSION,
          onProgress: (line) => process.stderr.write(`${line}\n`),
          runTrials: queue
            ? async (plan, indices, window) => {
                await queue.usePlan(plan);
                return queue.run(indices, { window });
              }
            : undefined,
        });
      } finally {
        await queue?.close();
      }
      if (reportFile !== undefined) {
        const { renderWalkForwardReport } = await import('@regime/report');
        writeFileAtomic(reportFile, renderWalkForwardReport(doc, { toolVersion: VERSION }));
        process.stderr.write(`report: ${reportFile}\n`);
      }
      for (const w of doc.warnings) process.stderr.write(`warning: ${w}\n`);
      if (opts.json) process.stdout.write(JSON.stringify(doc) + '\n');
      else process.stdout.write(walkForwardSummary(doc) + '\n');
      process.stderr.write(`walk-forward of ${doc.folds.length} fold${doc.folds.length === 1 ? '' : 's'} in ${Math.round(performance.now() - started)} ms\n`);
    });
}

export type { WalkForwardDocument };
