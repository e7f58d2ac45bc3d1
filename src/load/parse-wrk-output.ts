/**
 * Reads wrk's text report (stdout), as its source prints it (src/wrk.c, src/units.c
 * of wrk 4.x). Pure. Every figure is converted to base units: microseconds for
 * latency, bytes, requests.
 *
 *   Running 10s test @ http://127.0.0.1:8080/
 *     2 threads and 10 connections
 *     Thread Stats   Avg      Stdev     Max   +/- Stdev
 *       Latency   635.91us    0.89ms  12.92ms   93.69%
 *       Req/Sec    56.20k     8.07k   62.00k    86.54%
 *     Latency Distribution
 *        50%  250.00us
 *        ...
 *     1126234 requests in 10.00s, 163.17MB read
 *     Socket errors: connect 0, read 0, write 0, timeout 0
 *     Non-2xx or 3xx responses: 10
 *   Requests/sec: 112591.14
 *   Transfer/sec:     16.31MB
 */

/** What one wrk report says. NaN where wrk printed "-nan" (no samples). */
export interface WrkReport {
  readonly url: string | undefined;
  readonly threads: number | undefined;
  readonly connections: number | undefined;
  readonly requests: number;
  readonly runtimeUs: number;
  readonly bytesRead: number;
  readonly rps: number;
  readonly transferBytesPerSec: number;
  /** The Thread Stats latency row: mean, standard deviation and max, in µs. */
  readonly latency: { readonly avgUs: number; readonly stdevUs: number; readonly maxUs: number } | undefined;
  /** The Latency Distribution (with --latency), in µs. */
  readonly percentilesUs: Readonly<Record<"50" | "75" | "90" | "99", number>> | undefined;
  readonly socketErrors: {
    readonly connect: number;
    readonly read: number;
    readonly write: number;
    readonly timeout: number;
  };
  /** Responses with a status of 400 or more (wrk's "Non-2xx or 3xx responses"). */
  readonly non2xx3xx: number;
}

// src/units.c: time units scale by 1000 up to seconds, then by 60.
const TIME_US: Record<string, number> = { us: 1, ms: 1e3, s: 1e6, m: 60e6, h: 3600e6 };
// Metric (counts) in 1000 steps, binary (bytes) in 1024 steps.
const METRIC: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };
const BINARY: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4, PB: 1024 ** 5 };

const NUMBER = String.raw`(-?nan|-?inf|[-+]?\d+(?:\.\d+)?)`;

function number(text: string): number {
  return /nan/i.test(text) ? Number.NaN : /inf/i.test(text) ? Number.POSITIVE_INFINITY : Number(text);
}

/** "635.91us", "1.00ms", "1.20s", "2.00m", "-nanus" → µs. */
export function parseWrkTime(text: string): number | undefined {
  const match = new RegExp(`^${NUMBER}(us|ms|s|m|h)$`).exec(text.trim());
  return match ? number(match[1]!) * TIME_US[match[2]!]! : undefined;
}

/** "56.20k", "1.00M", "12" → count. */
export function parseWrkMetric(text: string): number | undefined {
  const match = new RegExp(`^${NUMBER}([kMGTP]?)$`).exec(text.trim());
  return match ? number(match[1]!) * METRIC[match[2]!]! : undefined;
}

/** "163.17MB", "476.00B", "3.97GB" → bytes. */
export function parseWrkBytes(text: string): number | undefined {
  const match = new RegExp(`^${NUMBER}(B|KB|MB|GB|TB|PB)$`).exec(text.trim());
  return match ? number(match[1]!) * BINARY[match[2]!]! : undefined;
}

/** The parsed report, or what is missing from it. */
export type ParseWrkResult = { ok: true; report: WrkReport } | { ok: false; problem: string };

/** Parses wrk's stdout. The summary lines (requests, Requests/sec, Transfer/sec) are required. */
export function parseWrkOutput(text: string): ParseWrkResult {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const find = (pattern: RegExp) => {
    for (const line of lines) {
      const match = pattern.exec(line);
      if (match) return match;
    }
    return undefined;
  };

  const summary = find(/^(\d+) requests in (\S+), (\S+) read$/);
  const rpsLine = find(/^Requests\/sec:\s+(\S+)$/);
  const transferLine = find(/^Transfer\/sec:\s+(\S+)$/);
  if (!summary || !rpsLine || !transferLine) {
    const missing = [
      !summary && '"N requests in T, B read"',
      !rpsLine && '"Requests/sec"',
      !transferLine && '"Transfer/sec"',
    ]
      .filter(Boolean)
      .join(", ");
    return { ok: false, problem: `wrk's output has no ${missing} line` };
  }
  const runtimeUs = parseWrkTime(summary[2]!);
  const bytesRead = parseWrkBytes(summary[3]!);
  const transfer = parseWrkBytes(transferLine[1]!);
  const rps = number(rpsLine[1]!);
  if (runtimeUs === undefined || bytesRead === undefined || transfer === undefined || !Number.isFinite(rps)) {
    return {
      ok: false,
      problem: `wrk's summary lines do not parse: "${summary[0]}", "${rpsLine[0]}", "${transferLine[0]}"`,
    };
  }

  const header = find(/^Running (\S+) test @ (\S+)$/);
  const shape = find(/^(\d+) threads and (\d+) connections$/);
  const latencyRow = find(/^Latency\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$/);
  let latency: WrkReport["latency"];
  if (latencyRow) {
    const [avgUs, stdevUs, maxUs] = [
      parseWrkTime(latencyRow[1]!),
      parseWrkTime(latencyRow[2]!),
      parseWrkTime(latencyRow[3]!),
    ];
    if (avgUs !== undefined && stdevUs !== undefined && maxUs !== undefined) latency = { avgUs, stdevUs, maxUs };
  }
  let percentilesUs: WrkReport["percentilesUs"];
  const distribution = lines.indexOf("Latency Distribution");
  if (distribution !== -1) {
    const values: Record<string, number> = {};
    for (const line of lines.slice(distribution + 1, distribution + 5)) {
      const match = /^(50|75|90|99)%\s+(\S+)$/.exec(line);
      const value = match ? parseWrkTime(match[2]!) : undefined;
      if (match && value !== undefined) values[match[1]!] = value;
    }
    if (["50", "75", "90", "99"].every((p) => p in values))
      percentilesUs = values as Record<"50" | "75" | "90" | "99", number>;
  }
  const errors = find(/^Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)$/);
  const non2xx = find(/^Non-2xx or 3xx responses: (\d+)$/);
  return {
    ok: true,
    report: {
      url: header?.[2],
      threads: shape ? Number(shape[1]) : undefined,
      connections: shape ? Number(shape[2]) : undefined,
      requests: Number(summary[1]),
      runtimeUs,
      bytesRead,
      rps,
      transferBytesPerSec: transfer,
      latency,
      percentilesUs,
      socketErrors: errors
        ? { connect: Number(errors[1]), read: Number(errors[2]), write: Number(errors[3]), timeout: Number(errors[4]) }
        : { connect: 0, read: 0, write: 0, timeout: 0 },
      non2xx3xx: non2xx ? Number(non2xx[1]) : 0,
    },
  };
}
