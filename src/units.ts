/**
 * Units for durations and byte sizes: the wrappers spec authors use, the parsers
 * that read `"1.5ms"` or `"64kb"`, and the formatters reporters use. All pure.
 */

/** A duration produced by {@link ns}, {@link us}, {@link ms} or {@link s}. */
export interface DurationValue {
  readonly kind: "duration";
  readonly ns: number;
}

/** A byte size produced by {@link kb} or {@link mb}. */
export interface BytesValue {
  readonly kind: "bytes";
  readonly bytes: number;
}

/** What a duration field accepts: a string with a unit (`"850ns"`, `"1.5ms"`) or a wrapper. */
export type DurationInput = string | DurationValue;
/** What a byte-size field accepts: a string with a unit (`"64kb"`, `"1mb"`) or a wrapper. */
export type BytesInput = string | BytesValue;

const duration = (nanos: number): DurationValue =>
  Object.freeze({ kind: "duration", ns: nanos, toString: () => formatNs(nanos) });
const bytes = (count: number): BytesValue =>
  Object.freeze({ kind: "bytes", bytes: count, toString: () => formatBytes(count) });

/** @example itPerf("x", fn).expect({ p50: ns(850) }) */
export const ns = (value: number): DurationValue => duration(value);
/** Microseconds. @example .expect({ p99: us(12) }) */
export const us = (value: number): DurationValue => duration(value * 1e3);
/** Milliseconds. @example .expect({ max: ms(1.5) }) */
export const ms = (value: number): DurationValue => duration(value * 1e6);
/** Seconds. @example .time(s(2)) */
export const s = (value: number): DurationValue => duration(value * 1e9);
/** Kibibytes (1024 bytes). @example .expect({ heap: kb(64) }) */
export const kb = (value: number): BytesValue => bytes(value * 1024);
/** Mebibytes (1024 × 1024 bytes). @example .expect({ heap: mb(1) }) */
export const mb = (value: number): BytesValue => bytes(value * 1024 * 1024);

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  "\u00b5s": 1e3, // micro sign
  "\u03bcs": 1e3, // Greek small letter mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  min: 60e9,
  h: 3600e9,
};

const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1024,
  kib: 1024,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

const QUANTITY = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zA-Z\u00b5\u03bc]+)\s*$/;

/** The outcome of parsing a value: the number, or why it was rejected. */
export type ParseResult = { ok: true; value: number } | { ok: false; expected: string };

const DURATION_EXPECTED = 'a duration such as "850ns", "12us", "1.5ms" or "2s", or ns()/us()/ms()/s()';
const BYTES_EXPECTED = 'a size such as "512b", "64kb" or "1mb", or kb()/mb()';

/** Reads a duration into nanoseconds. Numbers without a unit are refused: they are ambiguous. */
export function parseDuration(input: unknown): ParseResult {
  if (isTagged(input, "duration")) return finite(input.ns, DURATION_EXPECTED);
  if (typeof input !== "string") return { ok: false, expected: DURATION_EXPECTED };
  const match = QUANTITY.exec(input);
  const factor = match ? DURATION_UNITS[match[2]!] : undefined;
  if (!match || factor === undefined) return { ok: false, expected: DURATION_EXPECTED };
  return finite(Number(match[1]) * factor, DURATION_EXPECTED);
}

/** Reads a byte size into bytes (1 kb = 1024 b). */
export function parseBytes(input: unknown): ParseResult {
  if (isTagged(input, "bytes")) return finite(input.bytes, BYTES_EXPECTED);
  if (typeof input !== "string") return { ok: false, expected: BYTES_EXPECTED };
  const match = QUANTITY.exec(input);
  const factor = match ? BYTE_UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || factor === undefined) return { ok: false, expected: BYTES_EXPECTED };
  return finite(Number(match[1]) * factor, BYTES_EXPECTED);
}

function finite(value: number, expected: string): ParseResult {
  return Number.isFinite(value) && value >= 0 ? { ok: true, value } : { ok: false, expected };
}

function isTagged<K extends "duration" | "bytes">(
  input: unknown,
  kind: K,
): input is K extends "duration" ? DurationValue : BytesValue {
  return typeof input === "object" && input !== null && (input as { kind?: unknown }).kind === kind;
}

/** Shows a value as the user wrote it, for error messages: strings quoted, wrappers by their text. */
export function describeValue(input: unknown): string {
  if (typeof input === "string") return `"${input}"`;
  if (typeof input === "object" && input !== null && "kind" in input) {
    const amount = (input as { ns?: unknown; bytes?: unknown }).ns ?? (input as { bytes?: unknown }).bytes;
    return typeof amount === "number" && Number.isFinite(amount)
      ? `"${String(input)}"`
      : `${(input as { kind: string }).kind} of ${String(amount)}`;
  }
  if (typeof input === "number" || typeof input === "bigint") return String(input);
  return input === undefined ? "undefined" : (JSON.stringify(input) ?? String(input));
}

/** Formats nanoseconds with three significant digits and the largest fitting unit: `"12.3 µs"`. */
export function formatNs(nanos: number): string {
  if (!Number.isFinite(nanos)) return "-";
  const abs = Math.abs(nanos);
  if (abs < 1e3) return `${round3(nanos)} ns`;
  if (abs < 1e6) return `${round3(nanos / 1e3)} µs`;
  if (abs < 1e9) return `${round3(nanos / 1e6)} ms`;
  return `${round3(nanos / 1e9)} s`;
}

/** Formats a byte count in 1024 steps: `"1.00 KiB"`. */
export function formatBytes(count: number): string {
  if (!Number.isFinite(count)) return "-";
  const abs = Math.abs(count);
  if (abs < 1024) return `${Math.round(count)} B`;
  if (abs < 1024 ** 2) return `${round3(count / 1024)} KiB`;
  if (abs < 1024 ** 3) return `${round3(count / 1024 ** 2)} MiB`;
  return `${round3(count / 1024 ** 3)} GiB`;
}

function round3(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A ratio as a signed percentage change: 1.034 → "+3.4%". */
export function formatChange(ratio: number): string {
  const change = (ratio - 1) * 100;
  return `${change >= 0 ? "+" : ""}${change.toFixed(1)}%`;
}
