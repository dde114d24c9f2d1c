/**
 * What the `regime` command and a `regime server` say to each other over the server's Unix
 * socket (issue 15: a command run by a warm process). Loaded by bin.js before anything else,
 * so Node built-ins only.
 *
 * Every message is a frame: one byte saying what it is, four bytes of length (big-endian),
 * then that many bytes. The client sends one request frame and, later, signal frames; the
 * server answers with an accept or a refusal, then the command's output, then its exit status.
 */
import { lstatSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { userCacheDir } from '../userCacheDir.js';

export const PROTOCOL = 1;

export const FRAME = {
  /** client → server: the request (JSON). */
  request: 0x71, // q
  /** client → server: a signal the client received (its name); server → client: taken. */
  signal: 0x6b, // k
  /** server → client: the command runs here (JSON, Accepted of client.ts). */
  accept: 0x61, // a
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

/** What makes two processes run the same code the same way; a server serves only its twins. */
export interface Identity {
  protocol: number;
  /** The bin.js that started the process (process.argv[1]). */
  bin: string;
  node: string;
  execPath: string;
  execArgv: string[];
  /** Read by Node at start-up only: a difference could change what runs or how dates read. */
  nodeOptions: string;
  tz: string;
}

export function identity(env: NodeJS.ProcessEnv = process.env): Identity {
  return {
    protocol: PROTOCOL,
    bin: process.argv[1] ?? '',
    node: process.version,
    execPath: process.execPath,
    execArgv: [...process.execArgv],
    nodeOptions: env.NODE_OPTIONS ?? '',
    tz: env.TZ ?? '',
  };
}

export function sameIdentity(a: Identity, b: Identity): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
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

/** The server's folder: <cache dir>/server, readable by this user alone (it holds the socket). */
export function serverDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = userCacheDir(env);
  return dir ? join(dir, 'server') : undefined;
}

export function socketPath(dir: string): string {
  return join(dir, 'sock');
}

/** Linux keeps a socket's path in 108 bytes, the last one a NUL. */
export const MAX_SOCKET_PATH = 107;

/**
 * Why `dir` may not hold this user's socket, or undefined when it may: a folder (not a link)
 * owned by this user that no one else can enter. Anyone who could would read every request
 * (arguments, environment) and could answer in the server's place.
 */
export function unsafeDir(dir: string, stats?: Stats): string | undefined {
  let s: Stats | undefined = stats;
  if (!s) {
    try {
      s = lstatSync(dir);
    } catch {
      return `${dir} does not exist`;
    }
  }
  if (!s.isDirectory()) return `${dir} is not a folder`;
  const uid = process.getuid?.();
  if (uid !== undefined && s.uid !== uid) return `${dir} belongs to another user (uid ${s.uid})`;
  if ((s.mode & 0o077) !== 0) return `${dir} is open to other users (mode ${(s.mode & 0o777).toString(8)}; expected 700)`;
  return undefined;
}
