/**
 * The "fxperf" module spec files import: the DSL, unit helpers and types.
 *
 * @example
 * import { describePerf, itPerf, us } from "fxperf";
 *
 * describePerf("json", () => {
 *   itPerf("parse 10 KB", () => JSON.parse(text)).expect({ p50: us(60) });
 * });
 */
export { afterAll, beforeAll, describePerf, itPerf, loadPerf, type SuiteOptions } from "./dsl/describe.ts";
export {
  type LatencyExpectations,
  type LoadConfig,
  type LoadExpectations,
  LoadSpecBuilder,
  type WholeDuration,
} from "./dsl/load-builder.ts";
export {
  type ArgValue,
  type ComplexityClass,
  type MicroExpectations,
  PerfSpecBuilder,
} from "./dsl/builder.ts";
export type { MicroFn, PerfFn } from "./dsl/plan.ts";
export {
  type BytesInput,
  type BytesValue,
  type DurationInput,
  type DurationValue,
  kb,
  mb,
  ms,
  ns,
  s,
  us,
} from "./units.ts";
export { VERSION } from "./version.ts";
