#!/bin/sh
# The statistics workbook of a demo night, read back with a real XLSX reader
# (openpyxl, Debian's python3-openpyxl), agrees with the dataset to the fen:
# headline total, retail and B2B values and order count, and one detail row per order, as numbers.
set -eu
PY=/usr/bin/python3
CBECFLOW="$CBECFLOW_BUILDDIR/cbecflow"
if ! "$PY" -c "import openpyxl" 2>/dev/null; then
    echo "python3-openpyxl is not installed (setup.sh and .ci/run install it)"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$CBECFLOW" --no-progress -q demo --out "$tmp/night" --trades 300 --date 2026-11-25
rc=0
"$CBECFLOW" --no-progress -q run --config "$tmp/night/cbecflow.conf" --date 2026-11-25 || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] || { echo "run failed with $rc"; exit 1; }
# The definitions summed independently of the statistics code (the demo night is all CNY): the
# value of the goods, from the customs list when there is one, else from the order; taxes apart;
# retail (9610/1210/1239) and B2B (9710/9810) by the trade mode of the order, else of its list.
trades="SELECT o.direction AS dir, coalesce(nullif(o.trade_mode,''), nullif(cl.trade_mode,''), nullif(f.trade_mode,'')) AS mode,
  CASE WHEN cl.total_value IS NOT NULL THEN cl.total_value + coalesce(cl.freight,0) + coalesce(cl.insured_fee,0)
       WHEN o.goods_value IS NOT NULL THEN o.goods_value + coalesce(o.freight,0)
            - CASE WHEN o.direction='import' THEN coalesce(o.discount,0) ELSE 0 END
       ELSE o.actual_paid - coalesce(o.tax_total,0) END AS v
  FROM orders o LEFT JOIN flow f ON f.flow_id = (SELECT min(flow_id) FROM flow WHERE order_no=o.order_no AND platform_code=o.platform_code)
  LEFT JOIN customs_list cl ON cl.list_id = coalesce(f.list_id, (SELECT min(list_id) FROM customs_list c
       WHERE c.order_no=o.order_no AND coalesce(c.platform_code,o.platform_code)=o.platform_code))
  WHERE date(o.order_time,'+8 hours') BETWEEN '2026-11-01' AND '2026-11-25'"
total_fen=$(sqlite3 "$tmp/night/cbecflow.db" "SELECT sum(v) FROM ($trades)")
retail_fen=$(sqlite3 "$tmp/night/cbecflow.db" "SELECT sum(v) FROM ($trades) WHERE mode IN ('9610','1210','1239')")
b2b_fen=$(sqlite3 "$tmp/night/cbecflow.db" "SELECT sum(v) FROM ($trades) WHERE mode IN ('9710','9810')")
orders=$(sqlite3 "$tmp/night/cbecflow.db" "SELECT count(*) FROM ($trades)")
"$PY" - "$tmp/night/out/2026-11-25/statistics-2026-11-25.xlsx" "$total_fen" "$orders" "$retail_fen" "$b2b_fen" <<'PYEOF'
import datetime
import sys
from decimal import Decimal
import openpyxl

path, total_fen, orders = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
retail_fen, b2b_fen = int(sys.argv[4]), int(sys.argv[5])
wb = openpyxl.load_workbook(path, read_only=True)
summary = wb[wb.sheetnames[0]]
found = {}
for row in summary.iter_rows(values_only=True):
    if row and row[0] in ("进出口总额", "订单量", "跨境电商零售进出口额", "跨境电商B2B进出口额"):
        found[row[0]] = row[2]
total = found["进出口总额"]
count = found["订单量"]
assert Decimal(str(found["跨境电商零售进出口额"])) == Decimal(retail_fen) / 100, "retail %r != %d fen" % (found["跨境电商零售进出口额"], retail_fen)
assert Decimal(str(found["跨境电商B2B进出口额"])) == Decimal(b2b_fen) / 100, "B2B %r != %d fen" % (found["跨境电商B2B进出口额"], b2b_fen)
assert isinstance(total, (int, float)), "total is not a number: %r" % (total,)
assert isinstance(count, (int, float)), "order count is not a number: %r" % (count,)
assert Decimal(str(total)) == Decimal(total_fen) / 100, "total %r != dataset %d fen" % (total, total_fen)
assert int(count) == orders, "count %r != dataset %d" % (count, orders)
detail = wb["明细"]
rows = 0
fen = 0
for i, row in enumerate(detail.iter_rows(values_only=True)):
    if i == 0:
        col = list(row).index("金额（元）")
        orig = list(row).index("实付金额（原币）")
        continue
    if row[0] is None:
        continue
    assert isinstance(row[col], (int, float)), "detail amount is text: %r" % (row[col],)
    assert isinstance(row[0], datetime.datetime), "detail date is not an Excel date: %r" % (row[0],)
    assert row[orig] is None or isinstance(row[orig], (int, float)), "original amount is text: %r" % (row[orig],)
    rows += 1
    fen += int((Decimal(str(row[col])) * 100).to_integral_value())
assert rows == orders, "detail rows %d != orders %d" % (rows, orders)
assert fen == total_fen, "detail sum %d fen != dataset %d fen" % (fen, total_fen)
months = [r[0] for i, r in enumerate(wb["月度走势"].iter_rows(values_only=True)) if i >= 3 and r and r[0] is not None]
assert any(isinstance(v, datetime.datetime) for v in months), "no month is an Excel date: %r" % (months,)
assert all(isinstance(v, datetime.datetime) or "月" in str(v) for v in months), "a month is text: %r" % (months,)
print("xlsx read back: total %s yuan, %d orders, %d detail rows: agree with the dataset" % (total, orders, rows))
PYEOF
