/**
 * Fitting a group's medians to complexity classes, as Google Benchmark's `Complexity()` does
 * (benchmark/src/complexity.cc): for each class f, the least-squares coefficient c of t ≈ c·f(n)
 * (through the origin), and the fit's root-mean-square error relative to the mean time; the class
 * with the smallest error is the best fit. Pure.
 */
import type { ComplexityFit, ComplexityOutcome } from "../result/spec-result.ts";
import { COMPLEXITY_CLASSES, type ComplexityClass } from "../spec/resolved.ts";
import { forkCentre } from "./fork-comparison.ts";

/** f(n) of each class. */
const CURVES: Readonly<Record<ComplexityClass, (n: number) => number>> = {
  "O(1)": () => 1,
  "O(log n)": (n) => Math.log2(n),
  "O(n)": (n) => n,
  "O(n log n)": (n) => n * Math.log2(n),
  "O(n^2)": (n) => n * n,
  "O(n^3)": (n) => n * n * n,
};

/**
 * One value of n's time for the fit, from its forks' medians: the centre of the fastest forks, as
 * verdicts use, since a process that fell into a slow mode on a busy machine bends the curve by up
 * to 2x at one n (enough to fit O(n^2) to a linear function); `medianNs` when it ran in one fork.
 */
export function fitTime(forkP50sNs: readonly number[], medianNs: number): number {
  return forkP50sNs.length > 1 ? forkCentre(forkP50sNs) : medianNs;
}

/** Fits one class to (n, t) points. */
export function fitClass(points: readonly { n: number; t: number }[], complexity: ComplexityClass): ComplexityFit {
  const f = CURVES[complexity];
  let sumFt = 0;
  let sumFf = 0;
  for (const { n, t } of points) {
    sumFt += f(n) * t;
    sumFf += f(n) ** 2;
  }
  const coefficient = sumFf > 0 ? sumFt / sumFf : 0;
  const mean = points.reduce((a, p) => a + p.t, 0) / points.length;
  const squared = points.reduce((a, p) => a + (p.t - coefficient * f(p.n)) ** 2, 0);
  return { complexity, coefficient, rms: mean > 0 ? Math.sqrt(squared / points.length) / mean : 0 };
}

/**
 * A dearer class than expected fails only when it fits clearly better: the expected class's RMS
 * error must be more than this many times the best's...
 */
export const CLEARLY_BETTER_FACTOR = 2;
/** ...and more than this much above it (a fraction of the mean time). */
export const CLEARLY_BETTER_MARGIN = 0.05;

/**
 * A dearer class counts against the expectation only when, over the n measured, its curve departs
 * from the expected class's by more than this factor (the largest over the smallest of
 * f_dearer(n) / f_expected(n)). Closer classes cannot be told apart by timing: caches, GC and the
 * CPU share a busy machine leaves bend a linear function's curve by about 2x over a range. Measured:
 * the `fxperf init` starter's linear slugify over n = 64-4096 (where n log n departs from n by
 * exactly 2x) fitted O(n log n) with an RMS error of 1.5% against O(n)'s 6.9% under a CPU hog, as
 * well as exact n log n data does (0% against 7.3%). O(n^2) departs from O(n) by 64x over that
 * range and is still caught.
 */
export const DISTINGUISHABLE_FACTOR = 3;

/**
 * How far apart two classes' curves are over the values of n: the largest ratio of their f(n) over
 * the smallest (1 when they have the same shape). Infinity where a curve is zero (log n at n = 1),
 * so such ranges are judged as before.
 */
export function curveDeparture(ns: readonly number[], dearer: ComplexityClass, expected: ComplexityClass): number {
  const ratios = ns.map((n) => CURVES[dearer](n) / CURVES[expected](n));
  if (ratios.some((r) => !Number.isFinite(r) || r <= 0)) return Number.POSITIVE_INFINITY;
  return Math.max(...ratios) / Math.min(...ratios);
}

/**
 * Fits every class to the points and judges the expectation: FAIL when a dearer class whose curve
 * can be told apart from the expected one over the n measured ({@link DISTINGUISHABLE_FACTOR}) fits
 * clearly better than the expected one. Medians measured under load or GC wobble by a few percent
 * and bend with caches, which tips O(n) data towards O(n log n) (their curves differ only by a
 * slowly growing factor); a quadratic function fits O(n) with an error of tens of percent and still
 * fails. `best` is still the plain best fit, whatever the verdict.
 */
export function judgeComplexity(
  points: readonly { n: number; t: number }[],
  expected: ComplexityClass,
): ComplexityOutcome {
  const fits = COMPLEXITY_CLASSES.map((c) => fitClass(points, c)).sort((a, b) => a.rms - b.rms);
  const best = fits[0]!;
  const expectedFit = fits.find((f) => f.complexity === expected)!;
  const ns = points.map((p) => p.n);
  const rank = (c: ComplexityClass) => COMPLEXITY_CLASSES.indexOf(c);
  const clearlyBetter = (fit: ComplexityFit) =>
    expectedFit.rms > fit.rms * CLEARLY_BETTER_FACTOR && expectedFit.rms > fit.rms + CLEARLY_BETTER_MARGIN;
  const failedBy = fits.find(
    (fit) =>
      rank(fit.complexity) > rank(expected) &&
      curveDeparture(ns, fit.complexity, expected) > DISTINGUISHABLE_FACTOR &&
      clearlyBetter(fit),
  );
  return { expected, best: best.complexity, fits, passed: failedBy === undefined };
}
