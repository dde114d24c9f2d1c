/**
 * `regime server` (issue 15): one process that stays up and runs the commands of this user's
 * `regime` calls, so that each call skips Node's loading, compiling and warming up of the
 * program. A command run here must behave exactly as in its own process, so for the length
 * of a request the server takes on the caller's folder, environment and umask, its output
 * goes back to the caller (control characters escaped, as bin.js does), and it serves one
 * request at a time (a second caller is refused and runs the command itself). A request from
 * another installation or Node, or after the program was rebuilt, is refused too; a rebuild
 * also retires the server for a fresh one. A caller interrupted mid-command takes the server
 * down with the command, as it would take down its own process; a fresh one takes its place.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { unlinkSync } from 'node:fs';
import { escapeControl } from '../output/terminal.js';
import type { Accepted } from './client.js';
import { FRAME, FrameReader, PROTOCOL, frame, identity, identityDifferences, isRunRequest, sameIdentity, type Request, type RunRequest, type ServerStatus } from './protocol.js';
import { socketPath } from './route.js';

/** Says no, and why; the caller runs the command itself. */
function refuse(conn: Socket, reason: string): void {
  conn.end(frame(FRAME.refuse, JSON.stringify({ reason })));
}

/** How long an accepted caller has to say go (it gives up after 250 ms itself). */
const GO_MS = 1000;

export interface ServeOptions {
  /** The server's private folder (route.ts, unsafeDir checked by the caller). */
  dir: string;
  /** Minutes without a request before the server stops; 0: never. */
  idleMinutes: number;
  /** Runs a command as bin.js would (launch.ts) and answers its exit status. */
  launch: (argv: string[]) => Promise<number>;
  /** Why the program on disk is no longer the one loaded here, or undefined while it is. */
  stale: () => string | undefined;
  /** Starts a fresh server once this one has let go of its socket. */
  replace: () => void;
  /** Ends the process (the server's last word). */
  exit: (status: number) => void;
  log: (line: string) => void;
}

export interface RunningServer {
  socket: string;
  status(): ServerStatus;
  /** Lets go of the socket and the signal handlers, without ending the process (tests). */
  close(): void;
}

export function serve(options: ServeOptions): Promise<RunningServer> {
  const { dir, idleMinutes, log } = options;
  const socket = socketPath(dir);
  const own = identity();
  const since = new Date().toISOString();
  let served = 0;
  /** The caller whose command runs, and one accepted that has not said go yet. */
  let active: Socket | undefined;
  let reserved: Socket | undefined;
  let noGo: NodeJS.Timeout | undefined;
  let stopping = false;
  let down = false;
  let idle: NodeJS.Timeout | undefined;
  const server: Server = createServer((conn) => accept(conn));

  const status = (): ServerStatus => ({ pid: process.pid, since, served, busy: busy(), idleMinutes, socket, stopping, differs: [] });

  function armIdle(): void {
    if (idle) clearTimeout(idle);
    idle = idleMinutes > 0 ? setTimeout(() => shutdown(`idle for ${idleMinutes} min`, false, 0), idleMinutes * 60_000) : undefined;
  }

  function close(): void {
    if (idle) clearTimeout(idle);
    if (noGo) clearTimeout(noGo);
    reserved?.destroy();
    for (const [s, h] of ownHandlers) process.off(s, h);
    active?.destroy();
    server.close();
    try {
      unlinkSync(socket);
    } catch {
      // already gone
    }
  }

  /** Lets go of the socket, starts a replacement when asked, and ends the process. */
  function shutdown(why: string, replace: boolean, exitStatus: number): void {
    if (down) return;
    down = true;
    log(`stopping: ${why}`);
    close();
    if (replace) options.replace();
    options.exit(exitStatus);
  }

  function accept(conn: Socket): void {
    const reader = new FrameReader();
    let request: Request | undefined;
    conn.on('error', () => {});
    conn.on('data', (chunk: Buffer) => {
      for (const { kind, payload } of reader.push(chunk)) {
        if (kind === FRAME.request && request === undefined) {
          try {
            request = JSON.parse(payload.toString('utf8')) as Request;
          } catch {
            conn.destroy();
            return;
          }
          handle(conn, request);
        } else if (kind === FRAME.go && conn === reserved) start(conn, request as RunRequest);
        else if (kind === FRAME.signal && conn === active) {
          conn.write(frame(FRAME.signal, '')); // taken: the caller need not stop this process itself
          forward(payload.toString('utf8') as NodeJS.Signals);
        }
      }
    });
    conn.on('close', () => {
      // Accepted, but the caller gave up before its go (it runs the command itself).
      if (conn === reserved) release();
      // The caller went away mid-command (killed): stop the command as its own process would
      // have stopped.
      if (conn === active) shutdown('the caller went away during its command', true, 130);
    });
  }

  function handle(conn: Socket, request: Request): void {
    if (!request || typeof request !== 'object') {
      conn.destroy();
      return;
    }
    // A program rebuilt under the server retires it (a fresh one runs the new code), whatever
    // the request and whichever version of regime sent it.
    const stale = options.stale();
    // Status and stop for any process of this user, of any version (the folder is theirs
    // alone): a server can always be found and stopped. Commands only for twins.
    if (request.kind === 'status' || request.kind === 'stop') {
      if (request.kind === 'stop') stopping = true;
      conn.end(frame(FRAME.status, JSON.stringify({ ...status(), differs: identityDifferences(own, request.identity) })));
      if (stopping && !busy()) shutdown('asked to stop', false, 0);
      else if (stale && !busy()) shutdown(`stale: ${stale}`, true, 0);
      return;
    }
    if (stale) {
      refuse(conn, stale);
      if (!busy()) shutdown(`stale: ${stale}`, true, 0);
      return;
    }
    if (request.identity?.protocol !== PROTOCOL) {
      refuse(conn, `another version of regime (protocol ${String(request.identity?.protocol)}; this server's is ${PROTOCOL}), pid ${process.pid}`);
      return;
    }
    if (!sameIdentity(request.identity, own)) {
      const differs = identityDifferences(own, request.identity);
      refuse(conn, `started differently from this server (${differs.join(', ')})`);
      return;
    }
    if (!isRunRequest(request)) {
      refuse(conn, 'a request of another shape');
      return;
    }
    if (busy() || stopping) {
      refuse(conn, 'busy');
      return;
    }
    if (!canEnter(request.cwd, dir)) {
      refuse(conn, `cannot enter ${request.cwd}`);
      return;
    }
    // Held for this caller until its go: one that waited too long has run the command itself,
    // and one that never says go (stopped, hung) is let go of after GO_MS.
    reserved = conn;
    if (idle) clearTimeout(idle);
    noGo = setTimeout(() => {
      if (reserved !== conn) return;
      // Refused after all: a caller whose go is late runs the command itself.
      refuse(conn, 'no go in time');
      release();
    }, GO_MS);
    conn.write(frame(FRAME.accept, JSON.stringify({ pid: process.pid, idleMinutes } satisfies Accepted)));
  }

  const busy = (): boolean => active !== undefined || reserved !== undefined;

  /** Frees the server after a command, or after a caller that never said go. */
  function release(): void {
    if (noGo) clearTimeout(noGo);
    active = undefined;
    reserved = undefined;
    if (stopping) shutdown('asked to stop', false, 0);
    else armIdle();
  }

  function start(conn: Socket, request: RunRequest): void {
    if (noGo) clearTimeout(noGo);
    reserved = undefined;
    active = conn;
    run(conn, request).then(
      (ran) => {
        if (ran) served++;
        release();
      },
      (e: unknown) => {
        // run() answers every error of the command; this is the server's own (its state is put back).
        log(`internal error: ${(e as Error)?.stack ?? String(e)}`);
        conn.destroy();
        release();
      },
    );
  }

  /** Runs the request's command; false when the caller's folder could not be entered. */
  async function run(conn: Socket, request: RunRequest): Promise<boolean> {
    const restore = takeOn(request, dir, (kind, bytes) => conn.write(frame(kind, bytes)));
    if (!restore) {
      conn.write(frame(FRAME.stderr, `error: the current folder ${escapeControl(request.cwd)} cannot be entered\n`));
      conn.end(frame(FRAME.exit, JSON.stringify({ status: 2 })));
      return false;
    }
    let exitStatus: number;
    try {
      exitStatus = await options.launch(request.argv);
    } catch (e) {
      // launch answers every error itself; this is a failure to load the program.
      process.stderr.write(`internal error: ${(e as Error)?.message ?? String(e)}\n`);
      exitStatus = 1;
    } finally {
      restore();
    }
    conn.end(frame(FRAME.exit, JSON.stringify({ status: exitStatus })));
    return true;
  }

  /** A signal the caller got: the command's own handlers take it, else it stops the command. */
  function forward(signal: NodeJS.Signals): void {
    if (!['SIGINT', 'SIGTERM', 'SIGHUP'].includes(signal)) return;
    const handlers = process.listeners(signal).filter((l) => ownHandlers.get(signal) !== l);
    if (handlers.length > 0) for (const h of handlers) (h as (s: NodeJS.Signals) => void)(signal);
    else shutdown(`${signal} from the caller during its command`, true, 130);
  }

  // A signal to the server itself (`kill`, Ctrl-C on a foreground server) stops it cleanly.
  const ownHandlers = new Map<NodeJS.Signals, () => void>();
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const h = (): void => shutdown(s, false, 0);
    ownHandlers.set(s, h);
    process.on(s, h);
  }

  return new Promise((resolve, reject) => {
    server.once('error', (e) => {
      for (const [s, h] of ownHandlers) process.off(s, h);
      reject(e);
    });
    server.listen(socket, () => {
      server.removeAllListeners('error');
      server.on('error', (e) => log(`socket error: ${e.message}`));
      armIdle();
      log(`listening at ${socket} (pid ${process.pid})`);
      resolve({ socket, status, close });
    });
  });
}

/**
 * Takes on the caller's folder, environment, umask and terminals for one command, and sends
 * what the command writes to `send`; answers the undo, or undefined when the caller's folder
 * cannot be entered (nothing was changed then).
 */
function takeOn(request: RunRequest, home: string, send: (kind: number, bytes: string | Uint8Array) => void): (() => void) | undefined {
  const umask = process.umask(request.umask); // 0–0o777, checked with the request
  try {
    process.chdir(request.cwd);
  } catch {
    process.umask(umask);
    return undefined;
  }
  const env = { ...process.env };
  setEnv(request.env);
  const streams = [
    [process.stdout, FRAME.stdout, request.terminals.stdout],
    [process.stderr, FRAME.stderr, request.terminals.stderr],
  ] as const;
  const saved = streams.map(([stream, kind, terminal]) => {
    const before = { write: stream.write, isTTY: stream.isTTY, columns: stream.columns, hasColors: stream.hasColors };
    stream.write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
      const done = typeof encoding === 'function' ? encoding : callback;
      send(kind, typeof chunk === 'string' ? escapeControl(chunk) : chunk);
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    }) as typeof stream.write;
    stream.isTTY = terminal.isTTY as true;
    stream.columns = terminal.columns as number;
    stream.hasColors = (() => terminal.colors) as typeof stream.hasColors;
    return before;
  });
  return () => {
    streams.forEach(([stream], i) => {
      stream.write = saved[i].write;
      stream.isTTY = saved[i].isTTY as true;
      stream.columns = saved[i].columns;
      stream.hasColors = saved[i].hasColors;
    });
    process.umask(umask);
    setEnv(env);
    goHome(home);
  };
}

function canEnter(folder: string, home: string): boolean {
  try {
    process.chdir(folder);
    return true;
  } catch {
    return false;
  } finally {
    goHome(home);
  }
}

/** Back to the server's own folder between commands (the root when that is gone), never holding a caller's. */
function goHome(home: string): void {
  try {
    process.chdir(home);
  } catch {
    process.chdir('/');
  }
}

function setEnv(env: NodeJS.ProcessEnv): void {
  for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
  for (const [k, v] of Object.entries(env)) if (v !== undefined && process.env[k] !== v) process.env[k] = v;
}
