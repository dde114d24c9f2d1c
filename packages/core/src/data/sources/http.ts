import { InputError } from '../../util/errors.js';

/**
 * Why a download failed. Every kind is the user's to act on (network, symbol, service),
 * so the error is an InputError: the CLI shows the message without a stack trace.
 */
export type DownloadFailure = 'offline' | 'not-found' | 'http' | 'rate-limited' | 'timeout' | 'truncated' | 'html' | 'format';

export class DownloadError extends InputError {
  constructor(
    message: string,
    readonly reason: DownloadFailure,
    readonly url: string,
    readonly status?: number,
    /** The first few kilobytes of the body, for sources that explain errors in it. */
    readonly body?: string,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

export interface HttpOptions {
  /** Per attempt, headers and body together. Default 30 s. */
  timeoutMs?: number;
  /** Further attempts after a 429, a 5xx, a timeout or a cut-off body. Default 4. */
  retries?: number;
  /** First back-off; doubles each retry (with a little jitter). Default 1 s. */
  backoffMs?: number;
  /** A Retry-After longer than this is not waited for; the download fails instead. Default 120 s. */
  maxRetryAfterMs?: number;
  /** Politeness: the least time between two requests to the same host. Default 500 ms. */
  minIntervalMs?: number;
  userAgent?: string;
  /** For tests: the fetch and the clock to use. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Where retry notices go (stderr in the CLI). */
  log?: (message: string) => void;
}

export interface HttpResponse {
  url: string;
  status: number;
  contentType: string;
  text: string;
}

export interface GetOptions {
  /** What the body must be: an HTML page instead is an error. */
  expect: 'json' | 'csv';
  /** Names the thing being fetched in messages, e.g. `Yahoo chart for SPY`. */
  what: string;
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const OFFLINE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const DEFAULT_UA = 'Mozilla/5.0 (compatible; regime-backtester/0.1; +https://www.npmjs.com/)';

export const OFFLINE_HINT = 'are you offline? Use REGIME_DATA_DIR with local CSVs';

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * GET with a timeout, per-host rate limiting, and retries with exponential back-off on
 * 429/5xx (a Retry-After header is honoured). Failures become DownloadErrors that say what
 * to do: offline, no such symbol (404), a cut-off body, an HTML page where data was expected.
 */
export class HttpClient {
  private readonly opts: Required<Omit<HttpOptions, 'log'>> & Pick<HttpOptions, 'log'>;
  private readonly nextSlot = new Map<string, number>();
  /** How many requests were sent (attempts, retries included); tests read it. */
  requests = 0;

  constructor(options: HttpOptions = {}) {
    this.opts = {
      timeoutMs: options.timeoutMs ?? 30_000,
      retries: options.retries ?? 4,
      backoffMs: options.backoffMs ?? 1_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 120_000,
      minIntervalMs: options.minIntervalMs ?? 500,
      userAgent: options.userAgent ?? DEFAULT_UA,
      fetch: options.fetch ?? globalThis.fetch,
      sleep: options.sleep ?? realSleep,
      log: options.log,
    };
  }

  async get(url: string, how: GetOptions): Promise<HttpResponse> {
    const host = new URL(url).host;
    let lastError: DownloadError | undefined;
    for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
      if (attempt > 0 && lastError) {
        const wait = this.retryDelay(attempt, lastError);
        this.opts.log?.(`  ${how.what}: ${shortReason(lastError)}; retrying in ${formatMs(wait)} (attempt ${attempt + 1} of ${this.opts.retries + 1})`);
        await this.opts.sleep(wait);
      }
      await this.politely(host);
      try {
        return await this.once(url, host, how);
      } catch (e) {
        if (!(e instanceof DownloadError) || !isRetryable(e)) throw e;
        if (e.reason === 'rate-limited' && retryAfterOf(e) > this.opts.maxRetryAfterMs)
          throw new DownloadError(`${how.what}: ${host} asks to wait ${formatMs(retryAfterOf(e))} before retrying (HTTP 429); try again later`, 'rate-limited', url, 429);
        lastError = e;
      }
    }
    throw new DownloadError(`${lastError!.message} (gave up after ${this.opts.retries + 1} attempts)`, lastError!.reason, url, lastError!.status, lastError!.body);
  }

  private retryDelay(attempt: number, e: DownloadError): number {
    const after = retryAfterOf(e);
    if (after >= 0) return after;
    const base = this.opts.backoffMs * 2 ** (attempt - 1);
    return Math.round(base * (1 + 0.2 * Math.random()));
  }

  /** Waits until this host's next slot; slots are `minIntervalMs` apart. */
  private async politely(host: string): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot.get(host) ?? 0);
    this.nextSlot.set(host, slot + this.opts.minIntervalMs);
    if (slot > now) await this.opts.sleep(slot - now);
  }

  private async once(url: string, host: string, how: GetOptions): Promise<HttpResponse> {
    this.requests++;
    const signal = AbortSignal.timeout(this.opts.timeoutMs);
    let res: Response;
    try {
      res = await this.opts.fetch(url, {
        signal,
        redirect: 'follow',
        headers: { 'user-agent': this.opts.userAgent, accept: how.expect === 'json' ? 'application/json' : 'text/csv, text/plain, */*' },
      });
    } catch (e) {
      throw networkError(e, url, host, how, this.opts.timeoutMs);
    }
    let bytes: Buffer;
    try {
      bytes = Buffer.from(await res.arrayBuffer());
    } catch (e) {
      const err = networkError(e, url, host, how, this.opts.timeoutMs);
      if (err.reason === 'timeout' || err.reason === 'offline') throw err;
      throw new DownloadError(`${how.what}: the download from ${host} was cut off before the end (truncated body)`, 'truncated', url, res.status);
    }
    const declared = Number(res.headers.get('content-length'));
    if (!res.headers.get('content-encoding') && Number.isFinite(declared) && declared > 0 && bytes.length < declared)
      throw new DownloadError(`${how.what}: the download from ${host} was cut off: ${bytes.length} of ${declared} bytes (truncated body)`, 'truncated', url, res.status);
    const text = bytes.toString('utf8');
    const contentType = res.headers.get('content-type') ?? '';
    const html = looksLikeHtml(contentType, text);
    if (!res.ok) {
      const snippet = text.slice(0, 4096);
      if (res.status === 404)
        throw new DownloadError(`${how.what}: not found at ${host} (HTTP 404)`, 'not-found', url, 404, snippet);
      if (res.status === 429) {
        const e = new DownloadError(`${how.what}: ${host} is rate limiting us (HTTP 429)`, 'rate-limited', url, 429, snippet);
        (e as RetryAfterCarrier).retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
        throw e;
      }
      const title = html ? htmlTitle(text) : undefined;
      const e = new DownloadError(
        `${how.what}: ${host} answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${title ? ` ("${title}")` : ''}${
          res.status === 401 || res.status === 403 ? '; the service refused the request (it may be blocking automated downloads): try again later, or use local CSVs' : ''
        }`,
        'http',
        url,
        res.status,
        snippet,
      );
      if (res.status === 503) (e as RetryAfterCarrier).retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
      throw e;
    }
    if (html) {
      const title = htmlTitle(text);
      throw new DownloadError(
        `${how.what}: ${host} answered with an HTML page${title ? ` ("${title}")` : ''} instead of ${how.expect === 'json' ? 'JSON' : 'CSV'} data; the service may be down, blocking automated requests, or asking for consent`,
        'html',
        url,
        res.status,
        text.slice(0, 4096),
      );
    }
    return { url, status: res.status, contentType, text };
  }
}

interface RetryAfterCarrier {
  retryAfterMs?: number;
}

function retryAfterOf(e: DownloadError): number {
  const v = (e as RetryAfterCarrier).retryAfterMs;
  return v === undefined ? -1 : v;
}

function isRetryable(e: DownloadError): boolean {
  if (e.reason === 'rate-limited' || e.reason === 'timeout' || e.reason === 'truncated') return true;
  return e.reason === 'http' && e.status !== undefined && RETRY_STATUS.has(e.status);
}

function shortReason(e: DownloadError): string {
  if (e.status === 429) return 'rate limited (HTTP 429)';
  if (e.reason === 'http') return `HTTP ${e.status}`;
  return e.reason === 'truncated' ? 'download cut off' : e.reason;
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

function looksLikeHtml(contentType: string, text: string): boolean {
  if (/text\/html|application\/xhtml/i.test(contentType)) return true;
  return /^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text.slice(0, 512));
}

function htmlTitle(text: string): string | undefined {
  const m = /<title[^>]*>([^<]*)<\/title>/i.exec(text);
  const t = m?.[1].replace(/\s+/g, ' ').trim();
  return t ? t.slice(0, 120) : undefined;
}

/** The error codes anywhere in an error's cause chain (undici nests them; happy eyeballs aggregates). */
export function errorCodes(e: unknown, seen = new Set<unknown>()): string[] {
  if (e === null || typeof e !== 'object' || seen.has(e)) return [];
  seen.add(e);
  const out: string[] = [];
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') out.push(code);
  out.push(...errorCodes((e as { cause?: unknown }).cause, seen));
  const errors = (e as { errors?: unknown }).errors;
  if (Array.isArray(errors)) for (const x of errors) out.push(...errorCodes(x, seen));
  return out;
}

function networkError(e: unknown, url: string, host: string, how: GetOptions, timeoutMs: number): DownloadError {
  const name = (e as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return new DownloadError(`${how.what}: no complete answer from ${host} within ${formatMs(timeoutMs)} (timeout)`, 'timeout', url);
  const codes = errorCodes(e);
  if (codes.some((c) => OFFLINE_CODES.has(c)))
    return new DownloadError(`cannot reach ${host}: ${OFFLINE_HINT} (${codes.find((c) => OFFLINE_CODES.has(c))})`, 'offline', url);
  if (codes.some((c) => TRANSIENT_CODES.has(c)) || /terminated|other side closed|socket/i.test(String((e as Error)?.message)))
    return new DownloadError(`${how.what}: the connection to ${host} was cut off (${codes[0] ?? (e as Error).message})`, 'truncated', url);
  return new DownloadError(`${how.what}: request to ${host} failed: ${(e as Error)?.message ?? String(e)}${codes.length ? ` (${codes.join(', ')})` : ''}`, 'http', url);
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
