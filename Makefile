# vhost SIGKILL hang: build, boot and test the patch series. See README.md.
#
#   make            fetch the base, apply the series, build, boot, run the tests
#   make check      the full test suite (what CI runs)
#
# Variables: BASE=7.3|6.12  VARIANT=patched|base  KSRC=/path/to/linux
#            ACCEL=auto|tcg|kvm  EXTRA=/path/to/static/binary  CACHE=dir

BASE ?= 7.3
VARIANT ?= patched
ACCEL ?= auto
export BASE VARIANT ACCEL KSRC CACHE

HARNESS := build/harness/vhost-harness

.PHONY: all harness harness-test fetch tree kernel boot run check mirrors \
	checkpatch kunit bench worktree export backport resign clean

# The main job: one variant, from the base sources to a verdict.
all: harness
	scripts/build-variant.sh $(BASE) $(VARIANT)
	scripts/boot.sh $(BASE) $(VARIANT)

harness: $(HARNESS)
$(HARNESS): $(shell find harness -type f 2>/dev/null)
	cmake -S harness -B build/harness >/dev/null
	cmake --build build/harness -j2

harness-test: harness
	ctest --test-dir build/harness --output-on-failure

# Pipeline stages, one by one.
fetch:
	scripts/fetch-base.sh $(BASE)
tree:
	scripts/tree.sh $(BASE) build/$(BASE)/linux
kernel:
	scripts/build-variant.sh $(BASE) $(VARIANT)
boot: harness
	scripts/boot.sh $(BASE) $(VARIANT)

# Run your own static binaries in the guest (instead of the kselftests).
run: harness
	@test -n "$(EXTRA)" || { echo "usage: make run EXTRA=/path/to/static-binary"; exit 2; }
	scripts/build-variant.sh $(BASE) $(VARIANT) $(EXTRA)
	scripts/boot.sh $(BASE) $(VARIANT) $(BASE)-$(VARIANT)-extra -- --append "harness.mode=extra"

# Everything: unit tests, series hygiene, both bases, base vs patched.
check: harness
	scripts/check.sh

mirrors:
	scripts/mirrors.sh check
# The KUnit suite through kunit.py (UML), on the pipeline's patched tree.
kunit:
	scripts/kunit.sh $(BASE)
# Datapath cost of the series (a benchmark, not a test).
bench: harness
	scripts/bench.sh
checkpatch:
	scripts/checkpatch.sh work/linux-$(BASE) $(if $(filter 7.3,$(BASE)),patches,patches/$(BASE))

# Editing the series: a work tree with the series as commits, then export.
worktree:
	scripts/worktree.sh $(BASE)
export:
	scripts/export-series.sh $(BASE)
backport:
	scripts/backport.sh
resign:
	scripts/resign.sh

clean:
	rm -rf build
