/**
 * `regime compare` without --json or --report runs its configs without attribution, trade
 * lists and signal series (issue 15: the table reads only metrics), and each thread's runs
 * share the series they read. Neither may change a figure: the lean runs' metrics equal the
 * full runs', and the table is the same either way.
 */
import { describe, expect, it } from 'vitest';
import { compareConfigs } from '../packages/cli/src/compare/compare.js';
import { DATA_DIR, regime, requireData } from './support.js';

const TWO = ['configs/sixty-forty.yaml', 'configs/spy-trend-following.yaml'];

describe('compare runs what the table needs', () => {
  it('lean runs (no attribution, trades or signals) have the same metrics, trading and warnings as full runs', async () => {
    requireData();
    const full = await compareConfigs(TWO, { dataDir: DATA_DIR, jobs: 1 });
    const lean = await compareConfigs(TWO, { dataDir: DATA_DIR, jobs: 1, explain: false });
    for (let k = 0; k < TWO.length; k++) {
      expect(full.results[k].attribution).not.toBeNull();
      expect(full.results[k].trades?.length).toBeGreaterThan(0);
      expect(lean.results[k].attribution).toBeNull();
      expect(lean.results[k].trades).toBeNull();
      expect(lean.results[k].metrics).toEqual(full.results[k].metrics);
      expect(lean.results[k].trading).toEqual(full.results[k].trading);
      expect(lean.results[k].warnings).toEqual(full.results[k].warnings);
      expect(lean.results[k].series.equity).toEqual(full.results[k].series.equity);
    }
  });

  it('prints the same ranking table whether it runs lean (table only) or full (with --report)', () => {
    requireData();
    const table = regime(['compare', ...TWO, '--jobs', '1']);
    const withReport = regime(['compare', ...TWO, '--jobs', '1', '--report', `${process.env.TMPDIR ?? '/tmp'}/regime-compare-lean-${process.pid}.html`]);
    expect(table.status, table.stderr).toBe(0);
    expect(withReport.status, withReport.stderr).toBe(0);
    expect(table.stdout).toBe(withReport.stdout);
  });
});
