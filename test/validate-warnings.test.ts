import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR, regime, requireData } from './support.js';

/** `regime validate` prints the data warnings that need no simulation, as a run would. */
describe('regime validate: data warnings', () => {
  it('late starts and a period beyond the data, with the dates read from the files', () => {
    requireData();
    const dir = mkdtempSync(join(tmpdir(), 'regime-validate-'));
    const file = join(dir, 'late.yaml');
    writeFileSync(file, 'name: late\nperiod: { start: 2010-01-04, end: 2031-12-31 }\nuniverse: [SPY, BTC-USD]\nweights: { SPY: 0.5, BTC-USD: 0.5 }\n');
    const first = (f: string) => readFileSync(join(DATA_DIR, f), 'utf8').split(/\r?\n/)[1].split(',')[0];
    const last = (f: string) => readFileSync(join(DATA_DIR, f), 'utf8').trim().split(/\r?\n/).at(-1)!.split(',')[0];
    const lastData = [last('daily/SPY.csv'), last('daily/BTC-USD.csv')].sort().at(-1);
    const r = regime(['validate', file, '--data-dir', DATA_DIR]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`ok  ${file}`);
    expect(r.stderr).toContain(`warning: period.end 2031-12-31 is after the last data of the universe (${lastData}): the run ends there`);
    expect(r.stderr).toContain(`warning: asset BTC-USD has no data before ${first('daily/BTC-USD.csv')} (the run starts 2010-01-04): its weight stays in cash until then`);
    // A period inside the data: no data warning.
    writeFileSync(file, 'name: inside\nperiod: { start: 2016-01-04, end: 2020-12-31 }\nuniverse: [SPY, BTC-USD]\nweights: { SPY: 0.5, BTC-USD: 0.5 }\n');
    const ok = regime(['validate', file, '--data-dir', DATA_DIR]);
    expect(ok.stderr).not.toContain('warning:');
  });
});
