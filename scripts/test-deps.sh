#!/usr/bin/env bash
# make check stage: the prerequisite check names every missing package, and
# `make` stops on it within 10 seconds, before fetching or building anything.
# For each package of config/packages.list whose entries are commands, `make`
# runs with a PATH from which exactly those commands are removed (the
# packages that are only files, headers or busybox, are removed for real by
# make fresh-check instead).
# Usage: test-deps.sh TOOLPATH   (the directory made by deps.sh toolpath)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

toolpath=$(realpath "${1:?usage: test-deps.sh TOOLPATH}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
n=0
while read -r pkg tokens; do
	case "$tokens" in /*) continue ;; esac
	rm -rf "$tmp/path"
	cp -a "$toolpath" "$tmp/path"
	for t in $tokens; do rm -f "$tmp/path/$t"; done
	# Without make itself, the check is what README.md tells to run.
	cmd=(make)
	[[ " $tokens " != *" make "* ]] || cmd=(scripts/deps.sh check)
	start=$(date +%s%N)
	if out=$(cd "$TOP" && PATH=$tmp/path timeout 10 "${cmd[@]}" 2>&1); then
		echo "make passed without $pkg" >&2
		rc=1
		continue
	fi
	ms=$((($(date +%s%N) - start) / 1000000))
	if ! grep -q "($pkg)" <<<"$out" || ! grep -q "apt-get install.* $pkg" <<<"$out"; then
		printf 'make without %s did not name it:\n%s\n' "$pkg" "$out" >&2
		rc=1
	elif [ "$ms" -ge 10000 ]; then
		echo "make without $pkg took $ms ms to stop" >&2
		rc=1
	fi
	n=$((n + 1))
done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TOP/config/packages.list")
[ $rc -ne 0 ] || log "make stops naming the package for each of $n packages removed"
exit $rc
