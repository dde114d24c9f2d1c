// Runs every shipped config on the data directory and writes, from the tool's own results:
//   configs/README.md  the table of headline results (between the markers), and
//   configs/golden.json the stored headline metrics the regression test compares against
//                       (only with --update-golden: moving them is a deliberate act).
//   configs/README.md  also the sensitivity table: each config with a sweep: block, swept
//                       (best, base config, median trial, DSR and PBO), and the walk-forward
//                       of each one (5y training, 1y tests) beside its in-sample headline
// Usage: pnpm build && REGIME_DATA_DIR=../shared/data node scripts/configs-table.mjs [--update-golden]
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConfigFile, shippedConfigFiles, headlineMetrics } from '../packages/cli/dist/index.js';
import { BASE, DataStore, allTrials, buildStudyPlan, catalogForDataDir, loadConfigFile, resolveDataDir, runTrial, runTrials, runWalkForward, sweepDocument } from '../packages/core/dist/index.js';
import { expandStrategy } from '../packages/strategies/dist/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const pct = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)} %`);
const num = (x) => (x === null || x === undefined ? '–' : x.toFixed(2));

const rows = [];
const golden = {};
const headlineSharpe = {};
for (const file of shippedConfigFiles()) {
  const { result } = await runConfigFile(file, {});
  const name = basename(file);
  golden[name] = headlineMetrics(result);
  headlineSharpe[name] = result.metrics;
  const u = result.metrics.USD;
  const g = result.metrics.gold;
  rows.push(`| [${name}](${name}) | ${result.name} | ${result.period.start} – ${result.period.end} | ${pct(u.cagr)} | ${num(u.sharpe)} | ${pct(u.maxDrawdown)} | ${pct(g.cagr)} | ${num(g.sharpe)} | ${pct(g.maxDrawdown)} |`);
  process.stderr.write(`${name}\n`);
}
const table = [
  '| config | strategy | period | CAGR USD | Sharpe USD | max DD USD | CAGR gold | Sharpe gold | max DD gold |',
  '|---|---|---|---:|---:|---:|---:|---:|---:|',
  ...rows,
].join('\n');
const readme = join(root, 'configs/README.md');
const text = readFileSync(readme, 'utf8');
const start = '<!-- results:start -->';
const end = '<!-- results:end -->';
writeFileSync(readme, text.slice(0, text.indexOf(start) + start.length) + '\n' + table + '\n' + text.slice(text.indexOf(end)));

// Sensitivity: every shipped config with a sweep: block, swept over its grid.
const dataDir = resolveDataDir();
const fmtObjective = (metric, x) => (['sharpe', 'sortino', 'calmar'].includes(metric) ? num(x) : pct(x));
const sweepRows = [];
for (const file of shippedConfigFiles()) {
  const source = loadConfigFile(file);
  if (!source.config.sweep) continue;
  const plan = await buildStudyPlan(source, { store: new DataStore(dataDir, catalogForDataDir(dataDir)), expandStrategy });
  const trials = await runTrials(plan, allTrials(plan));
  const base = await runTrial(plan, BASE);
  const doc = await sweepDocument({ source, name: plan.base.name, grid: plan.grid, objective: plan.objective, numeraires: plan.numeraires, trials, base });
  const { metric, numeraire } = plan.objective;
  const values = (params) => Object.entries(params).map(([k, v]) => `${k.replace(/^(strategy\.params|overlays\.\d+\.\w+)\./, '')} ${v}`).join(', ');
  const o = doc.overfitting;
  sweepRows.push(
    `| [${basename(file)}](${basename(file)}) | ${plan.grid.dimensions.map((d) => `\`${d.path}\` (${d.values.length})`).join(' × ')} | ${metric} ${numeraire} | ${fmtObjective(metric, doc.best.metrics[numeraire][metric])} (${values(doc.best.params)}) | ${fmtObjective(metric, doc.base.metrics[numeraire][metric])} (rank ${doc.base.rank} of ${trials.length}) | ${fmtObjective(metric, doc.median[numeraire][metric])} | ${o.deflatedSharpe === null ? '–' : o.deflatedSharpe.toFixed(2)} | ${o.pbo === null ? '–' : o.pbo.toFixed(2)} |`,
  );
  process.stderr.write(`swept ${basename(file)} (${trials.length} trials)\n`);
}
const sweepTable = [
  '| config | grid | objective | best trial | base config | median trial | DSR | PBO |',
  '|---|---|---|---|---|---:|---:|---:|',
  ...sweepRows,
].join('\n');
const withResults = readFileSync(readme, 'utf8');
const s0 = '<!-- sensitivity:start -->';
const s1 = '<!-- sensitivity:end -->';
if (withResults.includes(s0)) writeFileSync(readme, withResults.slice(0, withResults.indexOf(s0) + s0.length) + '\n' + sweepTable + '\n' + withResults.slice(withResults.indexOf(s1)));

// Walk-forward: each config with a sweep: block, its own grid and objective, 5 years of
// training and 1-year tests, beside its in-sample headline over its whole period.
const show = (v) => (typeof v === 'number' ? String(Number(v.toPrecision(10))) : String(v));
const walkRows = [];
for (const file of shippedConfigFiles()) {
  const source = loadConfigFile(file);
  if (!source.config.sweep) continue;
  const name = basename(file);
  const wf = await runWalkForward(source, { store: new DataStore(dataDir, catalogForDataDir(dataDir)), expandStrategy, train: '5y', test: '1y' });
  const [metric, numeraire] = wf.objective.split(':');
  const grid = Object.entries(wf.grid).map(([p, v]) => `\`${p.replace(/^(strategy\.params|overlays\.\d+\.\w+)\./, '')}\` (${v.length})`).join(' × ');
  const changes = Object.values(wf.stability).reduce((a, x) => a + x.changes, 0);
  const fmt = (x) => (['sharpe', 'sortino', 'calmar'].includes(metric) ? num(x) : pct(x));
  walkRows.push(
    `| [${name}](${name}) | ${grid} | ${metric} ${numeraire} | ${wf.folds.length} | ${wf.outOfSample.period.start} – ${wf.outOfSample.period.end} | ${fmt(wf.outOfSample.metrics[numeraire][metric])} | ${fmt(wf.base.metrics[numeraire][metric])} | ${fmt(headlineSharpe[name][numeraire][metric])} | ${pct(wf.outOfSample.metrics[numeraire].cagr)} | ${num(wf.efficiency)} | ${changes} of ${wf.folds.length - 1} |`,
  );
  process.stderr.write(`walk-forward ${name} (${wf.folds.length} folds)\n`);
}
const walkTable = [
  '| config | grid | objective | folds | out-of-sample dates | out-of-sample | base config, same dates | in-sample (headline) | out-of-sample CAGR | efficiency | choice changes |',
  '|---|---|---|---:|---|---:|---:|---:|---:|---:|---:|',
  ...walkRows,
].join('\n');
const withSweeps = readFileSync(readme, 'utf8');
const w0 = '<!-- walkforward:start -->';
const w1 = '<!-- walkforward:end -->';
if (withSweeps.includes(w0)) writeFileSync(readme, withSweeps.slice(0, withSweeps.indexOf(w0) + w0.length) + '\n' + walkTable + '\n' + withSweeps.slice(withSweeps.indexOf(w1)));

if (process.argv.includes('--update-golden')) writeFileSync(join(root, 'configs/golden.json'), JSON.stringify(golden, null, 2) + '\n');
