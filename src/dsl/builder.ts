import type { BytesInput, DurationInput } from "../units.ts";
import { CommonSpecBuilder } from "./common-builder.ts";
import type { SpecSettings } from "./plan.ts";

/** Upper bounds for a micro spec; time values are durations, `heap` is bytes allocated per iteration. */
export interface MicroExpectations {
  avg?: DurationInput;
  p50?: DurationInput;
  p75?: DurationInput;
  p99?: DurationInput;
  max?: DurationInput;
  heap?: BytesInput;
}

/**
 * The chainable handle itPerf() returns. Every method records a setting and
 * returns the builder; values are checked before anything is measured.
 *
 * @example
 * itPerf("parse 10 KB", () => JSON.parse(text))
 *   .tags("json")
 *   .samples(50, 5000)
 *   .time("500ms")
 *   .expect({ p50: "40us", p99: "200us" });
 */
export class PerfSpecBuilder extends CommonSpecBuilder<SpecSettings> {
  /** Number of warm-up samples run and discarded before measuring. */
  warmup(samples: number): this {
    this.settings.warmup = samples;
    return this;
  }

  /** Minimum (and optionally maximum) number of samples to take. */
  samples(min: number, max?: number): this {
    this.settings.minSamples = min;
    if (max !== undefined) this.settings.maxSamples = max;
    return this;
  }

  /** Measuring budget: keep sampling until this much time was spent (and min samples were taken). */
  time(duration: DurationInput): this {
    this.settings.time = duration;
    return this;
  }

  /**
   * Fresh processes (forks) the spec is measured in before its verdict is first decided
   * (default 6 in `run`, 10 in `calibrate`; `--forks` overrides both). More forks give a
   * tighter interval against the baseline, at about 0.2 s each.
   */
  forks(count: number): this {
    this.settings.forks = count;
    return this;
  }

  /** Stops the spec (and reports it as ERROR) when it has not settled after this long. */
  timeout(duration: DurationInput): this {
    this.settings.timeout = duration;
    return this;
  }

  /** Upper bounds the spec must stay within; a later call adds to or replaces earlier bounds. */
  expect(limits: MicroExpectations): this {
    this.settings.expect = { ...this.settings.expect, ...(limits as Record<string, unknown>) };
    return this;
  }
}
