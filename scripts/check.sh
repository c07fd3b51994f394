#!/usr/bin/env bash
# The full test suite (`make check`): harness unit tests, series hygiene,
# the series applied on both bases, the in-guest tests (kselftests, and the
# KUnit suite at boot) on the unpatched 7.3 base, the patched 7.3 kernel and
# the patched 6.12 kernel, base and patched compared, and a boot that must
# show lockdep's report of a flush under a lock a work function takes.
# Writes build/results/check-summary.txt.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# Run with a PATH that holds only the commands the packages of
# config/packages.list (and Debian's required base) provide: a script, a
# Makefile rule or a kernel or selftests build that calls anything else
# fails here instead of on a fresh machine.
"$TOP/scripts/deps.sh" check
"$TOP/scripts/deps.sh" toolpath "$BUILD/toolpath"
export PATH=$BUILD/toolpath

summary=$BUILD/results/check-summary.txt
# ccache's statistics count this run only (lib.sh; printed at the end).
ccache -z >/dev/null 2>&1 || true
rm -rf "$BUILD/results/stages"
mkdir -p "$BUILD/results/stages"
: >"$summary"
failed=()
t0=$(now)

# stage NAME COMMAND...: run one stage, time it, record its verdict; its
# output also goes to build/results/stages/NAME.log.
stage() {
	local name=$1 start rc=0
	shift
	start=$(now)
	log "[$name] $*"
	"$@" 2>&1 | tee "$BUILD/results/stages/$name.log" || rc=${PIPESTATUS[0]}
	printf '%-28s %-5s %4ds\n' "$name" "$([ $rc -eq 0 ] && echo ok || echo FAIL)" \
		"$(($(now) - start))" | tee -a "$summary" >&2
	[ $rc -eq 0 ] || failed+=("$name")
	return 0
}

# An unpatched run is expected to fail its reproducer tests, not to break.
boot_base() {
	local rc=0
	"$TOP/scripts/boot.sh" "$@" || rc=$?
	[ $rc -le 1 ] || return $rc
}

# The flush map's own check: boots that provoke the report on purpose, one
# per case (lockdep turns itself off after one report): a flush under a lock
# that a work function takes, of a live, a killed and an idle worker. The
# report is required, and must name the map.
lockdep_check() {
	local base=$1 case=$2 name=$1-lockdep-$2
	"$TOP/scripts/boot.sh" "$base" patched "$name" -- \
		--append "harness.mode=none vhost.flush_lockdep_test=1 kunit.filter_glob=vhost_flush_lockdep.vhost_flush_lockdep_$case" \
		--expect-report 'possible circular locking dependency' \
		--expect-report-body '\(vhost_worker_flush\)'
}

P=$PRIMARY_BASE
H=$BUILD/harness/vhost-harness
stage deps-named "$TOP/scripts/test-deps.sh" "$BUILD/toolpath"
stage harness-build "$TOP/scripts/build-harness.sh"
stage harness-unit-tests ctest --test-dir "$BUILD/harness" --output-on-failure
stage harness-sanitize "$TOP/scripts/harness-sanitize.sh"
stage harness-fuzz "$TOP/scripts/harness-fuzz.sh" 30
stage ksrc-untouched "$TOP/scripts/test-ksrc.sh"
stage apply-$P "$TOP/scripts/tree.sh" "$P"
stage apply-6.12 "$TOP/scripts/tree.sh" 6.12
stage mirrors "$TOP/scripts/mirrors.sh" check
while read -r name dir; do
	stage checkpatch-$P-$name "$TOP/scripts/checkpatch.sh" "$(tree_dir "$P")" "$dir"
done < <(base_series "$P")
stage checkpatch-6.12 "$TOP/scripts/checkpatch.sh" "$(tree_dir 6.12)" "$(series_dir 6.12)"
stage build-$P-base "$TOP/scripts/build-variant.sh" "$P" base
stage boot-$P-base boot_base "$P" base
# With ACCEL=auto every boot probes KVM first (8 s when it does not work):
# the first boot's answer holds for the others.
if [ "${ACCEL:-auto}" = auto ]; then
	accel=$(sed -n 's/^accel: \([a-z]*\).*/\1/p' "$BUILD/results/$P-base/summary.txt" 2>/dev/null || true)
	[ -z "$accel" ] || { export ACCEL=$accel; log "accelerator of the other boots: $accel (probed once)"; }
fi
# Each series after the first is compared with the kernel without it.
while read -r name dir; do
	[ "$dir" != "$(series_dir "$P")" ] || continue
	stage build-$P-without-$name "$TOP/scripts/build-variant.sh" "$P" "without-$name"
	stage boot-$P-without-$name boot_base "$P" "without-$name"
done < <(base_series "$P")
stage build-$P-patched "$TOP/scripts/build-variant.sh" "$P" patched
# The stress kselftest runs from a fixed seed in every other boot, and from
# a fresh one here (a failure prints its seed: make stress STRESS_SEED=...).
seed=$(fresh_seed)
log "vhost_kill_stress seed for the patched boot: $seed"
echo "vhost_kill_stress seed of boot-$P-patched: $seed" >>"$summary"
stage boot-$P-patched "$TOP/scripts/boot.sh" "$P" patched -- --append "VHOST_STRESS_SEED=$seed"
stage bisect-build-$P "$TOP/scripts/bisect-build.sh" "$P"
stage compare-$P "$H" compare --base "$BUILD/results/$P-base" \
	--patched "$BUILD/results/$P-patched" \
	--expect-fail-on-base "$TOP/config/expect-fail-on-base.txt"
while read -r name dir; do
	[ "$dir" != "$(series_dir "$P")" ] || continue
	stage compare-$P-$name "$H" compare --base "$BUILD/results/$P-without-$name" \
		--patched "$BUILD/results/$P-patched" \
		--expect-fail-on-base "$TOP/config/expect-fail-without-$name.txt"
done < <(base_series "$P")
for c in live killed idle; do
	stage lockdep-$P-$c lockdep_check "$P" "$c"
done
stage upstream-ci-$P "$TOP/scripts/upstream-ci.sh" "$P"
# KASAN, kmemleak, debug objects: the whole kselftest, the KUnit suites and
# the stress slice, then a leak scan; any report fails the run.
stage build-$P-deepdebug env FLAVOR=deepdebug "$TOP/scripts/build-variant.sh" "$P" patched
stage boot-$P-deepdebug env FLAVOR=deepdebug "$TOP/scripts/boot.sh" "$P" patched -- \
	--append "harness.kmemleak=1"
stage build-6.12-patched "$TOP/scripts/build-variant.sh" 6.12 patched
stage boot-6.12-patched "$TOP/scripts/boot.sh" 6.12 patched

printf '%-28s %-5s %4ds\n' total "$([ ${#failed[@]} -eq 0 ] && echo ok || echo FAIL)" \
	"$(($(now) - t0))" | tee -a "$summary" >&2
{
	echo "== ccache (compiles reused from \$CACHE/ccache by this run)"
	ccache -s 2>/dev/null | sed -n '/^Cacheable/,/^Uncacheable/p' || echo "(no ccache)"
} >>"$summary"
for r in "$BUILD"/results/*/summary.txt; do
	[ -f "$r" ] && { echo "== $(basename "$(dirname "$r")")"; cat "$r"; }
done >>"$summary"
if [ ${#failed[@]} -gt 0 ]; then
	# A CI log may keep only its end: say there what failed, and why.
	for name in "${failed[@]}"; do
		echo "== $name: what it said of its failures" >&2
		grep -E '^(FAIL|INFRA|  \|)|error' "$BUILD/results/stages/$name.log" |
			tail -n 40 >&2 || tail -n 15 "$BUILD/results/stages/$name.log" >&2
	done
	echo "make check: FAILED: ${failed[*]}" >&2
	exit 1
fi
echo "make check: all stages passed ($summary)" >&2
