import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isAbsolute, join, normalize } from 'node:path';
import { LineCounter, isScalar, parseDocument, visit, type Scalar } from 'yaml';
import { z } from 'zod';
import { InputError } from '../util/errors.js';
import { isJsSpecialName, specialNameMessage } from '../util/names.js';
import { MAX_BYTES, readInputText } from '../io/safeRead.js';
import { isPriceLike, parseLag, type Lag, type SeriesFrequency, type SeriesKind } from './series.js';

const LagText = z.union([z.string(), z.literal(0)]).refine((v) => parseLag(v) !== undefined, {
  message: 'expected a lag such as 0, 1d, 2w or 1M',
});

const CatalogEntrySchema = z
  .object({
    kind: z.enum(['price', 'index', 'rate', 'level']),
    frequency: z.enum(['daily', 'weekly', 'monthly', 'quarterly']),
    lag: LagText.optional(),
    file: z.string().optional(),
    column: z.string().optional(),
    description: z.string().optional(),
    source: z.record(z.string(), z.string()).optional(),
  })
  .strict();

const CatalogSchema = z
  .object({
    aliases: z.record(z.string(), z.string()).default({}),
    symbols: z.record(z.string(), CatalogEntrySchema),
  })
  .strict();

export interface CatalogEntry {
  symbol: string;
  kind: SeriesKind;
  frequency: SeriesFrequency;
  lag: Lag;
  /** Path relative to the data directory; undefined means the default places. */
  file?: string;
  column?: string;
  description?: string;
  source?: Record<string, string>;
  /** Where the entry is written, for messages: `catalog.yaml:12:5` (its `file:` when it has one). */
  at?: string;
}

export interface Catalog {
  entries: Map<string, CatalogEntry>;
  aliases: Map<string, string>;
}

/** The catalog shipped in the repository's data/ folder. */
export const DEFAULT_CATALOG_FILE = fileURLToPath(new URL('../../../../data/catalog.yaml', import.meta.url));

/**
 * Prices are known at their close; monthly and quarterly macro series a month after their
 * period ends (a quarter's GDP advance estimate comes about four weeks after the quarter).
 */
export function defaultLag(kind: SeriesKind, frequency: SeriesFrequency): Lag {
  if (!isPriceLike(kind) && (frequency === 'monthly' || frequency === 'quarterly')) return { months: 1, days: 0 };
  return { months: 0, days: 0 };
}

export function loadCatalog(file = DEFAULT_CATALOG_FILE, extraFiles: string[] = [], root?: string): Catalog {
  const catalog: Catalog = { entries: new Map(), aliases: new Map() };
  const read = [file, ...extraFiles].filter((f) => existsSync(f));
  for (const f of read) mergeCatalog(catalog, readCatalogFile(f, f === file ? undefined : root));
  checkAliases(catalog, read.join(', '));
  return catalog;
}

/**
 * An alias must lead to a symbol: not be a symbol of the catalog itself (which would be read
 * under the other's name), and not come back to itself.
 */
function checkAliases(catalog: Catalog, files: string): void {
  for (const [alias, target] of catalog.aliases) {
    if (catalog.entries.has(alias))
      throw new InputError(`catalog alias ${alias}: ${target} names a symbol of the catalog as well (symbols.${alias}): "${alias}" could mean either; expected an alias that is not also a symbol (remove one of them)`, files);
    const chain = [alias, target];
    for (let s = target; catalog.aliases.has(s); ) {
      s = catalog.aliases.get(s)!;
      if (chain.includes(s)) throw new InputError(`catalog aliases form a cycle: ${[...chain, s].join(' -> ')}; expected each alias to lead to a symbol`, files);
      chain.push(s);
    }
  }
}

/** The data directory's own catalog, by path relative to it. */
export const DATA_DIR_CATALOG = 'catalog.yaml';

/** A data directory may carry its own catalog.yaml that adds or overrides symbols. */
export function catalogForDataDir(dataDir: string): Catalog {
  return loadCatalog(DEFAULT_CATALOG_FILE, [join(dataDir, DATA_DIR_CATALOG)], dataDir);
}

function readCatalogFile(file: string, root?: string): Catalog {
  // Parsed with positions, so every problem names the catalog's file and line.
  const lineCounter = new LineCounter();
  const doc = parseDocument(readInputText(file, { what: 'catalog', maxBytes: MAX_BYTES.catalog, root }), { lineCounter, prettyErrors: false });
  const at = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return `${file}:${pos.line}:${pos.col}`;
  };
  if (doc.errors.length) throw new InputError(`the catalog is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`, at(doc.errors[0].pos[0]));
  let special: Scalar | undefined;
  visit(doc, { Pair: (_, pair) => ((special ??= isScalar(pair.key) && isJsSpecialName(pair.key.value) ? pair.key : undefined), special ? visit.BREAK : undefined) });
  if (special) throw new InputError(specialNameMessage(String(special.value), 'a symbol, an alias or a key in a catalog'), at(special.range?.[0]));
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (e) {
    throw new InputError(`the catalog is not valid YAML: ${(e as Error).message}`, at(0));
  }
  const nodeAt = (path: PropertyKey[]) => {
    for (let k = path.length; k > 0; k--) {
      const node = doc.getIn(path.slice(0, k) as string[], true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return node.range[0];
    }
    return 0;
  };
  const parsed = CatalogSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue.code === 'unrecognized_keys' ? ` "${issue.keys.join('", "')}"` : '';
    const node = doc.getIn(issue.path as string[], true);
    const found = isScalar(node) ? `, found ${JSON.stringify(node.value)}` : '';
    throw new InputError(`catalog entry ${issue.path.join('.')}: ${issue.message}${keys}${found}`, at(nodeAt(issue.path)));
  }
  const out: Catalog = { entries: new Map(), aliases: new Map(Object.entries(parsed.data.aliases)) };
  for (const [symbol, e] of Object.entries(parsed.data.symbols)) {
    if (e.file !== undefined && (isAbsolute(e.file) || /^\.\.([/\\]|$)/.test(normalize(e.file))))
      throw new InputError(`catalog entry symbols.${symbol}.file: expected a path inside the data directory (such as daily/${symbol}.csv), found "${e.file}"`, at(nodeAt(['symbols', symbol, 'file'])));
    out.entries.set(symbol, {
      symbol,
      kind: e.kind,
      frequency: e.frequency,
      lag: e.lag !== undefined ? parseLag(e.lag)! : defaultLag(e.kind, e.frequency),
      file: e.file,
      column: e.column,
      description: e.description,
      source: e.source,
      at: at(nodeAt(['symbols', symbol, 'file'])),
    });
  }
  return out;
}

function mergeCatalog(into: Catalog, from: Catalog): void {
  for (const [k, v] of from.entries) into.entries.set(k, v);
  for (const [k, v] of from.aliases) into.aliases.set(k, v);
}

/** The canonical symbol for a name used in a config (aliases such as `gold` resolved). */
export function canonicalSymbol(catalog: Catalog, name: string): string {
  // Aliases may lead to aliases (checked for cycles when the catalog is loaded).
  let symbol = name;
  for (let hops = 0; catalog.aliases.has(symbol) && hops <= catalog.aliases.size; hops++) symbol = catalog.aliases.get(symbol)!;
  return symbol;
}
