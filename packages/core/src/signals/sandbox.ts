/**
 * The mathjs parser, and only the parser. Expressions are written in mathjs syntax, but mathjs
 * never evaluates them: compileNode.ts walks the node tree itself and accepts a whitelist of
 * node types. That walk is the security boundary; this file is the second fence.
 *
 * - mathjs is imported lazily (the "number" build, about 0.3 s instead of 0.6 s for the full
 *   one), so configs without expressions never pay for it.
 * - The instance is built from `parseDependencies` only: it has no evaluate, compile, simplify,
 *   derivative, units or matrices to reach.
 * - As mathjs's security page recommends, the functions that could change the instance or run
 *   text are replaced by ones that throw, after keeping the one reference we need (parse).
 *   Nothing outside this module ever sees the instance.
 */

/** The shape of the parsed nodes we read (a structural subset of mathjs's MathNode). */
export interface ParsedNode {
  readonly type: string;
  /** ConstantNode */
  readonly value?: unknown;
  /** SymbolNode; FunctionNode (callee name) */
  readonly name?: string;
  /** OperatorNode */
  readonly op?: string;
  readonly fn?: string | ParsedNode;
  readonly args?: readonly ParsedNode[];
  readonly implicit?: boolean;
  /** ParenthesisNode */
  readonly content?: ParsedNode;
  /** ConditionalNode */
  readonly condition?: ParsedNode;
  readonly trueExpr?: ParsedNode;
  readonly falseExpr?: ParsedNode;
  /** RelationalNode: a < b <= c */
  readonly conditionals?: readonly string[];
  readonly params?: readonly ParsedNode[];
  isUnary?(): boolean;
  traverse(callback: (node: ParsedNode, path: string, parent: ParsedNode | null) => void): void;
  toString(): string;
}

export type Parse = (text: string) => ParsedNode;

/** Functions the mathjs security docs advise disabling, plus everything that builds or configures. */
export const DISABLED_FUNCTIONS = [
  'import',
  'createUnit',
  'evaluate',
  'parse',
  'compile',
  'simplify',
  'derivative',
  'resolve',
  'reviver',
  'create',
  'typed',
  'chain',
  'help',
] as const;

let parser: Promise<Parse> | undefined;

async function createParser(): Promise<Parse> {
  const mathjs = await import('mathjs/number');
  const math = mathjs.create({ parseDependencies: mathjs.parseDependencies }, { number: 'number' });
  const parse = math.parse as unknown as Parse;
  const disabled: Record<string, () => never> = {};
  for (const name of DISABLED_FUNCTIONS) {
    disabled[name] = () => {
      throw new Error(`mathjs function "${name}" is disabled in Regime`);
    };
  }
  math.import(disabled, { override: true });
  return parse;
}

/** The restricted parser: text to a mathjs node tree (throws mathjs's SyntaxError on bad text). */
export function loadParser(): Promise<Parse> {
  parser ??= createParser();
  return parser;
}

export async function parseExpression(text: string): Promise<ParsedNode> {
  return (await loadParser())(text);
}
