/**
 * Attempts to get out of the expression language. Each must be refused with an InputError that
 * says what was refused; none may reach mathjs's evaluator (we never call it) or JS objects.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../util/errors.js';
import { compileExpression, compileSignals } from './compile.js';
import { memoryContext } from './memoryContext.js';
import { parseExpression } from './sandbox.js';

const ctx = () => memoryContext({ SPY: [1, 2, 3], x: [1, 1, 1] });

async function refusal(text: string): Promise<string> {
  const err = await compileExpression(text, ctx(), new Map()).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `${text} must be refused`).toBeInstanceOf(InputError);
  return (err as InputError).message;
}

const FUNCTIONS = 'the functions are lag, sma, ema, change, ret, yoy, vol, zscore';

describe('sandbox: mathjs functions are not callable', () => {
  it.each([
    ['import({}, {override: true})', 'import'],
    ['evaluate("1+1")', 'evaluate'],
    ['parse("1")', 'parse'],
    ['compile("1")', 'compile'],
    ['createUnit("x")', 'createUnit'],
    ['simplify("x")', 'simplify'],
    ['derivative("x^2", "x")', 'derivative'],
    ['resolve(x)', 'resolve'],
    ['reviver("x")', 'reviver'],
    ['typed(x)', 'typed'],
    ['cos(1)', 'cos'],
    ['eval("process.exit()")', 'eval'],
    ['require("fs")', 'require'],
  ])('%s', async (text, name) => {
    const msg = await refusal(text);
    expect(msg).toContain(`expression (${JSON.stringify(text)}): unknown function "${name}"`);
    expect(msg).toContain(FUNCTIONS);
  });
});

describe('sandbox: syntax beyond arithmetic is refused', () => {
  it.each([
    ['f(x) = x', 'defining a function is not allowed in expressions, found "f(x) = x"'],
    ['a = 1', 'assignment (define a named signal under `signals:` instead) is not allowed in expressions, found "a = 1"'],
    ['SPY["constructor"]', 'property or index access is not allowed in expressions, found "SPY["constructor"]"'],
    ['x.y', 'property or index access is not allowed in expressions, found "x.y"'],
    ['sma.constructor', 'property or index access is not allowed'],
    ['cos.constructor("return process")(1)', 'only the indicator functions can be called, by name; found "cos.constructor("return process")"'],
    ['x.y(1)', 'only the indicator functions can be called, by name; found "x.y(1)"'],
    ['SPY[1]', 'property or index access is not allowed'],
    ['[1, 2]', 'an array or matrix is not allowed in expressions, found "[1, 2]"'],
    ['{a: 1}', 'an object is not allowed in expressions, found "{"a": 1}"'],
    ['1:3', 'a range is not allowed in expressions'],
    ['1; 2', 'several statements (separated by ";" or a line break; wrap a multi-line expression in parentheses) is not allowed'],
    ['SPY\n+ 1', 'several statements'],
    ['"text"', 'text in quotes is not allowed in expressions, found "text"'],
    ['sma(SPY, "3")', 'text in quotes is not allowed'],
    ['2 SPY', 'implicit multiplication is not allowed, found "2 SPY"; write the operator: 2 * SPY'],
    ['SPY mod 2', 'operator "mod" is not supported'],
    ['5!', 'operator "!" is not supported'],
    ['SPY | 1', 'operator "|" is not supported'],
    ['SPY ?? 1', 'operator "??" is not supported'],
    ['null', 'expected a number, true/false, or a series or signal name, found "null"'],
    ['sma(SPY, 3)(1)', 'implicit multiplication is not allowed, found "sma(SPY, 3) (1)"'],
  ])('%j', async (text, expected) => {
    const msg = await refusal(text);
    expect(msg).toContain(`expression (${JSON.stringify(text)}): `);
    expect(msg).toContain(expected);
  });

  it('reports text mathjs cannot parse, with its position', async () => {
    const msg = await refusal('cos.constructor("return process")()');
    expect(msg).toContain('could not parse the expression: Value expected (char 35)');
    expect(await refusal('SPY > (')).toContain('could not parse the expression');
    expect(await refusal('   ')).toContain('the expression is empty');
  });

  it('refuses absurdly long or nested text with an InputError, not a stack overflow', async () => {
    const sum = Array.from({ length: 20_000 }, () => 'SPY').join(' + ');
    expect(await refusal(sum)).toMatch(/the expression is nested more than 200 levels deep .*split it into several signals/);
    const parens = `${'('.repeat(20_000)}1${')'.repeat(20_000)}`;
    expect(await refusal(parens)).toContain('the expression is nested more than 200 levels deep');
  });

  it('treats mathjs internals and JS globals as plain (unknown) names', async () => {
    for (const name of ['reviver', 'typed', 'process', 'globalThis', 'pi', 'e', 'math']) {
      expect(await refusal(`${name} + 1`)).toContain(`unknown name "${name}"`);
    }
    expect(await refusal('Infinity + 1')).toContain('expected a finite number, found "Infinity"');
    expect(await refusal('NaN')).toContain('expected a finite number, found "NaN"');
  });

  it('refuses the same inside signal definitions, naming the signal', async () => {
    const err = await compileSignals({ evil: 'import({}, {override: true})' }, ctx(), () => 'cfg.yaml:4:9').catch((e: unknown) => e);
    expect((err as InputError).message).toMatch(/^cfg\.yaml:4:9: signal "evil" \("import\(\{\}, \{override: true\}\)"\): unknown function "import"/);
  });
});

describe('sandbox: the parser', () => {
  it('parses and does nothing else', async () => {
    const node = await parseExpression('sma(SPY, 200) > 1');
    expect(node.type).toBe('OperatorNode');
  });
  it('does not evaluate while parsing', async () => {
    // A syntactically valid call to a disabled function parses into a tree and runs nothing.
    const node = await parseExpression('import({}, {override: true})');
    expect(node.type).toBe('FunctionNode');
  });
});
