/**
 * The sweep report: one self-contained page (the run report's shell, styles and escaping)
 * for a grid of trials: the overfitting figures in plain words, the objective as a heatmap
 * over two dimensions the reader picks, its distribution with the base config and the best
 * trial marked, and the best trial's equity against the base config's in every numeraire.
 */
import { reportPage } from '../page.js';
import { chartLibrary } from '../assets.js';
import { numeraireColor } from '../data.js';
import { escapeHtml as h } from '../escape.js';
import { int, num, pct } from '../format.js';
import { metricDef } from '@regime/core';
import { REPORT_CSS } from '../styles.js';
import { SWEEP_CLIENT_JS } from './client.js';
import { buildSweepPayload, histogram, type SweepPayload, type SweepReportInput } from './data.js';

export interface SweepReportOptions {
  toolVersion: string;
}

const SCRIPT = { js: SWEEP_CLIENT_JS, name: 'sweep report script' };

const SWEEP_CSS = `
.figures { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(min(100%, 380px), 1fr)); }
.figure { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.figure .v { font-size: 28px; font-weight: 650; font-variant-numeric: tabular-nums; }
.figure p { margin: 6px 0 0; color: var(--muted); }
.heat-controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; font-size: 13px; margin-bottom: 8px; }
.heat-controls select { font: inherit; }
#heat-readout { min-height: 1.4em; font-size: 12.5px; color: var(--ink); font-variant-numeric: tabular-nums; }
#heat canvas { display: block; }
svg.hist { width: 100%; height: auto; display: block; }
`;

export function renderSweepReport(input: SweepReportInput, options?: SweepReportOptions): string {
  const toolVersion = options?.toolVersion ?? 'unknown';
  const lib = chartLibrary();
  const payload = buildSweepPayload(input);
  const body = [
    header(input, toolVersion),
    input.warnings.length ? `<div class="warnings"><h2>Warnings</h2><ul>${input.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul></div>` : '',
    overfittingSection(input),
    heatmapSection(input),
    distributionSection(input, payload),
    equitySection(input),
    `<footer>Report written by regime ${h(toolVersion)} · charts by uPlot ${h(lib.version)} (MIT), inlined.</footer>`,
  ].join('\n');
  return reportPage({ title: `Sweep of ${input.name} · regime report`, toolVersion, css: REPORT_CSS + SWEEP_CSS, body, payload, script: SCRIPT });
}

function formatObjective(input: SweepReportInput, v: number | null | undefined): string {
  // The catalog says whether it is a percentage; ratios get a third decimal, trials differ in it.
  return metricDef(input.objective.metric).format === 'percent' ? pct(v, 2) : num(v, 3);
}

function header(input: SweepReportInput, toolVersion: string): string {
  const n = input.values.length;
  const best = input.best;
  const facts: [string, string][] = [
    ['Trials', `${int(n)} (${input.grid.map((d) => `${h(d.path)} × ${int(d.values.length)}`).join(', ')})`],
    ['Period', input.period ? `${h(input.period.start)} → ${h(input.period.end)}` : '–'],
    ['Objective', `${h(input.objective.text)} (${input.objective.higherIsBetter ? 'higher' : 'lower'} is better)`],
    ['Best trial', best ? `${formatObjective(input, best.value)} at ${Object.entries(best.params).map(([k, v]) => `${h(k)} = ${h(v)}`).join(', ')}` : '–'],
    ['Median trial', formatObjective(input, input.median)],
    ['Base config (as written)', `${formatObjective(input, input.base.value)}, rank ${int(input.base.rank)} of ${int(n)}`],
    ['Written by', `regime ${h(toolVersion)}`],
  ];
  return `<header class="top">
<div class="brand">Regime · sweep report</div>
<h1 id="report-title">${h(input.name)}</h1>
${input.description ? `<p class="desc">${h(input.description)}</p>` : ''}
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>
</header>`;
}

function overfittingSection(input: SweepReportInput): string {
  const o = input.overfitting;
  const dsr = o.deflatedSharpe;
  const pbo = o.pbo;
  const dsrText =
    dsr === null
      ? 'Not defined for this sweep (too few months, or no variation in the best trial’s returns).'
      : `The probability that the best trial’s Sharpe ratio is real skill rather than the luck of picking the best of ${int(o.trials)} trials: ${pct(dsr, 1)}${dsr >= 0.95 ? ' — it clears the usual 95 % bar.' : ' — below the usual 95 % bar: the best result may well be luck.'}`;
  const pboText =
    pbo === null
      ? 'Not defined for this sweep (it needs at least two trials whose returns differ, and two months in each of the 16 blocks).'
      : `In ${pct(pbo, 0)} of the ${int(o.basis.splits)} ways to split the ${int(o.basis.months)} months into halves, the trial that was best on one half did no better than the median trial on the other${pbo > 0.5 ? ': choosing by this backtest is worse than choosing at random.' : pbo > 0.2 ? ': a fair part of the ranking is noise.' : ': the ranking mostly holds out of sample.'}`;
  return `<section class="card" id="overfitting"><h2>Is the best trial real, or fitted noise?</h2>
<div class="figures">
<div class="figure" id="dsr"><h3>Deflated Sharpe Ratio of the best trial</h3><div class="v">${dsr === null ? '–' : dsr.toFixed(3)}</div><p>${dsrText}</p></div>
<div class="figure" id="psr"><h3>Probabilistic Sharpe Ratio of the best trial</h3><div class="v">${o.psr === null || o.psr === undefined ? '–' : o.psr.toFixed(3)}</div><p>${psrText(o.psr)}</p></div>
<div class="figure" id="pbo"><h3>Probability of backtest overfitting</h3><div class="v">${pbo === null ? '–' : pbo.toFixed(3)}</div><p>${pboText}</p></div>
</div>
<p class="note">All three on monthly returns in ${h(o.basis.numeraire)}${o.basis.numeraire === 'USD' ? ' over the cash rate' : ''}. Probabilistic Sharpe Ratio: Bailey &amp; López de Prado (2012). Deflated Sharpe Ratio: Bailey &amp; López de Prado (2014), with N = ${int(o.trials)} trials and the variance of their Sharpe ratios. PBO: combinatorially symmetric cross-validation, Bailey, Borwein, López de Prado &amp; Zhu (2017), ${int(o.basis.blocks)} blocks.</p>
</section>`;
}

function psrText(psr: number | null | undefined): string {
  if (psr === null || psr === undefined) return 'Not defined for this sweep (too few months, or no variation in the best trial’s returns).';
  return `The probability that the best trial’s true Sharpe ratio is above zero, judged on its own (its length, skew and fat tails), as if no other trial had been tried: ${pct(psr, 1)}. Compare with the Deflated Sharpe Ratio, which raises the bar for the number of trials: the gap between the two is what the search cost.`;
}

function heatmapSection(input: SweepReportInput): string {
  return `<section class="card" id="heatmap"><h2>${h(input.objective.text)} over the grid</h2>
<div class="heat-controls"><label>across <select id="heat-x" aria-label="Horizontal dimension"></select></label>
<label>up <select id="heat-y" aria-label="Vertical dimension"></select></label>
<span id="heat-fixed"></span></div>
<div id="heat" class="chart"><canvas id="heat-canvas" role="img" aria-label="Heatmap of the objective"></canvas></div>
<div id="heat-readout"></div>
<p class="note"><span id="heat-scale"></span>. Blue: better than the median of the cells shown, orange: worse; the framed cell is the best trial. Dimensions not on an axis are held at the values chosen above (the best trial’s at first).</p>
</section>`;
}

function distributionSection(input: SweepReportInput, payload: SweepPayload): string {
  const hist = histogram(payload.values);
  if (!hist) return '';
  const W = 720;
  const H = 180;
  const pad = { l: 40, r: 10, t: 10, b: 34 };
  const max = Math.max(...hist.counts);
  const bw = (W - pad.l - pad.r) / hist.counts.length;
  const x = (v: number) => pad.l + ((v - hist.lo) / (hist.hi - hist.lo)) * (W - pad.l - pad.r);
  const bars = hist.counts
    .map((c, i) => {
      const bh = max ? (c / max) * (H - pad.t - pad.b) : 0;
      return `<rect x="${(pad.l + i * bw).toFixed(1)}" y="${(H - pad.b - bh).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${bh.toFixed(1)}" fill="#9db3d6"/>`;
    })
    .join('');
  const marker = (v: number | null, color: string, label: string, id: string) =>
    v === null || !Number.isFinite(v)
      ? ''
      : `<g id="${id}"><line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${pad.t}" y2="${H - pad.b}" stroke="${color}" stroke-width="2"/><text x="${x(v).toFixed(1)}" y="${pad.t + 10}" fill="${color}" font-size="11" text-anchor="${x(v) > W - 120 ? 'end' : 'start'}" dx="${x(v) > W - 120 ? -4 : 4}">${h(label)} ${h(formatObjective(input, v))}</text></g>`;
  const axis = `<text x="${pad.l}" y="${H - 12}" font-size="11" fill="#4a4f57">${h(formatObjective(input, hist.lo))}</text><text x="${W - pad.r}" y="${H - 12}" font-size="11" fill="#4a4f57" text-anchor="end">${h(formatObjective(input, hist.hi))}</text><text x="${(W / 2).toFixed(0)}" y="${H - 12}" font-size="11" fill="#4a4f57" text-anchor="middle">${h(input.objective.text)} (${int(payload.values.filter((v) => v !== null).length)} trials)</text><text x="${pad.l - 6}" y="${pad.t + 8}" font-size="11" fill="#4a4f57" text-anchor="end">${int(max)}</text>`;
  return `<section class="card" id="distribution"><h2>Distribution of ${h(input.objective.text)} over all trials</h2>
<svg class="hist" viewBox="0 0 ${W} ${H}" role="img" aria-label="Histogram of the objective">${bars}${marker(input.base.value, '#d6602a', 'base', 'mark-base')}${marker(input.best?.value ?? null, '#1f4e9c', 'best', 'mark-best')}${axis}</svg>
<p class="note">If the best trial stands far out in the tail while most trials sit near the base config, the result depends on the exact parameter; a broad plateau of good values is more believable than a spike.</p>
</section>`;
}

function equitySection(input: SweepReportInput): string {
  if (!input.curves) return '';
  const charts = input.numeraires
    .map((n, i) => `<div><h3><span class="swatch" style="background:${h(numeraireColor(n, i))}"></span>in ${h(n)}</h3><div class="chart" id="equity-${h(n)}"></div></div>`)
    .join('');
  return `<section class="card" id="equity"><h2>The best trial against the base config</h2>
<div class="legend-inline"><span><span class="swatch line" style="background:#1f4e9c"></span>best trial</span><span><span class="swatch line" style="background:#d6602a"></span>base config (as written)</span></div>
<div class="grid">${charts}</div>
<p class="note">Equity of both on the same dates, log scale. The best trial was chosen with hindsight over this whole period.</p>
</section>`;
}
