import type { Command } from 'commander';
import { baseProgram } from './programBase.js';
import { runProgram } from './runProgram.js';
import { registerRunCommand } from './commands/run.js';
import { registerValidateCommand } from './commands/validate.js';
import { registerDataCommands } from './commands/data.js';
import { registerStrategyCommands } from './commands/strategies.js';
import { registerReportCommand } from './commands/report.js';
import { registerCompareCommand } from './commands/compare.js';
import { registerSchemaCommand } from './commands/schema.js';
import { addExamples } from './commands/examples.js';
import { registerSweepCommand } from './commands/sweep.js';
import { registerWalkForwardCommand } from './commands/walkforward.js';
import { registerWorkerCommand } from './commands/worker.js';
import { registerServerCommand } from './commands/server.js';
import { shippedConfigSymbols } from './shipped.js';

/**
 * The whole program, every command module loaded (for tests and programmatic use). The
 * `regime` command itself starts through launch.ts, which loads only the module of the
 * command being run: a command added here must also get its entry in commandTable.ts.
 */
export function buildProgram(): Command {
  const program = baseProgram();
  registerRunCommand(program);
  registerValidateCommand(program);
  registerStrategyCommands(program);
  registerReportCommand(program);
  registerCompareCommand(program);
  registerSchemaCommand(program);
  registerSweepCommand(program);
  registerWalkForwardCommand(program);
  registerWorkerCommand(program);
  registerServerCommand(program);
  registerDataCommands(program, { defaultSymbols: (catalog) => shippedConfigSymbols(catalog, process.env.REGIME_DATA_DIR ?? '.') });
  addExamples(program);
  return program;
}

/**
 * Runs the CLI and returns the exit status: 0 ok, 2 bad input (message only, no stack
 * unless --debug), 1 internal error.
 */
export async function main(argv: string[]): Promise<number> {
  return runProgram(buildProgram(), argv);
}
