#!/usr/bin/env bash
# Stage 3: a kernel work tree with the series applied as commits.
# Usage: tree.sh BASE DIR
#   DIR is created as a clone of the pristine base repository (first commit:
#   the unmodified base, tagged "base"). Branches made there:
#     series          base + every patch of the series (git am, in order)
#     selftests-only  base + only the "selftests/" patches (the unpatched
#                     kernel with the tests, for the comparison)
#   With KSRC=/path, that tree is used instead of a clone: a plain directory
#   is first made a git repository; the series is applied on new branches,
#   the current HEAD is tagged "base".
# A second run with the same patches does nothing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: tree.sh BASE DIR}
dir=${2:?usage: tree.sh BASE DIR}
series=$(series_dir "$base")
mapfile -t patches < <(find "$series" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
			! -name '0000-*' | sort)
[ ${#patches[@]} -gt 0 ] || die "no patches in $series"

git_id() { git -c user.name="vhost-sigkill pipeline" -c user.email=pipeline@invalid "$@"; }

if [ -n "${KSRC:-}" ]; then
	dir=$KSRC
	cd "$dir"
	if [ ! -d .git ]; then
		log "$dir is not a git tree: committing it as the base"
		git init -q
		git add -A -f
		git_id commit -q -m "base: $(make -s kernelversion 2>/dev/null || echo kernel)"
	fi
	# Never clobber the user's work: a clean tree, and branches we made.
	[ -z "$(git status --porcelain --untracked-files=no)" ] ||
		die "$dir has uncommitted changes"
	if [ ! -f .git/series-stamp ]; then
		for b in series selftests-only; do
			! git rev-parse -q --verify "refs/heads/$b" >/dev/null ||
				die "$dir already has a branch '$b' that this pipeline did not make"
		done
	fi
	git rev-parse -q --verify refs/tags/base >/dev/null || git tag base HEAD
	[ -f .git/base-version ] || echo "$(make -s kernelversion) (KSRC=$dir)" >.git/base-version
else
	[ -d "$dir/.git" ] || clone_base "$base" "$dir"
	cd "$dir"
fi

stamp=$(hash_files "${patches[@]}")
if [ "$(cat .git/series-stamp 2>/dev/null)" = "$stamp" ] &&
   git rev-parse -q --verify series >/dev/null; then
	log "series already applied in $dir ($(cat .git/base-version))"
	exit 0
fi

# Apply one patch at a time so a failure names the patch and shows git's
# message; leave the tree clean afterwards.
apply() {
	local branch=$1; shift
	git checkout -q -f -B "$branch" base
	local p
	for p in "$@"; do
		if ! out=$(git_id am -q --keep-cr "$p" 2>&1); then
			git am --abort >/dev/null 2>&1 || true
			printf '%s\n' "$out" >&2
			die "$(basename "$p") does not apply on $(cat .git/base-version) ($branch)"
		fi
	done
}

# The selftest patches ("Subject: [PATCH n/m] selftests/..."): they may touch
# only tools/testing/selftests/ and MAINTAINERS, so the selftests-only branch
# builds the unpatched kernel.
selftest_only=()
for p in "${patches[@]}"; do
	grep -q '^Subject: \[[^]]*\] selftests/' "$p" || continue
	if grep '^diff --git a/' "$p" |
	   grep -Ev ' a/(tools/testing/selftests/|MAINTAINERS )' >&2; then
		die "$(basename "$p") is a selftest patch but touches the files above"
	fi
	selftest_only+=("$p")
done

log "applying ${#patches[@]} patches on $(cat .git/base-version)"
apply selftests-only "${selftest_only[@]}"
apply series "${patches[@]}"
echo "$stamp" >.git/series-stamp
log "series applied: $(git rev-list --count base..series) commits on branch series," \
    "$(git rev-list --count base..selftests-only) on selftests-only"
