import { describe, expect, test } from "bun:test";
import { formatCpuList, parseAllowedCpus, planCpuPlacement } from "../../../src/load/placement.ts";

describe("parseAllowedCpus()", () => {
  test("reads the Cpus_allowed_list line of /proc/self/status", () => {
    const status = "Name:\tfxperf\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\nMems_allowed_list:\t0\n";
    expect(parseAllowedCpus(status)).toEqual([0, 1]);
    expect(parseAllowedCpus("Cpus_allowed_list:\t0,2-4,7\n")).toEqual([0, 2, 3, 4, 7]);
  });
  test("is undefined without the line or when it does not parse", () => {
    expect(parseAllowedCpus("")).toBeUndefined();
    expect(parseAllowedCpus("Cpus_allowed_list:\tzero\n")).toBeUndefined();
    expect(parseAllowedCpus("Cpus_allowed_list:\t3-1\n")).toBeUndefined();
  });
});

describe("formatCpuList()", () => {
  test("folds runs into ranges, as taskset -c reads them", () => {
    expect(formatCpuList([1])).toBe("1");
    expect(formatCpuList([1, 2, 3])).toBe("1-3");
    expect(formatCpuList([1, 2, 5, 7, 8])).toBe("1-2,5,7-8");
  });
});

describe("planCpuPlacement()", () => {
  test("puts wrk on the first allowed CPU and the servers on the others", () => {
    const planned = planCpuPlacement([2, 3, 4, 5], "/usr/bin/taskset");
    expect(planned).toEqual({
      placement: {
        wrkPrefix: ["/usr/bin/taskset", "-c", "2"],
        serverPrefix: ["/usr/bin/taskset", "-c", "3-5"],
        wrkCpus: "2",
        serverCpus: "3-5",
        wrkCores: 1,
      },
    });
  });
  test("says why not with one CPU, no taskset or unknown CPUs", () => {
    expect(planCpuPlacement([0], "/usr/bin/taskset")).toEqual({ reason: "this process may use only 1 CPU" });
    expect(planCpuPlacement([0, 1], undefined)).toEqual({ reason: "taskset (util-linux) was not found" });
    expect(planCpuPlacement(undefined, "/usr/bin/taskset")).toHaveProperty("reason");
  });
});
