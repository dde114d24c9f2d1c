/**
 * Turns per-bar rule values into regime codes: first rule that holds (value 1) wins; a
 * rule that is undefined (NaN) before any true rule makes the bar undetermined, and the
 * regime in force is kept (the default one at the start). Hysteresis: a new regime must be
 * indicated `confirm` bars in a row, and a regime is kept at least `minDuration` bars.
 */
export interface RegimeRuleInput {
  /** One column per rule, in order: 1 = holds, 0 = does not, NaN = undefined. */
  rules: Float64Array[];
  /** Code used when no rule holds and while undetermined at the start. */
  defaultCode: number;
  confirm: number;
  minDuration: number;
}

/** The rule that holds at each bar before hysteresis: its index, the default, or -1 if undetermined. */
export function rawRegimeCodes(rules: Float64Array[], defaultCode: number, length: number): Int32Array {
  const raw = new Int32Array(length);
  for (let t = 0; t < length; t++) {
    let code = defaultCode;
    for (let k = 0; k < rules.length; k++) {
      const v = rules[k][t];
      if (v !== v) {
        code = -1;
        break;
      }
      if (v !== 0) {
        code = k;
        break;
      }
    }
    raw[t] = code;
  }
  return raw;
}

export function applyHysteresis(raw: Int32Array, defaultCode: number, confirm: number, minDuration: number): Int32Array {
  return hysteresisPass(raw.length, raw, [], defaultCode, confirm, minDuration).codes;
}

export function regimeCodes(input: RegimeRuleInput, length: number): Int32Array {
  return regimeCodesAndGaps(input, length).codes;
}

export interface RegimeCodes {
  /** The regime in force at each bar, after hysteresis. */
  codes: Int32Array;
  /** The bars where a rule was undefined before any rule held (raw code -1), ascending. */
  undetermined: Int32Array;
}

/**
 * rawRegimeCodes then applyHysteresis in one pass and one array (a study evaluates thousands
 * of rule sets over long calendars), keeping the undetermined bars for the warnings.
 */
export function regimeCodesAndGaps(input: RegimeRuleInput, length: number): RegimeCodes {
  return hysteresisPass(length, undefined, input.rules, input.defaultCode, input.confirm, input.minDuration);
}

/**
 * The one loop of both: each bar's raw code (given, or the first rule that holds: -1 when a
 * rule is undefined before), then hysteresis, collecting the undetermined bars.
 */
function hysteresisPass(length: number, given: Int32Array | undefined, rules: readonly Float64Array[], defaultCode: number, confirm: number, minDuration: number): RegimeCodes {
  const out = new Int32Array(length);
  let gaps = new Int32Array(16);
  let gapCount = 0;
  let current = defaultCode;
  // The starting default is a placeholder, not an entered regime: it does not hold a switch back.
  let barsInCurrent = minDuration;
  let candidate = -1;
  let candidateCount = 0;
  const k = rules.length;
  // Without hysteresis (confirm ≤ 1 and minDuration ≤ 1, the defaults) every determined bar's
  // regime is its raw code: the switch logic below would take every change at once.
  const direct = confirm <= 1 && minDuration <= 1;
  for (let t = 0; t < length; t++) {
    let raw = defaultCode;
    if (given) raw = given[t];
    else
      for (let j = 0; j < k; j++) {
        const v = rules[j][t];
        if (v !== v) {
          raw = -1;
          break;
        }
        if (v !== 0) {
          raw = j;
          break;
        }
      }
    if (raw < 0) {
      if (gapCount === gaps.length) {
        const grown = new Int32Array(gaps.length * 2);
        grown.set(gaps);
        gaps = grown;
      }
      gaps[gapCount++] = t;
    }
    if (direct) {
      if (raw >= 0) current = raw;
      out[t] = current;
      continue;
    }
    const r = raw < 0 ? current : raw;
    if (r === current) {
      candidate = -1;
      candidateCount = 0;
    } else {
      if (r === candidate) candidateCount++;
      else {
        candidate = r;
        candidateCount = 1;
      }
      if (candidateCount >= confirm && barsInCurrent >= minDuration) {
        current = r;
        barsInCurrent = 0;
        candidate = -1;
        candidateCount = 0;
      }
    }
    out[t] = current;
    barsInCurrent++;
  }
  return { codes: out, undetermined: gaps.slice(0, gapCount) };
}
