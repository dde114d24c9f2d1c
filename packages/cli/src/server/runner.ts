/**
 * How `regime server` runs a caller's command: launch.ts hands itself over here when it loads.
 * The server's command module cannot import launch.ts, which loads the command modules.
 */
export type CommandRunner = (argv: string[]) => Promise<number>;

let runner: CommandRunner | undefined;

export function setCommandRunner(run: CommandRunner): void {
  runner = run;
}

/** The runner, once the `regime` command (bin.js → launch.ts) is what started this process. */
export function commandRunner(): CommandRunner | undefined {
  return runner;
}
