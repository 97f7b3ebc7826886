#!/usr/bin/env bash
# Runs qc's main job on a shipped example. Installs what is missing first (scripts/setup.sh).
#  1. compile examples/fashion-cnn/recipe.yaml into a deployable package: calibrate, measure sensitivities, allocate
#     bits (GLPK), quantize, gate on top-1, lower to kernels, generate x86-64 code with LLVM 19 (out/fashion-cnn/fashion_cnn.qcpkg);
#  2. inspect the package, and verify it with qc's runtime against the same compressed model on ONNX Runtime;
#  3. time it against the FP32 model on ONNX Runtime;
#  4. (the earlier demo) import the real PaddleOCR text detector and print its graph IR summary.
# See examples/fashion-cnn/README.md and examples/paddleocr-det/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
OUT=out/fashion-cnn
PKG=$OUT/fashion_cnn.qcpkg

echo "== qc compile examples/fashion-cnn/recipe.yaml   (default emit: package)" >&2
scripts/qc compile examples/fashion-cnn/recipe.yaml -o "$PKG"

echo "== qc inspect $PKG" >&2
scripts/qc inspect "$PKG" | sed -n '1,/^weights/p'

# The same plan as a QDQ ONNX model (calibration and sensitivities come from the cache now), then the package against it
echo "== qc compile examples/fashion-cnn/recipe.yaml --emit onnx; qc verify $PKG against the QDQ model on ONNX Runtime" >&2
scripts/qc compile examples/fashion-cnn/recipe.yaml --emit onnx -o "$OUT" -q > /dev/null
scripts/qc verify "$PKG" --against "$OUT/fashion_cnn.qdq.onnx" --samples 8

echo "== qc bench $PKG against the FP32 model on ONNX Runtime" >&2
scripts/qc bench "$PKG" --against tests/fixtures/fashion-mnist/fashion_cnn.onnx --iterations 200

bash examples/paddleocr-det/run.sh
