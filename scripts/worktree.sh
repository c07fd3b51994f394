#!/usr/bin/env bash
# Create the kernel work tree in which the series are edited: work/linux-BASE
# with one branch per series (see base_series in lib.sh), stacked on the tag
# "base": "vhost", then for the primary base "vsock". Edit there,
# "git commit --fixup=<commit>", "git rebase -i --autosquash base" on branch
# vhost (then "git rebase --onto vhost <old vhost> vsock" for the series on
# top), and "make export BASE=..." regenerates the patch files (and mirrors).
# Usage: worktree.sh BASE
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: worktree.sh BASE}
dir=$TOP/work/linux-$base
if [ -d "$dir/.git" ]; then
	die "$dir exists; export it (make export BASE=$base) and remove it to start over"
fi
clone_base "$base" "$dir"
# Commits made here carry the project identity, like the series (make resign
# puts the submitter's own name on every patch before sending).
git -C "$dir" config user.name "$PROJECT_NAME"
git -C "$dir" config user.email "$PROJECT_EMAIL"
prev=base
while read -r name sdir; do
	git -C "$dir" checkout -q -b "$name" "$prev"
	for p in $(series_patches "$sdir"); do
		git -C "$dir" am -q --keep-cr "$p" || die "$(basename "$p") does not apply"
	done
	log "branch $name: $(git -C "$dir" rev-list --count "$prev..$name") commits on $prev"
	prev=$name
done < <(base_series "$base")
log "work tree $dir on branch $prev"
