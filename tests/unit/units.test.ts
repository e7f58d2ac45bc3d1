import { describe, expect, test } from "bun:test";
import { formatBytes, formatNs, kb, mb, ms, ns, parseBytes, parseDuration, s, us } from "../../src/units.ts";

describe("parseDuration()", () => {
  test.each([
    ["850ns", 850],
    ["12us", 12_000],
    ["12µs", 12_000],
    ["12μs", 12_000],
    ["1.5ms", 1_500_000],
    ["2s", 2e9],
    [" 0.5 s ", 5e8],
    ["1m", 60e9],
    [".5ms", 500_000],
  ])("reads %p as %p ns", (input, expected) => {
    expect(parseDuration(input)).toEqual({ ok: true, value: expected });
  });

  test("reads the wrappers", () => {
    expect(parseDuration(ns(850))).toEqual({ ok: true, value: 850 });
    expect(parseDuration(us(12))).toEqual({ ok: true, value: 12_000 });
    expect(parseDuration(ms(1.5))).toEqual({ ok: true, value: 1_500_000 });
    expect(parseDuration(s(2))).toEqual({ ok: true, value: 2e9 });
  });

  test.each(["12", "12 parsecs", "ms", "-1ms", "1.2.3ms", "", "1MS", "12kb"])(
    "refuses %p with what it expected",
    (input) => {
      const result = parseDuration(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.expected).toContain('"1.5ms"');
    },
  );

  test("refuses a bare number: the unit would be a guess", () => {
    expect(parseDuration(5).ok).toBe(false);
    expect(parseDuration(kb(1)).ok).toBe(false);
  });
});

describe("parseBytes()", () => {
  test.each([
    ["512b", 512],
    ["64kb", 65_536],
    ["64KB", 65_536],
    ["1mb", 1_048_576],
    ["1.5MiB", 1_572_864],
    ["2gb", 2 * 1024 ** 3],
  ])("reads %p as %p bytes", (input, expected) => {
    expect(parseBytes(input)).toEqual({ ok: true, value: expected });
  });

  test("reads kb() and mb()", () => {
    expect(parseBytes(kb(64))).toEqual({ ok: true, value: 65_536 });
    expect(parseBytes(mb(1))).toEqual({ ok: true, value: 1_048_576 });
  });

  test.each(["64", "64 apples", "1ms", "-1kb"])("refuses %p", (input) => {
    expect(parseBytes(input).ok).toBe(false);
  });
});

describe("formatNs() and formatBytes()", () => {
  test("pick the largest fitting unit with three significant digits", () => {
    expect(formatNs(0.4)).toBe("0.40 ns");
    expect(formatNs(850)).toBe("850 ns");
    expect(formatNs(12_345)).toBe("12.3 µs");
    expect(formatNs(1_500_000)).toBe("1.50 ms");
    expect(formatNs(2e9)).toBe("2.00 s");
    expect(formatBytes(100)).toBe("100 B");
    expect(formatBytes(1024)).toBe("1.00 KiB");
    expect(formatBytes(1_572_864)).toBe("1.50 MiB");
  });

  test("wrappers print as their value", () => {
    expect(String(us(12))).toBe("12.0 µs");
    expect(String(kb(64))).toBe("64.0 KiB");
  });
});
