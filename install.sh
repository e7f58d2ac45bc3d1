#!/bin/sh
# Installs the fxperf binary on a CI host:
#
#   curl -fsSL "$FXPERF_INSTALL_BASE/install.sh" | sh
#
# FXPERF_INSTALL_BASE  release base URL: the folder `npm run release` lays out, or a GitHub releases
#                      URL (https://github.com/<owner>/<repo>/releases); a release's own install.sh
#                      has it filled in
# FXPERF_VERSION       a version to pin, e.g. 0.1.0 (default: latest)
# FXPERF_INSTALL_DIR   where to put fxperf (default: ~/.fxperf/bin)
#
# It picks the binary for this OS and architecture, checks its SHA-256 against the release's
# checksums.txt, and moves it into place only when it matches: a failed download or a checksum
# mismatch leaves no binary behind (and an existing one untouched). Running it again is harmless.
# POSIX sh (with tr and awk); needs curl or wget, and sha256sum or shasum.
set -eu

DEFAULT_BASE=""
base=${FXPERF_INSTALL_BASE:-$DEFAULT_BASE}
version=${FXPERF_VERSION:-latest}

fail() {
  echo "fxperf install: $*" >&2
  exit 1
}

if [ -n "${FXPERF_INSTALL_DIR:-}" ]; then
  install_dir=$FXPERF_INSTALL_DIR
elif [ -n "${HOME:-}" ]; then
  install_dir="$HOME/.fxperf/bin"
else
  fail "HOME is not set, so there is no default install directory: set FXPERF_INSTALL_DIR to where fxperf should go"
fi

[ -n "$base" ] || fail "no release base URL: set FXPERF_INSTALL_BASE to where the fxperf release is published"
base=${base%/}

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) fail "unsupported OS \"$(uname -s)\": fxperf ships binaries for Linux and macOS" ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) fail "unsupported architecture \"$(uname -m)\": fxperf ships binaries for x64 and arm64" ;;
esac

case "$version" in
  latest) folder=latest ;;
  v*) folder=$version ;;
  *) folder="v$version" ;;
esac
asset="fxperf-$os-$arch"

# A release folder (bun build.ts --release) has $base/<folder>/<file>; a GitHub releases URL
# (https://github.com/<owner>/<repo>/releases) has .../latest/download/<file> and
# .../download/v<version>/<file>.
url_of() { # file
  case "$base" in
    */releases)
      if [ "$folder" = latest ]; then echo "$base/latest/download/$1"; else echo "$base/download/$folder/$1"; fi ;;
    *) echo "$base/$folder/$1" ;;
  esac
}

download() { # url file
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$2" "$1"
  else
    fail "neither curl nor wget is installed"
  fi
}

sha256() { # file
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    fail "neither sha256sum nor shasum is installed: cannot verify the download"
  fi
}

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t fxperf)
# On any exit: remove the downloads and a half-moved binary. On a signal: stop there.
trap 'rm -rf "$tmp"; rm -f "$install_dir/.fxperf.new"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

download "$(url_of checksums.txt)" "$tmp/checksums.txt" || fail "cannot download $(url_of checksums.txt) (is FXPERF_VERSION=$version published?)"
# "<sha256>  <name>" per line, as sha256sum writes it; also "<sha256> *<name>" (binary mode) and CRLF
# line endings, as other tools and editors write it.
expected=$(tr -d '\r' <"$tmp/checksums.txt" | awk -v asset="$asset" '{ name = $2; sub(/^\*/, "", name); if (name == asset) { print $1; exit } }')
[ -n "$expected" ] || fail "the release $folder has no binary for $os-$arch (not listed in checksums.txt)"

target="$install_dir/fxperf"
if [ -f "$target" ] && [ "$(sha256 "$target")" = "$expected" ]; then
  echo "fxperf $folder ($os-$arch) is already installed at $target"
  exit 0
fi

download "$(url_of "$asset")" "$tmp/$asset" || fail "cannot download $(url_of "$asset")"
actual=$(sha256 "$tmp/$asset")
[ "$actual" = "$expected" ] || fail "checksum mismatch for $asset: expected $expected, got $actual; nothing was installed"

mkdir -p "$install_dir"
chmod +x "$tmp/$asset"
# Move within the target directory so the replacement is atomic.
mv "$tmp/$asset" "$install_dir/.fxperf.new"
mv "$install_dir/.fxperf.new" "$target"
echo "installed fxperf $folder ($os-$arch) at $target"
case ":$PATH:" in
  *":$install_dir:"*) ;;
  *) echo "add it to PATH: export PATH=\"$install_dir:\$PATH\"" ;;
esac
