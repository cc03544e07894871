#!/bin/sh
# The four Chinese bulletins and the English statistics of a small demo night are each under
# 400 KB, and every font in them is embedded and subset (issue 19 item 2).  Latin letters and
# digits drawn in the CJK font made cairo keep most of its CFF subroutines: a 1-page
# reconciliation bulletin was 1 MB; drawn in a Latin font (pdf.c latin_runs) it is ~200 KB.
set -eu
CBECFLOW="$CBECFLOW_BUILDDIR/cbecflow"
if ! command -v pdffonts >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
    echo "pdffonts/pdfinfo (poppler-utils) not installed"
    exit 77
fi
limit=409600
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=2026-12-06
"$CBECFLOW" --no-progress -q demo --out "$tmp/night" --trades 200 --date $d
rc=0
"$CBECFLOW" --no-progress -q run --config "$tmp/night/cbecflow.conf" --date $d || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] || { echo "run failed with $rc"; exit 1; }
out="$tmp/night/out/$d"
"$CBECFLOW" --no-progress -q report --db "$tmp/night/cbecflow.db" --kind statistics --format pdf --lang en \
    --date $d --out "$out" >/dev/null
fail=0
for k in statistics reconciliation risk credit statistics-en; do
    case $k in
    statistics-en) f="$out/statistics-$d-en.pdf" ;;
    *) f="$out/$k-$d.pdf" ;;
    esac
    [ -s "$f" ] || { echo "missing $f"; ls "$out"; exit 1; }
    size=$(wc -c <"$f")
    pages=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
    echo "$k: $size bytes, $pages pages"
    if [ "$pages" -le 6 ] && [ "$size" -ge $limit ]; then
        echo "FAIL: $f is $size bytes (limit $limit for up to 6 pages)"
        fail=1
    fi
    # every font line (after the two header lines): emb yes, sub yes
    pdffonts "$f" >"$tmp/fonts"
    if awk 'NR > 2 { n++; if ($(NF-4) != "yes" || $(NF-3) != "yes") bad++ } END { exit !(n > 0 && bad == 0) }' \
        "$tmp/fonts"; then :; else
        echo "FAIL: $f has a font not embedded or not subset:"
        cat "$tmp/fonts"
        fail=1
    fi
done
exit $fail
