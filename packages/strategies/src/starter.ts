import { stringify } from 'yaml';
import type { Strategy } from './strategy.js';

export interface StarterOptions {
  /** period.end: the last date of the data (never a date beyond it); absent: no end, the run goes to the end of the data. */
  end?: string;
  /** Path of the JSON Schema for editors (`# yaml-language-server: $schema=...`), relative to the file. */
  schema?: string;
}

/** A starter YAML for `regime init <strategy>`: the thesis as a comment, every parameter at its default. */
export function starterYaml(strategy: Strategy, endOrOptions: string | StarterOptions = {}): string {
  const options: StarterOptions = typeof endOrOptions === 'string' ? { end: endOrOptions } : endOrOptions;
  const body = stringify({
    name: strategy.name,
    description: strategy.summary,
    period: options.end ? { start: '2010-01-01', end: options.end } : { start: '2010-01-01' },
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
    ...(options.schema ? [`# yaml-language-server: $schema=${options.schema}`] : []),
    `# ${strategy.name}: ${strategy.summary}`,
    '#',
    ...wrap(strategy.thesis).map((l) => `# ${l}`),
    '#',
    '# Every parameter below is at its default; change any of them. Blocks written here',
    '# (universe, signals, regimes, allocations, overlays, periods) replace the strategy\'s own.',
    ...(choices.length ? ['# Parameters with a fixed set of values:', ...choices] : []),
    ...(options.end
      ? [`# period.end is the last date of the data this was written against (${options.end}).`]
      : ['# period.end is left out: the run goes to the end of the data.']),
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
