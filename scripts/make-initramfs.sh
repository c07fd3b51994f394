#!/usr/bin/env bash
# Stage 7: pack the guest: busybox-static, guest/init, the installed
# kselftests and any extra static binaries the user asked for.
# Usage: make-initramfs.sh KSELFTEST_DIR OUT.cpio.gz [EXTRA_BINARY...]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ksft=${1?usage: make-initramfs.sh KSELFTEST_DIR|"" OUT.cpio.gz [EXTRA...]}
out=${2:?}
shift 2
busybox=${BUSYBOX:-/bin/busybox}
file -L "$busybox" | grep -q 'statically linked' ||
	die "$busybox is not a static busybox (apt-get install busybox-static)"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
chmod 755 "$stage"	# the guest's /, where harness.user runs the tests too
mkdir -p "$stage"/{bin,dev,etc,proc,sys,tmp,extra}
# root, and an unprivileged user for harness.user=nobody
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' >"$stage/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$stage/etc/group"
cp "$busybox" "$stage/bin/busybox"
install -m 755 "$TOP/guest/init" "$stage/init"
install -m 755 "$TOP/guest/timeout-shim" "$stage/bin/timeout-shim"
if [ -n "$ksft" ]; then
	cp -a "$ksft" "$stage/kselftest"
	# readable (and run_kselftest.sh executable) for harness.user too
	chmod -R a+rX "$stage/kselftest"
fi
for x in "$@"; do
	file -L "$x" | grep -Eq 'statically linked|static-pie' ||
		log "warning: $x is not statically linked; it may not run in the guest"
	install -m 755 "$x" "$stage/extra/"
done
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 >"$out"
log "initramfs $out ($(du -h "$out" | cut -f1))"
