#!/usr/bin/env bash
# Stages 3-7 for one kernel variant: tree with the series, kernel, vhost
# kselftests, initramfs. A stage is skipped when its inputs did not change.
# Usage: [FLAVOR=ksft|deepdebug] build-variant.sh BASE VARIANT [EXTRA_BINARY...]
#   VARIANT  patched        every series (branch "series")
#            base           the base with only the selftest patches
#                           ("selftests-only")
#            without-NAME   every series but the kernel patches of NAME
#                           (branch "without-NAME", see tree.sh)
#   FLAVOR   the kernel configuration (kconfig.sh); default: the test kernel
# Output: $(variant_dir BASE VARIANT FLAVOR)/{bzImage,config,kernelrelease,
#         commit,kselftest/,initramfs.cpio.gz,base-version}
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: build-variant.sh BASE VARIANT [EXTRA...]}
variant=${2:?usage: build-variant.sh BASE VARIANT [EXTRA...]}
shift 2
case "$variant" in
patched) branch=series ;;
base) branch=selftests-only ;;
without-*) branch=$variant ;;
*) die "unknown VARIANT '$variant' (patched, base or without-NAME)" ;;
esac
flavor=${FLAVOR:-}

tree=$(tree_dir "$base")
obj=$(obj_dir "$base" "$flavor")
out=$(variant_dir "$base" "$variant" "$flavor")
mkdir -p "$out"
"$TOP/scripts/tree.sh" "$base" "$tree"
git -C "$tree" rev-parse -q --verify "refs/heads/$branch" >/dev/null ||
	die "no variant $variant for $base (no branch $branch in $tree)"
git -C "$tree" checkout -q -f "$branch"
commit=$(git -C "$tree" rev-parse HEAD)
cp "$tree/.git/base-version" "$out/base-version"
log "$base $variant${flavor:+ ($flavor)}: $(cat "$out/base-version") +" \
    "$(git -C "$tree" rev-list --count base..HEAD) patches"

stamp="$commit $flavor $(hash_files "$TOP"/config/*.config "$TOP/config/optional.list")"
if [ "$(cat "$out/stamp" 2>/dev/null)" != "$stamp" ] || [ ! -f "$out/bzImage" ]; then
	rm -f "$out/stamp"
	"$TOP/scripts/build-kernel.sh" "$tree" "$obj" "$out" "$flavor"
	"$TOP/scripts/build-selftests.sh" "$tree" "$obj" "$out/kselftest"
	echo "$stamp" >"$out/stamp"
else
	log "kernel and selftests of $commit are up to date"
fi
"$TOP/scripts/make-initramfs.sh" "$out/kselftest" "$out/initramfs.cpio.gz" "$@"
