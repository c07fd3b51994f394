#!/usr/bin/env bash
# Stage 5: build the kernel image of the tree's current checkout.
# Usage: build-kernel.sh SRC OBJ OUTDIR [FLAVOR]
#   (OUTDIR gets bzImage, config, kernelrelease; FLAVOR: see kconfig.sh)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$(realpath -m "${1:?usage: build-kernel.sh SRC OBJ OUTDIR}")
obj=$(realpath -m "${2:?}")
out=$(realpath -m "${3:?}")
mkdir -p "$out"
"$TOP/scripts/kconfig.sh" "$src" "$obj" "${4:-}"
stage_begin kernel "building $(git -C "$src" log -1 --format='%h %s') in $obj"
make -s -C "$src" O="$obj" -j"$(nproc)" bzImage
cp "$obj/arch/x86/boot/bzImage" "$out/bzImage"
cp "$obj/.config" "$out/config"
make -s -C "$src" O="$obj" kernelrelease >"$out/kernelrelease"
git -C "$src" rev-parse HEAD >"$out/commit"
stage_end kernel "$(cat "$out/kernelrelease")"
