#!/bin/sh
# The region's report over the warehouse (issue 20; tests/pg_cluster.sh starts a throw-away server):
# two zones' demo nights (different --prefix, so no number is shared) published; the region's
# statistics workbook totals the two zones' own workbooks and its by-zone rows are each zone's own
# total, under the zone's published name or, without one, its code; --zones picks zones; a zone's
# own report has no by-zone table; the same night published under a second code is counted once
# and the report says how many orders were; credit and risk over the region are refused (exit 2);
# the region's PDF names the zones.
set -eu
CBECFLOW="$CBECFLOW_BUILDDIR/cbecflow"
. "$CBECFLOW_SRCDIR/tests/pg_cluster.sh"
if ! /usr/bin/python3 -c "import openpyxl" 2>/dev/null; then
    echo "SKIP: python3-openpyxl not installed (the workbooks' cells are compared)"; exit 77
fi
pg_test_start
D=2026-12-06

cb demo --out "$tmp/a" --trades 200 --seed 11 --date $D --prefix HH
cb demo --out "$tmp/b" --trades 150 --seed 22 --date $D --prefix BT
for z in a b; do
    rc=0; cb --config "$tmp/$z/cbecflow.conf" run --date $D || rc=$?
    [ "$rc" = 0 ] || [ "$rc" = 3 ] || fail "run of night $z exited $rc"
done
a_db="$tmp/a/cbecflow.db"; b_db="$tmp/b/cbecflow.db"
[ "$(sqlite3 "$a_db" "SELECT count(*) FROM orders WHERE order_no NOT LIKE 'HH%'")" = 0 ] || fail "--prefix HH: an order number without HH"
cb -o "publish.zone_name=呼和浩特市" publish --db "$a_db" --zone HHHT --to "$PG_URI"
cb publish --db "$b_db" --zone BTS --to "$PG_URI"

for z in a b; do
    cb report --db "$tmp/$z/cbecflow.db" --kind statistics --format xlsx --date $D --out "$tmp/own_$z" >/dev/null
done
cb report --db "$PG_URI" --kind statistics --format xlsx --date $D --out "$tmp/region" >/dev/null 2>"$tmp/region.log" ||
    { cat "$tmp/region.log"; fail "the region's statistics report"; }

cat >"$tmp/check.py" <<'PY'
import sys, openpyxl
def book(p):
    return openpyxl.load_workbook(p, data_only=True)
def fen(v):
    return round(v * 100)
def figure(wb, name):
    for row in wb.worksheets[0].iter_rows(values_only=True):
        if row[0] == name:
            return row[2]
    raise SystemExit("no figure %s" % name)
def zones(wb):
    if "盟市" not in wb.sheetnames:
        return None
    out = {}
    for row in wb["盟市"].iter_rows(min_row=5, values_only=True):
        if row[0] is not None:
            out[row[1]] = (row[0], row[2], fen(row[3]))
    return out
def sources(wb):
    for row in wb["指标定义"].iter_rows(values_only=True):
        if "数据来源与口径" in (row[0], row[1]):
            return " ".join(str(c) for c in row if c)
    return ""
mode, region = sys.argv[1], book(sys.argv[2])
own = [book(p) for p in sys.argv[3:]]
total = sum(fen(figure(b, "进出口总额")) for b in own)
count = sum(figure(b, "订单量") for b in own)
got = (fen(figure(region, "进出口总额")), figure(region, "订单量"))
print("region", got, "zones' own", (total, count))
if got != (total, count):
    raise SystemExit("the region's total is not the sum of the zones' own totals")
z = zones(region)
print("by zone", z)
if mode == "two":
    want = {"HHHT": ("呼和浩特市", figure(own[0], "订单量"), fen(figure(own[0], "进出口总额"))),
            "BTS": ("BTS", figure(own[1], "订单量"), fen(figure(own[1], "进出口总额")))}
    if z != want:
        raise SystemExit("by-zone rows %s, expected %s" % (z, want))
    if "没有订单由两个以上盟市同时报送" not in sources(region):
        raise SystemExit("the sources note does not say no order was published twice: " + sources(region))
elif mode == "one":
    if set(z) != {"HHHT"}:
        raise SystemExit("--zones HHHT: by-zone rows %s" % z)
elif mode.startswith("twice:"):
    n = mode.split(":")[1]
    if set(z) != {"HHHT", "BTS"}:
        raise SystemExit("the night published twice: by-zone rows %s (its orders belong to HHHT, the first code)" % z)
    if ("%s 笔订单由两个以上盟市同时报送，只计一次" % n) not in sources(region):
        raise SystemExit("the sources note does not state the %s orders counted once: %s" % (n, sources(region)))
for b in own:
    if zones(b) is not None:
        raise SystemExit("a zone's own report has a by-zone sheet")
PY
py() { /usr/bin/python3 "$tmp/check.py" "$@" || fail "workbooks: $*"; }
own_a="$tmp/own_a/statistics-$D.xlsx"; own_b="$tmp/own_b/statistics-$D.xlsx"
py two "$tmp/region/statistics-$D.xlsx" "$own_a" "$own_b"
echo "two zones: the region's total is the sum of theirs, by-zone rows their own totals (name, else code)"

# The reconciliation report over the region: per zone the day's trades and matches of its own dataset.
cb report --db "$PG_URI" --kind reconciliation --format xlsx --date $D --out "$tmp/recon" >/dev/null 2>&1 ||
    fail "the region's reconciliation report"
want=""
for z in BTS:$b_db HHHT:$a_db; do   # code order, as the sheet lists them
    want="$want ${z%%:*}=$(sqlite3 "${z#*:}" "SELECT count(*) || '/' || sum(status='MATCHED') FROM flow
        WHERE business_date='$D' AND substr(coalesce(flow_key,''),1,2)<>'B:'")"
done
got=$(/usr/bin/python3 -c "
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1], data_only=True)['分盟市']
print(' '.join('%s=%s/%s' % (r[1], r[2], r[3]) for r in ws.iter_rows(min_row=5, values_only=True) if r[1]))
" "$tmp/recon/reconciliation-$D.xlsx")
[ "$got" = "${want# }" ] || fail "the region's reconciliation by zone: $got, the zones' datasets: ${want# }"
echo "the region's reconciliation: by zone the trades and matches of each zone's dataset ($got)"

cb report --db "$PG_URI" --zones HHHT --kind statistics --format xlsx --date $D --out "$tmp/one" >/dev/null 2>&1
py one "$tmp/one/statistics-$D.xlsx" "$own_a"
echo "--zones HHHT: that zone only"

# The same night under a second code (after HHHT in code order): counted once, and said.
cb publish --db "$a_db" --zone ZZZ --to "$PG_URI"
rc=0; cb report --db "$PG_URI" --kind statistics --format xlsx --date $D --out "$tmp/twice" >/dev/null 2>"$tmp/twice.log" || rc=$?
[ "$rc" = 0 ] || { cat "$tmp/twice.log"; fail "the region's report with a night published twice exited $rc"; }
n=$(sqlite3 "$a_db" "SELECT count(*) FROM orders")
grep -q "$n order(s) published by two or more zones, counted once" "$tmp/twice.log" ||
    { cat "$tmp/twice.log"; fail "stderr does not say the $n orders published twice were counted once"; }
py "twice:$n" "$tmp/twice/statistics-$D.xlsx" "$own_a" "$own_b"
echo "a night published under two codes: counted once, $n orders said so on stderr and in the sources note"

# A zone's own report from the warehouse has no by-zone table (and equals its own, publish.sh).
cb report --db "$PG_URI" --zone HHHT --kind statistics --format xlsx --date $D --out "$tmp/zone" >/dev/null 2>&1
/usr/bin/python3 -c "import openpyxl,sys; sys.exit('盟市' in openpyxl.load_workbook(sys.argv[1]).sheetnames)" \
    "$tmp/zone/statistics-$D.xlsx" || fail "a zone's report from the warehouse has a by-zone sheet"

for kind in credit risk; do
    rc=0; cb report --db "$PG_URI" --kind $kind --format xlsx --date $D --out "$tmp/cr" 2>"$tmp/cr.log" || rc=$?
    [ "$rc" = 2 ] || fail "the $kind report over the region exited $rc, not 2"
    grep -q "per zone" "$tmp/cr.log" || { cat "$tmp/cr.log"; fail "the $kind refusal does not say why"; }
done
rc=0; cb report --db "$PG_URI" --zones HHHT,NOSUCH --kind statistics --format xlsx --date $D --out "$tmp/x" 2>/dev/null || rc=$?
[ "$rc" = 1 ] || fail "--zones with a zone the warehouse lacks exited $rc, not 1"
echo "credit and risk over the region: refused (2); an unknown zone: 1"

if command -v pdftotext >/dev/null; then
    cb report --db "$PG_URI" --zones HHHT,BTS --kind statistics --format pdf --date $D --out "$tmp/pdf" >/dev/null 2>&1
    pdftotext "$tmp/pdf/statistics-$D.pdf" "$tmp/pdf.txt"
    for w in 分盟市 呼和浩特市 BTS 全区汇总; do
        grep -q "$w" "$tmp/pdf.txt" || fail "the region's PDF does not say $w"
    done
    echo "the region's PDF: the by-zone table with the zones' names, and the region sentence"
    cb report --db "$PG_URI" --zones HHHT,BTS --kind reconciliation --format pdf --date $D --out "$tmp/pdf" >/dev/null 2>&1
    pdftotext "$tmp/pdf/reconciliation-$D.pdf" "$tmp/rpdf.txt"
    for w in 分盟市 呼和浩特市 BTS 全区汇总; do
        grep -q "$w" "$tmp/rpdf.txt" || fail "the region's reconciliation PDF does not say $w"
    done
    cb report --db "$tmp/a/cbecflow.db" --kind reconciliation --format pdf --date $D --out "$tmp/own_pdf" >/dev/null 2>&1
    pdftotext "$tmp/own_pdf/reconciliation-$D.pdf" "$tmp/own_rpdf.txt"
    ! grep -q "分盟市\|全区汇总" "$tmp/own_rpdf.txt" || fail "a zone's own reconciliation PDF speaks of zones"
    echo "the region's reconciliation PDF: the region sentence and the by-zone table; a zone's own has neither"
fi

# A zone of a few thousand rows per table is pulled in bounded stack: the pull's per-row buffers
# live on the heap (a stack buffer per row grew the stack row by row until it overflowed: 3
# million rows of 10 zones crashed the region report).  512 KB of stack is plenty for the report.
cb demo --out "$tmp/big" --trades 2000 --seed 33 --date $D --prefix BG
rc=0; cb ingest --db "$tmp/big.db" "$tmp/big/drop/$D" >/dev/null || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] || fail "ingest of the big zone exited $rc"
cb publish --db "$tmp/big.db" --zone BIG --to "$PG_URI"
rc=0; (ulimit -s 512; "$CBECFLOW" --no-progress -q report --db "$PG_URI" --zones BIG --kind statistics --format xlsx \
    --date $D --out "$tmp/big_report" >/dev/null 2>&1) || rc=$?
[ "$rc" = 0 ] || fail "the region report of a 2000-trade zone in 512 KB of stack exited $rc"
echo "a 2000-trade zone pulled within 512 KB of stack"
