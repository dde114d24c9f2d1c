/** A static SVG of stacked bars per category (the P&L lines per year), with each category's net as a tick. */
import { escapeHtml } from '../escape.js';
import { niceStep, type BarSeries } from '../svg.js';

const f1 = (x: number) => (Math.round(x * 10) / 10).toString();

/** 1234567 → "1.23M", -25000 → "-25k". */
export function shortMoney(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${+(v / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${+(v / 1e6).toFixed(2)}M`;
  if (a >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return `${+v.toFixed(0)}`;
}

/**
 * Positive values stack up from zero and negative ones down, in series order; a dark tick marks
 * each category's net (the sum of its values). Every segment has a <title> tooltip.
 */
export function stackedBarsSvg(categories: string[], series: BarSeries[], opts: { title: string; unit?: string; width?: number; height?: number }): string {
  const W = opts.width ?? 900;
  const H = opts.height ?? 280;
  const m = { l: 56, r: 8, t: 8, b: 24 };
  const legendRows = Math.ceil(series.length / 6);
  const legendH = legendRows * 16 + 6;
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b - legendH;
  const top = m.t + legendH;
  const unit = opts.unit ?? 'USD';
  let lo = 0;
  let hi = 0;
  categories.forEach((_, i) => {
    let up = 0;
    let down = 0;
    for (const s of series) {
      const v = s.values[i];
      if (v === null || !Number.isFinite(v)) continue;
      if (v > 0) up += v;
      else down += v;
    }
    hi = Math.max(hi, up);
    lo = Math.min(lo, down);
  });
  if (hi - lo < 1e-9) hi = lo + 1;
  const step = niceStep(hi - lo, 5);
  lo = Math.floor(lo / step - 1e-9) * step;
  hi = Math.ceil(hi / step + 1e-9) * step;
  const y = (v: number) => top + ((hi - v) / (hi - lo)) * ph;
  const parts: string[] = [];
  parts.push(`<svg class="pnl-bars" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(opts.title)}" xmlns="http://www.w3.org/2000/svg">`);
  for (let v = lo, i = 0; v <= hi + step / 2 && i < 50; v += step, i++) {
    const yy = f1(y(v));
    const zero = Math.abs(v) < step / 1e6;
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${yy}" y2="${yy}" class="${zero ? 'zero' : 'grid'}"/>`);
    parts.push(`<text x="${m.l - 5}" y="${yy}" class="ylab" text-anchor="end" dominant-baseline="middle">${escapeHtml(shortMoney(zero ? 0 : v))}</text>`);
  }
  const n = Math.max(1, categories.length);
  const gw = pw / n;
  const bw = Math.max(1, gw * 0.72);
  const every = gw >= 34 ? 1 : gw >= 17 ? 2 : Math.ceil(34 / gw);
  categories.forEach((cat, i) => {
    const x = m.l + i * gw + (gw - bw) / 2;
    let up = 0;
    let down = 0;
    let net = 0;
    for (const s of series) {
      const v = s.values[i];
      if (v === null || !Number.isFinite(v) || v === 0) continue;
      net += v;
      const from = v > 0 ? up : down;
      const to = from + v;
      if (v > 0) up = to;
      else down = to;
      const y0 = y(from);
      const y1 = y(to);
      parts.push(
        `<rect x="${f1(x)}" y="${f1(Math.min(y0, y1))}" width="${f1(bw)}" height="${f1(Math.max(0.5, Math.abs(y1 - y0)))}" fill="${escapeHtml(s.color)}"><title>${escapeHtml(`${cat} ${s.name}: ${Math.round(v).toLocaleString('en-US')} ${unit}`)}</title></rect>`,
      );
    }
    const yn = f1(y(net));
    parts.push(`<line x1="${f1(x - 2)}" x2="${f1(x + bw + 2)}" y1="${yn}" y2="${yn}" class="net"><title>${escapeHtml(`${cat} net: ${Math.round(net).toLocaleString('en-US')} ${unit}`)}</title></line>`);
    if (i % every === 0) parts.push(`<text x="${f1(m.l + (i + 0.5) * gw)}" y="${H - 8}" class="xlab" text-anchor="middle">${escapeHtml(cat)}</text>`);
  });
  // Legend, in rows of six, above the plot.
  series.forEach((s, k) => {
    const lx = m.l + (k % 6) * Math.floor(pw / 6);
    const ly = 4 + Math.floor(k / 6) * 16;
    parts.push(`<rect x="${lx}" y="${ly}" width="10" height="10" fill="${escapeHtml(s.color)}"/>`);
    parts.push(`<text x="${lx + 14}" y="${ly + 9}" class="leg">${escapeHtml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
