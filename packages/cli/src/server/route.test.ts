import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { serverDir, serverSocketFor, unsafeDir, unsafeSocket } from './route.js';

const listening: Server[] = [];
afterAll(() => listening.forEach((s) => s.close()));

/** A cache folder whose server/ folder (mode 700) holds a listening socket. */
async function cache(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rc-'));
  mkdirSync(join(dir, 'server'), { mode: 0o700 });
  await socketAt(join(dir, 'server', 'sock'));
  return dir;
}

function socketAt(path: string): Promise<void> {
  const server = createServer();
  listening.push(server);
  return new Promise((resolve) => server.listen(path, resolve));
}

describe('which calls go to the server (serverSocketFor)', () => {
  it("is the cache folder's socket for ordinary commands", async () => {
    const dir = await cache();
    expect(serverSocketFor(['run', 'a.yaml'], { REGIME_CACHE_DIR: dir })).toBe(join(dir, 'server', 'sock'));
    expect(serverSocketFor(['--debug', 'compare', 'a.yaml', 'b.yaml'], { REGIME_CACHE_DIR: dir })).toBe(join(dir, 'server', 'sock'));
  });

  it('is none for --no-cache, REGIME_NO_CACHE, REGIME_NO_SERVER, the server and worker commands, or no socket', async () => {
    const dir = await cache();
    const env = { REGIME_CACHE_DIR: dir };
    expect(serverSocketFor(['run', 'a.yaml', '--no-cache'], env)).toBeUndefined();
    expect(serverSocketFor(['run', 'a.yaml'], { ...env, REGIME_NO_CACHE: '1' })).toBeUndefined();
    expect(serverSocketFor(['run', 'a.yaml'], { ...env, REGIME_NO_SERVER: '1' })).toBeUndefined();
    expect(serverSocketFor(['server', 'stop'], env)).toBeUndefined();
    expect(serverSocketFor(['worker', '--queue', 'redis://x'], env)).toBeUndefined();
    expect(serverSocketFor(['run', 'a.yaml'], { REGIME_CACHE_DIR: mkdtempSync(join(tmpdir(), 'rc-')) })).toBeUndefined();
  });

  it('is none when the folder is open to others or is a link, or the path is too long for a socket', async () => {
    const open = await cache();
    chmodSync(join(open, 'server'), 0o755);
    expect(serverSocketFor(['run', 'a.yaml'], { REGIME_CACHE_DIR: open })).toBeUndefined();
    expect(unsafeDir(join(open, 'server'))).toMatch(/open to other users \(mode 755; expected 700\)/);
    const real = await cache();
    const link = mkdtempSync(join(tmpdir(), 'rc-'));
    symlinkSync(join(real, 'server'), join(link, 'server'));
    expect(serverSocketFor(['run', 'a.yaml'], { REGIME_CACHE_DIR: link })).toBeUndefined();
    expect(unsafeDir(join(link, 'server'))).toMatch(/is not a folder/);
    // A path too long to listen at: a socket made at a short path and moved there.
    let deep = await cache();
    while (deep.length < 120) deep = join(deep, 'a-long-folder-name');
    mkdirSync(join(deep, 'server'), { recursive: true, mode: 0o700 });
    renameSync(join(await cache(), 'server', 'sock'), join(deep, 'server', 'sock'));
    expect(unsafeSocket(join(deep, 'server', 'sock'))).toBeUndefined();
    expect(unsafeDir(join(deep, 'server'))).toBeUndefined();
    expect(serverSocketFor(['run', 'a.yaml'], { REGIME_CACHE_DIR: deep })).toBeUndefined();
  });

  it('is none when the socket is a link or a plain file, or a folder above can be changed by others', async () => {
    const linked = await cache();
    const other = await cache();
    rmSync(join(linked, 'server', 'sock'));
    symlinkSync(join(other, 'server', 'sock'), join(linked, 'server', 'sock'));
    expect(unsafeSocket(join(linked, 'server', 'sock'))).toMatch(/is not a socket/);
    expect(serverSocketFor(['run', 'a.yaml'], { REGIME_CACHE_DIR: linked })).toBeUndefined();
    const plain = await cache();
    rmSync(join(plain, 'server', 'sock'));
    writeFileSync(join(plain, 'server', 'sock'), '');
    expect(serverSocketFor(['run', 'a.yaml'], { REGIME_CACHE_DIR: plain })).toBeUndefined();
    // A world-writable folder without the sticky bit above the cache: anyone could swap it.
    const shared = mkdtempSync(join(tmpdir(), 'rc-'));
    chmodSync(shared, 0o777);
    const inside = join(shared, 'cache');
    mkdirSync(join(inside, 'server'), { recursive: true, mode: 0o700 });
    chmodSync(join(inside, 'server'), 0o700);
    await socketAt(join(inside, 'server', 'sock'));
    expect(unsafeDir(join(inside, 'server'))).toMatch(/can be changed by other users \(mode 777\)/);
    expect(serverSocketFor(['run', 'a.yaml'], { REGIME_CACHE_DIR: inside })).toBeUndefined();
    chmodSync(shared, 0o1777); // sticky, like /tmp: others cannot move what is not theirs
    expect(unsafeDir(join(inside, 'server'))).toBeUndefined();
    expect(serverSocketFor(['run', 'a.yaml'], { REGIME_CACHE_DIR: inside })).toBe(join(inside, 'server', 'sock'));
  });

  it("is none when an argument or a REGIME_ variable names this process's own files (/dev/stdin, /dev/fd/N, /dev/tty, /proc/self/…)", async () => {
    const env = { REGIME_CACHE_DIR: await cache() };
    for (const a of ['/dev/stdin', '/dev/fd/3', '--out=/dev/stdout', '/proc/self/fd/0', '/dev/stderr'])
      expect(serverSocketFor(['validate', a], env)).toBeUndefined();
    expect(serverSocketFor(['validate', 'devices/stdin.yaml'], env)).toBeDefined();
    expect(serverSocketFor(['run', '/dev/tty'], env)).toBeUndefined();
    expect(serverSocketFor(['run', 'a.yaml', '--out', '/dev/tty1-runs'], env)).toBeDefined(); // not the terminal
    expect(serverSocketFor(['run', 'a.yaml'], { ...env, GPG_TTY: '/dev/tty1' })).toBeDefined(); // others' variables
    expect(serverSocketFor(['run', 'a.yaml'], { ...env, REGIME_DATA_DIR: '/dev/fd/3' })).toBeUndefined();
  });

  it('makes a relative cache folder absolute (the server runs in a folder of its own)', () => {
    expect(serverDir({ REGIME_CACHE_DIR: 'rel/cache' })).toBe(join(process.cwd(), 'rel/cache', 'server'));
  });
});
