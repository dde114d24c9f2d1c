import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyHysteresis, rawRegimeCodes, regimeCodes, regimeCodesAndGaps } from './hysteresis.js';
import { periodCodes } from './periods.js';
import { parseDay } from '../util/dates.js';

// Rule "A when x holds, else B": x = 1 1 0 0 1 0 0 0 1 1 -> raw A A B B A B B B A A.
const x = Float64Array.from([1, 1, 0, 0, 1, 0, 0, 0, 1, 1]);
const A = 0;
const B = 1;
const always = new Float64Array(10).fill(1);

describe('regime rules', () => {
  it('first rule that holds wins, else the default', () => {
    expect(Array.from(rawRegimeCodes([x, always], B, 10))).toEqual([A, A, B, B, A, B, B, B, A, A]);
    expect(Array.from(rawRegimeCodes([x], B, 10))).toEqual([A, A, B, B, A, B, B, B, A, A]);
  });

  it('an undefined rule before any true one holds the regime in force', () => {
    const y = Float64Array.from([NaN, NaN, 1, NaN, 0]);
    expect(Array.from(rawRegimeCodes([y, always.subarray(0, 5)], B, 5))).toEqual([-1, -1, A, -1, B]);
    expect(Array.from(regimeCodes({ rules: [y, always.subarray(0, 5)], defaultCode: B, confirm: 1, minDuration: 1 }, 5))).toEqual([B, B, A, A, B]);
  });

  it('one pass gives the codes of raw codes then hysteresis, and the undetermined bars', () => {
    // y = NaN NaN 1 NaN 0 with "A when y, else B": raw -1 -1 A -1 B, undetermined at bars 0, 1, 3.
    const y = Float64Array.from([NaN, NaN, 1, NaN, 0]);
    const r = regimeCodesAndGaps({ rules: [y, always.subarray(0, 5)], defaultCode: B, confirm: 1, minDuration: 1 }, 5);
    expect(Array.from(r.codes)).toEqual([B, B, A, A, B]);
    expect(Array.from(r.undetermined)).toEqual([0, 1, 3]);
    // More undetermined bars than the first buffer holds (it grows), with hysteresis on.
    const z = Float64Array.from({ length: 40 }, (_, t) => (t < 20 ? NaN : t % 3 === 0 ? 1 : 0));
    const all = new Float64Array(40).fill(1);
    for (const [confirm, minDuration] of [[1, 1], [2, 1], [1, 3], [3, 4]]) {
      const g = regimeCodesAndGaps({ rules: [z, all], defaultCode: B, confirm, minDuration }, 40);
      expect(Array.from(g.codes)).toEqual(Array.from(applyHysteresis(rawRegimeCodes([z, all], B, 40), B, confirm, minDuration)));
      expect(Array.from(g.undetermined)).toEqual(Array.from({ length: 20 }, (_, t) => t));
    }
  });

  it('confirm: a switch needs the new regime n bars in a row', () => {
    // Start in B; A twice -> A at t1; B twice -> B at t3; lone A at t4 ignored; A A at t8-9 -> A at t9.
    expect(Array.from(regimeCodes({ rules: [x, always], defaultCode: B, confirm: 2, minDuration: 1 }, 10))).toEqual([B, A, A, B, B, B, B, B, B, A]);
  });

  it('min_duration: a regime, once entered, is kept n bars', () => {
    // A at t0 (the starting default does not hold it back); kept through t2 though B shows at t2;
    // B at t3, kept through t5 though A shows at t4; A again at t8.
    expect(Array.from(applyHysteresis(rawRegimeCodes([x, always], B, 10), B, 1, 3))).toEqual([A, A, A, B, B, B, B, B, A, A]);
  });

  it('property: codes follow the rules as written — a change needs `confirm` bars in a row and waits until the regime in force has `min_duration` bars — with and without hysteresis', () => {
    // The rule as DESIGN.md states it, bar by bar with explicit counters (not the engine's loop).
    const reference = (raw: number[], start: number, confirm: number, minDuration: number): number[] => {
      const out: number[] = [];
      let current = start;
      let held = Infinity; // the starting default holds nothing back
      let streak = 0;
      let last = -1;
      for (const code of raw) {
        const seen = code < 0 ? current : code;
        streak = seen !== current && seen === last ? streak + 1 : seen !== current ? 1 : 0;
        last = seen;
        if (seen !== current && streak >= confirm && held >= minDuration) {
          current = seen;
          held = 0;
          streak = 0;
          last = -1;
        }
        out.push(current);
        held++;
      }
      return out;
    };
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0, 1, NaN), { minLength: 1, maxLength: 60 }),
        fc.array(fc.constantFrom(0, 1, NaN), { minLength: 60, maxLength: 60 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        (first, second, confirm, minDuration) => {
          const n = first.length;
          // Two rules and a default (2) of their own: "no rule holds" is told apart from either rule.
          const rules = [Float64Array.from(first), Float64Array.from(second.slice(0, n))];
          const raw = Array.from(rawRegimeCodes(rules, 2, n));
          expect(Array.from(regimeCodes({ rules, defaultCode: 2, confirm, minDuration }, n))).toEqual(reference(raw, 2, confirm, minDuration));
          expect(Array.from(applyHysteresis(Int32Array.from(raw), 2, confirm, minDuration))).toEqual(reference(raw, 2, confirm, minDuration));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('date-range periods label each bar with the first range that holds it', () => {
    const dates = Int32Array.from(['1999-06-30', '2002-01-02', '2011-09-01', '2025-01-02'], (d) => parseDay(d)!);
    const ranges = [
      { label: 'bubble', start: parseDay('1999-01-01')!, end: parseDay('2001-12-31')! },
      { label: 'gold_bull', start: parseDay('2002-01-01')!, end: parseDay('2011-08-31')! },
      { label: 'now', start: parseDay('2022-01-01')!, end: Infinity },
    ];
    expect(Array.from(periodCodes(dates, ranges))).toEqual([0, 1, -1, 2]);
  });
});
