/**
 * Fitting a group's medians to complexity classes, as Google Benchmark's `Complexity()` does
 * (benchmark/src/complexity.cc): for each class f, the least-squares coefficient c of t ≈ c·f(n)
 * (through the origin), and the fit's root-mean-square error relative to the mean time; the class
 * with the smallest error is the best fit. Pure.
 */
import type { ComplexityFit, ComplexityOutcome } from "../result/spec-result.ts";
import { COMPLEXITY_CLASSES, type ComplexityClass } from "../spec/resolved.ts";

/** f(n) of each class. */
const CURVES: Readonly<Record<ComplexityClass, (n: number) => number>> = {
  "O(1)": () => 1,
  "O(log n)": (n) => Math.log2(n),
  "O(n)": (n) => n,
  "O(n log n)": (n) => n * Math.log2(n),
  "O(n^2)": (n) => n * n,
  "O(n^3)": (n) => n * n * n,
};

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
 * Fits every class to the points and judges the expectation: FAIL when the best fit is a dearer
 * class that fits clearly better than the expected one. Medians measured under load or GC wobble
 * by a few percent, which can tip O(n) data towards O(n log n) (their curves differ only by a slowly
 * growing factor); a quadratic function fits O(n) with an error of tens of percent and still fails.
 */
export function judgeComplexity(
  points: readonly { n: number; t: number }[],
  expected: ComplexityClass,
): ComplexityOutcome {
  const fits = COMPLEXITY_CLASSES.map((c) => fitClass(points, c)).sort((a, b) => a.rms - b.rms);
  const best = fits[0]!;
  const expectedFit = fits.find((f) => f.complexity === expected)!;
  const cheaperOrEqual = COMPLEXITY_CLASSES.indexOf(best.complexity) <= COMPLEXITY_CLASSES.indexOf(expected);
  const clearlyWorse =
    expectedFit.rms > best.rms * CLEARLY_BETTER_FACTOR && expectedFit.rms > best.rms + CLEARLY_BETTER_MARGIN;
  return { expected, best: best.complexity, fits, passed: cheaperOrEqual || !clearlyWorse };
}
