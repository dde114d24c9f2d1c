// pnpm bench attribution: what "why did it win?" costs beside the simulation it explains.
// The kernel is unchanged; attribution and the trade list are separate passes over its
// output, run only when a full result is built. Same synthetic panel as engine.bench.mjs:
// 20 years daily (5,040 bars), 10 assets, monthly rebalance, costs. Needs `pnpm build`.
import { cpus, totalmem } from 'node:os';
import { simulate, scheduleFlags, parseDay, attributePnl, listTrades, countTrades } from '../packages/core/dist/internal.js';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bars = 5040, assets = 10;
const dates = new Int32Array(bars);
let day = parseDay('2006-07-03');
for (let t = 0; t < bars; t++) {
  dates[t] = day;
  day += (day + 4) % 7 === 5 ? 3 : 1;
}
let seed = 42;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32) - 0.5;
const prices = new Float64Array(bars * assets);
for (let j = 0; j < assets; j++) prices[j] = 100;
for (let t = 1; t < bars; t++) for (let j = 0; j < assets; j++) prices[t * assets + j] = prices[(t - 1) * assets + j] * (1 + 0.02 * rand());
const targets = new Float64Array(bars * assets).fill(0.1);
const decide = scheduleFlags(dates, 'monthly');
decide[0] = 1;
const input = {
  dates, assets, prices, targets, decide,
  cashRate: new Float64Array(bars).fill(0.02),
  delay: 1, band: 0, bandRelative: 0, costRate: 5e-4, borrowRate: 0, financingSpread: 0, capital: 100_000,
};
const names = Array.from({ length: assets }, (_, j) => `A${j}`);
const codes = new Int32Array(bars);
for (let t = 0; t < bars; t++) codes[t] = Math.floor(t / 250) % 3;
const regimes = { labels: ['a', 'b', 'c'], codes };

function time(fn, runs) {
  for (let i = 0; i < 30; i++) fn();
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return xs;
}

const out = simulate(input);
const ledger = { dates, assets: names, prices, capital: 100_000, simulation: out, regimes };
// Interleaved in one run, so the ratios compare like with like on a noisy machine.
const sim = [], pnl = [], trades = [], count = [];
for (let round = 0; round < 5; round++) {
  sim.push(...time(() => simulate(input), 60));
  pnl.push(...time(() => attributePnl(ledger), 60));
  trades.push(...time(() => listTrades(ledger), 60));
  count.push(...time(() => countTrades(ledger), 60));
}
const k = median(sim);
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`simulate (${bars} bars × ${assets} assets):                median ${k.toFixed(3)} ms`);
console.log(`attributePnl (total, by year, by 3 regimes):  median ${median(pnl).toFixed(3)} ms (${(median(pnl) / k).toFixed(2)} × simulate)`);
console.log(`listTrades (${listTrades(ledger).length} trades):                     median ${median(trades).toFixed(3)} ms (${(median(trades) / k).toFixed(2)} × simulate)`);
console.log(`countTrades (explain: false):                 median ${median(count).toFixed(3)} ms (${(median(count) / k).toFixed(2)} × simulate)`);
