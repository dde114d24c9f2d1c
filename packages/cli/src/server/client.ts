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
import { constants } from 'node:os';
import { FRAME, FrameReader, frame, identity, terminalOf, type RunRequest, type ServerStatus } from './protocol.js';

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** How long a server has to take a signal before it is stopped the hard way. */
const SIGNAL_ANSWER_MS = 300;

/** What a server says when it takes a command. */
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

/**
 * Runs argv on the server at `socket`: its exit status, or undefined when the server did not
 * take the command (run it here). Once taken, signals this process gets are passed on (the
 * command reacts as it would in its own process), and a server that goes away mid-command is
 * an error.
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
    const onSignal = (signal: NodeJS.Signals): void => {
      if (signalled === signal) process.exit(128 + constants.signals[signal]); // asked twice: stop waiting
      signalled = signal;
      conn.write(frame(FRAME.signal, signal));
      // A server deep in a computation reads nothing until it is done; a process of its own
      // would have died at once, so the server does now, and a fresh one takes its place.
      unanswered = setTimeout(() => {
        if (settled || !accepted) return;
        try {
          process.kill(accepted.pid, 'SIGKILL');
        } catch {
          // gone already
        }
        replaceServer(accepted.idleMinutes);
        settle(128 + constants.signals[signal]);
      }, SIGNAL_ANSWER_MS);
    };
    const settle = (status: number | undefined): void => {
      if (settled) return;
      settled = true;
      if (unanswered) clearTimeout(unanswered);
      for (const s of FORWARDED) process.off(s, onSignal);
      conn.destroy();
      resolve(status);
    };
    conn.on('connect', () => conn.write(frame(FRAME.request, JSON.stringify(request))));
    conn.on('data', (chunk: Buffer) => {
      for (const { kind, payload } of reader.push(chunk)) {
        if (kind === FRAME.accept) {
          accepted = JSON.parse(payload.toString('utf8')) as Accepted;
          for (const s of FORWARDED) process.on(s, onSignal);
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
      if (signalled) return settle(128 + constants.signals[signalled]);
      process.stderr.write(`internal error: the regime server stopped before the command finished (its log: ${socket.replace(/sock$/, 'log')})\n`);
      settle(1);
    });
  });
}

/**
 * Asks the server at `socket` for its status (or to stop): the status; 'refused' when a server
 * of another installation or Node answered; 'busy' when one took the question but did not
 * answer within `waitMs` (it is deep in a command's computation, and reads the question when
 * that is done: a stop still happens); undefined when nothing listens.
 */
export function askServer(socket: string, kind: 'status' | 'stop', waitMs = 2000): Promise<ServerStatus | 'refused' | 'busy' | undefined> {
  return new Promise((resolve) => {
    const conn = connect(socket);
    const reader = new FrameReader();
    let answer: ServerStatus | 'refused' | 'busy' | undefined;
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
        else if (k === FRAME.refuse) answer = 'refused';
      }
    });
    conn.on('error', () => {});
    conn.on('close', () => {
      if (timer) clearTimeout(timer);
      resolve(answer);
    });
  });
}
