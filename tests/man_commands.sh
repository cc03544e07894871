#!/bin/sh
# cbecflow(1) describes every command `cbecflow --help` lists (a `.SS COMMAND` of its own)
# and, in that subsection, every long option the command's own --help names; the global
# options of the usage line are in the page too.  A command or option added without its
# documentation fails here.
set -eu
CBECFLOW="$CBECFLOW_BUILDDIR/cbecflow"
page="$CBECFLOW_SRCDIR/man/cbecflow.1.in"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The page as text: font changes and escapes out, \- as -.
sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\&//g' "$page" > "$tmp/page"
"$CBECFLOW" --help > "$tmp/help"
commands=$(sed -n '/^commands:/,/^$/p' "$tmp/help" | sed -n 's/^  \([a-z][a-z_-]*\) .*/\1/p')
[ -n "$commands" ] || { echo "no commands found in cbecflow --help"; exit 1; }
status=0
for o in $(sed -n 1p "$tmp/help" | grep -o -- '--\?-[a-z][a-z-]*' | sort -u); do
    grep -q -- "$o" "$tmp/page" || { echo "cbecflow(1): global option $o is not described"; status=1; }
done
for c in $commands; do
    # The subsection of the command: from `.SS c` to the next .SS or .SH.
    awk -v c="$c" '/^\.S[SH] / { on = ($0 == ".SS " c) } on' "$tmp/page" > "$tmp/section"
    if [ ! -s "$tmp/section" ]; then
        echo "cbecflow(1): command $c has no subsection (.SS $c)"
        status=1
        continue
    fi
    # Its --help (plugins lists the plugins; status prints getopt's complaint: both harmless).
    "$CBECFLOW" --no-progress "$c" --help > "$tmp/chelp" 2>&1 || true
    for o in $(grep -o -- '--[a-z][a-z-]*' "$tmp/chelp" | sort -u); do
        [ "$o" = --help ] && continue
        grep -q -- "$o" "$tmp/section" || { echo "cbecflow(1): $c option $o is not in .SS $c"; status=1; }
    done
done
[ "$status" = 0 ] && echo "cbecflow(1) describes every command ($(echo $commands)) and its options"
exit $status
