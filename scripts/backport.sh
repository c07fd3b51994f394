#!/usr/bin/env bash
# Produce the 6.12 backport (patches/6.12/) from the series in patches/:
# a fresh work/linux-6.12 gets every patch with "git am"; the one hunk that
# cannot apply there is redone by hand below, then the tree is exported with
# the same command as the 7.3 series.
# Usage: backport.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dir=$TOP/work/linux-6.12
rm -rf "$dir"
clone_base 6.12 "$dir"
cd "$dir"
git checkout -q -b vhost base
# A fixed committer date makes the backport's commit ids, and so the
# "From <id>" lines of patches/6.12/, the same on every run.
GIT_COMMITTER_DATE=$(git log -1 --format=%cI base)
export GIT_COMMITTER_DATE
git config user.name "$PROJECT_NAME"
git config user.email "$PROJECT_EMAIL"

# 6.12 has neither "ublk" nor "vfio" in the selftests TARGETS list, so the
# hunk that adds "vhost" after "vfio" has no context there: add it at the
# same place in the list, after "mm".
fix_selftests_targets() {
	local rej=$1
	grep -q '^+TARGETS += vhost$' "$rej" || return 1
	[ "$(grep -c '^@@' "$rej")" -eq 1 ] || return 1
	sed -i 's/^TARGETS += mm$/&\nTARGETS += vhost/' tools/testing/selftests/Makefile
}

# A patch "git am" refuses is applied with GNU patch, whose fuzz absorbs
# context that differs between 7.3 and 6.12 (the ends of drivers/vhost/Kconfig
# and vhost.c, for instance); what even fuzz cannot place must be one of the
# rules above. The result is built and tested by make check like the rest.
rej=$(mktemp)
differs=()
for p in $(series_patches "$(series_dir "$PRIMARY_BASE")"); do
	git am -q "$p" >/dev/null 2>&1 && continue
	: >"$rej"
	rule=
	if ! out=$(patch -p1 -F2 --no-backup-if-mismatch -r "$rej" <.git/rebase-apply/patch); then
		fix_selftests_targets "$rej" || { cat "$rej" >&2; die "$(basename "$p") needs a new backport rule"; }
		rule="tools/testing/selftests/Makefile (6.12 has neither ublk nor vfio in"
		rule+=" TARGETS: vhost goes after mm)"
	fi
	# The files whose hunks only applied with fuzz: their context differs.
	fuzzed=$(awk '/^patching file / { f = $3 } / with fuzz / { print f }' <<<"$out" | sort -u |
		tr '\n' ' ' | sed 's/ $//')
	subject=$(git mailinfo /dev/null /dev/null <"$p" | sed -n 's/^Subject: //p')
	differs+=("$subject: $fuzzed${fuzzed:+${rule:+, }}$rule")
	# -f: the kernel's top-level .gitignore ignores dot files such as the
	# selftest's .gitignore
	sed -n 's|^+++ b/||p' .git/rebase-apply/patch | xargs git add -f --
	git am -q --continue
	log "$(basename "$p"): applied with fuzz or a backport rule; review the result"
done
rm -f "$rej"

cover=$(mktemp)
trap 'rm -f "$cover"' EXIT
{
	sed -n '/^Subject: /p' "$TOP/patches/0000-cover-letter.patch"
	echo
	echo "This is the backport of the series to 6.12.y. Every patch adds and"
	echo "removes the same lines as in the mainline series; in these, the"
	echo "context differs (git am could not apply them as they are):"
	echo
	for d in "${differs[@]}"; do echo "  - $d"; done | fold -s -w 72 | sed -e 's/^\([^ ]\)/    \1/' -e 's/ *$//'
	echo
	# (the mainline letter's line about the backport is this letter)
	cover_blurb "$TOP/patches/0000-cover-letter.patch" |
		sed 's/^This applies to v7.3; the 6.12.y backport differs only in context.$/This applies to v6.12.117./'
	echo "x (1):"
} >"$cover"
COVER_FROM=$cover "$TOP/scripts/export-series.sh" 6.12 "$dir"

# The backport must change exactly what the series changes: compare the
# added and removed lines of each patch, file by file.
changes() { awk '/^diff --git/ { f = $3 } /^[-+][^-+]/ || /^[-+]$/ { print f ": " $0 }' "$1"; }
mapfile -t mine < <(series_patches "$(series_dir "$PRIMARY_BASE")")
mapfile -t theirs < <(series_patches "$(series_dir 6.12)")
[ ${#mine[@]} -eq ${#theirs[@]} ] || die "the backport has ${#theirs[@]} patches, not ${#mine[@]}"
for i in "${!mine[@]}"; do
	diff <(changes "${mine[$i]}") <(changes "${theirs[$i]}") >&2 ||
		die "$(basename "${theirs[$i]}") changes other lines than $(basename "${mine[$i]}")"
done
log "the backport changes the same lines as the series, patch by patch"
