import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAME, FrameReader, frame, identity, type Request, type RunRequest } from './protocol.js';
import { serve, type RunningServer, type ServeOptions } from './server.js';

type Frames = { kind: number; text: string }[];

/**
 * A raw client: sends `request`, answers an accept with a go (then whatever `then` sends), and
 * collects every frame until the server closes. `accepted` resolves at the accept.
 */
function talk(socket: string, request: unknown, then?: (send: (kind: number, text: string) => void) => void): Promise<Frames> & { accepted: Promise<void> } {
  let accepted!: () => void;
  const acceptedP = new Promise<void>((r) => (accepted = r));
  const done = new Promise<Frames>((resolve, reject) => {
    const conn = connect(socket);
    const reader = new FrameReader();
    const frames: Frames = [];
    conn.on('connect', () => conn.write(frame(FRAME.request, JSON.stringify(request))));
    conn.on('data', (chunk: Buffer) => {
      for (const f of reader.push(chunk)) {
        frames.push({ kind: f.kind, text: f.payload.toString('utf8') });
        if (f.kind === FRAME.accept) {
          conn.write(frame(FRAME.go, ''));
          accepted();
          then?.((kind, text) => conn.write(frame(kind, text)));
        }
      }
    });
    conn.on('error', reject);
    conn.on('close', () => resolve(frames));
  });
  return Object.assign(done, { accepted: acceptedP });
}

const text = (frames: Frames, kind: number): string => frames.filter((f) => f.kind === kind).map((f) => f.text).join('');

function runRequest(over: Partial<RunRequest> = {}): RunRequest {
  const plain = { isTTY: false, colors: false };
  return { kind: 'run', identity: identity(), argv: ['run', 'x.yaml'], cwd: process.cwd(), env: { ...(process.env as Record<string, string>) }, umask: process.umask(), terminals: { stdout: plain, stderr: plain }, ...over };
}

let running: RunningServer | undefined;
const home = process.cwd();
afterEach(() => {
  running?.close();
  process.chdir(home);
});

async function waitFor(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(ok()).toBe(true);
}

async function start(over: Partial<ServeOptions>) {
  const dir = mkdtempSync(join(tmpdir(), 'rs-'));
  const events: string[] = [];
  running = await serve({
    dir,
    idleMinutes: 0,
    launch: async () => 0,
    stale: () => undefined,
    replace: () => events.push('replace'),
    exit: (status) => {
      events.push(`exit ${status}`);
    },
    log: () => {},
    ...over,
  });
  return { dir, events, socket: running.socket };
}

describe('regime server (server.ts)', () => {
  it("runs a command in the caller's folder, environment, umask and terminals, and sends back its output, escaped, and its status", async () => {
    const seen: unknown[] = [];
    const here = process.cwd();
    const before = { env: process.env.REGIME_TEST_VAR, umask: process.umask(), stdout: [process.stdout.isTTY, process.stdout.columns] };
    const { socket } = await start({
      launch: async (argv) => {
        seen.push(argv, process.cwd(), process.env.REGIME_TEST_VAR, process.env.PATH, process.umask(), process.stdout.isTTY, process.stderr.isTTY, process.stdout.columns, process.stdout.hasColors(), process.stderr.hasColors?.() ?? false);
        process.stdout.write('table \u001b[2J\n');
        process.stderr.write(Buffer.from('raw bytes\n'));
        return 3;
      },
    });
    const folder = realpathSync(mkdtempSync(join(tmpdir(), 'rs-cwd-')));
    const frames = await talk(socket, runRequest({ argv: ['run', 'a.yaml', '--out', 'o'], cwd: folder, env: { REGIME_TEST_VAR: 'from the caller' }, umask: 0o077, terminals: { stdout: { isTTY: true, columns: 132, colors: true }, stderr: { isTTY: false, colors: false } } }));
    expect(seen).toEqual([['run', 'a.yaml', '--out', 'o'], folder, 'from the caller', undefined, 0o077, true, false, 132, true, false]);
    expect(frames[0].kind).toBe(FRAME.accept);
    expect(text(frames, FRAME.stdout)).toBe('table \\u001b[2J\n');
    expect(text(frames, FRAME.stderr)).toBe('raw bytes\n');
    expect(JSON.parse(text(frames, FRAME.exit))).toEqual({ status: 3 });
    // and everything is put back; between commands the server waits in its own folder
    expect(process.cwd()).toBe(realpathSync(running!.socket.replace(/\/sock$/, '')));
    process.chdir(here);
    expect(process.env.REGIME_TEST_VAR).toBe(before.env);
    expect(process.env.PATH).toBeDefined();
    expect(process.umask()).toBe(before.umask);
    expect([process.stdout.isTTY, process.stdout.columns]).toEqual(before.stdout);
    expect(running!.status().served).toBe(1);
    rmSync(folder, { recursive: true });
  });

  it('refuses callers of another installation or Node, and a second caller while one command runs', async () => {
    let finish!: () => void;
    const { socket } = await start({ launch: () => new Promise<number>((r) => (finish = () => r(0))) });
    const other = await talk(socket, runRequest({ identity: { ...identity(), execArgv: ['--no-opt'], cpus: 64, startEnv: { ...identity().startEnv, NODE_OPTIONS: '--secret-value' } } }));
    expect(other.map((f) => f.kind)).toEqual([FRAME.refuse]);
    // says what differs, by name only
    expect(JSON.parse(other[0].text).reason).toBe('started differently from this server (execArgv, $NODE_OPTIONS, cpus)');
    const first = talk(socket, runRequest());
    await first.accepted;
    const second = await talk(socket, runRequest());
    expect(second.map((f) => f.kind)).toEqual([FRAME.refuse]);
    expect(JSON.parse(second[0].text).reason).toBe('busy');
    const status = await talk(socket, { kind: 'status', identity: identity() } satisfies Request);
    expect(JSON.parse(status[0].text)).toMatchObject({ busy: true, served: 0 });
    await waitFor(() => finish !== undefined);
    finish();
    expect((await first).map((f) => f.kind)).toEqual([FRAME.accept, FRAME.exit]);
    expect(running!.status().served).toBe(1);
  });

  it('runs nothing for a caller that gave up before its go (it ran the command itself), and is free again', async () => {
    let launched = 0;
    const { socket, events } = await start({ launch: async () => ++launched });
    await new Promise<void>((resolve) => {
      const conn = connect(socket);
      const reader = new FrameReader();
      conn.on('connect', () => conn.write(frame(FRAME.request, JSON.stringify(runRequest()))));
      conn.on('data', (c: Buffer) => {
        if (reader.push(c).some((f) => f.kind === FRAME.accept)) conn.destroy();
      });
      conn.on('close', () => resolve());
    });
    await waitFor(() => !running!.status().busy);
    expect(launched).toBe(0);
    expect(events).toEqual([]);
    expect((await talk(socket, runRequest())).map((f) => f.kind)).toEqual([FRAME.accept, FRAME.exit]);
    expect(launched).toBe(1);
  });

  it('lets go of a caller that never says go (stopped, hung) after a second', async () => {
    let launched = 0;
    const { socket } = await start({ launch: async () => ++launched });
    const conn = connect(socket);
    const reader = new FrameReader();
    const accepted = new Promise<void>((resolve) => conn.on('data', (c: Buffer) => reader.push(c).some((f) => f.kind === FRAME.accept) && resolve()));
    conn.on('connect', () => conn.write(frame(FRAME.request, JSON.stringify(runRequest()))));
    conn.on('error', () => {});
    const closed = new Promise<void>((resolve) => conn.on('close', () => resolve()));
    await accepted;
    expect(running!.status().busy).toBe(true);
    await closed; // the server hung up on it
    expect(running!.status().busy).toBe(false);
    expect(launched).toBe(0);
    expect((await talk(socket, runRequest())).map((f) => f.kind)).toEqual([FRAME.accept, FRAME.exit]);
  }, 10_000);

  it('answers status to a process started differently (naming what differs), and runs none of its commands', async () => {
    const { socket } = await start({});
    const other = { ...identity(), cpus: 99 };
    const frames = await talk(socket, { kind: 'status', identity: other });
    expect(frames.map((f) => f.kind)).toEqual([FRAME.status]);
    expect(JSON.parse(frames[0].text)).toMatchObject({ pid: process.pid, differs: ['cpus'] });
    // any version of regime can find and stop it, and none but its own can run a command
    const older = { ...identity(), protocol: 1 };
    expect(JSON.parse((await talk(socket, { kind: 'status', identity: older }))[0].text).differs).toEqual(['protocol']);
    const run = await talk(socket, runRequest({ identity: older }));
    expect(run.map((f) => f.kind)).toEqual([FRAME.refuse]);
    expect(JSON.parse(run[0].text).reason).toMatch(/^another version of regime \(protocol 1; this server's is 2\), pid \d+$/);
  });

  it('refuses a request of another shape, and a folder it cannot enter, before anything runs', async () => {
    let launched = 0;
    const { socket } = await start({ launch: async () => ++launched });
    for (const bad of [{ argv: 'run x.yaml' }, { env: { A: 1 } }, { umask: '022' }, { umask: -1 }, { umask: 0o1000 }, { terminals: { stdout: { isTTY: true } } }]) {
      const frames = await talk(socket, { ...runRequest(), ...bad });
      expect(frames.map((f) => f.kind)).toEqual([FRAME.refuse]);
      expect(JSON.parse(frames[0].text).reason).toBe('a request of another shape');
    }
    const gone = await talk(socket, runRequest({ cwd: join(tmpdir(), 'no-such-folder-of-regime') }));
    expect(gone.map((f) => f.kind)).toEqual([FRAME.refuse]);
    expect(launched).toBe(0);
  });

  it('a stale server answers a status, then hands over to a fresh one', async () => {
    const { socket, events } = await start({ stale: () => 'rebuilt' });
    const frames = await talk(socket, { kind: 'status', identity: { ...identity(), protocol: 1 } });
    expect(frames.map((f) => f.kind)).toEqual([FRAME.status]);
    expect(events).toEqual(['replace', 'exit 0']);
  });

  it('refuses every command once the program on disk changed, and hands over to a fresh server', async () => {
    let launched = 0;
    const { socket, events } = await start({ stale: () => 'rebuilt', launch: async () => ++launched });
    const frames = await talk(socket, runRequest());
    expect(frames.map((f) => f.kind)).toEqual([FRAME.refuse]);
    expect(launched).toBe(0);
    expect(events).toEqual(['replace', 'exit 0']);
  });

  it('a caller that goes away mid-command takes the command down (the server is replaced)', async () => {
    const { socket, events } = await start({ launch: () => new Promise<number>(() => {}) });
    await new Promise<void>((resolve) => {
      const conn = connect(socket);
      const reader = new FrameReader();
      conn.on('connect', () => conn.write(frame(FRAME.request, JSON.stringify(runRequest()))));
      conn.on('data', (c: Buffer) => {
        if (reader.push(c).some((f) => f.kind === FRAME.accept)) {
          conn.write(frame(FRAME.go, ''));
          setTimeout(() => conn.destroy(), 20);
        }
      });
      conn.on('close', () => resolve());
    });
    for (let i = 0; i < 100 && events.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual(['replace', 'exit 130']);
  });

  it("passes a caller's Ctrl-C to the command's own handler, and stops the command when it has none", async () => {
    let finish!: (status: number) => void;
    const handled: string[] = [];
    const handler = (s: NodeJS.Signals): void => {
      handled.push(s);
      finish(130);
    };
    const a = await start({
      launch: () =>
        new Promise<number>((r) => {
          finish = r;
          process.on('SIGINT', handler);
        }),
    });
    const frames = await talk(a.socket, runRequest(), (send) => setTimeout(() => send(FRAME.signal, 'SIGINT'), 20));
    process.off('SIGINT', handler);
    expect(handled).toEqual(['SIGINT']);
    expect(JSON.parse(text(frames, FRAME.exit))).toEqual({ status: 130 });
    expect(a.events).toEqual([]);
    running!.close();

    const b = await start({ launch: () => new Promise<number>(() => {}) });
    await talk(b.socket, runRequest(), (send) => send(FRAME.signal, 'SIGTERM')).catch(() => []);
    for (let i = 0; i < 100 && b.events.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(b.events).toEqual(['replace', 'exit 130']);
  });

  it('answers status and stop; a stop waits for the command running', async () => {
    let finish!: () => void;
    const { socket, events } = await start({ launch: () => new Promise<number>((r) => (finish = () => r(0))) });
    const first = talk(socket, runRequest());
    await first.accepted;
    const stop = await talk(socket, { kind: 'stop', identity: identity() });
    expect(JSON.parse(stop[0].text)).toMatchObject({ pid: process.pid, busy: true, stopping: true });
    expect(events).toEqual([]);
    const refused = await talk(socket, runRequest());
    expect(refused.map((f) => f.kind)).toEqual([FRAME.refuse]);
    await waitFor(() => finish !== undefined);
    finish();
    await first;
    expect(events).toEqual(['exit 0']);
  });
});

describe('FrameReader', () => {
  it('gives back the frames whatever the chunk boundaries', () => {
    const bytes = Buffer.concat([frame(FRAME.stdout, 'héllo'), frame(FRAME.exit, '{"status":2}'), frame(FRAME.accept, '')]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      for (let cut2 = cut; cut2 <= bytes.length; cut2 += 3) {
        const r = new FrameReader();
        const got = [...r.push(bytes.subarray(0, cut)), ...r.push(bytes.subarray(cut, cut2)), ...r.push(bytes.subarray(cut2))];
        expect(got.map((f) => [f.kind, f.payload.toString('utf8')])).toEqual([
          [FRAME.stdout, 'héllo'],
          [FRAME.exit, '{"status":2}'],
          [FRAME.accept, ''],
        ]);
      }
    }
  });
});
