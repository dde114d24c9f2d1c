import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '@regime/core';
import { bundleChanged, bundleEntry } from '../bundleEntry.js';
import { isAlive } from '../isAlive.js';
import { askServer } from '../server/client.js';
import type { ServerStatus } from '../server/protocol.js';
import { MAX_SOCKET_PATH, serverDir, socketPath, unsafeDir, unsafeSocket } from '../server/route.js';
import { commandRunner } from '../server/runner.js';
import { serve } from '../server/server.js';

/** `regime server start|stop|status`: a warm process for this user's commands (server/server.ts). */
export function registerServerCommand(program: Command): void {
  const server = program
    .command('server')
    .description('keep a warm regime process for this user: every regime command then runs in it, without start-up time (start, stop, status)');
  server
    .command('start')
    .description('start the server in the background (it stops after --idle minutes without a command)')
    .option('--idle <minutes>', 'stop after this many minutes without a command; 0: never', '30')
    .option('--foreground', 'serve in this process, logging to standard error, until stopped')
    .action(async (opts: { idle: string; foreground?: boolean }) => {
      const idle = Number(opts.idle);
      // setTimeout holds at most 2^31 - 1 ms (24.8 days).
      if (!Number.isFinite(idle) || idle < 0 || idle > MAX_IDLE_MINUTES)
        throw new InputError(`--idle: expected a number of minutes from 0 (never stop) to ${MAX_IDLE_MINUTES} (24 days); found "${opts.idle}"`);
      const dir = prepareDir();
      const socket = socketPath(dir);
      const running = await ask(socket, 'status');
      if (running !== undefined) {
        const who = running === 'busy' ? 'busy with a command' : `pid ${running.pid}`;
        if (opts.foreground) throw new InputError(`a regime server is already running (${who}) at ${socket}`);
        process.stdout.write(`regime server: already running (${who}) at ${socket}\n`);
        if (running !== 'busy' && running.differs.length)
          process.stdout.write(`  this process was started differently (${running.differs.join(', ')}): its commands run themselves; \`regime server stop\`, then start it from here, to serve them\n`);
        return;
      }
      if (opts.foreground) await serveHere(dir, idle);
      else await startInBackground(dir, idle);
    });
  server
    .command('stop')
    .description('stop the server (after the command it is running, if any)')
    .action(async () => {
      const socket = knownSocket();
      const answer = socket === undefined ? undefined : await ask(socket, 'stop');
      if (!answer || socket === undefined) {
        process.stdout.write('regime server: not running\n');
        return;
      }
      if (answer === 'busy' || answer.busy) {
        process.stdout.write('regime server: busy with a command; it stops when the command ends\n');
        return;
      }
      for (let waited = 0; existsSync(socket) && waited < 10_000; waited += 50) await sleep(50);
      if (existsSync(socket)) throw new Error(`the regime server (pid ${answer.pid}) said it would stop, and still listens at ${socket} after 10 s`);
      process.stdout.write(`regime server: stopped (pid ${answer.pid}, ${answer.served} commands served)\n`);
    });
  server
    .command('status')
    .description('say whether the server is running, since when, and how many commands it ran')
    .option('--json', 'print the status as JSON')
    .action(async (opts: { json?: boolean }) => {
      const socket = knownSocket();
      const answer = socket === undefined ? undefined : await ask(socket, 'status');
      const running = typeof answer === 'object' ? answer : undefined;
      if (opts.json) process.stdout.write(`${JSON.stringify({ running: running !== undefined || answer === 'busy', ...running, ...(answer === 'busy' ? { busy: true } : {}), socket: socket ?? null })}\n`);
      else if (answer === 'busy') process.stdout.write(`regime server: running, busy with a long command (it answers when that is done); socket ${socket}\n`);
      else if (running) {
        process.stdout.write(describe(running));
        if (running.differs.length)
          process.stdout.write(`  this process was started differently (${running.differs.join(', ')}): its commands run themselves\n`);
      } else process.stdout.write('regime server: not running (start it with `regime server start`)\n');
    });
}

function describe(s: ServerStatus): string {
  const idle = s.idleMinutes > 0 ? `stops after ${s.idleMinutes} min without a command` : 'never stops by itself';
  return `regime server: running (pid ${s.pid}) since ${s.since}, ${s.served} commands served, ${s.busy ? 'running one now' : 'idle'}; ${idle}; socket ${s.socket}\n`;
}

function knownSocket(): string | undefined {
  const dir = serverDir();
  return dir === undefined ? undefined : socketPath(dir);
}

/** askServer, only where the folder and the socket are this user's alone (nothing is said to anyone else). */
async function ask(socket: string, kind: 'status' | 'stop'): ReturnType<typeof askServer> {
  if (unsafeDir(dirname(socket)) !== undefined || unsafeSocket(socket) !== undefined) return undefined;
  return askServer(socket, kind);
}

/** The longest --idle: setTimeout holds at most 2^31 - 1 ms. */
const MAX_IDLE_MINUTES = Math.floor((2 ** 31 - 1) / 60_000);

/** The server's folder, made private to this user; an existing one must be so already (route.ts, unsafeDir). */
function prepareDir(): string {
  const dir = serverDir();
  if (dir === undefined) throw new InputError('regime server: no cache folder (no home folder): set REGIME_CACHE_DIR to a folder of yours');
  const socket = socketPath(dir);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH)
    throw new InputError(`regime server: the socket path ${socket} is ${Buffer.byteLength(socket)} bytes, longer than the ${MAX_SOCKET_PATH} a Unix socket allows: set REGIME_CACHE_DIR to a shorter folder`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new InputError(`regime server: cannot make ${dir}: ${(e as Error).message}`);
  }
  // A folder that was ever open to others may hold what they put there: refused, not repaired.
  const unsafe = unsafeDir(dir);
  if (unsafe) throw new InputError(`regime server: ${unsafe}. Remove the folder (regime makes it again, private) or choose another REGIME_CACHE_DIR`);
  return dir;
}

/** The bundle this process runs (bin.js's folder, bundle/), and its stamp. */
function bundleOf(): { url: URL; stamp: string } {
  const url = new URL('./bundle/', pathToFileURL(process.argv[1] ?? ''));
  if (bundleEntry(url, '', 'launch.cjs') === '')
    throw new InputError('regime server runs the bundled program, and packages/cli/dist/bundle is missing or older than the modules it was built from: run `pnpm build`');
  return { url, stamp: readFileSync(new URL('stamp.json', url), 'utf8') };
}

/** The command line that starts a server in the foreground, with this process's Node and flags. */
function serverArgs(idle: number): string[] {
  return [...process.execArgv, process.argv[1] ?? '', 'server', 'start', '--foreground', '--idle', String(idle)];
}

function spawnServer(dir: string, idle: number, env: NodeJS.ProcessEnv): ReturnType<typeof spawn> {
  const log = openLog(dir);
  try {
    // The server runs in its own folder: it is told the cache folder as an absolute path.
    const child = spawn(process.execPath, serverArgs(idle), { cwd: dir, detached: true, stdio: ['ignore', log, log], env: { ...env, REGIME_CACHE_DIR: dirname(dir) } });
    child.unref();
    return child;
  } finally {
    closeSync(log);
  }
}

/** The server's log (kept across servers, so a replacement's says why the last one stopped), never through a link; started afresh past 1 MB. */
function openLog(dir: string): number {
  const file = join(dir, 'log');
  let big = false;
  try {
    big = lstatSync(file).size > 1 << 20;
  } catch {
    // none yet
  }
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (big ? constants.O_TRUNC : constants.O_APPEND);
  return openSync(file, flags, 0o600);
}

/**
 * Runs `body` while holding <dir>/start.lock, so two servers starting at once never both take
 * the socket (one would unlink the other's). The lock holds its owner's pid; a lock whose owner
 * is gone (a start that was killed) is taken over.
 */
async function withStartLock<T>(dir: string, log: (line: string) => void, body: () => Promise<T>): Promise<T> {
  const lock = join(dir, 'start.lock');
  let said = false;
  for (let waited = 0; ; waited += 25) {
    try {
      const fd = openSync(lock, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        writeSync(fd, String(process.pid));
      } catch (e) {
        rmSync(lock, { force: true });
        throw e;
      } finally {
        closeSync(fd);
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = lockOwner(lock);
      const age = lockAge(lock);
      // Gone: its owner has ended; or no owner written a few seconds after it was made (a start
      // killed between the two); or older than any start takes (its pid reused by another process).
      const gone = owner !== undefined ? !isAlive(owner) : age > 5_000;
      if (gone || age > 60_000) {
        log(`taking over ${lock} from ${owner !== undefined ? `pid ${owner}` : 'a start that wrote no pid'}, which is gone`);
        rmSync(lock, { force: true });
        continue;
      }
      if (!said) log(`waiting for ${lock} (pid ${owner ?? 'unknown'}, another start)`);
      said = true;
      await sleep(25);
    }
  }
  try {
    return await body();
  } finally {
    if (lockOwner(lock) === process.pid) rmSync(lock, { force: true });
  }
}

function lockAge(lock: string): number {
  try {
    return Date.now() - lstatSync(lock).mtimeMs;
  } catch {
    return 0; // just released: try again
  }
}

function lockOwner(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function startInBackground(dir: string, idle: number): Promise<void> {
  bundleOf(); // refuse here, with the reason, rather than in the background
  const child = spawnServer(dir, idle, process.env);
  let exited = false;
  child.once('exit', () => (exited = true));
  const socket = socketPath(dir);
  // As long as the child lives (it may wait for another start's lock), up to two minutes.
  for (let waited = 0; waited < 120_000; waited += 25) {
    const answer = await ask(socket, 'status');
    const listening = typeof answer === 'object' ? answer : undefined;
    if (listening && listening.differs.length === 0) {
      process.stdout.write(`regime server: started (pid ${listening.pid}) at ${socket}; regime commands of this user with this cache folder now run in it. ${listening.idleMinutes > 0 ? `It stops after ${listening.idleMinutes} min without a command` : 'It runs until stopped'}; \`regime server stop\` stops it.\n`);
      return;
    }
    // Another start, from a process started differently, got there first.
    if (listening && exited) throw new InputError(`a regime server started differently (${listening.differs.join(', ')}) took ${socket} first: \`regime server stop\`, then start it from here`);
    if (exited) break;
    await sleep(25);
  }
  let log = '';
  try {
    log = readFileSync(join(dir, 'log'), 'utf8').trim();
  } catch {
    // no log
  }
  throw new Error(`the regime server did not start${log ? `: ${log.split('\n').slice(-5).join(' / ')}` : ''} (log: ${join(dir, 'log')})`);
}

async function serveHere(dir: string, idle: number): Promise<void> {
  const bundle = bundleOf();
  const launch = commandRunner();
  if (!launch) throw new Error('regime server runs through the regime command (bin.js)');
  const env = { ...process.env };
  // The log is this process's standard error as it is now: during a command, process.stderr
  // writes to the caller.
  const stderr = process.stderr.write.bind(process.stderr);
  const socket = socketPath(dir);
  const log = (line: string): boolean => stderr(`[${new Date().toISOString()}] regime server: ${line}\n`);
  await withStartLock(dir, log, async () => {
    // Under the lock: a server that started meanwhile is found, and a socket left by a killed
    // one (nothing answers) is removed before this one takes its place.
    const running = await ask(socket, 'status');
    if (running !== undefined) throw new InputError(`a regime server is already running at ${socket}`);
    rmSync(socket, { force: true });
    await serve({
      dir,
      idleMinutes: idle,
      launch,
      stale: () => bundleChanged(bundle.url, bundle.stamp),
      replace: () => spawnServer(dir, idle, env),
      exit: (status) => process.exit(status),
      log,
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
