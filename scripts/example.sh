#!/usr/bin/env bash
# Runs qc's main job on a shipped example. Installs what is missing first (scripts/setup.sh).
# Today: import the real PaddleOCR text-detection model (DBNet, 4.7 MB) at 1x3x640x640, print its graph IR and summary,
# and run it on ONNX Runtime with a real input tensor. See examples/paddleocr-det/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
exec bash examples/paddleocr-det/run.sh
