import { describe, expect, it } from 'vitest';
import { regime } from './support.js';

/** Every command's --help ends with two or three examples that start with `regime <command>`. */
function commandsOf(help: string): string[] {
  const section = help.split(/\nCommands:\n/)[1] ?? '';
  return section
    .split('\n')
    .map((l) => /^  ([a-z][\w-]*)/.exec(l)?.[1])
    .filter((c): c is string => c !== undefined && c !== 'help');
}

describe('--help', () => {
  it('of every command and subcommand ends with examples', () => {
    const top = regime(['--help']);
    const commands = commandsOf(top.stdout);
    expect(commands).toEqual(expect.arrayContaining(['run', 'validate', 'compare', 'init', 'schema', 'data']));
    const paths = commands.flatMap((c) => {
      const sub = commandsOf(regime([c, '--help']).stdout);
      return [[c], ...sub.map((s) => [c, s])];
    });
    for (const path of paths) {
      const help = regime([...path, '--help']).stdout.trimEnd();
      const examples = help.split('\nExamples:\n')[1];
      expect(examples, `regime ${path.join(' ')} --help has no Examples: section at its end`).toBeDefined();
      const lines = examples.split('\n');
      expect(lines.length, path.join(' ')).toBeGreaterThanOrEqual(2);
      expect(lines.length, path.join(' ')).toBeLessThanOrEqual(3);
      for (const l of lines) expect(l, path.join(' ')).toMatch(/^ {2}regime [a-z]/);
    }
  });
});
