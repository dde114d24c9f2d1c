import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONFIGS_DIR, SCHEMA_FILE, configMarkdownText, schemaJsonText, shippedConfigFiles } from '@regime/cli';
import { DATA_DIR, ROOT, regime } from './support.js';

/**
 * The published JSON Schema and docs/config.md are generated from the zod schema: the shipped
 * files must be what `regime schema` prints today, and every shipped config must validate
 * against the file with an independent validator (ajv), not only with zod.
 */
const HEADER = '# yaml-language-server: $schema=../schema/regime.schema.json';
const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describe('the JSON Schema and the config reference', () => {
  it('are up to date with the zod schema (run `pnpm build && pnpm schema:update` when this fails)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaJsonText());
    expect(readFileSync(join(ROOT, 'docs/config.md'), 'utf8')).toBe(configMarkdownText());
  });

  it('validates every shipped config, each of which names the schema on its first line', () => {
    const files = [...shippedConfigFiles(), join(ROOT, 'bench/ten-assets.yaml')];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text.split('\n')[0], file).toBe(HEADER);
      const ok = validate(parse(text));
      expect(ok, `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('refuses what zod refuses: an unknown key, a wrong enum, a negative cost, a date that is not a date', () => {
    const base = parse(readFileSync(join(CONFIGS_DIR, 'sixty-forty.yaml'), 'utf8'));
    expect(validate(base)).toBe(true);
    expect(validate({ ...base, benchmrk: 'SPY' })).toBe(false);
    expect(validate({ ...base, rebalance: { every: 'fortnightly' } })).toBe(false);
    expect(validate({ ...base, costs: { commission_bps: -2 } })).toBe(false);
    expect(validate({ ...base, period: { start: '1st of May' } })).toBe(false);
    expect(validate({ ...base, overlays: [{ vol_target: { target: 0.1 }, caps: { gross: 1 } }] })).toBe(false);
  });

  it('documents every key of the schema, every: never, sensitivities and the symbol aliases', () => {
    const md = readFileSync(join(ROOT, 'docs/config.md'), 'utf8');
    for (const key of Object.keys(schema.properties)) expect(md).toContain(`| \`${key}\` |`);
    expect(md).toMatch(/\| `rebalance.every` \| [^\n]*"never"[^\n]*`never`: trade only at the start/);
    expect(md).toContain('| `sensitivities[].horizon` | integer ≥ 1 | `21` | bars |');
    expect(md).toContain('| `BTC` | `BTC-USD` |');
    expect(md).toContain('| `costs.commission_bps` | number ≥ 0 | `0` | basis points of traded notional |');
  });

  it('`regime schema` prints the shipped file, `--markdown` the reference', () => {
    const json = regime(['schema']);
    expect(json.status, json.stderr).toBe(0);
    expect(json.stdout).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
    const md = regime(['schema', '--markdown']);
    expect(md.stdout).toBe(readFileSync(join(ROOT, 'docs/config.md'), 'utf8'));
  });

  it('`regime init` writes the schema line and never a period end beyond the data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'regime-init-'));
    const file = join(dir, 'sub', 'gold.yaml');
    const r = regime(['init', 'gold-only', '-o', file, '--data-dir', DATA_DIR]);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    // Outside the repository the schema is named by its file URL; inside, by a relative path.
    const line = text.split('\n')[0];
    expect(line).toBe(`# yaml-language-server: $schema=${pathToFileURL(SCHEMA_FILE).href}`);
    const inside = join(ROOT, 'test-output', 'init', 'x.yaml');
    rmSync(inside, { force: true });
    expect(regime(['init', 'gold-only', '-o', inside, '--data-dir', DATA_DIR]).status).toBe(0);
    expect(readFileSync(inside, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../../schema/regime.schema.json');
    const config = parse(text);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    // gold-only holds GLD: the end is GLD's last date in the data, read here from the file.
    const rows = readFileSync(join(DATA_DIR, 'daily/GLD.csv'), 'utf8').trim().split(/\r?\n/);
    expect(config.period.end).toBe(rows.at(-1)!.split(',')[0]);
    // The config runs without a "period.end is after the data" warning.
    const run = regime(['run', file, '--data-dir', DATA_DIR, '--out', join(dir, 'out')]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('after the last data');
  });
});
