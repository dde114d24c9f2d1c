/**
 * Where an expression compares a named signal with a constant or with another named signal
 * (`liquidity_score >= 3`, `fast > slow`, `-0.1 < drift`), the comparison is a threshold the
 * report draws on the signal's chart, so a reader sees why the regime switched. Only a bare
 * signal name on one side counts (`sma(x, 3) > 2` has no chart to draw on); a signal compared
 * with itself or with a series that is not a signal is left out.
 */
import type { ParsedNode } from './sandbox.js';
import { parseExpression } from './sandbox.js';

export type Comparison = '>' | '>=' | '<' | '<=' | '==' | '!=';

export interface SignalThreshold {
  signal: string;
  /** Read as `signal op against`. */
  op: Comparison;
  /** A constant, or the name of the other signal. */
  against: number | string;
  /** Where the comparison is written: `regime <label>` or `signal <name>`. */
  in: string;
}

const OPS: Record<string, Comparison> = { larger: '>', largerEq: '>=', smaller: '<', smallerEq: '<=', equal: '==', unequal: '!=' };
const MIRROR: Record<Comparison, Comparison> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=', '==': '==', '!=': '!=' };

/** The thresholds in each expression, in order, without repeats. Text that does not parse has none (the compiler has said why). */
export async function signalThresholds(expressions: { text: string | number | boolean; in: string }[], signals: ReadonlySet<string>): Promise<SignalThreshold[]> {
  const out: SignalThreshold[] = [];
  const seen = new Set<string>();
  for (const e of expressions) {
    if (typeof e.text !== 'string') continue;
    let root: ParsedNode;
    try {
      root = await parseExpression(e.text);
    } catch {
      continue;
    }
    root.traverse((node) => {
      const pairs: [string, ParsedNode, ParsedNode][] = [];
      if (node.type === 'OperatorNode' && OPS[node.fn as string] && node.args?.length === 2) pairs.push([node.fn as string, node.args[0], node.args[1]]);
      if (node.type === 'RelationalNode')
        (node.conditionals ?? []).forEach((c, i) => pairs.push([c, node.params![i], node.params![i + 1]]));
      for (const [fn, a, b] of pairs) {
        const op = OPS[fn];
        if (!op) continue;
        const left = operand(a, signals);
        const right = operand(b, signals);
        let found: SignalThreshold | undefined;
        if (typeof left === 'string' && right !== undefined && left !== right) found = { signal: left, op, against: right, in: e.in };
        else if (typeof right === 'string' && typeof left === 'number') found = { signal: right, op: MIRROR[op], against: left, in: e.in };
        if (!found) continue;
        const key = `${found.signal} ${found.op} ${found.against}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(found);
      }
    });
  }
  return out;
}

/** A signal's name, a constant number (with a leading minus), or undefined. */
function operand(node: ParsedNode, signals: ReadonlySet<string>): string | number | undefined {
  while (node.type === 'ParenthesisNode') node = node.content!;
  if (node.type === 'SymbolNode') return signals.has(node.name!) ? node.name : undefined;
  if (node.type === 'ConstantNode') return typeof node.value === 'number' && Number.isFinite(node.value) ? node.value : undefined;
  if (node.type === 'OperatorNode' && node.args?.length === 1 && (node.fn === 'unaryMinus' || node.fn === 'unaryPlus')) {
    const inner = operand(node.args[0], signals);
    return typeof inner === 'number' ? (node.fn === 'unaryMinus' ? -inner : inner) : undefined;
  }
  return undefined;
}
