import { describe, expect, test } from "bun:test";
import { measureHeapPerIteration } from "../../../src/micro/heap.ts";
import { engineDeps, runtime } from "../../runtime-deps.ts";

// The real collector and heap counter of the runtime the tests run on (Bun or Deno): a
// correctness test of the method on known allocations, not a timing test.
const measureBytes = (fn: () => unknown) => measureHeapPerIteration(fn, 100, 50e6, engineDeps);

describe("measureHeapPerIteration()", () => {
  test("new Array(100).fill(1) allocates about 100 slots of 8 bytes (not the ~3 B mitata reports)", async () => {
    const bytes = await measureBytes(() => new Array(100).fill(1));
    expect(bytes).toBeGreaterThanOrEqual(800);
    expect(bytes).toBeLessThan(1200);
  });

  test("ten times the elements measures about ten times the bytes", async () => {
    const small = await measureBytes(() => new Array(200).fill(1));
    const large = await measureBytes(() => new Array(2000).fill(1));
    expect(large / small).toBeGreaterThan(8);
    expect(large / small).toBeLessThan(11);
  });

  test("a function that allocates nothing measures (almost) nothing", async () => {
    const bytes = await measureBytes(() => 42);
    expect(bytes).toBeLessThan(16);
  });

  test("async functions are awaited and their resolved value counted", async () => {
    const bytes = await measureBytes(async () => new Array(512).fill(1));
    expect(bytes).toBeGreaterThanOrEqual(4096);
  });

  // Typed-array contents live outside the JS heap. JavaScriptCore (Bun) counts them in its heap
  // size; V8 (Deno) keeps them as "external" memory that is not updated per allocation, so only
  // the objects are counted there. docs/deno.md states the difference.
  test(`new Uint8Array(1024) on ${runtime.name}: ${runtime.name === "bun" ? "payload and object counted" : "only the object counted"}`, async () => {
    const bytes = await measureBytes(() => new Uint8Array(1024));
    if (runtime.name === "bun") {
      expect(bytes).toBeGreaterThanOrEqual(1024);
      expect(bytes).toBeLessThan(1024 + 256);
    } else {
      expect(bytes).toBeGreaterThan(32);
      expect(bytes).toBeLessThan(1024);
    }
  });
});
