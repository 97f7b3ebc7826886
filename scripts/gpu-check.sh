#!/usr/bin/env bash
# GPU execution check: qc's CUDA executor (runtime/Qc.Runtime/Cuda) runs real PTX packages, compared output by output
# with the same packages' CPU code on the same inputs (tools/gpu-check). Two steps, on two machines:
#   scripts/gpu-check.sh prepare   here (after scripts/setup.sh): writes out/gpu-check/ (git-ignored, about 35 MB):
#       bin/qc-gpu-check   the checker, published self-contained and trimmed (the GPU machine needs no .NET)
#       packages/*.qcpkg   fashion_cnn, PaddleOCR cls (1x3x48x192) and det (1x3x640x640), each for
#                          x86_64-linux-gnu:x86-64-v3, nvptx64-nvidia-cuda:sm_80 and nvptx64-nvidia-cuda:sm_90
#   scripts/gpu-check.sh run       on a machine with an NVIDIA GPU and driver (libcuda.so.1, or QC_CUDA_LIB): runs every
#       package on its first CUDA target (sm_80; an sm_90 GPU runs sm_80 PTX too) and its CPU target, prints max |diff|,
#       SQNR (60 dB needed) and median times. Exit 0 all pass, 1 a failure, 2 no usable GPU (the CPU part still runs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/out/gpu-check"
case "${1:-}" in
  prepare)
    bash "$ROOT/scripts/setup.sh" > /dev/null
    rm -rf "$OUT" && mkdir -p "$OUT/packages" "$OUT/recipes"
    dotnet publish "$ROOT/tools/gpu-check/GpuCheck.csproj" -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true \
      -o "$OUT/bin" -nologo > "$OUT/publish.log" 2>&1 || { grep -E "error" "$OUT/publish.log" >&2; exit 1; }
    recipe() { # name model input dims
      cat > "$OUT/recipes/$1.yaml" <<YAML
qc: 1
model: $2
inputs: { $3: [$4] }
target: x86_64-linux-gnu:x86-64-v3
output: ../packages/$1.qcpkg
YAML
      "$ROOT/scripts/qc" compile "$OUT/recipes/$1.yaml" --target x86_64-linux-gnu:x86-64-v3 \
        --target nvptx64-nvidia-cuda:sm_80 --target nvptx64-nvidia-cuda:sm_90 -o "$OUT/packages/$1.qcpkg" -q
    }
    recipe fashion_cnn "$ROOT/tests/fixtures/fashion-mnist/fashion_cnn.onnx" input "1, 1, 28, 28"
    recipe paddleocr_cls "$ROOT/.cache/models/ch_ppocr_mobile_v2.0_cls_infer.onnx" x "1, 3, 48, 192"
    recipe paddleocr_det "$ROOT/.cache/models/ch_PP-OCRv4_det_infer.onnx" x "1, 3, 640, 640"
    du -sh "$OUT" >&2
    echo "prepared $OUT; on the GPU machine: scripts/gpu-check.sh run" >&2
    ;;
  run)
    [ -x "$OUT/bin/qc-gpu-check" ] || { echo "run 'scripts/gpu-check.sh prepare' first (on a machine with the toolchain)" >&2; exit 1; }
    command -v nvidia-smi > /dev/null && nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
    exec "$OUT/bin/qc-gpu-check" --runs "${RUNS:-20}" "$OUT"/packages/*.qcpkg
    ;;
  *)
    echo "usage: scripts/gpu-check.sh prepare|run" >&2
    exit 2
    ;;
esac
