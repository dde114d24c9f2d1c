import { Command } from 'commander';
import { VERSION } from './version.js';

/** The `regime` program without its commands: name, version and the global options. */
export function baseProgram(): Command {
  return new Command('regime')
    .description('Regime: test macro regime-allocation strategies on real history, in USD and in gold')
    .version(VERSION)
    .option('--debug', 'show stack traces for errors')
    .option('--no-cache', 'parse the data files without the cache of parsed series (~/.cache/regime)')
    .showHelpAfterError()
    .exitOverride();
}
