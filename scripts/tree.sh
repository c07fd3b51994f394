#!/usr/bin/env bash
# Stage 3: a kernel tree with the series applied as commits.
# Usage: tree.sh BASE [DIR]   (DIR defaults to the pipeline's tree of BASE)
#   DIR is a clone of the pristine base repository (first commit: the
#   unmodified base, tagged "base"), or with KSRC=/path a clone of that
#   tree's HEAD (a git tree: cloned with --shared; a plain directory: copied
#   and committed in the copy). Nothing in KSRC is ever written: no checkout,
#   no branch, no tag, no index update. Branches made in DIR:
#     series          base + every patch of every series of BASE (git am, in
#                     order; see base_series in lib.sh)
#     selftests-only  base + only the "selftests/" patches (the unpatched
#                     kernel with the tests, for the comparison)
#     without-NAME    for each series but the first: everything except the
#                     kernel patches of series NAME (its tests included), to
#                     show what that series alone changes
# A second run with the same patches (and the same KSRC HEAD) does nothing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: tree.sh BASE [DIR]}
dir=${2:-$(tree_dir "$base")}
mapfile -t patches < <(base_patches "$base")
[ ${#patches[@]} -gt 0 ] || die "no patches for $base"

git_id() { git -c user.name="vhost-sigkill pipeline" -c user.email=pipeline@invalid "$@"; }

# The tree the series is applied to, as "what it is" for the stamp.
if [ -n "${KSRC:-}" ]; then
	ksrc=$(realpath "$KSRC")
	if git -C "$ksrc" rev-parse --git-dir >/dev/null 2>&1; then
		[ -z "$(git -C "$ksrc" status --porcelain --untracked-files=no)" ] ||
			die "$ksrc has uncommitted changes: the series is applied on its HEAD," \
			    "in a clone; commit or stash them first"
		origin="$ksrc@$(git -C "$ksrc" rev-parse HEAD)"
	else
		origin="$ksrc (plain directory)"
	fi
	if [ "$(cat "$dir/.git/ksrc-origin" 2>/dev/null)" != "$origin" ]; then
		rm -rf "$dir"
		mkdir -p "$(dirname "$dir")"
		if [ "${origin%(plain directory)}" = "$origin" ]; then
			log "cloning $origin into $dir (objects shared, KSRC untouched)"
			git clone -q --shared --no-checkout "$ksrc" "$dir"
			git -C "$dir" checkout -q --detach "${origin##*@}"
		else
			log "copying $ksrc into $dir (KSRC untouched)"
			cp -a "$ksrc" "$dir"
			git -C "$dir" init -q
			git -C "$dir" add -A -f
			git_id -C "$dir" commit -q -m "KSRC $ksrc"
		fi
		git -C "$dir" tag -f base HEAD >/dev/null
		echo "$(make -s -C "$dir" kernelversion 2>/dev/null || echo kernel) (KSRC=$ksrc)" \
			>"$dir/.git/base-version"
		echo "$origin" >"$dir/.git/ksrc-origin"
	fi
else
	[ -d "$dir/.git" ] || clone_base "$base" "$dir"
fi
cd "$dir"

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
	# An interrupted run may have left a "git am" session behind.
	git am --abort >/dev/null 2>&1 || true
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
is_selftest() {
	grep -q '^Subject: \[[^]]*\] selftests/' "$1" || return 1
	if grep '^diff --git a/' "$1" |
	   grep -Ev ' a/(tools/testing/selftests/|MAINTAINERS )' >&2; then
		die "$(basename "$1") is a selftest patch but touches the files above"
	fi
}
selftest_only=()
for p in "${patches[@]}"; do
	! is_selftest "$p" || selftest_only+=("$p")
done

stage_begin tree "applying ${#patches[@]} patches on $(cat .git/base-version)"
apply selftests-only "${selftest_only[@]}"
apply series "${patches[@]}"
first=1
while read -r name sdir; do
	if [ $first = 1 ]; then first=0; continue; fi
	without=()
	for p in "${patches[@]}"; do
		[ "$(dirname "$p")" != "$sdir" ] || is_selftest "$p" || continue
		without+=("$p")
	done
	apply "without-$name" "${without[@]}"
done < <(base_series "$base")
echo "$stamp" >.git/series-stamp
stage_end tree "$(git rev-list --count base..series) commits on branch series," \
	"$(git rev-list --count base..selftests-only) on selftests-only"
