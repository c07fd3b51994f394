#!/usr/bin/env bash
# Stages 8-9: boot a built variant under QEMU with the harness, which runs
# the tests, parses the console and writes the results.
# Usage: [FLAVOR=...] boot.sh BASE VARIANT [NAME] [-- HARNESS_ARGS...]
# Results: build/results/NAME/ (NAME defaults to BASE-VARIANT[-FLAVOR])
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: boot.sh BASE VARIANT [NAME] [-- HARNESS_ARGS...]}
variant=${2:?}
shift 2
name=$base-$variant${FLAVOR:+-$FLAVOR}
if [ $# -gt 0 ] && [ "$1" != -- ]; then name=$1; shift; fi
[ "${1:-}" != -- ] || shift

out=$(variant_dir "$base" "$variant" "${FLAVOR:-}")
results=$BUILD/results/$name
harness=$BUILD/harness/vhost-harness
[ -x "$harness" ] || die "$harness missing (make harness)"
rm -rf "$results"
mkdir -p "$results"
{
	echo "base: $(cat "$out/base-version")"
	echo "variant: $variant ($(cat "$out/kernelrelease"), commit $(cat "$out/commit"))"
} | tee "$results/kernel.txt" >&2
stage_begin boot "booting $name under QEMU"
rc=0
"$harness" run --kernel "$out/bzImage" --initrd "$out/initramfs.cpio.gz" \
	--out "$results" --name "$name" --accel "${ACCEL:-auto}" \
	--known-reports "$TOP/config/known-reports.list" "$@" || rc=$?
stage_end boot "results in $results (harness exit $rc)"
exit $rc
