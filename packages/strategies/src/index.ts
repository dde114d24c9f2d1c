// @regime/strategies — named article strategies and baselines.
export * from './strategy.js';
export * from './baselines.js';
export * from './registry.js';
export * from './hardAssets.js';
export * from './cryptoLiquidity.js';
export * from './cashflowChips.js';
export * from './goldRatio.js';
export * from './energy.js';
export * from './flows.js';
export * from './calendarFlows.js';
export * from './starter.js';
