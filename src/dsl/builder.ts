import type { BytesInput, DurationInput } from "../units.ts";
import { CommonSpecBuilder } from "./common-builder.ts";
import type { SpecSettings } from "./plan.ts";

/** The complexity classes `.expect({ complexity })` fits, from cheapest to dearest. */
export const COMPLEXITY_CLASSES = ["O(1)", "O(log n)", "O(n)", "O(n log n)", "O(n^2)", "O(n^3)"] as const;
/** One of {@link COMPLEXITY_CLASSES}. */
export type ComplexityClass = (typeof COMPLEXITY_CLASSES)[number];

/** A parameter's values in `.args()`: numbers (for complexity), strings or booleans. */
export type ArgValue = number | string | boolean;

/**
 * What a micro spec must meet. Time values are durations, `heap` is bytes allocated per iteration
 * (all upper bounds). `complexity` holds over a spec's numeric `.args()` parameter; `fasterThan`
 * compares it with a sibling spec of the same suite, measured interleaved with it.
 */
export interface MicroExpectations {
  avg?: DurationInput;
  p50?: DurationInput;
  p75?: DurationInput;
  p99?: DurationInput;
  max?: DurationInput;
  heap?: BytesInput;
  /** The fitted growth over the numeric parameter must be this class or a cheaper one. */
  complexity?: ComplexityClass;
  /** Faster than the sibling spec named (by its name in the suite); with `by`, at least that many times faster. */
  fasterThan?: string | { spec: string; by?: number };
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
   * tighter interval against the baseline, at a few tenths of a second each.
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

  /**
   * Measures the spec once per combination of these parameter values (the cross product, first
   * parameter outermost): one spec each, with ids like `sum [n=1024]` or `sum [a=1, b=x]`. The
   * measured function receives the parameter object (after the input, with `.setup()`).
   *
   * @example
   * itPerf("sum", ({ n }) => sum(arrays[n])).args({ n: [256, 1024, 4096, 16384] }).expect({ complexity: "O(n)" });
   */
  args(table: Record<string, readonly ArgValue[]>): this {
    this.settings.args = table;
    return this;
  }

  /**
   * Makes each call's input, untimed: `setup(params)` runs before every call (batches of fast
   * calls included) and its result is the measured function's first argument, the parameters its
   * second. For code that changes its input: sorting, parsing in place, draining a queue.
   *
   * @example
   * itPerf("sort", (input) => input.sort(cmp)).setup(() => shuffled.slice());
   */
  // biome-ignore lint/suspicious/noExplicitAny: the input is whatever the author makes.
  setup(make: (params: any) => unknown): this {
    this.settings.setup = make;
    return this;
  }

  /** Upper bounds the spec must stay within; a later call adds to or replaces earlier bounds. */
  expect(limits: MicroExpectations): this {
    this.settings.expect = { ...this.settings.expect, ...(limits as Record<string, unknown>) };
    return this;
  }
}
