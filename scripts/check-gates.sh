#!/bin/sh
# CI performance gate: runs a project's perf suites with fxperf and passes its exit code through.
#
#   scripts/check-gates.sh [spec paths...]        (default: spec/)
#
# - Uses fxperf from FXPERF_BIN, PATH, or ~/.fxperf/bin; installs it with install.sh when missing
#   (FXPERF_INSTALL_BASE must then say where the release is; FXPERF_INSTALL_SCRIPT may name a local
#   copy of install.sh instead of downloading it).
# - When wrk is missing, load specs are skipped with a warning (the fallback path) instead of failing.
# - Writes JSON, JUnit and Markdown reports into FXPERF_REPORT_DIR (default: perf-reports/).
# Extra fxperf options go in FXPERF_ARGS, e.g. FXPERF_ARGS="--tags smoke --retries 1".
set -u

report_dir=${FXPERF_REPORT_DIR:-perf-reports}

find_fxperf() {
  if [ -n "${FXPERF_BIN:-}" ]; then echo "$FXPERF_BIN"; return; fi
  if command -v fxperf >/dev/null 2>&1; then command -v fxperf; return; fi
  dir=${FXPERF_INSTALL_DIR:-"$HOME/.fxperf/bin"}
  if [ -x "$dir/fxperf" ]; then echo "$dir/fxperf"; return; fi
}

fxperf=$(find_fxperf)
if [ -z "$fxperf" ]; then
  echo "check-gates: fxperf not found; installing it with install.sh" >&2
  if [ -n "${FXPERF_INSTALL_SCRIPT:-}" ]; then
    sh "$FXPERF_INSTALL_SCRIPT" || exit 3
  elif [ -n "${FXPERF_INSTALL_BASE:-}" ]; then
    if command -v curl >/dev/null 2>&1; then
      curl -fsSL "${FXPERF_INSTALL_BASE%/}/install.sh" | sh || exit 3
    else
      wget -qO- "${FXPERF_INSTALL_BASE%/}/install.sh" | sh || exit 3
    fi
  else
    echo "check-gates: cannot install fxperf: set FXPERF_INSTALL_BASE (or FXPERF_BIN to an existing binary)" >&2
    exit 3
  fi
  fxperf=$(find_fxperf)
  [ -n "$fxperf" ] || { echo "check-gates: install.sh ran but no fxperf binary was found" >&2; exit 3; }
fi

load_flag=""
if [ -z "${FXPERF_WRK:-}" ] && ! command -v wrk >/dev/null 2>&1; then
  echo "check-gates: warning: wrk is not installed; load specs will be reported as SKIP" >&2
  load_flag="--skip-load"
fi

mkdir -p "$report_dir"
[ "$#" -gt 0 ] || set -- spec/
# FXPERF_ARGS is split on words on purpose (it holds several options), but never glob-expanded.
set -f
# shellcheck disable=SC2086
"$fxperf" run "$@" $load_flag ${FXPERF_ARGS:-} \
  --reporter "json=$report_dir/fxperf-report.json" \
  --reporter "junit=$report_dir/fxperf-junit.xml" \
  --reporter "markdown=$report_dir/fxperf-summary.md"
status=$?
set +f
echo "check-gates: fxperf exited $status; reports in $report_dir/" >&2
exit $status
