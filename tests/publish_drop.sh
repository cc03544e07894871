#!/bin/sh
# cbecflow publish when the server drops the connection half-way (a restart, a failover, a
# network cut -- here the server ends the session itself, CBECFLOW_PUBLISH_DROP_AFTER): with
# retries (the default 3) the publish opens the connection again, takes the zone's lock again and
# goes on after its last committed batch, and the warehouse holds exactly one copy; with
# [publish] retries = 0 it stops with exit 1 and a clear message, the committed batches stay,
# and publishing again finishes it -- again exactly one copy.
set -eu
CBECFLOW="$CBECFLOW_BUILDDIR/cbecflow"
. "$CBECFLOW_SRCDIR/tests/pg_cluster.sh"
pg_test_start
. "$CBECFLOW_SRCDIR/tests/warehouse_check.sh"

cb demo --out "$tmp/n" --trades 120 --seed 44 --date 2026-12-06
rc=0; cb ingest --db "$tmp/n.db" "$tmp/n/drop/2026-12-06" || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] || fail "ingest exited $rc"
cb reconcile --db "$tmp/n.db" --date 2026-12-06
db="$tmp/n.db"

# The reference: the dataset published in one go.
cb -o publish.batch_rows=40 publish --db "$db" --zone WHOLE --to "$PG_URI"
same_counts "$db" WHOLE

# Dropped after the third batch, opened again: done in one run, one copy.
rc=0; CBECFLOW_PUBLISH_DROP_AFTER=3 "$CBECFLOW" --no-progress -o publish.batch_rows=40 publish --db "$db" \
    --zone DROPPED --to "$PG_URI" 2>"$tmp/drop.log" || rc=$?
[ "$rc" = 0 ] || { cat "$tmp/drop.log"; fail "a publish whose connection was dropped once exited $rc, not 0"; }
grep -q "connection to the warehouse was lost" "$tmp/drop.log" || { cat "$tmp/drop.log"; fail "the lost connection was not said"; }
grep -q "connected again" "$tmp/drop.log" || { cat "$tmp/drop.log"; fail "the reconnection was not said"; }
same_counts "$db" DROPPED
[ "$(content DROPPED | cut -d' ' -f1-3)" = "$(content WHOLE | cut -d' ' -f1-3)" ] ||
    fail "the zone published across a dropped connection differs from the dataset published whole"
[ "$(pg "SELECT count(*) FROM pg_locks WHERE locktype='advisory' AND classid=20201")" = 0 ] || fail "a zone lock outlived the publish"
echo "connection dropped after 3 batches: opened again, the same rows as the dataset published in one go"

# No retries: it stops, says so, keeps what was committed; publishing again finishes it.
rc=0; CBECFLOW_PUBLISH_DROP_AFTER=3 "$CBECFLOW" --no-progress -o publish.batch_rows=40 -o publish.retries=0 publish \
    --db "$db" --zone STOPPED --to "$PG_URI" 2>"$tmp/stop.log" || rc=$?
[ "$rc" = 1 ] || { cat "$tmp/stop.log"; fail "a publish whose connection was dropped, without retries, exited $rc, not 1"; }
grep -q "publishing again goes on from them" "$tmp/stop.log" || { cat "$tmp/stop.log"; fail "no clear message after the drop"; }
[ "$(pg "SELECT count(*) FROM cbec_publish WHERE zone='STOPPED'")" = 3 ] || fail "not the 3 batches committed before the drop"
cb -v -o publish.batch_rows=40 publish --db "$db" --zone STOPPED --to "$PG_URI" 2>"$tmp/again.log"
same_counts "$db" STOPPED
[ "$(content STOPPED | cut -d' ' -f1-3)" = "$(content WHOLE | cut -d' ' -f1-3)" ] ||
    fail "the zone finished by a second publish differs from the dataset published whole"
total=$(sed -n 's/.* rows in \([0-9]*\) batches.*/\1/p' "$tmp/again.log"); sent=$(sed -n 's/.*sent \([0-9]*\) batches.*/\1/p' "$tmp/again.log")
[ "$sent" = $((total - 3)) ] || fail "publishing again sent $sent of $total batches, not all but the 3 committed"
echo "without retries: exit 1, 3 batches kept; publishing again sent the other $sent and left one copy"

rc=0; cb -o publish.retries=-1 publish --db "$db" --zone X --to "$PG_URI" 2>/dev/null || rc=$?
[ "$rc" = 2 ] || fail "[publish] retries = -1 exited $rc, not 2"
