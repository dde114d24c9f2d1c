import { CommanderError, type Command } from 'commander';

/**
 * Parses argv with a built program and returns the exit status: 0 ok, 2 bad input (message
 * only, no stack unless --debug), 1 internal error.
 */
export async function runProgram(program: Command, argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  // --no-cache reaches every reader, compare's worker threads included, through the
  // environment; restored afterwards for callers that run main() more than once.
  const noCache = process.env.REGIME_NO_CACHE;
  program.hook('preAction', () => {
    if (program.opts().cache === false) process.env.REGIME_NO_CACHE = '1';
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    // A study stopped for a reason outside the input (Redis unreachable or gone, an interrupt):
    // the message and its status, no stack (QueueError of @regime/cluster).
    const status = (e as { exitStatus?: unknown })?.exitStatus;
    if (e instanceof Error && e.name === 'QueueError' && typeof status === 'number') {
      process.stderr.write(`error: ${e.message}\n`);
      if (debug) process.stderr.write(`${e.stack}\n`);
      return status;
    }
    // Loaded here, not at start-up: an error from an action means core is loaded already.
    const { isInputError } = await import('@regime/core');
    if (isInputError(e)) {
      process.stderr.write(`error: ${e.message}\n`);
      if (debug) process.stderr.write(`${e.stack}\n`);
      return 2;
    }
    process.stderr.write(`internal error: ${(e as Error)?.message ?? String(e)}\n`);
    process.stderr.write(debug ? `${(e as Error)?.stack}\n` : 'run again with --debug for the stack trace, and please report it\n');
    return 1;
  } finally {
    if (noCache === undefined) delete process.env.REGIME_NO_CACHE;
    else process.env.REGIME_NO_CACHE = noCache;
  }
}
