import { describePerf, itPerf } from "fxperf";
import { slugify } from "../src/slugify.ts";

const titles = [
  "Performance specs as code",
  "Crème brûlée à la carte",
  "  Trailing   spaces  ",
  "Ünïcödé Títlé — with dashes",
];

describePerf("text", { tags: ["strings"] }, () => {
  itPerf("slugify 4 titles", () => titles.map(slugify)).expect({ p50: "50us", p99: "5ms" });

  itPerf("split and join a CSV line", () =>
    "id,name,email,created_at,plan,seats".split(",").reverse().join(";"),
  ).expect({ p50: "20us" });
});
