import { describe, expect, it } from 'vitest';
import { compareWarnings } from './compareWarnings.js';

describe('compare warnings', () => {
  it('prints a warning shared by several configs once, with the count and the configs', () => {
    const shared = 'numeraire gold (XAUUSD) ends 2026-07-28: its last value is used to the period\'s end 2026-08-21';
    const out = compareWarnings(
      ['configs/a.yaml', 'configs/b.yaml', 'configs/c.yaml'],
      [
        { frequency: 'daily', warnings: [shared, 'only a'] },
        { frequency: 'daily', warnings: [shared] },
        { frequency: 'daily', warnings: [shared, shared] },
      ],
    );
    expect(out).toEqual([`${shared} (3 configs: a.yaml, b.yaml, c.yaml)`, 'configs/a.yaml: only a']);
  });

  it('warns when monthly-bar and daily-bar runs are ranked together, naming each side', () => {
    const out = compareWarnings(['m.yaml', 'd1.yaml', 'd2.yaml'], [{ frequency: 'monthly', warnings: [] }, { frequency: 'daily', warnings: [] }, { frequency: 'daily', warnings: [] }]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^the ranking mixes monthly-bar runs \(m\.yaml\) with daily-bar runs \(d1\.yaml, d2\.yaml\)/);
    expect(compareWarnings(['a.yaml', 'b.yaml'], [{ frequency: 'monthly', warnings: [] }, { frequency: 'monthly', warnings: [] }])).toEqual([]);
  });

  it('names at most four configs', () => {
    const files = ['1', '2', '3', '4', '5', '6'].map((n) => `c${n}.yaml`);
    const out = compareWarnings(files, files.map(() => ({ frequency: 'daily' as const, warnings: ['w'] })));
    expect(out).toEqual(['w (6 configs: c1.yaml, c2.yaml, c3.yaml, c4.yaml and 2 more)']);
  });
});
