#!/usr/bin/env bash
# make fresh-check: both README commands on a truly fresh userland. A minimal
# Debian 12 (debootstrap --variant=minbase) gets only the packages of
# config/packages.list (scripts/deps.sh install, as .ci/run does), a clone
# of this repository's HEAD, and then:
#   1. for each of rsync, cpio, qemu-system-x86 and busybox-static: remove
#      it, and require that `make` stops within 10 s naming it; reinstall;
#   2. `make`, then `make check`, each timed.
# The chroot has an empty download cache, so the kernel sources are fetched
# again. Times go to build/fresh/times.txt. Needs root (debootstrap, chroot,
# mounts, all inside a private mount namespace).
# Usage: fresh-check.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || die "fresh-check needs root (debootstrap and chroot)"
command -v debootstrap >/dev/null || die "debootstrap missing (config/packages.list)"
fresh=$BUILD/fresh
root=$fresh/root
mirror=${DEBIAN_MIRROR:-http://deb.debian.org}/debian
times=$fresh/times.txt

rm -rf "$fresh"
mkdir -p "$fresh"
stage_begin debootstrap "minimal Debian 12 in $root"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$fresh/debootstrap.log" 2>&1 ||
	{ tail -20 "$fresh/debootstrap.log" >&2; die "debootstrap failed"; }
stage_end debootstrap
cp /etc/resolv.conf "$root/etc/resolv.conf"
git clone -q "$TOP" "$root/work/main"

# Everything below runs in the chroot, in a private mount namespace, so the
# mounts go away with it.
cat >"$root/fresh-run.sh" <<'IN'
#!/bin/bash
set -euo pipefail
cd /work/main
mkdir -p /work/logs
# run NAME CMD...: run a step with its output in /work/logs/NAME.log, timed.
run() {
	local name=$1 s=$SECONDS rc=0
	shift
	"$@" >"/work/logs/$name.log" 2>&1 || rc=$?
	echo "== $name: $((SECONDS - s)) s, exit $rc"
	return $rc
}
run install scripts/deps.sh install
for pkg in rsync cpio qemu-system-x86 busybox-static; do
	dpkg --remove --force-depends "$pkg" >/dev/null 2>&1
	s=$SECONDS
	if out=$(timeout 10 make 2>&1); then
		echo "FAIL: make passed without $pkg"; exit 1
	fi
	grep -q "($pkg)" <<<"$out" ||
		{ echo "FAIL: make without $pkg did not name it:"; echo "$out"; exit 1; }
	echo "== without $pkg: make stopped in $((SECONDS - s)) s, naming it"
	apt-get install -y -q --no-install-recommends "$pkg" >/dev/null 2>&1
done
run make make || { tail -30 /work/logs/make.log; exit 1; }
tail -3 /work/logs/make.log
run make-check make check || { tail -40 /work/logs/make-check.log; exit 1; }
tail -30 /work/logs/make-check.log
IN
chmod +x "$root/fresh-run.sh"
stage_begin fresh "deps, missing-package checks, make, make check in the chroot"
rc=0
unshare --mount --propagation private /bin/bash -c '
	set -e
	root=$1
	mount -t proc proc "$root/proc"
	mount -t sysfs sysfs "$root/sys"
	mount --rbind /dev "$root/dev"
	mount -t tmpfs tmpfs "$root/tmp"
	chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/fresh-run.sh' _ "$root" 2>&1 | tee "$times" || rc=$?
cp "$root"/work/logs/*.log "$fresh/" 2>/dev/null || true
stage_end fresh "$(grep -c '^==' "$times") steps, exit $rc"
exit $rc
