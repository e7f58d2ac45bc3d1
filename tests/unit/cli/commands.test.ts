import { describe, expect, test } from "bun:test";
import { itPerf } from "../../../src/index.ts";
import { runFake } from "../fake-runtime.ts";
import { projectProfileDir } from "../../../src/profiles/locations.ts";

const WRK = "/usr/bin/wrk";
const wrkVersion = (argv: readonly string[]) =>
  argv[1] === "--version"
    ? { exitCode: 1, stdout: "wrk 4.2.0 [epoll] Copyright (C) 2012 Will Glozer\n" }
    : { exitCode: 1 };

describe("fxperf compare (fake runtime)", () => {
  async function report(): Promise<string> {
    const run = await runFake(["run", "--reporter", "json=r.json"], {
      specs: {
        "spec/a.perf.ts": () =>
          itPerf("a", () => 1)
            .time("2ms")
            .warmup(1),
      },
    });
    return run.runtime.files.get("/project/r.json")!;
  }

  test("two equal reports: nothing regressed, exit 0; --markdown prints a table", async () => {
    const json = await report();
    const run = await runFake(["compare", "base.json", "head.json", "--markdown"], {
      files: { "base.json": json, "head.json": json },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("| ");
  });

  test("an unreadable report exits 2 naming it", async () => {
    const run = await runFake(["compare", "base.json", "head.json"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Cannot read report "base.json"');
  });
});

describe("fxperf init (fake runtime)", () => {
  test("writes the starter, then refuses to overwrite it without --force", async () => {
    const first = await runFake(["init", "app"]);
    expect(first.exitCode).toBe(0);
    expect(first.runtime.files.has("/project/app/spec/text.perf.ts")).toBe(true);
    const files = Object.fromEntries(first.runtime.files);
    const second = await runFake(["init", "app"], { files });
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toContain("Not overwriting");
    const types = await runFake(["init", "app", "--types"], { files });
    expect(types.exitCode).toBe(0);
    expect(types.stdout).toContain("types/fxperf.d.ts");
  });
});

describe("fxperf doctor (fake runtime)", () => {
  test("ready: wrk on PATH answers --version", async () => {
    const run = await runFake(["doctor"], { path: { wrk: WRK }, files: { [WRK]: "" }, spawn: wrkVersion });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/wrk\s+ok\s+4\.2\.0 at \/usr\/bin\/wrk\n/);
  });

  test("FXPERF_WRK names the binary; a missing wrk exits 3 with the install hint", async () => {
    const configured = await runFake(["doctor"], {
      env: { FXPERF_WRK: "/opt/wrk" },
      files: { "/opt/wrk": "" },
      spawn: wrkVersion,
    });
    expect(configured.stdout).toContain("4.2.0 at /opt/wrk (FXPERF_WRK)");
    const missing = await runFake(["doctor"]);
    expect(missing.exitCode).toBe(3);
    expect(missing.stdout).toContain("wrk was not found on PATH");
  });
});

describe("fxperf fingerprint (fake runtime)", () => {
  test("prints the slug and where the profiles would be, as text or JSON", async () => {
    const text = await runFake(["fingerprint"]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/slug\s+linux-x64-fake-3000-4c-16g-bun1/);
    const json = await runFake(["fingerprint", "--json"], { env: { XDG_CONFIG_HOME: "/xdg" } });
    expect(JSON.parse(json.stdout).profiles.local).toBe(
      `${projectProfileDir("/xdg/fxperf/profiles", "/project")}/linux-x64-fake-3000-4c-16g-bun1.json`,
    );
  });
});

describe("help and version (fake runtime)", () => {
  test("--help lists the new settings; --version names the runtime", async () => {
    const help = await runFake(["run", "--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("--forks <n>");
    expect(help.stdout).toContain("--max-time <duration>");
    expect(help.stdout).toContain("--strict");
    expect((await runFake(["--version"])).stdout).toMatch(/^fxperf \S+ \(bun 1\.4\.5\)\n$/);
    expect((await runFake([])).stdout).toContain("Usage:");
  });
});
