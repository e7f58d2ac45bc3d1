/**
 * Descriptive statistics of a sample of timings. Pure functions of a sorted array.
 */

/**
 * Samples beyond Tukey's fences, as Criterion.rs classifies them: mild beyond 1.5 × IQR from the
 * quartiles, severe beyond 3 × IQR. Mild and severe are disjoint (a severe outlier is not also mild).
 */
export interface OutlierCounts {
  readonly lowSevere: number;
  readonly lowMild: number;
  readonly highMild: number;
  readonly highSevere: number;
}

/** Summary statistics of one spec's samples, all in the samples' unit (ns). */
export interface SampleStats {
  readonly samples: number;
  readonly min: number;
  readonly avg: number;
  readonly p50: number;
  readonly p75: number;
  readonly p99: number;
  readonly max: number;
  /** Sample standard deviation (n − 1 denominator). */
  readonly sd: number;
  /** Median absolute deviation, scaled by 1.4826 to estimate σ for normal data. */
  readonly mad: number;
  /** Coefficient of variation: sd / avg. */
  readonly cv: number;
  /** Relative margin of error of the mean at 95% confidence: t(0.975, n−1) · sd / √n / avg. */
  readonly rme: number;
  /** The 0th to 100th percentiles, 101 values: the sample's distribution in a fixed size, for plots. */
  readonly percentiles: readonly number[];
  /** Samples beyond the skew-adjusted fences (see {@link countOutliersAdjusted}). */
  readonly outliers: OutlierCounts;
}

/**
 * Quantile of sorted data by linear interpolation between closest ranks
 * (Hyndman & Fan 1996, definition 7; the default of R and NumPy).
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower]!;
  return low + (sorted[upper]! - low) * (position - lower);
}

/** The median of figures in any order (NaN when there are none): the mean of the middle two of an even count. */
export function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same sequence. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A bootstrap resample of `values`: as many draws, with replacement. */
export function resample(values: readonly number[], random: () => number): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[Math.floor(random() * values.length)]!;
  return out;
}

/** Computes {@link SampleStats} from samples in any order. */
export function summarise(samples: readonly number[]): SampleStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) throw new Error("summarise() needs at least one sample");
  const avg = sorted.reduce((sum, x) => sum + x, 0) / n;
  const variance = n > 1 ? sorted.reduce((sum, x) => sum + (x - avg) ** 2, 0) / (n - 1) : 0;
  const sd = Math.sqrt(variance);
  const p50 = quantile(sorted, 0.5);
  const deviations = sorted.map((x) => Math.abs(x - p50)).sort((a, b) => a - b);
  // 1.4826 = 1 / Φ⁻¹(3/4): makes the MAD a consistent estimator of σ under normality (Rousseeuw & Croux 1993).
  const mad = 1.4826 * quantile(deviations, 0.5);
  return {
    samples: n,
    min: sorted[0]!,
    avg,
    p50,
    p75: quantile(sorted, 0.75),
    p99: quantile(sorted, 0.99),
    max: sorted[n - 1]!,
    sd,
    mad,
    cv: avg > 0 ? sd / avg : 0,
    rme: n > 1 && avg > 0 ? (studentT975(n - 1) * sd) / Math.sqrt(n) / avg : 0,
    percentiles: Array.from({ length: 101 }, (_, i) => quantile(sorted, i / 100)),
    outliers: countOutliersAdjusted(sorted),
  };
}

/** No outliers. */
export const NO_OUTLIERS: OutlierCounts = { lowSevere: 0, lowMild: 0, highMild: 0, highSevere: 0 };

/**
 * Counts the samples beyond Tukey's fences (Tukey 1977, "Exploratory Data Analysis"), classified as
 * Criterion.rs does (`criterion::stats::univariate::outliers::tukey`): with IQR = q3 − q1, a sample
 * below q1 − 3·IQR is a severe low outlier, below q1 − 1.5·IQR a mild one; above q3 + 1.5·IQR a mild
 * high outlier, above q3 + 3·IQR a severe one. The comparisons are strict, so a sample with no spread
 * (IQR 0) has none. Quartiles by {@link quantile}.
 */
export function countOutliers(sorted: readonly number[]): OutlierCounts {
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const iqr = q3 - q1;
  const [lowSevereFence, lowMildFence] = [q1 - 3 * iqr, q1 - 1.5 * iqr];
  const [highMildFence, highSevereFence] = [q3 + 1.5 * iqr, q3 + 3 * iqr];
  let lowSevere = 0;
  let lowMild = 0;
  let highMild = 0;
  let highSevere = 0;
  for (const x of sorted) {
    if (x < lowSevereFence) lowSevere++;
    else if (x < lowMildFence) lowMild++;
    else if (x > highSevereFence) highSevere++;
    else if (x > highMildFence) highMild++;
  }
  return { lowSevere, lowMild, highMild, highSevere };
}

/** Adds outlier counts (of forks or passes measured separately: each classified against its own fences). */
export function addOutliers(a: OutlierCounts, b: OutlierCounts): OutlierCounts {
  return {
    lowSevere: a.lowSevere + b.lowSevere,
    lowMild: a.lowMild + b.lowMild,
    highMild: a.highMild + b.highMild,
    highSevere: a.highSevere + b.highSevere,
  };
}

// Two-sided 95% critical values of Student's t for 1..30 degrees of freedom (any statistics table).
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** The 97.5th percentile of Student's t with `df` degrees of freedom (1.96 beyond 30). */
export function studentT975(df: number): number {
  if (df < 1) return Number.NaN;
  return df <= 30 ? T975[df - 1]! : 1.96;
}

// Two-sided 99% critical values of Student's t for 1..30 degrees of freedom (any statistics table).
const T995 = [
  63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.25, 3.169, 3.106, 3.055, 3.012, 2.977, 2.947, 2.921, 2.898,
  2.878, 2.861, 2.845, 2.831, 2.819, 2.807, 2.797, 2.787, 2.779, 2.771, 2.763, 2.756, 2.75,
];

/**
 * The critical value of Student's t for a two-sided interval at `level` (0.95 or 0.99) with `df`
 * degrees of freedom: a table up to 30, then the Cornish-Fisher expansion around the normal quantile
 * (Abramowitz & Stegun 26.7.5), within 0.001 of the exact value from 30 on.
 */
export function studentTCritical(level: 0.95 | 0.99, df: number): number {
  if (!(df >= 1)) return Number.NaN;
  const d = Math.floor(df);
  if (d <= 30) return (level === 0.95 ? T975 : T995)[d - 1]!;
  const z = level === 0.95 ? 1.959964 : 2.575829;
  return z + (z ** 3 + z) / (4 * d) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * d * d);
}

/**
 * The medcouple of sorted data (Brys, Hubert & Struyf 2004, "A robust measure of skewness", JCGS 13(4)):
 * the median, over pairs xi ≤ median ≤ xj, of ((xj − median) − (median − xi)) / (xj − xi). It lies in
 * [−1, 1]: 0 for a symmetric sample, positive for a long right tail, and, like the median, it ignores up
 * to a quarter of the sample. Computed by its definition on at most {@link MEDCOUPLE_POINTS} evenly
 * spaced quantiles (all the samples when there are fewer), so it costs at most ~2,600 pairs whatever
 * the sample's size; a pair of samples both equal to the median counts as 0.
 */
export function medcouple(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const points =
    n > MEDCOUPLE_POINTS
      ? Array.from({ length: MEDCOUPLE_POINTS }, (_, i) => quantile(sorted, i / (MEDCOUPLE_POINTS - 1)))
      : sorted;
  const median = quantile(points, 0.5);
  const kernels: number[] = [];
  for (const high of points) {
    if (high < median) continue;
    for (const low of points) {
      if (low > median) break;
      kernels.push(high === low ? 0 : (high - median - (median - low)) / (high - low));
    }
  }
  kernels.sort((a, b) => a - b);
  return quantile(kernels, 0.5);
}

/** Quantiles the medcouple is computed on, at most (an odd count keeps the median among them). */
export const MEDCOUPLE_POINTS = 101;

/**
 * The least distance of a mild fence from its quartile, as a fraction of the median (a severe fence:
 * twice this): a body of nearly equal samples has an IQR near 0, and Tukey's fences would count a
 * sample 1% slower as an outlier. Chosen by measurement (docs/measurement.md, "Outliers").
 */
export const OUTLIER_MIN_REACH = 0.1;

/**
 * Counts outliers against fences adjusted for skew, the counts fxperf reports and warns about. Timing
 * samples have a long right tail (collections, cache misses, slower JIT modes), and on such a sample
 * Tukey's fences ({@link countOutliers}) flag 7-13% of the samples of ordinary library code. So:
 * - the fence on the long side is widened as in the adjusted boxplot of Hubert & Vandervieren (2008,
 *   "An adjusted boxplot for skewed distributions", CSDA 52(12)): q3 + 1.5·e^(3·MC)·IQR for a medcouple
 *   MC > 0 (mirrored, q1 − 1.5·e^(−3·MC)·IQR, for MC < 0); severe at 3 instead of 1.5;
 * - the fence on the short side stays Tukey's: the adjusted boxplot would also pull it in (by
 *   e^(−4·|MC|)), which would count a process's fast mode as low outliers;
 * - every fence lies at least {@link OUTLIER_MIN_REACH} of the median beyond its quartile (twice that for
 *   severe), so a sample a few per cent off a very tight body is not an outlier.
 * Mild and severe are disjoint, comparisons strict, as in {@link countOutliers}.
 */
export function countOutliersAdjusted(sorted: readonly number[], minReach = OUTLIER_MIN_REACH): OutlierCounts {
  if (sorted.length === 0) return NO_OUTLIERS;
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const iqr = q3 - q1;
  const median = quantile(sorted, 0.5);
  const mc = medcouple(sorted);
  // How far a fence at `k` IQRs lies from its quartile, widened by `skew` and at least the floor.
  const reach = (k: number, skew: number) => Math.max(k * skew * iqr, (k / 1.5) * minReach * Math.abs(median));
  const lowSkew = Math.exp(3 * Math.max(0, -mc));
  const highSkew = Math.exp(3 * Math.max(0, mc));
  return countBeyond(sorted, {
    lowSevere: q1 - reach(3, lowSkew),
    lowMild: q1 - reach(1.5, lowSkew),
    highMild: q3 + reach(1.5, highSkew),
    highSevere: q3 + reach(3, highSkew),
  });
}

/** Counts the samples beyond each of four fences: a severe outlier is not also mild. */
function countBeyond(
  samples: readonly number[],
  fences: { lowSevere: number; lowMild: number; highMild: number; highSevere: number },
): OutlierCounts {
  let lowSevere = 0;
  let lowMild = 0;
  let highMild = 0;
  let highSevere = 0;
  for (const x of samples) {
    if (x < fences.lowSevere) lowSevere++;
    else if (x < fences.lowMild) lowMild++;
    else if (x > fences.highSevere) highSevere++;
    else if (x > fences.highMild) highMild++;
  }
  return { lowSevere, lowMild, highMild, highSevere };
}

/** ln Γ(x) for x > 0, by the Lanczos approximation (g = 7, 9 terms; Numerical Recipes §6.1). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The continued fraction of the regularized incomplete beta function (modified Lentz; NR §6.4). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-12) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** The two-sided p-value of Student's t statistic `t` with `df` degrees of freedom: I_{df/(df+t²)}(df/2, 1/2). */
export function studentTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? Number.NaN : 0;
  if (!(df > 0)) return Number.NaN;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}
