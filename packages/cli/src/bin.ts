#!/usr/bin/env node
// Kept tiny: --version answers at once; a running `regime server` takes the command when it
// can (server/client.ts); otherwise the bundle when fresh (bundleEntry.ts), and launch.ts
// decides what to load (commandTable.ts).
import module, { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { bundleEntry } from './bundleEntry.js';
import { escapeTerminalOutput } from './output/terminal.js';
import { serverSocketFor } from './server/route.js';

// Control characters from configs and data never reach the terminal raw (inputs are sacred).
escapeTerminalOutput(process.stdout);
escapeTerminalOutput(process.stderr);

const argv = process.argv.slice(2);
let served: number | undefined;
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const { VERSION } = await import('./version.js');
  process.stdout.write(`${VERSION}\n`);
} else if ((served = await serverRun(argv)) !== undefined) {
  process.exitCode = served;
} else {
  const bundle = new URL('./bundle/', import.meta.url);
  const entry = bundleEntry(bundle, './launch.js', 'launch.cjs');
  let launch: typeof import('./launch.js').launch;
  if (entry === './launch.js') ({ launch } = await import('./launch.js'));
  else {
    // The bundle is CommonJS: compiled with V8's code cache (codeCache.ts, issue 15).
    const require = createRequire(import.meta.url);
    keepCompiledCode(require, bundle);
    ({ launch } = require(fileURLToPath(entry)) as typeof import('./launch.js'));
  }
  process.exitCode = await launch(argv);
}

/**
 * Compiling the bundle is a good part of starting. Node 22.1 and later keep V8's compiled code
 * themselves (module.enableCompileCache, as `tsc` does; NODE_COMPILE_CACHE says where,
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off); on Node 20 codeCache.ts does it, in the user's
 * cache folder, unless --no-cache or REGIME_NO_CACHE says not to.
 */
function keepCompiledCode(require: NodeJS.Require, bundle: URL): void {
  const enable = (module as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (enable) {
    enable();
    return;
  }
  const { codeCacheDir, installCodeCache } = require(fileURLToPath(new URL('codeCache.cjs', bundle))) as typeof import('./codeCache.js');
  const dir = codeCacheDir(argv);
  if (!dir) return;
  const cache = installCodeCache(fileURLToPath(bundle), dir);
  process.on('exit', () => cache.flush());
}

/** The exit status of argv run by this user's `regime server`, or undefined: run it here. */
async function serverRun(args: string[]): Promise<number | undefined> {
  try {
    const socket = serverSocketFor(args);
    if (socket === undefined) return undefined;
    const { runOnServer } = await import('./server/client.js');
    return await runOnServer(socket, args);
  } catch {
    return undefined; // (a folder that is gone, say) the command runs here and says what is wrong
  }
}
