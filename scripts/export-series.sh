#!/usr/bin/env bash
# Regenerate a series directory (and, for the primary base, the mirror
# folders) from a kernel work tree whose branch holds the series as commits
# on top of the tag "base".
# Usage: export-series.sh BASE [TREE]   (TREE defaults to work/linux-BASE)
# The cover letter's subject and text are kept from the current
# 0000-cover-letter.patch (or taken from $COVER_FROM); only its shortlog and
# diffstat are regenerated, and its date is the date of the last commit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: export-series.sh BASE [TREE]}
tree=$(realpath "${2:-$TOP/work/linux-$base}")
out=$(series_dir "$base")
cover=$out/0000-cover-letter.patch
cover_from=${COVER_FROM:-$cover}
prefix=PATCH
[ "$base" = "$PRIMARY_BASE" ] || prefix="PATCH $base.y"

[ -d "$tree/.git" ] || die "$tree is not a git tree (make worktree BASE=$base)"
git -C "$tree" diff --quiet HEAD || die "$tree has uncommitted changes"

# Subject and blurb of the current cover letter.
subject="*** SUBJECT HERE ***"
blurb=$(mktemp)
trap 'rm -f "$blurb"' EXIT
if [ -f "$cover_from" ]; then
	subject=$(sed -n 's/^Subject: \[[^]]*\] //p' "$cover_from")
	# Body: after the header's blank line, up to the shortlog ("Name (N):").
	cover_blurb "$cover_from" >"$blurb"
fi

mkdir -p "$out"
series_patches "$out" | xargs -r rm -f
rm -f "$cover"
git -C "$tree" -c core.abbrev=12 format-patch -q --cover-letter --no-signature \
	--subject-prefix="$prefix" -o "$out" base..HEAD
date=$(git -C "$tree" log -1 --format=%aD)
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
log "exported $(ls "$out"/[0-9]*.patch | wc -l) files to $out"
[ "$base" != "$PRIMARY_BASE" ] || "$TOP/scripts/mirrors.sh" update "$tree"
