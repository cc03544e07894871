#!/bin/sh
# The three manual pages render without a single warning, as `man -l` would show them:
# groff with every warning on (-ww); mandoc's
# linter too when it is installed (.ci/run and setup.sh install both).  A page must also
# have had every @VARIABLE@ of its source replaced by the build.
set -eu
pages="man/cbecflow.1 man/cbecflow.conf.5 man/cbecflow-plugin.7"
cd "$CBECFLOW_BUILDDIR"
if ! command -v groff >/dev/null 2>&1; then
    echo "groff is not installed (Debian package groff-base; setup.sh and .ci/run install it)"
    exit 77
fi
status=0
for p in $pages; do
    [ -s "$p" ] || { echo "$p: not built"; exit 1; }
    if grep -n '@[a-zA-Z_]*@' "$p"; then
        echo "$p: a build variable was left unreplaced"
        status=1
    fi
    out=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$p" 2>&1) || { echo "$p: groff failed"; status=1; }
    if [ -n "$out" ]; then
        echo "$p: groff warns:"
        echo "$out"
        status=1
    fi
    # What a reader sees must not lose a line: the page renders to text.
    n=$(LC_ALL=C.UTF-8 groff -man -Tutf8 "$p" 2>/dev/null | wc -l)
    [ "$n" -gt 30 ] || { echo "$p: renders to $n lines only"; status=1; }
    if command -v mandoc >/dev/null 2>&1; then
        out=$(mandoc -Tlint -W warning "$p" 2>&1) || true
        if [ -n "$out" ]; then
            echo "$p: mandoc -Tlint warns:"
            echo "$out"
            status=1
        fi
    else
        echo "$p: mandoc not installed, lint skipped (groff checked it)"
    fi
done
[ "$status" = 0 ] && echo "$pages: render without warnings"
exit $status
