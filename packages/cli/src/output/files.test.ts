import { spawn } from 'node:child_process';
import fs, { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '@regime/core';
import { writeFileAtomic } from './files.js';

/**
 * "Nothing lost" (issue 8): every output (result.json, the CSVs, reports, starter YAMLs) goes
 * through writeFileAtomic. A write that fails or is killed half-way leaves the previous
 * complete file (or nothing), never a truncated file that looks like a result.
 */
const dir = () => mkdtempSync(join(tmpdir(), 'regime-atomic-'));
const realWriteSync = fs.writeSync;

afterEach(() => {
  fs.writeSync = realWriteSync;
  syncBuiltinESMExports();
});

describe('writeFileAtomic', () => {
  it('writes through a link: the link stays, its target gets the content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'regime-atomic-link-'));
    writeFileSync(join(dir, 'target.csv'), 'old\n');
    symlinkSync('target.csv', join(dir, 'latest.csv'));
    writeFileAtomic(join(dir, 'latest.csv'), 'new\n');
    expect(lstatSync(join(dir, 'latest.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'target.csv'), 'utf8')).toBe('new\n');
    expect(readdirSync(dir).sort()).toEqual(['latest.csv', 'target.csv']);
  });

  it('writes the whole content and leaves no temp file', () => {
    const d = dir();
    const file = join(d, 'out', 'result.json');
    writeFileAtomic(file, '{"a":1}');
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}');
    expect(readdirSync(join(d, 'out'))).toEqual(['result.json']);
  });

  it('a failure half-way through the write keeps the previous complete file and removes the temp file', () => {
    const d = dir();
    const file = join(d, 'result.json');
    writeFileSync(file, '{"complete":"previous run"}');
    // The disk fills up after half of the bytes: the first write call writes half, the next fails.
    let calls = 0;
    fs.writeSync = ((fd: number, buffer: Buffer, offset = 0, length = buffer.length - offset) => {
      calls++;
      if (calls === 1) return realWriteSync(fd, buffer, offset, Math.ceil(length / 2));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }) as typeof fs.writeSync;
    syncBuiltinESMExports();
    const content = JSON.stringify({ complete: 'new run', series: Array.from({ length: 1000 }, (_, i) => i) });
    const error = (() => {
      try {
        writeFileAtomic(file, content);
      } catch (e) {
        return e;
      }
    })();
    expect(calls).toBe(2);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`cannot write ${file}: no space left on the device (ENOSPC); expected a writable output path (--out, --report); nothing was written there`);
    expect(readFileSync(file, 'utf8')).toBe('{"complete":"previous run"}');
    expect(readdirSync(d)).toEqual(['result.json']);
  });

  it('a process killed while writing leaves the previous file whole (at worst a hidden .tmp file)', async () => {
    const d = dir();
    const file = join(d, 'report.html');
    writeFileSync(file, '<html>previous</html>');
    // A child process writes 300 MB through the built writeFileAtomic.
    const built = fileURLToPath(new URL('../../dist/output/files.js', import.meta.url));
    expect(existsSync(built), `${built} (run pnpm build)`).toBe(true);
    const child = spawn(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(built)}); m.writeFileAtomic(${JSON.stringify(file)}, 'x'.repeat(300_000_000));`]);
    // Kill it as soon as the temp file exists: mid-write.
    const started = Date.now();
    while (!readdirSync(d).some((f) => f.endsWith('.tmp')) && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 2));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    expect(readFileSync(file, 'utf8')).toBe('<html>previous</html>');
    expect(readdirSync(d).filter((f) => f !== 'report.html').every((f) => f.startsWith('.report.html.') && f.endsWith('.tmp'))).toBe(true);
  });

  it('an output path that cannot be written is an InputError naming it, without a hang', () => {
    const d = dir();
    writeFileSync(join(d, 'a-file'), '');
    mkdirSync(join(d, 'result.json'));
    const messageOf = (file: string) => {
      try {
        writeFileAtomic(file, 'x');
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(messageOf(join(d, 'a-file', 'out', 'result.json'))).toMatch(/^cannot write .*a-file\/out\/result\.json: a part of the path is a file, not a folder \(ENOTDIR\)/);
    expect(messageOf(join(d, 'result.json'))).toMatch(/^cannot write .*result\.json: it is a folder/);
    // Node 20's recursive mkdirSync never returns under /proc; the folders are made one by one.
    if (existsSync('/proc/self')) expect(messageOf('/proc/regime-no-such-folder/result.json')).toMatch(/its folder cannot be created there \(ENOENT\)/);
    expect(readdirSync(d).sort()).toEqual(['a-file', 'result.json']);
  });
});
