import type { BytesInput, DurationInput } from "../units.ts";
import { CommonSpecBuilder } from "./common-builder.ts";
import type { LoadSettings } from "./plan.ts";

/** A wrk duration: whole seconds, minutes or hours ("10s", "2m", "1h") or a number of seconds. wrk rejects "1.5s" and "500ms". */
export type WholeDuration = string | number;

/** What to load and how hard. */
export interface LoadConfig {
  /** The target, e.g. "http://127.0.0.1:3000/health". */
  url: string;
  /** HTTP method (default GET). */
  method?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Request body. */
  body?: string;
  /** Open connections (default 10). */
  connections?: number;
  /** wrk threads (default: the smaller of the CPU cores and connections); at most `connections`. */
  threads?: number;
  /** How long to load (default "10s"). */
  duration?: WholeDuration;
  /** Per-request timeout (wrk's default 2s); slower responses count as timeout errors. */
  timeout?: WholeDuration;
  /** A wrk Lua script, relative to the spec file (then method, headers and body belong in the script). */
  script?: string;
  /** An uncounted run of this length first, to warm the server up. */
  warmup?: WholeDuration;
}

/** Latency upper bounds of a load spec. */
export interface LatencyExpectations {
  p50?: DurationInput;
  p75?: DurationInput;
  p90?: DurationInput;
  p99?: DurationInput;
  max?: DurationInput;
  avg?: DurationInput;
}

/** What a load spec must achieve. */
export interface LoadExpectations {
  /** Minimum requests per second. */
  rps?: number;
  /** Latency upper bounds. */
  latency?: LatencyExpectations;
  /** Maximum error rate: "0.1%" or 0.001. */
  errorRate?: string | number;
  /** Minimum bytes read per second: "10mb" (per second) or a number of bytes. */
  transfer?: BytesInput | number;
}

/**
 * The chainable handle loadPerf() returns.
 *
 * @example
 * loadPerf("POST /orders", { url, method: "POST", body: JSON.stringify(order), headers: { "content-type": "application/json" } })
 *   .tags("api")
 *   .retries(2)
 *   .expect({ rps: 2000, latency: { p99: "50ms" }, errorRate: 0 });
 */
export class LoadSpecBuilder extends CommonSpecBuilder<LoadSettings> {
  /** What the run must achieve; a later call adds to or replaces earlier expectations. */
  expect(expectations: LoadExpectations): this {
    this.settings.expect = { ...this.settings.expect, ...(expectations as Record<string, unknown>) };
    return this;
  }

  /**
   * Not for load specs: wrk loads the server their hooks start (in one host process per spec), so
   * they are never forked. Calling it is refused with a clear message (use `.retries()` to repeat).
   */
  forks(count: number): this {
    this.settings.forks = count;
    return this;
  }

  /** Rerun a failing spec up to `n` more times; the verdict comes from the median of all attempts. */
  retries(n: number): this {
    this.settings.retries = n;
    return this;
  }
}
