import type { Config } from '../config/schema.js';
import type { RegimePlan } from './validate.js';

/** An allocation weight written as an expression: its regime, asset, text and config path. */
export interface ExpressionWeight {
  label: string;
  asset: string;
  text: string;
  path: (string | number)[];
}

/** The allocation weights written as expressions, with where they stand in the config. */
export function expressionWeights(config: Config, plan: RegimePlan | undefined): ExpressionWeight[] {
  const out: ExpressionWeight[] = [];
  const blocks: [string, Record<string, number | string>, (string | number)[]][] = plan
    ? plan.labels.map((l) => [l, config.allocations?.[l] ?? {}, ['allocations', l]])
    : [['static', config.weights ?? {}, ['weights']]];
  for (const [label, weights, path] of blocks)
    for (const [asset, w] of Object.entries(weights)) if (typeof w === 'string') out.push({ label, asset, text: w, path: [...path, asset] });
  return out;
}
