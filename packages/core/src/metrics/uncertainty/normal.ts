/**
 * The standard normal distribution function Φ. Marsaglia's (2004) Taylor series around 0,
 * Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/(3·5) + …), summed until the terms stop changing the sum:
 * absolute error below 1e-15, which is what a probability printed to a few digits needs.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < -37) return 0;
  if (x > 37) return 1;
  // Past |x| = 8 the series needs hundreds of terms and the answer is 0 or 1 to 15 digits.
  if (x < -8) return 0;
  if (x > 8) return 1;
  let sum = x;
  let term = x;
  const q = x * x;
  for (let i = 3; ; i += 2) {
    term *= q / i;
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return 0.5 + sum * Math.exp(-0.5 * q - 0.91893853320467274178);
}
