/**
 * Which `regime` calls go to this user's `regime server` (issue 15): bin.js asks this before
 * anything else loads, so it is cheap (a few file checks) and uses Node built-ins only; the
 * talking itself (client.ts) loads only when a server's socket is there.
 */
import { MAX_SOCKET_PATH, serverDir, socketPath, unsafeDir, unsafeSocket } from './protocol.js';

/** Commands that always run in their own process: the server itself, and the queue's long-lived worker. */
const OWN_PROCESS = new Set(['server', 'worker']);

/**
 * Paths that name this process's own open files or terminal (/dev/stdin, /dev/fd/3, /dev/tty,
 * /proc/self/…): in a server they would name the server's, so a call that gives one runs itself.
 */
const OWN_FILES = /(^|\/)(dev\/(std(in|out|err)|fd\/|tty)|proc\/(self|thread-self)\/)/;

/** The socket to use for this call, or undefined when the command should run here. */
export function serverSocketFor(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  // --no-cache means a run from nothing: files parsed, code compiled, no warm process.
  if (env.REGIME_NO_SERVER || env.REGIME_NO_CACHE || argv.includes('--no-cache')) return undefined;
  const command = argv.find((a) => !a.startsWith('-'));
  if (command !== undefined && OWN_PROCESS.has(command)) return undefined;
  if (argv.some((a) => OWN_FILES.test(a)) || Object.values(env).some((v) => v !== undefined && OWN_FILES.test(v) && v.startsWith('/'))) return undefined;
  const dir = serverDir(env);
  if (!dir) return undefined;
  const socket = socketPath(dir);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH || unsafeSocket(socket) !== undefined || unsafeDir(dir) !== undefined) return undefined;
  return socket;
}
