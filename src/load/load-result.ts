/**
 * The contract between load generators and the rest of fxperf: a LoadBackend
 * runs one load test and returns a LoadResult. wrk is the default backend; wrk2,
 * oha or k6 could be added behind the same interface.
 */

/** A validated load test, as a backend receives it. */
export interface LoadRequest {
  readonly url: string;
  readonly method: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly connections: number;
  readonly threads: number;
  readonly durationS: number;
  readonly timeoutS: number | undefined;
  /** A user's wrk Lua script (absolute path); method, headers and body are then the script's business. */
  readonly script: string | undefined;
  /** Stream the generator's own output as it runs. */
  readonly verbose: boolean;
}

/** Errors a load test counted. */
export interface LoadErrors {
  readonly connect: number;
  readonly read: number;
  readonly write: number;
  /** Responses that arrived after the request timeout (wrk leaves them out of the latency figures). */
  readonly timeout: number;
  /** Responses with a status of 400 or more. */
  readonly status: number;
}

/** What one load test measured. Latencies in ns; NaN when nothing completed. */
export interface LoadResult {
  readonly requests: number;
  readonly durationNs: number;
  readonly bytesRead: number;
  /** Completed requests per second, whatever their status (wrk counts non-2xx responses here too). */
  readonly rps: number;
  readonly transferBytesPerSec: number;
  readonly latencyNs: {
    readonly avg: number;
    readonly stdev: number;
    readonly max: number;
    readonly p50: number;
    readonly p75: number;
    readonly p90: number;
    readonly p99: number;
  };
  readonly errors: LoadErrors;
  /** (status ≥ 400 + connect + read + write + timeout errors) / (requests + connect + read + write errors). */
  readonly errorRate: number;
  /** Where the figures came from: the generated Lua reporter (exact) or the text report. */
  readonly source: "lua" | "stdout";
  /** The generator's output, attached to errors. */
  readonly output: string;
}

/** Runs load tests. */
export interface LoadBackend {
  readonly name: string;
  /** Resolves with the result; rejects with a LoadError when the run cannot be trusted. Aborting stops the run early (SIGINT to wrk). */
  run(request: LoadRequest, signal: AbortSignal): Promise<LoadResult>;
}

/** A load test whose output cannot be trusted: a generator error, a non-zero exit, unparsable output. */
export class LoadError extends Error {
  readonly output: string;
  constructor(message: string, output: string) {
    super(message);
    this.name = "LoadError";
    this.output = output;
  }
}

/** The error rate as documented in docs/load-testing.md. NaN when nothing was attempted. */
export function computeErrorRate(requests: number, errors: LoadErrors): number {
  const attempted = requests + errors.connect + errors.read + errors.write;
  if (attempted === 0) return Number.NaN;
  // A late response with an error status counts twice in wrk (timeout and status): cap at 1.
  return Math.min(1, (errors.status + errors.connect + errors.read + errors.write + errors.timeout) / attempted);
}
