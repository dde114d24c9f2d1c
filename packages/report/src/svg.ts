/** Static SVG charts drawn at render time (no script needed; they print as vectors). */
import { escapeHtml } from './escape.js';
import { signedPct } from './format.js';

export interface BarSeries {
  name: string;
  color: string;
  /** One value per category; null = no bar. */
  values: (number | null)[];
}

/** A "nice" tick step (1, 2, 2.5 or 5 × 10^k) giving about `target` intervals over span. */
export function niceStep(span: number, target = 5): number {
  if (!(span > 0)) return 0.1;
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

const f1 = (x: number) => (Math.round(x * 10) / 10).toString();

/**
 * Grouped vertical bars of returns per category (years): one bar per series in each group,
 * zero line, percent gridlines, a legend, and a <title> tooltip on every bar.
 */
export function groupedBarsSvg(categories: string[], series: BarSeries[], opts: { title: string; width?: number; height?: number }): string {
  const W = opts.width ?? 640;
  const H = opts.height ?? 240;
  const m = { l: 46, r: 8, t: 24, b: 30 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  let lo = 0;
  let hi = 0;
  for (const s of series) for (const v of s.values) if (v !== null && Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  if (hi - lo < 1e-9) hi = lo + 0.01;
  const step = niceStep(hi - lo, 5);
  lo = Math.floor(lo / step - 1e-9) * step;
  hi = Math.ceil(hi / step + 1e-9) * step;
  const y = (v: number) => m.t + ((hi - v) / (hi - lo)) * ph;
  const parts: string[] = [];
  parts.push(`<svg class="bars" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(opts.title)}" xmlns="http://www.w3.org/2000/svg">`);
  // Gridlines and y labels.
  for (let v = lo, i = 0; v <= hi + step / 2 && i < 50; v += step, i++) {
    const yy = f1(y(v));
    const zero = Math.abs(v) < step / 1e6;
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${yy}" y2="${yy}" class="${zero ? 'zero' : 'grid'}"/>`);
    parts.push(`<text x="${m.l - 5}" y="${yy}" class="ylab" text-anchor="end" dominant-baseline="middle">${escapeHtml(signedPct(zero ? 0 : v, step < 0.01 ? 1 : 0))}</text>`);
  }
  const n = Math.max(1, categories.length);
  const gw = pw / n;
  const bw = (gw * 0.8) / Math.max(1, series.length);
  const every = gw >= 30 ? 1 : gw >= 15 ? 2 : Math.ceil(30 / gw);
  categories.forEach((cat, i) => {
    const gx = m.l + i * gw + gw * 0.1;
    series.forEach((s, k) => {
      const v = s.values[i];
      if (v === null || v === undefined || !Number.isFinite(v)) return;
      const y0 = y(0);
      const y1 = y(v);
      const top = Math.min(y0, y1);
      const h = Math.max(0.5, Math.abs(y1 - y0));
      parts.push(
        `<rect x="${f1(gx + k * bw)}" y="${f1(top)}" width="${f1(Math.max(1, bw - 1))}" height="${f1(h)}" fill="${escapeHtml(s.color)}"><title>${escapeHtml(`${cat} ${s.name}: ${signedPct(v)}`)}</title></rect>`,
      );
    });
    if (i % every === 0) parts.push(`<text x="${f1(m.l + (i + 0.5) * gw)}" y="${H - m.b + 14}" class="xlab" text-anchor="middle">${escapeHtml(cat)}</text>`);
  });
  // Legend, top left.
  let lx = m.l;
  for (const s of series) {
    parts.push(`<rect x="${lx}" y="6" width="10" height="10" fill="${escapeHtml(s.color)}"/>`);
    parts.push(`<text x="${lx + 14}" y="15" class="leg">${escapeHtml(s.name)}</text>`);
    lx += 24 + 7 * s.name.length;
  }
  parts.push('</svg>');
  return parts.join('');
}
