#!/usr/bin/env bash
# Run the kernel's checkpatch.pl --strict on every patch of a series.
# Usage: checkpatch.sh TREE SERIES_DIR
#
# Two checks cannot work on these trees and are replaced, not dropped:
# - UNKNOWN_COMMIT_ID: a Debian source tree has no upstream history, so
#   checkpatch cannot resolve any upstream id; the id and subject in Fixes:
#   are checked here against the one commit this series fixes.
# - FILE_PATH_CHANGES ("does MAINTAINERS need updating?") fires for every new
#   file of a patch that does not touch MAINTAINERS; instead, every file the
#   series adds must be covered by the VIRTIO HOST (VHOST) entry.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$(realpath "${1:?usage: checkpatch.sh TREE SERIES_DIR}")
series=$(realpath "${2:?usage: checkpatch.sh TREE SERIES_DIR}")
fixes='Fixes: db5247d9bf5c ("vhost_task: Handle SIGKILL by flushing work and exiting")'
rc=0
n=0
for p in "$series"/[0-9][0-9][0-9][0-9]-*.patch; do
	case "$p" in */0000-cover-letter.patch) continue ;; esac
	n=$((n + 1))
	if ! out=$(perl "$tree/scripts/checkpatch.pl" --strict --quiet --no-tree \
			--ignore UNKNOWN_COMMIT_ID,FILE_PATH_CHANGES "$p"); then
		printf '%s\n' "$out"
		echo "checkpatch: $(basename "$p") is not clean" >&2
		rc=1
	fi
	if grep '^Fixes:' "$p" | grep -vqxF "$fixes"; then
		echo "checkpatch: $(basename "$p"): unexpected Fixes: line" >&2
		rc=1
	fi
done
vhost_entry=$(git -C "$tree" show series:MAINTAINERS | sed -n '/^VIRTIO HOST (VHOST)$/,/^$/p')
for f in $(awk '/^diff --git a\// { path = substr($4, 3) }
		/^new file mode/ { print path }' "$series"/[0-9]*.patch | sort -u); do
	if ! grep -qxF "F:	$(dirname "$f")/" <<<"$vhost_entry"; then
		echo "checkpatch: $f is not covered by the VIRTIO HOST (VHOST) entry" >&2
		rc=1
	fi
done
[ $rc -ne 0 ] || log "checkpatch --strict: $n patches of $(basename "$series") clean"
exit $rc
