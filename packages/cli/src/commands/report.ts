import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError, type RunResult } from '@regime/core';
import { writeFileAtomic } from '../output/files.js';
import { VERSION } from '../version.js';

/** `regime report <result.json>`: the HTML tearsheet of a saved run. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write the HTML report of a saved result document (result.json)')
    .argument('<result>', 'a result.json written by regime run')
    .option('-o, --output <file>', 'the HTML file (default: report.html beside the result)')
    .action(async (file: string, opts: { output?: string }) => {
      const result = readResult(file);
      const out = resolve(opts.output ?? join(dirname(file), `${basename(file, extname(file)) === 'result' ? 'report' : basename(file, extname(file))}.html`));
      // The report package loads only when a report is written (start-up stays light).
      const { renderRunReport } = await import('@regime/report');
      writeFileAtomic(out, renderRunReport(result, { toolVersion: VERSION }));
      process.stderr.write(`report: ${out}\n`);
    });
}

function readResult(file: string): RunResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read the result document (${(e as NodeJS.ErrnoException).code})`, file);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not a JSON document: ${(e as Error).message}`, file);
  }
  const r = doc as Partial<RunResult>;
  const missing = ['name', 'period', 'numeraires', 'metrics', 'series'].filter((k) => !(k in (r ?? {})));
  if (!doc || typeof doc !== 'object' || missing.length)
    throw new InputError(`not a Regime result document: expected the keys name, period, numeraires, metrics, series; missing ${missing.join(', ')}`, file);
  return r as RunResult;
}
