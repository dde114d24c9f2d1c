// Runs every shipped config on the data directory and writes, from the tool's own results:
//   configs/README.md  the table of headline results (between the markers), and
//   configs/golden.json the stored headline metrics the regression test compares against
//                       (only with --update-golden: moving them is a deliberate act).
// Usage: pnpm build && REGIME_DATA_DIR=../shared/data node scripts/configs-table.mjs [--update-golden]
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConfigFile, shippedConfigFiles, headlineMetrics } from '../packages/cli/dist/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const pct = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)} %`);
const num = (x) => (x === null || x === undefined ? '–' : x.toFixed(2));

const rows = [];
const golden = {};
for (const file of shippedConfigFiles()) {
  const { result } = await runConfigFile(file, {});
  const name = basename(file);
  golden[name] = headlineMetrics(result);
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
if (process.argv.includes('--update-golden')) writeFileSync(join(root, 'configs/golden.json'), JSON.stringify(golden, null, 2) + '\n');
