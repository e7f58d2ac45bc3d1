/** Preloaded by bunfig.toml: integration and e2e tests spawn real processes (wrk, the compiled binary). */
import { setDefaultTimeout } from "bun:test";

setDefaultTimeout(60_000);
