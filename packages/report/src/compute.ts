/**
 * Pure computations behind the report's charts and tables. Everything the page shows is
 * computed here, in TypeScript, before it is inlined, so the browser only draws.
 */

export type Series = ArrayLike<number>;
/** A chart column: one value per bar, null where undefined (uPlot draws a gap). */
export type Column = (number | null)[];

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Calendar days since 1970-01-01 of a YYYY-MM-DD date (UTC). */
export function dayOf(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

/** Underwater curve: value over its running maximum, minus one (0 at highs, negative below). */
export function underwater(equity: Series): Column {
  const out: Column = new Array(equity.length);
  let peak = -Infinity;
  for (let t = 0; t < equity.length; t++) {
    const v = equity[t];
    if (!Number.isFinite(v)) {
      out[t] = null;
      continue;
    }
    if (v > peak) peak = v;
    out[t] = peak > 0 ? v / peak - 1 : 0;
  }
  return out;
}

/**
 * Risk-free return per bar for a USD curve: the yearly cash rate in force over the interval
 * that starts at bar t-1, accrued act/365 as the simulation does. Element t is the return of
 * the interval ending at bar t (element 0 is 0).
 */
export function riskFreePerBar(cashRate: Series, dates: string[]): Float64Array {
  const n = dates.length;
  const out = new Float64Array(n);
  let prev = n ? dayOf(dates[0]) : 0;
  for (let t = 1; t < n; t++) {
    const d = dayOf(dates[t]);
    const rate = cashRate[t - 1];
    out[t] = Number.isFinite(rate) ? (rate * (d - prev)) / 365 : 0;
    prev = d;
  }
  return out;
}

export interface RollingInput {
  equity: Series;
  /** Bars in the window (one year: periodsPerYear). */
  window: number;
  periodsPerYear: number;
  /** Risk-free return per bar, element t for the interval ending at t (see riskFreePerBar); absent = 0. */
  riskFree?: Series;
  /** The benchmark's equity on the same bars, for the rolling beta. */
  benchmark?: Series;
}

export interface Rolling {
  /** Compounded return over the window: equity[t] / equity[t - window] - 1. */
  ret: Column;
  /** Annualised sample standard deviation of the window's bar returns. */
  vol: Column;
  /** Annualised mean over standard deviation of the window's excess returns. */
  sharpe: Column;
  /** Covariance of excess returns with the benchmark's over the benchmark's variance. */
  beta: Column | null;
}

/**
 * Rolling statistics over a trailing window of `window` bar returns ending at each bar; the
 * first `window` bars are null. Conventions follow the run's own metrics: sample (n - 1)
 * moments, excess returns over the risk-free return for Sharpe and beta, annualised by
 * periodsPerYear. Direct O(n·window) sums (exact, and fast enough for decades of days).
 */
export function rollingStats(input: RollingInput): Rolling {
  const { equity, window: w, periodsPerYear: P, riskFree, benchmark } = input;
  const n = equity.length;
  const r = new Float64Array(n);
  const ex = new Float64Array(n);
  const exb = new Float64Array(n);
  for (let t = 1; t < n; t++) {
    const rf = riskFree ? riskFree[t] : 0;
    r[t] = equity[t - 1] > 0 ? equity[t] / equity[t - 1] - 1 : 0;
    ex[t] = r[t] - rf;
    if (benchmark) exb[t] = (benchmark[t - 1] > 0 ? benchmark[t] / benchmark[t - 1] - 1 : 0) - rf;
  }
  const ret: Column = new Array(n).fill(null);
  const vol: Column = new Array(n).fill(null);
  const sharpe: Column = new Array(n).fill(null);
  const beta: Column | null = benchmark ? new Array(n).fill(null) : null;
  const ann = Math.sqrt(P);
  if (w < 2) return { ret, vol, sharpe, beta };
  for (let t = w; t < n; t++) {
    ret[t] = equity[t - w] > 0 ? finite(equity[t] / equity[t - w] - 1) : null;
    let sr = 0;
    let se = 0;
    let sb = 0;
    for (let i = t - w + 1; i <= t; i++) {
      sr += r[i];
      se += ex[i];
      sb += exb[i];
    }
    const mr = sr / w;
    const me = se / w;
    const mb = sb / w;
    let vr = 0;
    let ve = 0;
    let vb = 0;
    let cov = 0;
    for (let i = t - w + 1; i <= t; i++) {
      vr += (r[i] - mr) ** 2;
      ve += (ex[i] - me) ** 2;
      if (beta) {
        vb += (exb[i] - mb) ** 2;
        cov += (ex[i] - me) * (exb[i] - mb);
      }
    }
    vol[t] = finite(Math.sqrt(vr / (w - 1)) * ann);
    const sde = Math.sqrt(ve / (w - 1));
    // A flat window has no defined Sharpe (0/0 or x/0): leave a gap rather than ±∞.
    sharpe[t] = sde > 1e-12 ? finite((me / sde) * ann) : null;
    if (beta) beta[t] = vb > 1e-20 ? finite(cov / vb) : null;
  }
  return { ret, vol, sharpe, beta };
}

/** One row of the monthly returns heatmap. */
export interface HeatmapRow {
  year: number;
  /** Twelve returns, January first; null where the run has no such month. */
  months: (number | null)[];
  /** The calendar year's return (from the yearly returns, else compounded from the months). */
  total: number | null;
}

/** Years × months grid from the run's monthly returns (`period` YYYY-MM) and yearly returns (YYYY). */
export function monthlyGrid(monthly: { period: string; return: number }[], yearly: { period: string; return: number }[] = []): HeatmapRow[] {
  const rows = new Map<number, HeatmapRow>();
  const row = (year: number): HeatmapRow => {
    let r = rows.get(year);
    if (!r) rows.set(year, (r = { year, months: new Array(12).fill(null), total: null }));
    return r;
  };
  for (const m of monthly) {
    const year = Number(m.period.slice(0, 4));
    const month = Number(m.period.slice(5, 7));
    if (!Number.isInteger(year) || !(month >= 1 && month <= 12)) continue;
    row(year).months[month - 1] = finite(m.return);
  }
  const totals = new Map<number, number>();
  for (const y of yearly) totals.set(Number(y.period.slice(0, 4)), y.return);
  for (const r of rows.values()) {
    const given = totals.get(r.year);
    if (given !== undefined) r.total = finite(given);
    else {
      let g = 1;
      for (const m of r.months) if (m !== null) g *= 1 + m;
      r.total = g - 1;
    }
  }
  return [...rows.values()].sort((a, b) => a.year - b.year);
}

/**
 * The heatmap's color scale: the 95th percentile of the absolute monthly returns, at least
 * 1 %, so one outlier month does not wash out the rest.
 */
export function heatScale(values: (number | null)[]): number {
  const abs = values.filter((v): v is number => v !== null && Number.isFinite(v)).map(Math.abs).sort((a, b) => a - b);
  if (!abs.length) return 0.05;
  const q = abs[Math.min(abs.length - 1, Math.floor(0.95 * (abs.length - 1)))];
  return Math.max(0.01, q);
}

const GREEN = [26, 152, 80];
const RED = [215, 48, 39];

/**
 * Cell color for a return: white at 0, blending towards green (gains) or red (losses) and
 * reaching 80 % of full color at ±scale (clamped beyond), so dark text stays readable.
 */
export function heatColor(value: number | null, scale: number): string {
  if (value === null || !Number.isFinite(value)) return 'transparent';
  const k = 0.8 * Math.min(1, Math.abs(value) / scale);
  const c = value >= 0 ? GREEN : RED;
  const mix = (i: number) => Math.round(255 + (c[i] - 255) * k);
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
}

/** A run of consecutive bars with the same regime label (inclusive bar indices). */
export interface Spell {
  label: string;
  start: number;
  end: number;
}

/** Consecutive spells of the regime labels; bars with no label (null, "") belong to no spell. */
export function regimeSpells(labels: (string | null | undefined)[]): Spell[] {
  const spells: Spell[] = [];
  let current: Spell | undefined;
  for (let t = 0; t < labels.length; t++) {
    const label = labels[t];
    if (!label) {
      current = undefined;
      continue;
    }
    if (current && current.label === label && current.end === t - 1) current.end = t;
    else spells.push((current = { label, start: t, end: t }));
  }
  return spells;
}

/** One layer of the allocation chart: an asset's (or cash's) long or short part. */
export interface StackLayer {
  label: string;
  /** Asset symbol, or "cash". */
  asset: string;
  side: 'long' | 'short';
  /** The layer's own weight at each bar (≥ 0 for long, ≤ 0 for short). */
  weight: number[];
  /** Cumulative sum of this and every layer inside it on the same side (the drawn edge). */
  edge: number[];
}

export const CASH = 'cash';

/**
 * Stacked allocation: long parts stack upwards from zero, short parts downwards, and cash
 * (1 - Σw, what is left of equity) is the outermost layer: above the longs when positive,
 * below the shorts when negative (borrowed). Layers are returned innermost first per side;
 * a side only gets a layer for an asset that reaches at least `minWeight` on that side
 * (below about half a percent a layer is invisible; the residue of costs paid from cash
 * should not add an empty "Borrowed cash" entry to the legend).
 */
export function stackAllocation(weights: Record<string, Series>, bars: number, minWeight = 0.005): { long: StackLayer[]; short: StackLayer[] } {
  const assets = Object.keys(weights);
  const cash = new Array<number>(bars).fill(1);
  for (const a of assets) {
    const w = weights[a];
    for (let t = 0; t < bars; t++) cash[t] -= Number.isFinite(w[t]) ? w[t] : 0;
  }
  const parts: { asset: string; values: Series }[] = assets.map((a) => ({ asset: a, values: weights[a] }));
  parts.push({ asset: CASH, values: cash });
  const build = (side: 'long' | 'short'): StackLayer[] => {
    const layers: StackLayer[] = [];
    const acc = new Array<number>(bars).fill(0);
    for (const { asset, values } of parts) {
      const weight = new Array<number>(bars);
      let any = false;
      for (let t = 0; t < bars; t++) {
        let v = Number.isFinite(values[t]) ? values[t] : 0;
        if (Math.abs(v) < 1e-12) v = 0;
        weight[t] = side === 'long' ? Math.max(0, v) : Math.min(0, v);
        if (Math.abs(weight[t]) >= minWeight) any = true;
      }
      if (!any) continue;
      const edge = new Array<number>(bars);
      for (let t = 0; t < bars; t++) edge[t] = acc[t] += weight[t];
      const label = asset === CASH ? (side === 'long' ? 'Cash' : 'Borrowed cash') : side === 'long' ? asset : `${asset} (short)`;
      layers.push({ label, asset, side, weight, edge });
    }
    return layers;
  };
  return { long: build('long'), short: build('short') };
}

/**
 * Indices of at most `max` bars spread evenly over `n`, always keeping the first and the
 * last; every index when n ≤ max.
 */
export function sampleIndices(n: number, max: number): number[] {
  if (n <= max || max < 2) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  const step = (n - 1) / (max - 1);
  let last = -1;
  for (let k = 0; k < max; k++) {
    const i = Math.round(k * step);
    if (i !== last) out.push(i);
    last = i;
  }
  return out;
}

/** Rounds to `digits` significant digits (for compact inlined JSON); non-finite → null. */
export function roundSig(x: number | null | undefined, digits: number): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  return Number(x.toPrecision(digits));
}

/** Rounds to a fixed number of decimals (returns, weights); non-finite → null. */
export function roundFixed(x: number | null | undefined, decimals: number): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const f = 10 ** decimals;
  const y = Math.round(x * f) / f;
  return y === 0 ? 0 : y;
}
