#!/usr/bin/env bash
# make check stage: the vhost kselftests run the way upstream and
# distribution CI would run them, on the unpatched and the patched kernel:
#   ci-root        as root, with the default hung-task timeout (120 s)
#   ci-user        as an unprivileged user (nobody; the vhost devices
#                  readable by all, as some distributions' udev rules make
#                  them), hung-task timeout 120 s
#   ci-kthread     as root, vhost.fork_from_owner_default=0: kthread workers
#                  unless a test asks for a vhost_task (patched only)
#   ksft           a kernel configured as `make kselftest-merge` would for
#                  this target: platform + tools/testing/selftests/vhost/config,
#                  no debugging options (patched only)
# Each run must: finish every test within its timeout (no "# TIMEOUT"), give
# every skip a reason, leave no process behind (on the unpatched kernel the
# tasks of a deadlock that no kill can end are listed only), and on the patched kernel
# pass every test that runs (on the unpatched kernel the tests of
# config/expect-fail-on-base.txt fail, and nothing else may). The table of
# what each test did in each environment goes to build/results/upstream-ci.md.
# Usage: upstream-ci.sh BASE
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: upstream-ci.sh BASE}
H=$BUILD/harness/vhost-harness
rc=0
runs=()

# run VARIANT ENV HARNESS_ARGS...: boot, then check the run.
run() {
	local variant=$1 env=$2 name=$base-$1-$2 res brc=0
	shift 2
	res=$BUILD/results/$name
	"$TOP/scripts/boot.sh" "$base" "$variant" "$name" -- "$@" || brc=$?
	if [ "$variant" = base ]; then runs+=(--base "$res"); else runs+=(--patched "$res"); fi
	if [ $brc -gt 1 ] || { [ "$variant" = patched ] && [ $brc -ne 0 ]; }; then
		echo "upstream-ci: $name: harness exit $brc" >&2
		rc=1
	fi
	if grep -q '# TIMEOUT' "$res/console.log"; then
		echo "upstream-ci: $name: a test ran into its timeout" >&2
		rc=1
	fi
	# (a serial console ends its lines with CR LF)
	if ! grep -Eq '^vhost-harness: processes left: 0'$'\r''?$' "$res/console.log"; then
		echo "upstream-ci: $name: $(grep -m1 'vhost-harness: processes left' "$res/console.log" ||
			echo 'no process listing')" >&2
		# The unpatched kernel deadlocks for good in an expected failure
		# (vhost_scsi_kill.hotplug_after_kill): tasks no kill can end.
		[ "$variant" = base ] || rc=1
	fi
}

# The stress test's long run is make check's other boots; here 50 iterations.
short=VHOST_STRESS_ITERATIONS=50
for v in base patched; do
	run "$v" ci-root --append "harness.hung_task=120 $short"
	run "$v" ci-user --append "harness.hung_task=120 harness.user=nobody $short"
done
run patched ci-kthread --append "harness.hung_task=120 vhost.fork_from_owner_default=0 $short"
FLAVOR=ksft "$TOP/scripts/build-variant.sh" "$base" patched
FLAVOR=ksft run patched ksft --append "$short"

# Skips need a reason; the base runs fail exactly where expected.
"$H" matrix --expect-fail-on-base "$TOP/config/expect-fail-on-base.txt" \
	--markdown "$BUILD/results/upstream-ci.md" "${runs[@]}" || rc=1
exit $rc
