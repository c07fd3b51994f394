#!/usr/bin/env bash
# make check stage: KSRC= leaves the user's kernel tree as it found it.
# A small kernel tree (the base's files that the series touches, committed
# in a repository of its own that also has a branch and a tag "base" of its
# user) goes through the pipeline's tree stage with KSRC=, as a git tree and
# as a plain directory. Afterwards its HEAD, refs, index, objects, files and
# work-tree registrations must be exactly as before, and the series must be
# applied in the pipeline's own clone. Removing the build directory (what
# make clean does) must leave no stale registration behind.
# Usage: test-ksrc.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
user=$tmp/user-linux
build=$tmp/build
git_user() { git -C "$user" -c user.name="A User" -c user.email=user@invalid "$@"; }

# The files of the base that the series (all of them) touch, plus the top
# Makefile.
repo=$("$TOP/scripts/base-repo.sh" "$PRIMARY_BASE")
mapfile -t patches < <(base_patches "$PRIMARY_BASE")
mapfile -t files < <(grep -h '^diff --git a/' "${patches[@]}" |
	awk '{ print substr($3, 3) }' | sort -u)
mkdir -p "$user"
git -C "$repo" archive base -- Makefile $(for f in "${files[@]}"; do
	git -C "$repo" cat-file -e "base:$f" 2>/dev/null && echo "$f"; done) | tar -x -C "$user"
git -C "$user" init -q -b main
git_user add -A
git_user commit -q -m "the user's tree"
git_user tag base HEAD
git_user branch topic
echo "// a local edit, committed" >>"$user/Makefile"
git_user commit -q -am "local edit"

snapshot() {
	{
		if [ -d "$1/.git" ]; then
			git -C "$1" rev-parse HEAD
			git -C "$1" symbolic-ref -q HEAD || echo detached
			git -C "$1" for-each-ref
			git -C "$1" ls-files -s | sha256sum
			git -C "$1" status --porcelain
			git -C "$1" worktree list --porcelain
			git -C "$1" count-objects -v
		fi
		(cd "$1" && find . -path ./.git -prune -o -type f -print0 | sort -z |
			xargs -0 sha256sum)
		(cd "$1" && find . -path ./.git -prune -o -print | sort)
	} >"$2"
}

rc=0
check_untouched() {
	local what=$1 before=$2
	snapshot "$user" "$tmp/after"
	if ! diff -u "$before" "$tmp/after" >&2; then
		echo "KSRC: the tree stage changed the user's $what" >&2
		rc=1
	fi
}
run_tree() {
	KSRC=$user BUILD=$build "$TOP/scripts/tree.sh" "$PRIMARY_BASE" >"$tmp/tree.log" 2>&1 ||
		{ cat "$tmp/tree.log" >&2; echo "KSRC: tree stage failed ($1)" >&2; rc=1; return 0; }
	local clone
	clone=$(KSRC=$user BUILD=$build tree_dir "$PRIMARY_BASE")
	[ "$(git -C "$clone" rev-list --count base..series)" -eq \
	  "${#patches[@]}" ] ||
		{ echo "KSRC: the series is not applied in $clone ($1)" >&2; rc=1; }
}

# A git tree.
snapshot "$user" "$tmp/before-git"
run_tree "git tree"
check_untouched "git tree" "$tmp/before-git"
# A second run (series already applied) and make clean.
run_tree "git tree, again"
check_untouched "git tree, on a second run" "$tmp/before-git"
rm -rf "$build"
if [ -n "$(git -C "$user" worktree list --porcelain | grep -v "^worktree $user\$" | grep '^worktree')" ]; then
	echo "KSRC: stale work-tree registration after the build directory was removed" >&2
	rc=1
fi

# A plain directory.
rm -rf "$user/.git"
snapshot "$user" "$tmp/before-plain"
run_tree "plain directory"
check_untouched "plain directory" "$tmp/before-plain"
[ ! -e "$user/.git" ] || { echo "KSRC: a plain directory became a git tree" >&2; rc=1; }

[ $rc -ne 0 ] || log "KSRC: the user's tree is untouched (git tree and plain directory)"
exit $rc
