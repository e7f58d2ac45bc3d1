// fxperf's own perf specs (dogfooding): run through the built binary in .ci/run.
// Budgets are generous (about 20x this machine's figures) so unknown hardware does not flake;
// tighter comparison comes from perf-profiles/ where the fingerprint matches.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describePerf, itPerf, us } from "fxperf";
import { parseWrkOutput } from "../src/load/parse-wrk-output.ts";
import { parseReporterLine, renderWrkScript } from "../src/load/wrk-script.ts";

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "..", "tests", "fixtures", "wrk", `${name}.txt`), "utf8").split(
    "### stdout\n",
  )[1]!;
const latency = fixture("latency");
const errors = fixture("server-dies");
const reporterLine =
  'FXPERF_WRK_REPORT {"durationUs":2000000,"requests":1000,"bytes":50000,"connect":0,"read":2,"write":0,"status":10,"timeout":3,"minUs":40,"maxUs":9000,"meanUs":120.5,"stdevUs":30.25,"p50":100,"p75":130,"p90":200,"p99":900,"p999":5000}\n';

describePerf("wrk", { tags: ["load", "parser"] }, () => {
  itPerf("parse a --latency report", () => parseWrkOutput(latency)).expect({ p50: us(200) });
  itPerf("parse a report with socket errors", () => parseWrkOutput(errors)).expect({ p50: us(200) });
  itPerf("read the Lua reporter line", () => parseReporterLine(reporterLine)).expect({ p50: us(100) });
  itPerf("render a request script", () =>
    renderWrkScript({ method: "POST", body: '{"a":"wörld"}', headers: { "Content-Type": "application/json" } }),
  ).expect({ p50: us(100) });
});
