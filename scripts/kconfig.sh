#!/usr/bin/env bash
# Stage 4: configure a kernel: tinyconfig + config/vhost-test.config, then
# olddefconfig. Fails if an option of the fragment did not survive, unless
# config/optional.list names it and the tree does not define it at all.
# Usage: kconfig.sh SRC OBJ
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$(realpath -m "${1:?usage: kconfig.sh SRC OBJ}")
obj=$(realpath -m "${2:?usage: kconfig.sh SRC OBJ}")
frag=$TOP/config/vhost-test.config
mkdir -p "$obj"

kmake() { make -s -C "$src" O="$obj" "$@"; }
kmake tinyconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$frag" >/dev/null
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
done <"$frag"
if [ ${#missing[@]} -gt 0 ]; then
	printf '  %s\n' "${missing[@]}" >&2
	die "options required by the tests did not survive olddefconfig"
fi
log "kernel config ready in $obj/.config"
