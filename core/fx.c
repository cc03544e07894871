/* The one conversion to CNY: the rules are written once, in fx.h. */
#include <string.h>
#include <glib.h>

#include "core/base/decimal.h"
#include "core/fx.h"

/* The date's rate else the latest earlier one: the primary key (rate_date, currency) is
 * walked backwards from the date, a few rows per day, so no extra index is needed. */
static const char LOOKUP_SQL[] = "SELECT cny_per_unit FROM fx_rate WHERE currency=?1 AND rate_date<=?2"
                                 " ORDER BY rate_date DESC LIMIT 1";

int cbec_fx_is_cny(const char *currency)
{
    return !currency || !*currency || strcmp(currency, "CNY") == 0 || strcmp(currency, "RMB") == 0 ||
           strcmp(currency, "142") == 0;
}

int cbec_fx_parse_rate(const char *text, int64_t *rate)
{
    int64_t v;
    int pr;
    if (!text)
        return -1;
    /* ROUNDED only for a rate written with more than 10 decimals by hand (fx_rates refuses
     * them): the 11th decimal cannot move a fen of any amount below 10^8 CNY. */
    pr = cbec_decimal_parse(text, CBEC_FX_RATE_SCALE, &v);
    if ((pr != CBEC_DEC_EXACT && pr != CBEC_DEC_ROUNDED) || v <= 0)
        return -1;
    *rate = v;
    return 0;
}

int cbec_fx_apply(int64_t amount_minor, const char *currency, int64_t rate, int64_t *fen)
{
    /* fen = amount / 10^exp * rate / 10^SCALE * 100: one division by 10^(exp + SCALE - 2), so
     * the rounding happens once.  |amount x rate| < 2^126 always fits 128 bits. */
    __int128 num = (__int128)amount_minor * rate, den = 1, q, rem;
    int shift = cbec_currency_exponent(currency) + CBEC_FX_RATE_SCALE - 2;

    if (rate <= 0)
        return -1;
    for (int i = 0; i < shift; i++)
        den *= 10;
    q = num / den;
    rem = num % den;
    if (rem < 0)
        rem = -rem;
    if (rem * 2 >= den)
        q += num < 0 ? -1 : 1;
    if (q > INT64_MAX || q < INT64_MIN)
        return -1;
    *fen = (int64_t)q;
    return 0;
}

/* Run the prepared lookup once: 1 found, 0 none (an unreadable rate is no rate), -1 error. */
static int lookup(sqlite3_stmt *s, const char *currency, const char *date, int64_t *rate)
{
    int rc, found = 0;
    sqlite3_bind_text(s, 1, currency, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, date, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        found = cbec_fx_parse_rate((const char *)sqlite3_column_text(s, 0), rate) == 0;
    else if (rc != SQLITE_DONE)
        found = -1;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return found;
}

int cbec_fx_rate(sqlite3 *db, const char *currency, const char *date, int64_t *rate)
{
    sqlite3_stmt *s;
    int found;
    if (!currency || !date || !*date)
        return 0;
    if (sqlite3_prepare_v2(db, LOOKUP_SQL, -1, &s, NULL) != SQLITE_OK)
        return -1;
    found = lookup(s, currency, date, rate);
    sqlite3_finalize(s);
    return found;
}

int cbec_fx_to_fen(sqlite3 *db, int64_t amount_minor, const char *currency, const char *date, int64_t *fen)
{
    int64_t rate;
    int found;
    if (cbec_fx_is_cny(currency)) {
        *fen = amount_minor;
        return 1;
    }
    found = cbec_fx_rate(db, currency, date, &rate);
    if (found <= 0)
        return found;
    return cbec_fx_apply(amount_minor, currency, rate, fen) == 0;
}

/* ---- cny() ---------------------------------------------------------------------------------- */

/* The connection's lookup statement, prepared at the first call: analysis and reconcile call
 * cny() once per trade and payment, so it is not prepared again each time.  No rate is
 * cached: fx_rate may change between two statements (an ingest of rates in the same run). */
typedef struct fx_fn {
    sqlite3_stmt *lookup;
} fx_fn;

static void fx_fn_free(void *p)
{
    fx_fn *f = p;
    sqlite3_finalize(f->lookup);
    g_free(f);
}

static void sql_cny(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    fx_fn *f = sqlite3_user_data(ctx);
    const char *cur = (const char *)sqlite3_value_text(argv[1]);
    const char *date = (const char *)sqlite3_value_text(argv[2]);
    int64_t amount, rate, fen;
    int found;
    (void)argc;

    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    amount = sqlite3_value_int64(argv[0]);
    if (cbec_fx_is_cny(cur)) {
        sqlite3_result_int64(ctx, amount);
        return;
    }
    if (!date || !*date) {
        sqlite3_result_null(ctx);
        return;
    }
    if (!f->lookup && sqlite3_prepare_v3(sqlite3_context_db_handle(ctx), LOOKUP_SQL, -1, SQLITE_PREPARE_PERSISTENT,
                                         &f->lookup, NULL) != SQLITE_OK) {
        sqlite3_result_error(ctx, sqlite3_errmsg(sqlite3_context_db_handle(ctx)), -1);
        return;
    }
    found = lookup(f->lookup, cur, date, &rate);
    if (found < 0) {
        sqlite3_result_error(ctx, sqlite3_errmsg(sqlite3_context_db_handle(ctx)), -1);
        return;
    }
    if (found && cbec_fx_apply(amount, cur, rate, &fen) == 0)
        sqlite3_result_int64(ctx, fen);
    else
        sqlite3_result_null(ctx);
}

int cbec_fx_register(sqlite3 *db)
{
    fx_fn *f = g_new0(fx_fn, 1);
    /* Not SQLITE_DETERMINISTIC: the result depends on the fx_rate table, not only on the
     * arguments.  On failure SQLite calls fx_fn_free itself. */
    return sqlite3_create_function_v2(db, "cny", 3, SQLITE_UTF8, f, sql_cny, NULL, NULL, fx_fn_free) == SQLITE_OK
               ? 0
               : -1;
}

void cbec_fx_unregister(sqlite3 *db)
{
    /* Replacing the function with nothing runs fx_fn_free, which finalizes the lookup: a
     * statement left open would keep sqlite3_close_v2 from ever freeing the connection. */
    sqlite3_create_function_v2(db, "cny", 3, SQLITE_UTF8, NULL, NULL, NULL, NULL, NULL);
}
