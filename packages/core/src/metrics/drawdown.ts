/** One fall from a peak to a new high (or to the end, when not recovered). */
export interface DrawdownEpisode {
  /** Bar index of the peak, the trough and the recovery (-1 while not recovered). */
  peak: number;
  trough: number;
  recovery: number;
  /** Trough value over peak value minus one: negative. */
  depth: number;
}

/** Underwater curve: value over its running maximum, minus one (0 at highs, negative below). */
export function underwater(equity: Float64Array): Float64Array {
  const out = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let t = 0; t < equity.length; t++) {
    if (equity[t] > peak) peak = equity[t];
    out[t] = peak > 0 ? equity[t] / peak - 1 : 0;
  }
  return out;
}

/** Every drawdown episode, in time order. */
export function drawdownEpisodes(equity: Float64Array): DrawdownEpisode[] {
  const episodes: DrawdownEpisode[] = [];
  let peakIndex = 0;
  let current: DrawdownEpisode | undefined;
  for (let t = 1; t < equity.length; t++) {
    const peakValue = equity[peakIndex];
    if (equity[t] >= peakValue) {
      if (current) {
        current.recovery = t;
        episodes.push(current);
        current = undefined;
      }
      peakIndex = t;
      continue;
    }
    const depth = peakValue > 0 ? equity[t] / peakValue - 1 : 0;
    if (!current) current = { peak: peakIndex, trough: t, recovery: -1, depth };
    else if (depth < current.depth) {
      current.depth = depth;
      current.trough = t;
    }
  }
  if (current) episodes.push(current);
  return episodes;
}

/** The deepest episodes, deepest first. */
export function worstDrawdowns(equity: Float64Array, count: number): DrawdownEpisode[] {
  return drawdownEpisodes(equity)
    .sort((a, b) => a.depth - b.depth)
    .slice(0, count);
}
