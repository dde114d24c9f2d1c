/**
 * `--queue redis://HOST:PORT[/DB]` (or rediss:// for TLS; a password as redis://:PASS@HOST:PORT,
 * an ACL user as redis://USER:PASS@HOST:PORT). The password never reaches a message. A password
 * may come from $REGIME_QUEUE_PASSWORD instead, when the address has none: a command line is
 * visible to every user of the machine (ps), a process's environment only to its owner.
 */
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

/** The address as written, with the password (between "USER:" and the last "@") replaced by ***. */
export function redactUrl(text: string): string {
  const at = text.lastIndexOf('@');
  const start = text.indexOf('//') + 2;
  if (at < 0 || start < 2 || start > at) return text;
  const colon = text.indexOf(':', start);
  return colon < 0 || colon > at ? text : `${text.slice(0, colon)}:***${text.slice(at)}`;
}

export function parseQueueUrl(written: string, flag = '--queue', env: Record<string, string | undefined> = process.env): QueueAddress {
  // For messages: a malformed address may still hold a password.
  const text = redactUrl(written);
  let url: URL;
  try {
    url = new URL(written);
  } catch {
    throw new InputError(`${flag}: expected a Redis address like redis://HOST:PORT; found "${text}"`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new InputError(`${flag}: expected a Redis address like redis://HOST:PORT; found "${text}" (scheme "${url.protocol.replace(/:$/, '')}")`);
  // "redis://h:12/3@box": a / ? or # in a password ends the host part early; the rest, password
  // and all, would land in the database number.
  if (/@/.test(url.pathname + url.search + url.hash))
    throw new InputError(`${flag}: found an "@" after the host in "${text}": percent-encode / ? # in a password (%2F %3F %23)`);
  if (!url.hostname) throw new InputError(`${flag}: expected a host in "${text}" (redis://HOST:PORT)`);
  const port = url.port ? Number(url.port) : 6379;
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new InputError(`${flag}: expected a database number after the port (redis://HOST:PORT/0); found "${dbText}"`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const shown = `${url.protocol}//${url.host}${dbText ? `/${dbText}` : ''}`;
  const decode = (part: string, what: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new InputError(`${flag}: the ${what} in "${text}" holds a % that starts no %XX escape: write % as %25`);
    }
  };
  return {
    host,
    port,
    db,
    password: url.password ? decode(url.password, 'password') : env.REGIME_QUEUE_PASSWORD || undefined,
    username: url.username ? decode(url.username, 'user') : undefined,
    tls: url.protocol === 'rediss:',
    shown,
  };
}
