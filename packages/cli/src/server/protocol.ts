/**
 * What the `regime` command and a `regime server` say to each other over the server's Unix
 * socket (issue 15: a command run by a warm process). Loaded by bin.js before anything else,
 * so Node built-ins only.
 *
 * Every message is a frame: one byte saying what it is, four bytes of length (big-endian),
 * then that many bytes. The client sends one request frame and, later, signal frames; the
 * server answers with an accept or a refusal, then the command's output, then its exit status.
 */
import { lstatSync, readFileSync, readlinkSync, realpathSync, type Stats } from 'node:fs';
import { availableParallelism, getPriority } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { userCacheDir } from '../userCacheDir.js';

export const PROTOCOL = 1;

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

/** The server's folder: <cache dir>/server (an absolute path), readable by this user alone (it holds the socket). */
export function serverDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = userCacheDir(env);
  return dir ? join(resolve(dir), 'server') : undefined;
}

export function socketPath(dir: string): string {
  return join(dir, 'sock');
}

/** Linux keeps a socket's path in 108 bytes, the last one a NUL. */
export const MAX_SOCKET_PATH = 107;

/**
 * Why `dir` may not hold this user's socket, or undefined when it may. It must be a folder
 * (not a link) owned by this user that no one else can enter, and no one but this user or
 * root may be able to replace it: every folder above it is theirs, or closed to others'
 * writes, or sticky (like /tmp, where others cannot rename or remove what is not theirs).
 * Anyone who could reach the socket would read every request (arguments, environment) and
 * could answer in the server's place.
 */
export function unsafeDir(dir: string): string | undefined {
  const uid = process.getuid?.();
  let s: Stats;
  try {
    s = lstatSync(dir);
  } catch {
    return `${dir} does not exist`;
  }
  if (!s.isDirectory()) return `${dir} is not a folder`;
  if (uid !== undefined && s.uid !== uid) return `${dir} belongs to another user (uid ${s.uid})`;
  if ((s.mode & 0o077) !== 0) return `${dir} is open to other users (mode ${(s.mode & 0o777).toString(8)}; expected 700)`;
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return `${dir} cannot be resolved`;
  }
  return unsafeAbove(dir, uid) ?? (real === dir ? undefined : unsafeAbove(real, uid));
}

/**
 * Why someone other than this user or root could replace a folder above `path`, or undefined.
 * A link may be replaced by whoever owns it; a folder's entries by whoever may write it, unless
 * it is sticky (then only the entry's owner may). Links are not followed here: the caller also
 * checks the resolved path.
 */
function unsafeAbove(path: string, uid: number | undefined): string | undefined {
  for (let up = dirname(path), below = path; up !== below; below = up, up = dirname(up)) {
    let a: Stats;
    try {
      a = lstatSync(up);
    } catch {
      return `${up} cannot be read`;
    }
    const ours = uid === undefined || a.uid === uid || a.uid === 0;
    if (!ours) return `${up} belongs to another user (uid ${a.uid})`;
    if (!a.isSymbolicLink() && (a.mode & 0o022) !== 0 && (a.mode & 0o1000) === 0)
      return `${up} can be changed by other users (mode ${(a.mode & 0o7777).toString(8)})`;
  }
  return undefined;
}

/** Why the file at `socket` is not this user's socket, or undefined when it is. */
export function unsafeSocket(socket: string): string | undefined {
  let s: Stats;
  try {
    s = lstatSync(socket);
  } catch {
    return `${socket} does not exist`;
  }
  if (!s.isSocket()) return `${socket} is not a socket`;
  const uid = process.getuid?.();
  if (uid !== undefined && s.uid !== uid) return `${socket} belongs to another user (uid ${s.uid})`;
  return undefined;
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
