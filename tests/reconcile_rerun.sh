#!/bin/sh
# A rerun of a night with nothing changed since its reconciliation keeps the flows instead of
# redoing the work, and says so; one more file, a forgotten file, an edited rule pack, another
# date or --full reconcile again (issue 22 item 3).  Each run's flow table must be the same.
set -eu
CBECFLOW="$CBECFLOW_BUILDDIR/cbecflow"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=2026-11-25
"$CBECFLOW" --no-progress -q demo --out "$tmp/n" --trades 40 --date $d
"$CBECFLOW" --no-progress -q demo --out "$tmp/m" --trades 5 --seed 7 --date 2026-11-26
conf="$tmp/n/cbecflow.conf"
db="$tmp/n/cbecflow.db"
rc=0
"$CBECFLOW" --no-progress -q --config "$conf" run --date $d > /dev/null || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] || { echo "run failed with $rc"; exit 1; }
flows() { sqlite3 "$db" "SELECT flow_id, flow_key, status, reasons, updated_run_id FROM flow ORDER BY flow_id"; }
# rec NAME [global options...] [-- reconcile options...]: one reconcile of the night, its log and
# summary in $tmp/NAME.*
rec() {
    name=$1; shift
    g=""; r=""
    while [ $# -gt 0 ]; do
        if [ "$1" = -- ]; then shift; r="$*"; break; fi
        g="$g $1"; shift
    done
    # shellcheck disable=SC2086
    "$CBECFLOW" --no-progress --config "$conf" $g reconcile --date $d $r > "$tmp/$name.out" 2> "$tmp/$name.log" ||
        { echo "$name: reconcile failed"; cat "$tmp/$name.log"; exit 1; }
}
kept() {
    grep -q "reconcile $d: nothing changed since the reconciliation of .*: [0-9]* flows kept" "$tmp/$1.log" ||
        { echo "$1: not kept"; cat "$tmp/$1.log"; exit 1; }
}
redone() {
    if grep -q "nothing changed" "$tmp/$1.log"; then echo "$1: kept, should have been reconciled"; exit 1; fi
    grep -q "reconcile $d (rules" "$tmp/$1.log" || { echo "$1: no reconcile line"; cat "$tmp/$1.log"; exit 1; }
}

# The run reconciled the night: a rerun keeps it, with the same summary.
rec full -- --full
redone full
flows > "$tmp/flows.full"
rec again
kept again
cmp "$tmp/full.out" "$tmp/again.out" || { echo "kept: summary differs"; exit 1; }
flows | cmp - "$tmp/flows.full" || { echo "kept: flow changed"; exit 1; }
n=$(sqlite3 "$db" "SELECT count(*) FROM flow")
grep -q ": $n flows kept" "$tmp/again.log" || { echo "kept: not $n flows"; cat "$tmp/again.log"; exit 1; }
# The same night run again (every file already read): its reconcile step keeps the flows.
rc=0
"$CBECFLOW" --no-progress --config "$conf" run --date $d > /dev/null 2> "$tmp/run2.log" || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] || { echo "second run failed with $rc"; exit 1; }
grep -q "nothing changed since the reconciliation" "$tmp/run2.log" || { echo "run: redone"; cat "$tmp/run2.log"; exit 1; }

# Another date: reconciled (first seen, resolved on and flow_change depend on it), then kept.
d=2026-11-26
rec date1
redone date1
rec date2
kept date2

# One more file ingested: reconciled, then kept.
extra=$(find "$tmp/m/drop" -name '*.xml' -o -name '*.zip' | sort | head -1)
"$CBECFLOW" --no-progress -q --config "$conf" ingest --db "$db" "$extra" > /dev/null 2>&1 || true
rec ingest1
redone ingest1
rec ingest2
kept ingest2

# That file forgotten: reconciled.
"$CBECFLOW" --no-progress -q --config "$conf" forget --db "$db" "$extra" > /dev/null
rec forget1
redone forget1
rec forget2
kept forget2

# A file the night read early forgotten (its rows are not the newest ones): reconciled.
early=$(sqlite3 "$db" "SELECT path FROM source_file WHERE status='ok' AND member IS NULL AND plugin IS NOT NULL
                       ORDER BY source_id LIMIT 1")
[ -n "$early" ] || { echo "test: no plain file of the night"; exit 1; }
"$CBECFLOW" --no-progress -q --config "$conf" forget --db "$db" "$early" > /dev/null
rec forget3
redone forget3
rec forget4
kept forget4

# The rule pack edited (a value, not a comment): reconciled; a comment only: kept.
sed 's/^window_days *=.*/window_days = 11/' "$CBECFLOW_SRCDIR/etc/reconcile.rules" > "$tmp/r.rules"
cmp -s "$tmp/r.rules" "$CBECFLOW_SRCDIR/etc/reconcile.rules" && { echo "test: the edit changed nothing"; exit 1; }
rec rules1 -o reconcile.rules="$tmp/r.rules"
redone rules1
{ echo "# a comment"; cat "$tmp/r.rules"; } > "$tmp/r2.rules"
rec rules2 -o reconcile.rules="$tmp/r2.rules"
kept rules2
# An account mapped in the configuration: reconciled.
rec acct -o reconcile.rules="$tmp/r2.rules" -o accounts.CN0000TEST=ENT1
redone acct

# --full redoes the work even when nothing changed.
rec acct2 -o reconcile.rules="$tmp/r2.rules" -o accounts.CN0000TEST=ENT1
kept acct2
rec full2 -o reconcile.rules="$tmp/r2.rules" -o accounts.CN0000TEST=ENT1 -- --full
redone full2
echo "reconcile rerun: kept when nothing changed; reconciled after a new date, an ingest, a forget, a rule edit, an account, --full"
