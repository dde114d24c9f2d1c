/**
 * `compare --bootstrap` in the comparison report: each strategy's 5–95 % interval for the
 * ranking metric on one shared scale (static SVG), and the ≈ tag the ranking table puts on
 * strategies whose interval overlaps the leader's.
 */
import { formatMetric, metricDef, type RankedInterval, type RunResult, type SortKey } from '@regime/core';
import { escapeHtml as h } from '../escape.js';

export function overlapTag(x: RankedInterval | undefined, key: SortKey | undefined): string {
  if (!x?.overlapsLeader || !key) return '';
  return ` <span class="tag u-overlap" title="Its 5–95 % interval of ${h(metricDef(key.metric).label)} in ${h(key.numeraire)} overlaps the leader's">≈ leader</span>`;
}

export function intervalsSection(results: readonly RunResult[], list: readonly RankedInterval[] | null, key: SortKey | undefined, colors: readonly string[]): string {
  if (!list || !key) return '';
  const f = (x: number) => formatMetric(metricDef(key.metric), x, { compact: true });
  const known = list.filter((x) => x.interval);
  if (!known.length) return '';
  let lo = Math.min(0, ...known.map((x) => x.interval!.p05));
  let hi = Math.max(0, ...known.map((x) => x.interval!.p95));
  const pad = (hi - lo || 1) * 0.05;
  lo -= pad;
  hi += pad;
  const W = 640;
  const L = 200;
  const row = 26;
  const H = list.length * row + 24;
  const x = (v: number) => L + ((v - lo) / (hi - lo)) * (W - L - 10);
  const bars = list
    .map((item, rank) => {
      const y = rank * row + 8;
      const name = `<text x="${L - 8}" y="${y + 13}" text-anchor="end">${h(clip(results[item.run].name, 28))}</text>`;
      if (!item.interval) return `${name}<text x="${L}" y="${y + 13}" class="sub">no interval</text>`;
      const i = item.interval;
      const m = results[item.run].metrics?.[key.numeraire];
      const point = m ? metricDef(key.metric).read(m) : null;
      const dot = typeof point === 'number' && Number.isFinite(point) ? `<circle class="u-point" cx="${x(point).toFixed(1)}" cy="${y + 9}" r="4"/>` : '';
      return `<g data-run="${item.run}"><title>${h(results[item.run].name)}: 5% ${f(i.p05)}, median ${f(i.p50)}, 95% ${f(i.p95)}</title>${name}<rect class="u-bar" x="${x(i.p05).toFixed(1)}" y="${y + 4}" width="${Math.max(1, x(i.p95) - x(i.p05)).toFixed(1)}" height="10" rx="3" style="fill:${colors[item.run] ?? '#9db7d5'}"/><line class="u-median" x1="${x(i.p50).toFixed(1)}" x2="${x(i.p50).toFixed(1)}" y1="${y}" y2="${y + 18}"/>${dot}</g>`;
    })
    .join('');
  const zero = `<line class="u-zero" x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="0" y2="${H - 16}"/><text x="${x(0).toFixed(1)}" y="${H - 4}" text-anchor="middle" class="sub">0</text>`;
  const leader = list[0].interval;
  const leaderBand = leader ? `<rect class="u-leader" x="${x(leader.p05).toFixed(1)}" y="0" width="${Math.max(1, x(leader.p95) - x(leader.p05)).toFixed(1)}" height="${H - 16}"/>` : '';
  const resamples = results.find((r) => r.uncertainty)?.uncertainty?.[key.numeraire]?.resamples ?? 0;
  return `<section class="card" id="ranking-intervals"><h2>How sure is the ranking?</h2>
<svg class="u-ranking" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Intervals of ${h(metricDef(key.metric).label)} in ${h(key.numeraire)}">${leaderBand}${zero}${bars}</svg>
<p class="note">${h(metricDef(key.metric).label)} in ${h(key.numeraire)}: each bar spans the middle 90 % of ${resamples.toLocaleString('en-US')} resampled histories of that run (stationary bootstrap), the tick is the median and the dot the measured value. The shaded band is the leader's interval; a strategy whose bar reaches into it is marked ≈ in the ranking: the data cannot tell it from the leader.</p></section>`;
}

function clip(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}

export const INTERVALS_CSS = `
.u-ranking text{font-size:12px;fill:currentColor}
.u-ranking .u-median{stroke:#1f3b5b;stroke-width:2}
.u-ranking .u-point{fill:#d9480f;stroke:#fff;stroke-width:1}
.u-ranking .u-zero{stroke:#888;stroke-dasharray:3 2}
.u-ranking .u-leader{fill:#f2c94c;opacity:.25}
.tag.u-overlap{background:#fff4d6}
`;
