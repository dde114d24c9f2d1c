import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError, checkOutputPaths } from '@regime/core';
import { didYouMean } from '@regime/core/internal';
import { STRATEGIES, findStrategy, starterYaml } from '@regime/strategies';
import { writeFileAtomic } from '../output/files.js';
import { textTable } from '../output/format.js';

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
    .action((name: string, opts: { output?: string; force?: boolean }) => {
      const strategy = findStrategy(name);
      if (!strategy)
        throw new InputError(`unknown strategy "${name}"${didYouMean(name, STRATEGIES.map((s) => s.name))}; see regime strategies`);
      const [file] = checkOutputPaths([{ flag: '-o', path: opts.output ?? `${name}.yaml`, kind: 'file' }], {});
      if (existsSync(file) && !opts.force) throw new InputError(`${file} exists already; use --force to overwrite it`);
      writeFileAtomic(file, starterYaml(strategy));
      process.stderr.write(`wrote ${file}\n`);
    });
}
