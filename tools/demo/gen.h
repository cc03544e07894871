/* The demo generator's shared state and the functions its files call in each other (internal:
 * only tools/demo/ includes it; the public API is demo.h).  One file per concern:
 *   gen.c       what all of them use: the first failure's reason, small files, message type names
 *   generate.c  the night: output folders and archives, the order of the files, publishing
 *   scenarios.c the trades of the night (clean and injected anomalies) and truth.tsv
 *   trades.c    people, goods, amounts, numbers and times of one trade
 *   customs.c   its CEB declarations and customs receipts
 *   xmlout.c    XML elements, value formats and the CEB message buffers
 *   sink.c      the archives the messages go into
 *   csvout.c    CSV files;  exports.c  Shopify, eBay, Ozon;  postal.c  the post's manifest
 *   bank.c      camt.053 statements and the B2B wires;  mt940.c  the second account's MT940
 *   credit.c    the enterprise register and credit events;  conf.c  the night's cbecflow.conf
 * Every random draw keeps its stream and its place in the order of the trades, so the
 * split changes no byte of a generated night. */
#ifndef CBEC_DEMO_GEN_H
#define CBEC_DEMO_GEN_H

#include <stdint.h>
#include <stdio.h>
#include <glib.h>

#include "tools/demo/catalog.h"
#include "tools/demo/demo.h"
#include "core/base/dates.h"

struct archive;

/* Message kinds = index into cbec_demo_types. */
enum { K311, K411, K511, K621, K312, K622, K303, K403, K505, K603, K_N };

#define MAX_PER_MESSAGE 100
#define MAX_LINES 3
#define NP 4 /* platforms, payment companies, carriers: 4 each (catalog.c) */
#define SETTLEMENT_ACCOUNT "150501712345000000018"
#define SETTLEMENT_BIC "HHPZCNB1XXX"
#define SETTLEMENT_OWNER "中国(呼和浩特)跨境电子商务综合试验区结算服务中心"

/* The platforms whose storefront exports the night carries (cbecflow.conf names them). */
#define SHOPIFY_PLATFORM 1
#define EBAY_PLATFORM 0
#define OZON_PLATFORM 2

typedef struct sink {
    struct archive *a;
    char *path;       /* final path (or temp path of a nested archive) */
    int64_t entries;
    int64_t in_part;  /* members in the open part */
    int rotate;       /* a zip that starts a new part every MAX_MEMBERS members */
    int part;
} sink;

typedef struct mbuf {
    GString *s;
    int n;            /* business records in the open message */
    int kind;
    sink *to;
    const cbec_demo_ent *sender; /* BaseTransfer copCode/copName; NULL for receipts */
} mbuf;

typedef struct person {
    char name[40];
    char id[19];
    char phone[12];
    char regno[24];
    char address[200];
    char address_short[200]; /* without the flat: an early version for the appType 2 change */
    char district[7];
} person;

typedef struct line {
    int prod;
    int model;
    int64_t qty;
    int64_t price;
    int64_t total;
} line;

typedef struct trade {
    int64_t idx;
    int import;
    const char *mode;     /* 9610 1210 9710 9810 */
    int platform, seller, payco, carrier, partner;
    char order_no[40], pay_tx[40], logistics_no[40], cop_no[32], bill_no[40];
    person buyer, consignee, payer, ship_to; /* ship_to = waybill consignee */
    int nlines;
    line lines[MAX_LINES];
    const char *country;  /* import: origin; export: destination */
    int64_t goods, freight, discount, tax, paid, amount_paid;
    int64_t net_g, gross_g;
    int t_order, t_pay, t_ship, t_list; /* seconds after midnight of the date */
    /* what is emitted */
    int emit_order, emit_payment, emit_waybill, emit_list, receipts, resend, change, settle_1to1;
    const char *scenario, *status, *reasons, *rules;
} trade;

/* A CSV file written row by row (platform exports, the post's manifest). */
typedef struct tabout {
    FILE *f;
    char *path;
    int64_t rows;
    int gb18030;      /* written in GB18030 (converted from UTF-8) */
} tabout;

/* What a camt.053 statement's entries add up to (its TxsSummry and closing balance). */
typedef struct camt_sums {
    int64_t credits, n_credits, debits, n_debits;
} camt_sums;

typedef struct gen {
    const cbec_demo_opts *o;
    GRand *r;
    GRand *r2;                  /* the exports' own stream: the CEB files do not depend on them */
    tabout shop, ebay, post;    /* Shopify and eBay exports, the post's manifest */
    tabout ozon;                /* the Ozon postings export (draws nothing: no stream of its own needed) */
    char ymd[9], iso[CBEC_DATE_LEN], prev_iso[CBEC_DATE_LEN];
    char *night_tmp, *night;   /* drop/.<date>.partial and drop/<date> */
    sink plat[NP], rcpt[NP], pay[NP], carr[NP];
    mbuf buf[NP][K_N];          /* [sender][kind]; the sender is the platform, payco or carrier by kind */
    mbuf late[NP][2];           /* per platform: resends and changes of 311 / 303, sent after the originals */
    FILE *truth;
    FILE *bank_tmp;             /* 1:1 bank entries, streamed; assembled into the statement at the end */
    char *bank_tmp_path;
    FILE *mt;                   /* the second account's MT940, written as its entries come */
    char *mt_path;
    GRand *r3;                  /* the MT940's own stream: the other files do not depend on it */
    GRand *r4;                  /* the bank stream: B2B wire wording, unpaid B2B exports, platform openings */
    int64_t mt_opening, mt_credits, mt_debits, mt_seq;
    /* batch settlement of the night: [payment company][platform], settled into the platform's account */
    int64_t pay_sum[NP][NP], pay_n[NP][NP];
    camt_sums zone;             /* the zone settlement account's camt.053 */
    int64_t bank_seq;
    int64_t persons;
    uint32_t phone_b, id_b, tr_seq;
    cbec_demo_counts *c;
    char *why;
    int64_t pos;                /* trade counter */
} gen;

/* A foreign consignee of an export parcel (fictitious, from the partner country's lists). */
typedef struct fperson {
    char name[64];
    char address[160];
    char user[48];
} fperson;


/* gen.c */
/** Keep the first failure's reason in g->why; returns -1. */
int demo_fail(gen *g, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/** Write a small file whole (g_file_set_contents); -1 with the reason in g. */
int demo_write_small(gen *g, const char *path, const char *text);

/* sink.c: 0 or -1 with the reason in g */
int demo_sink_open(gen *g, sink *s, const char *path, int targz);
int demo_sink_add(gen *g, sink *s, const char *name, const void *data, size_t len);
int demo_sink_add_file(gen *g, sink *s, const char *name, const char *file);
int demo_sink_close(gen *g, sink *s);

/* xmlout.c */
void demo_esc(GString *s, const char *v);
void demo_el(GString *s, int depth, const char *pfx, const char *name, const char *value);
void demo_elf(GString *s, int depth, const char *pfx, const char *name, const char *fmt, ...) G_GNUC_PRINTF(5, 6);
/** Money in fen "123.45" into b (32 bytes); returns b. */
const char *demo_money(char *b, int64_t fen);
/** Grams as kilograms "1.250" into b (32 bytes); returns b. */
const char *demo_kg(char *b, int64_t grams);
/** A version 4 GUID from the main stream. */
void demo_guid(gen *g, char out[37]);
/** The --prefix ("" when none), put in front of the night's business numbers. */
const char *demo_prefix(const gen *g);
/** A 32-bit mix of the prefix (0 when none): for numbers that cannot carry letters (S10 serials, guids). */
guint32 demo_prefix_hash(const gen *g);
/** A bank account number as this night writes it: the prefix in front. */
const char *demo_account(const gen *g, char *b, size_t len, const char *number);
/** YYYYMMDDhhmmss of second t of the business date into b (16 bytes). */
const char *demo_stamp(const gen *g, char *b, int t);
int demo_msg_flush(gen *g, mbuf *m);
GString *demo_rec_begin(gen *g, mbuf *m);
int demo_rec_end(gen *g, mbuf *m);

/* trades.c: draws from the main stream g->r */
int demo_rnd(gen *g, int lo, int hi);
int demo_chance(gen *g, int percent);
void demo_new_person(gen *g, person *p);
void demo_totals(trade *t);
void demo_fill_value(gen *g, trade *t, int64_t lo);
void demo_new_trade(gen *g, trade *t, int import, const char *mode, int platform);

/* customs.c: 0 or -1 */
int demo_emit_order(gen *g, const trade *t);
int demo_emit_payment(gen *g, const trade *t);
int demo_emit_waybill(gen *g, const trade *t);
int demo_emit_list(gen *g, const trade *t);
int demo_emit_receipts(gen *g, const trade *t);

/* csvout.c */
const char *demo_hms(const gen *g, char *b, int t);
void demo_csv_line_sep(GString *s, const char *const *cells, int n, int quote_all, char sep);
void demo_csv_line(GString *s, const char *const *cells, int n, int quote_all);
int demo_tab_write(gen *g, tabout *o, const char *sub, const char *name, const char *head, const GString *text);

/* exports.c, postal.c */
extern const char *const demo_ebay_service[2];
extern const char *const demo_ozon_service[2];
int demo_emit_exports(gen *g, const trade *t);
int demo_close_tables(gen *g);
int demo_post_parcel(gen *g, const trade *t, const fperson *fc);

/* credit.c */
int demo_write_credit(gen *g);

/* bank.c, mt940.c */
int demo_b2b_wire(gen *g, const trade *t);
int demo_write_statement(gen *g, const char *path, int64_t unexplained);
int demo_write_platform_statement(gen *g, int p);
int demo_mt_begin(gen *g);
int demo_mt_entry(gen *g, int64_t amount, int credit, const char *eref, const char *party, const char *text);
int demo_mt_end(gen *g);

/* scenarios.c */
int demo_trades(gen *g);

/* conf.c */
char *demo_conf_text(const gen *g);

#endif
