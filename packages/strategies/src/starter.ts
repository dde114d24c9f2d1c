import { stringify } from 'yaml';
import type { Strategy } from './strategy.js';

/** A starter YAML for `regime init <strategy>`: the thesis as a comment, every parameter at its default. */
export function starterYaml(strategy: Strategy, today = new Date().toISOString().slice(0, 10)): string {
  const body = stringify({
    name: strategy.name,
    description: strategy.summary,
    period: { start: '2010-01-01', end: today },
    benchmark: 'SPY',
    numeraires: ['USD', 'gold'],
    cash: { series: 'IRX' },
    strategy: { use: strategy.name, params: strategy.defaults },
    rebalance: { every: 'monthly', on_regime_change: true },
    costs: { commission_bps: 2, slippage_bps: 3, borrow_bps: 50 },
    execution: { delay: strategy.delay ?? 1 },
  });
  const choices = Object.entries(strategy.choices ?? {}).map(([k, v]) => `#   ${k}: one of ${(v as string[]).join(' | ')}`);
  return [
    `# ${strategy.name}: ${strategy.summary}`,
    '#',
    ...wrap(strategy.thesis).map((l) => `# ${l}`),
    '#',
    '# Every parameter below is at its default; change any of them. Blocks written here',
    '# (universe, signals, regimes, allocations, overlays, periods) replace the strategy\'s own.',
    ...(choices.length ? ['# Parameters with a fixed set of values:', ...choices] : []),
    body,
  ].join('\n');
}

function wrap(text: string, width = 88): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
