/** What progressReporter writes to: standard error, or a stand-in in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  write(chunk: string | Uint8Array): boolean;
}

/**
 * Progress on stderr for sweeps that take a while: a rewritten line on a terminal, a few lines
 * otherwise. On a terminal the line starts with a carriage return, written as bytes: the
 * escape of control characters (output/terminal.ts) is for text from configs and data, and
 * would print this one as a visible `\u000d`. The line itself is digits and fixed words.
 */
export function progressReporter(total: number, stream: ProgressStream = process.stderr, now: () => number = () => performance.now()): (done: number, total: number, final?: boolean) => void {
  const start = now();
  let last = 0;
  let shown = false;
  const tty = stream.isTTY === true;
  return (done, all, final) => {
    const t = now();
    if (final) {
      if (shown && tty) stream.write('\n');
      return;
    }
    if (t - start < 1000 || t - last < (tty ? 200 : 5000)) return;
    last = t;
    shown = true;
    const line = `sweep: ${done}/${all} trials (${Math.round((100 * done) / all)} %)`;
    stream.write(tty ? Buffer.from(`\r${line}`) : `${line}\n`);
  };
}
