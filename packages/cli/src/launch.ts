import { VERSION } from './version.js';
import { setCommandRunner } from './server/runner.js';

/**
 * The `regime` command's entry (bin.ts): `--version` answers before anything else loads;
 * every other call loads commander and only the module of the command being run
 * (commandTable.ts), or the whole program for commands the table does not list.
 */
export async function launch(argv: string[]): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [{ lazyProgram }, { runProgram }] = await Promise.all([import('./commandTable.js'), import('./runProgram.js')]);
  const program = (await lazyProgram(argv)) ?? (await import('./program.js')).buildProgram();
  return runProgram(program, argv);
}

setCommandRunner(launch);
