/**
 * The one threshold model's check: a measured figure against its bound, for micro and load specs
 * alike. Pure.
 */
import type { ThresholdCheck } from "../result/spec-result.ts";
import type { Threshold } from "../spec/resolved.ts";

/** A passing figure this close to its bound (as a fraction of it) gets a warning. */
export const NEAR_LIMIT_FRACTION = 0.1;

/**
 * Checks `measured` against `limit`: a ceiling (`max`) passes at or below its bound, a floor (`min`)
 * at or above it; a figure that could not be measured (NaN) fails. `near`: it passed within
 * {@link NEAR_LIMIT_FRACTION} of the bound.
 */
export function checkThreshold<L extends Threshold>(
  limit: L,
  measured: number,
): { readonly check: ThresholdCheck<L>; readonly near: boolean } {
  const ceiling = limit.direction === "max";
  const passed = Number.isFinite(measured) && (ceiling ? measured <= limit.bound : measured >= limit.bound);
  const near =
    passed &&
    (ceiling ? measured > limit.bound * (1 - NEAR_LIMIT_FRACTION) : measured < limit.bound * (1 + NEAR_LIMIT_FRACTION));
  return { check: { metric: limit.metric, measured, limit, passed }, near };
}
