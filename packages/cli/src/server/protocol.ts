/**
 * What the `regime` command and a `regime server` say to each other over the server's Unix
 * socket (issue 15: a command run by a warm process). Loaded by the client before the rest of
 * the program, so Node built-ins only.
 *
 * Every message is a frame: one byte saying what it is, four bytes of length (big-endian),
 * then that many bytes. The client sends a request; the server answers with an accept or a
 * refusal; after an accept the client says go (or gives up), and later may pass on signals;
 * the server then sends the command's output and its exit status.
 */
import { readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { availableParallelism, getPriority } from 'node:os';

/** Raised when a frame, request or identity changes shape: a server serves commands only to its own protocol. */
export const PROTOCOL = 2;

export const FRAME = {
  /** client → server: the request (JSON). */
  request: 0x71, // q
  /** client → server: a signal the client received (its name); server → client: taken. */
  signal: 0x6b, // k
  /** server → client: the command can run here (JSON, Accepted of client.ts). */
  accept: 0x61, // a
  /** client → server, after an accept in time: run it (else the client runs it itself). */
  go: 0x67, // g
  /** server → client: it does not (JSON { reason }); the client runs the command itself. */
  refuse: 0x72, // r
  /** server → client: bytes for standard output / standard error. */
  stdout: 0x6f, // o
  stderr: 0x65, // e
  /** server → client: the command's exit status (JSON { status }). */
  exit: 0x78, // x
  /** server → client: the answer to a status or stop request (JSON, ServerStatus). */
  status: 0x73, // s
} as const;

/**
 * What makes two processes run the same code the same way; a server serves only its twins.
 * Everything here is fixed when a process starts (or is read by Node or a library only then),
 * so a command could behave differently in a process that differs in any of it.
 */
export interface Identity {
  protocol: number;
  /** The bin.js that started the process (process.argv[1], links resolved). */
  bin: string;
  node: string;
  execPath: string;
  execArgv: string[];
  /** Variables read at start-up: NODE_* (NODE_OPTIONS, NODE_EXTRA_CA_CERTS, …), UV_*, TZ, OpenSSL's. */
  startEnv: Record<string, string>;
  /** The user, group and groups files are read and written as. */
  ids: number[];
  /** CPUs this process may run on (sched affinity, cgroup cpu limits): --jobs defaults follow it. */
  cpus: number;
  priority: number;
  /** The resource limits the process runs under (Linux /proc). */
  limits: string;
  /** The pid namespace: a pid from another one names another process. */
  pidNamespace: string;
}

const START_ENV = /^(NODE_|UV_|SSL_CERT_|OPENSSL_)|^TZ$/;

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function proc(file: string): string {
  try {
    return file.startsWith('/proc/self/ns/') ? readlinkSync(file) : readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function identity(env: NodeJS.ProcessEnv = process.env): Identity {
  const startEnv: Record<string, string> = {};
  for (const k of Object.keys(env).sort()) if (START_ENV.test(k) && env[k] !== undefined) startEnv[k] = env[k]!;
  return {
    protocol: PROTOCOL,
    bin: realPath(process.argv[1] ?? ''),
    node: process.version,
    execPath: process.execPath,
    execArgv: [...process.execArgv],
    startEnv,
    ids: [process.getuid?.() ?? -1, process.getgid?.() ?? -1, ...[...new Set(process.getgroups?.() ?? [])].sort((x, y) => x - y)],
    cpus: availableParallelism(),
    priority: getPriority(),
    limits: proc('/proc/self/limits'),
    pidNamespace: proc('/proc/self/ns/pid'),
  };
}

export function sameIdentity(a: Identity, b: Identity): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What differs between two identities, by name (variables by their names, never their values). */
export function identityDifferences(a: Identity, b: Partial<Identity> | undefined): string[] {
  if (!b || typeof b !== 'object') return ['everything (not a regime call)'];
  const out: string[] = [];
  for (const k of Object.keys(a) as (keyof Identity)[]) {
    if (k === 'startEnv') {
      const other = (b.startEnv ?? {}) as Record<string, string>;
      for (const v of new Set([...Object.keys(a.startEnv), ...Object.keys(other)])) if (a.startEnv[v] !== other[v]) out.push(`$${v}`);
    } else if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out.push(k);
  }
  return out;
}

export interface RunRequest {
  kind: 'run';
  identity: Identity;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  umask: number;
  /** The caller's standard output and error, as commands and commander see them (help wraps at `columns`). */
  terminals: { stdout: Terminal; stderr: Terminal };
}

export interface Terminal {
  isTTY: boolean;
  columns?: number;
  /** hasColors() of a terminal. */
  colors: boolean;
}

export function terminalOf(stream: NodeJS.WriteStream): Terminal {
  const isTTY = stream.isTTY === true;
  return isTTY ? { isTTY, columns: stream.columns, colors: stream.hasColors?.() === true } : { isTTY, colors: false };
}

export type Request = RunRequest | { kind: 'status' | 'stop'; identity: Identity };

export interface ServerStatus {
  /** How the asking process was started differently (identityDifferences): the server runs none of its commands. */
  differs: string[];
  pid: number;
  since: string;
  served: number;
  busy: boolean;
  idleMinutes: number;
  socket: string;
  stopping: boolean;
}

export function frame(kind: number, payload: string | Uint8Array): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const head = Buffer.allocUnsafe(5);
  head[0] = kind;
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

/** Splits a byte stream back into frames, whatever the chunks' boundaries. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): { kind: number; payload: Buffer }[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: { kind: number; payload: Buffer }[] = [];
    let at = 0;
    while (this.pending.length - at >= 5) {
      const length = this.pending.readUInt32BE(at + 1);
      if (this.pending.length - at - 5 < length) break;
      frames.push({ kind: this.pending[at], payload: this.pending.subarray(at + 5, at + 5 + length) });
      at += 5 + length;
    }
    this.pending = this.pending.subarray(at);
    return frames;
  }
}

const isTerminal = (t: unknown): t is Terminal =>
  typeof t === 'object' && t !== null && typeof (t as Terminal).isTTY === 'boolean' && typeof (t as Terminal).colors === 'boolean' && ((t as Terminal).columns === undefined || typeof (t as Terminal).columns === 'number');

/** A run request with every field of the expected type (anything else is refused, never half used). */
export function isRunRequest(r: unknown): r is RunRequest {
  if (typeof r !== 'object' || r === null) return false;
  const q = r as RunRequest;
  return (
    q.kind === 'run' &&
    Array.isArray(q.argv) &&
    q.argv.every((a) => typeof a === 'string') &&
    typeof q.cwd === 'string' &&
    typeof q.env === 'object' &&
    q.env !== null &&
    Object.values(q.env).every((v) => typeof v === 'string') &&
    Number.isInteger(q.umask) &&
    q.umask >= 0 &&
    q.umask <= 0o777 &&
    typeof q.terminals === 'object' &&
    q.terminals !== null &&
    isTerminal(q.terminals.stdout) &&
    isTerminal(q.terminals.stderr)
  );
}
