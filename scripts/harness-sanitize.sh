#!/usr/bin/env bash
# make check stage: the harness and its unit tests built with
# AddressSanitizer and UndefinedBehaviorSanitizer (g++) in
# build/harness-asan, and the unit tests run once there. Any sanitizer
# report (leaks included) fails the test that triggered it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dir=$BUILD/harness-asan
# g++ 12 warns "may be used uninitialized" inside libstdc++'s <regex> when
# sanitizers instrument it (a known false positive); warnings stay errors
# otherwise.
flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g1 -O1"
flags="$flags -Wno-maybe-uninitialized"

stage_begin harness-asan "building the harness and its tests with ASan and UBSan"
cmake -S "$TOP/harness" -B "$dir" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="$flags" \
	-DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$dir" -j"$(nproc)" >/dev/null
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir "$dir" --output-on-failure
stage_end harness-asan
