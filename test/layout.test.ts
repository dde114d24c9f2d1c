/**
 * The package layout holds: dependencies between packages run one way (core ← strategies ←
 * report ← cli, cluster beside report), and no source file imports a module that imports it
 * back. Reads the import lines of every shipped source file (tests excluded).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = join(ROOT, 'packages');

/** Which workspace packages each package may import. */
const ALLOWED: Record<string, string[]> = {
  core: [],
  strategies: ['core'],
  report: ['core'],
  cluster: ['core', 'strategies'],
  cli: ['core', 'strategies', 'report', 'cluster'],
};

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)|(?:^|\n)\s*import\s+'([^']+)'/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
}

const packages = readdirSync(PACKAGES).filter((p) => existsSync(join(PACKAGES, p, 'src')));

describe('package layout', () => {
  it('packages depend one way: core ← strategies ← report ← cli, cluster beside report', () => {
    const wrong: string[] = [];
    for (const pkg of packages)
      for (const file of sourceFiles(join(PACKAGES, pkg, 'src')))
        for (const spec of importsOf(file)) {
          const m = /^@regime\/([^/]+)/.exec(spec);
          if (m && m[1] !== pkg && !(ALLOWED[pkg] ?? []).includes(m[1])) wrong.push(`${relative(ROOT, file)} imports ${spec}`);
        }
    expect(wrong).toEqual([]);
  });

  it('no source file imports a module that imports it back (directly or around a loop)', () => {
    const graph = new Map<string, string[]>();
    for (const pkg of packages)
      for (const file of sourceFiles(join(PACKAGES, pkg, 'src')))
        graph.set(
          file,
          importsOf(file)
            .filter((s) => s.startsWith('.'))
            .map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')))
            .filter((f) => existsSync(f)),
        );
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const g of graph.get(f) ?? []) {
        if (state.get(g) === 'open') cycles.push([...stack.slice(stack.indexOf(g)), g].map((x) => relative(PACKAGES, x)).join(' → '));
        else if (!state.has(g)) visit(g);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
    // The walk itself sees the imports: the CLI's entry reaches its commands.
    expect(graph.get(join(PACKAGES, 'cli', 'src', 'program.ts'))?.length).toBeGreaterThan(0);
  });
});
