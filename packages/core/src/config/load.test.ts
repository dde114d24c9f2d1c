import { describe, expect, it } from 'vitest';
import { parseConfigText } from './load.js';

const base = `name: Test
period: { start: 2020-01-01, end: 2021-01-01 }
universe: [SPY, IEF]
weights: { SPY: 0.6, IEF: 0.4 }
`;
const errorOf = (text: string): string => {
  try {
    parseConfigText(text, 'c.yaml');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

describe('config loading', () => {
  it('fills defaults: USD and gold, delay 1, monthly rebalance, no costs', () => {
    const { config } = parseConfigText(base, 'c.yaml');
    expect(config.numeraires).toEqual(['USD', 'gold']);
    expect(config.execution.delay).toBe(1);
    expect(config.rebalance.every).toBe('monthly');
    expect(config.costs).toEqual({ commission_bps: 0, slippage_bps: 0, borrow_bps: 0, financing_spread_bps: 0 });
    expect(config.missing).toBe('cash');
  });

  it('parsing the same text again gives an equal config of its own (changing one leaves the next untouched)', () => {
    const first = parseConfigText(base, 'same.yaml');
    first.config.period = { start: '2020-06-01', end: '2020-12-31' };
    first.config.numeraires.push('M2');
    (first.raw as { name: string }).name = 'changed';
    const again = parseConfigText(base, 'same.yaml');
    expect(again.config.period).toEqual({ start: '2020-01-01', end: '2021-01-01' });
    expect(again.config.numeraires).toEqual(['USD', 'gold']);
    expect((again.raw as { name: string }).name).toBe('Test');
    expect(again.where(['weights', 'IEF'])).toBe(first.where(['weights', 'IEF']));
    // The same text under another name is placed in that file.
    expect(parseConfigText(base, 'other.yaml').where(['universe'])).toMatch(/^other\.yaml:3/);
    // An error is worded every time, not remembered.
    const bad = base.replace('universe: [SPY, IEF]', 'universe: 5');
    expect(errorOf(bad)).toBe(errorOf(bad));
  });

  it('names file, line and column of a YAML syntax error', () => {
    expect(errorOf('name: [unclosed\nperiod: 1\n')).toMatch(/^c\.yaml:\d+:\d+: invalid YAML/);
  });

  it('unknown keys get a "did you mean"', () => {
    const msg = errorOf(base + 'rebalance: { evry: monthly }\n');
    expect(msg).toContain('c.yaml:5:');
    expect(msg).toContain('unknown key "evry" in rebalance (did you mean "every"?)');
  });

  it('a misspelt top-level key points at its line', () => {
    expect(errorOf(base + 'benchmrk: SPY\n')).toMatch(/^c\.yaml:5:1: unknown key "benchmrk" in the config \(did you mean "benchmark"\?\)/);
  });

  it('wrong types say what was expected and what was found', () => {
    const msg = errorOf(base.replace('SPY: 0.6', 'SPY: [0.6]'));
    expect(msg).toMatch(/c\.yaml:4:\d+: weights\.SPY: expected a weight: a number such as 0\.6, or an expression in quotes .*, found a list/);
    expect(errorOf(base.replace('name: Test', 'name: 42'))).toMatch(/c\.yaml:1:\d+: name: expected a text, found number 42/);
  });

  it('enums list the allowed values', () => {
    expect(errorOf(base + 'frequency: hourly\n')).toMatch(/c\.yaml:5:\d+: frequency: expected one of "daily", "monthly", found the text "hourly"/);
  });

  it('bad dates and negative costs are refused at their line', () => {
    expect(errorOf(base.replace('2020-01-01', '2020-13-01'))).toMatch(/c\.yaml:2:\d+: period\.start: expected a date as YYYY-MM-DD, found the text "2020-13-01"/);
    expect(errorOf(base + 'costs: { commission_bps: -1 }\n')).toMatch(/c\.yaml:5:\d+: costs\.commission_bps: expected a number >= 0, found number -1/);
  });

  it('a missing required key is named', () => {
    expect(errorOf('universe: [SPY]\nweights: { SPY: 1 }\nperiod: { start: 2020-01-01 }\n')).toContain('missing required key "name"');
  });

  it('reports every schema error at once', () => {
    const msg = errorOf(base + 'frequency: hourly\nexecution: { delay: -1 }\n');
    expect(msg.split('\n')).toHaveLength(2);
  });
});
