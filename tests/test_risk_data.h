/**
 * @file test_risk_data.h
 * @brief Small hand-built datasets for the credit and risk tests: SQL inserts
 * into a fresh store, one helper per trade.
 */
#ifndef TEST_RISK_DATA_H
#define TEST_RISK_DATA_H

#include <stdint.h>

#include "analysis/credit_risk/analyse.h"
#include "core/store.h"

/** One trade: order (one item), payment, waybill and customs list, each optional. */
typedef struct rd_trade {
    const char *order_no;
    const char *platform;      /**< default "PLAT1" */
    const char *seller;        /**< default "SELL1" */
    const char *buyer;         /**< buyer_key; default "B-"order_no */
    const char *consignee;     /**< consignee_key; default "C-"order_no */
    const char *payer;         /**< payer_key; default = buyer; "-" = no payment */
    const char *time;          /**< order time; default 2026-11-25T10:00:00+08:00 */
    const char *hs;            /**< default 6109100000 */
    int64_t unit_fen;          /**< default 10000 (100.00 CNY) */
    int qty;                   /**< default 2 */
    int64_t weight_g;          /**< default 500; -1 = no waybill */
    int no_list;               /**< 1 = no customs list */
    const char *trade_mode;    /**< default 9610 */
} rd_trade;

/** A fresh dataset in a temp folder (cbec_store_open creates the schema). */
cbec_store *rd_open(char **path);
/** Execute SQL (printf format) on the store; the test fails on error. */
void rd_sql(cbec_store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Integer result of a query (-999999 on error). */
int64_t rd_int(cbec_store *st, const char *sql);
/** Text result of a query (g_free), NULL when none. */
char *rd_text(cbec_store *st, const char *sql);
/** Insert one trade. */
void rd_trade_add(cbec_store *st, const rd_trade *t);
/** The ten clean trades every scenario starts from (CLEAN01..CLEAN10, HS 6109 at 100.00, 500 g). */
void rd_clean(cbec_store *st);
/** Run the analysis as of date with the rule packs of the source tree; the test fails on error. */
void rd_analyse(cbec_store *st, const char *date);
/** "RULE=order,order RULE=..." for every alert, sorted (orders sorted, "" when none). */
char *rd_alerts(cbec_store *st);

#endif
