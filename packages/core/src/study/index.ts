// The study engine: sweeps (and the primitives walk-forward and the cluster build on).
export * from './grid.js';
export * from './paths.js';
export * from './objective.js';
export * from './summary.js';
export * from './plan.js';
export * from './trial.js';
export * from './order.js';
export * from './overfitting.js';
export * from './normal.js';
export * from './document.js';
export { BoundedCache } from './cache.js';
export * from './walkforward/index.js';
