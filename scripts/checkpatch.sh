#!/usr/bin/env bash
# Run the kernel's checkpatch.pl --strict on every patch of a series.
# Usage: checkpatch.sh TREE SERIES_DIR
#
# Two checks cannot work on these trees and are replaced, not dropped:
# - UNKNOWN_COMMIT_ID: a Debian source tree has no upstream history, so
#   checkpatch cannot resolve any upstream id; every Fixes: line must be one
#   of config/known-commits.list, verified upstream.
# - FILE_PATH_CHANGES ("does MAINTAINERS need updating?") fires for every new
#   file of a patch that does not touch MAINTAINERS; instead, every file the
#   series adds must be covered by the VIRTIO HOST (VHOST) entry.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$(realpath "${1:?usage: checkpatch.sh TREE SERIES_DIR}")
series=$(realpath "${2:?usage: checkpatch.sh TREE SERIES_DIR}")
rc=0
n=0
mapfile -t patches < <(series_patches "$series")
for p in "${patches[@]}"; do
	n=$((n + 1))
	if ! out=$(perl "$tree/scripts/checkpatch.pl" --strict --quiet --no-tree \
			--ignore UNKNOWN_COMMIT_ID,FILE_PATH_CHANGES "$p"); then
		printf '%s\n' "$out"
		echo "checkpatch: $(basename "$p") is not clean" >&2
		rc=1
	fi
	if grep '^Fixes:' "$p" | grep -vqxF -f <(grep '^Fixes:' "$TOP/config/known-commits.list"); then
		echo "checkpatch: $(basename "$p"): unexpected Fixes: line" >&2
		rc=1
	fi
done
rev=series
git -C "$tree" rev-parse -q --verify series >/dev/null || rev=HEAD
vhost_entry=$(git -C "$tree" show "$rev:MAINTAINERS" | sed -n '/^VIRTIO HOST (VHOST)$/,/^$/p')
for f in $(added_files "${patches[@]}"); do
	if ! grep -qxF "F:	$(dirname "$f")/" <<<"$vhost_entry"; then
		echo "checkpatch: $f is not covered by the VIRTIO HOST (VHOST) entry" >&2
		rc=1
	fi
done
[ $rc -ne 0 ] || log "checkpatch --strict: $n patches of $(basename "$series") clean"
exit $rc
