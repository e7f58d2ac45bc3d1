/**
 * The baseline decision rule: is the spec slower than its baseline by more than
 * the tolerance, with confidence? Pure.
 *
 * The ratio r = p50 / baseline p50 is compared with the limit L = (1 + tolerance)
 * × override factor, through a 95% confidence interval on r:
 *
 * - the standard error of a median is ≈ 1.2533 σ / √n for near-normal data
 *   (Kenney & Keeping, Mathematics of Statistics, 1962, §13.13), with σ estimated
 *   robustly by the scaled MAD (sd when the MAD is 0);
 * - the relative errors of the two medians and the machine's noise measured at
 *   calibration (run-to-run coefficient of variation) add in quadrature: the
 *   delta method for the log of a ratio (e.g. Casella & Berger, Statistical
 *   Inference, §5.5.4);
 * - the interval is r · exp(±1.96 · s).
 *
 * FAIL when the whole interval lies above L, PASS when it lies at or below L,
 * undecided otherwise (the runner then measures more, and reports WARN if still
 * undecided).
 */
import type { MicroMeasurement } from "../micro/engine.ts";
import type { BaselineComparison } from "../profiles/resolve-limits.ts";
import type { BaselineOutcome } from "../result/spec-result.ts";

const Z95 = 1.96;
const MEDIAN_SE_FACTOR = 1.2533; // √(π/2)

/** Relative standard error of a median from its dispersion and sample count. */
export function relativeMedianError(median: number, mad: number, sd: number, samples: number): number {
  const sigma = mad > 0 ? mad : sd;
  if (!(median > 0) || samples < 1) return 0;
  return (MEDIAN_SE_FACTOR * sigma) / Math.sqrt(samples) / median;
}

/** Applies the decision rule. */
export function compareWithBaseline(
  m: Pick<MicroMeasurement, "p50" | "mad" | "sd" | "samples">,
  comparison: BaselineComparison,
): BaselineOutcome {
  const { baseline } = comparison;
  const ratio = m.p50 / baseline.p50;
  const spread = Math.sqrt(
    relativeMedianError(m.p50, m.mad, m.sd, m.samples) ** 2 +
      relativeMedianError(baseline.p50, baseline.mad, baseline.sd, baseline.samples) ** 2 +
      comparison.noiseCv ** 2,
  );
  const ratioLow = ratio * Math.exp(-Z95 * spread);
  const ratioHigh = ratio * Math.exp(Z95 * spread);
  const limitRatio = (1 + comparison.tolerance) * comparison.factor;
  const decision = ratioLow > limitRatio ? "fail" : ratioHigh <= limitRatio ? "pass" : "undecided";
  const improved = ratioHigh < 1 / (1 + comparison.tolerance);
  return { decision, ratio, ratioLow, ratioHigh, limitRatio, improved };
}
