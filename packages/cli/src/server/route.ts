/**
 * Which `regime` calls go to this user's `regime server` (issue 15): bin.js asks this before
 * anything else loads, so it is cheap (a few file checks) and uses Node built-ins only; the
 * talking itself (client.ts) loads only when a server's socket is there.
 */
import { existsSync } from 'node:fs';
import { MAX_SOCKET_PATH, serverDir, socketPath, unsafeDir } from './protocol.js';

/** Commands that always run in their own process: the server itself, and the queue's long-lived worker. */
const OWN_PROCESS = new Set(['server', 'worker']);

/** The socket to use for this call, or undefined when the command should run here. */
export function serverSocketFor(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  // --no-cache means a run from nothing: files parsed, code compiled, no warm process.
  if (env.REGIME_NO_SERVER || env.REGIME_NO_CACHE || argv.includes('--no-cache')) return undefined;
  const command = argv.find((a) => !a.startsWith('-'));
  if (command !== undefined && OWN_PROCESS.has(command)) return undefined;
  const dir = serverDir(env);
  if (!dir) return undefined;
  const socket = socketPath(dir);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH || !existsSync(socket) || unsafeDir(dir) !== undefined) return undefined;
  return socket;
}
