#!/bin/sh
# Installs the system tools the test suite drives for real, when they are missing:
# wrk (load tests), Chromium (the HTML report's end-to-end test) and PostgreSQL (the history store's
# tests start a throw-away cluster), from Debian's packages.
# Needs root and apt-get (as on the CI and development machines); elsewhere it says what to install.
set -eu

missing=""
command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
[ -n "$missing" ] || exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing$missing (Debian packages) for the test suite"
  apt-get update -qq
  # shellcheck disable=SC2086 # the list is split on purpose
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
else
  echo "the test suite needs$missing on PATH: install them (apt-get install$missing, brew install wrk chromium postgresql) and run again" >&2
  exit 1
fi
