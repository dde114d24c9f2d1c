import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIGS_DIR, runConfigFile, runSummary } from '@regime/cli';
import { DATA_DIR, requireData } from './support.js';

/**
 * configs/spx-in-gold.yaml reproduces the essay's table of the S&P 500 in gold across four
 * eras. The expected figures are computed here straight from the two CSV files (GSPC daily
 * closes, spot gold XAUUSD), by plain arithmetic on the ratio, without the engine.
 */
function readCsv(file: string): Map<string, number> {
  const rows = readFileSync(join(DATA_DIR, file), 'utf8').trim().split(/\r?\n/).slice(1);
  return new Map(rows.map((r) => r.split(',')).map(([d, v]) => [d, Number(v)]));
}

describe('the S&P 500 in gold, four eras (configs/spx-in-gold.yaml)', () => {
  it('matches the SPX/gold ratio computed from the files, and the essay', async () => {
    requireData();
    const gspc = readCsv('daily/GSPC.csv');
    const gold = readCsv('daily/XAUUSD.csv');
    const goldDates = [...gold.keys()];
    // Gold as of a day: the last London fixing on or before it.
    const goldAsOf = (day: string) => {
      let lo = 0;
      let hi = goldDates.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (goldDates[mid] <= day) lo = mid;
        else hi = mid - 1;
      }
      return goldDates[lo] <= day ? gold.get(goldDates[lo])! : NaN;
    };
    const days = [...gspc.keys()].filter((d) => d >= '1999-03-01' && d <= '2026-06-30');
    const ratio = (d: string) => gspc.get(d)! / goldAsOf(d);
    const lastOnOrBefore = (day: string) => days.filter((d) => d <= day).at(-1)!;
    const lastBefore = (day: string) => days.filter((d) => d < day).at(-1);

    const { result } = await runConfigFile(join(CONFIGS_DIR, 'spx-in-gold.yaml'), { dataDir: DATA_DIR });
    expect(result.series.dates[0]).toBe(days[0]);
    expect(result.series.dates.at(-1)).toBe(days.at(-1));

    // Held from the first close, never traded, no costs: the return in USD is the index's,
    // and in gold it is the change of the ratio.
    const first = days[0];
    const last = days.at(-1)!;
    expect(result.metrics.USD.totalReturn).toBeCloseTo(gspc.get(last)! / gspc.get(first)! - 1, 10);
    const inGold = ratio(last) / ratio(first) - 1;
    expect(result.metrics.gold.totalReturn).toBeCloseTo(inGold, 10);
    // The essay: about -68 % in gold from March 1999 to February 2026, read off the run's curve.
    const feb2026 = lastOnOrBefore('2026-02-28');
    const atFeb = result.series.equity.gold[result.series.dates.indexOf(feb2026)] / result.capital - 1;
    expect(atFeb).toBeCloseTo(ratio(feb2026) / ratio(first) - 1, 10);
    expect(atFeb).toBeGreaterThan(-0.72);
    expect(atFeb).toBeLessThan(-0.64);

    // Each era's return in gold: the ratio at its last day over the ratio before it starts
    // (the first era starts with the run: from the first close).
    const eras: [string, string, string][] = [
      ['bubble_bust', '1999-01-01', '2002-06-30'],
      ['gold_bull', '2002-07-01', '2011-08-31'],
      ['stocks_decade', '2011-09-01', '2021-12-31'],
      ['debasement', '2022-01-01', '2026-06-30'],
    ];
    const stats = result.periods!.stats.gold;
    for (const [label, start, end] of eras) {
      const base = lastBefore(start) ?? first;
      const expected = ratio(lastOnOrBefore(end)) / ratio(base) - 1;
      const got = stats.find((s) => s.label === label)!;
      expect(got.return, label).toBeCloseTo(expected, 10);
    }
    // The ratio's landmarks in the essay: near 5.5 at the 2000 peak, 0.6-0.7 at the 2011 low, ~1.4 in early 2026.
    const peak2000 = Math.max(...days.filter((d) => d.startsWith('2000')).map(ratio));
    const low2011 = Math.min(...days.filter((d) => d.startsWith('2011')).map(ratio));
    expect(peak2000).toBeGreaterThan(5);
    expect(peak2000).toBeLessThan(6);
    expect(low2011).toBeGreaterThan(0.55);
    expect(low2011).toBeLessThan(0.75);
    expect(ratio(feb2026)).toBeGreaterThan(1.2);
    expect(ratio(feb2026)).toBeLessThan(1.6);

    // No cash and no costs in the config: the run says it assumed none, in the result and the terminal.
    expect(result.assumptions).toEqual(['cash: none (0 %)', 'costs: none']);
    expect(runSummary(result).split('\n')[1]).toBe('assumed: cash: none (0 %) · costs: none (not set in the config)');
    // Held as a proxy, with the warning that says what that means.
    expect(result.warnings.join('\n')).toContain('GSPC — S&P 500 price index (no dividends) — is a price index held as a proxy: it is not investable and excludes dividends');
  });
});
