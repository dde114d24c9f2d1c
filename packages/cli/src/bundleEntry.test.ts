import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleChanged, bundleEntry } from './bundleEntry.js';

/** The bundle runs only while every module it was built from is unchanged on disk. */
function layout() {
  const dist = mkdtempSync(join(tmpdir(), 'regime-bundle-'));
  mkdirSync(join(dist, 'bundle'));
  writeFileSync(join(dist, 'run.js'), 'export {}');
  writeFileSync(join(dist, 'bundle', 'launch.js'), 'export {}');
  const s = statSync(join(dist, 'run.js'));
  writeFileSync(join(dist, 'bundle', 'stamp.json'), JSON.stringify([['../run.js', s.size, s.mtimeMs]]));
  return { dist, bundle: new URL(`${pathToFileURL(join(dist, 'bundle')).href}/`) };
}

describe('bundleEntry', () => {
  it('is the bundle when every stamped module has its size and time', () => {
    const { bundle } = layout();
    expect(bundleEntry(bundle, './launch.js')).toBe(new URL('launch.js', bundle).href);
  });

  it('falls back when a module was rebuilt (new time), changed size, or is gone', () => {
    const a = layout();
    utimesSync(join(a.dist, 'run.js'), new Date(), new Date(Date.now() + 5000));
    expect(bundleEntry(a.bundle, './launch.js')).toBe('./launch.js');
    const b = layout();
    const t = statSync(join(b.dist, 'run.js'));
    writeFileSync(join(b.dist, 'run.js'), 'export {} // longer');
    utimesSync(join(b.dist, 'run.js'), t.atime, t.mtime);
    expect(bundleEntry(b.bundle, './launch.js')).toBe('./launch.js');
    const c = layout();
    writeFileSync(join(c.dist, 'bundle', 'stamp.json'), JSON.stringify([['../gone.js', 1, 1]]));
    expect(bundleEntry(c.bundle, './launch.js')).toBe('./launch.js');
  });

  it('falls back without a bundle or with a broken stamp', () => {
    const { dist, bundle } = layout();
    writeFileSync(join(dist, 'bundle', 'stamp.json'), '[["../run.js", 1');
    expect(bundleEntry(bundle, './launch.js')).toBe('./launch.js');
    expect(bundleEntry(new URL('file:///nonexistent/bundle/'), './launch.js')).toBe('./launch.js');
  });
});

describe('bundleChanged (a server checks the program it runs before every command)', () => {
  it('is undefined while the stamp and the modules are as they were', () => {
    const { dist, bundle } = layout();
    const stamp = readFileSync(join(dist, 'bundle', 'stamp.json'), 'utf8');
    expect(bundleChanged(bundle, stamp)).toBeUndefined();
  });

  it('says so after a rebuild (a new stamp), a module changed alone, or a stamp gone', () => {
    const a = layout();
    const stamp = readFileSync(join(a.dist, 'bundle', 'stamp.json'), 'utf8');
    writeFileSync(join(a.dist, 'bundle', 'stamp.json'), stamp.replace(']]', ',1]]'));
    expect(bundleChanged(a.bundle, stamp)).toMatch(/rebuilt/);
    const b = layout();
    const stampB = readFileSync(join(b.dist, 'bundle', 'stamp.json'), 'utf8');
    writeFileSync(join(b.dist, 'run.js'), 'export const x = 1;');
    expect(bundleChanged(b.bundle, stampB)).toMatch(/modules on disk changed/);
    const c = layout();
    const stampC = readFileSync(join(c.dist, 'bundle', 'stamp.json'), 'utf8');
    rmSync(join(c.dist, 'bundle', 'stamp.json'));
    expect(bundleChanged(c.bundle, stampC)).toMatch(/rebuilt/);
  });
});
