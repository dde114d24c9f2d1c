/**
 * The walk-forward report's charts, drawn at render time as static SVG (they print as
 * vectors and need no script): the out-of-sample equity against the base config with the
 * folds as bands, and the chosen value of each swept path per fold as a step chart.
 */
import { escapeHtml as h } from '../escape.js';
import { niceStep } from '../svg.js';

export interface FoldBand {
  fold: number;
  /** Day numbers (days since 1970-01-01) of the test window. */
  start: number;
  end: number;
}

const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const yearOfDay = (d: number) => new Date(d * 86_400_000).getUTCFullYear();

interface Frame {
  W: number;
  H: number;
  m: { l: number; r: number; t: number; b: number };
  x: (d: number) => number;
  d0: number;
  d1: number;
}

function frame(d0: number, d1: number, W: number, H: number, left = 64): Frame {
  const m = { l: left, r: 12, t: 12, b: 26 };
  return { W, H, m, d0, d1, x: (d) => m.l + ((d - d0) / Math.max(1, d1 - d0)) * (W - m.l - m.r) };
}

/** Year ticks along the bottom, every k years so that about eight show. */
function yearAxis(f: Frame): string {
  const y0 = yearOfDay(f.d0);
  const y1 = yearOfDay(f.d1);
  const step = Math.max(1, Math.ceil((y1 - y0 + 1) / 8));
  const out: string[] = [];
  for (let y = y0 + 1; y <= y1; y += step) {
    const d = Date.UTC(y, 0, 1) / 86_400_000;
    const x = f.x(d).toFixed(1);
    out.push(`<line class="wf-grid" x1="${x}" x2="${x}" y1="${f.m.t}" y2="${f.H - f.m.b}"/><text x="${x}" y="${f.H - 8}" text-anchor="middle">${y}</text>`);
  }
  return out.join('');
}

function bands(f: Frame, folds: readonly FoldBand[]): string {
  return folds
    .map((b, i) => {
      const x0 = f.x(b.start);
      const x1 = f.x(b.end);
      return `<rect class="wf-band ${i % 2 ? 'odd' : 'even'}" data-fold="${b.fold}" x="${x0.toFixed(1)}" y="${f.m.t}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${f.H - f.m.t - f.m.b}"><title>fold ${b.fold}</title></rect><text class="wf-band-label" x="${((x0 + x1) / 2).toFixed(1)}" y="${f.m.t + 11}" text-anchor="middle">${b.fold}</text>`;
    })
    .join('');
}

/** Every n-th point so a path has at most `max` vertices (first and last kept). */
function thin(n: number, max: number): number[] {
  const step = Math.max(1, Math.ceil(n / max));
  const idx: number[] = [];
  for (let i = 0; i < n; i += step) idx.push(i);
  if (idx[idx.length - 1] !== n - 1) idx.push(n - 1);
  return idx;
}

export interface Line {
  name: string;
  cls: string;
  values: readonly number[];
}

/** Equity lines on a log scale over the dates, with the folds as alternating bands. */
export function equityChart(dates: readonly string[], lines: readonly Line[], folds: readonly FoldBand[], title: string): string {
  const days = dates.map(dayOf);
  const f = frame(days[0], days[days.length - 1], 960, 300);
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of lines) for (const v of l.values) if (v > 0 && Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  if (!(hi > lo)) [lo, hi] = [lo * 0.9 || 1, hi * 1.1 || 2];
  const [a, b] = [Math.log(lo * 0.97), Math.log(hi * 1.03)];
  const y = (v: number) => f.m.t + ((b - Math.log(v)) / (b - a)) * (f.H - f.m.t - f.m.b);
  const idx = thin(days.length, 1200);
  const paths = lines
    .map((l) => {
      let d = '';
      let pen = false;
      for (const i of idx) {
        const v = l.values[i];
        if (!(v > 0)) {
          pen = false;
          continue;
        }
        d += `${pen ? 'L' : 'M'}${f.x(days[i]).toFixed(1)},${y(v).toFixed(1)}`;
        pen = true;
      }
      return `<path class="wf-line ${l.cls}" d="${d}"><title>${h(l.name)}</title></path>`;
    })
    .join('');
  // Value ticks at nice levels of the log range.
  const ticks: string[] = [];
  const step = niceStep(hi - lo, 4);
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) {
    const yy = y(v).toFixed(1);
    ticks.push(`<line class="wf-grid" x1="${f.m.l}" x2="${f.W - f.m.r}" y1="${yy}" y2="${yy}"/><text x="${f.m.l - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${Math.round(v).toLocaleString('en-US')}</text>`);
  }
  return `<svg class="wf-chart" viewBox="0 0 ${f.W} ${f.H}" role="img" aria-label="${h(title)}">${bands(f, folds)}${ticks.join('')}${yearAxis(f)}${paths}</svg>`;
}

/** The chosen value of one path per fold, as steps over the test windows. */
export function stepChart(path: string, values: readonly unknown[], folds: readonly FoldBand[]): string {
  const f = frame(folds[0].start, folds[folds.length - 1].end, 960, 150, 110);
  const numeric = values.every((v) => typeof v === 'number');
  // Numbers on a linear scale; anything else (monthly, true) as categories in first-seen order.
  const categories = numeric ? [] : [...new Set(values.map(String))];
  const levels = numeric ? (values as number[]) : values.map((v) => categories.indexOf(String(v)));
  let lo = Math.min(...levels);
  let hi = Math.max(...levels);
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.12;
  const y = (v: number) => f.m.t + ((hi + pad - v) / (hi - lo + 2 * pad)) * (f.H - f.m.t - f.m.b);
  let d = '';
  const marks: string[] = [];
  folds.forEach((b, i) => {
    const yy = y(levels[i]).toFixed(1);
    d += `${i ? 'L' : 'M'}${f.x(b.start).toFixed(1)},${yy}L${f.x(b.end).toFixed(1)},${yy}`;
    marks.push(`<circle class="wf-step-dot" data-fold="${b.fold}" cx="${((f.x(b.start) + f.x(b.end)) / 2).toFixed(1)}" cy="${yy}" r="3"><title>fold ${b.fold}: ${h(path)} = ${h(String(values[i]))}</title></circle>`);
  });
  const labels = (numeric ? [...new Set(levels)].sort((p, q) => p - q) : categories.map((_, i) => i))
    .slice(0, 12)
    .map((v) => `<text x="${f.m.l - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${h(numeric ? String(Number(v.toPrecision(8))) : categories[v])}</text><line class="wf-grid" x1="${f.m.l}" x2="${f.W - f.m.r}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/>`)
    .join('');
  return `<svg class="wf-chart wf-steps" data-path="${h(path)}" viewBox="0 0 ${f.W} ${f.H}" role="img" aria-label="Chosen ${h(path)} per fold">${bands(f, folds)}${labels}${yearAxis(f)}<path class="wf-step" d="${d}"/>${marks.join('')}</svg>`;
}

export { dayOf };
