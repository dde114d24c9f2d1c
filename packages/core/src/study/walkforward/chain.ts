/**
 * The out-of-sample equity of a walk-forward: the test runs' curves laid end to end, each
 * starting from the previous run's ending equity. Consecutive runs share one bar: the next
 * run starts on the previous one's last close, holding what it held after that close (the
 * first run starts in cash), so no bar is lost between them and that close takes the next
 * run's value (after the costs of its first trade, when it trades at once).
 */
export interface WindowCurve {
  dates: Int32Array;
  /** The window's own curve, starting from `capital` (or below it by the costs of a trade at its first close). */
  equity: Float64Array;
}

export function chainCurves(windows: readonly WindowCurve[], capital: number): WindowCurve {
  let n = 0;
  windows.forEach((w, k) => {
    if (k > 0 && w.dates[0] !== windows[k - 1].dates[windows[k - 1].dates.length - 1])
      throw new Error(`chainCurves: window ${k + 1} must start on the last bar of window ${k}`);
    n += w.dates.length - (k > 0 ? 1 : 0);
  });
  const dates = new Int32Array(n);
  const equity = new Float64Array(n);
  let at = 0;
  let level = capital;
  windows.forEach((w, k) => {
    const scale = level / capital;
    const from = at - (k > 0 ? 1 : 0);
    for (let t = 0; t < w.dates.length; t++) {
      dates[from + t] = w.dates[t];
      equity[from + t] = w.equity[t] * scale;
    }
    at = from + w.dates.length;
    level = equity[at - 1];
  });
  return { dates, equity };
}

/** Per-bar values of the windows (a cash rate), joined the same way: the shared bar takes the later window's. */
export function chainValues(windows: readonly { values: Float64Array }[]): Float64Array {
  const n = windows.reduce((s, w, k) => s + w.values.length - (k > 0 ? 1 : 0), 0);
  const out = new Float64Array(n);
  let at = 0;
  windows.forEach((w, k) => {
    const from = at - (k > 0 ? 1 : 0);
    out.set(w.values, from);
    at = from + w.values.length;
  });
  return out;
}
