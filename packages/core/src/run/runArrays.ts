import type { SimulationOutput } from '../simulation/kernel.js';
import type { RunResult } from './result.js';

/** The typed arrays of a run, for programmatic users and the report (the result holds them as JSON). */
export interface RunArrays {
  dates: Int32Array;
  assets: string[];
  prices: Float64Array;
  targets: Float64Array;
  targetsBeforeOverlays: Float64Array;
  codes: Int32Array | undefined;
  labels: string[];
  cashRate: Float64Array;
  /** The weights held at the first close before any trade (RunOptions.initialWeights); undefined: from cash. */
  initialWeights?: Float64Array;
  simulation: SimulationOutput;
  equity: Map<string, Float64Array>;
  benchmark: Map<string, Float64Array> | undefined;
  signals: Map<string, Float64Array>;
}

export interface RunOutput {
  result: RunResult;
  arrays: RunArrays;
}
