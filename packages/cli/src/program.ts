import { Command, CommanderError } from 'commander';
import { isInputError } from '@regime/core';
import { VERSION } from './version.js';
import { registerRunCommand } from './commands/run.js';
import { registerValidateCommand } from './commands/validate.js';
import { registerDataCommands } from './commands/data.js';
import { registerStrategyCommands } from './commands/strategies.js';
import { registerReportCommand } from './commands/report.js';
import { registerCompareCommand } from './commands/compare.js';
import { registerSchemaCommand } from './commands/schema.js';
import { addExamples } from './commands/examples.js';
import { registerSweepCommand } from './commands/sweep.js';
import { shippedConfigSymbols } from './shipped.js';

export function buildProgram(): Command {
  const program = new Command('regime')
    .description('Regime: test macro regime-allocation strategies on real history, in USD and in gold')
    .version(VERSION)
    .option('--debug', 'show stack traces for errors')
    .showHelpAfterError()
    .exitOverride();
  registerRunCommand(program);
  registerValidateCommand(program);
  registerStrategyCommands(program);
  registerReportCommand(program);
  registerCompareCommand(program);
  registerSchemaCommand(program);
  registerSweepCommand(program);
  registerDataCommands(program, { defaultSymbols: (catalog) => shippedConfigSymbols(catalog, process.env.REGIME_DATA_DIR ?? '.') });
  addExamples(program);
  return program;
}

/**
 * Runs the CLI and returns the exit status: 0 ok, 2 bad input (message only, no stack
 * unless --debug), 1 internal error.
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (isInputError(e)) {
      process.stderr.write(`error: ${e.message}\n`);
      if (debug) process.stderr.write(`${e.stack}\n`);
      return 2;
    }
    process.stderr.write(`internal error: ${(e as Error)?.message ?? String(e)}\n`);
    process.stderr.write(debug ? `${(e as Error)?.stack}\n` : 'run again with --debug for the stack trace, and please report it\n');
    return 1;
  }
}
