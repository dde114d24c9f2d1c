import { mean, moments, stdev } from '../stats.js';
import { normalCdf } from './normal.js';

/**
 * The Probabilistic Sharpe Ratio (Bailey & López de Prado 2012): the probability that the
 * true per-bar Sharpe ratio exceeds `threshold`, given the measured one over n bars and the
 * returns' skewness γ3 and kurtosis γ4 (not excess):
 *
 *   z = (SR − SR*) · √(n − 1) / √(1 − γ3·SR + (γ4 − 1)/4 · SR²),   PSR = Φ(z).
 *
 * Sharpe ratios here are per bar (not annualised): SR = mean / sample stdev of the excess returns.
 */
export function psrStatistic(excess: Float64Array, threshold: number): number {
  const n = excess.length;
  if (n < 3) return NaN;
  const sd = stdev(excess);
  if (!(sd > 1e-12)) return NaN;
  const sr = mean(excess) / sd;
  const { skew, kurtosis } = moments(excess);
  const denominator = 1 - skew * sr + ((kurtosis + 3 - 1) / 4) * sr * sr;
  if (!(denominator > 0)) return NaN;
  return ((sr - threshold) * Math.sqrt(n - 1)) / Math.sqrt(denominator);
}

export function psrOfReturns(excess: Float64Array, threshold = 0): number {
  return normalCdf(psrStatistic(excess, threshold));
}
