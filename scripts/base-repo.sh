#!/usr/bin/env bash
# Stage 2: turn a cached base tarball into a pristine git repository.
# Usage: base-repo.sh BASE   (prints the repository path)
# The first and only commit is the unmodified Debian source, tagged "base".
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: base-repo.sh BASE}
repo=$CACHE/git/$base
if [ -f "$repo/.git/base-ready" ]; then
	echo "$repo"
	exit 0
fi
tarball=$("$TOP/scripts/fetch-base.sh" "$base")
debver=$(cat "$CACHE/src/$base/debian-version")

stage_begin base-repo "unpacking $(basename "$tarball") into $repo and committing it"
rm -rf "$repo"
mkdir -p "$repo"
tar -xf "$tarball" -C "$repo" --strip-components=1
cd "$repo"
kver=$(make -s kernelversion)
git init -q -b base-pristine
# Debian's top-level .gitignore ends with "/*", which ignores every top-level
# entry: add with -f so the commit holds the whole tarball as shipped.
git add -A -f
GIT_AUTHOR_NAME="Debian linux-source" GIT_AUTHOR_EMAIL=debian-kernel@lists.debian.org \
GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
GIT_COMMITTER_NAME="vhost-sigkill pipeline" GIT_COMMITTER_EMAIL=pipeline@invalid \
	git commit -q -m "Linux $kver (Debian linux-source $debver)"
git tag base
echo "$kver (Debian $(base_package "$base") $debver)" >.git/base-version
touch .git/base-ready
stage_end base-repo "Linux $kver"
echo "$repo"
