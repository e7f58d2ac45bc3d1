#!/usr/bin/env node
// Posts fxperf's Markdown report on a pull request (GitHub) or a merge request (GitLab), as one
// comment that later runs update in place: the comment is found again by a hidden marker. Used by
// action.yml and the GitLab CI template. Plain Node (18+), no dependencies.
//
//   node pr-comment.mjs <report.md>
//
// GitHub: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_API_URL (default
// https://api.github.com), and the pull request's number in FXPERF_PR, or GITHUB_EVENT_PATH's
// pull_request.number. GitLab (when GITLAB_CI is set): FXPERF_GITLAB_TOKEN, CI_API_V4_URL,
// CI_PROJECT_ID, CI_MERGE_REQUEST_IID.
//
// The CI step's result follows the measurement, not the comment: a token that may not write (a
// pull request from a fork gets a read-only one), an API that fails or times out, are warnings and
// exit 0. Only a missing report or a call without the settings it needs exits 2.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

export const MARKER = "<!-- fxperf-report -->";
const TIMEOUT_MS = Number(process.env.FXPERF_COMMENT_TIMEOUT_MS ?? 10_000);

function warn(message) {
  // GitHub Actions shows ::warning:: lines as annotations; elsewhere they read as plain warnings.
  process.stdout.write(`${process.env.GITHUB_ACTIONS ? "::warning::" : "warning: "}fxperf comment: ${message}\n`);
}

function usage(message) {
  process.stderr.write(`fxperf comment: ${message}\n`);
  process.exit(2);
}

/** One API call; resolves with the parsed body, or throws an Error carrying the status. */
async function call(method, url, headers, body) {
  const response = await fetch(url, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) {
    const error = new Error(`${method} ${new URL(url).pathname} answered ${response.status}: ${text.slice(0, 200)}`);
    error.status = response.status;
    throw error;
  }
  return text ? JSON.parse(text) : undefined;
}

/** Where the comments live and how to talk to them, for GitHub or GitLab. */
function target(env) {
  if (env.GITLAB_CI) {
    const { FXPERF_GITLAB_TOKEN: token, CI_API_V4_URL: api, CI_PROJECT_ID: project, CI_MERGE_REQUEST_IID: mr } = env;
    if (!token || !api || !project || !mr)
      usage(
        "GitLab needs FXPERF_GITLAB_TOKEN, CI_API_V4_URL, CI_PROJECT_ID and CI_MERGE_REQUEST_IID (run it in a merge-request pipeline)",
      );
    const notes = `${api}/projects/${encodeURIComponent(project)}/merge_requests/${mr}/notes`;
    return {
      name: `merge request !${mr}`,
      headers: { "PRIVATE-TOKEN": token },
      list: (page) => `${notes}?per_page=100&page=${page}`,
      create: notes,
      update: (id) => `${notes}/${id}`,
      updateMethod: "PUT",
    };
  }
  const { GITHUB_TOKEN: token, GITHUB_REPOSITORY: repo } = env;
  const api = (env.GITHUB_API_URL || "https://api.github.com").replace(/\/$/, "");
  let number = env.FXPERF_PR;
  if (!number && env.GITHUB_EVENT_PATH) {
    try {
      number = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8")).pull_request?.number;
    } catch {
      // No event file: handled below.
    }
  }
  if (!token || !repo) usage("GitHub needs GITHUB_TOKEN and GITHUB_REPOSITORY");
  if (!number) return undefined;
  return {
    name: `pull request #${number}`,
    headers: { authorization: `Bearer ${token}`, accept: "application/vnd.github+json" },
    list: (page) => `${api}/repos/${repo}/issues/${number}/comments?per_page=100&page=${page}`,
    create: `${api}/repos/${repo}/issues/${number}/comments`,
    update: (id) => `${api}/repos/${repo}/issues/comments/${id}`,
    updateMethod: "PATCH",
  };
}

/** Creates the comment, or updates the one an earlier run left. Resolves with what it did. */
export async function postComment(report, env = process.env) {
  const where = target(env);
  if (!where) {
    warn("not a pull request (no FXPERF_PR, no pull_request in the event): nothing posted");
    return "skipped";
  }
  const body = `${MARKER}\n${report}`;
  try {
    let existing;
    for (let page = 1; page <= 10 && !existing; page++) {
      const comments = await call("GET", where.list(page), where.headers);
      if (!Array.isArray(comments) || comments.length === 0) break;
      existing = comments.find((c) => typeof c.body === "string" && c.body.includes(MARKER));
      if (comments.length < 100) break;
    }
    if (existing) {
      await call(where.updateMethod, where.update(existing.id), where.headers, { body });
      process.stdout.write(`fxperf comment: updated the report on ${where.name}\n`);
      return "updated";
    }
    await call("POST", where.create, where.headers, { body });
    process.stdout.write(`fxperf comment: posted the report on ${where.name}\n`);
    return "created";
  } catch (error) {
    const status = error?.status;
    if (status === 403 || status === 401 || status === 404)
      warn(
        `the token may not comment on ${where.name} (${status}; a pull request from a fork gets a read-only token): ${error.message}`,
      );
    else if (error?.name === "TimeoutError")
      warn(`the API did not answer within ${TIMEOUT_MS / 1000} s: nothing posted`);
    else warn(`could not post on ${where.name}: ${error?.message ?? error}`);
    return "failed";
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (!file) usage("usage: node pr-comment.mjs <report.md>");
  let report;
  try {
    report = readFileSync(file, "utf8");
  } catch (error) {
    usage(`cannot read the report "${file}": ${error.message}`);
  }
  await postComment(report);
}
