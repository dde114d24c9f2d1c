import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_TABLE, commandName, lazyProgram } from './commandTable.js';
import { buildProgram } from './program.js';

/**
 * The lazy launcher (issue 15) must be invisible: with only one command module loaded, the
 * help reads exactly as with every module loaded, and the loaded command is the real one.
 */
const help = (p: Command) => {
  p.configureOutput({ getOutHelpWidth: () => 80, getErrHelpWidth: () => 80 });
  return p.helpInformation();
};

describe('the command table', () => {
  it('lists every command of buildProgram(), in order, with the help line regime --help prints', () => {
    const full = buildProgram();
    const listed = COMMAND_TABLE.flatMap((m) => m.commands.map((c) => c.name));
    const missing = full.commands.map((c) => c.name()).filter((n) => !listed.includes(n));
    expect(missing, `add these commands to COMMAND_TABLE in commandTable.ts: ${missing.join(', ')}`).toEqual([]);
    expect(listed).toEqual(full.commands.map((c) => c.name()));
    const term = full.createHelp();
    for (const m of COMMAND_TABLE)
      for (const c of m.commands) {
        const real = full.commands.find((x) => x.name() === c.name)!;
        expect({ name: c.name, term: c.term, description: c.description }).toEqual({ name: c.name, term: term.subcommandTerm(real), description: real.description() });
      }
  });

  it('regime --help with nothing loaded is the same text as with every command loaded', async () => {
    const lazy = await lazyProgram(['--help']);
    expect(help(lazy!)).toBe(help(buildProgram()));
  });

  it('each command, loaded alone, has the same help as in the full program, and the top-level help does not change', async () => {
    const full = buildProgram();
    for (const name of COMMAND_TABLE.flatMap((m) => m.commands.map((c) => c.name))) {
      const lazy = (await lazyProgram([name, '--help']))!;
      expect(help(lazy)).toBe(help(full));
      const one = (p: Command) => help(p.commands.find((c) => c.name() === name)!);
      expect(one(lazy)).toBe(one(full));
    }
  });

  it('a name the table does not know (help, a typo) falls back to the whole program', async () => {
    expect(await lazyProgram(['help', 'run'])).toBeUndefined();
    expect(await lazyProgram(['rnu'])).toBeUndefined();
  });

  it('the command is the first argument that is not an option', () => {
    expect(commandName(['--debug', '--no-cache', 'run', 'x.yaml'])).toBe('run');
    expect(commandName(['--help'])).toBeUndefined();
  });
});
