#!/bin/sh
# [report] issuer names the issuing body in the red header, in every page's footer and in the
# PDF and XLSX document properties, instead of the template's (issue 19 item 6).
set -eu
CBECFLOW="$CBECFLOW_BUILDDIR/cbecflow"
if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
    echo "pdftotext/pdfinfo (poppler-utils) not installed"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=2026-12-06
who="乌兰察布跨境电商管委会办公室"
"$CBECFLOW" --no-progress -q demo --out "$tmp/night" --trades 30 --date $d
rc=0
"$CBECFLOW" --no-progress -q --config "$tmp/night/cbecflow.conf" -o "report.issuer=$who" run --date $d || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] || { echo "run failed with $rc"; exit 1; }
out="$tmp/night/out/$d"
for k in statistics reconciliation risk credit; do
    f="$out/$k-$d.pdf"
    pages=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
    p=1
    while [ "$p" -le "$pages" ]; do
        pdftotext -enc UTF-8 -f $p -l $p "$f" - | grep -q "$who" || { echo "$k page $p does not name $who"; exit 1; }
        p=$((p + 1))
    done
    # page 1: the red header and the footer
    n=$(pdftotext -enc UTF-8 -f 1 -l 1 "$f" - | grep -c "$who")
    [ "$n" -ge 2 ] || { echo "$k page 1 names $who $n times (header and footer expected)"; exit 1; }
    pdftotext -enc UTF-8 "$f" - | grep -q "呼和浩特跨境电子商务综合试验区" && { echo "$k still names the template's issuer"; exit 1; }
    pdfinfo "$f" | grep -q "^Author: *$who" || { echo "$k PDF author is not $who"; pdfinfo "$f"; exit 1; }
    python3 -c "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.exit(0 if sys.argv[2] in z.read('docProps/app.xml').decode() else 1)" \
        "$out/$k-$d.xlsx" "$who" || { echo "$k XLSX company is not $who"; exit 1; }
done
"$CBECFLOW" --no-progress -q --config "$tmp/night/cbecflow.conf" -o "report.issuer=$who" config check | grep -q "issuer" ||
    { echo "config check does not list report.issuer"; exit 1; }
echo "issuer: $who in every page, the PDF author and the XLSX company of the four reports"
