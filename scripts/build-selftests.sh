#!/usr/bin/env bash
# Stage 6: build and install the vhost kselftests (static binaries, for the
# busybox initramfs) from the tree's current checkout.
# Usage: build-selftests.sh SRC OBJ INSTALL_DIR
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$(realpath -m "${1:?usage: build-selftests.sh SRC OBJ INSTALL_DIR}")
obj=$(realpath -m "${2:?}")
install=$(realpath -m "${3:?}")
stage_begin selftests "building and installing the vhost kselftests"
make -s -C "$src" O="$obj" headers >/dev/null
rm -rf "$install"
make -s -C "$src/tools/testing/selftests" O="$obj" TARGETS=vhost \
	KHDR_INCLUDES="-isystem $obj/usr/include" LDFLAGS=-static \
	INSTALL_PATH="$install" install >/dev/null
[ -x "$install/run_kselftest.sh" ] || die "kselftest install missing in $install"
stage_end selftests "$(tr '\n' ' ' <"$install/kselftest-list.txt")"
