/* Helpers for the reconciliation suites: a fresh dataset, SQL, complete trades to break. */
#ifndef TEST_RECONCILE_UTIL_H
#define TEST_RECONCILE_UTIL_H

#include <stdint.h>
#include <glib.h>
#include <sqlite3.h>

#include "analysis/reconcile/reconcile.h"
#include "core/store.h"

typedef struct rt_db {
    char *dir, *path;
    cbec_store *st;
    sqlite3 *db;
    cbec_rc_rules *rules;
    GPtrArray *texts;          /* what rt_text returned: freed by rt_close */
} rt_db;

/** A fresh dataset (schema created by cbec_store_open) and the srcdir rule pack. */
rt_db *rt_open(void);
void rt_close(rt_db *t);
/** Execute SQL (printf format); fails the test on error. */
void rt_exec(rt_db *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** First column of the first row as integer (-999 when no row, SQL NULL = -1). */
int64_t rt_int(rt_db *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** First column of the first row as text (g_free); NULL for no row / SQL NULL. */
const char *rt_text(rt_db *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Reconcile with the loaded rules; fails the test on error. */
void rt_reconcile(rt_db *t, const char *date);
/** status of a trade's flow row (g_free). */
const char *rt_status(rt_db *t, const char *order_no);
/** reasons of a trade's flow row (g_free). */
const char *rt_reasons(rt_db *t, const char *order_no);
/** Check assertion: the trade's flow status and reason list are exactly these. */
void rt_assert_trade(rt_db *t, const char *no, const char *status, const char *reasons);

/**
 * A complete, consistent import trade (9610, platform EBP1, CNY): order (goods 100.00,
 * freight 10.00, tax 9.10, actual paid 119.10), its payment (PAY1 "Pay One"), waybill
 * (LOG1) and customs list.  The waybill's consignee name differs only in white space.
 */
void rt_import_trade(rt_db *t, const char *no);
/**
 * A complete export trade (9610, platform EBP2, USD): order 303 (goods 50.00 + freight 5.00),
 * receipt 403 without platform (pay_code PP "PingPong", 55.00 USD, paid 2026-11-25),
 * waybill 505 without order number, and the 603 list linking them.
 */
void rt_export_trade(rt_db *t, const char *no);

#endif
