import type { Command } from 'commander';
import { checkOutputPaths, commandInputs, configJsonSchema, configMarkdown, loadCatalog } from '@regime/core';
import { writeFileAtomic } from '../output/files.js';

/** The config schema's JSON Schema text, as shipped in schema/regime.schema.json. */
export function schemaJsonText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

/** docs/config.md, with the aliases of the shipped catalog. */
export function configMarkdownText(): string {
  const catalog = loadCatalog();
  const aliases = [...catalog.aliases].map(([alias, symbol]) => ({ alias, symbol, description: catalog.entries.get(symbol)?.description }));
  return configMarkdown(aliases);
}

export function registerSchemaCommand(program: Command): void {
  program
    .command('schema')
    .description('print the config schema as JSON Schema (generated from the zod schema), or the key reference as Markdown')
    .option('--markdown', 'print the reference of every key (docs/config.md) instead')
    .option('-o, --output <file>', 'write it to a file instead of standard output')
    .action((opts: { markdown?: boolean; output?: string }) => {
      const text = opts.markdown ? configMarkdownText() : schemaJsonText();
      if (opts.output === undefined) {
        process.stdout.write(text);
        return;
      }
      // The one output-path guard: never over the catalog it reads, never an empty path.
      const [file] = checkOutputPaths([{ flag: '-o', path: opts.output, kind: 'file' }], commandInputs({ dataDir: undefined }));
      writeFileAtomic(file, text);
      process.stderr.write(`wrote ${file}\n`);
    });
}
