#!/usr/bin/env bash
# Stage 1: fetch a base kernel source from Debian's registry into the cache.
# Usage: fetch-base.sh BASE   (prints the path of the unpacked source tarball)
# Uses a private sources list and private apt state/cache directories, so the
# machine's apt configuration is never read for sources nor modified.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: fetch-base.sh BASE}
pkg=$(base_package "$base")
dir=$CACHE/src/$base
tarball=$dir/usr/src/$pkg.tar.xz
if [ -f "$dir/.done" ]; then
	echo "$tarball"
	exit 0
fi

case "$base" in
7.3) suite=trixie-backports ;;
6.12) suite="bookworm-security" ;;
esac
mirror=${DEBIAN_MIRROR:-http://deb.debian.org}
repo=$mirror/debian
[ "$suite" = bookworm-security ] && repo=$mirror/debian-security

apt=$CACHE/apt/$base
rm -rf "$apt" "$dir"
mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$dir"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $repo $suite main" \
	>"$apt/sources.list"
: >"$apt/status"
opts=(-o "Dir::Etc::sourcelist=$apt/sources.list" -o Dir::Etc::sourceparts=-
      -o "Dir::State=$apt" -o "Dir::State::Lists=$apt/lists"
      -o "Dir::State::status=$apt/status" -o "Dir::Cache=$apt"
      -o "Dir::Cache::archives=$apt/archives" -o Debug::NoLocking=1
      -o APT::Sandbox::User=root -q)

stage_begin fetch "fetching $pkg from $suite"
apt-get "${opts[@]}" update >&2
(cd "$apt" && apt-get "${opts[@]}" download "$pkg" >&2)
deb=$(ls "$apt"/"${pkg}"_*.deb)
dpkg-deb -x "$deb" "$dir"
[ -f "$tarball" ] || die "$deb did not contain $tarball"
dpkg-deb -f "$deb" Version >"$dir/debian-version"
rm -f "$deb"
touch "$dir/.done"
stage_end fetch "$pkg $(cat "$dir/debian-version") cached in $dir"
echo "$tarball"
