/**
 * A real Redis and real processes for the cluster tests: Debian's redis-server on 127.0.0.1 on
 * a free port (temp directory, no persistence), `regime worker` and `regime sweep` as child
 * processes of the built CLI. No mock: what the tests see is what a user's machines do.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DATA_DIR, ROOT, requireBuiltCli } from './support.js';

export const REDIS_SERVER = '/usr/bin/redis-server';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export class Proc {
  readonly child: ChildProcess;
  out = '';
  err = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(command: string, args: string[], env: Record<string, string> = {}) {
    this.child = spawn(command, args, { cwd: ROOT, env: { ...process.env, REGIME_DATA_DIR: DATA_DIR, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8').on('data', (d: string) => (this.out += d));
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.err += d));
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves when stdout or stderr matches; rejects after ms. */
  async waitFor(re: RegExp, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!re.test(this.out + this.err)) {
      if (Date.now() > until) throw new Error(`no ${re} within ${ms} ms; output:\n${this.out}\n${this.err}`);
      if (this.child.exitCode !== null) throw new Error(`exited (${this.child.exitCode}) before ${re}; output:\n${this.out}\n${this.err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}

export interface Done {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the built `regime` to its end. */
export async function regimeAsync(args: string[], env: Record<string, string> = {}): Promise<Done> {
  requireBuiltCli();
  const started = Date.now();
  const p = new Proc(process.execPath, [BIN, ...args], env);
  const { code, signal } = await p.exited;
  return { status: code, signal, stdout: p.out, stderr: p.err, ms: Date.now() - started };
}

/** `regime worker` on this Redis; locks short so a dead worker's batch comes back within ~2 s. */
export function startWorker(url: string, args: string[] = [], env: Record<string, string> = {}): Proc {
  requireBuiltCli();
  return new Proc(process.execPath, [BIN, 'worker', '--queue', url, '--lock-duration', '1500', '--stalled-interval', '500', ...args], env);
}

export interface RedisServerOptions {
  /** More redis-server arguments: --requirepass PASS, --user NAME on >PASS ~bull:* …, the --tls-*-file ones. */
  args?: string[];
  /** TLS only: redis-server listens with --tls-port on the free port (and --port 0); url() is rediss://. */
  tls?: boolean;
  /** Arguments cli() gives redis-cli before its own: --user/--pass, --tls --cacert …. */
  cliArgs?: string[];
}

export class RedisServer {
  proc: Proc | undefined;
  readonly dir = mkdtempSync(join(tmpdir(), 'regime-redis-'));
  constructor(
    readonly port: number,
    readonly options: RedisServerOptions = {},
  ) {}

  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: apt-get install redis-server (scripts/test-all.sh does)`);
    const r = new RedisServer(await freePort(), options);
    await r.restart();
    return r;
  }

  url(db = 0): string {
    return `${this.options.tls ? 'rediss' : 'redis'}://127.0.0.1:${this.port}${db ? `/${db}` : ''}`;
  }

  /** Starts (again) on the same port: empty, since nothing is saved. */
  async restart(): Promise<void> {
    const ports = this.options.tls ? ['--port', '0', '--tls-port', String(this.port)] : ['--port', String(this.port)];
    this.proc = new Proc(REDIS_SERVER, [...ports, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, '--protected-mode', 'no', ...(this.options.args ?? [])]);
    await this.proc.waitFor(/Ready to accept connections/, 10_000);
  }

  cli(...args: string[]): string {
    const r = spawnSync('redis-cli', ['-p', String(this.port), ...(this.options.cliArgs ?? []), ...args], { encoding: 'utf8' });
    return r.stdout.trim();
  }

  async stop(): Promise<void> {
    if (!this.proc) return;
    this.proc.kill('SIGKILL');
    await this.proc.exited;
    this.proc = undefined;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
