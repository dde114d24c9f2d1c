import { DownloadError } from './http.js';
import type { FetchRequest, FetchResult, Observation } from './types.js';

/** Yahoo's chart API host; REGIME_YAHOO_URL or the request's baseUrl replace it (tests). */
export const YAHOO_DEFAULT_URL = 'https://query1.finance.yahoo.com';

/** Far enough back for every Yahoo history (^GSPC starts in 1927). */
const EARLIEST = Date.UTC(1900, 0, 1) / 1000;

interface ChartResult {
  meta?: {
    exchangeTimezoneName?: string;
    gmtoffset?: number;
    currentTradingPeriod?: { regular?: { start?: number; end?: number } };
  };
  timestamp?: number[];
  events?: {
    dividends?: Record<string, { date?: number }>;
    splits?: Record<string, { date?: number }>;
  };
  indicators?: {
    quote?: { close?: (number | null)[] }[];
    adjclose?: { adjclose?: (number | null)[] }[];
  };
}

interface ChartDocument {
  chart?: { result?: ChartResult[] | null; error?: { code?: string; description?: string } | null };
}

export function yahooChartUrl(base: string, ticker: string, from: string | undefined, now: Date): string {
  const period1 = from ? Date.parse(`${from}T00:00:00Z`) / 1000 : EARLIEST;
  const period2 = Math.ceil(now.getTime() / 1000);
  return `${base.replace(/\/+$/, '')}/v8/finance/chart/${encodeURIComponent(ticker)}?period1=${period1}&period2=${period2}&interval=1d&events=div%2Csplits&includeAdjustedClose=true`;
}

/**
 * Daily bars from Yahoo's chart endpoint. Prices are the adjusted closes (dividends and
 * splits folded in, so day-to-day changes are total returns); levels and rates (^VIX,
 * ^IRX) the plain closes. Dates are the exchange's local trading days. A bar for a
 * session that has not closed yet is dropped, so an intraday price never lands in a file.
 */
export async function fetchYahoo(req: FetchRequest): Promise<FetchResult> {
  const now = req.now ?? new Date();
  const base = req.baseUrl ?? process.env.REGIME_YAHOO_URL ?? YAHOO_DEFAULT_URL;
  const url = yahooChartUrl(base, req.id, req.from, now);
  const what = `Yahoo chart for ${req.id}`;
  let text: string;
  try {
    text = (await req.http.get(url, { expect: 'json', what })).text;
  } catch (e) {
    if (e instanceof DownloadError && e.reason === 'not-found') {
      const why = yahooErrorText(e.body);
      throw new DownloadError(`Yahoo has no symbol "${req.id}"${why ? ` (${why})` : ''}; check the ticker in the catalog's source: { yahoo: … }`, 'not-found', url, 404);
    }
    throw e;
  }
  let doc: ChartDocument;
  try {
    doc = JSON.parse(text) as ChartDocument;
  } catch (e) {
    const cut = !/[}\]]\s*$/.test(text);
    throw new DownloadError(
      cut ? `${what}: the JSON answer ends early (truncated body, ${text.length} characters)` : `${what}: the answer is not valid JSON: ${(e as Error).message}`,
      cut ? 'truncated' : 'format',
      url,
    );
  }
  const chart = doc.chart;
  if (!chart) throw new DownloadError(`${what}: expected a {"chart": …} document, found keys ${Object.keys(doc ?? {}).join(', ') || 'none'}`, 'format', url);
  if (chart.error) {
    const why = [chart.error.code, chart.error.description].filter(Boolean).join(': ');
    const notFound = /not found|no data/i.test(why);
    throw new DownloadError(notFound ? `Yahoo has no symbol "${req.id}" (${why})` : `${what}: Yahoo reports an error: ${why}`, notFound ? 'not-found' : 'format', url);
  }
  const result = chart.result?.[0];
  if (!result) throw new DownloadError(`${what}: the answer holds no result`, 'format', url);
  return parseChartResult(result, req, url, now);
}

function yahooErrorText(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const err = (JSON.parse(body) as ChartDocument).chart?.error;
    return err ? [err.code, err.description].filter(Boolean).join(': ') : undefined;
  } catch {
    return undefined;
  }
}

function parseChartResult(result: ChartResult, req: FetchRequest, url: string, now: Date): FetchResult {
  const what = `Yahoo chart for ${req.id}`;
  const notes: string[] = [];
  const toDate = dateFormatter(result.meta?.exchangeTimezoneName, result.meta?.gmtoffset);
  const stamps = result.timestamp ?? [];
  const column =
    req.kind === 'price' ? result.indicators?.adjclose?.[0]?.adjclose : result.indicators?.quote?.[0]?.close;
  if (stamps.length > 0 && !column)
    throw new DownloadError(
      `${what}: the answer has no ${req.kind === 'price' ? 'adjusted closes ("adjclose")' : 'closes'}; a price series needs them for total returns`,
      'format',
      url,
    );
  if (column && column.length !== stamps.length)
    throw new DownloadError(`${what}: ${stamps.length} timestamps but ${column.length} values (truncated or malformed answer)`, 'format', url);

  const byDate = new Map<string, number>();
  let skipped = 0;
  for (let i = 0; i < stamps.length; i++) {
    const v = column![i];
    if (typeof stamps[i] !== 'number') throw new DownloadError(`${what}: timestamp ${i} is not a number`, 'format', url);
    if (v === null || v === undefined || !Number.isFinite(v) || (req.kind === 'price' && v <= 0)) {
      skipped++;
      continue;
    }
    byDate.set(toDate(stamps[i]), v); // a repeated date (Yahoo's live bar) keeps the later value
  }
  let observations: Observation[] = [...byDate].map(([date, value]) => ({ date, value })).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (req.from) observations = observations.filter((o) => o.date >= req.from!);
  if (skipped) notes.push(`skipped ${skipped} bar${skipped > 1 ? 's' : ''} without a usable value`);

  // The session in progress: its bar is an intraday price, not a close.
  const regular = result.meta?.currentTradingPeriod?.regular;
  const last = observations[observations.length - 1];
  if (last && regular?.start !== undefined && regular.end !== undefined && now.getTime() < regular.end * 1000 && last.date === toDate(regular.start)) {
    observations.pop();
    notes.push(`left out ${last.date}: that session has not closed yet`);
  }

  const events: { date: string; kind: 'dividend' | 'split' }[] = [];
  for (const [kind, list] of [
    ['dividend', result.events?.dividends],
    ['split', result.events?.splits],
  ] as const)
    for (const [key, e] of Object.entries(list ?? {})) events.push({ date: toDate(e.date ?? Number(key)), kind });
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { observations, url, events, notes };
}

/** Seconds since the epoch → the exchange's local calendar date. */
function dateFormatter(timeZone: string | undefined, gmtoffset: number | undefined): (seconds: number) => string {
  if (timeZone) {
    try {
      const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      return (s) => f.format(new Date(s * 1000));
    } catch {
      // an unknown zone name: fall back to the fixed offset
    }
  }
  const offset = gmtoffset ?? 0;
  return (s) => new Date((s + offset) * 1000).toISOString().slice(0, 10);
}
