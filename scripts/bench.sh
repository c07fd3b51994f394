#!/usr/bin/env bash
# Benchmark (not a test): the datapath cost of the series. Boots the
# primary base's unpatched and patched kernels with bench/vhost_net_tx_rtt as the only
# guest program, alternating ROUNDS times, and prints each kernel's median
# rate of vhost-net TX round trips and the patched/base ratio.
# Usage: bench.sh [ROUNDS]   (default 3; each boot runs 5 runs of 5 s)
# Results: build/results/bench-*/ and build/results/bench-summary.txt
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rounds=${1:-3}
base=$PRIMARY_BASE
tree=$(tree_dir "$base")
out=$BUILD/bench
mkdir -p "$out"
for v in base patched; do "$TOP/scripts/build-variant.sh" "$base" "$v" >/dev/null; done

# The benchmark plays a guest with the selftests' device and ring helpers,
# compiled from the series as they are.
mkdir -p "$out/src/vhost"
for f in vhost_util.c vhost_util.h vhost_rings.c vhost_rings.h net_dev.c net_dev.h; do
	git -C "$tree" show "series:tools/testing/selftests/vhost/$f" >"$out/src/vhost/$f"
done
git -C "$tree" show series:tools/testing/selftests/kselftest.h >"$out/src/kselftest.h"
cc -O2 -Wall -Werror -static -pthread -isystem "$(obj_dir "$base")/usr/include" -I "$out/src/vhost" \
	-o "$out/vhost_net_tx_rtt" "$TOP/bench/vhost_net_tx_rtt.c" \
	"$out"/src/vhost/{vhost_util,vhost_rings,net_dev}.c

# The guest is the same for both kernels: only the benchmark in it.
"$TOP/scripts/make-initramfs.sh" "" "$out/initramfs.cpio.gz" "$out/vhost_net_tx_rtt" 2>/dev/null

summary=$BUILD/results/bench-summary.txt
: >"$summary"
for r in $(seq 1 "$rounds"); do
	for v in base patched; do
		res=$BUILD/results/bench-$v-$r
		"$BUILD/harness/vhost-harness" run --kernel "$(variant_dir "$base" "$v")/bzImage" \
			--initrd "$out/initramfs.cpio.gz" --out "$res" --name "bench-$v-$r" \
			--append "harness.mode=extra" --accel "${ACCEL:-auto}" --quiet >/dev/null || true
		# The guest's own output (guest-output.txt), each line once.
		sed -n "s/.*vhost-net tx rtt: rounds=[0-9]* rate=\\([0-9.]*\\).*/$v \\1/p" \
			"$res/guest-output.txt" >>"$summary"
	done
done
# Medians of the rates, sorted per kernel.
sort -k1,1 -k2,2n "$summary" |
awk '{ rate[$1, ++n[$1]] = $2 }
     END {
	for (v in n) {
		i = n[v]
		med[v] = (i % 2) ? rate[v, (i + 1) / 2] : (rate[v, i / 2] + rate[v, i / 2 + 1]) / 2
		printf "%-8s runs=%d median=%.1f round trips/s\n", v, i, med[v]
	}
	if (med["base"] > 0)
		printf "ratio patched/base = %.3f\n", med["patched"] / med["base"]
     }' | tee -a "$summary"
