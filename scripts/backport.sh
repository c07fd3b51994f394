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
git checkout -q -b series base
# A fixed committer date makes the backport's commit ids, and so the
# "From <id>" lines of patches/6.12/, the same on every run.
GIT_COMMITTER_DATE=$(git log -1 --format=%cI base)
export GIT_COMMITTER_DATE
git config user.name "vhost-sigkill project"
git config user.email vhost-sigkill@example.org

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
for p in $(series_patches "$(series_dir "$PRIMARY_BASE")"); do
	git am -q "$p" >/dev/null 2>&1 && continue
	: >"$rej"
	if ! patch -p1 -s -F2 --no-backup-if-mismatch -r "$rej" <.git/rebase-apply/patch >/dev/null; then
		fix_selftests_targets "$rej" || { cat "$rej" >&2; die "$(basename "$p") needs a new backport rule"; }
	fi
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
	echo "This is the backport of the series to 6.12.y. It differs from the"
	echo "mainline version only in the context of the hunk that adds vhost"
	echo "to the selftests TARGETS list."
	echo
	cover_blurb "$TOP/patches/0000-cover-letter.patch"
	echo "x (1):"
} >"$cover"
COVER_FROM=$cover "$TOP/scripts/export-series.sh" 6.12 "$dir"
