import { describe, expect, test } from "bun:test";
import { acquireProfileLock, lockFileFor, withProfileLock } from "../../../src/profiles/profile-lock.ts";
import { createFakeRuntime } from "../fake-runtime.ts";

const FILE = "/p/machine.json";
const LOCK = lockFileFor(FILE);

describe("profile lock", () => {
  test("acquireProfileLock() creates <profile>.lock holding the PID; release removes it", async () => {
    const runtime = createFakeRuntime({ pid: 31 });
    const release = await acquireProfileLock(runtime, FILE);
    expect(runtime.files.get(LOCK)).toBe("31\n");
    await release();
    expect(runtime.files.has(LOCK)).toBe(false);
  });

  test("release leaves a lock another process took over", async () => {
    const runtime = createFakeRuntime({ pid: 31 });
    const release = await acquireProfileLock(runtime, FILE);
    runtime.files.set(LOCK, "99\n");
    await release();
    expect(runtime.files.get(LOCK)).toBe("99\n");
  });

  test("withProfileLock() releases the lock when the action throws", async () => {
    const runtime = createFakeRuntime();
    const failing = withProfileLock(runtime, FILE, async () => {
      throw new Error("disk full");
    });
    await expect(failing).rejects.toThrow("disk full");
    expect(runtime.files.has(LOCK)).toBe(false);
  });

  test("a lock without a PID is waited for like a live one, then named in the error", async () => {
    const runtime = createFakeRuntime({ files: { [LOCK]: "" } });
    const waits: (number | undefined)[] = [];
    const taking = acquireProfileLock(runtime, FILE, {
      waitMs: 1000,
      pollMs: 100,
      onWait: (_f, pid) => waits.push(pid),
    });
    await expect(taking).rejects.toThrow(`"${LOCK}" is held by an unreadable PID`);
    expect(waits).toEqual([undefined]);
    expect(runtime.slept.length).toBe(10);
  });

  test("a lock that is a directory is named at once, without waiting (issue 23)", async () => {
    const runtime = createFakeRuntime({ files: { [`${LOCK}/inside`]: "" } });
    const taking = acquireProfileLock(runtime, FILE, { waitMs: 1000, pollMs: 100 });
    await expect(taking).rejects.toThrow(`"${LOCK}" is a directory, not a lock file`);
    // A directory can never be a lock: no wait, no spin.
    expect(runtime.slept.length).toBe(0);
  });

  test("an aborted signal stops the wait with INTERRUPTED", async () => {
    const runtime = createFakeRuntime({ livePids: [7], files: { [LOCK]: "7\n" } });
    const controller = new AbortController();
    controller.abort();
    const taking = acquireProfileLock(runtime, FILE, { signal: controller.signal });
    await expect(taking).rejects.toMatchObject({ code: "INTERRUPTED" });
    expect(runtime.files.get(LOCK)).toBe("7\n");
  });
});
