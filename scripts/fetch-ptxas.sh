#!/usr/bin/env bash
# Optional: extract NVIDIA's PTX assembler (ptxas 11.8, Debian non-free nvidia-cuda-toolkit) into .cache/ptxas/ so the
# PTX validation tests run (QC_PTXAS=.cache/ptxas/ptxas scripts/test.sh). Only the one binary is extracted; the system's
# apt configuration is not changed and nothing is installed. Non-free, so scripts/setup.sh never does this by itself.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.cache/ptxas/ptxas"
if [[ -x "$dest" ]]; then
  echo "[ptxas] present: $dest"
  exit 0
fi
sources=/etc/apt/sources.list.d/debian.sources
[[ -f "$sources" ]] || { echo "[ptxas] $sources not found: this script expects Debian 12's deb822 apt sources" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial"
sed 's/^Components: main$/Components: non-free/' "$sources" > "$work/nonfree.sources"
ao=(-o "Dir::Etc::sourcelist=$work/nonfree.sources" -o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$work/lists")
echo "[ptxas] reading the non-free package index"
apt-get update "${ao[@]}" >/dev/null 2>"$work/update.log" || { cat "$work/update.log" >&2; exit 1; }
echo "[ptxas] downloading nvidia-cuda-toolkit (about 84 MB) to extract ptxas"
(cd "$work" && apt-get download "${ao[@]}" nvidia-cuda-toolkit >/dev/null 2>&1)
mkdir -p "$(dirname "$dest")"
dpkg-deb --fsys-tarfile "$work"/nvidia-cuda-toolkit_*.deb | tar -x -C "$work" ./usr/bin/ptxas
cp "$work/usr/bin/ptxas" "$dest.tmp" && mv "$dest.tmp" "$dest"
chmod +x "$dest"
"$dest" --version | tail -1
echo "[ptxas] ready: QC_PTXAS=$dest"
