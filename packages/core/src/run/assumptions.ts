import type { Config } from '../config/schema.js';

/**
 * What a run assumed because the config was silent, in words, so a user never mistakes a
 * default for a choice: cash that earns nothing, trading that costs nothing. Said in the
 * terminal, the result document (`assumptions`) and the report.
 */
export function defaultAssumptions(config: Config): string[] {
  const out: string[] = [];
  if (!config.cash || (config.cash.series === undefined && config.cash.rate === undefined)) out.push('cash: none (0 %)');
  const c = config.costs;
  if (c.commission_bps === 0 && c.slippage_bps === 0 && c.borrow_bps === 0 && c.financing_spread_bps === 0) out.push('costs: none');
  return out;
}
