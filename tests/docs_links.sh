#!/bin/sh
# The design contract stays in the repository and in step with the code (issue 16):
# no file points at the design sketches outside the repository any more, every
# relative link of the documents leads to a file of the tree, and docs/exit-codes.md
# lists every CBEC_EXIT_* status with its number.
set -eu
top=${CBECFLOW_SRCDIR:?}
cd "$top"
bad=0

# 1. Pointers to ../shared documents (the sketches are not part of the tree).
hits=$(find . \( -name .git -o -name 'build*' -o -name _build -o -name _inst \) -prune -o -type f \
        \( -name '*.c' -o -name '*.h' -o -name '*.md' -o -name '*.mk' -o -name '*.am' -o -name '*.ac' \
           -o -name '*.rules' -o -name '*.conf' -o -name '*.sh' -o -name '*.tpl' \) -print |
       grep -v '^\./tests/docs_links\.sh$' |
       xargs grep -nE 'DESIGN( §|\.md)|FORMATS\.md|SDK-SKETCH' 2>/dev/null || true)
if [ -n "$hits" ]; then
    echo "pointers to documents outside the repository (name the docs/ file instead):"
    echo "$hits"
    bad=1
fi

# 2. Relative links of the documents.
for f in README.md DEVELOPERS.md docs/*.md; do
    dir=$(dirname "$f")
    for target in $(grep -o '](\([^)#]*\)[^)]*)' "$f" | sed -e 's/^](//' -e 's/)$//' -e 's/#.*//'); do
        case "$target" in http://*|https://*|mailto:*|'') continue ;; esac
        if [ ! -e "$dir/$target" ]; then
            echo "$f: link to $target: no such file"
            bad=1
        fi
    done
done

# 3. Every exit status of the contract, with its number, in docs/exit-codes.md.
for pair in $(sed -n 's/^ *\(CBEC_EXIT_[A-Z]*\) = \([0-9]*\),*.*/\1=\2/p' core/base/error.h); do
    name=${pair%%=*}
    code=${pair#*=}
    if ! grep -q "^| $code | \`$name\` |" docs/exit-codes.md; then
        echo "docs/exit-codes.md: no row \"| $code | \`$name\` |\" (core/base/error.h)"
        bad=1
    fi
done
[ "$(sed -n 's/^ *\(CBEC_EXIT_[A-Z]*\) = .*/\1/p' core/base/error.h | wc -l)" -ge 5 ] ||
    { echo "cannot read the CBEC_EXIT_* statuses of core/base/error.h"; bad=1; }
exit $bad
