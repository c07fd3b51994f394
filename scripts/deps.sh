#!/usr/bin/env bash
# The project's Debian dependencies, from config/packages.list (the only list).
# Usage: deps.sh check       every command and path the list names is present
#                            (changes nothing; prints the apt-get line that fixes it)
#        deps.sh packages    the package names, one per line
#        deps.sh install     apt-get install them (what .ci/run does)
#        deps.sh toolpath DIR  fill DIR with links to every command that the
#                            listed packages, their dependencies and Debian's
#                            required base provide, for a PATH that holds
#                            nothing else (make check runs under it)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

list=$TOP/config/packages.list

# "package token..." lines of the list, comments and blank lines removed.
entries() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$list"; }
packages() { entries | awk '{ print $1 }'; }

# Is one token of the list present? A command is looked up in PATH; a path
# must exist, and a path ending in ":static" must be a static executable
# (no ELF interpreter).
present() {
	local t=$1
	case "$t" in
	*:static) t=${t%:static}; [ -f "$t" ] && ! grep -qa '/ld-linux' "$t" ;;
	/*) [ -e "$t" ] ;;
	*) command -v "$t" >/dev/null 2>&1 ;;
	esac
}

check() {
	local pkg t line
	local -a missing=() pkgs=()
	while read -r pkg line; do
		local lacks=0
		for t in $line; do
			present "$t" || { missing+=("$t ($pkg)"); lacks=1; }
		done
		[ $lacks -eq 0 ] || pkgs+=("$pkg")
	done < <(entries)
	[ ${#pkgs[@]} -gt 0 ] || return 0
	{
		echo "error: missing what the pipeline needs (config/packages.list):"
		printf '  %s\n' "${missing[@]}"
		echo "install it with:"
		echo "  sudo apt-get install --no-install-recommends ${pkgs[*]}"
	} >&2
	return 1
}

install() {
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -q
	# shellcheck disable=SC2046
	$sudo apt-get install -y -q --no-install-recommends $(packages)
}

# lib.sh puts ccache's compiler links in front of PATH: what the list names
# is looked up without them, wherever PATH has them.
IFS=: read -ra path_dirs <<<"$PATH"
PATH=
for d in "${path_dirs[@]}"; do
	[ "$d" = /usr/lib/ccache ] || PATH=${PATH:+$PATH:}$d
done

case "${1:-}" in
check) check ;;
packages) packages ;;
install) install ;;
toolpath) python3 "$TOP/scripts/toolpath.py" "${2:?usage: deps.sh toolpath DIR}" $(packages) ;;
*) die "usage: deps.sh check|packages|install|toolpath DIR" ;;
esac
