/**
 * What a spec's relations say, in words, for every report: a "faster than" verdict, and a
 * complexity row's expectation with each class's fit. Pure.
 */
import type { SpecResult } from "../result/spec-result.ts";
import { formatNs } from "../units.ts";
import { describeRelative } from "../verdict/relative.ts";

/** One line per relation of `spec` (none for specs without any). */
export function expectationLines(spec: SpecResult): string[] {
  if (spec.kind === "micro" && spec.relative) return [describeRelative(spec.relative)];
  if (spec.kind !== "complexity" || !spec.outcome) return [];
  const { outcome } = spec;
  const per = (complexity: string) => (complexity === "O(1)" ? "" : ` per ${complexity.slice(2, -1)}`);
  return [
    `${outcome.expected} expected over ${spec.param}, best fit ${outcome.best}`,
    `fits, best first: ${outcome.fits.map((f) => `${f.complexity} ${formatNs(f.coefficient)}${per(f.complexity)} (RMS error ${(f.rms * 100).toFixed(1)}%)`).join("; ")}`,
  ];
}
