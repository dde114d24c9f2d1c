/**
 * Date-range regimes (`periods:`) for attribution: each bar gets the first named range that
 * contains its date, or -1 outside every range.
 */
export interface DateRange {
  label: string;
  start: number;
  /** Inclusive; Infinity when open-ended ("2022 – now"). */
  end: number;
}

export function periodCodes(dates: Int32Array, ranges: readonly DateRange[]): Int32Array {
  const out = new Int32Array(dates.length).fill(-1);
  for (let t = 0; t < dates.length; t++) {
    for (let k = 0; k < ranges.length; k++) {
      if (dates[t] >= ranges[k].start && dates[t] <= ranges[k].end) {
        out[t] = k;
        break;
      }
    }
  }
  return out;
}
