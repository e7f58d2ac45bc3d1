/**
 * The spec-author API: describePerf, itPerf, beforeAll, afterAll. These only
 * record a plan into the active collection; nothing runs here.
 */
import { PerfSpecBuilder } from "./builder.ts";
import type { LoadConfig } from "./load-builder.ts";
import { activeCollection, callerLine, withinSuite } from "./collector.ts";
import { LoadSpecBuilder } from "./load-builder.ts";
import type { LoadSpecPlan, MicroFn, MicroSpecPlan, PerfFn, SuitePlan } from "./plan.ts";

/** Options for a describePerf block. */
export interface SuiteOptions {
  /** Tags every spec in the block inherits. */
  tags?: string[];
}

type DescribeArgs = [name: string, body: () => void] | [name: string, options: SuiteOptions, body: () => void];

function declareSuite(caller: string, args: DescribeArgs, flags: { skip?: boolean; only?: boolean }): void {
  const collection = activeCollection(caller);
  const [name, second, third] = args;
  const options = typeof second === "function" ? {} : second;
  const body = typeof second === "function" ? second : third;
  if (typeof name !== "string")
    throw new TypeError(`${caller}() expects a name as its first argument, got ${typeof name}`);
  if (typeof body !== "function") throw new TypeError(`${caller}("${name}") expects a function as its last argument`);
  const parent = collection.current;
  const suite: SuitePlan = {
    kind: "suite",
    name,
    file: collection.file,
    line: callerLine(collection.file),
    tags: [...(options?.tags ?? [])],
    parent,
    beforeAll: [],
    afterAll: [],
    children: [],
    skip: flags.skip ?? false,
    only: flags.only ?? false,
  };
  parent.children.push(suite);
  withinSuite(collection, suite, () => {
    const result: unknown = body();
    if (result instanceof Promise) {
      throw new TypeError(
        `${caller}("${name}") body must be synchronous: declare specs directly and do async set-up in beforeAll()`,
      );
    }
  });
}

function declareSpec(
  caller: string,
  name: string,
  fn: MicroFn,
  flags: { skip?: boolean; only?: boolean },
): PerfSpecBuilder {
  const collection = activeCollection(caller);
  if (typeof name !== "string")
    throw new TypeError(`${caller}() expects a name as its first argument, got ${typeof name}`);
  if (typeof fn !== "function")
    throw new TypeError(`${caller}("${name}") expects a function to measure as its second argument`);
  const spec: MicroSpecPlan = {
    kind: "micro",
    name,
    file: collection.file,
    line: callerLine(collection.file),
    suite: collection.current,
    fn,
    settings: { tags: [], skip: flags.skip ?? false, only: flags.only ?? false },
  };
  collection.current.children.push(spec);
  return new PerfSpecBuilder(spec.settings);
}

/**
 * Groups specs; nestable. A spec's id is `outer > inner > spec`.
 *
 * @example
 * describePerf("json", { tags: ["parse"] }, () => {
 *   itPerf("parse 10 KB", () => JSON.parse(text)).expect({ p50: "50us" });
 * });
 */
export function describePerf(...args: DescribeArgs): void {
  declareSuite("describePerf", args, {});
}
/** A describePerf block whose specs are all reported as SKIP. */
describePerf.skip = (...args: DescribeArgs): void => declareSuite("describePerf.skip", args, { skip: true });
/** A describePerf block that, with any other `.only`, is the only thing run. */
describePerf.only = (...args: DescribeArgs): void => declareSuite("describePerf.only", args, { only: true });

/**
 * Declares a micro-benchmark of `fn` (sync or async) and returns a builder for its settings.
 *
 * @example
 * itPerf("sort 1k numbers", () => numbers.slice().sort((a, b) => a - b))
 *   .expect({ p50: "60us", p99: ms(1) });
 */
export function itPerf(name: string, fn: MicroFn): PerfSpecBuilder {
  return declareSpec("itPerf", name, fn, {});
}
/** Same as `itPerf(name, fn).skip()`. */
itPerf.skip = (name: string, fn: MicroFn): PerfSpecBuilder => declareSpec("itPerf.skip", name, fn, { skip: true });
/** Same as `itPerf(name, fn).only()`. */
itPerf.only = (name: string, fn: MicroFn): PerfSpecBuilder => declareSpec("itPerf.only", name, fn, { only: true });

/**
 * Declares an HTTP load test driven by wrk and returns a builder for its expectations.
 * `config.url` is required; see docs/load-testing.md for every field.
 *
 * @example
 * loadPerf("GET /health", { url: "http://127.0.0.1:3000/health", connections: 10, duration: "2s" })
 *   .expect({ rps: 5000, latency: { p99: "20ms" }, errorRate: "0.1%" });
 */
export function loadPerf(name: string, config: LoadConfig): LoadSpecBuilder {
  const collection = activeCollection("loadPerf");
  if (typeof name !== "string")
    throw new TypeError(`loadPerf() expects a name as its first argument, got ${typeof name}`);
  const spec: LoadSpecPlan = {
    kind: "load",
    name,
    file: collection.file,
    line: callerLine(collection.file),
    suite: collection.current,
    config,
    settings: { tags: [], skip: false, only: false },
  };
  collection.current.children.push(spec);
  return new LoadSpecBuilder(spec.settings);
}

/**
 * Runs `fn` (sync or async) before the enclosing suite's specs are measured: once in each process
 * that measures one of them (every fork of a micro spec; the host process of each load spec).
 * If it throws, the spec is reported as ERROR and the suite's afterAll hooks still run.
 *
 * @example
 * let data: string;
 * beforeAll(async () => { data = await Bun.file("fixture.json").text(); });
 */
export function beforeAll(fn: PerfFn): void {
  const collection = activeCollection("beforeAll");
  if (typeof fn !== "function") throw new TypeError("beforeAll() expects a function");
  collection.current.beforeAll.push({ fn, line: callerLine(collection.file) });
}

/** Runs `fn` (sync or async) after the enclosing suite's specs, in each process that ran its beforeAll hooks, even when a hook or spec failed. */
export function afterAll(fn: PerfFn): void {
  const collection = activeCollection("afterAll");
  if (typeof fn !== "function") throw new TypeError("afterAll() expects a function");
  collection.current.afterAll.push({ fn, line: callerLine(collection.file) });
}
