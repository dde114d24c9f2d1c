// `regime server` end to end (issue 15): commands run by a warm server must give what they
// give in their own process — terminal output, exit status, files — for the caller's folder,
// environment and umask; and a server that is busy, gone, killed or interrupted must never
// lose or garble a command.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, DATA_DIR, ROOT, regime, requireBuiltCli, requireData, type CliResult } from './support.js';

const CONFIG = resolve(ROOT, 'configs/sixty-forty-vol-target.yaml');
let cache: string;
let scratch: string;

/** regime with this test's cache folder: through its server unless `own` (REGIME_NO_SERVER). */
function call(args: string[], own = false, extra: Record<string, string> = {}): CliResult {
  return regime(args, { REGIME_CACHE_DIR: cache, REGIME_NO_SERVER: own ? '1' : '', ...extra });
}

interface Status {
  running: boolean;
  pid?: number;
  served?: number;
  busy?: boolean;
}
const status = (): Status => JSON.parse(call(['server', 'status', '--json']).stdout) as Status;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: () => T, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  for (let waited = 0; ; waited += 50) {
    const v = what();
    if (ok(v) || waited > ms) return v;
    await sleep(50);
  }
}
/** Resolves once a sweep's progress line reached its caller's stderr (it shows after a second); the stderr so far, growing. */
function progressOf(p: ChildProcess): Promise<{ text: string }> {
  const seen = { text: '' };
  return new Promise((resolve, reject) => {
    p.stderr!.on('data', (c: Buffer) => {
      seen.text += c.toString();
      if (seen.text.includes('sweep: ')) resolve(seen);
    });
    p.on('exit', () => reject(new Error(`the sweep ended before any progress: ${seen.text}`)));
  });
}
/** The "(123 ms)" of "wrote …" differs between any two runs. */
const timeless = (s: string) => s.replace(/\(\d+ ms\)/g, '(N ms)');
const folderBytes = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

beforeAll(() => {
  requireBuiltCli();
  requireData();
  // Short: a socket's path has at most 107 bytes.
  cache = mkdtempSync(join(tmpdir(), 'rsrv-'));
  scratch = mkdtempSync(join(tmpdir(), 'rsrv-out-'));
  const started = call(['server', 'start']);
  expect(started.stderr).toBe('');
  expect(started.stdout).toMatch(/^regime server: started \(pid \d+\)/);
  expect(started.status).toBe(0);
});

afterAll(() => {
  call(['server', 'stop']);
  const left = status(); // a test that failed midway may leave one running
  if (left.running && left.pid) process.kill(left.pid, 'SIGKILL');
  rmSync(cache, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

describe('regime server', () => {
  it('runs a config exactly as its own process does: terminal, files, status', () => {
    const before = status();
    expect(before).toMatchObject({ running: true, busy: false });
    const served = call(['run', CONFIG, '--out', join(scratch, 'served')]);
    const own = call(['run', CONFIG, '--out', join(scratch, 'own')], true);
    expect(served.status).toBe(0);
    expect(served.stdout).toBe(own.stdout);
    expect(timeless(served.stderr)).toBe(timeless(own.stderr).replaceAll('/own/', '/served/'));
    expect(folderBytes(join(scratch, 'served'))).toEqual(folderBytes(join(scratch, 'own')));
    expect(status().served).toBe(before.served! + 1);
  });

  it('answers bad input as its own process does: the message, exit 2, no stack', () => {
    const before = status().served!;
    for (const name of ['capital-text', 'benchmark-unknown', 'allocation-undeclared-regime']) {
      const file = resolve(ROOT, 'test/bad-inputs', name, 'config.yaml');
      const served = call(['run', file, '--out', join(scratch, 'bad')]);
      expect(served.status).toBe(2);
      expect(served).toEqual(call(['run', file, '--out', join(scratch, 'bad')], true));
    }
    const file = resolve(ROOT, 'test/bad-inputs/capital-text/config.yaml');
    const served = call(['run', file, '--out', join(scratch, 'bad'), '--debug']);
    expect(served.status).toBe(2);
    // --debug shows the stack, as in its own process (whose deeper frames differ)
    expect(served.stderr.split('\n')[0]).toBe(call(['run', file, '--out', join(scratch, 'bad'), '--debug'], true).stderr.split('\n')[0]);
    expect(served.stderr).toMatch(/\n\s+at /);
    expect(call(['run', file]).stderr).not.toMatch(/\n\s+at /);
    expect(call(['run', 'no-such.yaml']).stderr).toBe(call(['run', 'no-such.yaml'], true).stderr);
    expect(status().served).toBe(before + 6); // each served call above was the server's
  });

  it("uses each caller's folder and environment (relative paths, REGIME_DATA_DIR)", () => {
    const before = status().served!;
    const rel = spawnSync(process.execPath, [BIN, 'validate', 'sixty-forty.yaml', 'gold-only.yaml'], {
      cwd: resolve(ROOT, 'configs'),
      encoding: 'utf8',
      env: { ...process.env, REGIME_DATA_DIR: DATA_DIR, REGIME_CACHE_DIR: cache, REGIME_NO_SERVER: '' },
    });
    expect(rel.status).toBe(0);
    expect(rel.stdout).toMatch(/sixty-forty\.yaml/);
    const empty = mkdtempSync(join(tmpdir(), 'rsrv-data-'));
    const served = call(['run', CONFIG, '--out', join(scratch, 'nodata')], false, { REGIME_DATA_DIR: empty });
    const own = call(['run', CONFIG, '--out', join(scratch, 'nodata')], true, { REGIME_DATA_DIR: empty });
    expect(served.status).toBe(2);
    expect(served.stderr).toMatch(/no local data for SPY/);
    expect(served).toEqual(own);
    expect(status().served).toBe(before + 2);
  });

  it("writes files with the caller's umask", () => {
    const before = status().served!;
    const modes = (dir: string) => readdirSync(dir).map((f) => (statSync(join(dir, f)).mode & 0o777).toString(8));
    for (const [mask, own] of [['077', '1'], ['077', ''], ['022', '']]) {
      const out = join(scratch, `umask-${mask}-${own ? 'own' : 'served'}`);
      const r = spawnSync('sh', ['-c', `umask ${mask}; exec "$0" "$@"`, process.execPath, BIN, 'run', CONFIG, '--out', out], {
        encoding: 'utf8',
        env: { ...process.env, REGIME_DATA_DIR: DATA_DIR, REGIME_CACHE_DIR: cache, REGIME_NO_SERVER: own },
      });
      expect(r.status).toBe(0);
      expect(new Set(modes(out))).toEqual(new Set([mask === '077' ? '600' : '644']));
    }
    expect(status().served).toBe(before + 2);
  });

  it('on a terminal: help wraps at its width and sweep progress rewrites its line, as in its own process', () => {
    // script(1) (util-linux) gives the command a pseudo-terminal 150 columns wide.
    const onTerminal = (command: string, own: boolean) =>
      spawnSync('script', ['-qc', `stty cols 150; ${command}`, '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, REGIME_DATA_DIR: DATA_DIR, REGIME_CACHE_DIR: cache, REGIME_NO_SERVER: own ? '1' : '' },
      });
    const help = `"${process.execPath}" "${BIN}" sweep --help`;
    const served = onTerminal(help, false);
    expect(served.status).toBe(0);
    expect(served.stdout).toBe(onTerminal(help, true).stdout);
    expect(served.stdout).toMatch(/\n {2}--data-dir <dir> {2,}data directory \(default: \$REGIME_DATA_DIR, else the repository data\/\)/); // one line at 150 columns
    const before = status().served!;
    const sweep = onTerminal(`"${process.execPath}" "${BIN}" sweep "${resolve(ROOT, 'bench/sweep-trend.yaml')}" --grid costs.commission_bps=0:30:1 --top 1 > /dev/null`, false);
    expect(sweep.status).toBe(0);
    expect(sweep.stdout).toMatch(/\rsweep: \d+\/8711 trials/);
    expect(sweep.stdout).not.toContain('\\u000d');
    expect(status().served).toBe(before + 1);
  });

  it('is bypassed by --no-cache and by another Node command line, with the same results', () => {
    const before = status().served!;
    const noCache = call(['run', CONFIG, '--out', join(scratch, 'nocache'), '--no-cache']);
    expect(noCache.status).toBe(0);
    const flags = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', BIN, 'run', CONFIG, '--out', join(scratch, 'flags')], {
      encoding: 'utf8',
      env: { ...process.env, REGIME_DATA_DIR: DATA_DIR, REGIME_CACHE_DIR: cache, REGIME_NO_SERVER: '' },
    });
    expect(flags.status).toBe(0);
    expect(status().served).toBe(before);
    expect(folderBytes(join(scratch, 'flags'))).toEqual(folderBytes(join(scratch, 'nocache')));
  });

  it('a call while the server is deep in another command runs itself at once, rather than wait', async () => {
    const env = { ...process.env, REGIME_DATA_DIR: DATA_DIR, REGIME_CACHE_DIR: cache, REGIME_NO_SERVER: '' };
    const before = status().served!;
    const sweep = spawn(process.execPath, [BIN, 'sweep', resolve(ROOT, 'bench/sweep-trend.yaml'), '--grid', 'costs.commission_bps=0:60:1', '--top', '1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const order: string[] = [];
    const sweepDone = new Promise<number | null>((done) => sweep.on('exit', (code) => (order.push('sweep'), done(code))));
    await progressOf(sweep);
    const quick = await new Promise<{ code: number | null; out: string }>((done) => {
      const q = spawn(process.execPath, [BIN, 'strategies'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      q.stdout.on('data', (c: Buffer) => (out += c.toString()));
      q.on('exit', (code) => (order.push('strategies'), done({ code, out })));
    });
    expect(quick.code).toBe(0);
    expect(quick.out).toBe(call(['strategies'], true).stdout);
    expect(await sweepDone).toBe(0);
    expect(order).toEqual(['strategies', 'sweep']);
    expect(status().served).toBe(before + 1); // the sweep; strategies ran itself
  });

  it('reads /dev/stdin and the like in the calling process (in a server they would be the server\'s)', () => {
    const r = spawnSync(process.execPath, [BIN, 'validate', '/dev/stdin'], {
      input: readFileSync(resolve(ROOT, 'configs/sixty-forty.yaml')),
      encoding: 'utf8',
      env: { ...process.env, REGIME_DATA_DIR: DATA_DIR, REGIME_CACHE_DIR: cache, REGIME_NO_SERVER: '' },
    });
    const own = spawnSync(process.execPath, [BIN, 'validate', '/dev/stdin'], {
      input: readFileSync(resolve(ROOT, 'configs/sixty-forty.yaml')),
      encoding: 'utf8',
      env: { ...process.env, REGIME_DATA_DIR: DATA_DIR, REGIME_CACHE_DIR: cache, REGIME_NO_SERVER: '1' },
    });
    expect([r.status, r.stdout, r.stderr]).toEqual([own.status, own.stdout, own.stderr]);
  });

  it('refuses an --idle a timer cannot hold, with exit 2', () => {
    const r = call(['server', 'start', '--idle', '40000']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--idle: expected a number of minutes from 0 \(never stop\) to 35791/);
  });

  it('starts with a relative REGIME_CACHE_DIR, taking over a start lock whose owner is gone', () => {
    const base = mkdtempSync(join(tmpdir(), 'rsr-'));
    const env = { ...process.env, REGIME_DATA_DIR: DATA_DIR, REGIME_CACHE_DIR: 'c', REGIME_NO_SERVER: '' };
    const here = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: base, env, encoding: 'utf8' });
    mkdirSync(join(base, 'c', 'server'), { recursive: true, mode: 0o700 });
    const gone = spawnSync('true').pid; // a process that has ended
    writeFileSync(join(base, 'c', 'server', 'start.lock'), String(gone));
    const started = here(['server', 'start']);
    expect(started.stdout).toContain(`at ${join(base, 'c', 'server', 'sock')}`);
    expect(started.status).toBe(0);
    expect(readFileSync(join(base, 'c', 'server', 'log'), 'utf8')).toContain(`from pid ${gone}, which is gone`);
    expect(here(['run', CONFIG, '--out', 'o']).status).toBe(0);
    expect(JSON.parse(here(['server', 'status', '--json']).stdout)).toMatchObject({ running: true, served: 1 });
    expect(here(['server', 'stop']).status).toBe(0);
    // an empty lock (a start killed before it wrote its pid), seconds old
    const lock = join(base, 'c', 'server', 'start.lock');
    writeFileSync(lock, '');
    utimesSync(lock, new Date(Date.now() - 10_000), new Date(Date.now() - 10_000));
    expect(here(['server', 'start']).status).toBe(0);
    expect(readFileSync(join(base, 'c', 'server', 'log'), 'utf8')).toContain('from a start that wrote no pid, which is gone');
    expect(here(['server', 'stop']).status).toBe(0);
    rmSync(base, { recursive: true, force: true });
  });

  it('two callers at once: one is served, the other runs itself; both get their whole result', async () => {
    const one = (name: string) =>
      new Promise<number | null>((done) => {
        const p = spawn(process.execPath, [BIN, 'run', CONFIG, '--out', join(scratch, name)], { env: { ...process.env, REGIME_DATA_DIR: DATA_DIR, REGIME_CACHE_DIR: cache, REGIME_NO_SERVER: '' }, stdio: 'ignore' });
        p.on('exit', done);
      });
    const before = status().served!;
    expect(await Promise.all([one('a'), one('b'), one('c')])).toEqual([0, 0, 0]);
    expect(folderBytes(join(scratch, 'b'))).toEqual(folderBytes(join(scratch, 'a')));
    expect(folderBytes(join(scratch, 'c'))).toEqual(folderBytes(join(scratch, 'a')));
    const after = status().served!;
    expect(after).toBeGreaterThan(before);
  });

  it('Ctrl-C stops the command as it would stop its own process (nothing written), and a fresh server takes over', async () => {
    const first = status();
    const csv = join(scratch, 'interrupted.csv');
    const p = spawn(process.execPath, [BIN, 'sweep', resolve(ROOT, 'bench/sweep-trend.yaml'), '--grid', 'costs.commission_bps=0:100:1', '--csv', csv], {
      env: { ...process.env, REGIME_DATA_DIR: DATA_DIR, REGIME_CACHE_DIR: cache, REGIME_NO_SERVER: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<[number | null, string | null]>((done) => p.on('exit', (code, signal) => done([code, signal])));
    await progressOf(p); // the server is deep in the trials: it reads nothing until they are done
    expect(status()).toMatchObject({ running: true, busy: true }); // said after a wait, not hung
    p.kill('SIGINT');
    // Ended by the signal, as its own process would be (a shell's loop stops on that).
    expect(await exited).toEqual([null, 'SIGINT']);
    expect(existsSync(csv)).toBe(false);
    const next = await until(status, (s) => s.running && s.pid !== first.pid);
    expect(next.running).toBe(true);
    expect(next.pid).not.toBe(first.pid);
    expect(call(['run', CONFIG, '--out', join(scratch, 'after-interrupt')]).status).toBe(0);
    expect(status().served).toBe(1);
  });

  it('a server killed mid-command is an error for its caller; later commands run themselves until a new server starts', async () => {
    const first = status();
    const p = spawn(process.execPath, [BIN, 'sweep', resolve(ROOT, 'bench/sweep-trend.yaml'), '--grid', 'costs.commission_bps=0:100:1'], {
      env: { ...process.env, REGIME_DATA_DIR: DATA_DIR, REGIME_CACHE_DIR: cache, REGIME_NO_SERVER: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => p.on('exit', (code) => done(code)));
    const stderr = await progressOf(p);
    process.kill(first.pid!, 'SIGKILL');
    expect(await exited).toBe(1);
    expect(stderr.text).toMatch(/internal error: the regime server stopped before the command finished/);
    expect(existsSync(join(cache, 'server', 'sock'))).toBe(true); // left behind by the killed server
    const alone = call(['run', CONFIG, '--out', join(scratch, 'alone')]);
    expect(alone.status).toBe(0);
    expect(status().running).toBe(false);
    expect(call(['server', 'start']).status).toBe(0);
    expect(status().running).toBe(true);
  });

  it('stops when asked, and says so', () => {
    const s = status();
    const stop = call(['server', 'stop']);
    expect(stop.stdout).toBe(`regime server: stopped (pid ${s.pid}, ${s.served} commands served)\n`);
    expect(status()).toMatchObject({ running: false });
    expect(call(['server', 'stop']).stdout).toBe('regime server: not running\n');
  });
});
