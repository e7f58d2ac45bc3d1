import { describePerf, itPerf, ms } from "fxperf";
import { LruCache } from "../src/lru-cache.ts";

const numbers = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_007);
const cache = new LruCache<number, number>(1000);

describePerf("collections", { tags: ["data"] }, () => {
  itPerf("sort 10k numbers", () => numbers.slice().sort((a, b) => a - b)).expect({ p50: ms(20), p99: ms(60) });

  itPerf("LRU cache: 1k gets and sets", () => {
    for (let i = 0; i < 1000; i++) {
      const key = numbers[i]! % 1500;
      if (cache.get(key) === undefined) cache.set(key, i);
    }
    return cache;
  }).expect({ p50: ms(2), p99: ms(10) });

  itPerf("Set of 10k numbers", () => new Set(numbers).size).expect({ p50: ms(5) });
});
