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

// Written into a GitHub Actions workflow: `${{ ... }}` are GitHub's expressions, escaped here.
const GITHUB = `# Performance gate: on a pull request, this change against its base (fxperf ab: both measured
# side by side on the same runner, no profile needed); on main, the specs against the profile in
# perf-profiles/ (record it with "npx fxperf calibrate --repo --overwrite" on this runner class).
# fxperf comes from npm: add it to your dev dependencies once (npm install --save-dev fxperf).
name: perf
on:
  pull_request:
  push:
    branches: [main]
jobs:
  perf:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # fxperf ab checks the base revision out
      - uses: actions/setup-node@v4
        with:
          node-version: 22
          cache: npm
      - run: npm ci # the specs import your code and its dependencies
      - run: sudo apt-get update && sudo apt-get install -y wrk # for the load specs
      - name: This change against its base
        if: github.event_name == 'pull_request'
        run: npx fxperf ab --base origin/\${{ github.base_ref }} --install --reporter markdown=perf-comment.md --reporter json=perf-ab.json --reporter html=perf-ab.html
      - name: main against its profile
        if: github.event_name == 'push'
        run: npx fxperf run spec/ --reporter junit=perf-junit.xml --reporter json=perf-report.json --reporter html=perf-report.html
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: perf-report
          path: perf-*
`;

const GITLAB = `# Performance gate for GitLab CI: add to .gitlab-ci.yml with
#   include: { local: ci/gitlab-perf.yml }
# A merge request: this change against its target branch (fxperf ab); main: the specs against the
# profile in perf-profiles/. fxperf comes from npm: npm install --save-dev fxperf.
perf:
  image: node:22-bookworm
  variables:
    GIT_DEPTH: 0 # fxperf ab checks the base revision out
  before_script:
    - apt-get update && apt-get install -y wrk
    - npm ci
  script:
    - |
      if [ "$CI_PIPELINE_SOURCE" = merge_request_event ]; then
        git fetch origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
        npx fxperf ab --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --install --reporter junit=perf-junit.xml --reporter markdown=perf-comment.md --reporter json=perf-ab.json
      else
        npx fxperf run spec/ --reporter junit=perf-junit.xml --reporter json=perf-report.json --reporter html=perf-report.html
      fi
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == "main"
  artifacts:
    when: always
    paths: [perf-comment.md, perf-ab.json, perf-report.json, perf-report.html, perf-junit.xml]
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
- \`.github/workflows/perf.yml\` (or \`ci/gitlab-perf.yml\` with \`fxperf init --ci gitlab\`): the CI job:
  \`npm ci\`, then \`fxperf ab\` against the base on a pull request and \`fxperf run\` on main. It runs fxperf
  from npm: \`npm install --save-dev fxperf\`. For editor type-checking of the specs with \`tsc -p .\`, add
  \`@types/node\` too (the starter's specs import \`node:http\` and \`node:fs\`).
`;

/** The CI systems `fxperf init --ci` writes a job for. */
export const STARTER_CI = ["github", "gitlab"] as const;

/** The starter's files; `types` is the declaration text to write to types/fxperf.d.ts, `ci` the job to write. */
export function starterFiles(types: string, ci: (typeof STARTER_CI)[number] = "github"): StarterFile[] {
  return [
    { path: "spec/text.perf.ts", text: MICRO_SPEC },
    { path: "spec/api.perf.ts", text: LOAD_SPEC },
    { path: "perf-profiles/README.md", text: PROFILES_README },
    { path: "types/fxperf.d.ts", text: types },
    { path: "tsconfig.json", text: TSCONFIG },
    ci === "github"
      ? { path: ".github/workflows/perf.yml", text: GITHUB }
      : { path: "ci/gitlab-perf.yml", text: GITLAB },
    { path: "PERF.md", text: README },
  ];
}
