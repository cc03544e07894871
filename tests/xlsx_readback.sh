#!/bin/sh
# The statistics workbook of a demo night, read back with a real XLSX reader
# (openpyxl, Debian's python3-openpyxl), agrees with the dataset to the fen:
# headline total and order count, and one detail row per order, as numbers.
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
total_fen=$(sqlite3 "$tmp/night/cbecflow.db" "SELECT sum(value_cny) FROM flow WHERE order_id IS NOT NULL")
orders=$(sqlite3 "$tmp/night/cbecflow.db" "SELECT count(*) FROM flow WHERE order_id IS NOT NULL")
"$PY" - "$tmp/night/out/2026-11-25/statistics-2026-11-25.xlsx" "$total_fen" "$orders" <<'PYEOF'
import sys
from decimal import Decimal
import openpyxl

path, total_fen, orders = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
wb = openpyxl.load_workbook(path, read_only=True)
summary = wb[wb.sheetnames[0]]
found = {}
for row in summary.iter_rows(values_only=True):
    if row and row[0] in ("进出口总额", "订单量"):
        found[row[0]] = row[2]
total = found["进出口总额"]
count = found["订单量"]
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
    assert row[orig] is None or isinstance(row[orig], (int, float)), "original amount is text: %r" % (row[orig],)
    rows += 1
    fen += int((Decimal(str(row[col])) * 100).to_integral_value())
assert rows == orders, "detail rows %d != orders %d" % (rows, orders)
assert fen == total_fen, "detail sum %d fen != dataset %d fen" % (fen, total_fen)
print("xlsx read back: total %s yuan, %d orders, %d detail rows: agree with the dataset" % (total, orders, rows))
PYEOF
