#!/usr/bin/env node
// Kept tiny: --version answers at once; otherwise the bundle when fresh (bundleEntry.ts), and
// launch.ts decides what to load (commandTable.ts).
import module from 'node:module';
import { bundleEntry } from './bundleEntry.js';
import { escapeTerminalOutput } from './output/terminal.js';

// Control characters from configs and data never reach the terminal raw (inputs are sacred).
escapeTerminalOutput(process.stdout);
escapeTerminalOutput(process.stderr);

// Node 22.1 and later keep V8's compiled code of the modules loaded from here on (the bundle) in
// their compile cache (NODE_COMPILE_CACHE, else the temp folder; NODE_DISABLE_COMPILE_CACHE=1
// turns it off), as `tsc` does: compiling the code is a good part of starting (issue 15).
// Node 20 has no such call and compiles every time.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const { VERSION } = await import('./version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  const { launch } = (await import(bundleEntry(new URL('./bundle/', import.meta.url), './launch.js'))) as typeof import('./launch.js');
  process.exitCode = await launch(argv);
}
