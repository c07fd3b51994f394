#!/usr/bin/env bash
# Re-sign the series with the submitter's own identity before sending it:
# replaces the project identity in From: and Signed-off-by: of every patch
# (7.3 series and 6.12 backport) with NAME <EMAIL>.
# Usage: NAME="Your Name" EMAIL=you@example.com scripts/resign.sh
#        (defaults: git config user.name / user.email)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

project="$PROJECT_NAME <$PROJECT_EMAIL>"
name=${NAME:-$(git config user.name || true)}
email=${EMAIL:-$(git config user.email || true)}
[ -n "$name" ] && [ -n "$email" ] || die "set NAME and EMAIL (or git config user.name/user.email)"
me="$name <$email>"
[ "$me" != "$project" ] || die "NAME/EMAIL is still the project identity"

n=0
while IFS= read -r -d '' p; do
	PROJECT=$project ME=$me perl -pi -e \
		's/^(From|Signed-off-by): \Q$ENV{PROJECT}\E$/$1: $ENV{ME}/' "$p"
	n=$((n + 1))
done < <(find "$TOP/patches" -name '*.patch' -print0)
log "re-signed $n patch files as $me; review with: git diff -- patches"
