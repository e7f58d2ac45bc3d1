import { describe, expect, test } from "bun:test";
import { heapStats } from "bun:jsc";
import { measureHeapPerIteration } from "../../../src/micro/heap.ts";

// The real collector and heap counter of the runtime the tests run on: this is a
// correctness test of the method on known allocations, not a timing test.
const probe = { gc: () => Bun.gc(true), heapBytes: () => heapStats().heapSize };
const measureBytes = (fn: () => unknown) => measureHeapPerIteration(fn, 100, 50e6, probe);

describe("measureHeapPerIteration()", () => {
  test("new Uint8Array(1024) allocates at least its 1 KiB payload and little more", async () => {
    const bytes = await measureBytes(() => new Uint8Array(1024));
    expect(bytes).toBeGreaterThanOrEqual(1024);
    expect(bytes).toBeLessThan(1024 + 256);
  });

  test("new Array(100).fill(1) allocates about 100 slots of 8 bytes (not the ~3 B mitata reports)", async () => {
    const bytes = await measureBytes(() => new Array(100).fill(1));
    expect(bytes).toBeGreaterThanOrEqual(800);
    expect(bytes).toBeLessThan(1200);
  });

  // Sizes that are multiples of 1 KiB avoid the allocator rounding small buffers up to a size class.
  test("ten times the payload measures about ten times the bytes", async () => {
    const small = await measureBytes(() => new Uint8Array(1024));
    const large = await measureBytes(() => new Uint8Array(10_240));
    expect(large / small).toBeGreaterThan(8);
    expect(large / small).toBeLessThan(11);
  });

  test("a function that allocates nothing measures (almost) nothing", async () => {
    const bytes = await measureBytes(() => 42);
    expect(bytes).toBeLessThan(16);
  });

  test("async functions are awaited and their resolved value counted", async () => {
    const bytes = await measureBytes(async () => new Uint8Array(4096));
    expect(bytes).toBeGreaterThanOrEqual(4096);
  });
});
