import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverSocketFor } from './route.js';
import { unsafeDir } from './protocol.js';

/** A cache folder whose server/ folder holds a (pretend) socket file, mode 700. */
function cache(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rc-'));
  mkdirSync(join(dir, 'server'), { mode: 0o700 });
  writeFileSync(join(dir, 'server', 'sock'), '');
  return dir;
}

describe('which calls go to the server (serverSocketFor)', () => {
  it("is the cache folder's socket for ordinary commands", () => {
    const dir = cache();
    expect(serverSocketFor(['run', 'a.yaml'], { REGIME_CACHE_DIR: dir })).toBe(join(dir, 'server', 'sock'));
    expect(serverSocketFor(['--debug', 'compare', 'a.yaml', 'b.yaml'], { REGIME_CACHE_DIR: dir })).toBe(join(dir, 'server', 'sock'));
  });

  it('is none for --no-cache, REGIME_NO_CACHE, REGIME_NO_SERVER, the server and worker commands, or no socket', () => {
    const dir = cache();
    const env = { REGIME_CACHE_DIR: dir };
    expect(serverSocketFor(['run', 'a.yaml', '--no-cache'], env)).toBeUndefined();
    expect(serverSocketFor(['run', 'a.yaml'], { ...env, REGIME_NO_CACHE: '1' })).toBeUndefined();
    expect(serverSocketFor(['run', 'a.yaml'], { ...env, REGIME_NO_SERVER: '1' })).toBeUndefined();
    expect(serverSocketFor(['server', 'stop'], env)).toBeUndefined();
    expect(serverSocketFor(['worker', '--queue', 'redis://x'], env)).toBeUndefined();
    expect(serverSocketFor(['run', 'a.yaml'], { REGIME_CACHE_DIR: mkdtempSync(join(tmpdir(), 'rc-')) })).toBeUndefined();
  });

  it('is none when the folder is open to others or is a link, or the path is too long for a socket', () => {
    const open = cache();
    chmodSync(join(open, 'server'), 0o755);
    expect(serverSocketFor(['run', 'a.yaml'], { REGIME_CACHE_DIR: open })).toBeUndefined();
    expect(unsafeDir(join(open, 'server'))).toMatch(/open to other users \(mode 755; expected 700\)/);
    const real = cache();
    const link = mkdtempSync(join(tmpdir(), 'rc-'));
    symlinkSync(join(real, 'server'), join(link, 'server'));
    expect(serverSocketFor(['run', 'a.yaml'], { REGIME_CACHE_DIR: link })).toBeUndefined();
    expect(unsafeDir(join(link, 'server'))).toMatch(/is not a folder/);
    let deep = cache();
    while (deep.length < 120) {
      deep = join(deep, 'a-long-folder-name');
      mkdirSync(join(deep, 'server'), { recursive: true, mode: 0o700 });
      writeFileSync(join(deep, 'server', 'sock'), '');
    }
    expect(serverSocketFor(['run', 'a.yaml'], { REGIME_CACHE_DIR: deep })).toBeUndefined();
    expect(unsafeDir(join(deep, 'server'))).toBeUndefined();
  });
});
