import { describe, expect, test } from "bun:test";
import { readStreamText } from "../../../src/runtime/node-common.ts";

/** A stream of `chunks` chunks of `size` characters each, numbered so the tail can be recognised. */
function stream(chunks: number, size: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i === chunks) return controller.close();
      controller.enqueue(encoder.encode(`${String(i++).padStart(8, "0")}${"x".repeat(size - 8)}`));
    },
  });
}

describe("readStreamText()", () => {
  test("keeps only the tail when asked: 10 MB of a fork's output is held as its last 2,000 characters (issue 23)", async () => {
    const seen: number[] = [];
    const text = await readStreamText(stream(10_000, 1000), (piece) => seen.push(piece.length), 2000);
    expect(text).toHaveLength(2000);
    // The last two chunks of 1,000 characters: the final one (numbered 9999) starts at 1,000.
    expect(text.slice(1000, 1008)).toBe("00009999");
    expect(text).not.toContain("00009997");
    // Every chunk still reaches the listener.
    expect(seen.reduce((a, b) => a + b, 0)).toBe(10_000_000);
  });

  test("keeps everything without a limit", async () => {
    expect(await readStreamText(stream(3, 10))).toBe(`00000000xx00000001xx00000002xx`);
  });
});
