/* The enterprise register's keys written by the store: every enterprise the trade data
 * names (platforms, sellers, payment companies, carriers) gets its row once, so analysis
 * can score it; a row already there (from the register or an earlier night) is kept as it is. */
#include <glib.h>

#include "core/store.h"

/* Codes the register has not listed: named after the trade rows that carry them. */
static const char trade_enterprises_sql[] =
    "INSERT OR IGNORE INTO enterprise(code, name, role, origin, run_id)"
    " SELECT platform_code, max(platform_name), 'platform', 'trade', ?1 FROM orders WHERE platform_code<>''"
    " GROUP BY platform_code;"
    "INSERT OR IGNORE INTO enterprise(code, name, role, origin, run_id)"
    " SELECT seller_code, max(seller_name), 'seller', 'trade', ?1 FROM orders WHERE coalesce(seller_code,'')<>''"
    " GROUP BY seller_code;"
    "INSERT OR IGNORE INTO enterprise(code, name, role, origin, run_id)"
    " SELECT pay_code, max(pay_name), 'payment_company', 'trade', ?1 FROM payment WHERE pay_code<>''"
    " GROUP BY pay_code;"
    "INSERT OR IGNORE INTO enterprise(code, name, role, origin, run_id)"
    " SELECT pay_code, max(pay_name), 'payment_company', 'trade', ?1 FROM orders WHERE coalesce(pay_code,'')<>''"
    " GROUP BY pay_code;"
    "INSERT OR IGNORE INTO enterprise(code, name, role, origin, run_id)"
    " SELECT logistics_code, max(logistics_name), 'carrier', 'trade', ?1 FROM shipment WHERE logistics_code<>''"
    " GROUP BY logistics_code;"
    "INSERT OR IGNORE INTO enterprise(code, name, role, origin, run_id)"
    " SELECT logistics_code, NULL, 'carrier', 'trade', ?1 FROM customs_list WHERE coalesce(logistics_code,'')<>''"
    " GROUP BY logistics_code;"
    /* Codes named only by an events file still belong to the register. */
    "INSERT OR IGNORE INTO enterprise(code, origin, run_id)"
    " SELECT DISTINCT code, 'register', ?1 FROM enterprise_event;";

cbec_err cbec_store_enterprises_from_trade(sqlite3 *db, int64_t run_id, int64_t *added, char **why)
{
    const char *p = trade_enterprises_sql;
    int64_t n = 0;

    while (*p) {
        sqlite3_stmt *s = NULL;
        const char *tail = NULL;
        int rc = sqlite3_prepare_v2(db, p, -1, &s, &tail);
        if (rc == SQLITE_OK && s) {
            sqlite3_bind_int64(s, 1, run_id);
            rc = sqlite3_step(s);
            if (rc == SQLITE_DONE)
                n += sqlite3_changes64(db);
        }
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE && rc != SQLITE_OK) {
            if (why && !*why)
                *why = g_strdup_printf("enterprises from trade: %s", sqlite3_errmsg(db));
            return CBEC_ERR_DB;
        }
        p = tail;
    }
    if (added)
        *added = n;
    return CBEC_ERR_NONE;
}
