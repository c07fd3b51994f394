#!/usr/bin/env bash
# Every patch of the series must build on its own: check out each commit of
# the tree's "series" branch in turn and compile, warnings as errors, every
# kernel C file that the series touches up to that commit (a file that is
# #included by another, like the KUnit suite, through its includer; a file
# that no configuration builds, like drivers/vhost/test.c, as a single
# object), the whole of drivers/vhost/, and the vhost kselftests once they
# exist.
# Usage: bisect-build.sh BASE   (uses build/BASE/linux and build/BASE/obj,
#                                after the patched kernel was built there)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: bisect-build.sh BASE}
tree=$(tree_dir "$base")
obj=$(obj_dir "$base")
[ -f "$obj/.config" ] || die "$obj is not configured: build the patched kernel first"
selftests=$(mktemp -d)
trap 'rm -rf "$selftests"; git -C "$tree" checkout -q -f series' EXIT

# The kbuild object that compiles a C file of the tree.
object_of() {
	local f=$1 includer
	includer=$(git -C "$tree" grep -l "#include \"$(basename "$f")\"" -- "$(dirname "$f")/*.c" |
		head -n 1 || true)
	[ -z "$includer" ] || f=$includer
	echo "${f%.c}.o"
}

stage_begin bisect-build "building every commit of the series on $base"
n=0
for c in $(git -C "$tree" rev-list --reverse base..series); do
	n=$((n + 1))
	git -C "$tree" checkout -q -f "$c"
	subject=$(git -C "$tree" log -1 --format=%s)
	mapfile -t objs < <(git -C "$tree" diff --name-only base HEAD -- '*.c' ':!tools/' |
		while read -r f; do object_of "$f"; done | sort -u)
	log "[$n] $subject: drivers/vhost/ ${objs[*]}"
	make -s -C "$tree" O="$obj" KCFLAGS=-Werror -j"$(nproc)" drivers/vhost/ "${objs[@]}" ||
		die "patch $n ($subject) does not build"
	if [ -d "$tree/tools/testing/selftests/vhost" ]; then
		make -s -C "$tree/tools/testing/selftests" O="$selftests" TARGETS=vhost \
			KHDR_INCLUDES="-isystem $obj/usr/include" >/dev/null ||
			die "patch $n ($subject): the vhost kselftests do not build"
	fi
done
stage_end bisect-build "all $n patches build on their own"
