#!/bin/sh
# Plugins see the SDK (include/cbecflow/), their own folder and the kits (plugins/*kit/),
# nothing of the core (issue 16).  Three checks:
#  1. a one-line plugin including a core header does not compile with $(PLUGIN_CPPFLAGS),
#     while one including the SDK does (so the failure is the include path's doing);
#  2. every plugin target of the build files sets <target>_CPPFLAGS = $(PLUGIN_CPPFLAGS);
#  3. every quoted include of every plugin source resolves in its own folder (or the
#     generated files of its build folder), in include/, or in a kit: no "../", no
#     "core/...", no other plugin's folder;
#  4. a finding code the core reacts to (CBEC_FINDING_* in include/cbecflow/record.h) is
#     spelled with its macro in core/ and plugins/, never as a string of its own.
# Run by make check (CBECFLOW_SRCDIR, CBECFLOW_BUILDDIR, CBECFLOW_CC and
# CBECFLOW_PLUGIN_CPPFLAGS come from AM_TESTS_ENVIRONMENT).
set -eu
LC_ALL=C; export LC_ALL   # the compiler's "not found" message is matched below

src=${CBECFLOW_SRCDIR:?}
build=${CBECFLOW_BUILDDIR:?}
cc=${CBECFLOW_CC:-cc}
flags=${CBECFLOW_PLUGIN_CPPFLAGS:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# 1. The include path itself keeps core headers out of reach.
printf '#include <cbecflow/plugin.h>\nint x;\n' > "$tmp/sdk.c"
# shellcheck disable=SC2086
if ! $cc $flags -fsyntax-only "$tmp/sdk.c" 2> "$tmp/sdk.err"; then
    echo "FAIL: a plugin including the SDK does not compile with PLUGIN_CPPFLAGS ($flags):"
    cat "$tmp/sdk.err"
    fail=1
fi
for hdr in core/store.h core/base/log.h analysis/reconcile/reconcile.h reports/report.h cbecflow-build.h; do
    printf '#include "%s"\nint x;\n' "$hdr" > "$tmp/core.c"
    # It must fail for not finding the header itself (gcc: "H: No such file", clang:
    # "'H' file not found"), not for something the header includes in turn.
    # shellcheck disable=SC2086
    if $cc $flags -fsyntax-only "$tmp/core.c" 2> "$tmp/core.err" ||
        ! grep -q -e "$hdr: No such file" -e "'$hdr' file not found" "$tmp/core.err"; then
        echo "FAIL: a plugin including \"$hdr\" finds it with PLUGIN_CPPFLAGS ($flags)"
        fail=1
    fi
done

# 2. Every plugin target compiles with PLUGIN_CPPFLAGS (a target without its own _CPPFLAGS
#    would get AM_CPPFLAGS, the whole tree).  Plugin targets: libtool modules whose sources
#    are in plugins/ or tests/plugins/ (tests/preload/ is preloaded into cbecflow, not a plugin).
for mk in "$src"/plugins/*/local.mk "$src"/plugins/tabular.mk "$src"/tests/local.mk; do
    [ -f "$mk" ] || continue
    for target in $(sed -n 's/^\([A-Za-z0-9_]*_la\)_SOURCES *=.*\(plugins\/\).*/\1/p' "$mk" | grep -v -e '^tests_preload_' -e '^nodist_'); do
        if ! grep -q "^${target}_CPPFLAGS *= *\$(PLUGIN_CPPFLAGS)" "$mk"; then
            echo "FAIL: ${mk#"$src"/}: $target has no ${target}_CPPFLAGS = \$(PLUGIN_CPPFLAGS)"
            fail=1
        fi
    done
done

# 3. Every quoted include resolves within the SDK, the file's folder or a kit.
for f in $(cd "$src" && find plugins tests/plugins -name '*.[ch]' | sort); do
    dir=$(dirname "$f")
    grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*["<]' "$src/$f" | while IFS= read -r line; do
        no=${line%%:*}
        inc=$(printf '%s\n' "$line" | sed -n 's/.*#[[:space:]]*include[[:space:]]*\(["<]\)\([^">]*\)[">].*/\1\2/p')
        kind=$(printf '%s' "$inc" | cut -c1)
        name=${inc#?}
        ok=0
        case "$name" in
        */../*|../*|*/..) ok=0 ;;
        *)
            if [ "$kind" = '<' ]; then
                # system and SDK headers; a folder of this tree on the angle path is not
                case "${name%%/*}" in
                core|cli|analysis|reports|tools|plugins|tests) ok=0 ;;
                *) ok=1 ;;
                esac
            elif [ -f "$src/$dir/$name" ] || [ -f "$build/$dir/$name" ] || [ -f "$src/include/$name" ]; then
                ok=1
            else
                case "$name" in
                *kit/*) [ -f "$src/plugins/$name" ] && ok=1 ;;
                esac
            fi
            ;;
        esac
        if [ "$ok" != 1 ]; then
            echo "FAIL: $f:$no includes $kind$name: a plugin may include only include/cbecflow/, its own folder and plugins/*kit/"
            echo x >> "$tmp/failed"
        fi
    done
done
[ -f "$tmp/failed" ] && fail=1

# 4. One spelling of each finding code the core reacts to: the SDK's macro.  The core
#    tests a record's findings with has_finding() (core/ingest.c): never with a string.
if (cd "$src" && grep -rn --include='*.c' 'has_finding([^,]*, *"' core); then
    echo "FAIL: the lines above test a finding code by a string: declare it in include/cbecflow/record.h (CBEC_FINDING_*)"
    fail=1
fi
for code in $(sed -n 's/^#define CBEC_FINDING_[A-Z_]* "\([A-Z_]*\)".*/\1/p' "$src/include/cbecflow/record.h"); do
    if (cd "$src" && grep -rn --include='*.c' --include='*.h' "\"$code\"" core plugins); then
        echo "FAIL: the lines above spell the finding code \"$code\" by hand: use CBEC_FINDING_$code (include/cbecflow/record.h)"
        fail=1
    fi
done

if [ "$fail" = 0 ]; then
    echo "plugin includes: SDK, own folder and kits only; finding codes by their SDK macro"
    echo "1 passed, 0 failed"
else
    echo "0 passed, 1 failed"
fi
exit "$fail"
