/**
 * Validates a loadPerf() config and expectations against what wrk accepts.
 * Pure; every problem names the field and the value.
 */
import { dirname, resolve } from "node:path";
import { type LoadSpecPlan, specId, suiteChain } from "../dsl/plan.ts";
import { parseTolerance } from "../env/read-overrides.ts";
import { describeValue, parseBytes, parseDuration } from "../units.ts";
import { checkTags, checkTolerance, inheritedTags } from "./checks.ts";
import type { LoadLimit, LoadMetric, Resolution, ResolvedLoadSpec } from "./resolved.ts";

const CONFIG_FIELDS = [
  "url",
  "method",
  "headers",
  "body",
  "connections",
  "threads",
  "duration",
  "timeout",
  "script",
  "warmup",
];
const EXPECT_FIELDS = ["rps", "latency", "errorRate", "transfer"];
const LATENCY_FIELDS = ["p50", "p75", "p90", "p99", "max", "avg"];
const WHOLE = 'whole seconds, minutes or hours such as "10s", "2m" or "1h" (wrk rejects "1.5s" and "500ms")';

/** A wrk duration in whole seconds: "10s", "2m", "1h", "30" or 30. */
export function parseWholeDuration(raw: unknown): number | undefined {
  if (typeof raw === "number") return Number.isInteger(raw) && raw > 0 ? raw : undefined;
  if (typeof raw !== "string") return undefined;
  const match = /^\s*(\d+)\s*([smh]?)\s*$/.exec(raw);
  if (!match) return undefined;
  const seconds = Number(match[1]) * ({ "": 1, s: 1, m: 60, h: 3600 } as Record<string, number>)[match[2]!]!;
  return seconds > 0 ? seconds : undefined;
}

function positiveInteger(raw: unknown, field: string, problems: string[]): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "number" || !Number.isInteger(raw) || raw < 1) {
    problems.push(`${field} is ${describeValue(raw)}: expected a whole number of at least 1`);
    return undefined;
  }
  return raw;
}

/** Why wrk could not load `raw` (it takes the text as given, unlike the WHATWG URL parser), or undefined. */
export function urlProblem(raw: string): string | undefined {
  // WHATWG URL trims, encodes spaces and reads "\\" as "/"; wrk's http_parser refuses all three.
  if (/ /.test(raw)) return "contains a space: percent-encode it as %20";
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) return "contains a tab or control character: percent-encode it";
  if (raw.includes("\\")) return 'contains a backslash: use "/" in the path or percent-encode it as %5C';
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return 'not a valid URL: expected e.g. "http://127.0.0.1:3000/health"';
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "expected http:// or https://";
  if (!/^https?:\/\/[^/?#]/i.test(raw)) return "expected it to start with http:// or https:// and a host";
  return undefined;
}

/** Validates a load spec. */
export function resolveLoadSpec(plan: LoadSpecPlan): Resolution<ResolvedLoadSpec> {
  const id = specId(plan);
  const problems: string[] = [];
  const config = plan.config as Record<string, unknown> | null;
  if (typeof config !== "object" || config === null) {
    return {
      spec: undefined,
      problems: [
        {
          file: plan.file,
          line: plan.line,
          specId: id,
          message: "loadPerf() needs a config object with at least a url",
        },
      ],
    };
  }
  for (const key of Object.keys(config))
    if (!CONFIG_FIELDS.includes(key))
      problems.push(`unknown config field "${key}": expected one of ${CONFIG_FIELDS.join(", ")}`);

  let url: string | undefined;
  if (typeof config.url !== "string" || config.url === "")
    problems.push(`url is ${describeValue(config.url)}: expected an http:// or https:// URL`);
  else {
    const problem = urlProblem(config.url);
    if (problem) problems.push(`url is ${JSON.stringify(config.url)}: ${problem}`);
    else url = config.url;
  }
  const method = config.method;
  if (method !== undefined && (typeof method !== "string" || !/^[A-Za-z]+$/.test(method)))
    problems.push(`method is ${describeValue(method)}: expected an HTTP method such as "POST"`);
  const headers: Record<string, string> = {};
  if (config.headers !== undefined) {
    if (typeof config.headers !== "object" || config.headers === null || Array.isArray(config.headers))
      problems.push("headers must be an object of header names to string values");
    else {
      for (const [name, value] of Object.entries(config.headers)) {
        if (typeof value !== "string")
          problems.push(`headers["${name}"] is ${describeValue(value)}: expected a string`);
        else headers[name] = value;
      }
    }
  }
  if (config.body !== undefined && typeof config.body !== "string")
    problems.push(`body is ${describeValue(config.body)}: expected a string (JSON.stringify objects yourself)`);

  const connections = positiveInteger(config.connections, "connections", problems) ?? 10;
  const threads = positiveInteger(config.threads, "threads", problems);
  if (threads !== undefined && threads > connections)
    problems.push(
      `threads (${threads}) is more than connections (${connections}): wrk needs at least one connection per thread`,
    );

  const whole = (field: string): number | undefined => {
    const raw = config[field];
    if (raw === undefined) return undefined;
    const seconds = parseWholeDuration(raw);
    if (seconds === undefined) problems.push(`${field} is ${describeValue(raw)}: expected ${WHOLE}`);
    return seconds;
  };
  const durationS = whole("duration") ?? 10;
  const timeoutS = whole("timeout");
  const warmupS = whole("warmup");

  let script: string | undefined;
  if (config.script !== undefined) {
    if (typeof config.script !== "string" || config.script === "")
      problems.push(
        `script is ${describeValue(config.script)}: expected a path to a Lua file, relative to the spec file`,
      );
    else script = resolve(dirname(plan.file), config.script);
    if (method !== undefined || config.body !== undefined || config.headers !== undefined) {
      problems.push(
        "script is set together with method, headers or body: set them in the Lua script (wrk.method, wrk.body, wrk.headers)",
      );
    }
  }

  const limits = resolveLoadExpectations(plan, problems);
  const tolerance = checkTolerance(plan.settings.tolerance, problems);
  if (plan.settings.forks !== undefined) {
    problems.push(
      ".forks() applies to micro specs only: a load spec runs in this process against the server its hooks start; use .retries() to repeat it",
    );
  }
  const retries =
    plan.settings.retries === undefined ? undefined : positiveIntegerOrZero(plan.settings.retries, problems);
  checkTags(plan.settings.tags, problems);

  if (problems.length > 0 || url === undefined) {
    return {
      spec: undefined,
      problems: problems.map((message) => ({ file: plan.file, line: plan.line, specId: id, message })),
    };
  }
  const chain = suiteChain(plan.suite);
  return {
    problems: [],
    spec: {
      kind: "load",
      id,
      name: plan.name,
      file: plan.file,
      line: plan.line,
      tags: inheritedTags(plan.suite, plan.settings.tags),
      suite: plan.suite,
      skip: plan.settings.skip || chain.some((s) => s.skip),
      only: plan.settings.only || chain.some((s) => s.only),
      tolerance,
      url,
      method: typeof method === "string" ? method.toUpperCase() : undefined,
      headers,
      body: config.body as string | undefined,
      connections,
      threads,
      durationS,
      timeoutS,
      script,
      warmupS,
      limits,
      retries,
    },
  };
}

function positiveIntegerOrZero(raw: unknown, problems: string[]): number | undefined {
  if (typeof raw !== "number" || !Number.isInteger(raw) || raw < 0) {
    problems.push(`.retries() is ${describeValue(raw)}: expected a whole number of at least 0`);
    return undefined;
  }
  return raw;
}

function resolveLoadExpectations(plan: LoadSpecPlan, problems: string[]): LoadLimit[] {
  const expect = plan.settings.expect ?? {};
  const limits: LoadLimit[] = [];
  const source = { kind: "spec" as const, file: plan.file, line: plan.line };
  const add = (metric: LoadMetric, bound: number, direction: "min" | "max") =>
    limits.push({ metric, bound, direction, source });
  for (const key of Object.keys(expect))
    if (!EXPECT_FIELDS.includes(key))
      problems.push(`unknown expectation "${key}": expected one of ${EXPECT_FIELDS.join(", ")}`);

  if (expect.rps !== undefined) {
    if (typeof expect.rps !== "number" || !(expect.rps > 0))
      problems.push(`expect.rps is ${describeValue(expect.rps)}: expected a number of requests per second above 0`);
    else add("rps", expect.rps, "min");
  }
  if (expect.errorRate !== undefined) {
    const rate =
      typeof expect.errorRate === "number"
        ? expect.errorRate >= 0 && expect.errorRate <= 1
          ? expect.errorRate
          : undefined
        : typeof expect.errorRate === "string" && expect.errorRate.trim().endsWith("%")
          ? parseTolerance(expect.errorRate)
          : undefined;
    if (rate === undefined || rate > 1)
      problems.push(
        `expect.errorRate is ${describeValue(expect.errorRate)}: expected a percentage such as "0.1%" or a fraction such as 0.001`,
      );
    else add("errorRate", rate, "max");
  }
  if (expect.transfer !== undefined) {
    const raw = expect.transfer;
    const bytes =
      typeof raw === "number"
        ? raw > 0
          ? { ok: true as const, value: raw }
          : { ok: false as const, expected: "" }
        : parseBytes(typeof raw === "string" ? raw.replace(/\/s$/i, "") : raw);
    if (!bytes.ok || bytes.value <= 0)
      problems.push(`expect.transfer is ${describeValue(raw)}: expected bytes per second such as "10mb" or "10mb/s"`);
    else add("transfer", bytes.value, "min");
  }
  if (expect.latency !== undefined) {
    const latency = expect.latency as Record<string, unknown>;
    if (typeof latency !== "object" || latency === null)
      problems.push(`expect.latency is ${describeValue(latency)}: expected an object such as { p99: "20ms" }`);
    else {
      for (const [key, raw] of Object.entries(latency)) {
        if (!LATENCY_FIELDS.includes(key)) {
          problems.push(`unknown expectation "latency.${key}": expected one of ${LATENCY_FIELDS.join(", ")}`);
          continue;
        }
        const parsed = parseDuration(raw);
        if (!parsed.ok || parsed.value <= 0)
          problems.push(
            `expect.latency.${key} is ${describeValue(raw)}: expected ${parsed.ok ? "a duration above zero" : parsed.expected}`,
          );
        else add(`latency.${key}` as LoadMetric, parsed.value, "max");
      }
    }
  }
  return limits;
}
