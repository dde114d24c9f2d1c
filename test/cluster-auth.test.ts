/**
 * A secured Redis, end to end with Debian's real redis-server and real `regime worker`
 * processes: a password (requirepass), an ACL user limited to Regime's keys, and TLS (rediss://)
 * with a throwaway CA made by openssl at test time, trusted through NODE_EXTRA_CA_CERTS. Through
 * each, a small sweep writes what a local sweep writes, byte for byte. A wrong or missing
 * password, an untrusted certificate and one for another address stop `regime sweep --queue`
 * and `regime worker` within seconds, exit 1, with a message that names the address and says
 * what to fix — and no password ever appears in any output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Proc, RedisServer, regimeAsync, startWorker, type Done } from './clusterSupport.js';
import { requireData } from './support.js';

const CONFIG = 'bench/sweep-trend.yaml';
// 6 trials: params.n = 50, 100, 150 × costs.commission_bps = 0, 10 (the config's own grid replaced).
const GRID = ['--grid', 'params.n=50:150:50', '--grid', 'costs.commission_bps=0,10'];
const TMP = mkdtempSync(join(tmpdir(), 'regime-cluster-auth-'));
const OPENSSL = '/usr/bin/openssl';

// Passwords that would stand out in any output; the ACL user's needs percent-encoding in a URL.
const PASS = 'Requirepass-Zq7-kW2';
const USER = 'regime';
const USER_PASS = 'p@ss/w:rd%Acl-9Xv';
const WRONG = 'Wrong-Pass-Hj4';
const SECRETS = [PASS, USER_PASS, encodeURIComponent(USER_PASS), WRONG];

const procs: Proc[] = [];
const worker = (url: string, env: Record<string, string> = {}) => {
  const w = startWorker(url, [], env);
  procs.push(w);
  return w;
};
/** A worker that should stop by itself: its exit and everything it printed. */
const workerRun = async (url: string, env: Record<string, string> = {}): Promise<Done> => {
  const started = Date.now();
  const w = worker(url, env);
  const { code, signal } = await w.exited;
  return { status: code, signal, stdout: w.out, stderr: w.err, ms: Date.now() - started };
};
const expectNoSecret = (...texts: string[]) => {
  for (const t of texts) for (const s of SECRETS) expect(t).not.toContain(s);
};
/** Stopped at once, exit 1, one clear line, no stack trace, nothing on stdout. */
const expectRefused = (r: Done, re: RegExp) => {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toMatch(re);
  expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  expect(r.stdout).toBe('');
  expect(r.ms).toBeLessThan(8000);
  expectNoSecret(r.stdout, r.stderr);
};

let local: Done;

beforeAll(async () => {
  requireData();
  local = await regimeAsync(['sweep', CONFIG, ...GRID, '--json', '--csv', join(TMP, 'local.csv')]);
  expect(local.status, local.stderr).toBe(0);
  expect(JSON.parse(local.stdout).trials).toHaveLength(6);
});

afterAll(async () => {
  for (const p of procs) p.kill('SIGKILL');
  await Promise.all(procs.map((p) => p.exited));
  rmSync(TMP, { recursive: true, force: true });
});

/** A sweep through `url` (CSV beside): the same JSON and CSV as the local sweep, no secret anywhere. */
async function expectSameAsLocal(url: string, name: string, env: Record<string, string> = {}): Promise<Done> {
  const csv = join(TMP, `${name}.csv`);
  const r = await regimeAsync(['sweep', CONFIG, ...GRID, '--json', '--csv', csv, '--queue', url], env);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toBe(local.stdout);
  expect(readFileSync(csv, 'utf8')).toBe(readFileSync(join(TMP, 'local.csv'), 'utf8'));
  expectNoSecret(r.stdout, r.stderr, readFileSync(csv, 'utf8'));
  return r;
}

describe('a Redis with a password and an ACL user', () => {
  let redis: RedisServer;
  const port = () => redis.port;

  beforeAll(async () => {
    redis = await RedisServer.start({
      // The ACL user may touch only Regime's keys (bull:* of BullMQ, regime:*) and no dangerous
      // command but INFO (BullMQ reads the server's version): what docs/cluster.md recommends.
      args: ['--requirepass', PASS, '--user', USER, 'on', `>${USER_PASS}`, '~bull:*', '~regime:*', '&*', '+@all', '-@dangerous', '+info'],
      cliArgs: ['--no-auth-warning', '-a', PASS],
    });
    // The server really asks: without the password it refuses, and the ACL user cannot touch other keys.
    expect(spawnSync('redis-cli', ['-p', String(port()), 'PING'], { encoding: 'utf8' }).stdout).toMatch(/^NOAUTH/);
    expect(spawnSync('redis-cli', ['-p', String(port()), '--no-auth-warning', '--user', USER, '--pass', USER_PASS, 'SET', 'other:key', '1'], { encoding: 'utf8' }).stdout).toMatch(
      /^NOPERM/,
    );
    expect(redis.cli('PING')).toBe('PONG');
    redis.cli('ACL', 'LOG', 'RESET');
  });

  afterAll(async () => {
    await redis?.dispose();
  });

  it('redis://:PASSWORD@… (and $REGIME_QUEUE_PASSWORD): the sweep runs on a worker and writes what a local sweep writes', async () => {
    const url = `redis://127.0.0.1:${port()}`;
    // The worker has its password from the environment (out of `ps`), the sweep from --queue.
    const w = worker(url, { REGIME_QUEUE_PASSWORD: PASS });
    await w.waitFor(/worker .* on redis:/, 20_000);
    const r = await expectSameAsLocal(`redis://:${PASS}@127.0.0.1:${port()}`, 'password');
    expect(r.stderr).toMatch(new RegExp(`^6 trials in .*queue redis://127\\.0\\.0\\.1:${port()}\\)$`, 'm'));
    expect(w.err).toMatch(new RegExp(`worker \\S+ on redis://127\\.0\\.0\\.1:${port()}: 1 thread`));
    expect(w.err).toMatch(/batch 0-\d+: \d+ trials in/);
    w.kill('SIGTERM');
    await w.exited;
    expectNoSecret(w.out, w.err);
  });

  it('redis://USER:PASSWORD@… (an ACL user, percent-encoded password): the same, and only bull:* and regime:* keys are used', async () => {
    const url = `redis://${USER}:${encodeURIComponent(USER_PASS)}@127.0.0.1:${port()}/1`;
    const w = worker(url);
    await w.waitFor(/worker .* on redis:/, 20_000);
    await expectSameAsLocal(url, 'acl');
    expect(w.err).toMatch(/batch 0-\d+: \d+ trials in/);
    // Nothing was refused to the user (ACL LOG lists every refusal).
    expect(redis.cli('ACL', 'LOG')).toBe('');
    w.kill('SIGTERM');
    await w.exited;
    expectNoSecret(w.out, w.err);
  });

  it('a wrong or missing password stops the sweep and the worker at once, saying authentication failed, without the password', async () => {
    const at = `redis://127\\.0\\.0\\.1:${port()}`;
    const NO_ENV_PASSWORD = { REGIME_QUEUE_PASSWORD: '' };
    const [wrong, missing, wrongUser, workerWrong, workerMissing] = await Promise.all([
      regimeAsync(['sweep', CONFIG, ...GRID, '--queue', `redis://:${WRONG}@127.0.0.1:${port()}`]),
      regimeAsync(['sweep', CONFIG, ...GRID, '--queue', `redis://127.0.0.1:${port()}`], NO_ENV_PASSWORD),
      regimeAsync(['sweep', CONFIG, ...GRID, '--queue', `redis://${USER}:${WRONG}@127.0.0.1:${port()}/1`]),
      workerRun(`redis://:${WRONG}@127.0.0.1:${port()}`),
      workerRun(`redis://127.0.0.1:${port()}`, NO_ENV_PASSWORD),
    ]);
    const refused = new RegExp(
      `^error: authentication failed at Redis ${at}: it refused the password given for the default user \\(WRONGPASS invalid username-password pair or user is disabled\\)\\. Check the user and password in --queue redis://USER:PASSWORD@HOST:PORT`,
      'm',
    );
    const none = new RegExp(
      `^error: authentication failed at Redis ${at}: it requires a password, and neither --queue nor \\$REGIME_QUEUE_PASSWORD gives one \\(NOAUTH Authentication required\\)\\. Give it in the address, redis://:PASSWORD@HOST:PORT`,
      'm',
    );
    expectRefused(wrong, refused);
    expectRefused(missing, none);
    expectRefused(wrongUser, new RegExp(`^error: authentication failed at Redis ${at}/1: it refused the password given for user "${USER}" \\(WRONGPASS`, 'm'));
    expectRefused(workerWrong, refused);
    expectRefused(workerMissing, none);
  });
});

describe('TLS: rediss:// with a private CA', () => {
  let redis: RedisServer;
  const CA = join(TMP, 'ca.crt');
  const OTHER_CA = join(TMP, 'other-ca.crt');

  beforeAll(async () => {
    if (!existsSync(OPENSSL)) throw new Error(`${OPENSSL} is missing: apt-get install openssl`);
    const ssl = (...args: string[]) => {
      const r = spawnSync(OPENSSL, args, { cwd: TMP, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${r.stderr}`);
    };
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    // A CA, a server certificate it signs for 127.0.0.1 and localhost, and a CA that signs nothing here.
    ssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=Regime test CA');
    ssl('req', '-x509', ...ec, '-keyout', 'other-ca.key', '-out', 'other-ca.crt', '-days', '2', '-subj', '/CN=Some other CA');
    ssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
    writeFileSync(join(TMP, 'san.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.cnf');
    // Debian's redis-server is built with TLS (BUILD_TLS=yes); a build without it stops at the
    // first --tls-* argument, and this fails here with redis-server's own words.
    try {
      redis = await RedisServer.start({
        tls: true,
        // 127.0.0.2 too (Linux routes all of 127/8 to lo), an address the certificate does not list.
        args: ['--bind', '127.0.0.1', '127.0.0.2', '--tls-cert-file', join(TMP, 'server.crt'), '--tls-key-file', join(TMP, 'server.key'), '--tls-ca-cert-file', CA, '--tls-auth-clients', 'no', '--requirepass', PASS],
        cliArgs: ['--tls', '--cacert', CA, '--no-auth-warning', '-a', PASS],
      });
    } catch (e) {
      throw new Error(`this redis-server did not start with TLS (built without TLS support?): ${(e as Error).message}`);
    }
    expect(redis.cli('PING')).toBe('PONG');
  });

  afterAll(async () => {
    await redis?.dispose();
  });

  it('with NODE_EXTRA_CA_CERTS naming the CA, the sweep, a walk-forward and the worker verify the server and run as locally', async () => {
    const url = `rediss://:${PASS}@127.0.0.1:${redis.port}`;
    const trust = { NODE_EXTRA_CA_CERTS: CA };
    const w = worker(url, trust);
    await w.waitFor(/worker .* on rediss:/, 20_000);
    const r = await expectSameAsLocal(url, 'tls', trust);
    expect(r.stderr).toMatch(new RegExp(`^6 trials in .*queue rediss://127\\.0\\.0\\.1:${redis.port}\\)$`, 'm'));
    expect(w.err).toMatch(/batch 0-\d+: \d+ trials in/);
    // A walk-forward connects the same way.
    const args = ['walkforward', CONFIG, '--grid', 'params.n=50,200', '--train', '8y', '--test', '4y', '--json'];
    const [a, b] = await Promise.all([regimeAsync(args), regimeAsync([...args, '--queue', url], trust)]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout).folds.length).toBeGreaterThan(1);
    expect(b.stdout).toBe(a.stdout);
    expectNoSecret(b.stdout, b.stderr);
    w.kill('SIGTERM');
    await w.exited;
    expectNoSecret(w.out, w.err);
  });

  it('an untrusted certificate, or one for another address, stops the sweep and the worker at once, saying how to fix it', async () => {
    const url = `rediss://:${PASS}@127.0.0.1:${redis.port}`;
    const at = `rediss://127\\.0\\.0\\.1:${redis.port}`;
    // Node's own CAs only (an empty NODE_EXTRA_CA_CERTS adds none), then another CA.
    const [untrusted, otherCa, workerUntrusted, plain, otherHost] = await Promise.all([
      regimeAsync(['sweep', CONFIG, ...GRID, '--queue', url], { NODE_EXTRA_CA_CERTS: '' }),
      regimeAsync(['sweep', CONFIG, ...GRID, '--queue', url], { NODE_EXTRA_CA_CERTS: OTHER_CA }),
      workerRun(url, { NODE_EXTRA_CA_CERTS: '' }),
      // redis:// to a TLS port: the server hangs up; the message suggests rediss://.
      regimeAsync(['sweep', CONFIG, ...GRID, '--queue', `redis://:${PASS}@127.0.0.1:${redis.port}`]),
      // The trusted certificate, reached by an address it does not list.
      regimeAsync(['sweep', CONFIG, ...GRID, '--queue', `rediss://:${PASS}@127.0.0.2:${redis.port}`], { NODE_EXTRA_CA_CERTS: CA }),
    ]);
    const notTrusted = new RegExp(
      `^error: the TLS certificate of Redis ${at} is not trusted: self-signed certificate in certificate chain \\(SELF_SIGNED_CERT_IN_CHAIN\\)\\. If your own CA signed it, give its certificate \\(PEM\\) to Node: NODE_EXTRA_CA_CERTS=/path/to/ca\\.crt regime …`,
      'm',
    );
    expectRefused(untrusted, notTrusted);
    expectRefused(workerUntrusted, notTrusted);
    expectRefused(otherCa, new RegExp(`^error: the TLS certificate of Redis ${at} is not trusted: .*NODE_EXTRA_CA_CERTS is ${OTHER_CA.replace(/[.]/g, '\\.')}, and that CA did not sign it`, 'm'));
    expectRefused(
      otherHost,
      new RegExp(
        `^error: the TLS certificate of Redis rediss://127\\.0\\.0\\.2:${redis.port} is not valid for this connection: Hostname/IP does not match certificate's altnames: IP: 127\\.0\\.0\\.2 is not in the cert's list: 127\\.0\\.0\\.1 \\(ERR_TLS_CERT_ALTNAME_INVALID\\)\\. Use a host name or IP address the certificate lists`,
        'm',
      ),
    );
    expectRefused(plain, new RegExp(`^error: cannot reach Redis at redis://127\\.0\\.0\\.1:${redis.port}: .*ECONNRESET \\(if that port speaks TLS, use rediss://\\)`, 'm'));
  });
});
