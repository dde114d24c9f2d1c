/**
 * The shipped calendar configs' sweep blocks, through the built CLI on real data: the grids
 * over `strategy.params.*` are read as written, a trial at the config's own values reports the
 * numbers `regime run` stores in golden.json, and a value that is not a whole number of bars
 * is refused at the sweep line with exit 2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SweepDocument } from '@regime/core';
import { CONFIGS_DIR } from '@regime/cli';
import { regime, requireData } from './support.js';

const golden = JSON.parse(readFileSync(join(CONFIGS_DIR, 'golden.json'), 'utf8'));

describe('sweeps over the calendar strategies\' parameters', () => {
  it('buyback-window: a trial at the config\'s own values gives the run\'s numbers', () => {
    requireData();
    // --grid replaces the YAML's dimensions in place: one trial, at the config's own values.
    const r = regime(['sweep', 'configs/buyback-window.yaml', '--grid', 'strategy.params.before=10', '--grid', 'strategy.params.after=20', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const doc: SweepDocument = JSON.parse(r.stdout);
    expect(doc.grid).toEqual({ 'strategy.params.before': [10], 'strategy.params.after': [20] });
    const [trial] = doc.trials;
    for (const n of ['USD', 'gold'])
      for (const k of ['totalReturn', 'cagr', 'volatility', 'sharpe', 'maxDrawdown'])
        expect(trial.metrics[n][k as 'cagr'], `${n}.${k}`).toBe(golden['buyback-window.yaml'][n][k]);
  });

  it('turn-of-month: its sweep block lists both counts', () => {
    const text = readFileSync(join(CONFIGS_DIR, 'turn-of-month.yaml'), 'utf8');
    expect(text).toMatch(/sweep:\n {2}grid:\n {4}strategy\.params\.last: \[0, 1, 2, 3, 4\]\n {4}strategy\.params\.first: \[1, 2, 3, 4, 5\]/);
    requireData();
    const r = regime(['sweep', 'configs/turn-of-month.yaml', '--grid', 'strategy.params.last=1', '--grid', 'strategy.params.first=3', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const [trial] = (JSON.parse(r.stdout) as SweepDocument).trials;
    expect(trial.metrics.USD.sharpe).toBe(golden['turn-of-month.yaml'].USD.sharpe);
  });

  it('a count that is not a whole number of bars is refused before anything runs', () => {
    const r = regime(['sweep', 'configs/buyback-window.yaml', '--grid', 'strategy.params.before=2.5']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('strategy parameter before: expected a whole number of bars >= 0, found 2.5');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
