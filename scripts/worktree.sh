#!/usr/bin/env bash
# Create the kernel work tree in which the series is edited:
# work/linux-BASE, branch "series" = base + the series as commits.
# Edit there, "git commit --fixup=<commit>", "git rebase -i --autosquash base",
# then "make export BASE=..." regenerates the patch files (and mirrors).
# Usage: worktree.sh BASE
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: worktree.sh BASE}
dir=$TOP/work/linux-$base
if [ -d "$dir/.git" ]; then
	die "$dir exists; export it (make export BASE=$base) and remove it to start over"
fi
KSRC='' "$TOP/scripts/tree.sh" "$base" "$dir"
git -C "$dir" checkout -q series
git -C "$dir" config user.name "$(git -C "$TOP" config user.name || echo 'vhost-sigkill project')"
git -C "$dir" config user.email "$(git -C "$TOP" config user.email || echo vhost-sigkill@example.org)"
log "work tree $dir on branch series: $(git -C "$dir" rev-list --count base..series) commits on top of base"
