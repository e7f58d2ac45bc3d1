/**
 * "What changed" between a base and a head profile of one spec: the functions whose share of the
 * samples grew or shrank most, head minus base, without the rows whose change sampling noise
 * explains. A share from n samples has a standard error of sqrt(p(1 - p) / n); the difference of
 * two independent shares adds their variances. Samples of one process are correlated, so a row is
 * kept only beyond 3 standard errors (and half a percentage point). Pure.
 */
import type { ProfileRow } from "../result/profile-summary.ts";
import type { FunctionShare } from "./function-shares.ts";

/** How many rows a summary shows at most. */
export const PROFILE_ROWS = 8;
/** Standard errors a change must exceed to be shown. */
export const NOISE_SIGMAS = 3;
/** The smallest change shown, in percentage points. */
export const MIN_CHANGE_POINTS = 0.5;

interface Shares {
  readonly total: number;
  readonly functions: readonly FunctionShare[];
}

/** How a function is shown: its name and where it is ("src/work.ts:12", or the package). */
export type Locate = (share: FunctionShare) => string;

const percent = (samples: number, total: number) => (total > 0 ? (100 * samples) / total : 0);

/**
 * Which changes come first: for a regression the functions whose share grew (they hold the extra
 * time; others' shares shrink only because the whole grew), for an improvement those that shrank,
 * otherwise the largest either way.
 */
export type ChangeOrder = "grew" | "shrank" | "either";

/** The functions whose share changed most from `base` to `head`, and how many changes noise explains. */
export function compareShares(
  base: Shares,
  head: Shares,
  locate: Locate,
  order: ChangeOrder = "either",
): { readonly rows: ProfileRow[]; readonly withinNoise: number } {
  const keys = new Map<string, { base?: FunctionShare; head?: FunctionShare }>();
  for (const f of base.functions) keys.set(f.key, { base: f });
  for (const f of head.functions) keys.set(f.key, { ...keys.get(f.key), head: f });
  const changes = [...keys.values()].map(({ base: b, head: h }) => {
    const pb = (b?.samples ?? 0) / Math.max(1, base.total);
    const ph = (h?.samples ?? 0) / Math.max(1, head.total);
    const se = Math.sqrt((pb * (1 - pb)) / Math.max(1, base.total) + (ph * (1 - ph)) / Math.max(1, head.total));
    const change = 100 * (ph - pb);
    const significant = Math.abs(change) >= MIN_CHANGE_POINTS && Math.abs(ph - pb) > NOISE_SIGMAS * se;
    const share = (h ?? b)!;
    return {
      significant,
      change,
      row: {
        name: share.name,
        location: locate(share),
        basePercent: percent(b?.samples ?? 0, base.total),
        headPercent: percent(h?.samples ?? 0, head.total),
        changePoints: change,
      },
    };
  });
  const key = (c: { change: number }) =>
    order === "grew" ? -c.change : order === "shrank" ? c.change : -Math.abs(c.change);
  const kept = changes.filter((c) => c.significant).sort((a, b) => key(a) - key(b));
  const withinNoise = changes.filter((c) => !c.significant && c.change !== 0).length;
  return { rows: kept.slice(0, PROFILE_ROWS).map((c) => c.row), withinNoise };
}

/** The head's functions with the largest shares (for `run`, which has no base profile). */
export function topShares(head: Shares, locate: Locate): ProfileRow[] {
  // Functions under half a percent say nothing a reader can act on.
  const shown = head.functions.filter((f) => percent(f.samples, head.total) >= MIN_CHANGE_POINTS);
  return shown.slice(0, PROFILE_ROWS).map((f) => ({
    name: f.name,
    location: locate(f),
    basePercent: null,
    headPercent: percent(f.samples, head.total),
    changePoints: null,
  }));
}
