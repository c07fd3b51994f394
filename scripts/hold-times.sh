#!/usr/bin/env bash
# Measurement (not a test): the longest legitimate vq->mutex holds, which
# set the kill handler's budget. Builds the primary base's patched kernel
# with lock statistics (FLAVOR=lockstat: the test kernel + CONFIG_LOCK_STAT),
# boots it with bench/vhost_hold_times as the only guest program, under
# instruction counting by default (HOLD_CLOCK=icount: -icount
# shift=0,sleep=off, so the host's load does not count), and writes the
# table of build/results/hold-times.md.
# Usage: [HOLD_CLOCK=icount|wall] [HOLD_SECONDS=10] hold-times.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=$PRIMARY_BASE
clock=${HOLD_CLOCK:-icount}
case "$clock" in
icount) run_opts=(--icount) ;;
wall) run_opts=() ;;
*) die "HOLD_CLOCK must be icount or wall, not '$clock'" ;;
esac
tree=$(tree_dir "$base")
out=$BUILD/hold-times
res=$BUILD/results/hold-times-$clock
FLAVOR=lockstat "$TOP/scripts/build-variant.sh" "$base" patched >/dev/null

# The guest program uses the selftests' device and ring helpers.
bench_sources "$tree" "$out/src" vhost_util vhost_rings net_dev vsock_dev
bench_cc "$(obj_dir "$base" lockstat)" "$out/src" -o "$out/vhost_hold_times" \
	"$TOP/bench/vhost_hold_times.c" "$TOP/bench/net_tx.c" \
	"$out"/src/vhost/{vhost_util,vhost_rings,net_dev,vsock_dev}.c
"$TOP/scripts/make-initramfs.sh" "" "$out/initramfs.cpio.gz" "$out/vhost_hold_times" 2>/dev/null

stage_begin hold-times "booting the lock-statistics kernel ($clock clock)"
"$BUILD/harness/vhost-harness" run --kernel "$(variant_dir "$base" patched lockstat)/bzImage" \
	--initrd "$out/initramfs.cpio.gz" --out "$res" --name "hold-times-$clock" \
	--append "harness.mode=extra HOLD_SECONDS=${HOLD_SECONDS:-10}" \
	--accel "${ACCEL:-auto}" "${run_opts[@]}" --quiet >/dev/null || true
stage_end hold-times "console in $res"

lines=$(grep -h '^hold-times: [a-z-]* acquisitions=' "$res/guest-output.txt" || true)
[ -n "$lines" ] || die "no hold times in $res/guest-output.txt (see its console.log)"
{
	echo "| load | acquisitions | longest hold (ms) | mean hold (us) |"
	echo "| --- | --- | --- | --- |"
	sed -E 's/^hold-times: ([a-z-]+) acquisitions=([0-9]+) holdtime-max-us=([0-9.]+) holdtime-avg-us=([0-9.]+)$/\1 \2 \3 \4/' <<<"$lines" |
		awk '{ printf "| %s | %s | %.2f | %.2f |\n", $1, $2, $3 / 1000, $4 }'
	echo
	echo "Clock: $clock; $(grep -h '^hold-times: [0-9]* s per load' "$res/guest-output.txt");" \
		"kernel: $(cat "$(variant_dir "$base" patched lockstat)/kernelrelease")."
} | tee "$BUILD/results/hold-times.md"
