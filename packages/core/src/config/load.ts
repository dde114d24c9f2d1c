import { LineCounter, parseDocument, isMap, isSeq, isScalar, visit, type Document, type Node, type Scalar } from 'yaml';
import type { z } from 'zod';
import { InputError, InputErrors, didYouMean } from '../util/errors.js';
import { isJsSpecialName, specialNameMessage } from '../util/names.js';
import { ConfigSchema, type Config } from './schema.js';
import { MAX_BYTES, readInputText } from '../io/safeRead.js';

export type ConfigPath = readonly (string | number)[];

/** A parsed config with the means to point at any of its keys: `file:line:col`. */
export interface ConfigSource {
  file: string;
  text: string;
  config: Config;
  /** The raw YAML value (before defaults), e.g. for echoing "the config as run". */
  raw: unknown;
  where(path: ConfigPath): string;
}

export function loadConfigFile(file: string): ConfigSource {
  return parseConfigText(readInputText(file, { what: 'YAML config file', maxBytes: MAX_BYTES.config }), file);
}

/**
 * Configs parsed in this process, by file name and text: `regime compare` reads each config to
 * line them up and again to run it, and YAML parsing plus validation was a visible part of
 * its time (issue 15). A hit returns copies of the config and raw value (callers change them,
 * e.g. the period a comparison imposes), so it is the same as parsing again. Only successful
 * parses are kept (an error is worded afresh every time), and only the last few.
 */
const parsed = new Map<string, Omit<ConfigSource, 'file' | 'text'>>();
const PARSED_KEPT = 64;

/** Parses YAML keeping positions, validates it with the zod schema, and words every error. */
export function parseConfigText(text: string, file = '<config>'): ConfigSource {
  const key = `${file}\0${text}`;
  const hit = parsed.get(key);
  if (hit) return { file, text, config: structuredClone(hit.config), raw: structuredClone(hit.raw), where: hit.where };
  const source = parseFresh(text, file);
  if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
  parsed.set(key, { config: structuredClone(source.config), raw: structuredClone(source.raw), where: source.where });
  return source;
}

function parseFresh(text: string, file: string): ConfigSource {
  refuseYaml11(text, file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new InputErrors(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        const said = /call stack/i.test(e.message) ? 'the YAML is nested too deeply (thousands of [ or {): expected a config a few levels deep' : e.message.split('\n')[0];
        return new InputError(`invalid YAML: ${said}`, `${file}:${pos.line}:${pos.col}`);
      }),
    );
  }
  // A list or mapping used as a key (`[a]: 1`, `? {a: 1}`) is never meant in a config.
  let collectionKey: Node | undefined;
  // So is a tagged key whose value is an object (`!!binary`): both would be stringified with a Node warning.
  const plainKey = (key: unknown) => isScalar(key) && (key.value === null || typeof key.value !== 'object');
  visit(doc, { Pair: (_, pair) => ((collectionKey ??= pair.key && !plainKey(pair.key) ? (pair.key as Node) : undefined), collectionKey ? visit.BREAK : undefined) });
  if (collectionKey) {
    const pos = lineCounter.linePos(collectionKey.range?.[0] ?? 0);
    const what = isSeq(collectionKey) ? 'a list' : isMap(collectionKey) ? 'a mapping' : 'a tagged (binary) value';
    throw new InputError(`invalid YAML: expected a plain key such as "name", found ${what} used as a key`, `${file}:${pos.line}:${pos.col}`);
  }
  // A key special to JavaScript (`__proto__`) would vanish in zod's records: refuse it with its line.
  let special: Node | undefined;
  visit(doc, { Pair: (_, pair) => ((special ??= isScalar(pair.key) && isJsSpecialName(pair.key.value) ? (pair.key as Node) : undefined), special ? visit.BREAK : undefined) });
  if (special) {
    const pos = lineCounter.linePos(special.range?.[0] ?? 0);
    throw new InputError(specialNameMessage(String((special as Scalar).value), 'a key or a name in a config'), `${file}:${pos.line}:${pos.col}`);
  }
  const where = (path: ConfigPath) => locate(doc, lineCounter, file, path);
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (e) {
    // An alias without its anchor, or too many aliases (a "billion laughs" document).
    let at = 0;
    visit(doc, { Alias: (_, node) => ((at ||= node.range?.[0] ?? 0), visit.BREAK) });
    const pos = lineCounter.linePos(at);
    throw new InputError(`invalid YAML: ${(e as Error).message}; expected plain values (anchors & and aliases * are not needed in a config)`, `${file}:${pos.line}:${pos.col}`);
  }
  if (text.trim() === '' || (raw === null && !text.split('\n').some((l) => l.trim() !== '' && !l.trim().startsWith('#'))))
    throw new InputError('the config file is empty: expected a YAML mapping with keys such as name, period, universe', `${file}:1`);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new InputError(`expected a YAML mapping with keys such as name, period, universe; found ${describe(raw)}`, `${file}:1`);
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) throw new InputErrors(result.error.issues.map((i) => issueToError(i, doc, where)));
  return { file, text, config: result.data, raw, where };
}

/**
 * YAML 1.1 reads `y`, `yes`, `on` as true, `1:30:00` as the number 5400 and dates as
 * timestamps; a config that asks for it would get messages about values it never wrote.
 */
function refuseYaml11(text: string, file: string): void {
  const m = /^%YAML[ \t]+(1\.[01])\b/m.exec(text);
  if (!m) return;
  const line = text.slice(0, m.index).split('\n').length;
  throw new InputError(
    `the config asks for YAML ${m[1]} (%YAML ${m[1]}), where y, yes, no, on and off are true/false, 1:30:00 is the number 5400 and dates are timestamps; Regime reads YAML 1.2: expected no %YAML line, or %YAML 1.2`,
    `${file}:${line}:1`,
  );
}

function locate(doc: Document, lc: LineCounter, file: string, path: ConfigPath): string {
  // Walk down as far as the path exists, so a missing key points at its parent.
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) break;
      offset = (pair.key as Node)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number' && node.items[key]) {
      node = node.items[key];
      offset = (node as Node).range?.[0] ?? offset;
    } else break;
  }
  const pos = lc.linePos(offset);
  return `${file}:${pos.line}:${pos.col}`;
}

function valueAt(doc: Document, path: ConfigPath): unknown {
  const node = doc.getIn(path as (string | number)[], true);
  return isScalar(node) ? node.value : (node as { toJSON?: () => unknown })?.toJSON?.() ?? node;
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (typeof value === 'string') {
    // What a YAML 1.1 reader would have taken for a number or a boolean is text in YAML 1.2.
    if (/^[-+]?\d+(:[0-5]?\d)+(\.\d*)?$/.test(value)) return `the text "${value}" (YAML 1.2 reads h:m:s as text, not as a base-60 number)`;
    if (/^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/.test(value)) return `the text "${value}" (in YAML 1.2 only true and false are booleans)`;
    return `the text "${value}"`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  if (Array.isArray(value)) return value.length ? 'a list' : 'an empty list';
  if (value instanceof Uint8Array) return 'a binary value (!!binary)';
  return 'a mapping';
}

function keyName(path: ConfigPath): string {
  return path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[') : 'the config';
}

function issueToError(issue: z.core.$ZodIssue, doc: Document, where: (p: ConfigPath) => string): InputError {
  const path = issue.path as (string | number)[];
  const found = valueAt(doc, path);
  const key = keyName(path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const parentShape = shapeKeys(path);
      const [k] = issue.keys;
      return new InputError(
        `unknown key "${k}" in ${key}${didYouMean(k, parentShape)}${parentShape.length ? `; expected one of ${parentShape.join(', ')}` : ''}`,
        where([...path, k]),
      );
    }
    case 'invalid_type':
      if (found === undefined) return new InputError(`missing required key "${key}" (expected ${typeName(issue.expected)})`, where(path));
      return new InputError(`${key}: expected ${typeName(issue.expected)}, found ${describe(found)}`, where(path));
    case 'invalid_key': {
      const name = String(path[path.length - 1]);
      const inner = (issue as { issues?: { message: string }[] }).issues?.[0]?.message;
      return new InputError(`${keyName(path.slice(0, -1))}: "${name}" is not a valid key: ${inner && inner !== 'Invalid input' ? inner : 'expected a name of letters, digits and "_"'}`, where(path));
    }
    case 'invalid_value':
      return new InputError(
        `${key}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, found ${describe(found)}`,
        where(path),
      );
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const limit = small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum;
      const inclusive = (issue as { inclusive?: boolean }).inclusive !== false;
      const origin = (issue as { origin?: string }).origin;
      const expected =
        origin === 'array'
          ? `a list of ${small ? 'at least' : 'at most'} ${limit} item${Number(limit) === 1 ? '' : 's'}`
          : origin === 'string'
            ? small && Number(limit) === 1 ? 'a non-empty text' : `a text of ${small ? 'at least' : 'at most'} ${limit} characters`
            : `a number ${small ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<'} ${limit}`;
      return new InputError(`${key}: expected ${expected}, found ${describe(found)}`, where(path));
    }
    case 'invalid_union': {
      // When the value says which branch it meant (an overlay's kind, regimes with "rules"),
      // report that branch's own problems, which are precise; otherwise what was expected.
      const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? [];
      const keys = found !== null && typeof found === 'object' && !Array.isArray(found) ? Object.keys(found) : [];
      let branch = -1;
      if (path[0] === 'overlays' && path.length === 2 && keys.length) {
        branch = OVERLAY_KINDS.indexOf(keys[0]);
        if (branch < 0)
          return new InputError(`${key}: unknown overlay "${keys[0]}"${didYouMean(keys[0], OVERLAY_KINDS)}; expected one of ${OVERLAY_KINDS.join(', ')}, with its settings`, where([...path, keys[0]]));
      } else if (path[0] === 'regimes' && path.length === 1 && keys.length) branch = keys.includes('rules') ? 0 : 1;
      const chosen = branches[branch];
      if (chosen?.length) {
        const first = chosen.find((i) => i.code === 'unrecognized_keys') ?? chosen[0];
        return issueToError({ ...first, path: [...path, ...first.path] } as z.core.$ZodIssue, doc, where);
      }
      return new InputError(`${key}: ${unionHint(path)}, found ${describe(found)}`, where(path));
    }
    default: {
      // A refinement that already says what is wrong with a whole block ("give either …") needs no "found a mapping".
      const plain = issue.code === 'custom' && found !== null && typeof found === 'object';
      // A unit mistake carries its likely meaning ("did you mean 0.05?"), said after what was found.
      const hint = issue.code === 'custom' ? (issue.params as { hint?: string } | undefined)?.hint : undefined;
      return new InputError(`${key}: ${issue.message.replace(/^Invalid input: /, '')}${plain ? '' : `, found ${describe(found)}`}${hint ? `: ${hint}` : ''}`, where(path));
    }
  }
}

const OVERLAY_KINDS = ['vol_target', 'trend_filter', 'caps'];

/** zod's type names in the words of the messages. */
function typeName(expected: string): string {
  const names: Record<string, string> = {
    string: 'a text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
    record: 'a mapping',
  };
  return names[expected] ?? expected;
}

/** The keys the schema allows at a path, for "did you mean" on unknown keys. */
function shapeKeys(path: ConfigPath): string[] {
  const known: Record<string, string[]> = {
    '': Object.keys(ConfigSchema.shape),
    period: ['start', 'end'],
    rebalance: ['every', 'band', 'band_relative', 'on_regime_change'],
    costs: ['commission_bps', 'slippage_bps', 'borrow_bps', 'financing_spread_bps'],
    cash: ['series', 'rate'],
    execution: ['delay'],
    data: ['max_gap_days', 'lags'],
    regimes: ['rules', 'confirm', 'min_duration', 'default'],
    strategy: ['use', 'params'],
    sweep: ['grid', 'objective'],
  };
  const top = path.filter((p) => typeof p === 'string');
  if (path[0] === 'overlays' && path.length >= 2) {
    const kind = path[2];
    if (kind === 'vol_target') return ['target', 'lookback', 'max_leverage'];
    if (kind === 'trend_filter') return ['lookback', 'assets', 'to'];
    if (kind === 'caps') return ['per_asset', 'gross', 'net'];
    return ['vol_target', 'trend_filter', 'caps'];
  }
  if (path[0] === 'periods' && path.length === 2) return ['start', 'end'];
  return known[top.join('.')] ?? [];
}

function unionHint(path: ConfigPath): string {
  if (path[0] === 'overlays' && path.length === 2) return 'expected an overlay: one of vol_target, trend_filter, caps, with its settings';
  if (path[0] === 'overlays' && path.includes('per_asset')) return 'expected a cap: a number for every asset, or a mapping of asset to cap';
  if (path[0] === 'regimes' && path.length === 1) return 'expected regime rules (name: expression, first true wins) or { rules, confirm, min_duration, default }';
  if (path[0] === 'weights' || path[0] === 'allocations') return 'expected a weight: a number such as 0.6, or an expression in quotes such as "0.25 * score"';
  if (path[0] === 'signals' || path[0] === 'regimes') return 'expected an expression (text), true/false or a number';
  return 'expected a different kind of value';
}
