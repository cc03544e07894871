#!/bin/sh
# The worked example of cbecflow-plugin(7) is a plugin that works: its source, cut out of
# the page and unescaped as a reader copies it, builds with the page's flags against the
# SDK headers alone, wins the probe of its sample, and ingests it: 0,480 kg is 480 g,
# "1 250,00" RUB is 125000 kopecks, "1,250" kg is 1250 g because its column writes decimal
# commas (the look-ahead), a weight that is no number is quarantined, and
# read = stored + quarantined holds.
set -eu
CBECFLOW="$CBECFLOW_BUILDDIR/cbecflow"
page="$CBECFLOW_SRCDIR/man/cbecflow-plugin.7.in"
CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || { echo "no C compiler ($CC)"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/plugins"
sed -n '/^\.\\" example parcel_csv\.c begin$/,/^\.\\" example parcel_csv\.c end$/p' "$page" |
    sed -e '1d' -e '$d' -e 's/^\\&//' -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\(ga/`/g' \
        -e 's/\\(ha/^/g' -e 's/\\(ti/~/g' -e 's/\\e/\\/g' > "$tmp/parcel_csv.c"
[ "$(wc -l < "$tmp/parcel_csv.c")" -gt 100 ] || { echo "example not found in $page"; exit 1; }
printf '{ global: cbec_plugin_entry; local: *; };\n' > "$tmp/exports.map"
"$CC" -std=c11 -Wall -Wextra -Werror -O2 -fPIC -shared -I"$CBECFLOW_SRCDIR/include" \
    -Wl,--version-script="$tmp/exports.map" -o "$tmp/plugins/parcel_csv.so" "$tmp/parcel_csv.c"
cat > "$tmp/parcels.csv" <<'CSV'
Parcel Barcode;Shop Order;Gross kg;Customs Value;Currency
RU123456785CN;ORD-1;0,480;1 250,00;RUB
RU123456799CN;ORD-2;1,2;99,90;RUB
RU123456816CN;ORD-3;1,250;5,00;RUB
RU123456802CN;ORD-4;heavy;10,00;RUB
CSV
export CBECFLOW_PLUGIN_PATH="$tmp/plugins:${CBECFLOW_PLUGIN_PATH:-}"
export CBECFLOW_KEY_FILE="$tmp/site.key"
"$CBECFLOW" plugins -v | grep -q '^parcel_csv ' || { echo "parcel_csv not loaded"; "$CBECFLOW" plugins; exit 1; }
"$CBECFLOW" --no-progress probe "$tmp/parcels.csv" | grep -q "	parcel_csv	" ||
    { echo "parcel_csv does not win the probe"; "$CBECFLOW" probe -v "$tmp/parcels.csv"; exit 1; }
rc=0
"$CBECFLOW" --no-progress -q -o plugin.parcel_csv.carrier_code=3120980105 \
    ingest --db "$tmp/t.db" "$tmp/parcels.csv" || rc=$?
[ "$rc" = 3 ] || { echo "ingest exited $rc, want 3 (one row quarantined)"; exit 1; }
got=$(sqlite3 "$tmp/t.db" "SELECT group_concat(logistics_no||' '||logistics_code||' '||order_no||' '||weight_g||' '||declared_value||' '||currency, '|') FROM (SELECT * FROM shipment ORDER BY logistics_no)")
want="RU123456785CN 3120980105 ORD-1 480 125000 RUB|RU123456799CN 3120980105 ORD-2 1200 9990 RUB|RU123456816CN 3120980105 ORD-3 1250 500 RUB"
[ "$got" = "$want" ] || { echo "shipments: got  $got"; echo "            want $want"; exit 1; }
q=$(sqlite3 "$tmp/t.db" "SELECT reason_code||' '||locator FROM quarantine")
[ "$q" = "BAD_WEIGHT line 5" ] || { echo "quarantine: got \"$q\", want \"BAD_WEIGHT line 5\""; exit 1; }
# "1,250" alone proves nothing; its column's other values prove a comma: 1.25 kg, no finding.
f=$(sqlite3 "$tmp/t.db" "SELECT count(*) FROM finding")
[ "$f" = 0 ] || { echo "findings: got $f, want 0"; sqlite3 "$tmp/t.db" "SELECT * FROM finding"; exit 1; }
c=$(sqlite3 "$tmp/t.db" "SELECT records_read||'='||records_stored||'+'||records_quarantined||'+'||records_duplicate FROM source_file")
[ "$c" = "4=3+1+0" ] || { echo "counts: got $c, want 4=3+1+0"; exit 1; }
echo "cbecflow-plugin(7) example: builds, wins its probe, stores 480 g and 125000 kopecks, quarantines BAD_WEIGHT"
