import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { syntheticRun } from '../../../test/fixtures/syntheticRun.js';
import { buildChartPayload } from './data.js';
import { renderRunReport } from './index.js';

const HOSTILE = '<script>alert(1)</script>';

/** The text of every <script> element, in order, with its opening tag. */
function scripts(html: string): { open: string; body: string }[] {
  return [...html.matchAll(/(<script[^>]*>)([\s\S]*?)<\/script>/g)].map((m) => ({ open: m[1], body: m[2] }));
}

describe('renderRunReport', () => {
  const hostile = syntheticRun({
    years: 2,
    name: HOSTILE,
    description: '<img src=x onerror=alert(2)>',
  });
  hostile.universe = [...hostile.universe, '<i>X</i>'];
  hostile.warnings.push('</script><script>alert(3)</script>');
  hostile.data.sources[0].symbol = '"><svg onload=alert(4)>';
  const html = renderRunReport(hostile, { toolVersion: '9.9.9' });

  it('escapes every piece of text from the config and the data', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<i>X</i>');
    expect(html).not.toContain('<svg onload');
    expect(html).toContain('<h1 id="report-title">&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt;');
    expect(html).toContain(`<title>&lt;script&gt;alert(1)&lt;/script&gt; · regime report</title>`);
    // The config text, which contains the name and a "</script>" comment, is escaped in <pre>.
    expect(html).toContain('name: &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;');
  });

  it('has exactly three script elements, the JSON one without any "<"', () => {
    const s = scripts(html);
    expect(s.map((x) => x.open)).toEqual(['<script type="application/json" id="regime-data">', '<script>', '<script>']);
    expect(s[0].body).not.toMatch(/[<>\u2028\u2029]/);
    const data = JSON.parse(s[0].body);
    expect(data.numeraires).toEqual(['USD', 'gold']);
  });

  it('pins the inline scripts by hash in a CSP that forbids any network request', () => {
    const csp = (/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '').replaceAll('&#39;', "'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[^ ;]+' 'sha256-[^ ;]+';/);
    for (const s of scripts(html).slice(1)) {
      const hash = createHash('sha256').update(s.body, 'utf8').digest('base64');
      expect(csp).toContain(`'sha256-${hash}'`);
    }
  });

  it('inlines uPlot and needs no external resource', () => {
    expect(html).toContain('uPlot');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="(https?:|\/\/)/);
    expect(html).toContain('report written by regime 9.9.9');
  });

  it('has every section of the tearsheet', () => {
    for (const id of ['key-figures', 'equity', 'drawdowns', 'allocation', 'returns', 'rolling', 'regimes', 'metrics', 'costs', 'config', 'warnings', 'data-sources']) {
      expect(html, id).toContain(`id="${id}"`);
    }
    expect(html).toContain('Per regime');
    expect(html).toContain('Per period');
  });

  it('states the defaults the run assumed, and nothing when there are none', () => {
    const run = syntheticRun({ years: 1 });
    run.assumptions = ['cash: none (0 %)', 'costs: none'];
    expect(renderRunReport(run, { toolVersion: '1' })).toContain('<dt>Assumed</dt><dd>cash: none (0 %) · costs: none <span class="sub">(not set in the config)</span></dd>');
    run.assumptions = [];
    expect(renderRunReport(run, { toolVersion: '1' })).not.toContain('<dt>Assumed</dt>');
  });

  it('renders runs without benchmark, regimes, periods or weights, and monthly runs', () => {
    const bare = syntheticRun({ years: 3, benchmark: false, regimes: false, frequency: 'monthly' });
    bare.periods = null;
    bare.series.weights = {};
    bare.warnings = [];
    bare.data.sources = [];
    const out = renderRunReport(bare, { toolVersion: '1' });
    expect(out).not.toContain('id="regimes"');
    expect(out).not.toContain('id="warnings"');
    expect(out).not.toContain('chart-rolling-beta');
    const data = JSON.parse(scripts(out)[0].body);
    // No positions at all: the allocation is all cash.
    expect(data.alloc.map((l: { label: string }) => l.label)).toEqual(['Cash']);
    expect(data.window).toBe(12);
    expect(data.regimes).toBeNull();
    expect(data.byNum.USD.bench).toBeNull();
  });
});

describe('buildChartPayload', () => {
  const run = syntheticRun({ years: 4 });
  const n = run.series.dates.length;

  it('carries every bar, one-year rolling windows, regime spells and stacked layers', () => {
    const p = buildChartPayload(run);
    expect(p.x.length).toBe(n);
    expect(p.sampled).toBe(false);
    expect(p.x[0]).toBe(Date.UTC(2006, 0, 2) / 1000);
    expect(p.window).toBe(252);
    expect(p.byNum.USD.ret.slice(0, 252).every((v) => v === null)).toBe(true);
    expect(p.byNum.USD.ret[252]).toBeCloseTo(run.series.equity.USD[252] / run.series.equity.USD[0] - 1, 4);
    expect(p.byNum.gold.equity[n - 1]).toBeCloseTo(run.series.equity.gold[n - 1], 0);
    expect(p.regimes!.labels).toEqual(['scarcity', 'abundance']);
    // Spells tile the run: each ends where the next starts.
    const spells = p.regimes!.spells;
    for (let i = 1; i < spells.length; i++) expect(spells[i][0]).toBe(spells[i - 1][1]);
    expect(spells[spells.length - 1][1]).toBe(p.x[p.x.length - 1]);
    // Allocation: outermost first per side; the outer long edge is 1 + |shorts| (cash included).
    const labels = p.alloc.map((l) => l.label);
    expect(labels[0]).toBe('Cash');
    expect(labels).toContain('TLT (short)');
    const t = run.series.weights.TLT.findIndex((w) => w < -0.3);
    expect(p.alloc[0].edge[t]).toBeCloseTo(1 - run.series.weights.TLT[t], 3);
  });

  it('samples long runs evenly, keeping the first and last bar', () => {
    const p = buildChartPayload(run, 500);
    expect(p.sampled).toBe(true);
    expect(p.x.length).toBe(500);
    expect(p.byNum.USD.equity.length).toBe(500);
    expect(p.byNum.USD.equity[499]).toBeCloseTo(run.series.equity.USD[n - 1], 0);
  });
});

describe('the sensitivities section', () => {
  it('shows each declared sensitivity, its levels, and escapes the names', () => {
    const run = syntheticRun({ years: 1 });
    run.sensitivities = [
      { asset: 'BTC-USD', signal: '<b>score</b>', horizon: 30, samples: 12, beta: 0.025, correlation: 0.13, byLevel: [{ level: 0, samples: 5, meanReturn: -0.016 }, { level: 4, samples: 7, meanReturn: 0.115 }] },
    ];
    const html = renderRunReport(run, { toolVersion: 't' });
    expect(html).toContain('<h2>Sensitivities</h2>');
    expect(html).toContain('BTC-USD vs &lt;b&gt;score&lt;/b&gt;');
    expect(html).toMatch(/Beta <b>0\.025<\/b>/);
    expect(html).not.toContain('<b>score</b>');
    expect(renderRunReport(syntheticRun({ years: 1 }), { toolVersion: 't' })).not.toContain('Sensitivities');
  });
});
