#!/usr/bin/env bash
# Benchmark (not a test): the datapath cost of the series and the
# kill-to-reap latencies. Boots the primary base's unpatched and patched
# kernels with bench/vhost_flush_rtt, bench/vhost_net_tx_rtt,
# bench/vhost_vsock_stream and bench/vhost_kill_latency as the only guest
# programs, alternating ROUNDS times, and prints per measure each kernel's
# median, the patched/base ratio, the spread and a verdict against the ±1 %
# goal (vhost-harness bench-compare).
# Usage: [BENCH_CLOCK=wall|icount] [FLAVOR=ksft] bench.sh [ROUNDS]
#   ROUNDS       default 3; each boot runs BENCH_RUNS (5) runs of
#                BENCH_SECONDS (5) s of guest time
#   BENCH_CLOCK  wall (default): guest time is wall-clock time;
#                icount: QEMU counts instructions (-icount shift=0,sleep=off,
#                TCG), guest time is 1 ns per executed instruction
# Results: build/results/bench-[icount-]VARIANT-ROUND/ (each boot),
#          build/results/bench.json (every sample), bench-summary.txt
#          (bench-compare's output), bench-MEASURE.{svg,png} (the plots)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rounds=${1:-3}
clock=${BENCH_CLOCK:-wall}
case "$clock" in
wall) run_opts=() prefix=bench ;;
icount) run_opts=(--icount) prefix=bench-icount ;;
*) die "BENCH_CLOCK must be wall or icount, not '$clock'" ;;
esac
[ "$clock" != icount ] || [ "${ACCEL:-auto}" != kvm ] || die "BENCH_CLOCK=icount needs TCG (ACCEL=auto or tcg)"
# FLAVOR=ksft: kernels without debugging options (no lockdep), as a
# distribution would build them; default: the test kernels (lockdep on).
flavor=${FLAVOR:-}
prefix+=${flavor:+-$flavor}
base=$PRIMARY_BASE
tree=$(tree_dir "$base")
out=$BUILD/bench
mkdir -p "$out"
for v in base patched; do "$TOP/scripts/build-variant.sh" "$base" "$v" >/dev/null; done

# The benchmark plays a guest with the selftests' device and ring helpers.
src=$out/src
bench_sources "$tree" "$src" vhost_util vhost_rings net_dev vsock_dev uffd_stall
ccb() { bench_cc "$(obj_dir "$base")" "$src" "$@"; }
ccb -o "$out/vhost_net_tx_rtt" "$TOP/bench/vhost_net_tx_rtt.c" \
	"$TOP/bench/net_tx.c" "$src"/vhost/{vhost_util,vhost_rings,net_dev}.c
ccb -o "$out/vhost_kill_latency" "$TOP/bench/vhost_kill_latency.c" \
	"$src"/vhost/{vhost_util,vhost_rings,vsock_dev,uffd_stall}.c
ccb -o "$out/vhost_flush_rtt" "$TOP/bench/vhost_flush_rtt.c" \
	"$src"/vhost/{vhost_util,vhost_rings,vsock_dev}.c
ccb -o "$out/vhost_vsock_stream" "$TOP/bench/vhost_vsock_stream.c" \
	"$src"/vhost/{vhost_util,vhost_rings,vsock_dev}.c

# The guest is the same for both kernels: only the benchmarks in it.
"$TOP/scripts/make-initramfs.sh" "" "$out/initramfs.cpio.gz" \
	"$out/vhost_flush_rtt" "$out/vhost_net_tx_rtt" "$out/vhost_vsock_stream" \
	"$out/vhost_kill_latency" 2>/dev/null

results=$BUILD/results
runs=()
for r in $(seq 1 "$rounds"); do
	for v in base patched; do
		res=$results/$prefix-$v-$r
		"$BUILD/harness/vhost-harness" run --kernel "$(variant_dir "$base" "$v" "$flavor")/bzImage" \
			--initrd "$out/initramfs.cpio.gz" --out "$res" --name "$prefix-$v-$r" \
			--append "harness.mode=extra BENCH_SECONDS=${BENCH_SECONDS:-5} BENCH_RUNS=${BENCH_RUNS:-5} BENCH_KILLS=${BENCH_KILLS:-100}" \
			--accel "${ACCEL:-auto}" "${run_opts[@]}" --quiet >/dev/null || true
		runs+=("$v:$r:$res")
	done
done
# Every sample of the guests' output (guest-output.txt), then the medians,
# ratio, spread and verdict, then the plots.
"$BUILD/harness/vhost-harness" bench-json --clock "$clock" --out "$results/bench.json" "${runs[@]}"
"$BUILD/harness/vhost-harness" bench-compare "$results/bench.json" | tee "$results/bench-summary.txt"
"$TOP/scripts/bench-plot.sh" "$results/bench.json"
