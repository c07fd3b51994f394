# shellcheck shell=bash
# Shared helpers for the pipeline scripts. Sourced, never executed.

: "${CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/vhost-sigkill}"
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
export CACHE TOP BUILD

# Every C compiler the pipeline runs goes through ccache (the links in
# /usr/lib/ccache put it in front of gcc, cc, g++ and clang): the kernels,
# the kselftests, the harness. Its cache is kept in $CACHE/ccache across
# runs and clones, like the kernel sources, so an object whose source,
# headers, configuration and flags did not change is not compiled again.
# Paths under $TOP are hashed relative to the directory of the compile, so a
# clone elsewhere hits the same entries. Depend mode: a miss is compiled
# once and its entry made from the compiler's -MD list (the kernel's
# -Wp,-MMD), where the default would preprocess each file a second time to
# hash it (68 kernel objects compiled from scratch here: +31 % with the
# default, +5 % in depend mode).
# CCACHE_DISABLE=1 compiles everything (ccache then only calls the compiler).
if command -v ccache >/dev/null && [ -d /usr/lib/ccache ]; then
	case ":$PATH:" in *:/usr/lib/ccache:*) ;; *) PATH=/usr/lib/ccache:$PATH ;; esac
	: "${CCACHE_DIR:=$CACHE/ccache}" "${CCACHE_BASEDIR:=$TOP}" "${CCACHE_MAXSIZE:=4G}"
	: "${CCACHE_DEPEND:=1}"
	export PATH CCACHE_DIR CCACHE_BASEDIR CCACHE_MAXSIZE CCACHE_DEPEND
fi

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The identity the series carry until `make resign` puts the submitter's on
# them; commits made by worktree.sh and backport.sh use it too.
PROJECT_NAME="vhost-sigkill project"
PROJECT_EMAIL=vhost-sigkill@example.org

# A fresh 32-bit seed for the stress kselftest (VHOST_STRESS_SEED).
fresh_seed() { od -An -N4 -tu4 /dev/urandom | tr -d ' '; }

# The base the series is made against; the others get a backport.
PRIMARY_BASE=7.3

# Debian package that provides the kernel source of a base.
base_package() {
	case "$1" in
	7.3) echo linux-source-7.3 ;;
	6.12) echo linux-source-6.12 ;;
	*) die "unknown BASE '$1' (expected 7.3 or 6.12)" ;;
	esac
}

# Patch directory of a base: the series proper for the primary base, its
# backport (patches/BASE/) for the others.
series_dir() {
	case "$1" in
	"$PRIMARY_BASE") echo "$TOP/patches" ;;
	6.12) echo "$TOP/patches/6.12" ;;
	*) die "no series for BASE '$1'" ;;
	esac
}

# The series applied to a base, in order, as "NAME DIR" lines: the vhost
# series, then for the primary base the vsock series (patches/vsock/), which
# builds on it. Branches of a work tree (make worktree) carry the same names.
base_series() {
	echo "vhost $(series_dir "$1")"
	if [ "$1" = "$PRIMARY_BASE" ] && [ -d "$TOP/patches/vsock" ]; then
		echo "vsock $TOP/patches/vsock"
	fi
}

# Every patch applied to a base, all its series in order.
base_patches() {
	local name dir
	base_series "$1" | while read -r name dir; do series_patches "$dir"; done
}

# The numbered patches of a series directory, in order, without the cover
# letter.
series_patches() {
	find "$1" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' | sort
}

# The paths of the files that the given patches add.
added_files() {
	awk '/^diff --git a\// { path = substr($4, 3) }
	     /^new file mode/ { print path }' "$@" | sort -u
}

# The free text of a cover letter: after its header, up to the shortlog.
cover_blurb() {
	awk 'body && /^[^ ].* \([0-9]+\):$/ { exit }
	     body { print }
	     !body && /^$/ { body = 1 }' "$1"
}

# Where the pipeline keeps the trees, objects and kernels of a base (with
# KSRC=, apart from those made from Debian's sources).
work_dir() { echo "$BUILD/${KSRC:+ksrc-}$1"; }
# The kernel tree with the series applied (a clone, also with KSRC=).
tree_dir() { echo "$(work_dir "$1")/linux"; }
# Object directory of a base for a kernel flavor (see kconfig.sh).
obj_dir() { echo "$(work_dir "$1")/obj${2:+-$2}"; }
# Outputs of a variant (patched, base) in a flavor: kernel, kselftests, guest.
variant_dir() { echo "$(work_dir "$1")/$2${3:+-$3}"; }

# Clone the pristine repository of a base (base-repo.sh) into DIR, ready for
# "git am". Debian's top-level .gitignore ends with "/*", which ignores every
# top-level entry, so files a patch adds could not be "git add"ed: keep the
# committed file pristine, but let the work tree use it without that block
# (skip-worktree hides the edit from git).
clone_base() {
	local base=$1 dir=$2 repo
	repo=$("$TOP/scripts/base-repo.sh" "$base")
	log "cloning $repo into $dir"
	git clone -q --shared "$repo" "$dir"
	git -C "$dir" fetch -q --tags
	cp "$repo/.git/base-version" "$dir/.git/base-version"
	if grep -qx '/\*' "$dir/.gitignore"; then
		git -C "$dir" update-index --skip-worktree .gitignore
		sed -i '/^# Debian packaging: ignore everything/,$d' "$dir/.gitignore"
	fi
}

# The measurements' guest programs (bench/) are built with the selftests'
# device and ring helpers as the series has them.
# bench_sources TREE OUT NAME...: NAME.{c,h} of tools/testing/selftests/vhost
# and kselftest.h, from the series branch of TREE, into OUT/vhost and OUT.
bench_sources() {
	local tree=$1 out=$2 f x
	shift 2
	mkdir -p "$out/vhost"
	for f in "$@"; do
		for x in c h; do
			git -C "$tree" show "series:tools/testing/selftests/vhost/$f.$x" >"$out/vhost/$f.$x"
		done
	done
	git -C "$tree" show series:tools/testing/selftests/kselftest.h >"$out/kselftest.h"
}
# bench_cc OBJ OUT CC_ARGS...: compile a static guest program against the
# UAPI headers of kernel object dir OBJ and the sources of bench_sources OUT.
bench_cc() {
	local obj=$1 out=$2
	shift 2
	cc -O2 -Wall -Werror -static -pthread -isystem "$obj/usr/include" \
		-I "$out/vhost" -I "$TOP/bench" "$@"
}

# Hash of a list of files' contents (for stamps).
hash_files() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

# Seconds since the epoch, for the timing lines in summaries.
now() { date +%s; }

# A long stage prints one line when it starts and one with its time when it
# ends: "==> [NAME] what it does" ... "==> [NAME] done in N s[: result]".
declare -A _stage_start=()
stage_begin() { _stage_start[$1]=$(now); log "[$1] $2"; }
stage_end() { log "[$1] done in $(($(now) - ${_stage_start[$1]:-$(now)})) s${2:+: $2}"; }
