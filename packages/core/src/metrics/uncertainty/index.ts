export * from './rng.js';
export * from './normal.js';
export * from './psr.js';
export * from './blockLength.js';
export * from './stationary.js';
export * from './paths.js';
export * from './bootstrap.js';
