// The bootstrap and the Probabilistic Sharpe Ratio of a run (`regime run --bootstrap`).
// normal.ts stays internal: the study engine exports its own normalCdf.
export * from './rng.js';
export * from './psr.js';
export * from './blockLength.js';
export * from './stationary.js';
export * from './paths.js';
export * from './bootstrap.js';
