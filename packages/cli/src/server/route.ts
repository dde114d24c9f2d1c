/**
 * Which `regime` calls go to this user's `regime server` (issue 15), and where the server
 * lives and who may reach it. bin.js asks this before anything else loads, so it is cheap (a
 * few file checks) and uses Node built-ins only; the talking itself (client.ts, protocol.ts)
 * loads only when a server's socket is there.
 */
import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { userCacheDir } from '../userCacheDir.js';

/** Commands that always run in their own process: the server itself, and the queue's long-lived worker. */
const OWN_PROCESS = new Set(['server', 'worker']);

/**
 * Paths that name this process's own open files or terminal (/dev/stdin, /dev/fd/3, /dev/tty,
 * /proc/self/…): in a server they would name the server's, so a call that gives one runs itself.
 */
const OWN_FILES = /(^|\/)(dev\/(std(in|out|err)|fd\/|tty(?=$|\/))|proc\/(self|thread-self)\/)/;

/** The socket to use for this call, or undefined when the command should run here. */
export function serverSocketFor(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  // --no-cache means a run from nothing: files parsed, code compiled, no warm process.
  if (env.REGIME_NO_SERVER || env.REGIME_NO_CACHE || argv.includes('--no-cache')) return undefined;
  const command = argv.find((a) => !a.startsWith('-'));
  if (command !== undefined && OWN_PROCESS.has(command)) return undefined;
  if (argv.some((a) => OWN_FILES.test(a)) || Object.entries(env).some(([k, v]) => k.startsWith('REGIME_') && v !== undefined && OWN_FILES.test(v))) return undefined;
  const dir = serverDir(env);
  if (!dir) return undefined;
  const socket = socketPath(dir);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH || unsafeSocket(socket) !== undefined || unsafeDir(dir) !== undefined) return undefined;
  return socket;
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
