/**
 * Text from configs and data reaches the terminal in names, messages and tables. Control
 * characters in it (ESC sequences that clear the screen or set the window title, carriage
 * returns that overwrite a line, C1 controls, bidirectional overrides that reorder what is
 * shown) are written as visible `\uXXXX` escapes. Line breaks and tabs are kept. JSON text
 * stays valid: these characters can only occur inside JSON strings, where `\uXXXX` means
 * the same character.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Makes every string written to `stream` pass through escapeControl: one place for all the
 * command's output (errors, warnings, tables, progress), whatever command wrote it.
 */
export function escapeTerminalOutput(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? escapeControl(chunk) : chunk, ...rest)) as typeof stream.write;
}
