import { Command } from 'commander';
import { baseProgram } from './programBase.js';
import { addExamples } from './commands/examples.js';

/**
 * Lazy dispatch (issue 15): loading every command module — and with them the engine, the
 * config schema, the data sources — took most of the time of `regime --help` and a good part
 * of every run. `regime` starts through launch.ts, which registers for real only the module
 * of the command being run; every other command is a placeholder with the same name and help
 * line, so `regime --help` and "unknown command" suggestions read exactly as with every
 * module loaded.
 *
 * To add a command: register it in program.ts's buildProgram() as usual, and add its entry
 * here, in the same order: the module's top-level commands (name, the `term` and
 * `description` that `regime --help` prints) and how to load its register function (a dynamic
 * import, so nothing loads until the command runs). commandTable.test.ts compares this table
 * with buildProgram() and fails until they agree. A command missing here still works: the
 * launcher falls back to buildProgram() when it does not know the name.
 */
export interface LazyModule {
  commands: { name: string; term: string; description: string }[];
  register: () => Promise<(program: Command) => void>;
}

export const COMMAND_TABLE: LazyModule[] = [
  {
    commands: [{ name: 'run', term: 'run [options] <config>', description: 'run one backtest: metrics table in USD and gold, result JSON and CSV in an output folder' }],
    register: async () => (await import('./commands/run.js')).registerRunCommand,
  },
  {
    commands: [
      {
        name: 'validate',
        term: 'validate [options] <config...>',
        description: 'check config files without running them: schema, names, regimes, allocations, symbols and data files, expressions',
      },
    ],
    register: async () => (await import('./commands/validate.js')).registerValidateCommand,
  },
  {
    commands: [
      { name: 'strategies', term: 'strategies', description: 'list the named strategies (use them in a config as strategy: { use: NAME, params: {...} })' },
      { name: 'init', term: 'init [options] <strategy>', description: 'write a starter YAML for a named strategy' },
    ],
    register: async () => (await import('./commands/strategies.js')).registerStrategyCommands,
  },
  {
    commands: [{ name: 'report', term: 'report [options] <result>', description: 'write the HTML report of a saved result document (result.json)' }],
    register: async () => (await import('./commands/report.js')).registerReportCommand,
  },
  {
    commands: [
      { name: 'compare', term: 'compare [options] <config...>', description: 'run several configs over their common period and rank them in USD and gold (table, JSON, CSV, HTML report)' },
    ],
    register: async () => (await import('./commands/compare.js')).registerCompareCommand,
  },
  {
    commands: [
      {
        name: 'schema',
        term: 'schema [options]',
        description: 'print the config schema as JSON Schema (generated from the zod schema), or the key reference as Markdown',
      },
    ],
    register: async () => (await import('./commands/schema.js')).registerSchemaCommand,
  },
  {
    commands: [
      {
        name: 'sweep',
        term: 'sweep [options] <config>',
        description: 'run a grid of parameter values (sweep: block, --grid), rank the trials, and say how much of the best is overfitting',
      },
    ],
    register: async () => (await import('./commands/sweep.js')).registerSweepCommand,
  },
  {
    commands: [
      {
        name: 'walkforward',
        term: 'walkforward [options] <config>',
        description: "choose the sweep grid's best trial on each training window and test it on the window after: out-of-sample equity, folds, efficiency",
      },
    ],
    register: async () => (await import('./commands/walkforward.js')).registerWalkForwardCommand,
  },
  {
    commands: [
      {
        name: 'worker',
        term: 'worker [options]',
        description: 'take batches of sweep and walk-forward trials from Redis (`--queue` of sweep and walkforward) and run them here, until stopped',
      },
    ],
    register: async () => (await import('./commands/worker.js')).registerWorkerCommand,
  },
  {
    commands: [
      {
        name: 'server',
        term: 'server',
        description: 'keep a warm regime process for this user: every regime command then runs in it, without start-up time (start, stop, status)',
      },
    ],
    register: async () => (await import('./commands/server.js')).registerServerCommand,
  },
  {
    commands: [{ name: 'data', term: 'data', description: 'download, list and inspect the market data in the data directory' }],
    register: async () => {
      const [{ registerDataCommands }, { shippedConfigSymbols }] = await Promise.all([import('./commands/data.js'), import('./shipped.js')]);
      return (program) => registerDataCommands(program, { defaultSymbols: (catalog) => shippedConfigSymbols(catalog, process.env.REGIME_DATA_DIR ?? '.') });
    },
  },
];

/** The first argument that is not an option: the command being run (global options take no value). */
export function commandName(argv: readonly string[]): string | undefined {
  return argv.find((a) => !a.startsWith('-'));
}

/**
 * The program for argv with only the command being run loaded; undefined when the command is
 * not in the table (`help`, a typo, a command not listed yet): the caller then builds the
 * whole program.
 */
export async function lazyProgram(argv: readonly string[], table: readonly LazyModule[] = COMMAND_TABLE): Promise<Command | undefined> {
  const name = commandName(argv);
  const owner = name === undefined ? undefined : table.find((m) => m.commands.some((c) => c.name === name));
  if (name !== undefined && !owner) return undefined;
  const program = baseProgram();
  const terms = new Map<Command, string>();
  for (const m of table) {
    if (m === owner) (await m.register())(program);
    else
      for (const c of m.commands) {
        // A placeholder is never run: its own command loads the real one first.
        const placeholder = program.command(c.name).description(c.description);
        terms.set(placeholder, c.term);
      }
  }
  addExamples(program); // as buildProgram() does, after every command is registered
  const help = program.createHelp();
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd) ?? help.subcommandTerm(cmd) });
  return program;
}
