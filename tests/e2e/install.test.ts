/**
 * install.sh against a release folder laid out by `bun build.ts --release`, served by a
 * local HTTP server on 127.0.0.1: a clean install, idempotence, a pinned version, a
 * tampered binary, a missing one, wget instead of curl.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, runProcess } from "../cli-harness.ts";

// These tests run real processes; Bun applies a preloaded default timeout to the first file only.
setDefaultTimeout(60_000);

let work: string;
let release: string;
let server: ReturnType<typeof Bun.serve>;
const requested: string[] = [];
const tampered = new Set<string>();
const missing = new Set<string>();
/** Files the server serves rewritten, by path. */
const rewritten = new Map<string, (text: string) => string>();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "fxperf-install-"));
  release = join(work, "release");
  const built = await runProcess([process.execPath, join(ROOT, "build.ts"), "--release", "--out", release], ROOT);
  if (built.exitCode !== 0) throw new Error(built.stderr);
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const asked = decodeURIComponent(new URL(request.url).pathname);
      requested.push(asked);
      // GitHub's release URLs, served from the same folder: /gh/releases/latest/download/<file>
      // and /gh/releases/download/v<version>/<file>.
      const path = asked
        .replace(/^\/gh\/releases\/latest\/download\//, "/latest/")
        .replace(/^\/gh\/releases\/download\/(v[^/]+)\//, "/$1/");
      const file = Bun.file(join(release, path));
      if (missing.has(path) || !(await file.exists())) return new Response("not found", { status: 404 });
      const rewrite = rewritten.get(path);
      if (rewrite) return new Response(rewrite(await file.text()));
      if (tampered.has(path)) {
        const bytes = new Uint8Array(await file.arrayBuffer());
        bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
        return new Response(bytes);
      }
      return new Response(file);
    },
  });
}, 120_000);

afterAll(() => {
  server?.stop(true);
  if (work) rmSync(work, { recursive: true, force: true });
});

const asset = `fxperf-linux-${process.arch}`;
function install(dir: string, env: Record<string, string> = {}) {
  return runProcess(["sh", join(ROOT, "install.sh")], work, {
    HOME: work,
    PATH: "/usr/bin:/bin",
    FXPERF_INSTALL_BASE: `http://127.0.0.1:${server.port}`,
    FXPERF_INSTALL_DIR: dir,
    ...env,
  });
}

describe("install.sh", () => {
  test("installs the binary for this OS and arch, verified, and it runs", async () => {
    const dir = join(work, "bin-a");
    const run = await install(dir);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`installed fxperf latest (linux-${process.arch})`);
    const version = await runProcess([join(dir, "fxperf"), "--version"], work);
    expect(version.stdout).toMatch(/^fxperf \d+\.\d+\.\d+/);
    expect(requested).toContain(`/latest/${asset}`);
  });

  test("running it again is harmless", async () => {
    const dir = join(work, "bin-again");
    expect((await install(dir)).exitCode).toBe(0);
    const run = await install(dir);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("is already installed");
  });

  test("FXPERF_VERSION pins a version", async () => {
    requested.length = 0;
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
    const run = await install(join(work, "bin-pinned"), { FXPERF_VERSION: version });
    expect(run.exitCode).toBe(0);
    expect(requested).toEqual([`/v${version}/checksums.txt`, `/v${version}/${asset}`]);
  });

  test("a tampered binary fails the checksum: nothing installed, an existing binary untouched", async () => {
    tampered.add(`/latest/${asset}`);
    try {
      const fresh = join(work, "bin-b");
      const run = await install(fresh);
      expect(run.exitCode).not.toBe(0);
      expect(run.stderr).toContain(`checksum mismatch for ${asset}`);
      expect(existsSync(join(fresh, "fxperf"))).toBe(false);
      // Over an older install: make the existing one differ, then watch it survive the failed update.
      const dir = join(work, "bin-c");
      mkdirSync(dir, { recursive: true });
      await Bun.write(join(dir, "fxperf"), "#!/bin/sh\necho old\n");
      const update = await install(dir);
      expect(update.exitCode).not.toBe(0);
      expect(readFileSync(join(dir, "fxperf"), "utf8")).toBe("#!/bin/sh\necho old\n");
    } finally {
      tampered.clear();
    }
  });

  test("a missing binary or checksums file fails clearly and leaves nothing behind", async () => {
    missing.add(`/latest/${asset}`);
    const dir = join(work, "bin-d");
    const run = await install(dir);
    missing.clear();
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain(`cannot download http://127.0.0.1:${server.port}/latest/${asset}`);
    expect(existsSync(join(dir, "fxperf"))).toBe(false);
    const unknown = await install(dir, { FXPERF_VERSION: "9.9.9" });
    expect(unknown.stderr).toContain("cannot download");
    expect(unknown.stderr).toContain("FXPERF_VERSION=9.9.9");
  });

  test("works with wget when curl is not there", async () => {
    const bin = join(work, "no-curl-bin");
    mkdirSync(bin);
    for (const tool of ["sh", "uname", "mktemp", "rm", "tr", "awk", "cut", "sha256sum", "mkdir", "chmod", "mv", "wget"])
      symlinkSync(Bun.which(tool)!, join(bin, tool));
    const dir = join(work, "bin-wget");
    const run = await install(dir, { PATH: bin });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(existsSync(join(dir, "fxperf"))).toBe(true);
  });

  test("a GitHub releases URL as the base: latest and a pinned version, verified", async () => {
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
    requested.length = 0;
    const base = `http://127.0.0.1:${server.port}/gh/releases`;
    const latest = await install(join(work, "bin-gh"), { FXPERF_INSTALL_BASE: base });
    expect(latest.stderr).toBe("");
    expect(latest.exitCode).toBe(0);
    expect(requested).toEqual(["/gh/releases/latest/download/checksums.txt", `/gh/releases/latest/download/${asset}`]);
    requested.length = 0;
    const pinned = await install(join(work, "bin-gh-pinned"), { FXPERF_INSTALL_BASE: base, FXPERF_VERSION: version });
    expect(pinned.exitCode).toBe(0);
    expect(requested).toEqual([
      `/gh/releases/download/v${version}/checksums.txt`,
      `/gh/releases/download/v${version}/${asset}`,
    ]);
  });

  test("checksums.txt with CRLF line endings and binary-mode names (*name) is read", async () => {
    rewritten.set("/latest/checksums.txt", (text) =>
      text
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => `${line.replace("  ", " *")}\r\n`)
        .join(""),
    );
    try {
      const dir = join(work, "bin-crlf");
      const run = await install(dir);
      expect(run.stderr).toBe("");
      expect(run.exitCode).toBe(0);
      expect(existsSync(join(dir, "fxperf"))).toBe(true);
    } finally {
      rewritten.clear();
    }
  });

  test("without HOME or FXPERF_INSTALL_DIR it says what to set, and installs nothing", async () => {
    const run = await runProcess(["sh", join(ROOT, "install.sh")], work, {
      HOME: undefined,
      PATH: "/usr/bin:/bin",
      FXPERF_INSTALL_BASE: `http://127.0.0.1:${server.port}`,
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("fxperf install: HOME is not set");
    expect(run.stderr).toContain("set FXPERF_INSTALL_DIR");
  });

  test("without a base URL it says what to set", async () => {
    const run = await runProcess(["sh", join(ROOT, "install.sh")], work, { HOME: work, PATH: "/usr/bin:/bin" });
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain("set FXPERF_INSTALL_BASE");
  });

  test("the release's own install.sh carries the base URL given to build.ts", async () => {
    const other = join(work, "release-with-base");
    await runProcess(
      [
        process.execPath,
        join(ROOT, "build.ts"),
        "--release",
        "--out",
        other,
        "--base-url",
        "https://releases.example/fxperf",
      ],
      ROOT,
    );
    expect(readFileSync(join(other, "install.sh"), "utf8")).toContain('DEFAULT_BASE="https://releases.example/fxperf"');
  });
});
