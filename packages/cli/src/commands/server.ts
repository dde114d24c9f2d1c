import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '@regime/core';
import { bundleChanged, bundleEntry } from '../bundleEntry.js';
import { askServer } from '../server/client.js';
import { MAX_SOCKET_PATH, serverDir, socketPath, unsafeDir, type ServerStatus } from '../server/protocol.js';
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
      if (!Number.isFinite(idle) || idle < 0) throw new InputError(`--idle: expected a number of minutes, 0 or more; found "${opts.idle}"`);
      const dir = prepareDir();
      const socket = socketPath(dir);
      const running = await askServer(socket, 'status');
      if (running === 'refused') throw new InputError(`a regime server of another installation or Node is listening at ${socket}: stop it with that installation's \`regime server stop\`, or set REGIME_CACHE_DIR`);
      if (running === 'busy') {
        if (opts.foreground) throw new InputError(`a regime server is already running at ${socket} (busy with a command)`);
        process.stdout.write(`regime server: already running at ${socket} (busy with a command)\n`);
        return;
      }
      if (running) {
        if (opts.foreground) throw new InputError(`a regime server is already running (pid ${running.pid}) at ${socket}`);
        process.stdout.write(`regime server: already running (pid ${running.pid}) at ${socket}\n`);
        return;
      }
      if (existsSync(socket)) unlinkSync(socket); // left by a server that was killed
      if (opts.foreground) await serveHere(dir, idle);
      else await startInBackground(dir, idle);
    });
  server
    .command('stop')
    .description('stop the server (after the command it is running, if any)')
    .action(async () => {
      const socket = knownSocket();
      const answer = socket === undefined ? undefined : await askServer(socket, 'stop');
      if (answer === 'refused') throw new InputError(`the regime server at ${socket} belongs to another installation or Node: stop it with that installation's \`regime server stop\``);
      if (!answer || socket === undefined) {
        process.stdout.write('regime server: not running\n');
        return;
      }
      if (answer === 'busy') {
        process.stdout.write('regime server: busy with a command; it stops when the command ends\n');
        return;
      }
      for (let waited = 0; existsSync(socket) && waited < 600_000; waited += 50) await sleep(50);
      process.stdout.write(`regime server: stopped (pid ${answer.pid}, ${answer.served} commands served)\n`);
    });
  server
    .command('status')
    .description('say whether the server is running, since when, and how many commands it ran')
    .option('--json', 'print the status as JSON')
    .action(async (opts: { json?: boolean }) => {
      const socket = knownSocket();
      const answer = socket === undefined ? undefined : await askServer(socket, 'status');
      const running = typeof answer === 'object' ? answer : undefined;
      if (opts.json) process.stdout.write(`${JSON.stringify({ running: running !== undefined || answer === 'busy', ...running, ...(answer === 'busy' ? { busy: true } : {}), socket: socket ?? null, otherInstallation: answer === 'refused' })}\n`);
      else if (answer === 'busy') process.stdout.write(`regime server: running, busy with a long command (it answers when that is done); socket ${socket}\n`);
      else if (answer === 'refused') process.stdout.write(`regime server: one of another installation or Node is listening at ${socket} (this one runs commands itself)\n`);
      else process.stdout.write(running ? describe(running) : 'regime server: not running (start it with `regime server start`)\n');
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

/** The server's folder, made and kept private to this user (protocol.ts, unsafeDir). */
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
  const s = lstatSync(dir);
  if (s.isDirectory() && s.uid === process.getuid?.() && (s.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  const unsafe = unsafeDir(dir);
  if (unsafe) throw new InputError(`regime server: ${unsafe}`);
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

function spawnServer(dir: string, idle: number, env: NodeJS.ProcessEnv, append: boolean): ReturnType<typeof spawn> {
  const log = openSync(join(dir, 'log'), append ? 'a' : 'w', 0o600);
  try {
    const child = spawn(process.execPath, serverArgs(idle), { cwd: dir, detached: true, stdio: ['ignore', log, log], env });
    child.unref();
    return child;
  } finally {
    closeSync(log);
  }
}

async function startInBackground(dir: string, idle: number): Promise<void> {
  bundleOf(); // refuse here, with the reason, rather than in the background
  const child = spawnServer(dir, idle, process.env, false);
  let exited = false;
  child.once('exit', () => (exited = true));
  const socket = socketPath(dir);
  for (let waited = 0; waited < 30_000; waited += 25) {
    const answer = await askServer(socket, 'status');
    if (typeof answer === 'object') {
      process.stdout.write(`regime server: started (pid ${answer.pid}) at ${socket}; regime commands of this user with this cache folder now run in it. ${answer.idleMinutes > 0 ? `It stops after ${answer.idleMinutes} min without a command` : 'It runs until stopped'}; \`regime server stop\` stops it.\n`);
      return;
    }
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
  await serve({
    dir,
    idleMinutes: idle,
    launch,
    stale: () => bundleChanged(bundle.url, bundle.stamp),
    replace: () => spawnServer(dir, idle, env, true),
    exit: (status) => process.exit(status),
    log: (line) => stderr(`[${new Date().toISOString()}] regime server: ${line}\n`),
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
