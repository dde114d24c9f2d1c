import { describe, expect, it } from 'vitest';
import { escapeControl } from './terminal.js';

/** Issue 14: text from configs and data reaches the terminal with its control characters escaped. */
describe('escapeControl', () => {
  it('writes C0, DEL, C1 and bidi controls as \\uXXXX, keeps line breaks, tabs and ordinary Unicode', () => {
    expect(escapeControl('a\u001b[2Jb\u0007\r\n\tc\u009b\u007f\u202eé€')).toBe('a\\u001b[2Jb\\u0007\\u000d\n\tc\\u009b\\u007f\\u202eé€');
  });
});

