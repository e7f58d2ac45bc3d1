/**
 * The scripts behind action.yml and the GitLab template, run with Node against a local server that
 * stands in for the GitHub and GitLab APIs on 127.0.0.1: one comment created then updated, a token
 * that may not write and an API that times out are warnings (exit 0), and the measuring step's
 * argument array and outputs.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderShardFile } from "../../src/shard/shard-file.ts";
import { buildBinary, ROOT, runProcess } from "../cli-harness.ts";
import { runResult, specResult } from "../unit/helpers.ts";

setDefaultTimeout(60_000);

const node = Bun.which("node")!;
const script = (name: string) => join(ROOT, "scripts", "ci", name);
let work: string;
let server: ReturnType<typeof Bun.serve>;
let mode: "ok" | "forbidden" | "slow" = "ok";
const comments: { id: number; body: string }[] = [];
const calls: string[] = [];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "fxperf-ci-action-"));
  writeFileSync(join(work, "report.md"), "✅ **Performance**: 2 unchanged\n");
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      calls.push(`${request.method} ${url.pathname}`);
      if (mode === "slow") await Bun.sleep(3000);
      const auth = request.headers.get("authorization") ?? request.headers.get("private-token");
      if (!auth?.includes("secret")) return new Response("no token", { status: 401 });
      if (mode === "forbidden" && request.method !== "GET")
        return new Response('{"message":"Resource not accessible by integration"}', { status: 403 });
      if (request.method === "GET") return Response.json(comments);
      const { body } = (await request.json()) as { body: string };
      if (request.method === "POST") {
        const comment = { id: comments.length + 101, body };
        comments.push(comment);
        return Response.json(comment, { status: 201 });
      }
      const id = Number(url.pathname.split("/").at(-1));
      const comment = comments.find((c) => c.id === id);
      if (!comment) return new Response("not found", { status: 404 });
      comment.body = body;
      return Response.json(comment);
    },
  });
});

afterAll(() => {
  server?.stop(true);
  if (work) rmSync(work, { recursive: true, force: true });
});

const github = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH,
  GITHUB_TOKEN: "secret",
  GITHUB_REPOSITORY: "acme/app",
  GITHUB_API_URL: `http://127.0.0.1:${server.port}`,
  FXPERF_PR: "7",
  ...extra,
});

describe("pr-comment.mjs (a local stand-in for the GitHub and GitLab APIs)", () => {
  test("the first run creates one comment; the next updates the same one", async () => {
    comments.length = 0;
    calls.length = 0;
    const first = await runProcess([node, script("pr-comment.mjs"), "report.md"], work, github());
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain("posted the report on pull request #7");
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toStartWith("<!-- fxperf-report -->\n✅ **Performance**");
    writeFileSync(join(work, "report.md"), "❌ **Performance**: 1 regressed\n");
    const second = await runProcess([node, script("pr-comment.mjs"), "report.md"], work, github());
    expect(second.stdout).toContain("updated the report on pull request #7");
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain("1 regressed");
    expect(calls).toContain("PATCH /repos/acme/app/issues/comments/101");
  });

  test("a token that may not write (a fork's) is a warning, and the step still passes", async () => {
    mode = "forbidden";
    try {
      const run = await runProcess([node, script("pr-comment.mjs"), "report.md"], work, {
        ...github(),
        GITHUB_ACTIONS: "true",
      });
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain("::warning::fxperf comment: the token may not comment on pull request #7 (403");
    } finally {
      mode = "ok";
    }
  });

  test("an API that does not answer in time is a warning, not a failure", async () => {
    mode = "slow";
    try {
      const run = await runProcess([node, script("pr-comment.mjs"), "report.md"], work, {
        ...github(),
        FXPERF_COMMENT_TIMEOUT_MS: "500",
      });
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain("the API did not answer within 0.5 s");
    } finally {
      mode = "ok";
    }
  });

  test("outside a pull request nothing is posted; a missing report is exit 2", async () => {
    const noPr = await runProcess([node, script("pr-comment.mjs"), "report.md"], work, github({ FXPERF_PR: "" }));
    expect(noPr.exitCode).toBe(0);
    expect(noPr.stdout).toContain("not a pull request");
    const missing = await runProcess([node, script("pr-comment.mjs"), "nope.md"], work, github());
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('cannot read the report "nope.md"');
  });

  test("GitLab: a merge-request note, created then updated in place", async () => {
    comments.length = 0;
    calls.length = 0;
    const env = {
      PATH: process.env.PATH,
      GITLAB_CI: "true",
      FXPERF_GITLAB_TOKEN: "secret",
      CI_API_V4_URL: `http://127.0.0.1:${server.port}/api/v4`,
      CI_PROJECT_ID: "42",
      CI_MERGE_REQUEST_IID: "3",
    };
    expect((await runProcess([node, script("pr-comment.mjs"), "report.md"], work, env)).exitCode).toBe(0);
    const again = await runProcess([node, script("pr-comment.mjs"), "report.md"], work, env);
    expect(again.stdout).toContain("updated the report on merge request !3");
    expect(comments).toHaveLength(1);
    expect(calls).toContain("POST /api/v4/projects/42/merge_requests/3/notes");
    expect(calls).toContain("PUT /api/v4/projects/42/merge_requests/3/notes/101");
  });
});

describe("run-fxperf.mjs (the action's measuring step)", () => {
  test("runs fxperf with an argument array from the inputs and records its exit code and reason", async () => {
    const stub = join(work, "fxperf-stub");
    writeFileSync(stub, `#!/bin/sh\nprintf '%s\\n' "$@" > "${join(work, "argv.txt")}"\nexit 5\n`);
    chmodSync(stub, 0o755);
    const output = join(work, "github-output.txt");
    writeFileSync(output, "");
    const run = await runProcess([node, script("run-fxperf.mjs")], work, {
      PATH: process.env.PATH,
      FXPERF_BIN: stub,
      GITHUB_OUTPUT: output,
      GITHUB_BASE_REF: "main",
      FXPERF_INPUT_COMMAND: "ab",
      FXPERF_INPUT_PATHS: "spec/ bench/x.perf.ts",
      FXPERF_INPUT_TOLERANCE: "5%",
      FXPERF_INPUT_STRICT: "true",
    });
    expect(run.exitCode).toBe(0);
    expect(readFileSync(join(work, "argv.txt"), "utf8").trim().split("\n")).toEqual([
      "ab",
      "spec/",
      "bench/x.perf.ts",
      "--reporter",
      "markdown=fxperf-comment.md",
      "--reporter",
      "json=fxperf-ab.json",
      "--base",
      "origin/main",
      "--tolerance",
      "5%",
      "--strict",
    ]);
    expect(readFileSync(output, "utf8")).toBe(
      "exit-code=5\nreason=a spec crashed: it threw, timed out, or its file did not load\n",
    );
    expect(run.stdout).toContain("fxperf exit 5: a spec crashed");
  });
});

describe("the action's shard and merge modes (run-fxperf.mjs with the compiled binary, pr-comment.mjs against the stand-in)", () => {
  /** A shard of a two-shard run: "a" (and "b", failing) in shard 1, "c" in shard 2. */
  const shardOf = (index: number, specs: ReturnType<typeof specResult>[]) =>
    renderShardFile({
      command: "run",
      result: runResult(specs, {
        git: { commit: "abc", branch: "pr" },
        shard: {
          index,
          total: 2,
          planned: ["a", "b", "c"].map((id) => ({
            id,
            shard: id === "c" ? 2 : 1,
            kind: "micro",
            file: "spec/a.perf.ts",
          })),
        },
      }),
    });

  test("a shard job passes --shard; the merge job merges every downloaded shard file into one comment, posted once", async () => {
    await buildBinary();
    const dir = mkdtempSync(join(work, "merge-"));
    mkdirSync(join(dir, "fxperf-shards"));
    writeFileSync(
      join(dir, "fxperf-shards", "fxperf-shard-1-of-2.json"),
      shardOf(1, [specResult({ id: "a" }), specResult({ id: "b", status: "FAIL" })]),
    );
    writeFileSync(join(dir, "fxperf-shards", "fxperf-shard-2-of-2.json"), shardOf(2, [specResult({ id: "c" })]));
    writeFileSync(join(dir, "fxperf-shards", "unrelated.txt"), "not a shard file");
    const output = join(dir, "github-output.txt");
    writeFileSync(output, "");
    const merge = await runProcess([node, script("run-fxperf.mjs")], dir, {
      PATH: process.env.PATH,
      HOME: dir,
      FXPERF_BIN: join(ROOT, "dist", "fxperf"),
      GITHUB_OUTPUT: output,
      FXPERF_INPUT_COMMAND: "merge",
      NO_COLOR: "1",
    });
    expect(merge.exitCode, merge.stderr).toBe(0);
    expect(readFileSync(output, "utf8")).toBe("exit-code=1\nreason=a spec regressed or broke a limit\n");
    expect(merge.stdout).toMatch(/FAIL\s+b/);
    const report = JSON.parse(readFileSync(join(dir, "fxperf-report.json"), "utf8"));
    expect(report.specs.map((s: { id: string }) => s.id)).toEqual(["a", "b", "c"]);
    expect(readFileSync(join(dir, "fxperf-report.html"), "utf8")).toContain("<html");
    comments.length = 0;
    const post = await runProcess([node, script("pr-comment.mjs"), "fxperf-comment.md"], dir, github());
    expect(post.exitCode, post.stderr).toBe(0);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain("| a |");
    expect(comments[0]!.body).toContain("| c |");
  });

  test("a shard job's arguments carry --shard; merge without shard files is an error the step reports", async () => {
    const shard = await import(script("run-fxperf.mjs"));
    expect(
      shard.fxperfArgs({ FXPERF_INPUT_COMMAND: "ab", FXPERF_INPUT_SHARD: "2/4", GITHUB_BASE_REF: "main" }).slice(-2),
    ).toEqual(["--shard", "2/4"]);
    // The file to upload: the one named after the shard; for "auto", the newest (not a leftover).
    const names = ["fxperf-shard-1-of-4.json", "fxperf-ab-shard-2-of-4.json", "fxperf-ab-shard-3-of-4.json"];
    const age: Record<string, number> = { "fxperf-ab-shard-2-of-4.json": 2, "fxperf-ab-shard-3-of-4.json": 1 };
    expect(shard.writtenShardFile({ FXPERF_INPUT_SHARD: "1/4" }, () => names)).toBe("fxperf-shard-1-of-4.json");
    expect(
      shard.writtenShardFile({ FXPERF_INPUT_COMMAND: "ab", FXPERF_INPUT_SHARD: "1/4" }, () => names),
    ).toBeUndefined();
    expect(
      shard.writtenShardFile(
        { FXPERF_INPUT_COMMAND: "ab", FXPERF_INPUT_SHARD: "auto" },
        () => names,
        (n: string) => age[n],
      ),
    ).toBe("fxperf-ab-shard-2-of-4.json");
    const empty = mkdtempSync(join(work, "empty-"));
    mkdirSync(join(empty, "fxperf-shards"));
    const output = join(empty, "github-output.txt");
    writeFileSync(output, "");
    const run = await runProcess([node, script("run-fxperf.mjs")], empty, {
      PATH: process.env.PATH,
      GITHUB_OUTPUT: output,
      FXPERF_INPUT_COMMAND: "merge",
    });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain(
      'no shard files (fxperf-shard-*-of-*.json, fxperf-ab-shard-*-of-*.json) in "fxperf-shards"',
    );
    expect(readFileSync(output, "utf8")).toStartWith("exit-code=2\n");
  });
});
