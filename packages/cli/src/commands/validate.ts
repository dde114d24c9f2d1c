import type { Command } from 'commander';
import { InputError, loadConfigFile, validateConfig } from '@regime/core';
import { expandStrategy } from '@regime/strategies';

export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('check config files without running them (schema, names, regimes, allocations)')
    .argument('<config...>', 'strategy YAML files')
    .action((files: string[]) => {
      const failures: string[] = [];
      for (const file of files) {
        try {
          const source = loadConfigFile(file);
          const config = source.config.strategy ? expandStrategy(source.config, source) : source.config;
          validateConfig(source, config);
          process.stdout.write(`ok  ${file}\n`);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          failures.push(e.message);
        }
      }
      if (failures.length) throw new InputError(failures.join('\n'));
    });
}
