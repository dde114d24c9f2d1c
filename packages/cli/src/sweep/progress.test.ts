import { describe, expect, it } from 'vitest';
import { escapeTerminalOutput } from '../output/terminal.js';
import { progressReporter } from './progress.js';

/** A terminal-like stream behind the same escaping as the real stderr (bin.ts). */
function terminal(isTTY: boolean) {
  const bytes: string[] = [];
  const stream = { isTTY, write: (chunk: string | Uint8Array) => (bytes.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')), true) };
  escapeTerminalOutput(stream as unknown as NodeJS.WriteStream);
  return { stream, text: () => bytes.join('') };
}

describe('sweep progress', () => {
  it('rewrites one line on a terminal with a real carriage return (not an escaped one), then ends it', () => {
    const t = terminal(true);
    let clock = 0;
    const report = progressReporter(100, t.stream, () => clock);
    report(10, 100); // before a second: nothing
    clock = 1500;
    report(40, 100);
    clock = 1600;
    report(50, 100); // within 200 ms of the last: nothing
    clock = 1800;
    report(60, 100);
    report(100, 100, true);
    expect(t.text()).toBe('\rsweep: 40/100 trials (40 %)\rsweep: 60/100 trials (60 %)\n');
  });

  it('writes a few whole lines elsewhere (every 5 s), and nothing at the end', () => {
    const t = terminal(false);
    let clock = 0;
    const report = progressReporter(100, t.stream, () => clock);
    clock = 1200;
    report(30, 100);
    clock = 5200;
    report(50, 100);
    clock = 8000;
    report(60, 100);
    clock = 10300;
    report(70, 100);
    report(100, 100, true);
    expect(t.text()).toBe('sweep: 50/100 trials (50 %)\nsweep: 70/100 trials (70 %)\n');
  });
});
