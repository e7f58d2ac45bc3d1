/**
 * A spec's CPU profile in the HTML reports: the rows of "what changed" (or the head's top
 * functions) as a table, and an icicle chart of the head's call tree (callers above callees, width
 * by samples) with the functions whose share grew in red. Inline SVG, nothing fetched. Pure.
 */
import { escapeXml as escapeHtml } from "../format/escape.ts";
import type { IcicleNode, ProfileSummary } from "../result/profile-summary.ts";
import { profileHeadline } from "./profile-lines.ts";

const WIDTH = 960;
const ROW = 18;

/** The icicle chart as inline SVG. */
export function renderIcicleSvg(root: IcicleNode): string {
  const rects: string[] = [];
  let depth = 0;
  const place = (node: IcicleNode, x: number, width: number, level: number) => {
    depth = Math.max(depth, level + 1);
    const share = root.samples > 0 ? ((100 * node.samples) / root.samples).toFixed(1) : "0";
    const title = `${node.name}${node.location ? ` ${node.location}` : ""}: ${node.samples} samples (${share}%)${node.grew ? ", its share grew" : ""}`;
    const fill = node.grew ? "#cf222e" : level % 2 === 0 ? "#9db8d9" : "#b9cde4";
    const label =
      width > 50
        ? `<text x="${(x + 3).toFixed(1)}" y="${level * ROW + 13}" font-size="11">${escapeHtml(clip(node.name, width))}</text>`
        : "";
    rects.push(
      `<g><title>${escapeHtml(title)}</title><rect x="${x.toFixed(1)}" y="${level * ROW}" width="${Math.max(0.5, width - 0.5).toFixed(1)}" height="${ROW - 1}" fill="${fill}"/>${label}</g>`,
    );
    let offset = x;
    for (const child of node.children) {
      const w = node.samples > 0 ? (width * child.samples) / node.samples : 0;
      place(child, offset, w, level + 1);
      offset += w;
    }
  };
  place(root, 0, WIDTH, 0);
  return `<svg class="icicle" viewBox="0 0 ${WIDTH} ${depth * ROW}" width="100%" role="img" aria-label="icicle chart of the head's CPU profile">${rects.join("")}</svg>`;
}

/** As much of `text` as fits in `width` pixels at about 6.5 px a character. */
function clip(text: string, width: number): string {
  const fits = Math.floor((width - 6) / 6.5);
  return text.length <= fits ? text : `${text.slice(0, Math.max(1, fits - 1))}…`;
}

/** The profile's section inside a spec's section. */
export function renderProfileHtml(summary: ProfileSummary): string {
  const pct = (x: number | null) => (x === null ? "–" : `${x.toFixed(1)}%`);
  const change = summary.kind === "change";
  const head = change ? "<th>Change</th><th>Base</th><th>Head</th>" : "<th>Self</th>";
  const rows = summary.rows
    .map(
      (r) =>
        `<tr>${change ? `<td class="num">${r.changePoints === null ? "–" : `${r.changePoints >= 0 ? "+" : ""}${r.changePoints.toFixed(1)} pts`}</td><td class="num">${pct(r.basePercent)}</td><td class="num">${pct(r.headPercent)}</td>` : `<td class="num">${pct(r.headPercent)}</td>`}<td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.location)}</td></tr>`,
    )
    .join("");
  const files = [summary.files.base, summary.files.head].filter((f): f is string => f !== null);
  return `<div class="profile"><h4>CPU profile: ${change ? "what changed" : "where the time goes"}</h4><p class="meta">${escapeHtml(profileHeadline(summary))}</p>${
    rows
      ? `<table><thead><tr>${head}<th>Function</th><th>Where</th></tr></thead><tbody>${rows}</tbody></table>`
      : "<p>No function's share changed beyond sampling noise.</p>"
  }<p class="meta">The head's call tree (callers above callees; red: share grew):</p>${renderIcicleSvg(summary.icicle)}<p class="meta">Files: ${files.map(escapeHtml).join(", ")} (open in Chrome DevTools, VS Code or speedscope)</p></div>`;
}
