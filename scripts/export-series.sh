#!/usr/bin/env bash
# Regenerate the series directories of a base (and, for the primary base,
# the mirror folders) from a kernel work tree in which each series is a
# branch named after it, stacked in order on the tag "base": branch "vhost"
# (patches/, or patches/BASE/ for a backport), then for the primary base
# branch "vsock" (patches/vsock/), if the tree has it.
# Usage: export-series.sh BASE [TREE]   (TREE defaults to work/linux-BASE)
# The cover letter's subject and text are kept from the current
# 0000-cover-letter.patch (for the vhost series, or taken from $COVER_FROM);
# only its shortlog and diffstat are regenerated, and its date is the date
# of the series' last commit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: export-series.sh BASE [TREE]}
tree=$(realpath "${2:-$TOP/work/linux-$base}")
[ -d "$tree/.git" ] || die "$tree is not a git tree (make worktree BASE=$base)"
git -C "$tree" diff --quiet HEAD || die "$tree has uncommitted changes"
blurb=$(mktemp)
trap 'rm -f "$blurb"' EXIT

# export NAME OUT FROM PREFIX [COVER_FROM]: FROM..NAME into OUT.
export_one() {
	local name=$1 out=$2 from=$3 prefix=$4 cover=$2/0000-cover-letter.patch
	local cover_from=${5:-$cover} subject="*** SUBJECT HERE ***" date
	: >"$blurb"
	if [ -f "$cover_from" ]; then
		subject=$(git mailinfo /dev/null /dev/null <"$cover_from" | sed -n 's/^Subject: //p')
		cover_blurb "$cover_from" >"$blurb"
	fi
	mkdir -p "$out"
	series_patches "$out" | xargs -r rm -f
	rm -f "$cover"
	git -C "$tree" -c core.abbrev=12 format-patch -q --cover-letter --no-signature \
		--subject-prefix="$prefix" -o "$out" "$from..$name"
	date=$(git -C "$tree" log -1 --format=%aD "$name")
	python3 - "$cover" "$subject" "$blurb" "$date" <<'PY'
import re, sys
path, subject, blurb, date = sys.argv[1], sys.argv[2], open(sys.argv[3]).read(), sys.argv[4]
text = open(path).read()
text = text.replace("*** SUBJECT HERE ***", subject, 1)
text = re.sub(r"^Date: .*$", "Date: " + date, text, count=1, flags=re.M)
if blurb.strip():
    head, sep, rest = text.partition("*** BLURB HERE ***\n")
    text = head + blurb.rstrip("\n") + "\n\n" + rest.lstrip("\n")
open(path, "w").write(text)
PY
	log "exported $name: $(series_patches "$out" | wc -l) patches and a cover letter to $out"
}

if [ "$base" = "$PRIMARY_BASE" ]; then
	git -C "$tree" rev-parse -q --verify vhost >/dev/null || die "$tree has no branch vhost"
	export_one vhost "$(series_dir "$base")" base PATCH
	if git -C "$tree" rev-parse -q --verify vsock >/dev/null; then
		export_one vsock "$TOP/patches/vsock" vhost "PATCH net-next"
	fi
	"$TOP/scripts/mirrors.sh" update "$tree"
else
	export_one vhost "$(series_dir "$base")" base "PATCH $base.y" "${COVER_FROM:-}"
fi
