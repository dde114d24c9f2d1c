import { mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
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
    // Another process renames the folder away and back as fast as it can, as place() does; it
    // says when it starts, and how many times it moved the folder.
    const mover = spawn(process.execPath, [
      '-e',
      `const fs = require('fs'); const a = ${JSON.stringify(out)}, b = a + '.aside'; let moves = 0; process.stdout.write('go\\n'); for (const end = Date.now() + 1500; Date.now() < end; ) { try { fs.renameSync(a, b); fs.renameSync(b, a); moves += 2; } catch {} } process.stdout.write(moves + '\\n');`,
    ]);
    let said = '';
    const started = new Promise<void>((go) => mover.stdout.on('data', (d) => ((said += d), said.startsWith('go') && go())));
    const stopped = new Promise((done) => mover.on('close', done));
    await started;
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
    expect(checks).toBeGreaterThan(0);
    expect(Number(said.split('\n')[1])).toBeGreaterThan(0); // the folder did move meanwhile
  });

  it('a path it cannot list is left to the write to report, as before (a loop of links)', () => {
    const parent = scratch();
    symlinkSync(join(parent, 'loop'), join(parent, 'loop'));
    expect(() => checkRunFolder(join(parent, 'loop'))).not.toThrow();
  });
});

describe('a killed run', () => {
  /** The pid of a process that has ended. */
  const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

  it('whose previous set was moved aside gets it back before the next run replaces it; nothing is left beside it', async () => {
    const parent = scratch();
    const old = join(parent, `.o.${deadPid()}.deadbeef.old`);
    mkdirSync(old);
    writeFileSync(join(old, 'result.json'), 'previous');
    writeFileSync(join(old, 'notes.txt'), 'mine'); // a foreign file: the set put back must not be replaced
    await expect(writeRunFolder(join(parent, 'o'), [['result.json', 'new']])).rejects.toThrow(/notes.txt/);
    expect(readdirSync(parent)).toEqual(['o']);
    expect(contents(join(parent, 'o'))).toEqual({ 'notes.txt': 'mine', 'result.json': 'previous' });
  });

  it('whose set was superseded by a newer run leaves nothing behind: the newer set is the one replaced', async () => {
    const parent = scratch();
    const out = join(parent, 'o');
    mkdirSync(out);
    writeFileSync(join(out, 'result.json'), 'newer');
    const old = join(parent, `.o.${deadPid()}.deadbeef.old`);
    mkdirSync(old);
    writeFileSync(join(old, 'result.json'), 'older');
    await writeRunFolder(out, [['result.json', 'new']]);
    expect(readdirSync(parent)).toEqual(['o']);
    expect(contents(out)).toEqual({ 'result.json': 'new' });
  });
});
