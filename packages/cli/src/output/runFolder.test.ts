import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { checkRunFolder, writeRunFolder, type FileContent } from './runFolder.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'regime-run-folder-'));
const contents = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((n) => [n, readFileSync(join(dir, n), 'utf8')]));

describe('writeRunFolder', () => {
  it('writes texts and the texts of functions, each made in order just before it is written', async () => {
    const parent = scratch();
    const out = join(parent, 'o');
    const made: string[] = [];
    const big = 'x'.repeat(3_000_000) + 'é';
    const files = new Map<string, FileContent>([
      ['result.json', () => (made.push('result.json'), big)],
      ['equity.csv', 'date,equity_USD\n'],
      ['weights.csv', () => (made.push('weights.csv'), '')],
    ]);
    await writeRunFolder(out, files);
    expect(made).toEqual(['result.json', 'weights.csv']);
    expect(contents(out)).toEqual({ 'equity.csv': 'date,equity_USD\n', 'result.json': big, 'weights.csv': '' });
    expect(statSync(join(out, 'result.json')).size).toBe(3_000_002); // é is two bytes in UTF-8
    expect(readdirSync(parent)).toEqual(['o']); // no staging folder left beside it
  });

  it('replaces a previous run folder as a whole', async () => {
    const parent = scratch();
    const out = join(parent, 'o');
    mkdirSync(out);
    writeFileSync(join(out, 'signals.csv'), 'old');
    writeFileSync(join(out, 'result.json'), 'old');
    await writeRunFolder(out, [['result.json', () => 'new']]);
    expect(contents(out)).toEqual({ 'result.json': 'new' });
    expect(readdirSync(parent)).toEqual(['o']);
  });

  it('when making a file fails, the previous folder stays as it was and nothing is left beside it', async () => {
    const parent = scratch();
    const out = join(parent, 'o');
    mkdirSync(out);
    writeFileSync(join(out, 'result.json'), 'previous run');
    const failing = new Map<string, FileContent>([
      ['result.json', () => 'y'.repeat(2_000_000)], // its write is under way when the next file fails
      [
        'equity.csv',
        () => {
          throw new Error('formatting failed');
        },
      ],
    ]);
    await expect(writeRunFolder(out, failing)).rejects.toThrow('formatting failed');
    expect(contents(out)).toEqual({ 'result.json': 'previous run' });
    expect(readdirSync(parent)).toEqual(['o']);
  });

  it('an error making a file is that error, even one with a file system code, not a message about the output path', async () => {
    const parent = scratch();
    const out = join(parent, 'o');
    const unreadable = Object.assign(new Error("EACCES: permission denied, open '/somewhere/uPlot.min.css'"), { code: 'EACCES' });
    const files = new Map<string, FileContent>([
      ['result.json', '{}'],
      [
        'report.html',
        () => {
          throw unreadable;
        },
      ],
    ]);
    const error = await writeRunFolder(out, files).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBe(unreadable);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('a file name given twice fails the write (each file is created new) and keeps the previous folder', async () => {
    const parent = scratch();
    const out = join(parent, 'o');
    mkdirSync(out);
    writeFileSync(join(out, 'result.json'), 'previous run');
    await expect(
      writeRunFolder(out, [
        ['result.json', 'a'],
        ['result.json', 'b'],
      ]),
    ).rejects.toThrow(/EEXIST|exists/);
    expect(contents(out)).toEqual({ 'result.json': 'previous run' });
    expect(readdirSync(parent)).toEqual(['o']);
  });
});

describe('checkRunFolder', () => {
  it('refuses a file, and a folder holding what no run wrote; passes a run folder and a path that does not exist', () => {
    const parent = scratch();
    writeFileSync(join(parent, 'f'), 'x');
    expect(() => checkRunFolder(join(parent, 'f'))).toThrow(/expected a folder, found a file/);
    mkdirSync(join(parent, 'mine'));
    writeFileSync(join(parent, 'mine', 'notes.txt'), 'keep');
    expect(() => checkRunFolder(join(parent, 'mine'))).toThrow(/holds a file that no run wrote \(notes.txt\)/);
    mkdirSync(join(parent, 'run'));
    writeFileSync(join(parent, 'run', 'result.json'), '{}');
    expect(() => checkRunFolder(join(parent, 'run'))).not.toThrow();
    expect(() => checkRunFolder(join(parent, 'none'))).not.toThrow();
    expect(() => checkRunFolder(join(parent, 'f', 'below'))).not.toThrow(); // the folder's making reports it
  });

  it('never fails while another run keeps moving the folder aside and back (concurrent runs into one --out)', async () => {
    const parent = scratch();
    const out = join(parent, 'o');
    mkdirSync(out);
    writeFileSync(join(out, 'result.json'), '{}');
    // Another process renames the folder away and back as fast as it can, as place() does.
    const mover = spawn(process.execPath, ['-e', `const fs = require('fs'); const a = ${JSON.stringify(out)}, b = a + '.aside'; for (const end = Date.now() + 1500; Date.now() < end; ) { try { fs.renameSync(a, b); fs.renameSync(b, a); } catch {} }`]);
    const stopped = new Promise((done) => mover.on('close', done));
    await new Promise((started) => setTimeout(started, 100));
    let checks = 0;
    const errors: unknown[] = [];
    for (const end = Date.now() + 800; Date.now() < end; checks++)
      try {
        checkRunFolder(out);
      } catch (e) {
        errors.push(e);
      }
    await stopped;
    expect(errors).toEqual([]);
    expect(checks).toBeGreaterThan(1000);
  });
});
