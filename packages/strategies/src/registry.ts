import { InputError, type Config, type ConfigSource } from '@regime/core';
import { didYouMean } from '@regime/core/internal';
import type { Strategy } from './strategy.js';
import { buyAndHold, goldOnly, permanentPortfolio, sixtyForty } from './baselines.js';
import { hardAssetsVsDuration } from './hardAssets.js';
import { cryptoLiquidityBeta } from './cryptoLiquidity.js';
import { cashflowChipsVsLongDuration } from './cashflowChips.js';
import { goldRatioRotation } from './goldRatio.js';
import { energyBottleneck } from './energy.js';
import { vixTermStructure } from './flows.js';
import { buybackWindow, turnOfMonth } from './calendarFlows.js';

export const STRATEGIES: readonly Strategy[] = [
  hardAssetsVsDuration,
  cryptoLiquidityBeta,
  cashflowChipsVsLongDuration,
  goldRatioRotation,
  energyBottleneck,
  vixTermStructure,
  buybackWindow,
  turnOfMonth,
  buyAndHold,
  sixtyForty,
  permanentPortfolio,
  goldOnly,
];

export function findStrategy(name: string): Strategy | undefined {
  return STRATEGIES.find((s) => s.name === name);
}

/**
 * Replaces `strategy: { use, params }` by the blocks the strategy stands for. Blocks the
 * config writes itself win (a YAML may override the universe or the overlays); parameters
 * not known to the strategy are an error.
 */
export function expandStrategy(config: Config, source: ConfigSource): Config {
  if (!config.strategy) return config;
  const { use, params } = config.strategy;
  const strategy = findStrategy(use);
  if (!strategy)
    throw new InputError(
      `unknown strategy "${use}"${didYouMean(use, STRATEGIES.map((s) => s.name))}; known: ${STRATEGIES.map((s) => s.name).join(', ')}`,
      source.where(['strategy', 'use']),
    );
  for (const key of Object.keys(params)) {
    if (!(key in strategy.defaults))
      throw new InputError(
        `strategy ${use} has no parameter "${key}"${didYouMean(key, Object.keys(strategy.defaults))}; its parameters are ${Object.keys(strategy.defaults).join(', ')}`,
        source.where(['strategy', 'params', key]),
      );
    const expected = typeof strategy.defaults[key];
    const found = typeof params[key];
    if (expected !== found && !(Array.isArray(strategy.defaults[key]) && Array.isArray(params[key])))
      throw new InputError(`strategy parameter ${key}: expected ${expected}, found ${found}`, source.where(['strategy', 'params', key]));
    const value = params[key];
    if (strategy.counts?.includes(key) && !(Number.isInteger(value) && (value as number) >= 0))
      throw new InputError(`strategy parameter ${key}: expected a whole number of bars >= 0, found ${String(value)}`, source.where(['strategy', 'params', key]));
    const words = strategy.choices?.[key];
    if (words && !words.includes(params[key] as string))
      throw new InputError(
        `strategy parameter ${key}: expected one of ${words.join(', ')}, found "${String(params[key])}"${didYouMean(String(params[key]), words)}`,
        source.where(['strategy', 'params', key]),
      );
  }
  const blocks = strategy.build({ ...strategy.defaults, ...params });
  const raw = source.raw as Record<string, unknown>;
  const pick = <K extends keyof Config>(key: K): Config[K] => (key in raw ? config[key] : ((blocks as Config)[key] ?? config[key]));
  return {
    ...config,
    universe: pick('universe'),
    benchmark: pick('benchmark'),
    weights: pick('weights'),
    signals: pick('signals'),
    regimes: pick('regimes'),
    allocations: pick('allocations'),
    periods: pick('periods'),
    overlays: pick('overlays'),
    sensitivities: pick('sensitivities'),
  };
}
