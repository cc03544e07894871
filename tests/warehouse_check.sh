# Comparisons of a zone's dataset with what the warehouse holds of it, for the warehouse tests
# (sourced after tests/pg_cluster.sh; needs $tmp, fail and pg of the test).
tables() { sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"; }

# Every table of the dataset, its row count there and in the warehouse for the zone (one query
# on each side: the machine running the tests is often busy).
same_counts() {   # same_counts DB ZONE
    q=$(tables "$1" | sed "s/.*/SELECT '&', count(*) FROM \"&\" WHERE_ZONE UNION ALL/" | tr '\n' ' ')
    q="${q% UNION ALL } ORDER BY 1"
    sqlite3 "$1" "$(echo "$q" | sed 's/WHERE_ZONE//g')" >"$tmp/counts.sqlite"
    pg "$(echo "$q" | sed "s/WHERE_ZONE/WHERE zone = '$2'/g")" >"$tmp/counts.pg"
    [ "$(wc -l <"$tmp/counts.sqlite")" -gt 20 ] || fail "no tables in $1"
    diff "$tmp/counts.sqlite" "$tmp/counts.pg" >&2 || fail "zone $2: row counts differ (< dataset, > warehouse)"
}
# A fingerprint of the zone's content: each table's rows (without the zone column, so that two
# zones holding the same dataset compare equal), ordered, md5'd; and an md5 of the row versions.
content() {   # content ZONE
    q=$(pg "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename NOT LIKE 'cbec_%' ORDER BY 1" |
        sed "s/.*/SELECT '&', count(*), md5(coalesce(string_agg((to_jsonb(x) - 'zone')::text, E'\\\\n' ORDER BY (to_jsonb(x) - 'zone')::text), '')), md5(coalesce(string_agg(x.xmin::text, ',' ORDER BY (to_jsonb(x) - 'zone')::text), '')) FROM \"&\" x WHERE zone = 'ZONE' UNION ALL/" | tr '\n' ' ')
    pg "$(echo "${q% UNION ALL } ORDER BY 1" | sed "s/ZONE/$1/g")" | tr '|' ' '
}
