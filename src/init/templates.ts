/**
 * What `fxperf init` writes: a starter that runs green as is. Pure data.
 */

/** A file of the starter, relative to the target directory. */
export interface StarterFile {
  readonly path: string;
  readonly text: string;
}

const MICRO_SPEC = `import { describePerf, itPerf, kb, us } from "fxperf";

// Replace with your own code: import it by relative path, tsconfig path alias or package name.
function slugify(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

const titles = Array.from({ length: 20 }, (_, i) => \`Performance specs as code, part \${i}!\`);

// A linear function: a 32-bit hash of the first n characters of a text.
function hashPrefix(text: string, n: number): number {
  let hash = 0;
  for (let i = 0; i < n; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

describePerf("text", { tags: ["example"] }, () => {
  // Budgets catch pathological regressions on any machine; calibrated baselines
  // ("fxperf calibrate") catch small ones on the machine class they were recorded on.
  itPerf("slugify 20 titles", () => titles.map(slugify)).expect({ p50: us(500), p99: us(5000), heap: kb(64) });

  // One spec per value of n; the medians must grow like n, not like n² (a shape, not a time: it
  // holds on any machine, busy or not). The function allocates nothing, so garbage collection cannot
  // bend its curve: an allocating one (slugify over n titles) can run its largest n in a slow mode
  // on a busy machine and fit O(n^2).
  const text = titles.join(" ").repeat(8);
  itPerf("hash the first n characters", ({ n }) => hashPrefix(text, n))
    .args({ n: [64, 256, 1024, 4096] })
    .expect({ complexity: "O(n)" });
});
`;

const LOAD_SPEC = `import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describePerf, loadPerf } from "fxperf";

// A tiny server for the example, on node:http so the spec runs under Bun and Deno alike; in your
// project, start (or spawn) the service under test here.
const server = createServer((_request, response) => {
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify({ ok: true }));
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address() as AddressInfo;

describePerf("api", { tags: ["load"] }, () => {
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  loadPerf("GET /", { url: \`http://127.0.0.1:\${port}/\`, connections: 4, duration: "2s" })
    .tolerance("25%")
    .expect({ rps: 500, latency: { p99: "250ms" }, errorRate: "0%" });
});
`;

const PROFILES_README = `# perf-profiles

Baselines recorded by \`fxperf calibrate --repo\` on the machines your CI runs on, one JSON file per
machine class (\`fxperf fingerprint\` prints this machine's). Commit them; recalibrate when the hardware
changes or after an intended performance change (\`fxperf calibrate --repo --append --grep "<spec>"\`).
`;

const TSCONFIG = `{
  "compilerOptions": {
    "target": "ESNext",
    "module": "Preserve",
    "moduleResolution": "bundler",
    "strict": true,
    "noEmit": true,
    "allowImportingTsExtensions": true,
    "skipLibCheck": true
  },
  "include": ["spec", "types"]
}
`;

const GITHUB = `# Performance gate: runs fxperf on every pull request and on main.
name: perf
on:
  pull_request:
  push:
    branches: [main]
jobs:
  perf:
    runs-on: ubuntu-latest
    env:
      # Where your fxperf release (binaries, checksums.txt, install.sh) is published.
      FXPERF_INSTALL_BASE: \${{ vars.FXPERF_INSTALL_BASE }}
    steps:
      - uses: actions/checkout@v4
      - name: Install wrk and fxperf
        run: |
          sudo apt-get update && sudo apt-get install -y wrk
          curl -fsSL "$FXPERF_INSTALL_BASE/install.sh" | sh
      - name: Run performance specs
        run: ~/.fxperf/bin/fxperf run spec/ --reporter junit=perf-junit.xml --reporter json=perf-report.json --reporter html=perf-report.html
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: perf-report
          path: perf-*
`;

const GITLAB = `# Performance gate for GitLab CI: add to .gitlab-ci.yml with
#   include: { local: ci/gitlab-perf.yml }
perf:
  image: debian:12
  variables:
    FXPERF_INSTALL_BASE: "$FXPERF_INSTALL_BASE" # where your fxperf release is published
  script:
    - apt-get update && apt-get install -y wrk curl ca-certificates
    - curl -fsSL "$FXPERF_INSTALL_BASE/install.sh" | sh
    - ~/.fxperf/bin/fxperf run spec/ --reporter junit=perf-junit.xml --reporter json=perf-report.json --reporter html=perf-report.html
  artifacts:
    when: always
    paths: [perf-report.json, perf-report.html]
    reports:
      junit: perf-junit.xml
`;

const README = `# Performance specs

Written by \`fxperf init\`.

    fxperf run spec/                    # measure, compare with budgets and baselines
    fxperf calibrate --repo --overwrite # record this machine's baselines in perf-profiles/
    fxperf doctor                       # is wrk there? is this machine fit to measure?

- \`spec/text.perf.ts\`: a micro-benchmark with budgets.
- \`spec/api.perf.ts\`: an HTTP load test (needs wrk: \`apt-get install wrk\` or \`brew install wrk\`) against a
  server the spec file starts itself.
- \`types/fxperf.d.ts\`: editor types for \`import ... from "fxperf"\` (\`fxperf init --types\` refreshes them).
  The starter uses only node:* modules, so it runs under Bun and Deno alike; for runtime APIs
  (\`Bun.*\`, \`Deno.*\`) in spec files, add \`bun-types\` (or Deno's types) to your dev dependencies.
- \`.github/workflows/perf.yml\`, \`ci/gitlab-perf.yml\`: CI jobs; set FXPERF_INSTALL_BASE to where your
  fxperf release is published.
`;

/** The starter's files; `types` is the declaration text to write to types/fxperf.d.ts. */
export function starterFiles(types: string): StarterFile[] {
  return [
    { path: "spec/text.perf.ts", text: MICRO_SPEC },
    { path: "spec/api.perf.ts", text: LOAD_SPEC },
    { path: "perf-profiles/README.md", text: PROFILES_README },
    { path: "types/fxperf.d.ts", text: types },
    { path: "tsconfig.json", text: TSCONFIG },
    { path: ".github/workflows/perf.yml", text: GITHUB },
    { path: "ci/gitlab-perf.yml", text: GITLAB },
    { path: "PERF.md", text: README },
  ];
}
