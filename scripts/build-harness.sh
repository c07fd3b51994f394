#!/usr/bin/env bash
# Build the host tool (harness/) and its unit tests into build/harness.
# Usage: build-harness.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

stage_begin harness "building the harness"
cmake -S "$TOP/harness" -B "$BUILD/harness" >/dev/null
cmake --build "$BUILD/harness" -j"$(nproc)" >/dev/null
stage_end harness
