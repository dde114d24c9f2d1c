/** Redis connections: fail fast for the submitting side, reconnect forever for workers. */
import { Redis, type RedisOptions } from 'ioredis';
import { QueueError } from './errors.js';
import type { QueueAddress } from './url.js';

export function redisOptions(addr: QueueAddress): RedisOptions {
  return { host: addr.host, port: addr.port, db: addr.db, password: addr.password, username: addr.username, tls: addr.tls ? {} : undefined };
}

/** Whoever holds a connection sees why it failed last. */
export interface Connection {
  client: Redis;
  lastError(): string | undefined;
}

/**
 * Connects, or throws at once with a clear message when Redis cannot be reached. After the
 * first connection: commands fail at once while disconnected (no offline queue), and ioredis
 * keeps reconnecting in the background (`reconnect: true`) or gives up (`reconnect: false`).
 */
export async function connect(addr: QueueAddress, opts: { worker: boolean; timeoutMs?: number }): Promise<Connection> {
  let connected = false;
  let last: string | undefined;
  const seen: Error[] = [];
  const client = new Redis({
    ...redisOptions(addr),
    lazyConnect: true,
    connectTimeout: opts.timeoutMs ?? 5000,
    // Workers wait for Redis to come back; the submitting side fails its commands at once.
    enableOfflineQueue: opts.worker,
    maxRetriesPerRequest: opts.worker ? null : 0,
    retryStrategy: (times) => (connected ? Math.min(200 * times, 2000) : null),
  });
  client.on('error', (e: Error) => {
    last = e.message || String(e);
    if (!connected) seen.push(e);
  });
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    client.disconnect();
    throw new QueueError(connectFailure(addr, seen, e as Error));
  }
  connected = true;
  return { client, lastError: () => last };
}

/** Codes of a server certificate Node does not trust (tls.TLSSocket verification). */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * Why the first connection failed, for a person: a refused password or user, a missing
 * password, a server certificate that is not trusted or not for this host, a TLS/plain
 * mismatch, or Redis not reached at all. `reported`: the errors ioredis emitted; `thrown`: what
 * the connection attempt threw. Names the address as shown (never the password).
 */
export function connectFailure(addr: QueueAddress, reported: Error[], thrown: Error): string {
  type Coded = Error & { code?: string };
  const errors: Coded[] = [...reported, thrown].filter(Boolean);
  const text = (e: Error) => (e?.message || String(e)).replace(/\.$/, '');
  const find = (test: (e: Coded) => boolean) => errors.find(test);
  const who = addr.username ? `user "${addr.username}"` : 'the default user';
  const wrongPass = find((e) => /^WRONGPASS\b/.test(e.message));
  if (wrongPass)
    return (
      `authentication failed at Redis ${addr.shown}: it refused ${addr.password === undefined ? `${who} without a password` : `the password given for ${who}`} (${text(wrongPass)}). ` +
      `Check the user and password in --queue redis://USER:PASSWORD@HOST:PORT (or redis://:PASSWORD@HOST:PORT for the default user; percent-encode @ : / in them) or $REGIME_QUEUE_PASSWORD`
    );
  const noAuth = find((e) => /^NOAUTH\b/.test(e.message));
  if (noAuth)
    return (
      `authentication failed at Redis ${addr.shown}: it requires a password, and neither --queue nor $REGIME_QUEUE_PASSWORD gives one (${text(noAuth)}). ` +
      `Give it in the address, redis://:PASSWORD@HOST:PORT (redis://USER:PASSWORD@HOST:PORT for an ACL user), or in $REGIME_QUEUE_PASSWORD`
    );
  const noPerm = find((e) => /^NOPERM\b/.test(e.message));
  if (noPerm)
    return `Redis ${addr.shown} refused a command to ${who} (${text(noPerm)}). The user needs the keys ~bull:* ~regime:* and the commands BullMQ runs (+@all, or see docs/cluster.md)`;
  const untrusted = find((e) => UNTRUSTED.has(e.code ?? ''));
  if (untrusted) {
    const extra = process.env.NODE_EXTRA_CA_CERTS;
    return (
      `the TLS certificate of Redis ${addr.shown} is not trusted: ${text(untrusted)} (${untrusted.code}). ` +
      (extra
        ? `NODE_EXTRA_CA_CERTS is ${extra}, and that CA did not sign it: point NODE_EXTRA_CA_CERTS at the PEM file of the CA that signed the server's certificate`
        : `If your own CA signed it, give its certificate (PEM) to Node: NODE_EXTRA_CA_CERTS=/path/to/ca.crt regime …, on this machine and every worker`)
    );
  }
  const badCert = find((e) => e.code === 'ERR_TLS_CERT_ALTNAME_INVALID' || e.code === 'CERT_HAS_EXPIRED' || e.code === 'CERT_NOT_YET_VALID');
  if (badCert)
    return (
      `the TLS certificate of Redis ${addr.shown} is not valid for this connection: ${text(badCert)} (${badCert.code}). ` +
      (badCert.code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? `Use a host name or IP address the certificate lists in --queue, or reissue the certificate` : `Renew the server's certificate`)
    );
  // ioredis's own reason, the last one it reported ("connect ECONNREFUSED 127.0.0.1:6379"), rather than "Connection is closed".
  const why = text(reported.at(-1) ?? thrown);
  const hint = addr.tls
    ? /ETIMEDOUT|ECONNRESET|socket disconnected|wrong version number|packet length/i.test(why)
      ? ` (rediss:// speaks TLS: is TLS on at that port? redis-server --tls-port …)`
      : ''
    : /ECONNRESET/.test(why)
      ? ` (if that port speaks TLS, use rediss://)`
      : '';
  return `cannot reach Redis at ${addr.shown}: ${why}${hint}. Start it (redis-server), or check --queue HOST:PORT`;
}

/** Runs f, or gives up after ms (a command to a Redis that went away must not hang the exit). */
export async function within<T>(ms: number, f: () => Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([f(), new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Redis's clock in ms: heartbeats are written and judged by one clock, whatever the machines' clocks say. */
export async function redisNow(client: Redis): Promise<number> {
  const [sec, usec] = await client.time();
  return Number(sec) * 1000 + Math.floor(Number(usec) / 1000);
}
