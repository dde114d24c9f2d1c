/**
 * The client side of `regime server` (issue 15): when this user's server is listening, bin.js
 * hands it the command — arguments, folder, environment, umask — and relays what it writes
 * and its exit status, instead of loading and warming up the whole program in this process.
 * Anything short of an accepted request (no server, another installation or Node, a busy or
 * stale server) answers undefined, and the command runs here as it always did. Loaded by
 * bin.js only when a server's socket is there (route.ts): Node built-ins only.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { FRAME, FrameReader, frame, identity, terminalOf, type RunRequest, type ServerStatus } from './protocol.js';

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/**
 * How long a server has to accept a command: an idle one answers in a millisecond; one deep in
 * another command's computation reads nothing until it is done, and the call does not wait.
 */
const ACCEPT_MS = 250;
/** How long a server has to take a signal before it is stopped the hard way. */
const SIGNAL_ANSWER_MS = 300;

/** What a server says when it can take a command. */
export interface Accepted {
  pid: number;
  idleMinutes: number;
}

/** Starts a server in the background, as `regime server start` does, without waiting for it. */
function replaceServer(idleMinutes: number): void {
  try {
    const args = [...process.execArgv, process.argv[1] ?? '', 'server', 'start', '--idle', String(idleMinutes)];
    spawn(process.execPath, args, { detached: true, stdio: 'ignore' }).unref();
  } catch {
    // the next `regime server start` will
  }
}

/** Ends this process by `signal`, as the signal would have ended it with no server (a shell's loop stops on it). */
function dieBy(signal: NodeJS.Signals): void {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
}

/**
 * Runs argv on the server at `socket`: its exit status, or undefined when the server did not
 * take the command in time (run it here). Once taken, signals this process gets are passed on
 * (the command reacts as it would in its own process), and a server that goes away
 * mid-command is an error.
 */
export function runOnServer(socket: string, argv: string[]): Promise<number | undefined> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const request: RunRequest = {
    kind: 'run',
    identity: identity(),
    argv,
    cwd: process.cwd(),
    env,
    umask: process.umask(),
    terminals: { stdout: terminalOf(process.stdout), stderr: terminalOf(process.stderr) },
  };
  return new Promise((resolve) => {
    const conn = connect(socket);
    const reader = new FrameReader();
    let accepted: Accepted | undefined;
    let settled = false;
    let signalled: NodeJS.Signals | undefined;
    let unanswered: NodeJS.Timeout | undefined;
    // No accept in time: close without a go, so the server never runs it, and run it here.
    const noAnswer = setTimeout(() => settle(undefined), ACCEPT_MS);
    const onSignal = (signal: NodeJS.Signals): void => {
      signalled = signal;
      conn.write(frame(FRAME.signal, signal));
      // A server deep in a computation reads nothing until it is done; a process of its own
      // would have died at once, so the server does now, and a fresh one takes its place.
      if (unanswered) clearTimeout(unanswered);
      unanswered = setTimeout(() => {
        if (settled || !accepted || conn.destroyed) return; // gone already: 'close' settles
        try {
          process.kill(accepted.pid, 'SIGKILL'); // the connection is open: that pid is the server
        } catch {
          // gone already
        }
        replaceServer(accepted.idleMinutes);
        die(signal);
      }, SIGNAL_ANSWER_MS);
    };
    function cleanUp(): void {
      settled = true;
      clearTimeout(noAnswer);
      if (unanswered) clearTimeout(unanswered);
      for (const s of FORWARDED) process.off(s, onSignal);
      conn.destroy();
    }
    function settle(status: number | undefined): void {
      if (settled) return;
      cleanUp();
      resolve(status);
    }
    /** Stopped by a signal: no status to return, and nothing may run here after it. */
    function die(signal: NodeJS.Signals): void {
      cleanUp();
      dieBy(signal);
    }
    conn.on('connect', () => conn.write(frame(FRAME.request, JSON.stringify(request))));
    conn.on('data', (chunk: Buffer) => {
      for (const { kind, payload } of reader.push(chunk)) {
        if (settled) return;
        if (kind === FRAME.accept) {
          clearTimeout(noAnswer);
          accepted = JSON.parse(payload.toString('utf8')) as Accepted;
          for (const s of FORWARDED) process.on(s, onSignal);
          conn.write(frame(FRAME.go, ''));
        } else if (kind === FRAME.signal) clearTimeout(unanswered); // the server took it
        else if (kind === FRAME.refuse) settle(undefined);
        else if (kind === FRAME.stdout) process.stdout.write(payload);
        else if (kind === FRAME.stderr) process.stderr.write(payload);
        else if (kind === FRAME.exit) settle((JSON.parse(payload.toString('utf8')) as { status: number }).status);
      }
    });
    conn.on('error', () => {}); // 'close' follows and decides
    conn.on('close', () => {
      if (settled) return;
      if (!accepted) return settle(undefined); // no server after all (a socket left behind)
      if (signalled) return die(signalled);
      process.stderr.write(`internal error: the regime server stopped before the command finished (its log: ${socket.replace(/sock$/, 'log')})\n`);
      settle(1);
    });
  });
}

/**
 * Asks the server at `socket` for its status (or to stop). A server answers both to any
 * process of the user and any version of regime (server.ts), so: the status; 'busy' when it
 * took the question but did not answer within `waitMs` (it is deep in a command's
 * computation, and reads the question when that is done: a stop still happens); undefined
 * when nothing listens.
 */
export function askServer(socket: string, kind: 'status' | 'stop', waitMs = 2000): Promise<ServerStatus | 'busy' | undefined> {
  return new Promise((resolve) => {
    const conn = connect(socket);
    const reader = new FrameReader();
    let answer: ServerStatus | 'busy' | undefined;
    let timer: NodeJS.Timeout | undefined;
    conn.on('connect', () => {
      conn.write(frame(FRAME.request, JSON.stringify({ kind, identity: identity() })));
      timer = setTimeout(() => {
        answer = 'busy';
        conn.destroy();
      }, waitMs);
    });
    conn.on('data', (chunk: Buffer) => {
      for (const { kind: k, payload } of reader.push(chunk)) {
        if (k === FRAME.status) answer = JSON.parse(payload.toString('utf8')) as ServerStatus;
      }
    });
    conn.on('error', () => {});
    conn.on('close', () => {
      if (timer) clearTimeout(timer);
      resolve(answer);
    });
  });
}
