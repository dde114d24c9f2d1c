import type { Command } from 'commander';
import { DataStore, InputError, catalogForDataDir, checkConfig, loadConfigFile, resolveDataDir } from '@regime/core';
import { expandStrategy } from '@regime/strategies';

export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('check config files without running them: schema, names, regimes, allocations, symbols and data files, expressions')
    .argument('<config...>', 'strategy YAML files')
    .option('--data-dir <dir>', 'data directory to check symbols against (default: $REGIME_DATA_DIR, else the repository data/)')
    .action(async (files: string[], opts: { dataDir?: string }) => {
      // An explicit --data-dir must exist; without one, a missing data directory only skips the data checks.
      let store: DataStore | undefined;
      try {
        const dir = resolveDataDir(opts.dataDir);
        store = new DataStore(dir, catalogForDataDir(dir));
      } catch (e) {
        if (opts.dataDir !== undefined || !(e instanceof InputError)) throw e;
        process.stderr.write(`note: ${e.message}; symbols, data files and expressions are not checked\n`);
      }
      const failures: string[] = [];
      for (const file of files) {
        try {
          const source = loadConfigFile(file);
          const config = source.config.strategy ? expandStrategy(source.config, source) : source.config;
          const warnings = await checkConfig(source, config, store);
          // With several files, say which one each warning is about.
          for (const w of warnings) process.stderr.write(`warning: ${files.length > 1 ? `${file}: ` : ''}${w}\n`);
          process.stdout.write(`ok  ${file}\n`);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          failures.push(e.message);
        }
      }
      if (failures.length) throw new InputError(failures.join('\n'));
    });
}
