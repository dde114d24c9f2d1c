import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runYaml, tmpData, type Table } from '../../../../test/fixtures/tmpData.js';
import { InputError } from '../util/errors.js';

// 25 month starts 2018-01-01 .. 2020-01-01 (as Shiller's SPX is dated) and a weekday price.
const MONTHS: Table = {};
for (let k = 0; k < 25; k++) MONTHS[`${2018 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01`] = 100 + k;
const SPY: Table = {};
for (let d = Date.UTC(2018, 0, 1); d <= Date.UTC(2019, 11, 31); d += 86_400_000) if (new Date(d).getUTCDay() % 6 !== 0) SPY[new Date(d).toISOString().slice(0, 10)] = 100;

function data() {
  const d = tmpData({ SPY });
  writeFileSync(join(d.dir, 'monthly', 'SPXM.csv'), `date,close\n${Object.entries(MONTHS).map(([k, v]) => `${k},${v}`).join('\n')}\n`);
  return d;
}
const config = (universe: string, extra = '') =>
  `name: t\nuniverse: [${universe}]\nnumeraires: [USD]\nperiod: { start: 2018-01-01, end: 2019-12-31 }\nweights: { SPY: 0.5, SPXM: 0.5 }\nrebalance: { every: never }\n${extra}`;

async function errorOf(p: Promise<unknown>): Promise<InputError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

describe('an asset observed less often than the run trades', () => {
  it('a monthly series in a daily run is refused, naming the asset, its file and the two ways out', async () => {
    const d = data();
    const e = await errorOf(runYaml(d, config('SPY, SPXM')));
    // test.yaml line 2 is the universe; SPXM is its second item, at column 17.
    expect(e.where).toBe('test.yaml:2:17');
    expect(e.message).toContain(`universe[1]: expected a series at least as frequent as the run (daily), found SPXM, a monthly series read from ${join(d.dir, 'monthly', 'SPXM.csv')}`);
    expect(e.message).toContain("each month's value would be its price on the month's first day, before the month is over");
    expect(e.message).toContain('Set frequency: monthly for this run, or hold a daily series of the same asset (for the S&P 500: GSPC or SPY');
  });

  it('the same series in a monthly run is held (12 bars a year)', async () => {
    const { result } = await runYaml(data(), config('SPY, SPXM', 'frequency: monthly\n'));
    expect(result.periodsPerYear).toBe(12);
    expect(result.series.weights.SPXM.some((w: number) => w > 0)).toBe(true);
  });

  it('a quarterly series is held in no run', async () => {
    const d = data();
    mkdirSync(join(d.dir, 'quarterly'));
    writeFileSync(join(d.dir, 'quarterly', 'SPXQ.csv'), 'date,close\n2018-01-01,100\n2018-04-01,101\n2018-07-01,102\n2018-10-01,103\n');
    const e = await errorOf(runYaml(d, config('SPY, SPXQ', 'frequency: monthly\n').replace('SPXM: 0.5', 'SPXQ: 0.5')));
    expect(e.message).toContain('universe[1]: expected a series at least as frequent as the run (monthly), found SPXQ, a quarterly series');
    expect(e.message).toContain('use it in a signal, or hold a daily or monthly series of the same asset');
  });
});
