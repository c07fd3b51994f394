#!/usr/bin/env bash
# Run the series' KUnit suite with the kernel's own runner, kunit.py, in
# User-Mode Linux (its default): no QEMU, so no KVM question either.
# Usage: kunit.sh BASE
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: kunit.sh BASE}
tree=$(tree_dir "$base")
"$TOP/scripts/tree.sh" "$base" "$tree"
git -C "$tree" checkout -q -f series
cd "$tree"
./tools/testing/kunit/kunit.py run --kunitconfig drivers/vhost \
	--build_dir "$(work_dir "$base")/kunit-um" --jobs "$(nproc)"
