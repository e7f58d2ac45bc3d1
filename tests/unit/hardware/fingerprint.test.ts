import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  fingerprintSlug,
  parseProcCpuinfo,
  parseSysctlBrand,
  parseWmicCpuName,
  resolveFingerprint,
  slugifyCpuModel,
} from "../../../src/hardware/fingerprint.ts";

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "..", "..", "fixtures", "hardware", name), "utf8");

describe("CPU model parsers on captured output", () => {
  test("Linux x86 /proc/cpuinfo: model name", () => {
    expect(parseProcCpuinfo(fixture("linux-x64-cpuinfo.txt"))).toBe("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz");
  });
  test("Linux x86 VM with a generic hypervisor model (captured on the CI machine)", () => {
    expect(parseProcCpuinfo(fixture("linux-x64-vm-cpuinfo.txt"))).toBe("Intel(R) Xeon(R) Processor");
  });
  test("Linux ARM server without a model name: implementer and part", () => {
    expect(parseProcCpuinfo(fixture("linux-arm64-cpuinfo.txt"))).toBe("arm 0x41 0xd0c");
  });
  test("Raspberry Pi: Model line", () => {
    expect(parseProcCpuinfo(fixture("linux-rpi-cpuinfo.txt"))).toBe("Raspberry Pi 4 Model B Rev 1.2");
  });
  test("macOS sysctl brand string", () => {
    expect(parseSysctlBrand(fixture("darwin-sysctl.txt"))).toBe("Apple M2 Pro");
    expect(parseSysctlBrand("Apple M1\n")).toBe("Apple M1");
  });
  test("Windows wmic, value and table forms", () => {
    expect(parseWmicCpuName(fixture("win32-wmic-value.txt"))).toBe("AMD Ryzen 9 7950X 16-Core Processor");
    expect(parseWmicCpuName(fixture("win32-wmic-table.txt"))).toBe("Intel(R) Core(TM) i7-10700K CPU @ 3.80GHz");
  });
  test("empty output gives undefined", () => {
    expect(parseProcCpuinfo("")).toBeUndefined();
    expect(parseSysctlBrand("\n")).toBeUndefined();
    expect(parseWmicCpuName("")).toBeUndefined();
  });
});

describe("fingerprint and slug", () => {
  const facts = {
    os: "linux",
    arch: "x64",
    cpuModel: "AMD EPYC 7B13",
    logicalCores: 2,
    memoryBytes: 23.54 * 1024 ** 3,
    runtimeName: "bun",
    runtimeVersion: "1.4.5",
  };

  test("rounds memory to whole GiB and keeps only the runtime's major version", () => {
    expect(resolveFingerprint(facts)).toEqual({
      os: "linux",
      arch: "x64",
      cpuModel: "AMD EPYC 7B13",
      cores: 2,
      memoryGiB: 24,
      runtime: "bun",
      runtimeMajor: 1,
    });
  });

  test("slug is stable and readable", () => {
    expect(fingerprintSlug(resolveFingerprint(facts))).toBe("linux-x64-amd-epyc-7b13-2c-24g-bun1");
  });

  test("the slug ignores clock speed, trademarks and patch versions", () => {
    const a = fingerprintSlug(
      resolveFingerprint({
        ...facts,
        cpuModel: "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz",
        runtimeVersion: "1.4.5",
      }),
    );
    const b = fingerprintSlug(
      resolveFingerprint({
        ...facts,
        cpuModel: "Intel(R) Xeon(R) Platinum 8375C CPU @ 3.10GHz",
        runtimeVersion: "1.9.0",
      }),
    );
    expect(a).toBe(b);
    expect(a).toBe("linux-x64-intel-xeon-platinum-8375c-2c-24g-bun1");
  });

  test("different cores, memory, runtime major or OS give different slugs", () => {
    const base = fingerprintSlug(resolveFingerprint(facts));
    for (const change of [
      { logicalCores: 4 },
      { memoryBytes: 8 * 1024 ** 3 },
      { runtimeVersion: "2.0.0" },
      { os: "darwin" },
      { runtimeName: "deno" },
    ]) {
      expect(fingerprintSlug(resolveFingerprint({ ...facts, ...change }))).not.toBe(base);
    }
  });

  test("an unknown CPU model still gives a valid slug", () => {
    expect(slugifyCpuModel("")).toBe("unknown");
    expect(fingerprintSlug(resolveFingerprint({ ...facts, cpuModel: "  " }))).toBe("linux-x64-unknown-2c-24g-bun1");
  });
});
