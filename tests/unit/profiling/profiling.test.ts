import { describe, expect, test } from "bun:test";
import { mergeCpuProfiles, parseCpuProfile } from "../../../src/profiling/cpu-profile.ts";
import { classifyFrame, functionShares, packageOf } from "../../../src/profiling/function-shares.ts";
import { buildIcicle } from "../../../src/profiling/icicle.ts";
import { profileFileName } from "../../../src/profiling/profile-names.ts";
import { resolveLine } from "../../../src/profiling/resolve-line.ts";
import { compareShares, topShares } from "../../../src/profiling/what-changed.ts";
import { inMitata, profileOf } from "./profiles.ts";

const OWN = ["/opt/fxperf/src"];
const classify = (node: Parameters<typeof classifyFrame>[0]) => {
  const kind = classifyFrame(node, OWN);
  return kind.kind === "package" && kind.name === "mitata" ? { kind: "hidden" as const } : kind;
};
const WORK = "file:///app/src/work.ts";
const locate = (f: { name: string; path: string | null; line: number | null }) =>
  f.path ? `${f.path.replace("/app/", "")}:${f.line}` : f.name;

/** A spec whose time splits between slowPath and fastPath (and a sqrt they call, native). */
const spec = (slow: number, fast: number) =>
  profileOf([
    inMitata([
      {
        name: "work",
        url: WORK,
        line: 12,
        self: 2,
        calls: [
          { name: "slowPath", url: WORK, line: 6, self: slow, calls: [{ name: "sqrt", self: slow }] },
          { name: "fastPath", url: WORK, line: 0, self: fast },
        ],
      },
    ]),
    { name: "(garbage collector)", self: 3 },
  ]);

describe("CPU profiles", () => {
  test("parseCpuProfile() takes Chrome's format and names what is wrong otherwise", () => {
    const profile = spec(100, 100);
    expect(parseCpuProfile(JSON.parse(JSON.stringify(profile))).samples).toHaveLength(profile.samples.length);
    expect(() => parseCpuProfile({ nodes: [] })).toThrow('not a CPU profile: "nodes"');
    expect(() => parseCpuProfile({ ...profile, timeDeltas: [] })).toThrow("samples but 0 time deltas");
    expect(() => parseCpuProfile({ ...profile, samples: [999], timeDeltas: [1] })).toThrow("names node 999");
  });

  test("mergeCpuProfiles() joins two chunks of one process: the same call paths become one node", () => {
    const first = spec(10, 20);
    const second = profileOf(
      [inMitata([{ name: "work", url: WORK, line: 12, calls: [{ name: "newOne", url: WORK, line: 30, self: 7 }] }])],
      1e6,
    );
    const merged = mergeCpuProfiles(first, second);
    expect(merged.samples).toHaveLength(first.samples.length + second.samples.length);
    expect(merged.timeDeltas).toHaveLength(merged.samples.length);
    // One "work" node, with the new callee under it.
    const works = merged.nodes.filter((n) => n.callFrame.functionName === "work");
    expect(works).toHaveLength(1);
    const newOne = merged.nodes.find((n) => n.callFrame.functionName === "newOne")!;
    expect(works[0]!.children).toContain(newOne.id);
    expect(merged.samples.filter((id) => id === newOne.id)).toHaveLength(7);
    // The gap between the chunks is kept: the first delta of the second chunk starts at the first's last sample.
    const lastOfFirst = first.startTime + first.timeDeltas.reduce((a, b) => a + b, 0);
    expect(merged.timeDeltas[first.samples.length]).toBe(1e6 + 1000 - lastOfFirst);
    expect(parseCpuProfile(merged)).toBeDefined();
  });

  test("functionShares(): a native callee counts toward its caller; fxperf's frames drop out but stay in the total", () => {
    const shares = functionShares(spec(100, 50), classify);
    const byName = Object.fromEntries(shares.functions.map((f) => [f.name, f.samples]));
    expect(byName).toEqual({ slowPath: 200, fastPath: 50, work: 2, "(garbage collector)": 3 });
    expect(shares.total).toBe(200 + 50 + 2 + 3 + 5); // mitata's own 5 samples included
    expect(shares.functions[0]).toMatchObject({ name: "slowPath", path: "/app/src/work.ts", line: 7 });
  });

  test("classifyFrame(): packages by name (scoped too), fxperf's sources and the compiled binary hidden", () => {
    const node = (url: string) => ({
      id: 1,
      callFrame: { functionName: "f", scriptId: "1", url, lineNumber: 0, columnNumber: 0 },
    });
    expect(packageOf("/app/node_modules/@scope/pkg/dist/x.js")).toBe("@scope/pkg");
    expect(packageOf("/app/node_modules/a/node_modules/lodash/index.js")).toBe("lodash");
    expect(classifyFrame(node("file:///app/node_modules/lodash/index.js"), OWN)).toEqual({
      kind: "package",
      name: "lodash",
    });
    expect(classifyFrame(node("file:///opt/fxperf/src/run/fork-child.ts"), OWN)).toEqual({ kind: "hidden" });
    expect(classifyFrame(node("/$bunfs/root/fxperf"), OWN)).toEqual({ kind: "hidden" });
    expect(classifyFrame(node("node:internal/x"), OWN)).toEqual({ kind: "hidden" });
    expect(classifyFrame(node("file:///app/src/a%20b.ts"), OWN)).toEqual({ kind: "user", path: "/app/src/a b.ts" });
  });

  test("compareShares(): the function whose share grew comes first; changes within sampling noise are left out and counted", () => {
    const base = functionShares(spec(300, 700), classify);
    const head = functionShares(spec(700, 300), classify);
    const { rows, withinNoise } = compareShares(base, head, locate);
    expect(rows[0]).toMatchObject({ name: "slowPath", location: "src/work.ts:7" });
    expect(rows[0]!.changePoints!).toBeGreaterThan(20);
    expect(rows.map((r) => r.name)).toContain("fastPath");
    // "work" and the collector hardly moved: noise, not rows.
    expect(rows.map((r) => r.name)).not.toContain("work");
    expect(withinNoise).toBeGreaterThanOrEqual(1);
    // Identical profiles: nothing to show.
    expect(compareShares(base, base, locate).rows).toEqual([]);
  });

  test("compareShares(): for a regression what grew comes first, for an improvement what shrank", () => {
    // slowPath grows by 25 points, the collector by 20, fastPath shrinks by 45: by size fastPath leads.
    const shares = (slow: number, fast: number, gc: number) => ({
      total: 1000,
      functions: [
        { key: "s", name: "slowPath", path: "/app/src/work.ts", line: 7, samples: slow },
        { key: "f", name: "fastPath", path: "/app/src/work.ts", line: 1, samples: fast },
        { key: "gc", name: "(garbage collector)", path: null, line: null, samples: gc },
      ],
    });
    const base = shares(300, 600, 100);
    const head = shares(550, 150, 300);
    expect(compareShares(base, head, locate, "either").rows[0]!.name).toBe("fastPath");
    expect(compareShares(base, head, locate, "grew").rows.map((r) => r.name)).toEqual([
      "slowPath",
      "(garbage collector)",
      "fastPath",
    ]);
    expect(compareShares(base, head, locate, "shrank").rows[0]!.name).toBe("fastPath");
  });

  test("compareShares() keeps a small change only when enough samples make it certain", () => {
    const few = compareShares(functionShares(spec(50, 50), classify), functionShares(spec(56, 44), classify), locate);
    expect(few.rows).toEqual([]);
    const many = compareShares(
      functionShares(spec(5000, 5000), classify),
      functionShares(spec(5600, 4400), classify),
      locate,
    );
    expect(many.rows[0]?.name).toBe("slowPath");
  });

  test("topShares(): the head's largest shares, for a run without a base", () => {
    const rows = topShares(functionShares(spec(100, 50), classify), locate);
    expect(rows.map((r) => r.name)).toEqual(["slowPath", "fastPath", "(garbage collector)", "work"]);
    expect(rows[0]).toMatchObject({ basePercent: null, changePoints: null });
    expect(rows[0]!.headPercent).toBeCloseTo((100 * 200) / 260, 5);
  });

  test("buildIcicle(): fxperf's frames folded away, small branches pruned, grown functions marked", () => {
    const profile = spec(300, 100);
    const label = (node: { callFrame: { functionName: string; lineNumber: number } }) => ({
      name: node.callFrame.functionName,
      location: `src/work.ts:${node.callFrame.lineNumber + 1}`,
    });
    const tree = buildIcicle(profile, classify, label, new Set(["slowPath\u0000src/work.ts:7"]));
    expect(tree.samples).toBe(profile.samples.length);
    const work = tree.children.find((c) => c.name === "work")!;
    expect(work.children.map((c) => [c.name, c.samples, c.grew])).toEqual([
      ["slowPath", 600, true],
      ["fastPath", 100, false],
    ]);
    // The collector's 3 samples are under 1%: pruned.
    expect(tree.children.map((c) => c.name)).toEqual(["work"]);
  });

  test("resolveLine() moves a transpiled line to the function's declaration in the source", () => {
    const source = [
      "type A = { x: number };",
      "",
      "export function slowPath(n: number): number {",
      "  return n;",
      "}",
      "const fastPath = (n: number) => n;",
    ].join("\n");
    expect(resolveLine(source, "slowPath", 3)).toBe(3);
    expect(resolveLine(source, "slowPath", 1)).toBe(3);
    expect(resolveLine(source, "fastPath", 2)).toBe(6);
    expect(resolveLine(source, "(anonymous)", 2)).toBe(2);
    expect(resolveLine(source, "missing", 4)).toBe(4);
  });

  test("profileFileName(): readable, safe, and distinct for ids that slug alike", () => {
    expect(profileFileName("json > parse [n=10]", "head")).toMatch(/^json-parse-n-10-[0-9a-f]{6}\.head\.cpuprofile$/);
    expect(profileFileName("a/b", "base")).not.toBe(profileFileName("a b", "base"));
    expect(profileFileName("../../etc", "head")).not.toContain("/");
  });
});

describe("profile summaries as text", () => {
  const summary = {
    kind: "change" as const,
    files: { base: "fxperf-profiles/a.base.cpuprofile", head: "fxperf-profiles/a.head.cpuprofile" },
    samples: { base: 1200, head: 1100 },
    rows: [{ name: "slowPath", location: "src/work.ts:7", basePercent: 10, headPercent: 52.25, changePoints: 42.25 }],
    withinNoise: 2,
    icicle: { name: "all", location: "", samples: 1100, grew: false, children: [] },
  };
  test("console lines: the headline with sample counts and what noise hid, the rows, the files", async () => {
    const { renderProfileLines } = await import("../../../src/report/profile-lines.ts");
    const { createColors } = await import("../../../src/report/colors.ts");
    const lines = renderProfileLines("a > b", summary, createColors(false));
    expect(lines[0]).toBe(
      "  a > b: what changed in the CPU profile (share of self time, head minus base; 1,200 and 1,100 samples; 2 smaller changes within sampling noise not shown)",
    );
    expect(lines[1]).toMatch(/CHANGE\s+BASE\s+HEAD\s+FUNCTION\s+WHERE/);
    expect(lines[1]).toMatch(/\+42\.3 pts\s+10\.0%\s+52\.3%\s+slowPath\s+src\/work\.ts:7/);
    expect(lines.at(-1)).toContain("profiles: fxperf-profiles/a.base.cpuprofile, fxperf-profiles/a.head.cpuprofile");
  });
  test("Markdown: a collapsible section with one table row per function", async () => {
    const { renderProfileMarkdown } = await import("../../../src/report/profile-lines.ts");
    const text = renderProfileMarkdown("a > b", summary).join("\n");
    expect(text).toStartWith("<details><summary>CPU profile of a &gt; b: what changed</summary>");
    expect(text).toContain("| +42.3 pts | 10.0% | 52.3% | slowPath | src/work.ts:7 |");
    expect(text).toContain("</details>");
  });
  test("HTML: the table and an icicle chart whose grown frames are red", async () => {
    const { renderProfileHtml } = await import("../../../src/report/profile-html.ts");
    const html = renderProfileHtml({
      ...summary,
      icicle: {
        ...summary.icicle,
        children: [{ name: "slowPath", location: "src/work.ts:7", samples: 600, grew: true, children: [] }],
      },
    });
    expect(html).toContain("<td>slowPath</td><td>src/work.ts:7</td>");
    expect(html).toMatch(
      /<title>slowPath src\/work\.ts:7: 600 samples \(54\.5%\), its share grew<\/title><rect [^>]*fill="#cf222e"/,
    );
  });
});

describe("nearSpecIds()", () => {
  test("ids containing the text first, then close spellings; nothing for a stranger", async () => {
    const { nearSpecIds } = await import("../../../src/cli/suggest.ts");
    const ids = ["json > parse", "json > stringify", "csv > parse", "router > match"];
    expect(nearSpecIds("parse", ids)).toEqual(["csv > parse", "json > parse"]);
    expect(nearSpecIds("json > prase", ids)[0]).toBe("json > parse");
    expect(nearSpecIds("zzzzzz", ids)).toEqual([]);
  });
});
