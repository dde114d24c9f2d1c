import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../util/errors.js';
import { DownloadError, HttpClient, parseRetryAfter, type HttpOptions } from './http.js';
import { fetchYahoo } from './yahoo.js';
import { fetchFred } from './fred.js';
import { fetchDatahub } from './datahub.js';
import { startFakeServer, yahooStamp, type FakeServer } from '../../../../../test/fixtures/fakeServer.js';

let server: FakeServer;
let slept: number[];

/** A client that never really sleeps (waits are recorded) and is not polite, so tests are fast. */
function client(extra: HttpOptions = {}): HttpClient {
  return new HttpClient({ minIntervalMs: 0, backoffMs: 10, retries: 3, timeoutMs: 5_000, sleep: async (ms) => void slept.push(ms), ...extra });
}

async function failure(p: Promise<unknown>): Promise<DownloadError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DownloadError);
    expect(e).toBeInstanceOf(InputError); // the CLI maps these to exit status 2
    return e as DownloadError;
  }
  throw new Error('expected the download to fail');
}

beforeEach(async () => {
  server = await startFakeServer();
  slept = [];
});
afterEach(async () => {
  await server.close();
});

describe('Yahoo chart loader', () => {
  beforeEach(() => {
    server.yahoo.set('SPY', {
      bars: [
        { date: '2024-01-02', close: 472.65, adjclose: 465.1234567 },
        { date: '2024-01-03', close: 468.79, adjclose: 461.3 },
        { date: '2024-01-04', close: 467.28, adjclose: 459.81 },
        { date: '2024-01-05', close: 467.92, adjclose: 460.44 },
      ],
      dividends: ['2024-01-03'],
    });
  });

  it('reads adjusted closes for prices, on the exchange-local date, from the requested date', async () => {
    const res = await fetchYahoo({ id: 'SPY', kind: 'price', from: '2024-01-03', http: client(), baseUrl: server.url, now: new Date('2024-02-01T00:00:00Z') });
    expect(res.observations).toEqual([
      { date: '2024-01-03', value: 461.3 },
      { date: '2024-01-04', value: 459.81 },
      { date: '2024-01-05', value: 460.44 },
    ]);
    expect(res.events).toEqual([{ date: '2024-01-03', kind: 'dividend' }]);
    const q = new URL(server.requests[0], 'http://x').searchParams;
    expect(Number(q.get('period1'))).toBe(Date.parse('2024-01-03T00:00:00Z') / 1000);
    expect(q.get('events')).toBe('div,splits');
    expect(q.get('interval')).toBe('1d');
  });

  it('reads plain closes for levels (indices), and encodes tickers such as ^VIX', async () => {
    server.yahoo.set('^VIX', { bars: [{ date: '2024-01-02', close: 13.2, adjclose: 99 }] });
    const res = await fetchYahoo({ id: '^VIX', kind: 'level', http: client(), baseUrl: server.url, now: new Date('2024-02-01T00:00:00Z') });
    expect(res.observations).toEqual([{ date: '2024-01-02', value: 13.2 }]);
    expect(server.requests[0]).toMatch(/^\/v8\/finance\/chart\/%5EVIX\?/);
  });

  it('leaves out the bar of a session that has not closed yet', async () => {
    const open = yahooStamp('2024-01-05');
    server.yahoo.get('SPY')!.currentTradingPeriod = { start: open, end: open + 6.5 * 3600 };
    const during = new Date((open + 3600) * 1000);
    const res = await fetchYahoo({ id: 'SPY', kind: 'price', http: client(), baseUrl: server.url, now: during });
    expect(res.observations.map((o) => o.date)).toEqual(['2024-01-02', '2024-01-03', '2024-01-04']);
    expect(res.notes.join(' ')).toMatch(/2024-01-05.*not closed/);
    const after = new Date((open + 7 * 3600) * 1000);
    const res2 = await fetchYahoo({ id: 'SPY', kind: 'price', http: client(), baseUrl: server.url, now: after });
    expect(res2.observations.map((o) => o.date)).toContain('2024-01-05');
  });

  it('turns a 404 into "Yahoo has no symbol" with Yahoo\'s own reason', async () => {
    const e = await failure(fetchYahoo({ id: 'NOPE', kind: 'price', http: client(), baseUrl: server.url }));
    expect(e.reason).toBe('not-found');
    expect(e.message).toMatch(/Yahoo has no symbol "NOPE" \(Not Found: No data found, symbol may be delisted\)/);
    expect(server.requests).toHaveLength(1); // a 404 is not retried
  });

  it('reports a JSON answer cut off in the middle as truncated', async () => {
    server.faults.push({ match: /chart/, times: 10, kind: 'status', status: 200, body: '{"chart":{"result":[{"meta":{"currency":"USD"},"timestamp":[17' });
    const e = await failure(fetchYahoo({ id: 'SPY', kind: 'price', http: client(), baseUrl: server.url }));
    expect(e.reason).toBe('truncated');
    expect(e.message).toMatch(/truncated/);
  });

  it('reads its base URL from REGIME_YAHOO_URL', async () => {
    process.env.REGIME_YAHOO_URL = server.url;
    try {
      const res = await fetchYahoo({ id: 'SPY', kind: 'price', http: client(), now: new Date('2024-02-01T00:00:00Z') });
      expect(res.observations).toHaveLength(4);
    } finally {
      delete process.env.REGIME_YAHOO_URL;
    }
  });
});

describe('FRED CSV loader', () => {
  beforeEach(() => {
    server.fred.set('DGS10', [
      { date: '2023-12-29', value: '3.88' },
      { date: '2024-01-01', value: '.' },
      { date: '2024-01-02', value: '3.95' },
      { date: '2024-01-03', value: '3.91' },
    ]);
  });

  it('skips "." (no observation) and passes the start date as cosd', async () => {
    const res = await fetchFred({ id: 'DGS10', kind: 'rate', from: '2024-01-01', http: client(), baseUrl: server.url });
    expect(res.observations).toEqual([
      { date: '2024-01-02', value: 3.95 },
      { date: '2024-01-03', value: 3.91 },
    ]);
    expect(res.notes.join(' ')).toMatch(/skipped 1 row/);
    expect(server.requests[0]).toBe('/graph/fredgraph.csv?id=DGS10&cosd=2024-01-01');
  });

  it('names the series when FRED does not know it (404)', async () => {
    const e = await failure(fetchFred({ id: 'NOSUCH', kind: 'rate', http: client(), baseUrl: server.url }));
    expect(e.message).toMatch(/FRED has no series "NOSUCH" \(HTTP 404\)/);
  });

  it('retries after a 429, waiting as long as Retry-After says', async () => {
    server.faults.push({ match: /fredgraph/, times: 1, kind: 'status', status: 429, headers: { 'retry-after': '2' } });
    const res = await fetchFred({ id: 'DGS10', kind: 'rate', http: client(), baseUrl: server.url });
    expect(res.observations).toHaveLength(3);
    expect(server.requests).toHaveLength(2);
    expect(slept).toEqual([2000]);
  });

  it('backs off exponentially on 5xx and gives up with the last error', async () => {
    server.faults.push({ match: /fredgraph/, times: 10, kind: 'status', status: 502 });
    const e = await failure(fetchFred({ id: 'DGS10', kind: 'rate', http: client({ retries: 3, backoffMs: 100 }), baseUrl: server.url }));
    expect(e.message).toMatch(/HTTP 502.*gave up after 4 attempts/);
    expect(server.requests).toHaveLength(4);
    expect(slept).toHaveLength(3);
    expect(slept[0]).toBeGreaterThanOrEqual(100);
    expect(slept[1]).toBeGreaterThanOrEqual(200);
    expect(slept[2]).toBeGreaterThanOrEqual(400);
    expect(slept[2]).toBeLessThan(500);
  });

  it('detects a body cut off before Content-Length, retries, then reports it', async () => {
    server.faults.push({ match: /fredgraph/, times: 10, kind: 'truncate' });
    const e = await failure(fetchFred({ id: 'DGS10', kind: 'rate', http: client({ retries: 1 }), baseUrl: server.url }));
    expect(e.reason).toBe('truncated');
    expect(e.message).toMatch(/cut off.*truncated|truncated/);
    expect(server.requests).toHaveLength(2);
  });

  it('recovers when only the first answer was cut off', async () => {
    server.faults.push({ match: /fredgraph/, times: 1, kind: 'truncate' });
    const res = await fetchFred({ id: 'DGS10', kind: 'rate', http: client(), baseUrl: server.url });
    expect(res.observations).toHaveLength(3);
  });

  it('explains a refusal (HTTP 403) and does not retry it', async () => {
    server.faults.push({ match: /fredgraph/, times: 10, kind: 'status', status: 403 });
    const e = await failure(fetchFred({ id: 'DGS10', kind: 'rate', http: client(), baseUrl: server.url }));
    expect(e.message).toMatch(/answered HTTP 403 Forbidden; the service refused the request/);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses an HTML page served as 200 and quotes its title', async () => {
    server.faults.push({ match: /fredgraph/, times: 1, kind: 'html' });
    const e = await failure(fetchFred({ id: 'DGS10', kind: 'rate', http: client(), baseUrl: server.url }));
    expect(e.reason).toBe('html');
    expect(e.message).toMatch(/HTML page \("Will be right back\.\.\."\) instead of CSV/);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a CSV with the wrong header and a malformed row', async () => {
    server.fred.set('BAD', [{ date: '2024-01-02', value: '1,234' }]);
    const e = await failure(fetchFred({ id: 'BAD', kind: 'level', http: client(), baseUrl: server.url }));
    expect(e.message).toMatch(/expected 2 columns|expected a number/);
    server.faults.push({ match: /fredgraph/, times: 1, kind: 'status', status: 200, body: 'foo,bar,baz\n1,2,3\n' });
    const e2 = await failure(fetchFred({ id: 'DGS10', kind: 'rate', http: client(), baseUrl: server.url }));
    expect(e2.message).toMatch(/expected a header "observation_date,DGS10", found "foo,bar,baz"/);
  });

  it('reads its base URL from REGIME_FRED_URL', async () => {
    process.env.REGIME_FRED_URL = server.url;
    try {
      const res = await fetchFred({ id: 'DGS10', kind: 'rate', http: client() });
      expect(res.observations[0]).toEqual({ date: '2023-12-29', value: 3.88 });
    } finally {
      delete process.env.REGIME_FRED_URL;
    }
  });
});

describe('datahub gold loader', () => {
  it('reads Date,Price with YYYY-MM months as the first of the month', async () => {
    server.datahub.set('gold-prices', 'Date,Price\n1950-01,34.73\n1950-02,34.73\n1950-03,34.73\n2024-01,2033.85\n2024-02,2024.15\n');
    const res = await fetchDatahub({ id: 'gold-prices', kind: 'price', from: '2000-01-01', http: client(), baseUrl: server.url });
    expect(res.observations).toEqual([
      { date: '2024-01-01', value: 2033.85 },
      { date: '2024-02-01', value: 2024.15 },
    ]);
    expect(server.requests[0]).toBe('/core/gold-prices/_r/-/data/monthly.csv');
  });

  it('reports a 503 error page with its title after the retries', async () => {
    server.faults.push({ match: /gold/, times: 10, kind: 'html', status: 503 });
    const e = await failure(fetchDatahub({ id: 'gold-prices', kind: 'price', http: client({ retries: 1 }), baseUrl: server.url }));
    expect(e.message).toMatch(/HTTP 503.*"Will be right back\.\.\."/);
    expect(server.requests).toHaveLength(2);
  });

  it('refuses datasets it does not know', async () => {
    const e = await failure(fetchDatahub({ id: 'silver', kind: 'price', http: client(), baseUrl: server.url }));
    expect(e.message).toMatch(/unknown datahub dataset "silver"/);
  });
});

describe('HTTP client', () => {
  it('says "are you offline?" when the host refuses connections, without retrying', async () => {
    const closed = await startFakeServer();
    const url = closed.url;
    await closed.close();
    const http = client();
    const e = await failure(http.get(`${url}/graph/fredgraph.csv?id=DGS10`, { expect: 'csv', what: 'FRED series DGS10' }));
    expect(e.reason).toBe('offline');
    expect(e.message).toBe(`cannot reach ${new URL(url).host}: are you offline? Use REGIME_DATA_DIR with local CSVs (ECONNREFUSED)`);
    expect(http.requests).toBe(1);
  });

  it('recognises a failed DNS lookup (ENOTFOUND) as offline', async () => {
    const fakeFetch = (async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND fred.stlouisfed.org'), { code: 'ENOTFOUND' }) });
    }) as typeof fetch;
    const e = await failure(client({ fetch: fakeFetch }).get('https://fred.stlouisfed.org/graph/fredgraph.csv?id=M2SL', { expect: 'csv', what: 'x' }));
    expect(e.message).toMatch(/^cannot reach fred\.stlouisfed\.org: are you offline\? Use REGIME_DATA_DIR with local CSVs/);
  });

  it('times out a server that never answers', async () => {
    server.faults.push({ match: /fredgraph/, times: 10, kind: 'hang' });
    const e = await failure(client({ timeoutMs: 200, retries: 1 }).get(`${server.url}/graph/fredgraph.csv?id=X`, { expect: 'csv', what: 'FRED series X' }));
    expect(e.reason).toBe('timeout');
    expect(e.message).toMatch(/no complete answer from 127\.0\.0\.1:\d+ within 200 ms/);
  });

  it('does not wait for a Retry-After longer than it allows', async () => {
    server.faults.push({ match: /fredgraph/, times: 10, kind: 'status', status: 429, headers: { 'retry-after': '3600' } });
    server.fred.set('DGS10', [{ date: '2024-01-02', value: '3.95' }]);
    const e = await failure(fetchFred({ id: 'DGS10', kind: 'rate', http: client({ maxRetryAfterMs: 60_000 }), baseUrl: server.url }));
    expect(e.reason).toBe('rate-limited');
    expect(e.message).toMatch(/asks to wait 3600 s/);
    expect(slept).toEqual([]);
  });

  it('spaces requests to the same host by minIntervalMs (real clock)', async () => {
    server.fred.set('DGS10', [{ date: '2024-01-02', value: '3.95' }]);
    const http = new HttpClient({ minIntervalMs: 150 });
    const t0 = Date.now();
    for (let i = 0; i < 3; i++) await http.get(`${server.url}/graph/fredgraph.csv?id=DGS10`, { expect: 'csv', what: 'x' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
