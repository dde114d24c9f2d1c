import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, requireBuiltCli } from './support.js';

/**
 * Warnings that reach the user (issue 8): data problems that do not stop a run — a price
 * carried forward across a long gap, an asset that starts late, a series that ends before
 * the period, a numeraire of lower frequency than the run — each appear in three places:
 * the terminal (a `warning:` line on stderr), the result document (`warnings`), and the HTML
 * report (its Warnings list). One small data directory holds all four problems.
 */

/** Business days from `from` to `to` (inclusive), as YYYY-MM-DD. */
function businessDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}
const csv = (header: string, dates: string[], start = 100) => `${header}\n${dates.map((d, i) => `${d},${(start * (1 + 0.001 * i)).toFixed(4)}`).join('\n')}\n`;
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const ALL = businessDays('2024-01-02', '2024-03-29');

/** What the user must be told, in the words a careful quant expects. */
const EXPECTED = {
  'a price carried forward across a long gap': 'asset GAP: price carried forward across more than 10 days 1 time(s); the longest, 28 days, from 2024-02-01 to 2024-02-29',
  'an asset that starts late': 'asset LATE has no data before 2024-02-01 (the period starts 2024-01-02): its weight stayed in cash until then',
  'a series that ends before the period': "asset EARLY ends 2024-02-15, before the period's end 2024-03-29: its last price is carried forward (no return) to the end, and trades after it fill at that price",
  'a numeraire of lower frequency than the run': 'numeraire N (N) is monthly: equity in N changes its yardstick only once a month',
};

describe('warnings reach the terminal, the result document and the report', () => {
  let stderr: string;
  let result: { warnings: string[] };
  let report: string;

  beforeAll(() => {
    requireBuiltCli();
    const dir = mkdtempSync(join(tmpdir(), 'regime-warnings-'));
    const data = join(dir, 'data');
    mkdirSync(join(data, 'daily'), { recursive: true });
    mkdirSync(join(data, 'monthly'), { recursive: true });
    writeFileSync(join(data, 'daily', 'A.csv'), csv('date,close', ALL));
    writeFileSync(join(data, 'daily', 'GAP.csv'), csv('date,close', ALL.filter((d) => d <= '2024-02-01' || d >= '2024-03-01')));
    writeFileSync(join(data, 'daily', 'LATE.csv'), csv('date,close', ALL.filter((d) => d >= '2024-02-01')));
    writeFileSync(join(data, 'daily', 'EARLY.csv'), csv('date,close', ALL.filter((d) => d <= '2024-02-15')));
    writeFileSync(join(data, 'monthly', 'N.csv'), 'date,value\n2023-12-01,100\n2024-01-01,101\n2024-02-01,102\n2024-03-01,103\n');
    writeFileSync(
      join(dir, 'warn.yaml'),
      'name: warnings\nperiod: { start: 2024-01-01, end: 2024-03-29 }\nuniverse: [A, GAP, LATE, EARLY]\nnumeraires: [USD, N]\nweights: { A: 0.25, GAP: 0.25, LATE: 0.25, EARLY: 0.25 }\n',
    );
    const r = spawnSync(process.execPath, [BIN, 'run', join(dir, 'warn.yaml'), '--json', '--out', join(dir, 'out'), '--report'], {
      encoding: 'utf8',
      env: { ...process.env, REGIME_DATA_DIR: data },
    });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.status).toBe(0);
    stderr = r.stderr;
    result = JSON.parse(r.stdout);
    report = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
  });

  for (const [what, message] of Object.entries(EXPECTED)) {
    it(what, () => {
      expect(stderr.split('\n')).toContain(`warning: ${message}`);
      expect(result.warnings).toContain(message);
      const section = /<div class="warnings" id="warnings">([\s\S]*?)<\/div>/.exec(report)?.[1] ?? '';
      expect(section).toContain(`<li>${escapeHtml(message)}</li>`);
    });
  }

  it('and nothing else: four warnings, the same in all three places', () => {
    expect(result.warnings).toHaveLength(4);
    expect(stderr.split('\n').filter((l) => l.startsWith('warning: '))).toEqual(result.warnings.map((w) => `warning: ${w}`));
    expect(report).toContain('<h2>Warnings (4)</h2>');
  });
});
