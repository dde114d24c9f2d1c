// @regime/strategies — named article strategies and baselines.
export * from './strategy.js';
export * from './baselines.js';
export * from './registry.js';
