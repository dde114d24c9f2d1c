import { describe, expect, it } from 'vitest';
import { connectFailure } from './redis.js';
import { parseQueueUrl, redactUrl } from './url.js';

const PASS = 'Pa55-w0rd!';

describe('--queue with a password or an ACL user', () => {
  it('reads the user and the password, percent-decoded; the shown address holds neither password', () => {
    const a = parseQueueUrl(`redis://alice:${encodeURIComponent('p@ss/w:rd')}@box:7000/3`);
    expect(a).toMatchObject({ host: 'box', port: 7000, db: 3, username: 'alice', password: 'p@ss/w:rd', tls: false, shown: 'redis://box:7000/3' });
    // An unencoded @ in a password: the last @ ends it (WHATWG URL).
    expect(parseQueueUrl('rediss://:p@ss@box')).toMatchObject({ host: 'box', port: 6379, password: 'p@ss', tls: true, shown: 'rediss://box' });
    expect(parseQueueUrl('redis://box:1', '--queue', {}).password).toBeUndefined();
  });

  it('takes the password from $REGIME_QUEUE_PASSWORD when the address has none (the address wins)', () => {
    const env = { REGIME_QUEUE_PASSWORD: PASS };
    expect(parseQueueUrl('redis://box:1', '--queue', env)).toMatchObject({ password: PASS, username: undefined, shown: 'redis://box:1' });
    expect(parseQueueUrl('redis://alice@box:1', '--queue', env)).toMatchObject({ password: PASS, username: 'alice' });
    expect(parseQueueUrl('redis://:other@box:1', '--queue', env).password).toBe('other');
    expect(parseQueueUrl('redis://box:1', '--queue', { REGIME_QUEUE_PASSWORD: '' }).password).toBeUndefined();
  });

  it('redacts the password of an address as written, whatever is in it', () => {
    expect(redactUrl(`redis://:${PASS}@box:1`)).toBe('redis://:***@box:1');
    expect(redactUrl(`redis://alice:${PASS}@box:1/2`)).toBe('redis://alice:***@box:1/2');
    expect(redactUrl('redis://:pa/ss#x@box:1')).toBe('redis://:***@box:1');
    expect(redactUrl('redis://alice@box:1')).toBe('redis://alice@box:1');
    expect(redactUrl('redis://box:1')).toBe('redis://box:1');
    expect(redactUrl('box:1@x')).toBe('box:1@x');
  });

  it('never puts the password in a message about a malformed address', () => {
    const cases: [string, RegExp][] = [
      [`http://:${PASS}@box:1`, /scheme "http"/],
      [`redis://:${PASS}#@box:1`, /expected a Redis address/],
      [`redis://:${PASS}/x@box:1`, /expected a Redis address|"@" after the host/],
      // A / in the password ends the host part: "12" reads as the port, the rest as a path.
      ['redis://h:12/Secret9@box', /found an "@" after the host in "redis:\/\/h:\*\*\*@box": percent-encode \/ \? # in a password/],
      // A bare % (not %XX) cannot be decoded.
      [`redis://:${PASS}%zz@box:1`, /^--queue: the password in "redis:\/\/:\*\*\*@box:1" holds a % that starts no %XX escape: write % as %25$/],
    ];
    for (const [url, re] of cases) {
      let message = '';
      try {
        parseQueueUrl(url);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(re);
      expect(message).not.toContain(PASS);
      expect(message).not.toContain('Secret9');
    }
  });
});

describe('why the first connection failed', () => {
  const addr = (url: string) => parseQueueUrl(url, '--queue', {});
  const closed = new Error('Connection is closed.');
  const coded = (message: string, code: string) => Object.assign(new Error(message), { code });

  it('a refused password names the user and the address, never the password', () => {
    const m = connectFailure(addr(`redis://alice:${PASS}@box:7000`), [new Error('WRONGPASS invalid username-password pair or user is disabled.')], closed);
    expect(m).toBe(
      'authentication failed at Redis redis://box:7000: it refused the password given for user "alice" (WRONGPASS invalid username-password pair or user is disabled). ' +
        'Check the user and password in --queue redis://USER:PASSWORD@HOST:PORT (or redis://:PASSWORD@HOST:PORT for the default user; percent-encode @ : / in them) or $REGIME_QUEUE_PASSWORD',
    );
    expect(m).not.toContain(PASS);
  });

  it('a missing password says that Redis requires one and how to give it', () => {
    const m = connectFailure(addr('redis://box:7000'), [new Error('NOAUTH Authentication required.'), closed], closed);
    expect(m).toBe(
      'authentication failed at Redis redis://box:7000: it requires a password, and neither --queue nor $REGIME_QUEUE_PASSWORD gives one (NOAUTH Authentication required). ' +
        'Give it in the address, redis://:PASSWORD@HOST:PORT (redis://USER:PASSWORD@HOST:PORT for an ACL user), or in $REGIME_QUEUE_PASSWORD',
    );
  });

  it('an untrusted certificate says how to trust a private CA (NODE_EXTRA_CA_CERTS)', () => {
    const saved = process.env.NODE_EXTRA_CA_CERTS;
    try {
      delete process.env.NODE_EXTRA_CA_CERTS;
      const e = coded('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN');
      expect(connectFailure(addr('rediss://box:6380'), [e], closed)).toBe(
        'the TLS certificate of Redis rediss://box:6380 is not trusted: self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN). ' +
          'If your own CA signed it, give its certificate (PEM) to Node: NODE_EXTRA_CA_CERTS=/path/to/ca.crt regime …, on this machine and every worker',
      );
      process.env.NODE_EXTRA_CA_CERTS = '/etc/other-ca.pem';
      expect(connectFailure(addr('rediss://box:6380'), [coded('unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE')], closed)).toMatch(
        /not trusted: unable to verify the first certificate \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)\. NODE_EXTRA_CA_CERTS is \/etc\/other-ca\.pem, and that CA did not sign it/,
      );
    } finally {
      if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = saved;
    }
  });

  it("a certificate for another host name says to use a name it lists", () => {
    const e = coded("Hostname/IP does not match certificate's altnames: IP: 10.0.0.9 is not in the cert's list: 127.0.0.1", 'ERR_TLS_CERT_ALTNAME_INVALID');
    expect(connectFailure(addr('rediss://10.0.0.9:6380'), [e], closed)).toMatch(
      /^the TLS certificate of Redis rediss:\/\/10\.0\.0\.9:6380 is not valid for this connection: .*\(ERR_TLS_CERT_ALTNAME_INVALID\)\. Use a host name or IP address the certificate lists/,
    );
  });

  it('otherwise: the last reason ioredis gave, with a hint at a TLS/plain mismatch', () => {
    expect(connectFailure(addr('redis://box:1'), [new Error('connect ECONNREFUSED 10.0.0.5:1')], closed)).toBe(
      'cannot reach Redis at redis://box:1: connect ECONNREFUSED 10.0.0.5:1. Start it (redis-server), or check --queue HOST:PORT',
    );
    expect(connectFailure(addr('redis://box:1'), [new Error('read ECONNRESET')], closed)).toContain('read ECONNRESET (if that port speaks TLS, use rediss://)');
    expect(connectFailure(addr('rediss://box:1'), [new Error('connect ETIMEDOUT')], closed)).toContain('connect ETIMEDOUT (rediss:// speaks TLS: is TLS on at that port?');
    expect(connectFailure(addr('redis://box:1'), [], new Error('boom'))).toMatch(/^cannot reach Redis at redis:\/\/box:1: boom\. Start it/);
  });
});
