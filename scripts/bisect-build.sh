#!/usr/bin/env bash
# Every patch of the series must build on its own: check out each commit of
# the tree's "series" branch in turn and build what the series touches
# (drivers/vhost/, kernel/vhost_task.o, and the vhost kselftests once they
# exist), warnings as errors for the kernel objects.
# Usage: bisect-build.sh BASE   (uses build/BASE/linux and build/BASE/obj,
#                                after the patched kernel was built there)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: bisect-build.sh BASE}
work=$BUILD/${KSRC:+ksrc-}$base
tree=${KSRC:-$work/linux}
obj=$work/obj
[ -f "$obj/.config" ] || die "$obj is not configured: build the patched kernel first"
selftests=$(mktemp -d)
trap 'rm -rf "$selftests"; git -C "$tree" checkout -q -f series' EXIT

n=0
for c in $(git -C "$tree" rev-list --reverse base..series); do
	n=$((n + 1))
	git -C "$tree" checkout -q -f "$c"
	subject=$(git -C "$tree" log -1 --format=%s)
	log "[$n] $subject"
	make -s -C "$tree" O="$obj" KCFLAGS=-Werror -j"$(nproc)" \
		drivers/vhost/ kernel/vhost_task.o ||
		die "patch $n ($subject) does not build"
	if [ -d "$tree/tools/testing/selftests/vhost" ]; then
		make -s -C "$tree/tools/testing/selftests" O="$selftests" TARGETS=vhost \
			KHDR_INCLUDES="-isystem $obj/usr/include" >/dev/null ||
			die "patch $n ($subject): the vhost kselftests do not build"
	fi
done
log "all $n patches build on their own"
