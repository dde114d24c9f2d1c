import type { Config } from '@regime/core';

/** The config blocks a named strategy stands for (what a hand-written YAML would say). */
export type StrategyBlocks = Partial<Pick<Config, 'universe' | 'benchmark' | 'weights' | 'signals' | 'regimes' | 'allocations' | 'periods' | 'overlays' | 'sensitivities'>>;

/** A named, parameterised strategy: a function from parameters to a regime allocation. */
export interface Strategy<P extends Record<string, unknown> = Record<string, unknown>> {
  name: string;
  /** One line for `regime strategies`. */
  summary: string;
  /** The thesis, for the starter YAML's comment header. */
  thesis: string;
  defaults: P;
  /** Parameters that take one of a few words, with those words. */
  choices?: Partial<Record<keyof P & string, readonly string[]>>;
  /** Parameters that count bars: whole numbers >= 0. */
  counts?: readonly (keyof P & string)[];
  /** The execution delay its rules are written for (the starter YAML's); 1 when absent. */
  delay?: number;
  build(params: P): StrategyBlocks;
}

export function defineStrategy<P extends Record<string, unknown>>(s: Strategy<P>): Strategy<Record<string, unknown>> {
  return s as unknown as Strategy<Record<string, unknown>>;
}
