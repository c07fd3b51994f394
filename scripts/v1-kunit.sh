#!/usr/bin/env bash
# The series' KUnit suite against series v1 (the patches of commit 29eda97
# of this repository), which a review found two defects in: the release
# path could overtake the kill handler (its flush returned while the
# handler still ran work) and the kill handler spent its budget on other
# workers' virtqueues. Applies v1 to a fresh 7.3 clone, puts the current
# drivers-vhost/vhost_kill_kunit.c in its place, builds the test kernel and
# boots it with KUnit only. Expected: vhost_kill_flush_waits_for_handler and
# vhost_kill_other_workers_vq fail (they pass on the current series in
# every make check boot). Not part of make check (a kernel from scratch).
# Usage: v1-kunit.sh        Results: build/results/v1-kunit/
set -euo pipefail
. "$(dirname "$0")/lib.sh"

V1=29eda97
dir=$(work_dir "$PRIMARY_BASE")/v1-kunit
tree=$dir/linux
rm -rf "$tree" "$dir/patches"
mkdir -p "$dir/patches"
clone_base "$PRIMARY_BASE" "$tree"
git -C "$TOP" ls-tree --name-only "$V1" patches/ | grep '\.patch$' | grep -v '/0000-' |
	while read -r p; do git -C "$TOP" show "$V1:$p" >"$dir/$p"; done
# (kconfig.sh takes the series' config fragments from branch "series")
git -C "$tree" checkout -q -B series
git -C "$tree" -c user.name="$PROJECT_NAME" -c user.email="$PROJECT_EMAIL" \
	am -q "$dir"/patches/*.patch
# The current KUnit file, and the current selftests' config fragment (v1's
# lacked the options vhost-scsi and tun depend on): configuration and test
# only, the code under test stays v1's.
cp "$TOP/drivers-vhost/vhost_kill_kunit.c" "$tree/drivers/vhost/vhost_kill_kunit.c"
cp "$TOP/tools-testing-selftests-vhost/config" "$tree/tools/testing/selftests/vhost/config"
git -C "$tree" -c user.name="$PROJECT_NAME" -c user.email="$PROJECT_EMAIL" \
	commit -q -am "vhost: the current KUnit suite on series v1"
"$TOP/scripts/build-kernel.sh" "$tree" "$dir/obj" "$dir/out" ""
"$TOP/scripts/make-initramfs.sh" "" "$dir/initramfs.cpio.gz"
res=$BUILD/results/v1-kunit
"$BUILD/harness/vhost-harness" run --kernel "$dir/out/bzImage" --initrd "$dir/initramfs.cpio.gz" \
	--out "$res" --name v1-kunit --append "harness.mode=none" --accel "${ACCEL:-auto}" \
	--known-reports "$TOP/config/known-reports.list" --quiet >/dev/null || true
cat "$res/summary.txt"
for c in vhost_kill_flush_waits_for_handler vhost_kill_other_workers_vq; do
	grep -q "^FAIL: test failed: vhost_kill/$c$" "$res/summary.txt" ||
		die "$c did not fail on series v1"
done
log "series v1: the two KUnit cases for its review's defects 2 and 5 fail, as expected"
