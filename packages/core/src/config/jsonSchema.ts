/**
 * The config schema as JSON Schema, generated from the zod schema (zod 4's toJSONSchema) so the
 * two never disagree, with the words of reference.ts laid over it for editors' hover help.
 * Draft 7: the draft editors' YAML support (yaml-language-server) and validators know best.
 */
import { z } from 'zod';
import { ConfigSchema } from './schema.js';
import { KEY_NOTES } from './reference.js';

export type JsonSchema = { [key: string]: unknown };

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

/** Which kind of key a record's keys are, for the path: `weights.<symbol>`, `signals.<name>`. */
function keyKind(propertyNames: JsonSchema | undefined): string {
  const pattern = propertyNames?.pattern as string | undefined;
  if (pattern?.startsWith('^[A-Za-z0-9^')) return '<symbol>';
  if (pattern === '^[A-Za-z_][A-Za-z0-9_]*$') return '<name>';
  return '<key>';
}

export interface SchemaEntry {
  path: string;
  schema: JsonSchema;
  /** Whether the key must be given (in its parent object). */
  required: boolean;
}

/**
 * Every key of the schema, depth first, in the schema's order: object properties, record
 * values (`<name>`), list items (`[]`), and the object branches of a union at the same path.
 */
export function schemaEntries(root: JsonSchema): SchemaEntry[] {
  const out: SchemaEntry[] = [];
  const seen = new Set<string>();
  const emit = (path: string, schema: JsonSchema, required: boolean) => {
    if (!seen.has(path)) {
      seen.add(path);
      out.push({ path, schema, required });
    }
    descend(path, schema);
  };
  const descend = (path: string, schema: JsonSchema) => {
    const props = schema.properties as Record<string, JsonSchema> | undefined;
    const req = new Set((schema.required as string[] | undefined) ?? []);
    if (props) for (const [k, v] of Object.entries(props)) emit(path ? `${path}.${k}` : k, v, req.has(k));
    const additional = schema.additionalProperties;
    if (additional && typeof additional === 'object') emit(`${path}.${keyKind(schema.propertyNames as JsonSchema)}`, additional as JsonSchema, false);
    if (schema.items && typeof schema.items === 'object') descend(`${path}[]`, schema.items as JsonSchema);
    for (const branch of (schema.anyOf as JsonSchema[] | undefined) ?? []) descend(path, branch);
  };
  descend('', root);
  return out;
}

/** The bare JSON Schema of the config, as zod generates it (the input side: defaults are optional). */
export function generatedSchema(): JsonSchema {
  return z.toJSONSchema(ConfigSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** The description of a key: the zod schema's own, else reference.ts's, with the unit. */
export function describeKey(path: string, schema: JsonSchema): { description?: string; unit?: string; example?: unknown } {
  const note = KEY_NOTES[path];
  return { description: (schema.description as string | undefined) ?? note?.description, unit: note?.unit, example: note?.example };
}

/** The published JSON Schema: generated, with descriptions, examples and date patterns added. */
export function configJsonSchema(): JsonSchema {
  const root = generatedSchema();
  for (const { path, schema } of schemaEntries(root)) {
    const { description, unit, example } = describeKey(path, schema);
    if (description) schema.description = unit ? `${description} Unit: ${unit}.` : description;
    if (example !== undefined && schema.examples === undefined) schema.examples = [example];
    if (unit?.startsWith('date') && schema.type === 'string' && schema.pattern === undefined) schema.pattern = DATE_PATTERN;
  }
  return {
    $schema: root.$schema,
    title: 'Regime strategy config',
    description: 'A Regime backtest config (YAML). Generated from the zod schema by `regime schema`; reference: docs/config.md.',
    ...Object.fromEntries(Object.entries(root).filter(([k]) => k !== '$schema')),
  };
}
