import type { ParsedNode } from './sandbox.js';

/**
 * How deep an expression may nest. Checking, compiling and evaluating walk the tree
 * recursively; a tree thousands of levels deep (3,000 nested `not`, a 25,000-term sum, which
 * parses as a chain of 25,000 additions) would overflow the stack. No meaningful signal
 * comes near this: split such a formula into several signals.
 */
export const MAX_EXPRESSION_DEPTH = 200;

/** The children of a parsed node (the same fields the compiler reads). */
function children(node: ParsedNode): ParsedNode[] {
  const out: ParsedNode[] = [];
  if (node.args) out.push(...node.args);
  if (node.params) out.push(...node.params);
  if (node.content) out.push(node.content);
  if (node.condition) out.push(node.condition);
  if (node.trueExpr) out.push(node.trueExpr);
  if (node.falseExpr) out.push(node.falseExpr);
  if (node.fn && typeof node.fn === 'object') out.push(node.fn);
  return out;
}

/** The nesting depth of a tree, measured without recursion; stops counting past `limit`. */
export function expressionDepth(root: ParsedNode, limit = MAX_EXPRESSION_DEPTH): number {
  let deepest = 0;
  const stack: [ParsedNode, number][] = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const c of children(node)) stack.push([c, depth + 1]);
  }
  return deepest;
}
