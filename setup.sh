#!/bin/sh
# cbecflow quick start.  Two commands on a fresh Debian 12 machine:
#   ./setup.sh demo   build cbecflow, generate a demo night and run the nightly job on it
#   ./setup.sh test   build cbecflow and run the whole test suite
# As root it installs the Debian packages it needs; otherwise it prints the one
# apt-get line to run and stops if something is missing.
set -eu

# libpq-dev: `cbecflow publish` (the region's warehouse); postgresql: its tests start a throw-away server.
PACKAGES="build-essential autoconf automake libtool pkg-config libarchive-dev libxml2-dev \
libxlsxwriter-dev libcairo2-dev libpango1.0-dev libsqlite3-dev check libglib2.0-dev nettle-dev \
sqlite3 libxml2-utils fonts-noto-cjk fonts-noto-core poppler-utils gzip time python3-openpyxl groff-base mandoc \
libpq-dev postgresql"
# The fuzz targets need clang and its libFuzzer/sanitizer runtimes.
FUZZ_PACKAGES="clang libclang-rt-14-dev"

top=$(cd "$(dirname "$0")" && pwd)
build=${CBECFLOW_BUILD_DIR:-$top/build}

need_packages() {
    missing=""
    for p in $PACKAGES ${EXTRA_PACKAGES:-}; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = 0 ]; then
        echo "setup: installing Debian packages:$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
        echo "setup: missing Debian packages. Run this once, then run setup again:"
        echo "  sudo apt-get install -y$missing"
        exit 2
    fi
}

build() {
    need_packages
    cd "$top"
    if [ ! -x configure ] || [ configure.ac -nt configure ]; then
        autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
    fi
    mkdir -p "$build"
    cd "$build"
    if [ ! -f Makefile ]; then
        "$top/configure" ${CONFIGURE_WERROR---enable-werror} -q "$@"
    fi
    make -j"$(nproc)" >/dev/null
    echo "setup: built $build/cbecflow"
}

case "${1:-}" in
demo)
    build
    night=${2:-$top/demo-night}
    date=$(TZ=Asia/Shanghai date -d yesterday +%Y-%m-%d)
    # Run from the build tree: plugins from it, templates and rule packs from the source tree.
    export CBECFLOW_PLUGIN_PATH="$build/.libs" CBECFLOW_SRCDIR="$top"
    rm -rf "$night"
    "$build/cbecflow" demo --out "$night" --trades "${CBECFLOW_DEMO_TRADES:-2000}" --date "$date"
    set +e
    "$build/cbecflow" run --config "$night/cbecflow.conf" --date "$date"
    rc=$?
    set -e
    echo
    echo "setup: nightly run finished with exit status $rc (0 all stored, 3 something quarantined, see docs/exit-codes.md)"
    echo "setup: dataset  $night/cbecflow.db   (sqlite3 $night/cbecflow.db)"
    echo "setup: reports  $night/out/$date/"
    "$build/cbecflow" status --db "$night/cbecflow.db" --runs 3
    [ "$rc" = 0 ] || [ "$rc" = 3 ]
    ;;
test|test-sanitizers)
    # test-sanitizers: the same suites under ASan + UBSan, in a build tree of their own
    if [ "$1" = test-sanitizers ]; then
        build=${CBECFLOW_SAN_BUILD_DIR:-$top/build-san}
        build --enable-sanitizers
    else
        build
    fi
    cd "$build"
    make -j"$(nproc)" check || { for f in tests/*.log; do grep -q "^FAIL\|:F:\|:E:\|ERROR: \|runtime error" "$f" && { echo "== $f"; tail -40 "$f"; }; done; exit 1; }
    ;;
fuzz-smoke)
    # every libFuzzer target of tests/fuzz for FUZZ_SECONDS (default 30) each
    EXTRA_PACKAGES=$FUZZ_PACKAGES
    build=${CBECFLOW_FUZZ_BUILD_DIR:-$top/build-fuzz}
    CONFIGURE_WERROR="" build --enable-fuzzing CC=clang
    cd "$build"
    make fuzz-smoke FUZZ_SECONDS="${FUZZ_SECONDS:-30}"
    ;;
*)
    echo "usage: ./setup.sh demo | test | test-sanitizers | fuzz-smoke" >&2
    exit 2
    ;;
esac
