import { existsSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { InputError, checkOutputPaths, commandInputs, formatDay, resolveDataDir } from '@regime/core';
import { didYouMean } from '@regime/core/internal';
import { STRATEGIES, findStrategy, starterYaml, type Strategy } from '@regime/strategies';
import { writeFileAtomic } from '../output/files.js';
import { textTable } from '../output/format.js';
import { SCHEMA_FILE } from '../shipped.js';
import { openStore } from './context.js';

/**
 * The last date of the data the strategy holds (the latest last date of its universe), so the
 * starter's period never ends beyond the data; undefined when there is no data to ask.
 */
async function dataEnd(strategy: Strategy, dataDir: string | undefined): Promise<string | undefined> {
  try {
    const store = openStore(dataDir);
    const universe = strategy.build(strategy.defaults).universe ?? [];
    const lasts = await Promise.all(universe.map(async (s) => {
      const series = await store.load(s);
      return series.dates[series.dates.length - 1];
    }));
    return lasts.length ? formatDay(Math.max(...lasts)) : undefined;
  } catch {
    return undefined; // no data directory or a missing file: leave period.end out
  }
}

/** The data directory init reads, or undefined when there is none (init then reads no data). */
function existingDataDir(flag: string | undefined): string | undefined {
  try {
    return resolveDataDir(flag);
  } catch (e) {
    if (e instanceof InputError) return undefined;
    throw e;
  }
}

export function registerStrategyCommands(program: Command): void {
  program
    .command('strategies')
    .description('list the named strategies (use them in a config as strategy: { use: NAME, params: {...} })')
    .action(() => {
      process.stdout.write(textTable(['strategy', 'what it does'], STRATEGIES.map((s) => [s.name, s.summary]), 2) + '\n');
    });
  program
    .command('init')
    .description('write a starter YAML for a named strategy')
    .argument('<strategy>', 'a name from `regime strategies`')
    .option('-o, --output <file>', 'where to write it (default: <strategy>.yaml)')
    .option('--force', 'overwrite an existing file')
    .option('--data-dir <dir>', 'data directory whose last date becomes period.end (default: $REGIME_DATA_DIR, else the repository data/)')
    .action(async (name: string, opts: { output?: string; force?: boolean; dataDir?: string }) => {
      const strategy = findStrategy(name);
      if (!strategy)
        throw new InputError(`unknown strategy "${name}"${didYouMean(name, STRATEGIES.map((s) => s.name))}; see regime strategies`);
      // init reads the catalog and the universe's data files (for period.end): with --force,
      // -o must not be able to write over them, nor put a YAML into the data directory.
      const [file] = checkOutputPaths([{ flag: '-o', path: opts.output ?? `${name}.yaml`, kind: 'file' }], commandInputs({ dataDir: existingDataDir(opts.dataDir) }));
      if (existsSync(file) && !opts.force) throw new InputError(`${file} exists already; use --force to overwrite it`);
      // The schema path relative to the new file when it is inside the repository (as the shipped
      // configs name it), else the schema's file URL: editors resolve either.
      const rel = relative(dirname(file), SCHEMA_FILE).split(sep).join('/');
      const inRepo = !relative(resolve(SCHEMA_FILE, '../..'), file).startsWith('..');
      const schema = inRepo ? rel : pathToFileURL(SCHEMA_FILE).href;
      writeFileAtomic(file, starterYaml(strategy, { end: await dataEnd(strategy, opts.dataDir), schema }));
      process.stderr.write(`wrote ${file}\n`);
    });
}
