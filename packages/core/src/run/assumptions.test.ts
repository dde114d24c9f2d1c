import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load.js';
import { defaultAssumptions } from './assumptions.js';

const config = (extra: string) => parseConfigText(`name: a\nperiod: { start: 2024-01-01 }\nuniverse: [SPY]\nweights: { SPY: 1 }\n${extra}`, 'a.yaml').config;

describe('the assumptions a run states', () => {
  it('names cash and costs when the config leaves them out', () => {
    expect(defaultAssumptions(config(''))).toEqual(['cash: none (0 %)', 'costs: none']);
  });
  it('says nothing of what the config sets', () => {
    expect(defaultAssumptions(config('cash: { rate: 0.02 }\ncosts: { commission_bps: 1 }\n'))).toEqual([]);
    expect(defaultAssumptions(config('cash: { series: IRX }\ncosts: { borrow_bps: 50 }\n'))).toEqual([]);
  });
  it('costs written as all zero are still no costs', () => {
    expect(defaultAssumptions(config('cash: { rate: 0 }\ncosts: { commission_bps: 0 }\n'))).toEqual(['costs: none']);
  });
});
