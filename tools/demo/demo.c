/* `cbecflow demo --out DIR [--trades N] [--seed S] [--date D]`: a deterministic,
 * realistic night of the Hohhot pilot zone (see demo.h).
 *
 * Layout written under DIR:
 *   drop/<date>/platforms/<ebpCode>_<date>.zip      CEB311 + CEB303 messages of the platform,
 *                                                   and a nested zip of the customs receipts (312, 622)
 *   drop/<date>/payments/<payCode>_<date>.tar.gz    CEB411 + CEB403 of the payment company
 *   drop/<date>/logistics/<logisticsCode>_<date>.zip CEB511 + CEB505 waybills, CEB621 + CEB603 lists
 *                                                   (the carrier declares the lists as the customs agent)
 *   drop/<date>/bank/camt053_<account>_<date>.xml   the zone settlement account's statement (B2B wires),
 *                                                   and one per platform's settlement account (batch credits)
 *   drop/<date>/bank/mt940_<account>_<date>.sta     the second bank's MT940 of the zone's second account
 *   drop/<date>/postal/<code>_manifest_<date>.csv    the post's e-packet manifest of its parcels (export, import)
 *   drop/<date>/stores/<ebpCode>_{shopify,ebay}_orders_<date>.csv
 *                                                   two platforms' storefront exports of their 9610 exports
 *   drop/<date>/stores/<ebpCode>_ozon_postings_<date>.csv
 *                                                   a third platform's Ozon postings of its 9610 exports to Russia
 *   drop/<date>/credit/enterprise_register_<date>.csv the enterprise register of the cast (enterprise plugin)
 *   drop/<date>/credit/credit_events_<date>.csv      their credit events (penalties, complaints ...)
 *   truth.tsv                                        ground truth: one row per trade (+ the bank anomaly)
 *   cbecflow.conf                                    runs the night: cbecflow run --config DIR/cbecflow.conf
 *
 * Money is integer fen throughout; times are Asia/Shanghai wall-clock of the date. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "tools/demo/catalog.h"
#include "tools/demo/demo.h"
#include "core/base/dates.h"
#include "core/base/error.h"
#include "core/base/log.h"

const char *const cbec_demo_types[10] = {"311", "411", "511", "621", "312", "622", "303", "403", "505", "603"};

/* Message kinds = index into cbec_demo_types. */
enum { K311, K411, K511, K621, K312, K622, K303, K403, K505, K603, K_N };

#define MAX_PER_MESSAGE 100
#define MAX_LINES 3
#define NP 4 /* platforms, payment companies, carriers: 4 each (catalog.c) */
#define SETTLEMENT_ACCOUNT "150501712345000000018"
#define SETTLEMENT_BIC "HHPZCNB1XXX"
#define SETTLEMENT_OWNER "中国(呼和浩特)跨境电子商务综合试验区结算服务中心"
/* The zone's second settlement account, at a port bank in Erenhot that reports in MT940:
 * the B2B buyers of Russia and Kazakhstan wire there instead of into the first account
 * (each credit in one statement only). */
#define SECOND_ACCOUNT "1507520170000000231"
#define SECOND_BIC "EPBKCNB1XXX"
#define SECOND_LT "EPBKCNB1AXXX" /* logical terminal of the FIN header */
#define MT_FEE 3000             /* the second account's monthly fee, 30.00 CNY */
#define LIMIT_SINGLE 500000 /* 5,000 CNY in fen */
/* B2B exports whose buyer has not paid by the end of the night (no wire), in percent.  Their
 * orders are of the night, younger than any window: reconciliation may not call them
 * PAYMENT_MISSING yet (etc/reconcile.rules), so their truth is the trade without exception. */
#define B2B_UNPAID_PCT 8
#define B2B_UNPAID_STATUS "MATCHED"
#define B2B_UNPAID_REASONS ""
#define CLEAN_IMPORT_MAX 400000

const char *cbec_demo_strerror(cbec_demo_err err)
{
    static const char *const msg[] = {"ok", "the night's drop folder exists already", "cannot write a file",
                                      "the archive writer failed"};
    return (unsigned)err < CBEC_DEMO_ERR_MAX ? msg[err] : "unknown demo error";
}

/* ------------------------------------------------------------------ */
/* Identifiers with check digits                                       */

char cbec_demo_id_check(const char *first17)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char map[] = "10X98765432";
    int i, sum = 0;
    for (i = 0; i < 17; i++)
        sum += (first17[i] - '0') * w[i];
    return map[sum % 11];
}

int cbec_demo_s10_check(const char *serial8)
{
    static const int w[8] = {8, 6, 4, 2, 3, 5, 9, 7};
    int i, sum = 0, c;
    for (i = 0; i < 8; i++)
        sum += (serial8[i] - '0') * w[i];
    c = 11 - sum % 11;
    return c == 10 ? 0 : c == 11 ? 5 : c;
}

/* ------------------------------------------------------------------ */
/* Output: archives and message buffers                                */

typedef struct sink {
    struct archive *a;
    char *path;       /* final path (or temp path of a nested archive) */
    int64_t entries;
    int64_t in_part;  /* members in the open part */
    int rotate;       /* a zip that starts a new part every MAX_MEMBERS members */
    int part;
} sink;

/* A zip writer keeps one central-directory record per member in memory: big nights
 * go out in parts of at most this many messages, so memory does not grow with N. */
#define MAX_MEMBERS 1000

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

static int fail(gen *g, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static int fail(gen *g, const char *fmt, ...)
{
    va_list ap;
    if (!g->why) {
        va_start(ap, fmt);
        g->why = g_strdup_vprintf(fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Fixed member time: noon of the business date, so archives are byte-identical. */
static time_t member_time(const gen *g)
{
    GDateTime *dt = g_date_time_new_utc(g->o->year, g->o->month, g->o->day, 4, 0, 0);
    time_t t = (time_t)g_date_time_to_unix(dt);
    g_date_time_unref(dt);
    return t;
}

static int sink_open(gen *g, sink *s, const char *path, int targz)
{
    if (s->path != path) {
        g_free(s->path);
        s->path = g_strdup(path);
    }
    s->in_part = 0;
    s->a = archive_write_new();
    if (targz) {
        archive_write_set_format_ustar(s->a);
        archive_write_add_filter_gzip(s->a);
        /* no gzip header time stamp: the same seed gives the same bytes */
        if (archive_write_set_filter_option(s->a, "gzip", "timestamp", NULL) < ARCHIVE_WARN)
            return fail(g, "%s: %s", path, archive_error_string(s->a));
    } else {
        archive_write_set_format_zip(s->a);
        archive_write_zip_set_compression_deflate(s->a);
    }
    if (archive_write_open_filename(s->a, path) != ARCHIVE_OK)
        return fail(g, "%s: %s", path, archive_error_string(s->a));
    return 0;
}

static int sink_close(gen *g, sink *s);

/* Close a full part and open the next one: NAME.zip, NAME_p0002.zip, ... (they sort in order). */
static int sink_rotate(gen *g, sink *s)
{
    char *next;
    size_t n = strlen(s->path);
    int rc;
    if (sink_close(g, s) < 0)
        return -1;
    s->part++;
    if (s->part == 1)
        s->path[n - 4] = 0; /* drop ".zip" once: path keeps the stem from here on */
    else
        s->path[n - 10] = 0; /* drop "_pNNNN.zip" */
    next = g_strdup_printf("%s_p%04d.zip", s->path, s->part + 1);
    g_free(s->path);
    s->path = next;
    rc = sink_open(g, s, s->path, 0);
    return rc;
}

static int sink_add(gen *g, sink *s, const char *name, const void *data, size_t len)
{
    struct archive_entry *e;
    int rc = 0;

    if (s->rotate && s->in_part >= MAX_MEMBERS && sink_rotate(g, s) < 0)
        return -1;
    e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_size(e, (la_int64_t)len);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, member_time(g), 0);
    if (archive_write_header(s->a, e) != ARCHIVE_OK ||
        (len && archive_write_data(s->a, data, len) != (la_ssize_t)len))
        rc = fail(g, "%s!%s: %s", s->path, name, archive_error_string(s->a));
    archive_entry_free(e);
    s->entries++;
    s->in_part++;
    return rc;
}

/* Copy a finished file (a nested archive) into s as member name, in chunks. */
static int sink_add_file(gen *g, sink *s, const char *name, const char *file)
{
    struct archive_entry *e = archive_entry_new();
    GStatBuf st;
    FILE *f = NULL;
    char buf[65536];
    size_t n;
    int rc = -1;

    if (g_stat(file, &st) != 0 || !(f = fopen(file, "rb"))) {
        fail(g, "%s: %s", file, g_strerror(errno));
        goto done;
    }
    archive_entry_set_pathname(e, name);
    archive_entry_set_size(e, (la_int64_t)st.st_size);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, member_time(g), 0);
    if (archive_write_header(s->a, e) != ARCHIVE_OK) {
        fail(g, "%s!%s: %s", s->path, name, archive_error_string(s->a));
        goto done;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (archive_write_data(s->a, buf, n) != (la_ssize_t)n) {
            fail(g, "%s!%s: %s", s->path, name, archive_error_string(s->a));
            goto done;
        }
    s->entries++;
    rc = 0;
done:
    if (f)
        fclose(f);
    archive_entry_free(e);
    return rc;
}

static int sink_close(gen *g, sink *s)
{
    int rc = 0;
    if (s->a) {
        if (archive_write_close(s->a) != ARCHIVE_OK)
            rc = fail(g, "%s: %s", s->path, archive_error_string(s->a));
        archive_write_free(s->a);
        s->a = NULL;
        if (g->c)
            g->c->archives++;
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* XML writing                                                         */

static void esc(GString *s, const char *v)
{
    const char *p, *run = v;
    for (p = v; *p; p++) {
        const char *rep = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : *p == '"' ? "&quot;" : NULL;
        if (rep) {
            g_string_append_len(s, run, p - run);
            g_string_append(s, rep);
            run = p + 1;
        }
    }
    g_string_append_len(s, run, p - run);
}

/* <pfx:name>value</pfx:name> on its own line, indented by depth tabs (no printf: this is the hot path). */
static void el(GString *s, int depth, const char *pfx, const char *name, const char *value)
{
    static const char tabs[] = "\t\t\t\t\t\t\t\t";
    g_string_append_len(s, tabs, depth);
    g_string_append_c(s, '<');
    g_string_append(s, pfx);
    g_string_append(s, name);
    g_string_append_c(s, '>');
    esc(s, value);
    g_string_append_len(s, "</", 2);
    g_string_append(s, pfx);
    g_string_append(s, name);
    g_string_append_len(s, ">\n", 2);
}

static void elf(GString *s, int depth, const char *pfx, const char *name, const char *fmt, ...) G_GNUC_PRINTF(5, 6);
static void elf(GString *s, int depth, const char *pfx, const char *name, const char *fmt, ...)
{
    char v[256];
    va_list ap;
    va_start(ap, fmt);
    g_vsnprintf(v, sizeof v, fmt, ap);
    va_end(ap);
    el(s, depth, pfx, name, v);
}

/* Money in fen as a decimal with two places. */
static const char *money(char *b, int64_t fen)
{
    g_snprintf(b, 32, "%s%" G_GINT64_FORMAT ".%02d", fen < 0 ? "-" : "", (fen < 0 ? -fen : fen) / 100,
               (int)((fen < 0 ? -fen : fen) % 100));
    return b;
}

/* Grams as kilograms with three places. */
static const char *kg(char *b, int64_t grams)
{
    g_snprintf(b, 32, "%" G_GINT64_FORMAT ".%03d", grams / 1000, (int)(grams % 1000));
    return b;
}

static void guid(gen *g, char out[37])
{
    guint32 w[4];
    int i;
    for (i = 0; i < 4; i++)
        w[i] = g_rand_int(g->r);
    w[1] = (w[1] & 0xFFFF0FFFu) | 0x00004000u;   /* version 4 */
    w[2] = (w[2] & 0x3FFFFFFFu) | 0x80000000u;   /* variant */
    g_snprintf(out, 37, "%08X-%04X-%04X-%04X-%04X%08X", w[0], w[1] >> 16, w[1] & 0xFFFF, w[2] >> 16,
               w[2] & 0xFFFF, w[3]);
}

/* YYYYMMDDhhmmss of second t of the business date. */
static const char *stamp(const gen *g, char *b, int t)
{
    if (t > 86399)
        t = 86399; /* the night's last minutes: keep every time on the business date */
    g_snprintf(b, 16, "%s%02d%02d%02d", g->ymd, t / 3600, t / 60 % 60, t % 60);
    return b;
}

static const char *const ceb_ns = "http://www.chinaport.gov.cn/ceb";

static int is_receipt(int kind) { return kind == K312 || kind == K622; }

static void msg_begin(gen *g, mbuf *m)
{
    char id[37];
    guid(g, id);
    g_string_truncate(m->s, 0);
    if (is_receipt(m->kind))
        g_string_append_printf(m->s,
                               "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                               "<CEB%sMessage xmlns=\"%s\" guid=\"%s\" version=\"1.0\">\n",
                               cbec_demo_types[m->kind], ceb_ns, id);
    else
        g_string_append_printf(m->s,
                               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<ceb:CEB%sMessage guid=\"%s\" version=\"1.0\" xmlns:ceb=\"%s\">\n",
                               cbec_demo_types[m->kind], id, ceb_ns);
}

/* The signature block CEB621 requires.  The demo does not hold a customs
 * certificate: the digest is a real SHA-256 of the message body, the value a
 * stand-in derived from it (not a verifiable SM2 signature). */
static void signature(GString *s)
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    guint8 d[32], v[64];
    gsize dl = sizeof d;
    char *b1, *b2;
    int i;

    g_checksum_update(c, (const guchar *)s->str, (gssize)s->len);
    g_checksum_get_digest(c, d, &dl);
    for (i = 0; i < 64; i++)
        v[i] = (guint8)(d[i % 32] ^ (0x5A + i));
    b1 = g_base64_encode(d, sizeof d);
    b2 = g_base64_encode(v, sizeof v);
    g_string_append_printf(s,
                           "\t<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">\n"
                           "\t\t<ds:SignedInfo>\n"
                           "\t\t\t<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"/>\n"
                           "\t\t\t<ds:SignatureMethod Algorithm=\"http://www.chinaport.gov.cn/2022/04/xmldsig#sm2-sm3\"/>\n"
                           "\t\t\t<ds:Reference URI=\"\">\n"
                           "\t\t\t\t<ds:Transforms><ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/></ds:Transforms>\n"
                           "\t\t\t\t<ds:DigestMethod Algorithm=\"http://www.chinaport.gov.cn/2022/04/xmldsig#sm3\"/>\n"
                           "\t\t\t\t<ds:DigestValue>%s</ds:DigestValue>\n"
                           "\t\t\t</ds:Reference>\n"
                           "\t\t</ds:SignedInfo>\n"
                           "\t\t<ds:SignatureValue>%s</ds:SignatureValue>\n"
                           "\t\t<ds:KeyInfo><ds:KeyName>DEMO0001</ds:KeyName></ds:KeyInfo>\n"
                           "\t</ds:Signature>\n",
                           b1, b2);
    g_checksum_free(c);
    g_free(b1);
    g_free(b2);
}

/* Close the open message of m and write it to its archive. */
static int msg_flush(gen *g, mbuf *m)
{
    char name[96], id[37];
    const char *p;
    int rc;

    if (m->n == 0)
        return 0;
    if (m->sender) {
        g_string_append(m->s, "\t<ceb:BaseTransfer>\n");
        el(m->s, 2, "ceb:", "copCode", m->sender->code);
        el(m->s, 2, "ceb:", "copName", m->sender->name);
        el(m->s, 2, "ceb:", "dxpMode", "DXP");
        elf(m->s, 2, "ceb:", "dxpId", "DXPENT%s", m->sender->code);
        g_string_append(m->s, "\t</ceb:BaseTransfer>\n");
    }
    if (m->kind == K621)
        signature(m->s);
    g_string_append_printf(m->s, is_receipt(m->kind) ? "</CEB%sMessage>\n" : "</ceb:CEB%sMessage>\n",
                           cbec_demo_types[m->kind]);
    /* the member is named after the message guid, as the single window does */
    p = strstr(m->s->str, "guid=\"");
    memcpy(id, p ? p + 6 : "00000000-0000-0000-0000-000000000000", 36);
    id[36] = 0;
    g_snprintf(name, sizeof name, "CEB%sMessage_%s.xml", cbec_demo_types[m->kind], id);
    rc = sink_add(g, m->to, name, m->s->str, m->s->len);
    m->n = 0;
    g_string_truncate(m->s, 0);
    if (g->c)
        g->c->messages++;
    return rc;
}

/* Start a business record in m (opening a message when needed); flushes when full. */
static GString *rec_begin(gen *g, mbuf *m)
{
    if (m->n == 0)
        msg_begin(g, m);
    m->n++;
    g->c->ceb[m->kind]++;
    return m->s;
}

static int rec_end(gen *g, mbuf *m)
{
    return m->n >= MAX_PER_MESSAGE ? msg_flush(g, m) : 0;
}

/* ------------------------------------------------------------------ */
/* People, numbers, goods                                              */

static int rnd(gen *g, int lo, int hi) { return g_rand_int_range(g->r, lo, hi + 1); }
static int chance(gen *g, int percent) { return g_rand_int_range(g->r, 0, 100) < percent; }

/* A new person: unique phone and ID number within the night (both derived
 * injectively from a person counter).  ID numbers use the fictitious area
 * 1599xx (Inner Mongolia prefix, no such prefecture) with a valid GB 11643
 * check character, phones the 140/141/144 data-only ranges: nobody real. */
static void new_person(gen *g, person *p)
{
    static const char *const pfx[] = {"140", "141", "144"};
    uint64_t k = (uint64_t)g->persons++;
    uint64_t u = (k * 387420489ULL + g->phone_b) % 100000000ULL;
    /* ID: area (12) x birth day (16436 days from 1960) x sequence (1000), an injective map of k */
    const uint64_t M = 12ULL * 16436ULL * 1000ULL;
    uint64_t v = (k * 1000003ULL + g->id_b) % M;
    int area = (int)(v % 12), days = (int)(v / 12 % 16436), seq = (int)(v / 12 / 16436);
    GDate *d = g_date_new_dmy(1, 1, 1960);
    char first17[18];
    const cbec_demo_place *pl = &cbec_demo_places[rnd(g, 0, cbec_demo_n_places - 1)];
    int street;

    g_date_add_days(d, (guint)days);
    g_snprintf(first17, sizeof first17, "1599%02d%04d%02d%02d%03d", area + 1, g_date_get_year(d),
               g_date_get_month(d), g_date_get_day(d), seq);
    g_snprintf(p->id, sizeof p->id, "%s%c", first17, cbec_demo_id_check(first17));
    g_date_free(d);
    g_snprintf(p->phone, sizeof p->phone, "%s%08u", pfx[k % 3], (unsigned)u);
    if (chance(g, 15))
        g_strlcpy(p->name, cbec_demo_mongolian[rnd(g, 0, cbec_demo_n_mongolian - 1)], sizeof p->name);
    else
        g_snprintf(p->name, sizeof p->name, "%s%s%s", cbec_demo_surnames[rnd(g, 0, cbec_demo_n_surnames - 1)],
                   cbec_demo_given[rnd(g, 0, cbec_demo_n_given - 1)],
                   chance(g, 70) ? cbec_demo_given[rnd(g, 0, cbec_demo_n_given - 1)] : "");
    g_snprintf(p->regno, sizeof p->regno, "U%010" G_GUINT64_FORMAT, (guint64)((k * 2654435761ULL + g->id_b) % 10000000000ULL));
    /* Inner Mongolian streets in Inner Mongolia, street names found everywhere elsewhere */
    street = g_str_has_prefix(pl->district, "15") ? rnd(g, 0, cbec_demo_n_streets - 1)
                                                   : rnd(g, cbec_demo_n_streets - 6, cbec_demo_n_streets - 1);
    g_snprintf(p->address_short, sizeof p->address_short, "%s%s%d号", pl->prefix, cbec_demo_streets[street],
               rnd(g, 1, 388));
    g_snprintf(p->address, sizeof p->address, "%s%d栋%d单元%d室", p->address_short, rnd(g, 1, 24),
               rnd(g, 1, 6), rnd(g, 1, 30) * 100 + rnd(g, 1, 4));
    g_strlcpy(p->district, pl->district, sizeof p->district);
}

static int pick_weighted(gen *g, int import)
{
    int i, total = 0, x;
    for (i = 0; i < cbec_demo_n_products; i++)
        total += import ? cbec_demo_products[i].import_weight : cbec_demo_products[i].export_weight;
    x = rnd(g, 0, total - 1);
    for (i = 0; i < cbec_demo_n_products; i++) {
        x -= import ? cbec_demo_products[i].import_weight : cbec_demo_products[i].export_weight;
        if (x < 0)
            return i;
    }
    return 0;
}

/* A market price around the product's typical one (+-15 %), whole yuan or .90. */
static int64_t market_price(gen *g, int prod)
{
    int64_t base = cbec_demo_products[prod].price;
    int64_t p = base * rnd(g, 850, 1150) / 1000;
    p = p / 100 * 100;
    if (p < 100)
        p = 100;
    if (chance(g, 30))
        p -= 10;
    return p;
}

/* Sum lines, weights, tax and totals from the lines and freight/discount. */
static void totals(trade *t)
{
    int i;
    t->goods = 0;
    t->net_g = 0;
    for (i = 0; i < t->nlines; i++) {
        line *l = &t->lines[i];
        l->total = l->qty * l->price;
        t->goods += l->total;
        t->net_g += l->qty * cbec_demo_products[l->prod].weight_g;
    }
    t->gross_g = t->net_g * 105 / 100 + 50;
    if (t->import) {
        /* retail import within the limits: 70 % of 13 % VAT = 9.1 % of the dutiable price
         * (goods + freight - discount), rounded half up to the fen */
        int64_t dutiable = t->goods + t->freight - t->discount;
        t->tax = (dutiable * 91 + 500) / 1000;
        t->paid = t->goods + t->freight + t->tax - t->discount;
    } else {
        t->tax = 0;
        t->discount = 0;
        t->paid = t->goods + t->freight; /* what the foreign buyer pays */
    }
    t->amount_paid = t->paid;
}

static int64_t value_of(const trade *t) { return t->goods + t->freight - t->discount; }

/* 1-3 lines of one product (different models), quantities by trade mode. */
static void make_lines(gen *g, trade *t, int prod)
{
    int i, n = chance(g, 60) ? 1 : chance(g, 70) ? 2 : 3;
    int b2b = !t->import && strcmp(t->mode, "9610") != 0;
    int cheap = cbec_demo_products[prod].price < 15000;
    t->nlines = n;
    for (i = 0; i < n; i++) {
        line *l = &t->lines[i];
        l->prod = prod;
        l->model = (i + rnd(g, 0, 3)) % 4;
        if (i > 0 && l->model == t->lines[i - 1].model)
            l->model = (l->model + 1) % 4;
        l->price = market_price(g, prod);
        if (b2b)
            l->qty = strcmp(t->mode, "9810") == 0 ? rnd(g, 50, 400) : rnd(g, 20, 200);
        else
            l->qty = cheap ? rnd(g, 1, 6) : rnd(g, 1, 2);
    }
}

/* Keep a retail import clean: its value stays under max (drop quantities, then lines). */
static void cap_value(trade *t, int64_t max)
{
    totals(t);
    while (value_of(t) > max) {
        line *l = &t->lines[t->nlines - 1];
        if (l->qty > 1)
            l->qty--;
        else if (t->nlines > 1)
            t->nlines--;
        else {
            t->discount = 0;
            t->freight = 0;
            totals(t);
            break;
        }
        totals(t);
    }
}

/* One line of a mid-priced import product sized so the value lands in [lo, lo + price). */
static void fill_value(gen *g, trade *t, int64_t lo)
{
    int prod;
    do
        prod = pick_weighted(g, 1);
    while (cbec_demo_products[prod].price < 15000 || cbec_demo_products[prod].price > 40000);
    t->nlines = 1;
    t->lines[0].prod = prod;
    t->lines[0].model = rnd(g, 0, 3);
    t->lines[0].price = market_price(g, prod);
    t->lines[0].qty = (lo + t->lines[0].price - 1) / t->lines[0].price;
    t->freight = 0;
    t->discount = 0;
    totals(t);
}

static const char *pick_country(gen *g, int prod)
{
    return cbec_demo_products[prod].origin[rnd(g, 0, 2)];
}

static int pick_partner(gen *g)
{
    int i, total = 0, x;
    for (i = 0; i < cbec_demo_n_partners; i++)
        total += cbec_demo_partners[i].weight;
    x = rnd(g, 0, total - 1);
    for (i = 0; i < cbec_demo_n_partners; i++) {
        x -= cbec_demo_partners[i].weight;
        if (x < 0)
            return i;
    }
    return 0;
}

/* A fresh trade: direction and mode, enterprises, people, goods, numbers, times. */
static void new_trade(gen *g, trade *t, int import, const char *mode, int platform)
{
    int prod;
    uint64_t k;

    memset(t, 0, sizeof *t);
    t->idx = g->pos;
    t->import = import;
    if (!mode) {
        int x = rnd(g, 0, 99);
        mode = import ? (x < 60 ? "9610" : "1210") : (x < 60 ? "9610" : x < 85 ? "9710" : "9810");
    }
    t->mode = mode;
    t->platform = platform >= 0 ? platform : rnd(g, 0, NP - 1);
    t->payco = rnd(g, 0, NP - 1);
    prod = pick_weighted(g, import);
    t->seller = import ? cbec_demo_products[prod].import_seller : cbec_demo_products[prod].export_seller;
    if (import)
        t->carrier = strcmp(mode, "1210") == 0 ? CBEC_DEMO_CARRIER_BONDED : rnd(g, 0, 2);
    else
        t->carrier = strcmp(mode, "9610") == 0 ? rnd(g, 0, 1) : rnd(g, 1, 2);
    t->partner = pick_partner(g);
    t->country = import ? pick_country(g, prod) : cbec_demo_partners[t->partner].country;
    make_lines(g, t, prod);
    if (import) {
        t->freight = strcmp(mode, "1210") == 0 ? (chance(g, 70) ? 0 : 800) : (int64_t[]){0, 600, 800, 1000, 1200, 1500}[rnd(g, 0, 5)];
        t->discount = chance(g, 25) ? (int64_t[]){500, 1000, 2000}[rnd(g, 0, 2)] : 0;
        totals(t);
        if (t->discount * 5 > t->goods)
            t->discount = 0;
        cap_value(t, CLEAN_IMPORT_MAX);
    } else {
        totals(t);
        t->freight = strcmp(mode, "9610") == 0 ? rnd(g, 25, 60) * 100 : (t->gross_g / 1000 + 1) * 800;
        totals(t);
    }
    new_person(g, &t->buyer);
    t->consignee = t->buyer;
    t->payer = t->buyer;
    t->ship_to = t->consignee;
    k = (uint64_t)t->idx;
    g_snprintf(t->order_no, sizeof t->order_no, "%s%s%08" G_GUINT64_FORMAT, cbec_demo_platforms[t->platform].tag,
               g->ymd, k + 1);
    g_snprintf(t->pay_tx, sizeof t->pay_tx, "%s%s%010" G_GUINT64_FORMAT, cbec_demo_paycos[t->payco].tag, g->ymd,
               (guint64)((k * 7919 + 104729) % 10000000000ULL));
    if (t->carrier == CBEC_DEMO_CARRIER_POST) {
        /* the post's numbers are UPU S10: EA + 8 digits + check digit + CN */
        char serial[9];
        g_snprintf(serial, sizeof serial, "%08" G_GUINT64_FORMAT, (guint64)((k * 7 + g->phone_b % 1000 * 100000 + 1) % 100000000ULL));
        g_snprintf(t->logistics_no, sizeof t->logistics_no, "%s%s%dCN", import ? "EA" : "LX", serial,
                   cbec_demo_s10_check(serial));
    } else
        g_snprintf(t->logistics_no, sizeof t->logistics_no, "%s%s%07" G_GUINT64_FORMAT,
                   cbec_demo_carriers[t->carrier].tag, g->ymd + 2, k + 1);
    g_snprintf(t->cop_no, sizeof t->cop_no, "%s%c%s%07" G_GUINT64_FORMAT, cbec_demo_carriers[t->carrier].tag,
               import ? 'I' : 'E', g->ymd, k + 1);
    g_snprintf(t->bill_no, sizeof t->bill_no, "%s%s%02d", import ? "IM" : "EX", g->ymd, rnd(g, 1, 12));
    /* times: orders spread over 00:01-21:00, then payment, waybill and list */
    t->t_order = 60 + (int)(g->pos * 75540 / (g->o->trades > 0 ? g->o->trades : 1)) + rnd(g, 0, 59);
    t->t_pay = t->t_order + rnd(g, 30, 1200);
    t->t_ship = t->t_pay + rnd(g, 600, 7200);
    t->t_list = t->t_ship + rnd(g, 300, 1800);
    t->emit_order = t->emit_payment = t->emit_waybill = t->emit_list = 1;
    if (!import && strcmp(mode, "9610") != 0) {
        /* B2B export (9710/9810): no payment company, so no receipt (403); the foreign buyer
         * wires the money straight into a zone account, naming the order in free text */
        t->emit_payment = 0;
        t->settle_1to1 = 1;
    }
    t->scenario = t->settle_1to1 ? "clean_b2b" : "clean";
    t->status = "MATCHED";
    t->reasons = t->rules = "";
    g->pos++;
}

/* ------------------------------------------------------------------ */
/* Records                                                             */

static void w_order_import(gen *g, GString *s, const trade *t, int app_type, int early_address)
{
    char b[32], id[37], ts[16];
    const person *c = &t->consignee;
    int i;

    guid(g, id);
    g_string_append(s, "\t<ceb:Order>\n\t\t<ceb:OrderHead>\n");
    el(s, 3, "ceb:", "guid", id);
    elf(s, 3, "ceb:", "appType", "%d", app_type);
    el(s, 3, "ceb:", "appTime", stamp(g, ts, app_type == 2 ? t->t_ship : t->t_order));
    el(s, 3, "ceb:", "appStatus", "2");
    el(s, 3, "ceb:", "orderType", "I");
    el(s, 3, "ceb:", "orderNo", t->order_no);
    el(s, 3, "ceb:", "ebpCode", cbec_demo_platforms[t->platform].code);
    el(s, 3, "ceb:", "ebpName", cbec_demo_platforms[t->platform].name);
    el(s, 3, "ceb:", "ebcCode", cbec_demo_sellers[t->seller].code);
    el(s, 3, "ceb:", "ebcName", cbec_demo_sellers[t->seller].name);
    el(s, 3, "ceb:", "goodsValue", money(b, t->goods));
    el(s, 3, "ceb:", "freight", money(b, t->freight));
    el(s, 3, "ceb:", "discount", money(b, t->discount));
    el(s, 3, "ceb:", "taxTotal", money(b, t->tax));
    el(s, 3, "ceb:", "acturalPaid", money(b, t->paid));
    el(s, 3, "ceb:", "currency", "142");
    el(s, 3, "ceb:", "buyerRegNo", t->buyer.regno);
    el(s, 3, "ceb:", "buyerName", t->buyer.name);
    el(s, 3, "ceb:", "buyerTelephone", t->buyer.phone);
    el(s, 3, "ceb:", "buyerIdType", "1");
    el(s, 3, "ceb:", "buyerIdNumber", t->buyer.id);
    el(s, 3, "ceb:", "payCode", cbec_demo_paycos[t->payco].code);
    el(s, 3, "ceb:", "payName", cbec_demo_paycos[t->payco].name);
    el(s, 3, "ceb:", "payTransactionId", t->pay_tx);
    el(s, 3, "ceb:", "consignee", c->name);
    el(s, 3, "ceb:", "consigneeTelephone", c->phone);
    el(s, 3, "ceb:", "consigneeAddress", early_address ? c->address_short : c->address);
    el(s, 3, "ceb:", "consigneeDistrict", c->district);
    if (app_type == 2)
        el(s, 3, "ceb:", "note", "变更申报：补全收货地址");
    g_string_append(s, "\t\t</ceb:OrderHead>\n");
    for (i = 0; i < t->nlines; i++) {
        const line *l = &t->lines[i];
        const cbec_demo_product *p = &cbec_demo_products[l->prod];
        g_string_append(s, "\t\t<ceb:OrderList>\n");
        elf(s, 3, "ceb:", "gnum", "%d", i + 1);
        elf(s, 3, "ceb:", "itemNo", "%s-%d", p->sku, l->model + 1);
        el(s, 3, "ceb:", "itemName", p->name);
        el(s, 3, "ceb:", "gmodel", p->models[l->model]);
        el(s, 3, "ceb:", "unit", p->unit);
        elf(s, 3, "ceb:", "qty", "%" G_GINT64_FORMAT, l->qty);
        el(s, 3, "ceb:", "price", money(b, l->price));
        el(s, 3, "ceb:", "totalPrice", money(b, l->total));
        el(s, 3, "ceb:", "currency", "142");
        el(s, 3, "ceb:", "country", t->country);
        g_string_append(s, "\t\t</ceb:OrderList>\n");
    }
    g_string_append(s, "\t</ceb:Order>\n");
}

static void w_order_export(gen *g, GString *s, const trade *t, int app_type, int64_t freight)
{
    char b[32], id[37], ts[16];
    int i;
    const char *type = strcmp(t->mode, "9710") == 0 ? "B" : strcmp(t->mode, "9810") == 0 ? "W" : "E";

    guid(g, id);
    g_string_append(s, "\t<ceb:Order>\n\t\t<ceb:OrderHead>\n");
    el(s, 3, "ceb:", "guid", id);
    elf(s, 3, "ceb:", "appType", "%d", app_type);
    el(s, 3, "ceb:", "appTime", stamp(g, ts, app_type == 2 ? t->t_ship : t->t_order));
    el(s, 3, "ceb:", "appStatus", "2");
    el(s, 3, "ceb:", "orderType", type);
    el(s, 3, "ceb:", "orderNo", t->order_no);
    el(s, 3, "ceb:", "ebpCode", cbec_demo_platforms[t->platform].code);
    el(s, 3, "ceb:", "ebpName", cbec_demo_platforms[t->platform].name);
    el(s, 3, "ceb:", "ebcCode", cbec_demo_sellers[t->seller].code);
    el(s, 3, "ceb:", "ebcName", cbec_demo_sellers[t->seller].name);
    el(s, 3, "ceb:", "goodsValue", money(b, t->goods));
    el(s, 3, "ceb:", "freight", money(b, freight));
    el(s, 3, "ceb:", "currency", "142");
    if (app_type == 2)
        el(s, 3, "ceb:", "note", "变更申报：更正运费");
    g_string_append(s, "\t\t</ceb:OrderHead>\n");
    for (i = 0; i < t->nlines; i++) {
        const line *l = &t->lines[i];
        const cbec_demo_product *p = &cbec_demo_products[l->prod];
        g_string_append(s, "\t\t<ceb:OrderList>\n");
        elf(s, 3, "ceb:", "gnum", "%d", i + 1);
        elf(s, 3, "ceb:", "itemNo", "%s-%d", p->sku, l->model + 1);
        el(s, 3, "ceb:", "itemName", p->name);
        el(s, 3, "ceb:", "itemDescribe", p->models[l->model]);
        el(s, 3, "ceb:", "unit", p->unit);
        el(s, 3, "ceb:", "currency", "142");
        elf(s, 3, "ceb:", "qty", "%" G_GINT64_FORMAT, l->qty);
        el(s, 3, "ceb:", "price", money(b, l->price));
        el(s, 3, "ceb:", "totalPrice", money(b, l->total));
        g_string_append(s, "\t\t</ceb:OrderList>\n");
    }
    g_string_append(s, "\t</ceb:Order>\n");
}

static int emit_order(gen *g, const trade *t)
{
    mbuf *m = &g->buf[t->platform][t->import ? K311 : K303];
    mbuf *late = &g->late[t->platform][t->import ? 0 : 1];
    GString *s = rec_begin(g, m);
    GString *copy = NULL;
    gsize from = s->len;

    if (t->import)
        w_order_import(g, s, t, 1, t->change);
    else
        w_order_export(g, s, t, 1, t->change ? t->freight + 1000 : t->freight);
    if (t->resend)
        copy = g_string_new_len(s->str + from, (gssize)(s->len - from));
    if (rec_end(g, m) < 0)
        goto fail;
    if (t->resend || t->change) {
        /* the resend / change travels in a later message of the platform: flush the originals first */
        if (late->n + 1 >= MAX_PER_MESSAGE && msg_flush(g, m) < 0)
            goto fail;
        s = rec_begin(g, late);
        if (t->resend) {
            g_string_append_len(s, copy->str, (gssize)copy->len);
            g->c->resends++;
        } else {
            if (t->import)
                w_order_import(g, s, t, 2, 0);
            else
                w_order_export(g, s, t, 2, t->freight);
            g->c->changes++;
        }
        if (late->n >= MAX_PER_MESSAGE && (msg_flush(g, m) < 0 || msg_flush(g, late) < 0))
            goto fail;
    }
    if (copy)
        g_string_free(copy, TRUE);
    return 0;
fail:
    if (copy)
        g_string_free(copy, TRUE);
    return -1;
}

static int emit_payment(gen *g, const trade *t)
{
    char b[32], id[37], ts[16];
    mbuf *m = &g->buf[t->payco][t->import ? K411 : K403];
    GString *s = rec_begin(g, m);

    guid(g, id);
    if (t->import) {
        g_string_append(s, "\t<ceb:Payment>\n\t\t<ceb:PaymentHead>\n");
        el(s, 3, "ceb:", "guid", id);
        el(s, 3, "ceb:", "appType", "1");
        el(s, 3, "ceb:", "appTime", stamp(g, ts, t->t_pay + 5));
        el(s, 3, "ceb:", "appStatus", "2");
        el(s, 3, "ceb:", "payCode", cbec_demo_paycos[t->payco].code);
        el(s, 3, "ceb:", "payName", cbec_demo_paycos[t->payco].name);
        el(s, 3, "ceb:", "payTransactionId", t->pay_tx);
        el(s, 3, "ceb:", "orderNo", t->order_no);
        el(s, 3, "ceb:", "ebpCode", cbec_demo_platforms[t->platform].code);
        el(s, 3, "ceb:", "ebpName", cbec_demo_platforms[t->platform].name);
        el(s, 3, "ceb:", "payerIdType", "1");
        el(s, 3, "ceb:", "payerIdNumber", t->payer.id);
        el(s, 3, "ceb:", "payerName", t->payer.name);
        el(s, 3, "ceb:", "telephone", t->payer.phone);
        el(s, 3, "ceb:", "amountPaid", money(b, t->amount_paid));
        el(s, 3, "ceb:", "currency", "142");
        el(s, 3, "ceb:", "payTime", stamp(g, ts, t->t_pay));
        g_string_append(s, "\t\t</ceb:PaymentHead>\n\t</ceb:Payment>\n");
    } else {
        g_string_append(s, "\t<ceb:Receipts>\n");
        el(s, 2, "ceb:", "guid", id);
        el(s, 2, "ceb:", "appType", "1");
        el(s, 2, "ceb:", "appTime", stamp(g, ts, t->t_pay + 5));
        el(s, 2, "ceb:", "appStatus", "2");
        el(s, 2, "ceb:", "ebpCode", cbec_demo_platforms[t->platform].code);
        el(s, 2, "ceb:", "ebpName", cbec_demo_platforms[t->platform].name);
        el(s, 2, "ceb:", "ebcCode", cbec_demo_sellers[t->seller].code);
        el(s, 2, "ceb:", "ebcName", cbec_demo_sellers[t->seller].name);
        el(s, 2, "ceb:", "orderNo", t->order_no);
        el(s, 2, "ceb:", "payCode", cbec_demo_paycos[t->payco].code);
        el(s, 2, "ceb:", "payName", cbec_demo_paycos[t->payco].name);
        el(s, 2, "ceb:", "payNo", t->pay_tx);
        el(s, 2, "ceb:", "charge", money(b, t->amount_paid));
        el(s, 2, "ceb:", "currency", "142");
        el(s, 2, "ceb:", "accountingDate", stamp(g, ts, t->t_pay));
        g_string_append(s, "\t</ceb:Receipts>\n");
    }
    /* settled in the payment company's batch credit of the night for this platform (N:1) */
    g->pay_sum[t->payco][t->platform] += t->amount_paid;
    g->pay_n[t->payco][t->platform]++;
    return rec_end(g, m);
}

static int emit_waybill(gen *g, const trade *t)
{
    char b[32], id[37], ts[16];
    mbuf *m = &g->buf[t->carrier][t->import ? K511 : K505];
    GString *s = rec_begin(g, m);
    const cbec_demo_ent *cr = &cbec_demo_carriers[t->carrier];

    guid(g, id);
    if (t->import) {
        g_string_append(s, "\t<ceb:Logistics>\n\t\t<ceb:LogisticsHead>\n");
        el(s, 3, "ceb:", "guid", id);
        el(s, 3, "ceb:", "appType", "1");
        el(s, 3, "ceb:", "appTime", stamp(g, ts, t->t_ship));
        el(s, 3, "ceb:", "appStatus", "2");
        el(s, 3, "ceb:", "logisticsCode", cr->code);
        el(s, 3, "ceb:", "logisticsName", cr->name);
        el(s, 3, "ceb:", "logisticsNo", t->logistics_no);
        el(s, 3, "ceb:", "billNo", t->bill_no);
        el(s, 3, "ceb:", "orderNo", t->order_no);
        el(s, 3, "ceb:", "freight", money(b, t->freight));
        el(s, 3, "ceb:", "insuredFee", "0.00");
        el(s, 3, "ceb:", "currency", "142");
        el(s, 3, "ceb:", "weight", kg(b, t->gross_g));
        el(s, 3, "ceb:", "packNo", "1");
        el(s, 3, "ceb:", "goodsInfo", cbec_demo_products[t->lines[0].prod].goods_info);
        el(s, 3, "ceb:", "consignee", t->ship_to.name);
        el(s, 3, "ceb:", "consigneeAddress", t->ship_to.address);
        el(s, 3, "ceb:", "consigneeTelephone", t->ship_to.phone);
        g_string_append(s, "\t\t</ceb:LogisticsHead>\n\t</ceb:Logistics>\n");
    } else {
        g_string_append(s, "\t<ceb:Logistics>\n");
        el(s, 2, "ceb:", "guid", id);
        el(s, 2, "ceb:", "appType", "1");
        el(s, 2, "ceb:", "appTime", stamp(g, ts, t->t_ship));
        el(s, 2, "ceb:", "appStatus", "2");
        el(s, 2, "ceb:", "logisticsCode", cr->code);
        el(s, 2, "ceb:", "logisticsName", cr->name);
        el(s, 2, "ceb:", "logisticsNo", t->logistics_no);
        el(s, 2, "ceb:", "freight", money(b, t->freight));
        el(s, 2, "ceb:", "insuredFee", "0.00");
        el(s, 2, "ceb:", "currency", "142");
        el(s, 2, "ceb:", "grossWeight", kg(b, t->gross_g));
        el(s, 2, "ceb:", "packNo", "1");
        el(s, 2, "ceb:", "goodsInfo", cbec_demo_products[t->lines[0].prod].goods_info);
        el(s, 2, "ceb:", "ebcCode", cbec_demo_sellers[t->seller].code);
        el(s, 2, "ceb:", "ebcName", cbec_demo_sellers[t->seller].name);
        g_string_append(s, "\t</ceb:Logistics>\n");
    }
    return rec_end(g, m);
}

static void list_qty1(GString *s, const line *l)
{
    const cbec_demo_product *p = &cbec_demo_products[l->prod];
    char b[32];
    if (p->qty1_kg)
        el(s, 3, "ceb:", "qty1", kg(b, l->qty * p->weight_g));
    else
        elf(s, 3, "ceb:", "qty1", "%" G_GINT64_FORMAT, l->qty);
}

static int emit_list(gen *g, const trade *t)
{
    char b[32], id[37], ts[16];
    mbuf *m = &g->buf[t->carrier][t->import ? K621 : K603];
    GString *s = rec_begin(g, m);
    const cbec_demo_ent *cr = &cbec_demo_carriers[t->carrier];
    const cbec_demo_ent *pf = &cbec_demo_platforms[t->platform], *sl = &cbec_demo_sellers[t->seller];
    int i;

    guid(g, id);
    g_string_append(s, "\t<ceb:Inventory>\n\t\t<ceb:InventoryHead>\n");
    el(s, 3, "ceb:", "guid", id);
    el(s, 3, "ceb:", "appType", "1");
    el(s, 3, "ceb:", "appTime", stamp(g, ts, t->t_list));
    el(s, 3, "ceb:", "appStatus", "2");
    if (t->import) {
        el(s, 3, "ceb:", "orderNo", t->order_no);
        el(s, 3, "ceb:", "ebpCode", pf->code);
        el(s, 3, "ceb:", "ebpName", pf->name);
        el(s, 3, "ceb:", "ebcCode", sl->code);
        el(s, 3, "ceb:", "ebcName", sl->name);
        el(s, 3, "ceb:", "logisticsNo", t->logistics_no);
        el(s, 3, "ceb:", "logisticsCode", cr->code);
        el(s, 3, "ceb:", "logisticsName", cr->name);
        el(s, 3, "ceb:", "copNo", t->cop_no);
        el(s, 3, "ceb:", "assureCode", pf->code);
        if (strcmp(t->mode, "1210") == 0)
            elf(s, 3, "ceb:", "emsNo", "T%sW%06d", cr->customs, 1 + t->platform);
        el(s, 3, "ceb:", "ieFlag", "I");
        el(s, 3, "ceb:", "declTime", g->ymd);
        el(s, 3, "ceb:", "customsCode", cr->customs);
        el(s, 3, "ceb:", "portCode", cr->customs);
        el(s, 3, "ceb:", "ieDate", g->ymd);
        el(s, 3, "ceb:", "buyerIdType", "1");
        el(s, 3, "ceb:", "buyerIdNumber", t->buyer.id);
        el(s, 3, "ceb:", "buyerName", t->buyer.name);
        el(s, 3, "ceb:", "buyerTelephone", t->buyer.phone);
        el(s, 3, "ceb:", "consigneeAddress", t->consignee.address);
        el(s, 3, "ceb:", "agentCode", cr->code);
        el(s, 3, "ceb:", "agentName", cr->name);
        el(s, 3, "ceb:", "tradeMode", t->mode);
        el(s, 3, "ceb:", "trafMode", cr->traf);
        el(s, 3, "ceb:", "billNo", t->bill_no);
        el(s, 3, "ceb:", "country", t->country);
        el(s, 3, "ceb:", "freight", money(b, t->freight));
        el(s, 3, "ceb:", "insuredFee", "0.00");
        el(s, 3, "ceb:", "currency", "142");
        el(s, 3, "ceb:", "packNo", "1");
        el(s, 3, "ceb:", "grossWeight", kg(b, t->gross_g));
        el(s, 3, "ceb:", "netWeight", kg(b, t->net_g));
        g_string_append(s, "\t\t</ceb:InventoryHead>\n");
        for (i = 0; i < t->nlines; i++) {
            const line *l = &t->lines[i];
            const cbec_demo_product *p = &cbec_demo_products[l->prod];
            g_string_append(s, "\t\t<ceb:InventoryList>\n");
            elf(s, 3, "ceb:", "gnum", "%d", i + 1);
            elf(s, 3, "ceb:", "itemNo", "%s-%d", p->sku, l->model + 1);
            el(s, 3, "ceb:", "itemName", p->name);
            el(s, 3, "ceb:", "gcode", p->hs);
            el(s, 3, "ceb:", "gname", p->name);
            el(s, 3, "ceb:", "gmodel", p->models[l->model]);
            el(s, 3, "ceb:", "country", t->country);
            el(s, 3, "ceb:", "currency", "142");
            elf(s, 3, "ceb:", "qty", "%" G_GINT64_FORMAT, l->qty);
            el(s, 3, "ceb:", "unit", p->unit);
            list_qty1(s, l);
            el(s, 3, "ceb:", "unit1", p->unit1);
            el(s, 3, "ceb:", "price", money(b, l->price));
            el(s, 3, "ceb:", "totalPrice", money(b, l->total));
            g_string_append(s, "\t\t</ceb:InventoryList>\n");
        }
    } else {
        const cbec_demo_partner *pt = &cbec_demo_partners[t->partner];
        el(s, 3, "ceb:", "customsCode", cr->customs);
        el(s, 3, "ceb:", "ebpCode", pf->code);
        el(s, 3, "ceb:", "ebpName", pf->name);
        el(s, 3, "ceb:", "orderNo", t->order_no);
        el(s, 3, "ceb:", "logisticsCode", cr->code);
        el(s, 3, "ceb:", "logisticsName", cr->name);
        el(s, 3, "ceb:", "logisticsNo", t->logistics_no);
        el(s, 3, "ceb:", "copNo", t->cop_no);
        el(s, 3, "ceb:", "ieFlag", "E");
        el(s, 3, "ceb:", "portCode", cr->customs);
        el(s, 3, "ceb:", "ieDate", g->ymd);
        el(s, 3, "ceb:", "statisticsFlag", "A");
        el(s, 3, "ceb:", "agentCode", cr->code);
        el(s, 3, "ceb:", "agentName", cr->name);
        el(s, 3, "ceb:", "ebcCode", sl->code);
        el(s, 3, "ceb:", "ebcName", sl->name);
        el(s, 3, "ceb:", "ownerCode", sl->code);
        el(s, 3, "ceb:", "ownerName", sl->name);
        el(s, 3, "ceb:", "tradeMode", t->mode);
        el(s, 3, "ceb:", "trafMode", cr->traf);
        el(s, 3, "ceb:", "billNo", t->bill_no);
        el(s, 3, "ceb:", "country", pt->country);
        el(s, 3, "ceb:", "POD", pt->pod);
        el(s, 3, "ceb:", "freight", money(b, t->freight));
        el(s, 3, "ceb:", "fCurrency", "142");
        el(s, 3, "ceb:", "fFlag", "3");
        el(s, 3, "ceb:", "insuredFee", "0.00");
        el(s, 3, "ceb:", "iCurrency", "142");
        el(s, 3, "ceb:", "iFlag", "3");
        el(s, 3, "ceb:", "wrapType", "2");
        el(s, 3, "ceb:", "packNo", "1");
        el(s, 3, "ceb:", "grossWeight", kg(b, t->gross_g));
        el(s, 3, "ceb:", "netWeight", kg(b, t->net_g));
        g_string_append(s, "\t\t</ceb:InventoryHead>\n");
        for (i = 0; i < t->nlines; i++) {
            const line *l = &t->lines[i];
            const cbec_demo_product *p = &cbec_demo_products[l->prod];
            g_string_append(s, "\t\t<ceb:InventoryList>\n");
            elf(s, 3, "ceb:", "gnum", "%d", i + 1);
            elf(s, 3, "ceb:", "itemNo", "%s-%d", p->sku, l->model + 1);
            el(s, 3, "ceb:", "itemName", p->name);
            el(s, 3, "ceb:", "gcode", p->hs);
            el(s, 3, "ceb:", "gname", p->name);
            el(s, 3, "ceb:", "gmodel", p->models[l->model]);
            el(s, 3, "ceb:", "barCode", "无");
            el(s, 3, "ceb:", "country", "142");
            el(s, 3, "ceb:", "currency", "142");
            elf(s, 3, "ceb:", "qty", "%" G_GINT64_FORMAT, l->qty);
            list_qty1(s, l);
            el(s, 3, "ceb:", "unit", p->unit);
            el(s, 3, "ceb:", "unit1", p->unit1);
            el(s, 3, "ceb:", "price", money(b, l->price));
            el(s, 3, "ceb:", "totalPrice", money(b, l->total));
            g_string_append(s, "\t\t</ceb:InventoryList>\n");
        }
    }
    g_string_append(s, "\t</ceb:Inventory>\n");
    return rec_end(g, m);
}

/* Customs receipts for an import trade: order accepted (120), list released (800). */
static int emit_receipts(gen *g, const trade *t)
{
    char id[37], ts[16];
    mbuf *m = &g->buf[t->platform][K312];
    GString *s = rec_begin(g, m);
    const cbec_demo_ent *cr = &cbec_demo_carriers[t->carrier];

    guid(g, id);
    g_string_append(s, "\t<OrderReturn>\n");
    el(s, 2, "", "guid", id);
    el(s, 2, "", "ebpCode", cbec_demo_platforms[t->platform].code);
    el(s, 2, "", "ebcCode", cbec_demo_sellers[t->seller].code);
    el(s, 2, "", "orderNo", t->order_no);
    el(s, 2, "", "returnStatus", "120");
    elf(s, 2, "", "returnTime", "%s%03d", stamp(g, ts, t->t_order + 40), rnd(g, 0, 999));
    el(s, 2, "", "returnInfo", "[Code:1800;Desc:入库成功]");
    g_string_append(s, "\t</OrderReturn>\n");
    if (rec_end(g, m) < 0)
        return -1;
    m = &g->buf[t->platform][K622];
    s = rec_begin(g, m);
    guid(g, id);
    g_string_append(s, "\t<InventoryReturn>\n");
    el(s, 2, "", "guid", id);
    el(s, 2, "", "customsCode", cr->customs);
    el(s, 2, "", "ebpCode", cbec_demo_platforms[t->platform].code);
    el(s, 2, "", "ebcCode", cbec_demo_sellers[t->seller].code);
    el(s, 2, "", "agentCode", cr->code);
    el(s, 2, "", "copNo", t->cop_no);
    elf(s, 2, "", "preNo", "B%s%09" G_GINT64_FORMAT, g->ymd, t->idx + 1);
    elf(s, 2, "", "invtNo", "%s%.4sI%09" G_GINT64_FORMAT, cr->customs, g->ymd, t->idx + 1);
    el(s, 2, "", "returnStatus", "800");
    elf(s, 2, "", "returnTime", "%s%03d", stamp(g, ts, t->t_list + 60), rnd(g, 0, 999));
    el(s, 2, "", "returnInfo", "[Code:2600;Desc:放行]");
    g_string_append(s, "\t</InventoryReturn>\n");
    return rec_end(g, m);
}

/* ------------------------------------------------------------------ */
/* Platform exports and the post's manifest                            */

/* Three platforms also sell their 9610 exports through a foreign marketplace and hand the
 * zone its export as well as the CEB303: the Shopify store of 1501968002, the eBay shop of
 * 1501968001 and the Ozon store of 1501968003 (its sales to Russia).  Their order numbers are
 * the CEB orderNo and cbecflow.conf gives each plugin that platform's code, so the rows join
 * the declared orders (the same trades).  The tracking numbers of eBay and Ozon are the CEB505
 * logisticsNo, their shipping services mapped to the carrier's customs code (carrier_codes in
 * cbecflow.conf), so the parcels join the declared waybills.  The post (1501970001) hands over
 * its e-packet manifest of the night's parcels: tracking number = the 505/511 logisticsNo (S10),
 * carrier = its customs code. */
#define SHOPIFY_PLATFORM 1
#define EBAY_PLATFORM 0
#define OZON_PLATFORM 2
#define OZON_COUNTRY "344" /* Russia */

/* The carriers of 9610 exports (the post, the Erenhot forwarder: carrier 0 or 1, new_trade) as
 * the marketplaces name their services: cbecflow.conf maps each name to the carrier's customs code. */
static const char *const ebay_service[2] = {"ePacket delivery from China", "Standard International Shipping"};
static const char *const ozon_service[2] = {"Почта России", "Эрлянь Экспресс"};

static const char *const shop_header =
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,"
    "Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,"
    "Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,"
    "Lineitem fulfillment status,Billing Name,Shipping Name,Shipping Country,Shipping Phone,Notes,Payment Method,"
    "Payment Reference,Vendor,Id,Payment ID\n";
enum { SH_N = 34 };
static const char *const ebay_header =
    "\"Sales Record Number\",\"Order Number\",\"Buyer Username\",\"Buyer Name\",\"Ship To Name\",\"Ship To Phone\","
    "\"Ship To Country\",\"Item Number\",\"Item Title\",\"Custom Label\",\"Quantity\",\"Sold For\","
    "\"Shipping And Handling\",\"Seller Collected Tax\",\"eBay Collected Tax\",\"Total Price\",\"Payment Method\","
    "\"Sale Date\",\"Paid On Date\",\"Shipped On Date\",\"Tracking Number\",\"Shipping Service\",\"Transaction ID\"\n";
enum { EB_N = 23 };
/* Ozon's postings export (FBS/rFBS "Отправления"): UTF-8 with a BOM, ';', decimal commas,
 * Moscow times; one row per product of a posting, the posting's columns repeated. */
static const char *const ozon_header =
    "\xef\xbb\xbf"
    "Номер заказа;Номер отправления;Принят в обработку;Дата отгрузки;Статус;Служба доставки;Трек-номер;"
    "Сумма отправления;Код валюты отправления;Стоимость доставки;Наименование товара;OZON id;Артикул;"
    "Количество;Итоговая стоимость товара;Код валюты товара;Страна доставки\n";
enum { OZ_N = 17 };
static const char *const post_header =
    "订单号,邮件号,物流商,收件人,收件人地址,寄达国,原寄国,重量(g),交寄日期,币种,中文品名,英文品名,海关编码,数量,单价\n";
enum { PM_N = 15 };

/* A foreign consignee of an export parcel (fictitious, from the partner country's lists). */
typedef struct fperson {
    char name[64];
    char address[160];
    char user[48];
} fperson;

static void foreign_person(gen *g, const trade *t, fperson *p)
{
    const cbec_demo_partner *pt = &cbec_demo_partners[t->partner];
    /* given and family names of the same parity agree in gender (Russian and Kazakh family names do) */
    int k = g_rand_int_range(g->r2, 0, 4), c = g_rand_int_range(g->r2, 0, 2);
    const char *given = pt->given[k], *family = pt->family[2 * g_rand_int_range(g->r2, 0, 2) + k % 2];
    char *low;

    g_snprintf(p->name, sizeof p->name, "%s %s", given, family);
    g_snprintf(p->address, sizeof p->address, "%s %d-%d, %s", pt->street[c], g_rand_int_range(g->r2, 1, 120),
               g_rand_int_range(g->r2, 1, 90), pt->city[c]);
    low = g_ascii_strdown(family, -1);
    g_snprintf(p->user, sizeof p->user, "%c.%s_%02d", g_ascii_tolower(given[0]), low, g_rand_int_range(g->r2, 1, 99));
    g_strdelimit(p->user, " ", '_');
    g_free(low);
}

/* "YYYY-MM-DD hh:mm:ss" of second t of the business date (clamped like stamp()). */
static const char *hms(const gen *g, char *b, int t)
{
    if (t > 86399)
        t = 86399;
    g_snprintf(b, 24, "%s %02d:%02d:%02d", g->iso, t / 3600, t / 60 % 60, t % 60);
    return b;
}

/* eBay's date: Nov-25-26. */
static const char *ebay_date(const gen *g, char *b)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    g_snprintf(b, 16, "%s-%02d-%02d", mon[g->o->month - 1], g->o->day, g->o->year % 100);
    return b;
}

/* One CSV record separated by sep: RFC 4180 quoting when needed (always when quote_all, as eBay writes). */
static void csv_line_sep(GString *s, const char *const *cells, int n, int quote_all, char sep)
{
    const char special[] = {sep, '"', '\r', '\n', 0};
    int i;
    for (i = 0; i < n; i++) {
        const char *v = cells[i] ? cells[i] : "";
        if (i)
            g_string_append_c(s, sep);
        if (quote_all || strpbrk(v, special)) {
            const char *p;
            g_string_append_c(s, '"');
            for (p = v; *p; p++) {
                if (*p == '"')
                    g_string_append_c(s, '"');
                g_string_append_c(s, *p);
            }
            g_string_append_c(s, '"');
        } else
            g_string_append(s, v);
    }
    g_string_append_c(s, '\n');
}

static void csv_line(GString *s, const char *const *cells, int n, int quote_all)
{
    csv_line_sep(s, cells, n, quote_all, ',');
}

/* Write text to a table file, opening it (folder, header) on its first row: nights without
 * such trades get no empty file.  The manifest is GB18030, as China Post uploads are. */
static int tab_write(gen *g, tabout *o, const char *sub, const char *name, const char *head, const GString *text)
{
    const char *data = text->str;
    gsize len = text->len;
    char *conv = NULL;
    int rc = 0;

    if (!o->f) {
        char *d = g_build_filename(g->night_tmp, sub, NULL);
        o->path = g_build_filename(d, name, NULL);
        if (g_mkdir_with_parents(d, 0755) != 0 || !(o->f = fopen(o->path, "wb"))) {
            g_free(d);
            return fail(g, "%s: %s", o->path, g_strerror(errno));
        }
        g_free(d);
        if (head) {
            GString *h = g_string_new(head);
            rc = tab_write(g, o, sub, name, NULL, h);
            g_string_free(h, TRUE);
            if (rc < 0)
                return rc;
        }
    }
    if (o->gb18030) {
        GError *e = NULL;
        conv = g_convert(data, (gssize)len, "GB18030", "UTF-8", NULL, &len, &e);
        if (!conv) {
            rc = fail(g, "%s: %s", o->path, e->message);
            g_error_free(e);
            return rc;
        }
        data = conv;
    }
    if (fwrite(data, 1, len, o->f) != len)
        rc = fail(g, "%s: %s", o->path, g_strerror(errno));
    g_free(conv);
    return rc;
}

static int shop_order(gen *g, const trade *t, const fperson *fc)
{
    GString *s = g_string_new(NULL);
    const cbec_demo_ent *pf = &cbec_demo_platforms[t->platform];
    char sub[32], ship[32], tot[32], paid_at[32], created[32], fulfilled[32], price[32], qty[24], sku[40], id[24];
    char name[160], *file = g_strdup_printf("%s_shopify_orders_%s.csv", pf->code, g->ymd);
    int i, rc;

    g_snprintf(paid_at, sizeof paid_at, "%s +0800", hms(g, sub, t->t_pay));
    g_snprintf(created, sizeof created, "%s +0800", hms(g, sub, t->t_order));
    g_snprintf(fulfilled, sizeof fulfilled, "%s +0800", hms(g, sub, t->t_ship));
    g_snprintf(id, sizeof id, "%" G_GINT64_FORMAT, (gint64)5210000000000 + t->idx * 37);
    money(sub, t->goods);
    money(ship, t->freight);
    money(tot, t->goods + t->freight);
    for (i = 0; i < t->nlines; i++) {
        const line *l = &t->lines[i];
        const cbec_demo_product *p = &cbec_demo_products[l->prod];
        const char *c[SH_N] = {NULL};
        g_snprintf(qty, sizeof qty, "%" G_GINT64_FORMAT, l->qty);
        g_snprintf(sku, sizeof sku, "%s-%d", p->sku, l->model + 1);
        g_snprintf(name, sizeof name, "%s - %d", p->name_en, l->model + 1);
        money(price, l->price);
        c[0] = t->order_no;
        if (i == 0) {
            /* order-level columns on the first row only, as Shopify writes them */
            c[2] = t->emit_payment ? "paid" : "pending";
            c[3] = t->emit_payment ? paid_at : "";
            c[4] = t->emit_waybill ? "fulfilled" : "unfulfilled";
            c[5] = t->emit_waybill ? fulfilled : "";
            c[6] = "no";
            c[7] = "CNY";
            c[8] = sub;
            c[9] = ship;
            c[10] = "0.00";
            c[11] = tot;
            c[13] = "0.00";
            c[14] = "International Standard";
            c[15] = created;
            c[24] = fc->name;
            c[25] = fc->name;
            c[26] = cbec_demo_partners[t->partner].iso2;
            c[29] = cbec_demo_paycos[t->payco].name;
            c[31] = cbec_demo_sellers[t->seller].name;
            c[32] = id;
        }
        c[16] = qty;
        c[17] = name;
        c[18] = price;
        c[20] = sku;
        c[21] = "true";
        c[22] = "false";
        c[23] = t->emit_waybill ? "fulfilled" : "pending";
        csv_line(s, c, SH_N, 0);
    }
    rc = tab_write(g, &g->shop, "stores", file, shop_header, s);
    g->shop.rows += t->nlines;
    g->c->shop_orders++;
    g_string_free(s, TRUE);
    g_free(file);
    return rc;
}

static int ebay_order(gen *g, const trade *t, const fperson *fc)
{
    GString *s = g_string_new(NULL);
    const cbec_demo_ent *pf = &cbec_demo_platforms[t->platform];
    char rec[24], ship[32], tot[32], date[16], price[32], qty[24], sku[40], item[24], txn[24];
    char *file = g_strdup_printf("%s_ebay_orders_%s.csv", pf->code, g->ymd);
    int i, rc;

    g_snprintf(rec, sizeof rec, "%" G_GINT64_FORMAT, g->c->ebay_orders + 1);
    g_snprintf(txn, sizeof txn, "%" G_GINT64_FORMAT, (gint64)2400000000000 + t->idx * 53);
    money(ship, t->freight);
    money(tot, t->goods + t->freight);
    ebay_date(g, date);
    for (i = -1; i < t->nlines; i++) {
        const char *c[EB_N] = {NULL};
        /* one row per order; an order of several items gets a summary row, then one row per item */
        int summary = i < 0 && t->nlines > 1, first = (i < 0) || t->nlines == 1;
        if (i < 0 && !summary)
            continue;
        c[0] = rec;
        c[1] = t->order_no;
        if (first) {
            c[2] = fc->user;
            c[3] = fc->name;
            c[4] = fc->name;
            c[6] = cbec_demo_partners[t->partner].name_en;
            c[12] = ship;
            c[13] = "0.00";
            c[14] = "0.00";
            c[15] = tot;
            c[16] = "Managed";
            c[18] = t->emit_payment ? date : "";
            c[22] = txn;
        }
        c[17] = date;
        if (t->emit_waybill) {
            /* shipped: the tracking number is the CEB505 logisticsNo, the service the one the
             * seller books with that carrier (cbecflow.conf maps it to the carrier's customs code) */
            c[19] = date;
            c[20] = t->logistics_no;
            c[21] = ebay_service[t->carrier];
        }
        if (i >= 0) {
            const line *l = &t->lines[i];
            const cbec_demo_product *p = &cbec_demo_products[l->prod];
            g_snprintf(item, sizeof item, "3944%02d%06d", l->prod, l->model + 1);
            g_snprintf(qty, sizeof qty, "%" G_GINT64_FORMAT, l->qty);
            g_snprintf(sku, sizeof sku, "%s-%d", p->sku, l->model + 1);
            money(price, l->price);
            c[7] = item;
            c[8] = p->name_en;
            c[9] = sku;
            c[10] = qty;
            c[11] = price;
        }
        csv_line(s, c, EB_N, 1);
        g->ebay.rows++;
    }
    rc = tab_write(g, &g->ebay, "stores", file, ebay_header, s);
    g->c->ebay_orders++;
    if (t->emit_waybill)
        g->c->ebay_tracked++;
    g_string_free(s, TRUE);
    g_free(file);
    return rc;
}

/* Chinese name of a partner country by its customs code ("" when none: never for the cast's origins). */
static const char *country_zh(const char *customs)
{
    int i;
    for (i = 0; i < cbec_demo_n_partners; i++)
        if (strcmp(cbec_demo_partners[i].country, customs) == 0)
            return cbec_demo_partners[i].name_zh;
    return "";
}

/* One parcel of the post's manifest.  Export: to the foreign consignee fc, posted in China.
 * Import (fc NULL): the inbound e-packet of a 9610 import, to the waybill's consignee in China,
 * posted in the goods' origin country; the same waybill as the CEB511 (number and carrier code). */
static int post_parcel(gen *g, const trade *t, const fperson *fc)
{
    GString *s = g_string_new(NULL);
    const cbec_demo_ent *cr = &cbec_demo_carriers[t->carrier];
    char w[24], at[24], price[32], qty[24], *file = g_strdup_printf("%s_manifest_%s.csv", cr->code, g->ymd);
    int i, rc;

    g_snprintf(w, sizeof w, "%" G_GINT64_FORMAT, t->gross_g);
    hms(g, at, t->t_ship);
    for (i = 0; i < t->nlines; i++) {
        const line *l = &t->lines[i];
        const cbec_demo_product *p = &cbec_demo_products[l->prod];
        /* one row per item line; the parcel's weight on its first row */
        const char *c[PM_N];
        g_snprintf(qty, sizeof qty, "%" G_GINT64_FORMAT, l->qty);
        money(price, l->price);
        c[0] = t->order_no;
        c[1] = t->logistics_no;
        c[2] = cr->code;
        c[3] = fc ? fc->name : t->ship_to.name;
        c[4] = fc ? fc->address : t->ship_to.address;
        c[5] = fc ? cbec_demo_partners[t->partner].name_zh : "中国";
        c[6] = fc ? "中国" : country_zh(t->country);
        c[7] = i == 0 ? w : "";
        c[8] = at;
        c[9] = "CNY";
        c[10] = p->name;
        c[11] = p->name_en;
        c[12] = p->hs;
        c[13] = qty;
        c[14] = price;
        csv_line(s, c, PM_N, 0);
    }
    g->post.gb18030 = 1;
    rc = tab_write(g, &g->post, "postal", file, post_header, s);
    g->post.rows += t->nlines;
    g->c->manifest_parcels++;
    if (!fc)
        g->c->manifest_imports++;
    g_string_free(s, TRUE);
    g_free(file);
    return rc;
}

/* Money with a decimal comma, as Ozon's Russian exports write it: 1234,50. */
static const char *money_comma(char *b, int64_t fen)
{
    char *dot;
    money(b, fen);
    if ((dot = strchr(b, '.')))
        *dot = ',';
    return b;
}

/* "YYYY-MM-DD hh:mm:ss" Moscow time (UTC+3) of second t of the business date in Shanghai
 * (UTC+8): five hours earlier, the day before for the night's first five hours. */
static const char *msk(const gen *g, char *b, int t)
{
    if (t > 86399)
        t = 86399;
    t -= 5 * 3600;
    g_snprintf(b, 24, "%s %02d:%02d:%02d", t < 0 ? g->prev_iso : g->iso, (t + 86400) % 86400 / 3600,
               (t + 86400) / 60 % 60, (t + 86400) % 60);
    return b;
}

/* A 9610 export of the Ozon platform to Russia, handed to its carrier: one posting of the
 * order (number = orderNo "-1"), one row per product, amounts in CNY as declared (item total
 * = the line's totalPrice, posting sum = goodsValue, delivery cost = freight: the buyer paid
 * their sum, the 403 charge), tracking number = the CEB505 logisticsNo. */
static int ozon_posting(gen *g, const trade *t)
{
    GString *s = g_string_new(NULL);
    const cbec_demo_ent *pf = &cbec_demo_platforms[t->platform];
    char posting[48], accepted[24], shipped[24], sum[32], freight[32], total[32], qty[24], sku[40], oid[24];
    char *file = g_strdup_printf("%s_ozon_postings_%s.csv", pf->code, g->ymd);
    int i, rc;

    g_snprintf(posting, sizeof posting, "%s-1", t->order_no);
    msk(g, accepted, t->t_order);
    msk(g, shipped, t->t_ship);
    money_comma(sum, t->goods);
    money_comma(freight, t->freight);
    for (i = 0; i < t->nlines; i++) {
        const line *l = &t->lines[i];
        const cbec_demo_product *p = &cbec_demo_products[l->prod];
        const char *c[OZ_N];
        g_snprintf(qty, sizeof qty, "%" G_GINT64_FORMAT, l->qty);
        g_snprintf(sku, sizeof sku, "%s-%d", p->sku, l->model + 1);
        /* Ozon's own SKU of the listing: one per product model */
        g_snprintf(oid, sizeof oid, "%d", 1480200000 + l->prod * 100 + l->model + 1);
        money_comma(total, l->total);
        c[0] = t->order_no;
        c[1] = posting;
        c[2] = accepted;
        c[3] = shipped;
        c[4] = "Доставляется";
        c[5] = ozon_service[t->carrier];
        c[6] = t->logistics_no;
        c[7] = sum;
        c[8] = "CNY";
        c[9] = freight;
        c[10] = p->name_ru;
        c[11] = oid;
        c[12] = sku;
        c[13] = qty;
        c[14] = total;
        c[15] = "CNY";
        c[16] = "Россия";
        csv_line_sep(s, c, OZ_N, 0, ';');
    }
    rc = tab_write(g, &g->ozon, "stores", file, ozon_header, s);
    g->ozon.rows += t->nlines;
    g->c->ozon_postings++;
    g_string_free(s, TRUE);
    g_free(file);
    return rc;
}

/* The trade's rows in the platform exports and the post's manifest, if it has any. */
static int emit_exports(gen *g, const trade *t)
{
    int shop, ebay, post;
    fperson fc;

    if (t->import) {
        /* the post's inbound e-packets: their own rows, no random draw (the exports' stream is untouched) */
        if (t->emit_waybill && t->carrier == CBEC_DEMO_CARRIER_POST)
            return post_parcel(g, t, NULL);
        return 0;
    }
    if (strcmp(t->mode, "9610") != 0)
        return 0;
    /* Ozon: the postings handed to a carrier (with a tracking number); a posting still awaiting
     * shipment would be a parcel no carrier declared.  No random draw. */
    if (t->emit_order && t->emit_waybill && t->platform == OZON_PLATFORM && !strcmp(t->country, OZON_COUNTRY) &&
        ozon_posting(g, t) < 0)
        return -1;
    shop = t->emit_order && t->platform == SHOPIFY_PLATFORM;
    ebay = t->emit_order && t->platform == EBAY_PLATFORM;
    post = t->emit_waybill && t->carrier == CBEC_DEMO_CARRIER_POST;
    if (!shop && !ebay && !post)
        return 0;
    foreign_person(g, t, &fc);
    if (shop && shop_order(g, t, &fc) < 0)
        return -1;
    if (ebay && ebay_order(g, t, &fc) < 0)
        return -1;
    if (post && post_parcel(g, t, &fc) < 0)
        return -1;
    return 0;
}

/* eBay's trailer, then close the table files. */
static int close_tables(gen *g)
{
    tabout *all[] = {&g->shop, &g->ebay, &g->post, &g->ozon};
    int i, rc = 0;

    if (g->ebay.f) {
        GString *s = g_string_new(NULL);
        const char *c[EB_N] = {NULL};
        char n[24];
        csv_line(s, c, EB_N, 1);
        g_snprintf(n, sizeof n, "%" G_GINT64_FORMAT, g->c->ebay_orders);
        c[0] = n;
        c[1] = "record(s) downloaded";
        csv_line(s, c, EB_N, 1);
        g_string_append_printf(s, "\"Seller ID : %s_steppe_store\"\n", cbec_demo_platforms[EBAY_PLATFORM].tag);
        rc = tab_write(g, &g->ebay, "stores", NULL, NULL, s);
        g_string_free(s, TRUE);
    }
    for (i = 0; i < (int)G_N_ELEMENTS(all); i++)
        if (all[i]->f) {
            if (fclose(all[i]->f) != 0 && rc == 0)
                rc = fail(g, "%s: %s", all[i]->path, g_strerror(errno));
            all[i]->f = NULL;
        }
    return rc;
}

/* ------------------------------------------------------------------ */
/* The enterprise register and credit events (enterprise plugin)       */

/* Credit events of the cast, dated days before the first of the night's month: the nights
 * of a month carry the same file (its rows are duplicates the second time).  None puts an
 * enterprise on the negative list in force (truth.tsv expects no R-NEGATIVE-LIST): the
 * serious violation is older than its listing period (listed, expired), and there is no
 * IP infringement, fraud or counterfeit finding.  %d in a detail is the event's year. */
static const struct credit_event {
    const char *code, *kind, *detail;
    int days_before;
} credit_events[] = {
    {"1501960108", "行政处罚", "呼关缉违字〔%d〕118号：申报商品价格不实", 120},
    {"1501960108", "消费者投诉", "12315投诉：商品与描述不符", 20},
    {"1501960109", "列入经营异常名录", "通过登记的住所或者经营场所无法联系", 45},
    {"1501980003", "消费者投诉", "12363投诉：退款未及时到账", 60},
    {"1501980003", "消费者投诉", "12363投诉：重复扣款", 12},
    {"1501970002", "行政处罚", "二关缉违字〔%d〕042号：未按规定办理运输工具申报", 400},
    {"1501968004", "消费者投诉", "12315投诉：跨境商品延迟发货", 30},
    {"1501968004", "行政处罚", "呼市监处字〔%d〕207号：网络交易平台未履行核验义务", 250},
    {"1501960111", "严重违法失信", "列入严重违法失信名单（期满移出）", 1400},
};

static int write_small(gen *g, const char *path, const char *text);

static const cbec_demo_ent *ent_of(const char *code)
{
    const cbec_demo_ent *const lists[] = {cbec_demo_platforms, cbec_demo_sellers, cbec_demo_paycos, cbec_demo_carriers};
    const int sizes[] = {cbec_demo_n_platforms, cbec_demo_n_sellers, cbec_demo_n_paycos, cbec_demo_n_carriers};
    int i, k;
    for (k = 0; k < 4; k++)
        for (i = 0; i < sizes[k]; i++)
            if (strcmp(lists[k][i].code, code) == 0)
                return &lists[k][i];
    return NULL;
}

/* Both files, UTF-8 with a BOM as a spreadsheet saves them: the register (code, name, role,
 * region) of every enterprise of the cast, and the credit events. */
static int write_credit(gen *g)
{
    static const char *const roles[] = {"电商平台", "电商企业", "支付企业", "物流企业"};
    const cbec_demo_ent *const lists[] = {cbec_demo_platforms, cbec_demo_sellers, cbec_demo_paycos, cbec_demo_carriers};
    const int sizes[] = {cbec_demo_n_platforms, cbec_demo_n_sellers, cbec_demo_n_paycos, cbec_demo_n_carriers};
    GString *s = g_string_new("\xef\xbb\xbf企业代码,企业名称,企业类型,所在地区\n");
    char *d = g_build_filename(g->night_tmp, "credit", NULL), *name, *path;
    GDate *anchor = g_date_new_dmy(1, (GDateMonth)g->o->month, (GDateYear)g->o->year);
    size_t e;
    int i, k, rc = 0;

    if (g_mkdir_with_parents(d, 0755) != 0)
        rc = fail(g, "%s: %s", d, g_strerror(errno));
    for (k = 0; k < 4; k++)
        for (i = 0; i < sizes[k]; i++)
            g_string_append_printf(s, "%s,%s,%s,%s\n", lists[k][i].code, lists[k][i].name, roles[k],
                                   lists[k][i].region);
    name = g_strdup_printf("enterprise_register_%s.csv", g->ymd);
    path = g_build_filename(d, name, NULL);
    if (rc == 0)
        rc = write_small(g, path, s->str);
    g_free(name);
    g_free(path);
    g_string_assign(s, "\xef\xbb\xbf企业代码,企业名称,事件类型,事件日期,事件说明\n");
    for (e = 0; e < G_N_ELEMENTS(credit_events); e++) {
        const struct credit_event *ev = &credit_events[e];
        GDate *when = g_date_copy(anchor);
        char detail[200];
        g_date_subtract_days(when, (guint)ev->days_before);
        g_snprintf(detail, sizeof detail, ev->detail, (int)g_date_get_year(when));
        g_string_append_printf(s, "%s,%s,%s,%04d-%02d-%02d,%s\n", ev->code, ent_of(ev->code)->name, ev->kind,
                               g_date_get_year(when), g_date_get_month(when), g_date_get_day(when), detail);
        g_date_free(when);
    }
    name = g_strdup_printf("credit_events_%s.csv", g->ymd);
    path = g_build_filename(d, name, NULL);
    if (rc == 0)
        rc = write_small(g, path, s->str);
    g->c->credit_events = (int64_t)G_N_ELEMENTS(credit_events);
    g_free(name);
    g_free(path);
    g_free(d);
    g_date_free(anchor);
    g_string_free(s, TRUE);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Bank statements (camt.053.001.08)                                   */

static void bank_entry(GString *s, gen *g, camt_sums *sum, int64_t amount, int credit, const char *ref,
                       const char *e2e, const char *party, const char *text, int64_t batch_n)
{
    char b[32];
    g->bank_seq++;
    g_string_append(s, "      <Ntry>\n");
    g_string_append_printf(s, "        <NtryRef>%" G_GINT64_FORMAT "</NtryRef>\n", g->bank_seq);
    g_string_append_printf(s, "        <Amt Ccy=\"CNY\">%s</Amt>\n", money(b, amount));
    g_string_append_printf(s, "        <CdtDbtInd>%s</CdtDbtInd>\n", credit ? "CRDT" : "DBIT");
    g_string_append_printf(s, "        <Sts><Cd>BOOK</Cd></Sts>\n"
                              "        <BookgDt><Dt>%s</Dt></BookgDt>\n"
                              "        <ValDt><Dt>%s</Dt></ValDt>\n", g->iso, g->iso);
    g_string_append(s, "        <AcctSvcrRef>");
    esc(s, ref);
    g_string_append(s, "</AcctSvcrRef>\n");
    g_string_append_printf(s, "        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>%s</Cd><SubFmlyCd>%s</SubFmlyCd></Fmly>"
                              "</Domn></BkTxCd>\n",
                           credit ? "RCDT" : "ICDT", credit ? (batch_n > 1 ? "ESCT" : "XBCT") : "ESCT");
    g_string_append(s, "        <NtryDtls>\n");
    if (batch_n > 1)
        g_string_append_printf(s, "          <Btch><NbOfTxs>%" G_GINT64_FORMAT "</NbOfTxs><TtlAmt Ccy=\"CNY\">%s</TtlAmt>"
                                  "<CdtDbtInd>CRDT</CdtDbtInd></Btch>\n",
                               batch_n, money(b, amount));
    g_string_append(s, "          <TxDtls>\n            <Refs><EndToEndId>");
    esc(s, e2e);
    g_string_append(s, "</EndToEndId></Refs>\n");
    g_string_append_printf(s, "            <Amt Ccy=\"CNY\">%s</Amt>\n            <CdtDbtInd>%s</CdtDbtInd>\n",
                           money(b, amount), credit ? "CRDT" : "DBIT");
    g_string_append_printf(s, "            <AmtDtls><InstdAmt><Amt Ccy=\"CNY\">%s</Amt></InstdAmt></AmtDtls>\n",
                           money(b, amount));
    g_string_append_printf(s, "            <RltdPties><%s><Pty><Nm>", credit ? "Dbtr" : "Cdtr");
    esc(s, party);
    g_string_append_printf(s, "</Nm></Pty></%s></RltdPties>\n", credit ? "Dbtr" : "Cdtr");
    g_string_append(s, "            <RmtInf><Ustrd>");
    esc(s, text);
    g_string_append(s, "</Ustrd></RmtInf>\n          </TxDtls>\n        </NtryDtls>\n      </Ntry>\n");
    if (credit) {
        sum->credits += amount;
        sum->n_credits++;
        g->c->bank_credits_minor += amount;
    } else {
        sum->debits += amount;
        sum->n_debits++;
    }
    g->c->bank_entries++;
}

/* The statement's head: group header, account (with its holder's name when the bank prints it),
 * opening and closing balances, the entry totals. */
static void camt_head(GString *head, const gen *g, const char *account, const char *owner, const char *bic,
                      int64_t opening, const camt_sums *sum)
{
    char b[32];
    int64_t net = sum->credits - sum->debits;

    g_string_append_printf(head,
                           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n"
                           "  <BkToCstmrStmt>\n"
                           "    <GrpHdr>\n"
                           "      <MsgId>STMT-%s-%s</MsgId>\n"
                           "      <CreDtTm>%sT23:59:59+08:00</CreDtTm>\n"
                           "      <MsgPgntn><PgNb>1</PgNb><LastPgInd>true</LastPgInd></MsgPgntn>\n"
                           "    </GrpHdr>\n"
                           "    <Stmt>\n"
                           "      <Id>%s-%s</Id>\n"
                           "      <ElctrncSeqNb>%s</ElctrncSeqNb>\n"
                           "      <CreDtTm>%sT23:59:59+08:00</CreDtTm>\n"
                           "      <FrToDt><FrDtTm>%sT00:00:00+08:00</FrDtTm><ToDtTm>%sT23:59:59+08:00</ToDtTm></FrToDt>\n"
                           "      <Acct>\n"
                           "        <Id><Othr><Id>%s</Id></Othr></Id>\n"
                           "        <Ccy>CNY</Ccy>\n",
                           account, g->ymd, g->iso, account, g->ymd, g->ymd, g->iso, g->iso, g->iso, account);
    if (owner) {
        g_string_append(head, "        <Ownr><Nm>");
        esc(head, owner);
        g_string_append(head, "</Nm></Ownr>\n");
    }
    g_string_append_printf(head,
                           "        <Svcr><FinInstnId><BICFI>%s</BICFI></FinInstnId></Svcr>\n"
                           "      </Acct>\n",
                           bic);
    g_string_append_printf(head,
                           "      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"CNY\">%s</Amt>"
                           "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%s</Dt></Dt></Bal>\n",
                           money(b, opening), g->iso);
    g_string_append_printf(head,
                           "      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"CNY\">%s</Amt>"
                           "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%s</Dt></Dt></Bal>\n",
                           money(b, opening + net), g->iso);
    g_string_append_printf(head, "      <TxsSummry>\n        <TtlNtries><NbOfNtries>%" G_GINT64_FORMAT
                                 "</NbOfNtries><Sum>%s</Sum>",
                           sum->n_credits + sum->n_debits, money(b, sum->credits + sum->debits));
    g_string_append_printf(head, "<TtlNetNtry><Amt>%s</Amt><CdtDbtInd>%s</CdtDbtInd></TtlNetNtry></TtlNtries>\n",
                           money(b, net >= 0 ? net : -net), net >= 0 ? "CRDT" : "DBIT");
    g_string_append_printf(head, "        <TtlCdtNtries><NbOfNtries>%" G_GINT64_FORMAT "</NbOfNtries><Sum>%s</Sum>"
                                 "</TtlCdtNtries>\n",
                           sum->n_credits, money(b, sum->credits));
    g_string_append_printf(head, "        <TtlDbtNtries><NbOfNtries>%" G_GINT64_FORMAT "</NbOfNtries><Sum>%s</Sum>"
                                 "</TtlDbtNtries>\n      </TxsSummry>\n",
                           sum->n_debits, money(b, sum->debits));
}

/* Write a statement: the head, the entries streamed to body during the night (NULL: none), the
 * entries of tail, under a temporary name renamed when complete. */
static int camt_write(gen *g, const char *path, const GString *head, FILE *body, const char *body_path,
                      const GString *tail)
{
    static const char end[] = "    </Stmt>\n  </BkToCstmrStmt>\n</Document>\n";
    gchar *tmp = g_strconcat(path, ".tmp", NULL);
    FILE *f = NULL;
    char buf[65536];
    size_t n;
    int rc = -1;

    if (!(f = fopen(tmp, "wb")) || fwrite(head->str, 1, head->len, f) != head->len) {
        fail(g, "%s: %s", tmp, g_strerror(errno));
        goto done;
    }
    if (body) {
        if (fflush(body) != 0 || fseek(body, 0, SEEK_SET) != 0) {
            fail(g, "%s: %s", body_path, g_strerror(errno));
            goto done;
        }
        while ((n = fread(buf, 1, sizeof buf, body)) > 0)
            if (fwrite(buf, 1, n, f) != n) {
                fail(g, "%s: %s", tmp, g_strerror(errno));
                goto done;
            }
    }
    {
        int bad = fwrite(tail->str, 1, tail->len, f) != tail->len || fwrite(end, 1, sizeof end - 1, f) != sizeof end - 1;
        bad |= fclose(f) != 0;
        f = NULL;
        if (bad) {
            fail(g, "%s: %s", tmp, g_strerror(errno));
            goto done;
        }
    }
    if (g_rename(tmp, path) != 0) {
        fail(g, "%s: %s", path, g_strerror(errno));
        goto done;
    }
    rc = 0;
done:
    if (f)
        fclose(f);
    g_free(tmp);
    return rc;
}

/* ------------------------------------------------------------------ */
/* The second account's MT940 (written as its entries come)           */

/* Money that reaches the zone's second account: the B2B buyers of Russia and Kazakhstan wire
 * through the Erenhot port bank. */
static int second_bank_trade(const trade *t)
{
    const char *c = cbec_demo_partners[t->partner].country;
    return strcmp(c, "344") == 0 || strcmp(c, "137") == 0;
}

/* An MT940 amount: decimal comma, two decimals, no sign (the mark carries it). */
static const char *mt_amount(char *b, int64_t fen)
{
    g_snprintf(b, 32, "%" G_GINT64_FORMAT ",%02d", fen / 100, (int)(fen % 100));
    return b;
}

/* A field wrapped at 65 characters a line, never inside a UTF-8 sequence (a reader decodes line by line). */
static void mt_field(GString *s, const char *tag, const char *text)
{
    const char *p = text;
    int n, room = 65 - (int)strlen(tag) - 2;

    g_string_append_printf(s, ":%s:", tag);
    do {
        const char *end = p;
        for (n = 0; *end && n < room; n++)
            end = g_utf8_next_char(end);
        g_string_append_len(s, p, end - p);
        g_string_append_c(s, '\n');
        p = end;
        room = 65;
    } while (*p);
}

static int mt_write(gen *g, const GString *s)
{
    if (fwrite(s->str, 1, s->len, g->mt) != s->len)
        return fail(g, "%s: %s", g->mt_path, g_strerror(errno));
    return 0;
}

/* The FIN envelope, the statement's references and its opening balance (from the MT940's own stream). */
static int mt_begin(gen *g)
{
    GString *s = g_string_new(NULL);
    char *name = g_strdup_printf("mt940_%s_%s.sta", SECOND_ACCOUNT, g->ymd), b[32];
    GDate *d = g_date_new_dmy((GDateDay)g->o->day, (GDateMonth)g->o->month, (GDateYear)g->o->year);
    int rc = 0;

    g->mt_path = g_build_filename(g->night_tmp, "bank", name, NULL);
    g_free(name);
    g->mt_opening = (int64_t)g_rand_int_range(g->r3, 30000, 300000) * 1000 + g_rand_int_range(g->r3, 0, 100);
    if (!(g->mt = fopen(g->mt_path, "wb")))
        rc = fail(g, "%s: %s", g->mt_path, g_strerror(errno));
    else {
        /* output message: receiver = the zone (block 1), sender = the bank (MIR in block 2) */
        g_string_append_printf(s, "{1:F01HHPZCNB1AXXX0000000000}{2:O9402359%s%s0000000000%s2359N}{4:\n", g->ymd + 2,
                               SECOND_LT, g->ymd + 2);
        g_string_append_printf(s, ":20:EPSTMT%s\n:25:%s\n:28C:%05u/1\n", g->ymd, SECOND_ACCOUNT,
                               g_date_get_day_of_year(d));
        g_string_append_printf(s, ":60F:C%sCNY%s\n", g->ymd + 2, mt_amount(b, g->mt_opening));
        rc = mt_write(g, s);
    }
    g_date_free(d);
    g_string_free(s, TRUE);
    return rc;
}

/* One :61: statement line with its :86: (SWIFT structured codes: /EREF/ end-to-end reference,
 * /ORDP/ or /BENM/ with //NAME/ the counterparty, /REMI/USTD// the remittance text). */
static int mt_entry(gen *g, int64_t amount, int credit, const char *eref, const char *party, const char *text)
{
    GString *s = g_string_new(NULL), *info = g_string_new(NULL);
    char b[32];
    int rc;

    g->mt_seq++;
    g_string_append_printf(s, ":61:%s%s%c%sNTRFNONREF//EP%s%06" G_GINT64_FORMAT "\n", g->ymd + 2, g->ymd + 4,
                           credit ? 'C' : 'D', mt_amount(b, amount), g->ymd + 2, g->mt_seq);
    g_string_append_printf(info, "/EREF/%s/%s//NAME/%s/REMI/USTD//%s/", eref, credit ? "ORDP" : "BENM", party, text);
    mt_field(s, "86", info->str);
    rc = mt_write(g, s);
    if (credit) {
        g->mt_credits += amount;
        g->c->bank_credits_minor += amount;
    } else
        g->mt_debits += amount;
    g->c->mt940_entries++;
    g_string_free(s, TRUE);
    g_string_free(info, TRUE);
    return rc;
}

/* The account fee, the closing balance. */
static int mt_end(gen *g)
{
    GString *s = g_string_new(NULL);
    char b[32];
    int64_t closing;
    int rc;

    rc = mt_entry(g, MT_FEE, 0, "NOTPROVIDED", "账户管理费", "账户管理费");
    if (rc == 0) {
        closing = g->mt_opening + g->mt_credits - g->mt_debits;
        g_string_append_printf(s, ":62F:C%sCNY%s\n", g->ymd + 2, mt_amount(b, closing));
        g_string_append_printf(s, ":64:C%sCNY%s\n-}\n", g->ymd + 2, mt_amount(b, closing));
        rc = mt_write(g, s);
    }
    if (fclose(g->mt) != 0 && rc == 0)
        rc = fail(g, "%s: %s", g->mt_path, g_strerror(errno));
    g->mt = NULL;
    g_string_free(s, TRUE);
    return rc;
}

/* ------------------------------------------------------------------ */
/* B2B wires                                                           */

/* A B2B export paid by the foreign buyer's wire, as buyers write them: the remittance text names
 * the order number among the buyer's own contract and invoice numbers; the end-to-end id is the
 * order number, NOTPROVIDED (the buyer's bank filled nothing in) or the buyer's invoice number.
 * The wording is drawn from the bank stream (g->r4), so the other files do not depend on it.
 * The MT940's structured :86: uses '/' as its separator: texts for it carry '-' instead. */
static int b2b_wire(gen *g, const trade *t)
{
    GString *s;
    char ref[48], text[200], e2e[48], inv[32], inv_id[32], contract[24];
    int second = second_bank_trade(t), rc = 0;
    int form = g_rand_int_range(g->r4, 0, 4), id_kind = g_rand_int_range(g->r4, 0, 100);
    int inv_no = g_rand_int_range(g->r4, 1, 1000);
    const cbec_demo_partner *buyer = &cbec_demo_partners[t->partner];

    g_snprintf(inv, sizeof inv, "INV %d%c%03d", g->o->year, second ? '-' : '/', inv_no);
    g_snprintf(inv_id, sizeof inv_id, "INV%d%03d", g->o->year, inv_no);
    g_snprintf(contract, sizeof contract, "HT-%05d", g_rand_int_range(g->r4, 1, 100000));
    switch (form) {
    case 0:
        g_snprintf(text, sizeof text, "PAYMENT FOR ORDER %s", t->order_no);
        break;
    case 1:
        g_snprintf(text, sizeof text, "%s CONTRACT %s ORDER %s", inv, contract, t->order_no);
        break;
    case 2:
        g_snprintf(text, sizeof text, "%s PREPAYMENT", t->order_no);
        break;
    default:
        g_snprintf(text, sizeof text, "CONTRACT %s %s GOODS PER ORDER %s", contract, second ? "-" : "/", t->order_no);
        break;
    }
    if (id_kind < 40)
        g_strlcpy(e2e, t->order_no, sizeof e2e);
    else if (id_kind < 75)
        g_strlcpy(e2e, "NOTPROVIDED", sizeof e2e);
    else
        g_strlcpy(e2e, inv_id, sizeof e2e);
    g->c->b2b_wires++;
    if (second)
        return mt_entry(g, t->paid, 1, e2e, buyer->buyer, text);
    s = g_string_new(NULL);
    g_snprintf(ref, sizeof ref, "HHPZ%s%08" G_GINT64_FORMAT, g->ymd, g->bank_seq + 1);
    bank_entry(s, g, &g->zone, t->paid, 1, ref, e2e, buyer->buyer, text, 1);
    if (fwrite(s->str, 1, s->len, g->bank_tmp) != s->len)
        rc = fail(g, "%s: %s", g->bank_tmp_path, g_strerror(errno));
    g_string_free(s, TRUE);
    return rc;
}

/* The zone's settlement account: the B2B wires (streamed during the night), the one credit
 * nothing explains, the account fee and a payout to an exporter. */
static int write_statement(gen *g, const char *path, int64_t unexplained)
{
    GString *tail = g_string_new(NULL), *head = g_string_new(NULL);
    char ref[48];
    int64_t opening, payout;
    int rc;

    opening = (int64_t)rnd(g, 100000, 500000) * 10000; /* 1-5 million CNY */
    g_snprintf(ref, sizeof ref, "HHPZ%s%08" G_GINT64_FORMAT, g->ymd, g->bank_seq + 1);
    bank_entry(tail, g, &g->zone, unexplained, 1, ref, "NOTPROVIDED", "Altan Bulag Trading LLC", "TRANSFER", 1);
    payout = g->zone.credits / 10 / 100 * 100;
    g_snprintf(ref, sizeof ref, "HHPZ%s%08" G_GINT64_FORMAT, g->ymd, g->bank_seq + 1);
    bank_entry(tail, g, &g->zone, 5000, 0, ref, "NOTPROVIDED", "账户管理费", "账户管理费", 1);
    g_snprintf(ref, sizeof ref, "HHPZ%s%08" G_GINT64_FORMAT, g->ymd, g->bank_seq + 1);
    bank_entry(tail, g, &g->zone, payout, 0, ref, "PAYOUT", cbec_demo_sellers[0].name, "出口收汇结算划转", 1);
    camt_head(head, g, SETTLEMENT_ACCOUNT, SETTLEMENT_OWNER, SETTLEMENT_BIC, opening, &g->zone);
    rc = camt_write(g, path, head, g->bank_tmp, g->bank_tmp_path, tail);
    g_string_free(head, TRUE);
    g_string_free(tail, TRUE);
    return rc;
}

/* A platform's settlement account: each payment company settles the platform's day in one batch
 * credit = the sum of its payments for that platform (N:1, counterparty = the company, the text
 * names the company and the count).  The holder is the platform as its CEB messages name it
 * (Acct/Ownr/Nm = ebpName), unless its bank does not print it (then cbecflow.conf [accounts] says).
 * The opening balance comes from the bank stream (g->r4).  A few entries: built in memory. */
static int write_platform_statement(gen *g, int p)
{
    const cbec_demo_account *a = &cbec_demo_platform_accounts[p];
    const cbec_demo_ent *pf = &cbec_demo_platforms[p];
    GString *tail = g_string_new(NULL), *head = g_string_new(NULL);
    camt_sums sum = {0, 0, 0, 0};
    char ref[48], e2e[64], text[200];
    char *name = g_strdup_printf("camt053_%s_%s.xml", a->number, g->ymd);
    char *path = g_build_filename(g->night_tmp, "bank", name, NULL);
    int64_t opening = (int64_t)g_rand_int_range(g->r4, 20000, 200000) * 10000;
    int i, rc;

    for (i = 0; i < NP; i++) {
        if (!g->pay_n[i][p])
            continue;
        g_snprintf(ref, sizeof ref, "%s%s%08" G_GINT64_FORMAT, a->ref, g->ymd, g->bank_seq + 1);
        g_snprintf(e2e, sizeof e2e, "STL%s%s%s", cbec_demo_paycos[i].tag, pf->tag, g->ymd);
        g_snprintf(text, sizeof text, "%s 跨境支付结算 %s %s 共%" G_GINT64_FORMAT "笔", cbec_demo_paycos[i].name,
                   cbec_demo_paycos[i].code, g->iso, g->pay_n[i][p]);
        bank_entry(tail, g, &sum, g->pay_sum[i][p], 1, ref, e2e, cbec_demo_paycos[i].name, text, g->pay_n[i][p]);
    }
    camt_head(head, g, a->number, a->owner_named ? pf->name : NULL, a->bic, opening, &sum);
    rc = camt_write(g, path, head, NULL, NULL, tail);
    g->c->platform_statements++;
    g_free(name);
    g_free(path);
    g_string_free(head, TRUE);
    g_string_free(tail, TRUE);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Trades and scenarios                                                */

static int emit(gen *g, trade *t)
{
    if (t->emit_order && emit_order(g, t) < 0)
        return -1;
    if (t->emit_payment && emit_payment(g, t) < 0)
        return -1;
    if (t->emit_waybill && emit_waybill(g, t) < 0)
        return -1;
    if (t->emit_list && emit_list(g, t) < 0)
        return -1;
    if (t->receipts && emit_receipts(g, t) < 0)
        return -1;
    if (t->settle_1to1 && b2b_wire(g, t) < 0)
        return -1;
    if (emit_exports(g, t) < 0)
        return -1;
    g->c->trades++;
    if (strcmp(t->scenario, "b2b_unpaid") == 0)
        g->c->b2b_unpaid++; /* ordinary traffic, not an injected anomaly */
    else if (strcmp(t->scenario, "clean") != 0 && strcmp(t->scenario, "clean_b2b") != 0)
        g->c->anomalies++;
    if (fprintf(g->truth, "%s\t%s\t%s\t%s\t%s\t%s\n", t->order_no, cbec_demo_platforms[t->platform].code,
                t->scenario, t->status, t->reasons, t->rules) < 0)
        return fail(g, "truth.tsv: %s", g_strerror(errno));
    return 0;
}

static void expect(trade *t, const char *scenario, const char *status, const char *reasons, const char *rules)
{
    t->scenario = scenario;
    t->status = status;
    t->reasons = reasons;
    t->rules = rules;
}

enum {
    S_MISSING_PAYMENT, S_MISSING_WAYBILL, S_MONEY_WITHOUT_GOODS, S_MISSING_ORDER, S_AMOUNT_MISMATCH,
    S_PAYER_NOT_BUYER, S_CONSIGNEE_MISMATCH, S_RESEND, S_CHANGE, S_OVER_LIMIT, S_UNDERVALUATION,
    S_ANNUAL_LIMIT, S_ORDER_SPLIT, S_PAYER_MANY_BUYERS, S_N
};
#define S_SINGLES S_ANNUAL_LIMIT /* scenarios below this one are one trade each */
static const int scenario_size[S_N] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 6, 3, 4};

static int clean(gen *g)
{
    trade t;
    new_trade(g, &t, chance(g, 60), NULL, -1);
    if (t.import && chance(g, 30))
        t.receipts = 1;
    if (t.settle_1to1 && g_rand_int_range(g->r4, 0, 100) < B2B_UNPAID_PCT) {
        /* the buyer has not paid yet: no wire tonight (drawn from the bank stream, so the CEB
         * files are the same bytes either way) */
        t.settle_1to1 = 0;
        expect(&t, "b2b_unpaid", B2B_UNPAID_STATUS, B2B_UNPAID_REASONS, "");
    }
    return emit(g, &t);
}

/* Emit one instance of scenario sc; export = the variant on the export side where one exists. */
static int scenario(gen *g, int sc, int export)
{
    trade t;
    int i, base, step, pf;
    person p;

    switch (sc) {
    case S_MISSING_PAYMENT:
        new_trade(g, &t, !export, export ? "9610" : NULL, -1);
        t.emit_payment = 0;
        expect(&t, "missing_payment", "PAYMENT_MISSING", "PAYMENT_MISSING", "R-GOODS-WITHOUT-MONEY");
        return emit(g, &t);
    case S_MISSING_WAYBILL:
        new_trade(g, &t, !export, export ? "9610" : NULL, -1);
        t.emit_waybill = 0;
        expect(&t, "missing_waybill", "SHIPMENT_MISSING", "SHIPMENT_MISSING", "");
        return emit(g, &t);
    case S_MONEY_WITHOUT_GOODS:
        new_trade(g, &t, 1, NULL, -1);
        t.emit_waybill = t.emit_list = 0;
        expect(&t, "money_without_goods", "SHIPMENT_MISSING", "SHIPMENT_MISSING LIST_MISSING", "R-MONEY-WITHOUT-GOODS");
        return emit(g, &t);
    case S_MISSING_ORDER:
        new_trade(g, &t, 1, NULL, -1);
        t.emit_order = 0;
        expect(&t, "missing_order", "ORDER_MISSING", "ORDER_MISSING", "");
        return emit(g, &t);
    case S_AMOUNT_MISMATCH:
        new_trade(g, &t, !export, export ? "9610" : NULL, -1);
        t.amount_paid = t.paid + (chance(g, 50) ? 1 : -1) * rnd(g, 20, 99) * 100;
        if (t.amount_paid <= 0)
            t.amount_paid = t.paid + 5000;
        expect(&t, "amount_mismatch", "AMOUNT_MISMATCH", "AMOUNT_MISMATCH", "");
        return emit(g, &t);
    case S_PAYER_NOT_BUYER:
        new_trade(g, &t, 1, NULL, -1);
        new_person(g, &t.payer);
        expect(&t, "payer_not_buyer", "PAYER_NOT_BUYER", "PAYER_NOT_BUYER", "R-PAYER-NOT-BUYER");
        return emit(g, &t);
    case S_CONSIGNEE_MISMATCH:
        new_trade(g, &t, 1, NULL, -1);
        new_person(g, &t.ship_to);
        expect(&t, "consignee_mismatch", "CONSIGNEE_MISMATCH", "CONSIGNEE_MISMATCH", "");
        return emit(g, &t);
    case S_RESEND:
        new_trade(g, &t, !export, export ? "9610" : NULL, -1);
        t.resend = 1;
        expect(&t, "resend_identical", "MATCHED", "", "");
        return emit(g, &t);
    case S_CHANGE:
        new_trade(g, &t, !export, export ? "9610" : NULL, -1);
        t.change = 1;
        expect(&t, "change_apptype2", "MATCHED", "", "");
        return emit(g, &t);
    case S_OVER_LIMIT:
        new_trade(g, &t, 1, NULL, -1);
        fill_value(g, &t, LIMIT_SINGLE + rnd(g, 60000, 300000));
        expect(&t, "over_limit", "MATCHED", "", "R-SINGLE-LIMIT");
        return emit(g, &t);
    case S_UNDERVALUATION:
        /* a cashmere sweater declared at about 12 % of the market price */
        new_trade(g, &t, 1, "9610", -1);
        t.nlines = 1;
        t.lines[0].prod = 0;
        t.lines[0].model = rnd(g, 0, 3);
        t.lines[0].qty = rnd(g, 1, 2);
        t.lines[0].price = cbec_demo_products[0].price * 12 / 100 / 100 * 100;
        t.seller = cbec_demo_products[0].import_seller;
        t.country = "124";
        totals(&t);
        expect(&t, "undervaluation", "MATCHED", "", "R-UNDERVALUATION");
        return emit(g, &t);
    case S_ANNUAL_LIMIT:
        /* one buyer, six gifts of 4,400-4,800 CNY to six relatives: 26,400+ CNY in one year */
        new_person(g, &p);
        pf = rnd(g, 0, NP - 1);
        for (i = 0; i < scenario_size[sc]; i++) {
            new_trade(g, &t, 1, NULL, pf);
            fill_value(g, &t, 440000);
            t.buyer = t.payer = p;
            expect(&t, "annual_limit", "MATCHED", "", "R-ANNUAL-LIMIT");
            if (emit(g, &t) < 0)
                return -1;
        }
        return 0;
    case S_ORDER_SPLIT:
        /* one consignee, three orders of 1,800+ CNY within two hours: each under the limit, together over */
        new_person(g, &p);
        base = -1;
        pf = rnd(g, 0, NP - 1);
        for (i = 0; i < scenario_size[sc]; i++) {
            new_trade(g, &t, 1, "9610", pf);
            fill_value(g, &t, 180000);
            t.buyer = t.payer = t.consignee = t.ship_to = p;
            if (base < 0)
                base = t.t_order;
            step = base + i * 1500 + rnd(g, 0, 300);
            t.t_pay += step - t.t_order;
            t.t_ship += step - t.t_order;
            t.t_list += step - t.t_order;
            t.t_order = step;
            expect(&t, "order_split", "MATCHED", "", "R-ORDER-SPLIT");
            if (emit(g, &t) < 0)
                return -1;
        }
        return 0;
    case S_PAYER_MANY_BUYERS:
        /* one payer settles the orders of four different buyers */
        new_person(g, &p);
        for (i = 0; i < scenario_size[sc]; i++) {
            new_trade(g, &t, 1, NULL, -1);
            t.payer = p;
            expect(&t, "payer_many_buyers", "PAYER_NOT_BUYER", "PAYER_NOT_BUYER", "R-PAYER-MANY-BUYERS");
            if (emit(g, &t) < 0)
                return -1;
        }
        return 0;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* The night                                                           */

static int rm_tree(const char *path)
{
    GDir *d;
    const char *n;
    if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
        if ((d = g_dir_open(path, 0, NULL))) {
            while ((n = g_dir_read_name(d))) {
                char *p = g_build_filename(path, n, NULL);
                rm_tree(p);
                g_free(p);
            }
            g_dir_close(d);
        }
        return g_rmdir(path);
    }
    return g_unlink(path);
}

static int write_small(gen *g, const char *path, const char *text)
{
    GError *e = NULL;
    if (!g_file_set_contents(path, text, -1, &e)) {
        fail(g, "%s", e->message);
        g_error_free(e);
        return -1;
    }
    return 0;
}

static int open_outputs(gen *g)
{
    const char *sub[] = {"platforms", "payments", "logistics", "bank"};
    char *p;
    int i, k;

    for (i = 0; i < 4; i++) {
        p = g_build_filename(g->night_tmp, sub[i], NULL);
        if (g_mkdir_with_parents(p, 0755) != 0) {
            fail(g, "%s: %s", p, g_strerror(errno));
            g_free(p);
            return -1;
        }
        g_free(p);
    }
    for (i = 0; i < NP; i++) {
        char *name = g_strdup_printf("%s_%s.zip", cbec_demo_platforms[i].code, g->ymd);
        p = g_build_filename(g->night_tmp, "platforms", name, NULL);
        g_free(name);
        k = sink_open(g, &g->plat[i], p, 0);
        g_free(p);
        if (k < 0)
            return -1;
        name = g_strdup_printf(".%s_receipts.zip", cbec_demo_platforms[i].code);
        p = g_build_filename(g->night_tmp, "platforms", name, NULL);
        g_free(name);
        k = sink_open(g, &g->rcpt[i], p, 0);
        g_free(p);
        if (k < 0)
            return -1;
        name = g_strdup_printf("%s_%s.tar.gz", cbec_demo_paycos[i].code, g->ymd);
        p = g_build_filename(g->night_tmp, "payments", name, NULL);
        g_free(name);
        k = sink_open(g, &g->pay[i], p, 1);
        g_free(p);
        if (k < 0)
            return -1;
        name = g_strdup_printf("%s_%s.zip", cbec_demo_carriers[i].code, g->ymd);
        p = g_build_filename(g->night_tmp, "logistics", name, NULL);
        g_free(name);
        k = sink_open(g, &g->carr[i], p, 0);
        g_free(p);
        if (k < 0)
            return -1;
        g->plat[i].rotate = g->carr[i].rotate = 1;
    }
    for (i = 0; i < NP; i++) {
        for (k = 0; k < K_N; k++) {
            mbuf *m = &g->buf[i][k];
            m->s = g_string_sized_new(256 * 1024);
            m->kind = k;
            switch (k) {
            case K311: case K303: m->to = &g->plat[i]; m->sender = &cbec_demo_platforms[i]; break;
            case K312: case K622: m->to = &g->rcpt[i]; m->sender = NULL; break;
            case K411: case K403: m->to = &g->pay[i]; m->sender = &cbec_demo_paycos[i]; break;
            default: m->to = &g->carr[i]; m->sender = &cbec_demo_carriers[i]; break;
            }
        }
        for (k = 0; k < 2; k++) {
            mbuf *m = &g->late[i][k];
            m->s = g_string_sized_new(64 * 1024);
            m->kind = k ? K303 : K311;
            m->to = &g->plat[i];
            m->sender = &cbec_demo_platforms[i];
        }
    }
    return 0;
}

/* Flush every message, nest the receipts zips into the platform zips, close the archives. */
static int close_outputs(gen *g)
{
    int i, k, rc = 0;
    for (i = 0; i < NP; i++) {
        for (k = 0; k < K_N; k++)
            if (g->buf[i][k].s && msg_flush(g, &g->buf[i][k]) < 0)
                rc = -1;
        for (k = 0; k < 2; k++)
            if (g->late[i][k].s && msg_flush(g, &g->late[i][k]) < 0)
                rc = -1;
    }
    for (i = 0; i < NP; i++) {
        int had = g->rcpt[i].entries > 0;
        char *member = g_strdup_printf("receipts/%s_customs_receipts_%s.zip", cbec_demo_platforms[i].code, g->ymd);
        if (sink_close(g, &g->rcpt[i]) < 0)
            rc = -1;
        if (had && rc == 0 && sink_add_file(g, &g->plat[i], member, g->rcpt[i].path) < 0)
            rc = -1;
        if (g->rcpt[i].path)
            g_unlink(g->rcpt[i].path);
        if (!had && g->c)
            g->c->archives--;
        g_free(member);
        if (sink_close(g, &g->plat[i]) < 0 || sink_close(g, &g->pay[i]) < 0 || sink_close(g, &g->carr[i]) < 0)
            rc = -1;
    }
    return rc;
}

static void free_outputs(gen *g)
{
    int i, k;
    sink *all[] = {g->plat, g->rcpt, g->pay, g->carr};
    tabout *tabs[] = {&g->shop, &g->ebay, &g->post, &g->ozon};

    for (i = 0; i < (int)G_N_ELEMENTS(tabs); i++) {
        if (tabs[i]->f)
            fclose(tabs[i]->f);
        g_free(tabs[i]->path);
    }
    for (i = 0; i < NP; i++) {
        for (k = 0; k < K_N; k++)
            if (g->buf[i][k].s)
                g_string_free(g->buf[i][k].s, TRUE);
        for (k = 0; k < 2; k++)
            if (g->late[i][k].s)
                g_string_free(g->late[i][k].s, TRUE);
        for (k = 0; k < 4; k++) {
            if (all[k][i].a)
                archive_write_free(all[k][i].a);
            g_free(all[k][i].path);
        }
    }
}

static char *conf_text(void)
{
    /* the one platform account whose bank prints no holder: the config says whose it is */
    const cbec_demo_account *acct = NULL;
    const cbec_demo_ent *holder = NULL;
    for (int p = 0; p < NP; p++)
        if (!cbec_demo_platform_accounts[p].owner_named) {
            acct = &cbec_demo_platform_accounts[p];
            holder = &cbec_demo_platforms[p];
        }
    const cbec_demo_ent *shop = &cbec_demo_platforms[SHOPIFY_PLATFORM], *ebay = &cbec_demo_platforms[EBAY_PLATFORM];
    const cbec_demo_ent *ozon = &cbec_demo_platforms[OZON_PLATFORM];
    const cbec_demo_ent *post = &cbec_demo_carriers[CBEC_DEMO_CARRIER_POST];
    const cbec_demo_ent *road = &cbec_demo_carriers[CBEC_DEMO_CARRIER_ERENHOT];
    return g_strdup_printf("# Written by `cbecflow demo`: runs the demo night.\n"
                           "#   cbecflow run --config THIS_FILE --date YYYY-MM-DD\n"
                           "# Relative paths are resolved against this file's folder.\n"
                           "[core]\n"
                           "db = cbecflow.db\n"
                           "drop_dir = drop\n"
                           "out_dir = out\n"
                           "key_file = site.key\n\n"
                           "[report]\n"
                           "lang = zh\n\n"
                           "# The platform exports in stores/ come from platforms that also declare their orders\n"
                           "# to customs: their orders are keyed by the platform code of the CEB messages, so\n"
                           "# they are the same trades (without these lines they would be new SHOPIFY/EBAY/OZON\n"
                           "# trades).  carrier_codes name the customs code of the carrier behind each shipping\n"
                           "# service, so a tracking number keys the carrier's declared CEB waybill (without them\n"
                           "# the service's name would key a second shipment).\n"
                           "[plugin.shopify_orders]\n"
                           "platform_code = %s\n"
                           "platform_name = %s\n\n"
                           "[plugin.ebay_orders]\n"
                           "platform_code = %s\n"
                           "platform_name = %s\n"
                           "# the shop sells in CNY: its amounts carry no currency sign\n"
                           "currency = CNY\n"
                           "carrier_codes = %s = %s; %s = %s\n\n"
                           "[plugin.ozon_postings]\n"
                           "platform_code = %s\n"
                           "platform_name = %s\n"
                           "# the store is priced in CNY (every row names its currency)\n"
                           "currency = CNY\n"
                           "carrier_codes = %s = %s; %s = %s\n\n"
                           "# Whose settlement account is it: account number = enterprise code.  The other\n"
                           "# platforms' banks name the holder in the statement (Acct/Ownr/Nm); this one does not.\n"
                           "[accounts]\n"
                           "%s = %s\n",
                           shop->code, shop->name, ebay->code, ebay->name, ebay_service[0], post->code,
                           ebay_service[1], road->code, ozon->code, ozon->name, ozon_service[0], post->code,
                           ozon_service[1], road->code, acct->number, holder->code);
}

cbec_demo_err cbec_demo_generate(const cbec_demo_opts *o, cbec_demo_counts *counts, char **why)
{
    gen G, *g = &G;
    cbec_demo_counts local;
    cbec_demo_err err = CBEC_DEMO_IO;
    char *drop = NULL, *truth_tmp = NULL, *truth = NULL, *conf = NULL, *text = NULL, *stmt = NULL;
    int64_t n_inst = 0, j = 0, cycles = 0, budget;
    int singles_only = 0;

    memset(g, 0, sizeof *g);
    memset(&local, 0, sizeof local);
    g->o = o;
    g->c = counts ? counts : &local;
    memset(g->c, 0, sizeof *g->c);
    /* the stream depends on the seed and the date only */
    g->r = g_rand_new_with_seed(o->seed ^ (uint32_t)(o->year * 10000 + o->month * 100 + o->day) * 2654435761u);
    g->phone_b = g_rand_int(g->r);
    g->id_b = g_rand_int(g->r);
    {
        guint32 s2[3] = {o->seed, (guint32)(o->year * 10000 + o->month * 100 + o->day), 0x45585054u /* EXPT */};
        g->r2 = g_rand_new_with_seed_array(s2, 3);
        s2[2] = 0x4D543934u; /* MT94 */
        g->r3 = g_rand_new_with_seed_array(s2, 3);
        s2[2] = 0x42414E4Bu; /* BANK */
        g->r4 = g_rand_new_with_seed_array(s2, 3);
    }
    g_snprintf(g->ymd, sizeof g->ymd, "%04d%02d%02d", o->year, o->month, o->day);
    cbec_date_format(o->year, o->month, o->day, g->iso);
    cbec_date_add_days(g->iso, -1, g->prev_iso);

    drop = g_build_filename(o->out_dir, "drop", NULL);
    g->night = g_build_filename(drop, g->iso, NULL);
    text = g_strdup_printf(".%s.partial", g->iso);
    g->night_tmp = g_build_filename(drop, text, NULL);
    g_free(text);
    text = NULL;
    if (g_file_test(g->night, G_FILE_TEST_EXISTS)) {
        fail(g, "%s exists already: remove it or choose another --out", g->night);
        err = CBEC_DEMO_EXISTS;
        goto done;
    }
    if (g_file_test(g->night_tmp, G_FILE_TEST_EXISTS))
        rm_tree(g->night_tmp); /* our own leftover from an interrupted run */
    if (g_mkdir_with_parents(g->night_tmp, 0755) != 0) {
        fail(g, "%s: %s", g->night_tmp, g_strerror(errno));
        goto done;
    }
    if (open_outputs(g) < 0) {
        err = CBEC_DEMO_ARCHIVE;
        goto done;
    }
    g->bank_tmp_path = g_build_filename(g->night_tmp, "bank", ".entries.tmp", NULL);
    truth = g_build_filename(o->out_dir, "truth.tsv", NULL);
    truth_tmp = g_strconcat(truth, ".tmp", NULL);
    if (!(g->bank_tmp = fopen(g->bank_tmp_path, "w+b")) || !(g->truth = fopen(truth_tmp, "wb"))) {
        fail(g, "%s: %s", g->bank_tmp ? truth_tmp : g->bank_tmp_path, g_strerror(errno));
        goto done;
    }
    fputs("order_no\tplatform_code\tscenario\texpected_status\texpected_reasons\texpected_risk_rules\n", g->truth);
    if (mt_begin(g) < 0)
        goto done;

    /* The anomaly plan: whole cycles of every scenario, ~5 % of the trades, at
     * least one cycle from 200 trades on; smaller nights get some single-trade
     * scenarios.  Instances are spread evenly over the night. */
    budget = o->trades * 5 / 100;
    if (o->trades >= 200) {
        int per = 0, s;
        for (s = 0; s < S_N; s++)
            per += scenario_size[s];
        cycles = MAX(1, (budget + per / 2) / per);
        n_inst = cycles * S_N;
    } else {
        singles_only = 1;
        n_inst = MIN(budget, S_SINGLES);
    }
    while (g->pos < o->trades) {
        int64_t at = n_inst ? (2 * j + 1) * o->trades / (2 * n_inst) : o->trades;
        int sc = (int)(j % S_N), rc;
        if (j < n_inst && g->pos >= at && g->pos + scenario_size[sc] <= o->trades) {
            /* alternate the import and export variants from cycle to cycle */
            rc = scenario(g, sc, !singles_only && (j / S_N) % 2 == 1);
            j++;
        } else {
            if (j < n_inst && g->pos >= at)
                j++; /* does not fit at the very end: skip it */
            rc = clean(g);
        }
        if (rc < 0) {
            err = CBEC_DEMO_ARCHIVE;
            goto done;
        }
    }
    if (close_outputs(g) < 0) {
        err = CBEC_DEMO_ARCHIVE;
        goto done;
    }
    if (close_tables(g) < 0 || mt_end(g) < 0 || write_credit(g) < 0)
        goto done;
    for (int p = 0; p < NP; p++)
        if (write_platform_statement(g, p) < 0)
            goto done;
    /* the bank's view of the night, with the one credit nothing explains */
    {
        int64_t unexplained = (int64_t)rnd(g, 1000, 90000) * 100 + 37;
        char *name = g_strdup_printf("camt053_%s_%s.xml", SETTLEMENT_ACCOUNT, g->ymd);
        stmt = g_build_filename(g->night_tmp, "bank", name, NULL);
        g_free(name);
        fclose(g->bank_tmp);
        g->bank_tmp = fopen(g->bank_tmp_path, "rb");
        if (!g->bank_tmp || write_statement(g, stmt, unexplained) < 0) {
            fail(g, "%s: %s", g->bank_tmp_path, g_strerror(errno));
            goto done;
        }
        fclose(g->bank_tmp);
        g->bank_tmp = NULL;
        g_unlink(g->bank_tmp_path);
        if (fprintf(g->truth, "\t\tbank_unexplained\tBANK_UNEXPLAINED\tBANK_UNEXPLAINED\tR-BANK-UNEXPLAINED\n") < 0) {
            fail(g, "%s: %s", truth_tmp, g_strerror(errno));
            goto done;
        }
    }
    if (fclose(g->truth) != 0) {
        g->truth = NULL;
        fail(g, "%s: %s", truth_tmp, g_strerror(errno));
        goto done;
    }
    g->truth = NULL;
    /* publish: the night folder appears complete, then the truth and the config */
    if (g_rename(g->night_tmp, g->night) != 0 || g_rename(truth_tmp, truth) != 0) {
        fail(g, "%s: %s", g->night, g_strerror(errno));
        goto done;
    }
    conf = g_build_filename(o->out_dir, "cbecflow.conf", NULL);
    text = conf_text();
    if (write_small(g, conf, text) < 0)
        goto done;
    err = CBEC_DEMO_OK;
done:
    if (g->truth)
        fclose(g->truth);
    if (g->bank_tmp)
        fclose(g->bank_tmp);
    if (g->mt)
        fclose(g->mt);
    free_outputs(g);
    if (err != CBEC_DEMO_OK) {
        if (g->night_tmp && g_file_test(g->night_tmp, G_FILE_TEST_EXISTS))
            rm_tree(g->night_tmp);
        if (truth_tmp)
            g_unlink(truth_tmp);
        if (why)
            *why = g->why ? g->why : g_strdup(cbec_demo_strerror(err));
        else
            g_free(g->why);
    } else
        g_free(g->why);
    g_rand_free(g->r);
    g_rand_free(g->r2);
    g_rand_free(g->r3);
    g_rand_free(g->r4);
    g_free(g->mt_path);
    g_free(g->night);
    g_free(g->night_tmp);
    g_free(g->bank_tmp_path);
    g_free(drop);
    g_free(truth);
    g_free(truth_tmp);
    g_free(conf);
    g_free(text);
    g_free(stmt);
    return err;
}
