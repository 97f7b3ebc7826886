#!/usr/bin/env bash
# Measures the facts behind TargetCatalog.Data.cs with llc (apt-get install llvm-19; not needed to build qc).
# Prints, per CPU name LLVM accepts for a 64-bit triple: vector bits, native fp16, (aarch64) native bf16 dot.
set -euo pipefail
LLC=${LLC:-llc-19}
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
cpus() { "$LLC" -mtriple="$1" -mcpu=help </dev/null 2>&1 | awk '/Available CPUs/{f=1;next} /Available features/{f=0} f && NF {print $1}'; }
features() { "$LLC" -mtriple="$1" -mcpu=help </dev/null 2>&1 | awk '/Available features/{f=1;next} /^Use \+feature/{f=0} f && NF {print $1}'; }
printf 'define float @f(float %%a, float %%b) {\n %%c = fadd float %%a, %%b\n ret float %%c\n}\n' > "$W/t.ll"
printf 'define <16 x float> @f(<16 x float> %%a, <16 x float> %%b) "prefer-vector-width"="512" "min-legal-vector-width"="512" {\n %%c = fadd <16 x float> %%a, %%b\n ret <16 x float> %%c\n}\ndefine half @h(half %%a, half %%b) {\n %%c = fadd half %%a, %%b\n ret half %%c\n}\n' > "$W/v.ll"
printf 'define half @h(half %%a, half %%b) {\n %%c = fadd half %%a, %%b\n ret half %%c\n}\n' > "$W/h.ll"
printf 'define <4 x float> @d(<8 x bfloat> %%a, <8 x bfloat> %%b, <4 x float> %%acc) {\n %%r = call <4 x float> @llvm.aarch64.neon.bfdot.v4f32.v8bf16(<4 x float> %%acc, <8 x bfloat> %%a, <8 x bfloat> %%b)\n ret <4 x float> %%r\n}\ndeclare <4 x float> @llvm.aarch64.neon.bfdot.v4f32.v8bf16(<4 x float>, <8 x bfloat>, <8 x bfloat>)\n' > "$W/b.ll"
echo "# x86_64: cpu vector-bits fp16"
for c in $(cpus x86_64-unknown-linux-gnu); do
  ("$LLC" -mtriple=x86_64-unknown-linux-gnu -mcpu="$c" "$W/t.ll" -o /dev/null; rc=$?; exit $rc) >/dev/null 2>&1 || continue   # aborts: 32-bit only
  a=$("$LLC" -mtriple=x86_64-unknown-linux-gnu -mcpu="$c" "$W/v.ll" -o - 2>/dev/null)
  w=128; grep -q ymm <<<"$a" && w=256; grep -q zmm <<<"$a" && w=512
  fp=0; grep -q vaddsh <<<"$a" && fp=1
  echo "$c $w $fp"
done
echo "# aarch64: cpu fp16 bf16"
for c in $(cpus aarch64-unknown-linux-gnu); do
  "$LLC" -mtriple=aarch64-unknown-linux-gnu -mcpu="$c" "$W/t.ll" -o /dev/null 2>/dev/null || continue
  fp=0; "$LLC" -mtriple=aarch64-unknown-linux-gnu -mcpu="$c" "$W/h.ll" -o - 2>/dev/null | grep -q $'fadd\th0' && fp=1
  bf=0; "$LLC" -mtriple=aarch64-unknown-linux-gnu -mcpu="$c" "$W/b.ll" -o - 2>/dev/null | grep -q bfdot && bf=1
  echo "$c $fp $bf"
done
echo "# nvptx64: processors"; cpus nvptx64-nvidia-cuda | tr '\n' ' '; echo
echo "# x86_64 features"; features x86_64-unknown-linux-gnu | grep -v -x -e 16bit-mode -e 32bit-mode -e 64bit | tr '\n' ' '; echo
echo "# aarch64 features"; features aarch64-unknown-linux-gnu | tr '\n' ' '; echo
echo "# nvptx64 PTX versions"; features nvptx64-nvidia-cuda | grep '^ptx' | tr '\n' ' '; echo
