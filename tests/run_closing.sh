#!/bin/sh
# The night that closes a quarter and a half-year writes their statistics beside the nightly
# reports ([report] closing_periods, default quarter,half,year); a night inside a quarter does not,
# and the configuration can turn them off (issue 18 item 5).
set -eu
CBECFLOW="$CBECFLOW_BUILDDIR/cbecflow"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
night() {   # night DATE DIR [cbecflow options...]
    d=$1; dir=$2; shift 2
    "$CBECFLOW" --no-progress -q demo --out "$dir" --trades 30 --date "$d"
    rc=0
    "$CBECFLOW" --no-progress -q --config "$dir/cbecflow.conf" "$@" run --date "$d" || rc=$?
    [ "$rc" = 0 ] || [ "$rc" = 3 ] || { echo "run $d failed with $rc"; exit 1; }
}
night 2026-06-30 "$tmp/june"
out="$tmp/june/out/2026-06-30"
for f in statistics-2026-06-30.pdf statistics-quarter-2026-06-30.xlsx statistics-quarter-2026-06-30.pdf \
         statistics-half-2026-06-30.xlsx statistics-half-2026-06-30.pdf; do
    [ -s "$out/$f" ] || { echo "missing $f"; ls "$out"; exit 1; }
done
[ ! -e "$out/statistics-year-2026-06-30.pdf" ] || { echo "a year report on 06-30"; exit 1; }
grep -q 'statistics-quarter-2026-06-30.pdf' "$out/manifest.json" || { echo "quarter report not in the manifest"; exit 1; }
night 2026-06-29 "$tmp/inside"
if ls "$tmp/inside/out/2026-06-29" | grep -q -- '-quarter-\|-half-\|-year-'; then echo "period report inside the quarter"; exit 1; fi
night 2026-06-30 "$tmp/off" -o report.closing_periods=none
if ls "$tmp/off/out/2026-06-30" | grep -q -- '-quarter-\|-half-'; then echo "closing_periods empty still wrote them"; exit 1; fi
echo "closing periods: quarter and half written on 06-30, none inside the quarter, none when turned off"
