#!/bin/sh
# cbecflow publish against a real PostgreSQL server (a throw-away cluster, tests/pg_cluster.sh):
# two zones' nights published at the same time land whole (per zone every table's row count as
# in its SQLite dataset, the same flow statuses, the same local days in the views); publishing
# again changes nothing; a changed and a forgotten row follow; a publish killed after its third
# batch and run again leaves exactly one copy; one zone's publish never waits for another's;
# `run` publishes when [publish] to is set and exits 4, keeping the night, when it cannot; a
# zone's workbooks rendered from the warehouse equal those rendered from its dataset.
set -eu
CBECFLOW="$CBECFLOW_BUILDDIR/cbecflow"
. "$CBECFLOW_SRCDIR/tests/pg_cluster.sh"
pg_test_start
. "$CBECFLOW_SRCDIR/tests/warehouse_check.sh"

# Two zones' nights: A through `run`, B through ingest, reconcile and analyse.
cb demo --out "$tmp/a" --trades 200 --seed 11 --date 2026-12-06
cb demo --out "$tmp/b" --trades 150 --seed 22 --date 2026-12-06
rc=0; cb --config "$tmp/a/cbecflow.conf" run --date 2026-12-06 || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] || fail "run of zone A exited $rc"
rc=0; cb ingest --db "$tmp/b.db" "$tmp/b/drop/2026-12-06" || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] || fail "ingest of zone B exited $rc"
cb reconcile --db "$tmp/b.db" --date 2026-12-06
cb analyse --db "$tmp/b.db" --date 2026-12-06
a_db="$tmp/a/cbecflow.db"; b_db="$tmp/b.db"

# Both at once, in small batches so that their transactions interleave.
cb -o publish.batch_rows=40 publish --db "$a_db" --zone HHHT --to "$PG_URI" 2>"$tmp/pa.log" & pa=$!
cb -o publish.batch_rows=40 publish --db "$b_db" --zone BTS --to "$PG_URI" 2>"$tmp/pb.log" & pb=$!
wait $pa || { cat "$tmp/pa.log"; fail "publish of zone HHHT"; }
wait $pb || { cat "$tmp/pb.log"; fail "publish of zone BTS"; }
same_counts "$a_db" HHHT
same_counts "$b_db" BTS
[ "$(pg "SELECT count(*) FROM orders WHERE zone='HHHT'")" -gt 100 ] || fail "zone HHHT has almost no orders"
for z in HHHT:$a_db BTS:$b_db; do
    zone=${z%%:*}; db=${z#*:}
    a=$(sqlite3 "$db" "SELECT status || '=' || count(*) FROM flow GROUP BY status ORDER BY status" | tr '\n' ' ')
    b=$(pg "SELECT status || '=' || count(*) FROM flow WHERE zone='$zone' GROUP BY status ORDER BY status" | tr '\n' ' ')
    [ "$a" = "$b" ] || fail "zone $zone flow statuses: dataset $a, warehouse $b"
    a=$(sqlite3 "$db" "SELECT order_date || '=' || count(*) || '=' || sum(actual_paid) FROM v_orders GROUP BY order_date ORDER BY order_date" | tr '\n' ' ')
    b=$(pg "SELECT order_date || '=' || count(*) || '=' || sum(actual_paid) FROM v_orders WHERE zone='$zone' GROUP BY order_date ORDER BY order_date" | tr '\n' ' ')
    [ "$a" = "$b" ] || fail "zone $zone v_orders by local day: dataset $a, warehouse $b"
    a=$(sqlite3 "$db" "SELECT coalesce(ship_date,'') || coalesce(status_date,'') || count(*) FROM v_shipments GROUP BY ship_date, status_date ORDER BY 1" | tr '\n' ' ')
    b=$(pg "SELECT coalesce(ship_date,'') || coalesce(status_date,'') || count(*) FROM v_shipments WHERE zone='$zone' GROUP BY ship_date, status_date ORDER BY 1" | tr '\n' ' ')
    [ "$a" = "$b" ] || fail "zone $zone v_shipments by local day: dataset $a, warehouse $b"
done
[ "$(pg "SELECT version FROM cbec_warehouse_version")" = 2 ] || fail "warehouse version"
echo "two zones published at once: every table's count, the flow statuses and the views' local days as in SQLite"

# A zone's workbooks from the warehouse carry the numbers of its workbooks from SQLite, cell by cell.
if /usr/bin/python3 -c "import openpyxl" 2>/dev/null; then
    cat >"$tmp/cells.py" <<'PY'
import sys, openpyxl
def cells(p):
    wb = openpyxl.load_workbook(p, data_only=True)
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.value is not None}
a, b = cells(sys.argv[1]), cells(sys.argv[2])
diff = [(k, a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
for d in diff[:10]:
    print("differs:", d)
print(len(a), "cells,", len(diff), "differ")
sys.exit(1 if diff or len(a) < 100 else 0)
PY
    for kind in statistics reconciliation; do
        cb report --db "$a_db" --kind $kind --format xlsx --date 2026-12-06 --out "$tmp/rs" >/dev/null
        cb report --db "$PG_URI" --zone HHHT --kind $kind --format xlsx --date 2026-12-06 --out "$tmp/rw" >/dev/null
        /usr/bin/python3 "$tmp/cells.py" "$tmp/rs/$kind-2026-12-06.xlsx" "$tmp/rw/$kind-2026-12-06.xlsx" ||
            fail "the $kind workbook of zone HHHT from the warehouse differs from the one from its dataset"
    done
    echo "zone HHHT's statistics and reconciliation workbooks: the same cells from the warehouse as from SQLite"
else
    echo "python3-openpyxl not installed: the workbooks from the warehouse are not compared"
fi
rc=0; cb report --db "$PG_URI" --zone HHHT --zones HHHT,BTS --kind statistics --format xlsx --date 2026-12-06 --out "$tmp/rw" 2>/dev/null || rc=$?
[ "$rc" = 2 ] || fail "a report from the warehouse with both --zone and --zones exited $rc, not 2"
rc=0; cb report --db "$PG_URI" --zone NOSUCH --kind statistics --format xlsx --date 2026-12-06 --out "$tmp/rw" 2>/dev/null || rc=$?
[ "$rc" = 1 ] || fail "a report of a zone the warehouse does not have exited $rc, not 1"

# Again: nothing is sent, nothing changes (contents and row versions).
content HHHT >"$tmp/before"
cb -v -o publish.batch_rows=40 publish --db "$a_db" --zone HHHT --to "$PG_URI" 2>"$tmp/again.log"
grep -q "sent 0 batches" "$tmp/again.log" || { cat "$tmp/again.log"; fail "publishing again sent batches"; }
content HHHT >"$tmp/after"
cmp -s "$tmp/before" "$tmp/after" || { diff "$tmp/before" "$tmp/after"; fail "publishing again changed the warehouse"; }
echo "publishing again: 0 batches sent, every table's md5 and row versions unchanged"

# A changed old row and a forgotten file follow; only their batches are sent.
oid=$(sqlite3 "$a_db" "SELECT min(order_id) FROM orders")
sqlite3 "$a_db" "UPDATE orders SET buyer_name = 'changed', revision = revision + 1 WHERE order_id = $oid"
src=$(sqlite3 "$a_db" "SELECT sha256 FROM source_file WHERE records_stored > 0 AND plugin = 'ceb' ORDER BY source_id DESC LIMIT 1")
cb forget --db "$a_db" "$src"
cb -v -o publish.batch_rows=40 publish --db "$a_db" --zone HHHT --to "$PG_URI" 2>"$tmp/change.log"
[ "$(pg "SELECT buyer_name FROM orders WHERE zone='HHHT' AND order_id=$oid")" = changed ] || fail "the changed order was not updated"
same_counts "$a_db" HHHT
grep -q "[1-9][0-9]* deleted" "$tmp/change.log" || { cat "$tmp/change.log"; fail "the forgotten file's rows were not deleted"; }
total=$(sed -n 's/.* rows in \([0-9]*\) batches.*/\1/p' "$tmp/change.log"); sent=$(sed -n 's/.*sent \([0-9]*\) batches.*/\1/p' "$tmp/change.log")
[ "$sent" -lt "$total" ] || fail "a change of two files sent every batch ($sent of $total)"
echo "a changed order and a forgotten file: updated and deleted ($sent of $total batches sent)"

# Killed after its third batch, then run again: exactly one copy.
rc=0; CBECFLOW_PUBLISH_KILL_AFTER=3 "$CBECFLOW" --no-progress -q -o publish.batch_rows=40 publish --db "$b_db" --zone KILLED --to "$PG_URI" 2>/dev/null || rc=$?
[ "$rc" = 137 ] || fail "the publish with CBECFLOW_PUBLISH_KILL_AFTER=3 exited $rc, not killed"
[ "$(pg "SELECT count(*) FROM cbec_publish WHERE zone='KILLED'")" = 3 ] || fail "not 3 batches committed before the kill"
cb -o publish.batch_rows=40 publish --db "$b_db" --zone KILLED --to "$PG_URI"
same_counts "$b_db" KILLED
[ "$(content KILLED | cut -d' ' -f2,3)" = "$(content BTS | cut -d' ' -f2,3)" ] || fail "the resumed zone differs from the same dataset published whole"
echo "killed after 3 batches and resumed: the same rows as the dataset published in one go"

# A zone on an older dataset schema first, then one on the newer: the warehouse gains the column
# (the older zone's rows keep NULL) and its view shows it.
psql -X -q -d postgres -c "CREATE DATABASE evolve" >/dev/null
evolve="postgresql:///evolve?host=$PGHOST&user=$PGUSER"
cp "$b_db" "$tmp/old.db"
sqlite3 "$tmp/old.db" "ALTER TABLE orders DROP COLUMN status"
cb publish --db "$tmp/old.db" --zone OLD --to "$evolve"
[ "$(psql -X -At -d evolve -c "SELECT count(*) FROM information_schema.columns WHERE table_name='orders' AND column_name='status'")" = 0 ] ||
    fail "the warehouse of an older dataset has orders.status"
cb publish --db "$b_db" --zone NEW --to "$evolve"
a=$(sqlite3 "$b_db" "SELECT count(status) FROM orders")
b=$(psql -X -At -d evolve -c "SELECT count(status) FILTER (WHERE zone='NEW') || ' ' || count(status) FILTER (WHERE zone='OLD') FROM v_orders")
[ "$b" = "$a 0" ] || fail "orders.status after a newer zone published: $b (expected $a 0)"
[ "$a" -gt 0 ] || fail "the demo night has no order status"
echo "an older zone's dataset, then a newer one's: orders.status added, $a values for the newer zone, NULL for the older"

# One zone's publish never waits for another's; the same zone's second publish does not queue (75).
psql -X -q -c "SELECT pg_advisory_lock(20201, hashtext('HHHT')); SELECT pg_sleep(20)" >/dev/null 2>&1 & holder=$!
for i in $(seq 50); do
    [ "$(pg "SELECT count(*) FROM pg_locks WHERE locktype='advisory' AND classid=20201")" = 1 ] && break; sleep 0.1
done
rc=0; cb publish --db "$a_db" --zone HHHT --to "$PG_URI" 2>/dev/null || rc=$?
[ "$rc" = 75 ] || fail "a publish of a zone being published exited $rc, not 75"
timeout 15 "$CBECFLOW" --no-progress -q publish --db "$b_db" --zone BTS --to "$PG_URI" || fail "zone BTS waited for zone HHHT's lock"
kill $holder 2>/dev/null || true; wait $holder 2>/dev/null || true
echo "zone lock: the same zone exits 75, another zone goes on"

# `run` publishes when [publish] to is set; an unreachable warehouse is exit 4 with the night kept.
cb demo --out "$tmp/c" --trades 60 --seed 33 --date 2026-12-06
rc=0; cb --config "$tmp/c/cbecflow.conf" -o publish.to="$PG_URI" -o publish.zone=WLCB run --date 2026-12-06 || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] || fail "run with [publish] exited $rc"
same_counts "$tmp/c/cbecflow.db" WLCB
rc=0; cb --config "$tmp/c/cbecflow.conf" -o "publish.to=postgresql:///warehouse?host=$tmp/nowhere" -o publish.zone=WLCB \
    run --date 2026-12-06 2>"$tmp/run4.log" || rc=$?
[ "$rc" = 4 ] || { cat "$tmp/run4.log"; fail "run with an unreachable warehouse exited $rc, not 4"; }
[ "$(sqlite3 "$tmp/c/cbecflow.db" "SELECT status FROM run ORDER BY run_id DESC LIMIT 1")" != failed ] || fail "the night was marked failed"
rc=0; cb --config "$tmp/c/cbecflow.conf" -o publish.to="$PG_URI" run --date 2026-12-06 2>/dev/null || rc=$?
[ "$rc" = 2 ] || fail "run with [publish] to but no zone exited $rc, not 2"
echo "run: publishes with [publish] to; exit 4 and the night kept when the warehouse is unreachable; 2 without a zone"

# Every view of the dataset that reads one table is in the warehouse; v_alert_status (a join on
# keys unique within a zone only) is left out, without a warning on every publish.
a=$(sqlite3 "$a_db" "SELECT name FROM sqlite_master WHERE type='view' AND sql NOT LIKE '%JOIN%' ORDER BY name" | tr '\n' ' ')
b=$(pg "SELECT viewname FROM pg_views WHERE schemaname='public' ORDER BY viewname" | tr '\n' ' ')
[ "$a" = "$b" ] || fail "views: dataset $a, warehouse $b"
! grep -q "left out" "$tmp/pa.log" "$tmp/pb.log" || fail "a publish warned of a view left out"
echo "the one-table views are in the warehouse ($b); v_alert_status left out without a warning"
