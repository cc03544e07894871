#!/bin/sh
# The three manual pages render without a single warning, as `man -l` would show them:
# groff with every warning on (-ww), and mandoc's linter when it is installed (.ci/run
# and setup.sh install both).  Rendered from the sources with a Debian package's paths
# (prefix /usr, multiarch libdir), so that the result does not depend on the prefix this
# tree was configured with (make distcheck's is long enough to make lines unbreakable);
# the pages the build made must have every placeholder replaced.
set -eu
cd "$CBECFLOW_BUILDDIR"
if ! command -v groff >/dev/null 2>&1; then
    echo "groff is not installed (Debian package groff-base; setup.sh and .ci/run install it)"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for p in man/cbecflow.1 man/cbecflow.conf.5 man/cbecflow-plugin.7; do
    [ -s "$p" ] || { echo "$p: not built"; exit 1; }
    if grep -n '@[a-zA-Z_]*@' "$p"; then
        echo "$p: a placeholder was left unreplaced (man/local.mk MAN_SUBST)"
        status=1
    fi
    page="$tmp/$(basename "$p")"
    sed -e 's|@PACKAGE_VERSION@|0.1.0|g' -e 's|@sysconfdir@|/etc|g' \
        -e 's|@pkgdatadir@|/usr/share/cbecflow|g' -e 's|@includedir@|/usr/include|g' \
        -e 's|@plugindir@|/usr/lib/x86_64-linux-gnu/cbecflow/plugins-1|g' \
        -e 's|@libdir@|/usr/lib/x86_64-linux-gnu|g' "$CBECFLOW_SRCDIR/$p.in" > "$page"
    if grep -n '@[a-zA-Z_]*@' "$page"; then
        echo "$p.in: a placeholder this test does not know"
        status=1
    fi
    out=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$page" 2>&1) || { echo "$p: groff failed"; status=1; }
    if [ -n "$out" ]; then
        echo "$p: groff warns:"
        echo "$out"
        status=1
    fi
    # What a reader sees must not lose a line: the page renders to text.
    n=$(LC_ALL=C.UTF-8 groff -man -Tutf8 "$page" 2>/dev/null | wc -l)
    [ "$n" -gt 30 ] || { echo "$p: renders to $n lines only"; status=1; }
    if command -v mandoc >/dev/null 2>&1; then
        out=$(mandoc -Tlint -W warning "$page" 2>&1) || true
        if [ -n "$out" ]; then
            echo "$p: mandoc -Tlint warns:"
            echo "$out"
            status=1
        fi
    else
        echo "$p: mandoc not installed, lint skipped (groff checked it)"
    fi
done
[ "$status" = 0 ] && echo "cbecflow(1), cbecflow.conf(5), cbecflow-plugin(7) render without warnings"
exit $status
