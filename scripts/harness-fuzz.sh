#!/usr/bin/env bash
# make check stage: fuzz the harness's console parsers, analysis and triage
# with libFuzzer (Debian's clang-14, AddressSanitizer and UBSan), seeded
# with the fixtures, for a bounded time. Any crash, sanitizer report, leak or
# input slower than 10 s fails the stage; the input that did it is left in
# build/harness-fuzz/ (crash-*, timeout-*, leak-*).
# Usage: harness-fuzz.sh [SECONDS]   (default 60, or $FUZZ_SECONDS)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

seconds=${1:-${FUZZ_SECONDS:-60}}
dir=$BUILD/harness-fuzz
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"

stage_begin harness-fuzz "building console_fuzz (clang++-14, libFuzzer, ASan, UBSan)"
cmake -S "$TOP/harness" -B "$dir" -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=None \
	-DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
	-DBUILD_TESTING=OFF -DHARNESS_FUZZ=ON >/dev/null
cmake --build "$dir" -j"$(nproc)" --target console_fuzz >/dev/null

# A fresh corpus from the fixtures each time: the run is bounded and
# repeatable, and nothing outside build/ is written.
rm -rf "$dir/corpus" "$dir"/crash-* "$dir"/timeout-* "$dir"/leak-* "$dir"/oom-*
mkdir -p "$dir/corpus"
cp "$TOP"/harness/tests/fixtures/*.log "$dir/corpus/"
log "fuzzing for ${seconds} s from $(ls "$dir/corpus" | wc -l) fixtures"
cd "$dir"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	./console_fuzz -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	-max_len=131072 -dict="$TOP/harness/fuzz/console.dict" -print_final_stats=1 \
	corpus 2>"$dir/fuzz.log" || {
	tail -n 60 "$dir/fuzz.log" >&2
	die "console_fuzz found a problem (input: $(ls "$dir"/crash-* "$dir"/timeout-* "$dir"/leak-* "$dir"/oom-* 2>/dev/null | head -1))"
}
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz.log")
stage_end harness-fuzz "${runs:-?} inputs, no crash, no sanitizer report, none slower than 10 s"
