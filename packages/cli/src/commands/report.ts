import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError, MAX_BYTES, checkOutputPaths, commandInputs, parseResultDocument, readInputText, type RunResult } from '@regime/core';
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
      const out = resolve(opts.output ?? join(dirname(file), `${basename(file, extname(file)) === 'result' ? 'report' : basename(file, extname(file))}.html`));
      checkOutputPaths([{ flag: opts.output !== undefined ? '-o' : 'the default output', path: opts.output ?? out, kind: 'file' }], commandInputs({ results: [file], dataDir: undefined }));
      const result = readResult(file);
      // The report package loads only when a report is written (start-up stays light).
      const { renderRunReport } = await import('@regime/report');
      writeFileAtomic(out, renderRunReport(result, { toolVersion: VERSION }));
      process.stderr.write(`report: ${out}\n`);
    });
}

function readResult(file: string): RunResult {
  const text = readInputText(file, { what: 'result document', maxBytes: MAX_BYTES.result });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not a JSON document: ${(e as Error).message}`, file);
  }
  const isObject = doc !== null && typeof doc === 'object' && !Array.isArray(doc);
  const missing = ['name', 'period', 'numeraires', 'metrics', 'series'].filter((k) => !isObject || !Object.hasOwn(doc as object, k));
  if (missing.length)
    throw new InputError(`not a Regime result document: expected the keys name, period, numeraires, metrics, series; missing ${missing.join(', ')}`, file);
  return parseResultDocument(doc, file);
}
