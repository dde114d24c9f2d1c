// Test support: a local stand-in for Yahoo, FRED and datahub on 127.0.0.1, answering in each
// service's real format, with faults on demand (404, 429, 5xx, cut-off bodies, HTML pages).
// Used by the loader and pull tests; nothing in the library imports it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeBar {
  date: string;
  close: number;
  /** Defaults to close. */
  adjclose?: number;
}

export interface FakeYahooSymbol {
  bars: FakeBar[];
  /** Dates of dividends to report in `events`. */
  dividends?: string[];
  /** Unix seconds of the current session, for the unfinished-bar rule. */
  currentTradingPeriod?: { start: number; end: number };
  timezone?: string;
  gmtoffset?: number;
}

export interface Fault {
  /** Which request paths it applies to. */
  match: RegExp;
  /** How many matching requests it answers (then the normal answer comes back). */
  times: number;
  kind: 'status' | 'truncate' | 'html' | 'hang';
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface FakeServer {
  url: string;
  yahoo: Map<string, FakeYahooSymbol>;
  /** FRED series: values as FRED writes them ("." for missing). */
  fred: Map<string, { date: string; value: string }[]>;
  /** datahub CSV text by dataset name (gold-prices, s-and-p-500). */
  datahub: Map<string, string>;
  faults: Fault[];
  /** Every request's path and query, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** 09:30 New York, as Yahoo stamps daily bars (13:30 or 14:30 UTC; 14:30 is inside the NY day either way). */
export function yahooStamp(date: string): number {
  return Date.parse(`${date}T14:30:00Z`) / 1000;
}

export const DATAHUB_PATHS: Record<string, string> = {
  '/core/gold-prices/_r/-/data/monthly.csv': 'gold-prices',
  '/core/s-and-p-500/_r/-/data/data.csv': 's-and-p-500',
};

export async function startFakeServer(): Promise<FakeServer> {
  const state = {
    yahoo: new Map<string, FakeYahooSymbol>(),
    fred: new Map<string, { date: string; value: string }[]>(),
    datahub: new Map<string, string>(),
    faults: [] as Fault[],
    requests: [] as string[],
  };
  const server = createServer((req, res) => handle(state, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ...state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type State = Omit<FakeServer, 'url' | 'close'>;

function handle(state: State, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  state.requests.push(`${url.pathname}${url.search}`);
  const fault = state.faults.find((f) => f.times > 0 && f.match.test(url.pathname));
  if (fault) {
    fault.times--;
    return answerFault(fault, res);
  }
  const chart = /^\/v8\/finance\/chart\/([^/]+)$/.exec(url.pathname);
  if (chart) return yahooChart(state, decodeURIComponent(chart[1]), url, res);
  if (url.pathname === '/graph/fredgraph.csv') return fredCsv(state, url, res);
  const dataset = DATAHUB_PATHS[url.pathname];
  if (dataset && state.datahub.has(dataset)) return send(res, 200, 'text/csv', state.datahub.get(dataset)!);
  send(res, 404, 'text/html', '<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>Not found</body></html>');
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(body);
  res.writeHead(status, { 'content-type': type, 'content-length': String(bytes.length), ...headers });
  res.end(bytes);
}

function answerFault(f: Fault, res: ServerResponse): void {
  if (f.kind === 'hang') return; // never answers: the client's timeout must fire
  if (f.kind === 'html')
    return send(
      res,
      f.status ?? 200,
      'text/html; charset=utf-8',
      f.body ?? '<!DOCTYPE html><html><head><title>Will be right back...</title></head><body><p>Service temporarily unavailable</p></body></html>',
      f.headers,
    );
  if (f.kind === 'truncate') {
    const body = Buffer.from(f.body ?? 'observation_date,DGS10\n2024-01-02,3.95\n2024-01-03,3.91\n2024-01-04,3.99\n');
    res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(body.length), ...f.headers });
    res.write(body.subarray(0, Math.floor(body.length / 2)));
    setTimeout(() => res.socket?.destroy(), 20);
    return;
  }
  send(res, f.status ?? 500, 'text/plain', f.body ?? `error ${f.status ?? 500}`, f.headers);
}

function yahooChart(state: State, ticker: string, url: URL, res: ServerResponse): void {
  const sym = state.yahoo.get(ticker);
  if (!sym)
    return send(res, 404, 'application/json;charset=utf-8', JSON.stringify({ chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } }));
  const p1 = Number(url.searchParams.get('period1'));
  const p2 = Number(url.searchParams.get('period2'));
  if (!Number.isFinite(p1) || !Number.isFinite(p2) || url.searchParams.get('interval') !== '1d')
    return send(res, 400, 'application/json', JSON.stringify({ chart: { result: null, error: { code: 'Bad Request', description: 'bad period or interval' } } }));
  const bars = sym.bars.filter((b) => yahooStamp(b.date) >= p1 && yahooStamp(b.date) < p2);
  const dividends: Record<string, { amount: number; date: number }> = {};
  for (const d of sym.dividends ?? []) {
    const t = yahooStamp(d);
    if (t >= p1 && t < p2) dividends[String(t)] = { amount: 0.5, date: t };
  }
  const period = sym.currentTradingPeriod ?? { start: yahooStamp('2000-01-03'), end: yahooStamp('2000-01-03') + 6.5 * 3600 };
  const result = {
    meta: {
      currency: 'USD',
      symbol: ticker,
      exchangeName: 'PCX',
      instrumentType: 'ETF',
      gmtoffset: sym.gmtoffset ?? -14400,
      timezone: 'EDT',
      exchangeTimezoneName: sym.timezone ?? 'America/New_York',
      currentTradingPeriod: {
        pre: { timezone: 'EDT', start: period.start - 19800, end: period.start, gmtoffset: -14400 },
        regular: { timezone: 'EDT', start: period.start, end: period.end, gmtoffset: -14400 },
        post: { timezone: 'EDT', start: period.end, end: period.end + 14400, gmtoffset: -14400 },
      },
      dataGranularity: '1d',
      range: '',
    },
    ...(bars.length ? { timestamp: bars.map((b) => yahooStamp(b.date)) } : {}),
    events: { dividends },
    indicators: {
      quote: [
        {
          open: bars.map((b) => b.close),
          high: bars.map((b) => b.close),
          low: bars.map((b) => b.close),
          close: bars.map((b) => b.close),
          volume: bars.map(() => 1000),
        },
      ],
      adjclose: [{ adjclose: bars.map((b) => b.adjclose ?? b.close) }],
    },
  };
  send(res, 200, 'application/json;charset=utf-8', JSON.stringify({ chart: { result: [result], error: null } }));
}

function fredCsv(state: State, url: URL, res: ServerResponse): void {
  const id = url.searchParams.get('id') ?? '';
  const rows = state.fred.get(id);
  if (!rows)
    return send(res, 404, 'text/html', '<!DOCTYPE html><html><head><title>Series Not Found | FRED</title></head><body>not found</body></html>');
  const from = url.searchParams.get('cosd');
  const body = [`observation_date,${id}`, ...rows.filter((r) => !from || r.date >= from).map((r) => `${r.date},${r.value}`)].join('\n') + '\n';
  send(res, 200, 'text/csv', body);
}
