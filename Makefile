# vhost SIGKILL hang: build, boot and test the patch series. See README.md.
#
#   make            fetch the base, apply the series, build, boot, run the tests
#   make check      the full test suite (what CI runs)
#   make help       every target and variable
#
# Variables: BASE=7.3|6.12  VARIANT=patched|base  KSRC=/path/to/linux
#            ACCEL=auto|tcg|kvm  EXTRA=/path/to/static/binary  CACHE=dir

BASE ?= 7.3
VARIANT ?= patched
ACCEL ?= auto
export BASE VARIANT ACCEL KSRC CACHE

HARNESS := build/harness/vhost-harness

.PHONY: all help prereq harness harness-test fetch tree kernel boot run check \
	fresh-check mirrors checkpatch kunit bench hold-times stress v1-kunit worktree export backport resign clean

# The main job: one variant, from the base sources to a verdict.
all: harness
	scripts/build-variant.sh $(BASE) $(VARIANT)
	scripts/boot.sh $(BASE) $(VARIANT)

help:
	@echo 'make               fetch the base, apply the series, build, boot, run the tests'
	@echo 'make check         the full test suite (what CI runs: bash .ci/run)'
	@echo 'make fresh-check   make and make check in a fresh Debian 12 chroot (debootstrap)'
	@echo 'make run EXTRA=bin boot the kernel with your static binaries instead of the tests'
	@echo 'make kunit | bench the KUnit suite through kunit.py (UML) | datapath and kill-latency benchmarks'
	@echo 'make v1-kunit      the KUnit suite against series v1, where it must find v1'"'"'s defects'
	@echo 'make hold-times    the longest vq->mutex holds under load (lock statistics), which set the budget'
	@echo 'make stress        the seeded kill/release stress test, STRESS_ITERATIONS=1000 STRESS_SEED=fresh'
	@echo 'make fetch | tree | kernel | boot | harness | harness-test   one stage at a time'
	@echo 'make worktree | export | backport | resign | checkpatch | mirrors   editing the series'
	@echo 'make prereq        check the Debian packages (config/packages.list); make clean'
	@echo 'variables: BASE=7.3|6.12 VARIANT=patched|base KSRC=/path/to/linux'
	@echo '           ACCEL=auto|tcg|kvm CACHE=dir (default ~/.cache/vhost-sigkill)'
	@echo '           BENCH_CLOCK=wall|icount (make bench: wall-clock or instruction-counted guest time)'

# Every target that runs tools checks for them first, in well under a second,
# and stops with the apt-get line that installs what is missing.
prereq:
	@scripts/deps.sh check

harness: $(HARNESS)
$(HARNESS): $(shell find harness -type f 2>/dev/null) | prereq
	scripts/build-harness.sh

harness-test: harness
	ctest --test-dir build/harness --output-on-failure

# Pipeline stages, one by one.
fetch: prereq
	scripts/fetch-base.sh $(BASE)
tree: prereq
	scripts/tree.sh $(BASE) build/$(BASE)/linux
kernel: prereq
	scripts/build-variant.sh $(BASE) $(VARIANT)
boot: harness
	scripts/boot.sh $(BASE) $(VARIANT)

# Run your own static binaries in the guest (instead of the kselftests).
run: harness
	@test -n "$(EXTRA)" || { echo "usage: make run EXTRA=/path/to/static-binary"; exit 2; }
	scripts/build-variant.sh $(BASE) $(VARIANT) $(EXTRA)
	scripts/boot.sh $(BASE) $(VARIANT) $(BASE)-$(VARIANT)-extra -- --append "harness.mode=extra"

# Everything: unit tests, series hygiene, both bases, base vs patched. Runs
# with a PATH that holds only what config/packages.list provides.
check: prereq
	scripts/check.sh

# make and make check on a fresh Debian 12 userland with only the listed packages.
fresh-check: prereq
	scripts/fresh-check.sh

mirrors: prereq
	scripts/mirrors.sh check
# The KUnit suite through kunit.py (UML), on the pipeline's patched tree.
kunit: prereq
	scripts/kunit.sh $(BASE)
# Datapath cost of the series (a benchmark, not a test): bench.json, the
# summary and plots in build/results. BENCH_CLOCK=icount: QEMU counts
# instructions (deterministic guest time) instead of wall-clock time;
# BENCH_SECONDS and BENCH_RUNS (environment) set each boot's runs (5 of 5 s).
BENCH_CLOCK ?= wall
bench: harness
	BENCH_CLOCK=$(BENCH_CLOCK) scripts/bench.sh
# The longest legitimate vq->mutex holds (lock statistics in a lockdep
# kernel under instruction counting), which set the kill handler's budget:
# build/results/hold-times.md. A measurement, not a test.
hold-times: harness
	scripts/hold-times.sh
# The seeded stress kselftest alone, long: STRESS_ITERATIONS (default 1000)
# owners from STRESS_SEED (default: a fresh one, printed), on the patched
# kernel (FLAVOR=deepdebug for KASAN and kmemleak).
STRESS_ITERATIONS ?= 1000
# The KUnit suite against series v1, where it must find the two defects of
# v1's review (a kernel from scratch; not part of make check).
v1-kunit: harness
	scripts/v1-kunit.sh
stress: harness
	scripts/stress.sh $(BASE) $(STRESS_ITERATIONS) $(STRESS_SEED)
checkpatch: prereq
	scripts/checkpatch.sh work/linux-$(BASE) $(if $(filter 7.3,$(BASE)),patches,patches/$(BASE))

# Editing the series: a work tree with the series as commits, then export.
worktree: prereq
	scripts/worktree.sh $(BASE)
export: prereq
	scripts/export-series.sh $(BASE)
backport: prereq
	scripts/backport.sh
resign:
	scripts/resign.sh

clean:
	rm -rf build
