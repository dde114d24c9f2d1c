import { describe, expect, it } from 'vitest';
import { InputError } from '../util/errors.js';
import { compileSignals } from './compile.js';
import { memoryContext } from './memoryContext.js';
import { MAX_EXPRESSION_DEPTH } from './depth.js';

/**
 * Deep expressions (issue 14): 3,000 nested `not` or a 25,000-term sum used to overflow the
 * stack (an internal error, exit 1). They are refused as bad input with a clear message, and
 * expressions up to the limit still compile and compute the right values.
 */
const ctx = () => memoryContext({ X: [1, 2, 3] });

async function messageOf(defs: Record<string, string>): Promise<string> {
  try {
    await compileSignals(defs, ctx());
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('expression depth', () => {
  it('3,000 nested not, a 25,000-term sum and 5,000 nested parentheses are InputErrors, not crashes', async () => {
    for (const text of ['not '.repeat(3000) + 'X > 1', Array(25_000).fill('X').join(' + '), '('.repeat(5000) + 'X' + ')'.repeat(5000)]) {
      const m = await messageOf({ deep: text });
      expect(m).toContain(`signal "deep"`);
      expect(m).toContain(`the expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep`);
      expect(m).toContain('split it into several signals');
      expect(m.length).toBeLessThan(1000);
    }
  });

  it('a sum of 150 terms and 150 nested not still compute: 150·X, and X > 1 negated an even number of times', async () => {
    const r = await compileSignals({ sum: Array(150).fill('X').join(' + '), nots: 'not '.repeat(150) + '(X > 1)' }, ctx());
    expect([...r.values.get('sum')!]).toEqual([150, 300, 450]);
    expect([...r.values.get('nots')!]).toEqual([0, 1, 1]);
  });
});
