#!/usr/bin/env bash
# Stage 4: configure a kernel. `make tinyconfig`, then merged onto it:
#   config/platform.config                    the guest platform (all flavors)
#   tools/testing/selftests/vhost/config      the series' kselftest fragment
#   drivers/vhost/.kunitconfig                the series' KUnit fragment
#   config/debug.config                       lockdep, hung tasks, sysrq
#   config/deep-debug.config                  KASAN, kmemleak, debug objects
#   config/lock-stat.config                   lock statistics
# by flavor:
#   test       (default) platform + both in-tree fragments + debug
#   ksft       platform + the kselftest fragment only, as upstream CI builds
#              it (make kselftest-merge, for this target)
#   deepdebug  test + deep-debug
#   lockstat   test + lock-stat (make hold-times)
# The in-tree fragments are read from the tree's "series" branch, so that the
# unpatched variant (selftests-only) gets the same configuration. Then
# olddefconfig; fails if an option of a fragment did not survive, unless
# config/optional.list names it and the tree does not define it at all.
# Usage: kconfig.sh SRC OBJ [FLAVOR]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$(realpath -m "${1:?usage: kconfig.sh SRC OBJ [FLAVOR]}")
obj=$(realpath -m "${2:?usage: kconfig.sh SRC OBJ [FLAVOR]}")
flavor=${3:-test}
mkdir -p "$obj/fragments"

# in_tree NAME PATH: a fragment of the series, copied out of its branch.
in_tree() {
	git -C "$src" show "series:$2" >"$obj/fragments/$1" ||
		die "the series has no $2"
	echo "$obj/fragments/$1"
}
frags=("$TOP/config/platform.config" "$(in_tree kselftest.config tools/testing/selftests/vhost/config)")
case "$flavor" in
test) frags+=("$(in_tree kunit.config drivers/vhost/.kunitconfig)" "$TOP/config/debug.config") ;;
ksft) ;;
deepdebug) frags+=("$(in_tree kunit.config drivers/vhost/.kunitconfig)" "$TOP/config/debug.config"
		   "$TOP/config/deep-debug.config") ;;
lockstat) frags+=("$(in_tree kunit.config drivers/vhost/.kunitconfig)" "$TOP/config/debug.config"
		  "$TOP/config/lock-stat.config") ;;
*) die "unknown kernel flavor '$flavor' (test, ksft, deepdebug or lockstat)" ;;
esac

kmake() { make -s -C "$src" O="$obj" "$@"; }
kmake tinyconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "${frags[@]}" >/dev/null
kmake olddefconfig >/dev/null

missing=()
while IFS= read -r line; do
	case "$line" in CONFIG_*=*) ;; *) continue ;; esac
	opt=${line%%=*}
	grep -qx "$line" "$obj/.config" && continue
	# Listed options may be missing only from a tree that does not define them.
	if grep -qx "$opt" "$TOP/config/optional.list" &&
	   ! grep -rqsE "^(menu)?config ${opt#CONFIG_}\$" --include='Kconfig*' "$src"; then
		continue
	fi
	missing+=("$line (got: $(grep -E "^$opt=|^# $opt is not set" "$obj/.config" || echo absent))")
done < <(cat "${frags[@]}")
if [ ${#missing[@]} -gt 0 ]; then
	printf '  %s\n' "${missing[@]}" >&2
	die "options of the $flavor configuration did not survive olddefconfig"
fi
log "kernel config ($flavor) ready in $obj/.config"
