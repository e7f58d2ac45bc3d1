/**
 * `.expect({ fasterThan: { spec, by } })`: is this spec at least `by` times faster than its
 * sibling? Both are measured in the same processes, in rounds of one then the other (the order
 * alternating), so the machine's state hits both alike; each round gives each spec one median.
 * The speed-up is the ratio of the sibling's figure to this spec's, with the seeded bootstrap
 * interval of the fork rule (fork-comparison.ts). Pure.
 */
import type { RelativeOutcome, Status } from "../result/spec-result.ts";
import { FINAL_LEVEL, ratioInterval } from "./fork-comparison.ts";

/**
 * Judges the rounds' medians (`self[i]` and `other[i]` measured side by side): pass when the
 * whole interval on the speed-up is above `by` (at `by` 1: faster at all), fail when it is all at
 * or below it, undecided otherwise.
 */
export function judgeFasterThan(
  self: readonly number[],
  other: readonly number[],
  target: { readonly id: string; readonly name: string; readonly by: number },
  level = FINAL_LEVEL,
): RelativeOutcome {
  const { ratio, low, high } = ratioInterval(self, other, undefined, level);
  const decision = low > target.by ? "pass" : high <= target.by ? "fail" : "undecided";
  return {
    otherId: target.id,
    otherName: target.name,
    by: target.by,
    speedup: ratio,
    low,
    high,
    decision,
    rounds: self.length,
  };
}

/** "2.4x faster than naive (2.2-2.6x), needs 2x", or "3.1x slower than naive (2.9-3.3x slower), needs faster". */
export function describeRelative(outcome: RelativeOutcome): string {
  const x = (value: number) => `${value >= 100 ? Math.round(value) : Number(value.toPrecision(2))}x`;
  const needs = outcome.by === 1 ? "needs faster" : `needs ${x(outcome.by)}`;
  if (outcome.speedup >= 1)
    return `${x(outcome.speedup)} faster than ${outcome.otherName} (${x(outcome.low)}-${x(outcome.high)}), ${needs}`;
  return `${x(1 / outcome.speedup)} slower than ${outcome.otherName} (${x(1 / outcome.high)}-${x(1 / outcome.low)} slower), ${needs}`;
}

/**
 * A spec's status with its "faster than" verdict folded in, on the ladder of status.ts: a failed
 * expectation fails the spec, an undecided one makes a passing spec WARN (exit 4 under --strict),
 * and a met one makes a spec with nothing else to check PASS.
 */
export function statusWithRelative(status: Status, outcome: RelativeOutcome): Status {
  if (status === "ERROR" || status === "SKIP" || status === "FAIL") return status;
  if (outcome.decision === "fail") return "FAIL";
  if (outcome.decision === "undecided") return "WARN";
  return status === "NO BASELINE" ? "PASS" : status;
}
