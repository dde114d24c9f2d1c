/** `--queue redis://HOST:PORT[/DB]` (or rediss:// for TLS; a password as redis://:PASS@HOST:PORT). */
import { InputError } from '@regime/core';

export interface QueueAddress {
  host: string;
  port: number;
  db: number;
  password?: string;
  username?: string;
  tls: boolean;
  /** As the user wrote it, without the password: for messages. */
  shown: string;
}

export function parseQueueUrl(text: string, flag = '--queue'): QueueAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`${flag}: expected a Redis address like redis://HOST:PORT; found "${text}"`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new InputError(`${flag}: expected a Redis address like redis://HOST:PORT; found "${text}" (scheme "${url.protocol.replace(/:$/, '')}")`);
  if (!url.hostname) throw new InputError(`${flag}: expected a host in "${text}" (redis://HOST:PORT)`);
  const port = url.port ? Number(url.port) : 6379;
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new InputError(`${flag}: expected a database number after the port (redis://HOST:PORT/0); found "${dbText}"`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const shown = `${url.protocol}//${url.host}${dbText ? `/${dbText}` : ''}`;
  return {
    host,
    port,
    db,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    tls: url.protocol === 'rediss:',
    shown,
  };
}
