/* Planned trade-value targets and the periods they cover (targets.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/providers/targets.h"

/* 1 万元 = 10,000 yuan = 1,000,000 fen: read the configured value with 6 decimals to get fen exactly. */
#define WAN_SCALE 6

static const char *const kind_ids[CBEC_TARGET_N] = {"year", "half", "quarter", "month"};

const char *cbec_target_kind_id(cbec_target_kind k) { return k < CBEC_TARGET_N ? kind_ids[k] : ""; }

/* Parse a key: 2026, 2026-H1, 2026-Q4 or 2026-11.  0 when it names no period. */
static int parse_key(const char *key, cbec_target_kind *kind, int *year, int *part)
{
    char tail[8];
    int y, n, used = 0;

    if (strlen(key) < 4 || sscanf(key, "%4d%n", &y, &used) != 1 || used != 4 || y < 1900 || y > 9999)
        return 0;
    for (int i = 0; i < 4; i++)
        if (!g_ascii_isdigit(key[i]))
            return 0;
    *year = y;
    if (key[4] == '\0') {
        *kind = CBEC_TARGET_YEAR;
        *part = 0;
        return 1;
    }
    if (key[4] != '-' || strlen(key + 5) > 2)
        return 0;
    g_strlcpy(tail, key + 5, sizeof tail);
    if ((tail[0] == 'H' || tail[0] == 'h') && tail[1] >= '1' && tail[1] <= '2' && !tail[2]) {
        *kind = CBEC_TARGET_HALF;
        *part = tail[1] - '0';
        return 1;
    }
    if ((tail[0] == 'Q' || tail[0] == 'q') && tail[1] >= '1' && tail[1] <= '4' && !tail[2]) {
        *kind = CBEC_TARGET_QUARTER;
        *part = tail[1] - '0';
        return 1;
    }
    if (strlen(tail) == 2 && g_ascii_isdigit(tail[0]) && g_ascii_isdigit(tail[1])) {
        n = atoi(tail);
        if (n >= 1 && n <= 12) {
            *kind = CBEC_TARGET_MONTH;
            *part = n;
            return 1;
        }
    }
    return 0;
}

void cbec_targets_check(const cbec_rules *r)
{
    char **keys = cbec_rules_keys(r, "targets");
    for (char **k = keys; *k; k++) {
        cbec_target_kind kind;
        int y, part;
        if (!parse_key(*k, &kind, &y, &part)) {
            cbec_rules_fail(r, "targets", *k, "is not a period: YYYY, YYYY-H1..H2, YYYY-Q1..Q4 or YYYY-MM");
            continue;
        }
        /* a target of 0 (or less) would make every completion rate meaningless */
        if (cbec_rules_scaled(r, "targets", *k, WAN_SCALE, 0) <= 0 && !cbec_rules_error(r))
            cbec_rules_fail(r, "targets", *k, "is not a positive amount in 万元 (CNY 10,000)");
    }
    g_strfreev(keys);
}

int cbec_targets_for(const cbec_rules *r, const GDate *d, cbec_target out[CBEC_TARGET_N])
{
    char **keys = cbec_rules_keys(r, "targets");
    int y = g_date_get_year(d), mo = g_date_get_month(d), n = 0;
    const int want[CBEC_TARGET_N] = {0, (mo - 1) / 6 + 1, (mo - 1) / 3 + 1, mo};
    static const int first_month[CBEC_TARGET_N][13] = {
        {0, 1}, {0, 1, 7}, {0, 1, 4, 7, 10}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}};

    for (int kind = 0; kind < CBEC_TARGET_N; kind++)
        for (char **k = keys; *k; k++) {
            cbec_target_kind kk;
            int ky, part;
            int64_t fen;
            if (!parse_key(*k, &kk, &ky, &part) || (int)kk != kind || ky != y || part != want[kind])
                continue;
            fen = cbec_rules_scaled(r, "targets", *k, WAN_SCALE, 0);
            if (fen <= 0)
                continue;
            out[n].kind = kk;
            g_strlcpy(out[n].key, *k, sizeof out[n].key);
            out[n].year = ky;
            out[n].part = part;
            cbec_date_format(y, first_month[kind][kind == CBEC_TARGET_YEAR ? 1 : part], 1, out[n].from);
            out[n].fen = fen;
            n++;
            break;   /* one per kind: "2026-q4" and "2026-Q4" both set is the first one's */
        }
    g_strfreev(keys);
    return n;
}
