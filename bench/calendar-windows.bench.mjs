// pnpm bench calendar-windows: windows in calendar time against the same windows in bars, on
// 30 years of daily bars (7,560), measured in one run (compare the ratios; the machine is
// shared). yoy(x) is now one calendar year (it was ret(x, 252)); sma over months(12) against
// sma over 252 bars. Needs `pnpm build`. Figures are medians of 100 compiles after warm-up.
import { cpus } from 'node:os';
import { compileExpression, memoryContext, parseDay } from '../packages/core/dist/internal.js';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bars = 7560;
const dates = new Int32Array(bars);
let day = parseDay('1996-01-02');
for (let t = 0; t < bars; t++) {
  dates[t] = day;
  day += (day + 4) % 7 === 5 ? 3 : 1; // skip weekends
}
const x = Float64Array.from({ length: bars }, (_, i) => 100 + Math.sin(i / 50) * 10 + i / 100);
const ctx = memoryContext({ X: x }, 'daily', { dates, cadence: 'weekdays' });
// The same series read as of any day (what a run gives for a data series).
const exact = { ...ctx, seriesKnown: (n) => (n === 'X' ? { known: dates, values: x } : undefined) };

async function time(text, c = ctx, runs = 100) {
  for (let i = 0; i < 10; i++) await compileExpression(text, c, new Map());
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await compileExpression(text, c, new Map());
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(xs);
}

console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}; ${bars} bars`);
const pairs = [
  ['ret(X, 252)', 'yoy(X)', ctx],
  ['ret(X, 252)', 'yoy(X)  [series read as of the day]', exact],
  ['sma(X, 252)', 'sma(X, months(12))', ctx],
  ['sma(X, 21)', 'sma(X, months(1))', ctx],
  ['rolling_max(X, 252)', 'rolling_max(X, years(1))', ctx],
];
for (const [bar, cal, c] of pairs) {
  const a = await time(bar, c);
  const b = await time(cal.split('  ')[0], c);
  console.log(`${bar.padEnd(20)} ${a.toFixed(3)} ms   ${cal.padEnd(38)} ${b.toFixed(3)} ms   ${(b / a).toFixed(2)}x`);
}
