export * from './folds.js';
export * from './chain.js';
export * from './stability.js';
export * from './measure.js';
export * from './document.js';
export * from './run.js';
