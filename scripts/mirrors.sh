#!/usr/bin/env bash
# The mirror folders, byte-identical to what "git am" of the series produces:
#   tools-testing-selftests-vhost/  every file the series adds under
#                                   tools/testing/selftests/vhost/
#   drivers-vhost/                  every file it adds under drivers/vhost/
#                                   (the KUnit suite and its .kunitconfig)
#   kernel-vhost_task/              kernel/vhost_task.c and
#                                   include/linux/sched/vhost_task.h as they
#                                   stand after the series: the core-kernel
#                                   API it adds, in context
# Usage: mirrors.sh update [TREE]  rewrite the mirrors from patches/ (and the
#                                  series branch or HEAD of TREE)
#        mirrors.sh check [TREE]   fail on any drift between patches/ (and the
#                                  6.12 backport) and the mirrors
# The added files are rebuilt by applying, in an empty repository, only the
# hunks of the series that add them. The changed files come from TREE, the
# primary base's tree with the series applied (default: the pipeline's).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mode=${1:?usage: mirrors.sh update|check [TREE]}
tree=${2:-$(tree_dir "$PRIMARY_BASE")}
declare -A mirror=(
	[tools/testing/selftests/vhost/]=tools-testing-selftests-vhost
	[drivers/vhost/]=drivers-vhost
)
changed_mirror=kernel-vhost_task
changed_files=(kernel/vhost_task.c include/linux/sched/vhost_task.h)

# Rebuild into DEST the files that the patches add under the mirrored paths.
# Usage: rebuild DEST PATCH...
rebuild() {
	local dest=$1 p f prefix
	shift
	local -a patches=("$@") added=() include=()
	mapfile -t added < <(added_files "${patches[@]}")
	for f in "${added[@]}"; do
		for prefix in "${!mirror[@]}"; do
			[[ $f == "$prefix"* ]] && include+=("--include=$f")
		done
	done
	git init -q "$dest/.tree"
	if [ ${#include[@]} -gt 0 ]; then
		for p in "${patches[@]}"; do
			git -C "$dest/.tree" apply "${include[@]}" "$p"
		done
	fi
	for prefix in "${!mirror[@]}"; do
		mkdir -p "$dest/${mirror[$prefix]}"
		for f in "${added[@]}"; do
			[[ $f == "$prefix"* ]] || continue
			mkdir -p "$dest/${mirror[$prefix]}/$(dirname "${f#"${prefix%/}"/}")"
			cp "$dest/.tree/$f" "$dest/${mirror[$prefix]}/${f#"${prefix%/}"/}"
		done
	done
	rm -rf "$dest/.tree"
}

# The changed files of the series, from TREE, into $1/kernel-vhost_task.
changed() {
	local dest=$1/$changed_mirror rev=HEAD r f
	# The pipeline's tree has every series on "series"; a work tree has one
	# branch per series, the last on top.
	for r in vhost vsock series; do
		git -C "$tree" rev-parse -q --verify "refs/heads/$r" >/dev/null && rev=$r
	done
	mkdir -p "$dest"
	for f in "${changed_files[@]}"; do
		git -C "$tree" show "$rev:$f" >"$dest/$(basename "$f")" ||
			die "$tree has no $f"
	done
}

[ -d "$tree/.git" ] || die "$tree is not a kernel tree with the series (make tree)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mapfile -t all < <(base_patches "$PRIMARY_BASE")
rebuild "$tmp/series" "${all[@]}"
changed "$tmp/series"

case "$mode" in
update)
	for m in "${mirror[@]}" "$changed_mirror"; do
		rm -rf "${TOP:?}/$m"
		if [ -n "$(ls -A "$tmp/series/$m")" ]; then
			cp -a "$tmp/series/$m" "$TOP/$m"
		fi
	done
	log "mirrors updated from patches/ and $tree"
	;;
check)
	rc=0
	for m in "${mirror[@]}" "$changed_mirror"; do
		mkdir -p "$tmp/have/$m"
		[ ! -d "$TOP/$m" ] || cp -a "$TOP/$m/." "$tmp/have/$m/"
		if ! diff -r "$tmp/series/$m" "$tmp/have/$m"; then
			echo "drift: $m/ differs from what the series makes" >&2
			rc=1
		fi
	done
	if [ -d "$TOP/patches/6.12" ]; then
		# The backport is of the vhost series alone.
		rebuild "$tmp/vhost" $(series_patches "$(series_dir "$PRIMARY_BASE")")
		rebuild "$tmp/6.12" $(series_patches "$(series_dir 6.12)")
		for m in "${mirror[@]}"; do
			if ! diff -r "$tmp/vhost/$m" "$tmp/6.12/$m"; then
				echo "drift: the 6.12 backport adds different files under $m/" >&2
				rc=1
			fi
		done
	fi
	[ $rc -eq 0 ] && log "mirrors match patches/ (and patches/6.12/)"
	exit $rc
	;;
*) die "usage: mirrors.sh update|check [TREE]" ;;
esac
