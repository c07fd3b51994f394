#!/usr/bin/env bash
# make stress: the seeded stress kselftest (vhost_kill_stress) alone, with
# many iterations, on the patched kernel of BASE (FLAVOR=deepdebug for the
# KASAN and kmemleak kernel). The seed is printed by the test and here; give
# it back as SEED to replay a run.
# Usage: [FLAVOR=...] stress.sh BASE [ITERATIONS [SEED]]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: stress.sh BASE [ITERATIONS [SEED]]}
iterations=${2:-1000}
seed=${3:-$(fresh_seed)}
log "stress: $iterations iterations, seed $seed"
"$TOP/scripts/build-variant.sh" "$base" patched
"$TOP/scripts/boot.sh" "$base" patched "$base-stress${FLAVOR:+-$FLAVOR}" -- \
	--append "harness.tests=vhost:vhost_kill_stress${FLAVOR:+ harness.kmemleak=1} VHOST_STRESS_ITERATIONS=$iterations VHOST_STRESS_SEED=$seed"
