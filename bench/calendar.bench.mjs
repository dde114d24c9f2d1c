// pnpm bench calendar: the calendar functions of the expression language on 30 years of
// daily bars (7,560), each against sma(x, 200) on the same column (the cheapest common
// indicator) measured in the same run, and the buyback-window rule compiled end to end.
// Needs `pnpm build`. Figures are medians; compare the ratios, the machine is shared.
import { cpus } from 'node:os';
import * as cal from '../packages/core/dist/signals/calendar.js';
import { indicators, compileSignals, memoryContext, parseDay } from '../packages/core/dist/index.js';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bars = 7560;
const dates = new Int32Array(bars);
let day = parseDay('1996-01-02');
for (let t = 0; t < bars; t++) {
  dates[t] = day;
  day += (day + 4) % 7 === 5 ? 3 : 1; // skip weekends
}
const x = Float64Array.from({ length: bars }, (_, i) => 100 + Math.sin(i / 50) * 10);

function time(fn, runs = 200) {
  for (let i = 0; i < 30; i++) fn();
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(xs);
}

const base = time(() => indicators.sma(x, 200));
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}; ${bars} bars`);
console.log(`sma(x, 200)            ${base.toFixed(3)} ms (the yardstick)`);
const kernels = [
  ['month()', () => cal.month(dates)],
  ['quarter()', () => cal.quarter(dates)],
  ['day_of_month()', () => cal.dayOfMonth(dates)],
  ['weekday()', () => cal.isoWeekday(dates)],
  ['bar_of_month()', () => cal.barOfPeriod(dates, 1, 'weekdays')],
  ['bars_to_month_end()', () => cal.barsToPeriodEnd(dates, 1, 'weekdays')],
  ['bar_of_quarter()', () => cal.barOfPeriod(dates, 3, 'weekdays')],
  ['bars_to_quarter_end()', () => cal.barsToPeriodEnd(dates, 3, 'weekdays')],
];
for (const [name, fn] of kernels) {
  const ms = time(fn);
  console.log(`${name.padEnd(22)} ${ms.toFixed(3)} ms  ${(ms / base).toFixed(2)}x sma`);
}
const ctx = memoryContext({ SPY: x }, 'daily', { dates, cadence: 'weekdays' });
const defs = { blackout_next: 'bars_to_quarter_end() <= 10 or bar_of_quarter() < 20' };
await compileSignals(defs, ctx); // loads mathjs once
const compiled = [];
for (let i = 0; i < 50; i++) {
  const t0 = process.hrtime.bigint();
  await compileSignals(defs, ctx);
  compiled.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
console.log(`buyback rule compiled  ${median(compiled).toFixed(3)} ms (parse, check, evaluate)`);
