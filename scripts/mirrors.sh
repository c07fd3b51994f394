#!/usr/bin/env bash
# The mirror folders hold every file the series adds under the kernel paths
# below, byte-identical to what "git am" of the series produces.
# Usage: mirrors.sh update   rewrite the mirrors from patches/
#        mirrors.sh check    fail on any drift between patches/ (and the
#                            6.12 backport) and the mirrors
# No kernel tree is needed: the added files are rebuilt by applying, in an
# empty repository, only the hunks of the series that touch them.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mode=${1:?usage: mirrors.sh update|check}
declare -A mirror=(
	[tools/testing/selftests/vhost/]=tools-testing-selftests-vhost
	[drivers/vhost/]=drivers-vhost
	[kernel/vhost_task]=kernel-vhost_task
)

# Rebuild the files a series adds under the mirrored paths into $2.
rebuild() {
	local series=$1 dest=$2 p f prefix
	local -a patches added=() include=()
	mapfile -t patches < <(ls "$series"/[0-9][0-9][0-9][0-9]-*.patch | grep -v /0000-)
	mapfile -t added < <(awk '/^diff --git a\// { path = substr($4, 3) }
				  /^new file mode/ { print path }' "${patches[@]}" | sort -u)
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

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rebuild "$TOP/patches" "$tmp/7.3"

case "$mode" in
update)
	for m in "${mirror[@]}"; do
		rm -rf "${TOP:?}/$m"
		if [ -n "$(ls -A "$tmp/7.3/$m")" ]; then
			cp -a "$tmp/7.3/$m" "$TOP/$m"
		fi
	done
	log "mirrors updated from patches/"
	;;
check)
	rc=0
	for m in "${mirror[@]}"; do
		mkdir -p "$tmp/have/$m"
		[ ! -d "$TOP/$m" ] || cp -a "$TOP/$m/." "$tmp/have/$m/"
		if ! diff -r "$tmp/7.3/$m" "$tmp/have/$m"; then
			echo "drift: $m/ differs from what patches/ adds" >&2
			rc=1
		fi
	done
	if [ -d "$TOP/patches/6.12" ]; then
		rebuild "$TOP/patches/6.12" "$tmp/6.12"
		for m in "${mirror[@]}"; do
			if ! diff -r "$tmp/7.3/$m" "$tmp/6.12/$m"; then
				echo "drift: the 6.12 backport adds different files under $m/" >&2
				rc=1
			fi
		done
	fi
	[ $rc -eq 0 ] && log "mirrors match patches/ (and patches/6.12/)"
	exit $rc
	;;
*) die "usage: mirrors.sh update|check" ;;
esac
