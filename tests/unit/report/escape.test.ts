import { describe, expect, test } from "bun:test";
import { escapeControlChars, escapeMarkdown, truncateText } from "../../../src/format/escape.ts";

describe("escapeControlChars()", () => {
  test("shows ANSI escapes, CR, LF, tab, NUL, DEL and C1 controls as visible escapes", () => {
    expect(escapeControlChars("a\u001b[31mb\r\n\t\u0000\u007f\u009bc")).toBe("a\\x1b[31mb\\r\\n\\t\\x00\\x7f\\x9bc");
  });
  test("shows bidirectional overrides and line separators as \\u escapes", () => {
    expect(escapeControlChars("a\u202eb\u2028c\u2066")).toBe("a\\u202eb\\u2028c\\u2066");
  });
  test("leaves ordinary text, including non-ASCII, unchanged", () => {
    expect(escapeControlChars('json > "parse" <T> µs 日本 ✅')).toBe('json > "parse" <T> µs 日本 ✅');
  });
});

describe("truncateText()", () => {
  test("cuts to the given number of characters, the last an ellipsis", () => {
    expect(truncateText("abcdefgh", 5)).toBe("abcd…");
    expect([...truncateText("x".repeat(100), 60)]).toHaveLength(60);
  });
  test("leaves text that fits unchanged", () => {
    expect(truncateText("abcde", 5)).toBe("abcde");
  });
  test("never splits a character made of two UTF-16 units", () => {
    expect(truncateText("😀😀😀", 2)).toBe("😀…");
  });
});

describe("escapeMarkdown()", () => {
  test("never keeps raw ESC or BEL bytes from an id: they become visible escapes (issue 23)", () => {
    const text = escapeMarkdown("a\u001b[31mred\u0007 b\nc");
    expect(text).not.toMatch(/[\u0000-\u001f]/);
    expect(text).toContain("x1b");
    expect(text).toContain("31mred");
    expect(text).toContain("x07 b c");
  });
});
