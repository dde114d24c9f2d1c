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
  });
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    client.disconnect();
    // ioredis's own reason ("connect ECONNREFUSED 127.0.0.1:6379") rather than "Connection is closed".
    const why = (last || (e as Error)?.message || String(e)).replace(/\.$/, '');
    throw new QueueError(`cannot reach Redis at ${addr.shown}: ${why}. Start it (redis-server), or check --queue HOST:PORT`);
  }
  connected = true;
  return { client, lastError: () => last };
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
