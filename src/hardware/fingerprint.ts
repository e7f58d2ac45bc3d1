/**
 * The hardware fingerprint: which class of machine a baseline belongs to. Built
 * only from facts that do not jitter (never a measured clock speed), and named
 * by a stable slug such as `linux-x64-amd-epyc-7b13-2c-24g-bun1`.
 */

/** What the runtime reads off the machine. */
export interface HardwareFacts {
  readonly os: string;
  readonly arch: string;
  /** CPU model string as the OS reports it (may be empty on some ARM boards). */
  readonly cpuModel: string;
  readonly logicalCores: number;
  readonly memoryBytes: number;
  readonly runtimeName: string;
  readonly runtimeVersion: string;
}

/** A machine class. Two machines with equal fingerprints share baselines. */
export interface Fingerprint {
  readonly os: string;
  readonly arch: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly runtime: string;
  readonly runtimeMajor: number;
}

/** Builds the fingerprint: memory rounded to whole GiB, runtime reduced to its major version. */
export function resolveFingerprint(facts: HardwareFacts): Fingerprint {
  return {
    os: facts.os,
    arch: facts.arch,
    cpuModel: facts.cpuModel.trim().replace(/\s+/g, " ") || "unknown",
    cores: facts.logicalCores,
    memoryGiB: Math.max(1, Math.round(facts.memoryBytes / 1024 ** 3)),
    runtime: facts.runtimeName,
    runtimeMajor: Number.parseInt(facts.runtimeVersion, 10) || 0,
  };
}

/** Lower-case words of a CPU model without trademarks, "CPU", "Processor" noise or a clock speed. */
export function slugifyCpuModel(model: string): string {
  return (
    model
      .toLowerCase()
      .replace(/\((r|tm|c)\)/g, " ")
      .replace(/@\s*[\d.]+\s*[gm]hz/g, " ")
      .replace(/\b(cpu|processor|\d+-core)\b/g, " ")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "unknown"
  );
}

/** The file-name slug of a fingerprint: `os-arch-cpu-Nc-Mg-runtimeMajor`. */
export function fingerprintSlug(fp: Fingerprint): string {
  return `${fp.os}-${fp.arch}-${slugifyCpuModel(fp.cpuModel)}-${fp.cores}c-${fp.memoryGiB}g-${fp.runtime}${fp.runtimeMajor}`;
}

/** True when two fingerprints describe the same machine class. */
export function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return fingerprintSlug(a) === fingerprintSlug(b);
}

/**
 * The CPU model from Linux's /proc/cpuinfo: "model name" on x86; on ARM, where
 * that line is often missing, "Model" or "Hardware", else the implementer/part ids.
 */
export function parseProcCpuinfo(text: string): string | undefined {
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.+)$`, "mi").exec(text)?.[1]?.trim();
  const model = field("model name") ?? field("Model") ?? field("Hardware") ?? field("cpu model");
  if (model) return model;
  const implementer = field("CPU implementer");
  const part = field("CPU part");
  return implementer && part ? `arm ${implementer} ${part}` : undefined;
}

/** The CPU model from macOS `sysctl -n machdep.cpu.brand_string` (or `sysctl machdep.cpu.brand_string`). */
export function parseSysctlBrand(text: string): string | undefined {
  const value = text.replace(/^machdep\.cpu\.brand_string\s*:\s*/m, "").trim();
  return value === "" ? undefined : value;
}

/** The CPU model from Windows `wmic cpu get Name /value` (`Name=...`) or its table form. */
export function parseWmicCpuName(text: string): string | undefined {
  const valueForm = /^Name=(.+)$/m.exec(text)?.[1]?.trim();
  if (valueForm) return valueForm;
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  return lines[0] === "Name" && lines[1] ? lines[1] : undefined;
}
