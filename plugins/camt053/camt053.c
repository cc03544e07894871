/**
 * @file camt053.c
 * @brief Source plugin `camt053`: ISO 20022 bank statements (camt.053.001.02 .. .08), and
 * camt.052 account reports / camt.054 notifications where the same elements serve.
 *
 * Streamed with libxml2's xmlTextReader fed through host->read (never a whole document
 * in memory), matched by local name so a wrong or missing namespace does not matter
 * beyond a warning, and the Document may sit inside any envelope (business application
 * header).  Per `Stmt`: balances OPBD (or PRCD) and CLBD with their CdtDbtInd sign; each
 * booked `Ntry` is added to the balance check; each `TxDtls` of an entry becomes one
 * bank_txn (so payments can be matched one by one), or the entry itself when it has
 * none.  After the entries the statement is emitted with its balance check.
 *
 * XML safety: no DTD loading, no entity substitution, no network, a deny-all external
 * entity loader, a document type declaration refused outright, and a byte budget.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#include "bankkit/bankstmt.h"

#define CAMT_STD_NS "urn:iso:std:iso:20022:tech:xsd:"
#define CAMT_MAX_DEPTH 64

/** Kinds of queued outputs. */
typedef enum camt_out_kind { CAMT_OUT_TXN, CAMT_OUT_STMT, CAMT_OUT_ERROR } camt_out_kind;

/** One queued output of next(). */
typedef struct camt_out {
    camt_out_kind kind;
    /* TXN: owned strings */
    char *account, *entry_ref, *booking_date, *value_date, *currency, *counterparty, *counterparty_account,
        *reference, *remittance, *raw_info, *instructed_currency, *batch_ref, *locator, *statement_key;
    const char *date_from;         /* the statement date an undated entry took, and where it came from */
    int64_t amount5, instructed5, entry_seq;
    int has_instructed, reversal;
    char direction;
    int no_balance;                /* STMT: a camt.053 with neither opening nor closing balance */
    /* ERROR */
    cbec_error err;
    char *raw;
} camt_out;

/** One TxDtls being read. */
typedef struct camt_tx {
    GString *e2e, *acct_ref, *amount, *amount_ccy, *tx_amount, *tx_amount_ccy, *instd, *instd_ccy, *cdtdbt,
        *dbtr, *cdtr, *dbtr_acct, *cdtr_acct, *ustrd, *strd_ref, *addtl;
} camt_tx;

struct cbec_source {
    const cbec_host *host;
    cbec_input *in;
    xmlTextReaderPtr reader;
    int64_t bytes, max_bytes;
    int read_failed;
    char xml_error[300];
    int xml_error_line;

    /* element path from the root, local names */
    char *path[CAMT_MAX_DEPTH];
    int depth;
    int stmt_depth;                /* depth of the Stmt/Rpt/Ntfctn element, 0 = outside */
    GString *text;                 /* text of the current element */
    GString *rel;                  /* path relative to Stmt, built at element end */
    char msg_kind[8];              /* "053", "052", "054" */
    char version[4];               /* "02" .. "08" or "" */
    int ns_warned;

    /* current statement */
    bankstmt_sum sum;
    unsigned stmt_no;              /* ordinal in the file, for locators */
    GString *stmt_id, *seq_nb, *lgl_seq, *acct_ccy, *bank_bic, *bank_name, *copy_ind;
    GString *to_date, *cre_date;   /* FrToDt/ToDtTm, CreDtTm: the date of an entry that has none */
    GString *grp_cre_date;         /* GrpHdr/CreDtTm of the message */
    GString *stmt_key;             /* bank_txn.statement_key of this statement */
    int64_t row_seq;               /* bank_txn rows of this statement so far */
    int stmt_refused;              /* skip its entries */
    /* TxsSummry as declared: [0] credits, [1] debits; -1 = not given */
    int64_t summ_n[2], summ_sum[2];
    unsigned skipped;              /* entries of a refused statement */
    int header_checked;
    /* current balance */
    GString *bal_type, *bal_amt, *bal_ccy, *bal_cd, *bal_date;
    int opening_is_prcd;
    /* current entry */
    unsigned ntry_no;
    GString *n_ref, *n_amt, *n_ccy, *n_cd, *n_rvsl, *n_sts, *n_bookg, *n_val, *n_acct_ref, *n_addtl, *n_batch_id;
    int n_bad_date;
    GPtrArray *txs;                /* camt_tx* of the current entry */
    camt_tx *tx;                   /* TxDtls being read */

    GQueue out;                    /* camt_out* ready for next() */
    GHashTable *seen;              /* statement identity -> content digest */
    int done;
};

static xmlExternalEntityLoader camt_prev_loader;

/* Deny-all external entity loader: a statement never needs anything from outside. */
static xmlParserInputPtr camt_no_entities(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

static camt_tx *tx_new(void)
{
    camt_tx *t = g_new0(camt_tx, 1);
    GString **f = (GString **)t;
    size_t i;
    for (i = 0; i < sizeof *t / sizeof(GString *); i++)
        f[i] = g_string_new(NULL);
    return t;
}

static void tx_free(gpointer p)
{
    camt_tx *t = p;
    GString **f = (GString **)t;
    size_t i;
    if (!t)
        return;
    for (i = 0; i < sizeof *t / sizeof(GString *); i++)
        g_string_free(f[i], TRUE);
    g_free(t);
}

static void out_free(gpointer p)
{
    camt_out *o = p;
    char **f[] = {&o->account, &o->entry_ref, &o->booking_date, &o->value_date, &o->currency, &o->counterparty,
                  &o->counterparty_account, &o->reference, &o->remittance, &o->raw_info,
                  &o->instructed_currency, &o->batch_ref, &o->locator, &o->raw, &o->statement_key};
    size_t i;
    for (i = 0; i < G_N_ELEMENTS(f); i++)
        g_free(*f[i]);
    g_free(o);
}

static char *dup_or_null(const GString *g)
{
    return g && g->len ? g_strdup(g->str) : NULL;
}

/* ---- probe ---- */

static int camt_probe(const cbec_probe_input *in, const cbec_host *host)
{
    (void)host;
    if (!memchr(in->head, '<', in->head_len))
        return CBEC_SCORE_NONE;
    if (bankstmt_head_has(in, "urn:iso:std:iso:20022:tech:xsd:camt.053") ||
        bankstmt_head_has(in, "urn:iso:std:iso:20022:tech:xsd:camt.052") ||
        bankstmt_head_has(in, "urn:iso:std:iso:20022:tech:xsd:camt.054"))
        return CBEC_SCORE_CERTAIN;
    if (bankstmt_head_has(in, "BkToCstmrStmt") || bankstmt_head_has(in, "BkToCstmrAcctRpt") ||
        bankstmt_head_has(in, "BkToCstmrDbtCdtNtfctn"))
        return CBEC_SCORE_MAGIC;         /* wrong namespace, right elements */
    return CBEC_SCORE_NONE;
}

/* ---- libxml2 plumbing ---- */

static int camt_read_cb(void *ctx, char *buf, int len)
{
    cbec_source *s = ctx;
    ssize_t r;
    if (s->read_failed)
        return -1;
    r = s->host->read(s->in, buf, (size_t)len);
    if (r < 0) {
        s->read_failed = 1;
        return -1;
    }
    s->bytes += r;
    if (s->max_bytes > 0 && s->bytes > s->max_bytes) {
        s->read_failed = 2;
        return -1;
    }
    return (int)r;
}

static int camt_close_cb(void *ctx)
{
    (void)ctx;
    return 0;
}

#if LIBXML_VERSION >= 21200
static void camt_xml_error(void *arg, const xmlError *e)
#else
static void camt_xml_error(void *arg, xmlErrorPtr e)
#endif
{
    cbec_source *s = arg;
    if (!e || s->xml_error[0])
        return;
    g_snprintf(s->xml_error, sizeof s->xml_error, "%s", e->message ? e->message : "malformed XML");
    g_strchomp(s->xml_error);
    s->xml_error_line = e->line;
}

/* ---- statement state ---- */

static void reset_entry(cbec_source *s)
{
    GString *g[] = {s->n_ref, s->n_amt, s->n_ccy, s->n_cd, s->n_rvsl, s->n_sts, s->n_bookg, s->n_val,
                    s->n_acct_ref, s->n_addtl, s->n_batch_id};
    size_t i;
    for (i = 0; i < G_N_ELEMENTS(g); i++)
        g_string_truncate(g[i], 0);
    g_ptr_array_set_size(s->txs, 0);
    s->tx = NULL;
    s->n_bad_date = 0;
}

static void reset_statement(cbec_source *s)
{
    GString *g[] = {s->stmt_id, s->seq_nb, s->lgl_seq, s->acct_ccy, s->bank_bic, s->bank_name, s->copy_ind,
                    s->to_date, s->cre_date, s->stmt_key};
    size_t i;
    for (i = 0; i < G_N_ELEMENTS(g); i++)
        g_string_truncate(g[i], 0);
    bankstmt_sum_reset(&s->sum);
    s->row_seq = 0;
    s->stmt_refused = 0;
    s->skipped = 0;
    s->summ_n[0] = s->summ_n[1] = s->summ_sum[0] = s->summ_sum[1] = -1;
    s->header_checked = 0;
    s->ntry_no = 0;
    s->opening_is_prcd = 0;
    reset_entry(s);
}

static camt_out *queue_error(cbec_source *s, const char *reason, const char *locator, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
static camt_out *queue_error(cbec_source *s, const char *reason, const char *locator, const char *fmt, ...)
{
    camt_out *o = g_new0(camt_out, 1);
    va_list ap;
    o->kind = CAMT_OUT_ERROR;
    g_strlcpy(o->err.reason, reason, sizeof o->err.reason);
    g_strlcpy(o->err.locator, locator, sizeof o->err.locator);
    va_start(ap, fmt);
    g_vsnprintf(o->err.message, sizeof o->err.message, fmt, ap);
    va_end(ap);
    o->err.line = (uint64_t)xmlTextReaderGetParserLineNumber(s->reader);
    g_queue_push_tail(&s->out, o);
    return o;
}

/* "2026-11-25" or "2026-11-25T10:00:00+01:00" -> the date if it is a real one. */
static int take_date(const char *text, char out[11])
{
    int y, m, d;
    if (strlen(text) < 10 || text[4] != '-' || text[7] != '-' ||
        sscanf(text, "%4d-%2d-%2d", &y, &m, &d) != 3 || bankstmt_check_date(y, m, d) != 0)
        return -1;
    memcpy(out, text, 10);
    out[10] = 0;
    return 0;
}

static char *stmt_locator(cbec_source *s)
{
    return g_strdup_printf("%s[%u]", strcmp(s->msg_kind, "052") == 0 ? "Rpt" : strcmp(s->msg_kind, "054") == 0
                                                                                   ? "Ntfctn" : "Stmt",
                           s->stmt_no);
}

/* A balance element ended: take OPBD/PRCD as opening, CLBD as closing. */
static void end_balance(cbec_source *s)
{
    const char *type = s->bal_type->str;
    int opening = strcmp(type, "OPBD") == 0 || (strcmp(type, "PRCD") == 0 && !s->sum.has_opening);
    int closing = strcmp(type, "CLBD") == 0;
    int64_t v = 0;
    char date[11] = "";
    bankstmt_amt_rc rc;
    char *loc;

    if (!opening && !closing)
        goto done;                          /* CLAV, FWAV, ITBD ... are informational */
    loc = stmt_locator(s);
    if (!s->bal_ccy->len) {
        queue_error(s, "BALANCE_NO_CURRENCY", loc, "%s balance %s has no currency (Amt@Ccy): the statement "
                    "is refused", type, s->bal_amt->str);
        s->stmt_refused = 1;
    } else if ((rc = bankstmt_amount(s->host, s->bal_amt->str, '.', &v)) != BANKSTMT_AMT_OK) {
        queue_error(s, "BAD_AMOUNT", loc, "%s balance \"%.40s\": %s; the statement is refused", type,
                    s->bal_amt->str, bankstmt_amount_strerror(rc));
        s->stmt_refused = 1;
    } else if (take_date(s->bal_date->str, date) != 0) {
        queue_error(s, "BAD_DATE", loc, "%s balance date \"%.30s\" is not a real date; the statement is refused",
                    type, s->bal_date->str);
        s->stmt_refused = 1;
    } else {
        if (strcmp(s->bal_cd->str, "DBIT") == 0)
            v = -v;                         /* a debit balance is an overdraft */
        if (!s->sum.currency->len)
            g_string_assign(s->sum.currency, s->bal_ccy->str);
        if (opening) {
            s->opening_is_prcd = strcmp(type, "PRCD") == 0;
            s->sum.has_opening = 1;
            s->sum.opening5 = v;
            g_string_assign(s->sum.opening_date, date);
        } else {
            s->sum.has_closing = 1;
            s->sum.closing5 = v;
            g_string_assign(s->sum.closing_date, date);
        }
    }
    g_free(loc);
done:
    g_string_truncate(s->bal_type, 0);
    g_string_truncate(s->bal_amt, 0);
    g_string_truncate(s->bal_ccy, 0);
    g_string_truncate(s->bal_cd, 0);
    g_string_truncate(s->bal_date, 0);
}

/* Fill the identity fields of the summary from what the statement header said. */
static void settle_identity(cbec_source *s)
{
    if (!s->sum.statement_no->len)
        g_string_assign(s->sum.statement_no, s->seq_nb->len ? s->seq_nb->str
                                               : s->lgl_seq->len ? s->lgl_seq->str : s->stmt_id->str);
    if (!s->sum.bank->len)
        g_string_assign(s->sum.bank, s->bank_bic->len ? s->bank_bic->str : s->bank_name->str);
    if (s->acct_ccy->len)
        g_string_assign(s->sum.currency, s->acct_ccy->str);
    if (!s->sum.opening_date->len && s->sum.closing_date->len)
        g_string_assign(s->sum.opening_date, s->sum.closing_date->str);
}

/* Before the first entry: refuse a statement that says it is already known with other balances. */
static void check_header(cbec_source *s)
{
    char *loc;
    if (s->header_checked)
        return;
    s->header_checked = 1;
    settle_identity(s);
    {
        char *key = bankstmt_statement_key(&s->sum);
        g_string_assign(s->stmt_key, key);
        g_free(key);
    }
    if (!s->stmt_refused && s->sum.account->len) {
        /* a repeat of a statement already read with other balances: refuse it before its entries */
        char *key = g_strdup_printf("H|%s|%s|%s", s->sum.account->str, s->sum.statement_no->str,
                                    s->sum.opening_date->str);
        char *digest = g_strdup_printf("%d:%" G_GINT64_FORMAT "|%d:%" G_GINT64_FORMAT "|%s", s->sum.has_opening,
                                       s->sum.opening5, s->sum.has_closing, s->sum.closing5, s->sum.currency->str);
        const char *old = g_hash_table_lookup(s->seen, key);
        if (old && strcmp(old, digest) != 0) {
            loc = stmt_locator(s);
            queue_error(s, "CONFLICTING_DUPLICATE", loc, "statement %s of account %s (opening %s) appears again "
                        "in this file with different balances: refused with its entries",
                        s->sum.statement_no->str, s->sum.account->str, s->sum.opening_date->str);
            s->stmt_refused = 1;
            g_free(loc);
        }
        if (!old) {
            g_hash_table_insert(s->seen, key, digest);
            key = digest = NULL;
        }
        g_free(key);
        g_free(digest);
    }
    if (!s->sum.account->len && !s->stmt_refused) {
        loc = stmt_locator(s);
        queue_error(s, "MISSING_ACCOUNT", loc, "statement %s has no Acct/Id: it is refused", s->stmt_id->str);
        s->stmt_refused = 1;
        g_free(loc);
    }
}

static const char *tx_amount_text(const camt_tx *t, const char **ccy)
{
    if (t->amount->len) {
        *ccy = t->amount_ccy->str;
        return t->amount->str;
    }
    if (t->tx_amount->len) {
        *ccy = t->tx_amount_ccy->str;
        return t->tx_amount->str;
    }
    *ccy = NULL;
    return NULL;
}

/* A bank_txn row of the current entry, numbered in its statement. */
static camt_out *new_txn(cbec_source *s, const char *locator, const char *bdate, const char *date_from)
{
    camt_out *o = g_new0(camt_out, 1);
    o->kind = CAMT_OUT_TXN;
    o->account = g_strdup(s->sum.account->str);
    o->booking_date = g_strdup(bdate);
    o->date_from = date_from;
    o->value_date = s->n_val->len ? g_strndup(s->n_val->str, 10) : NULL;
    o->locator = g_strdup(locator);
    o->statement_key = g_strdup(s->stmt_key->str);
    o->entry_seq = ++s->row_seq;
    return o;
}

/* The date of the statement for an entry without a booking date (camt.053 allows that;
 * some converters leave it out): the end of its period, else when it was created, else
 * its closing balance date.  The header precedes the entries (the schema's order), so it
 * is known here.  Returns where the date came from, or NULL when there is none. */
static const char *statement_date(cbec_source *s, char out[11])
{
    if (s->to_date->len && take_date(s->to_date->str, out) == 0)
        return "FrToDt/ToDtTm";
    if (s->cre_date->len && take_date(s->cre_date->str, out) == 0)
        return "CreDtTm";
    if (s->grp_cre_date->len && take_date(s->grp_cre_date->str, out) == 0)
        return "GrpHdr/CreDtTm";
    if (s->sum.has_closing && take_date(s->sum.closing_date->str, out) == 0)
        return "the closing balance";
    return NULL;
}

static void fill_from_tx(const cbec_host *h, camt_out *o, const camt_tx *t, char direction)
{
    const char *e2e = t->e2e->str;
    GString *rem = g_string_new(NULL);
    int64_t v;

    if (*e2e && g_ascii_strcasecmp(e2e, "NOTPROVIDED") != 0)
        o->reference = g_strdup(e2e);         /* NOTPROVIDED is filler, not a key */
    if (direction == 'C') {
        o->counterparty = dup_or_null(t->dbtr);
        o->counterparty_account = dup_or_null(t->dbtr_acct);
    } else {
        o->counterparty = dup_or_null(t->cdtr);
        o->counterparty_account = dup_or_null(t->cdtr_acct);
    }
    if (t->ustrd->len)
        g_string_append(rem, t->ustrd->str);
    if (t->strd_ref->len) {
        if (rem->len)
            g_string_append_c(rem, ' ');
        g_string_append(rem, t->strd_ref->str);
    }
    if (!rem->len && t->addtl->len)
        g_string_append(rem, t->addtl->str);
    o->remittance = g_string_free(rem, rem->len == 0);
    if (t->instd->len && bankstmt_amount(h, t->instd->str, '.', &v) == BANKSTMT_AMT_OK) {
        o->has_instructed = 1;
        o->instructed5 = v;
        o->instructed_currency = dup_or_null(t->instd_ccy);
    }
}

/* An Ntry ended: check it, add it to the balance, queue its bank_txn records. */
static void end_entry(cbec_source *s)
{
    char *sloc = stmt_locator(s);
    char *loc = g_strdup_printf("%s/Ntry[%u]", sloc, s->ntry_no);
    const char *sts = s->n_sts->str;
    const char *ntry_ref;
    char direction, bdate[11], vdate[11];
    int64_t amount = 0, tx_sum = 0;
    bankstmt_amt_rc rc;
    guint i;
    int tx_amounts_ok = 1;
    char *fallback_ref = NULL;
    const char *date_from = NULL;

    if (s->stmt_refused) {
        s->skipped++;
        goto done;
    }
    if (*sts && g_ascii_strcasecmp(sts, "BOOK") != 0) {
        s->host->log(s->in, CBEC_LOG_DEBUG, "%s: status %s, not booked: not counted", loc, sts);
        goto done;                          /* pending / information entries do not move the balance */
    }
    if (strcmp(s->n_cd->str, "CRDT") == 0)
        direction = 'C';
    else if (strcmp(s->n_cd->str, "DBIT") == 0)
        direction = 'D';
    else {
        queue_error(s, "BAD_INDICATOR", loc, "CdtDbtInd \"%.10s\" is neither CRDT nor DBIT", s->n_cd->str);
        goto done;
    }
    if ((rc = bankstmt_amount(s->host, s->n_amt->str, '.', &amount)) != BANKSTMT_AMT_OK) {
        queue_error(s, "BAD_AMOUNT", loc, "entry amount \"%.40s\": %s", s->n_amt->str,
                    bankstmt_amount_strerror(rc));
        goto done;
    }
    if (!s->sum.currency->len && s->n_ccy->len) {
        /* a report or notification without balances or Acct/Ccy (camt.052/054 allow it): the
         * entry's own Amt@Ccy is the statement's currency, else amounts would be scaled by a
         * guessed minor unit (200000 JPY stored as 2000.00) and stored without currency */
        g_string_assign(s->sum.currency, s->n_ccy->str);
    }
    if (s->n_ccy->len && s->sum.currency->len && strcmp(s->n_ccy->str, s->sum.currency->str) != 0) {
        queue_error(s, "CURRENCY_MISMATCH", loc, "entry in %s on a %s statement", s->n_ccy->str,
                    s->sum.currency->str);
        goto done;
    }
    if (!s->n_bookg->len && !(date_from = statement_date(s, bdate))) {
        queue_error(s, "BAD_DATE", loc, "the entry has no booking date and its statement no date (FrToDt, "
                    "CreDtTm, closing balance) to take");
        goto done;
    }
    if ((!date_from && take_date(s->n_bookg->str, bdate) != 0) ||
        (s->n_val->len && take_date(s->n_val->str, vdate) != 0)) {
        queue_error(s, "BAD_DATE", loc, "booking/value date \"%.30s\" / \"%.30s\" is not a real date",
                    s->n_bookg->str, s->n_val->str);
        goto done;
    }
    bankstmt_sum_entry(&s->sum, direction, amount);

    ntry_ref = s->n_acct_ref->len ? s->n_acct_ref->str : s->n_ref->len ? s->n_ref->str : NULL;
    if (!ntry_ref)
        ntry_ref = fallback_ref = g_strdup_printf("%s#%u", s->sum.statement_no->str, s->ntry_no);

    /* Underlying transactions carry their own amounts: use them when they add up. */
    for (i = 0; i < s->txs->len; i++) {
        const char *ccy, *txt = tx_amount_text(g_ptr_array_index(s->txs, i), &ccy);
        int64_t v;
        if (!txt || bankstmt_amount(s->host, txt, '.', &v) != BANKSTMT_AMT_OK || bankstmt_add(&tx_sum, v) != 0 ||
            (ccy && *ccy && s->sum.currency->len && strcmp(ccy, s->sum.currency->str) != 0))
            tx_amounts_ok = 0;
    }
    if (s->txs->len <= 1) {
        camt_out *o = new_txn(s, loc, bdate, date_from);
        o->entry_ref = g_strdup(ntry_ref);
        o->amount5 = amount;
        o->direction = direction;
        o->reversal = g_ascii_strcasecmp(s->n_rvsl->str, "true") == 0 || strcmp(s->n_rvsl->str, "1") == 0;
        o->currency = g_strdup(s->sum.currency->str);
        if (s->txs->len == 1)
            fill_from_tx(s->host, o, g_ptr_array_index(s->txs, 0), direction);
        if (!o->remittance && s->n_addtl->len)
            o->remittance = g_strdup(s->n_addtl->str);
        g_queue_push_tail(&s->out, o);
    } else if (!tx_amounts_ok || tx_sum != amount) {
        /* A batch whose details do not carry amounts that add up: keep the entry whole. */
        camt_out *o = new_txn(s, loc, bdate, date_from);
        o->entry_ref = g_strdup(ntry_ref);
        o->amount5 = amount;
        o->direction = direction;
        o->currency = g_strdup(s->sum.currency->str);
        o->remittance = dup_or_null(s->n_addtl);
        g_queue_push_tail(&s->out, o);
        s->host->log(s->in, CBEC_LOG_WARN, "%s: batch of %u transactions whose amounts do not add up to the "
                     "entry amount: stored as one entry", loc, s->txs->len);
    } else {
        for (i = 0; i < s->txs->len; i++) {
            camt_tx *t = g_ptr_array_index(s->txs, i);
            const char *ccy;
            char *tloc = g_strdup_printf("%s/TxDtls[%u]", loc, i + 1);
            camt_out *o = new_txn(s, tloc, bdate, date_from);
            char tdir = direction;
            g_free(tloc);
            bankstmt_amount(s->host, tx_amount_text(t, &ccy), '.', &o->amount5);
            if (strcmp(t->cdtdbt->str, "CRDT") == 0)
                tdir = 'C';
            else if (strcmp(t->cdtdbt->str, "DBIT") == 0)
                tdir = 'D';
            o->direction = tdir;
            o->reversal = g_ascii_strcasecmp(s->n_rvsl->str, "true") == 0;
            o->currency = g_strdup(s->sum.currency->str);
            /* the TxDtls ordinal keeps it unique even when the bank repeats its reference */
            o->entry_ref = g_strdup_printf("%s/%u", ntry_ref, i + 1);
            o->batch_ref = g_strdup(ntry_ref);
            fill_from_tx(s->host, o, t, tdir);
            g_queue_push_tail(&s->out, o);
        }
    }
done:
    g_free(fallback_ref);
    g_free(loc);
    g_free(sloc);
    reset_entry(s);
}

/* A Stmt ended: queue the statement record (or refuse a conflicting repeat). */
static void end_statement(cbec_source *s)
{
    char *loc = stmt_locator(s);
    camt_out *o;
    int seen, no_balance;

    check_header(s);
    if (s->stmt_refused) {
        if (s->skipped)
            s->host->log(s->in, CBEC_LOG_WARN, "%s: %u entries of the refused statement were not loaded", loc,
                         s->skipped);
        goto done;
    }
    /* A camt.053 without any OPBD/PRCD/CLBD is stored unchecked with a finding, not refused:
     * its entries are already streamed out and would be left without their statement. */
    no_balance = !s->sum.has_opening && !s->sum.has_closing && strcmp(s->msg_kind, "053") == 0;
    if (strcmp(s->msg_kind, "053") == 0 && !no_balance && (!s->sum.has_opening || !s->sum.has_closing))
        s->host->log(s->in, CBEC_LOG_WARN, "%s: %s balance missing: the statement cannot be checked", loc,
                     s->sum.has_opening ? "closing (CLBD)" : "opening (OPBD/PRCD)");
    seen = bankstmt_seen(s->seen, &s->sum);
    if (seen == 2) {
        queue_error(s, "CONFLICTING_DUPLICATE", loc, "statement %s of account %s (opening %s) appears again "
                    "in this file with different balances or totals: refused",
                    s->sum.statement_no->str, s->sum.account->str, s->sum.opening_date->str);
        goto done;
    }
    if (g_ascii_strcasecmp(s->copy_ind->str, "DUPL") == 0 || seen == 1)
        s->host->log(s->in, CBEC_LOG_INFO, "%s: statement %s is a duplicate copy: stored once", loc,
                     s->sum.statement_no->str);
    o = g_new0(camt_out, 1);
    o->kind = CAMT_OUT_STMT;
    o->no_balance = no_balance;
    o->locator = g_strdup(loc);
    g_queue_push_tail(&s->out, o);
    /* the summary is emitted from s->sum when this output is popped; the reader only moves
     * on (and the next Stmt resets s->sum) once the queue is empty */
done:
    g_free(loc);
}

/* The kind ("052", "053", "054") of a message element, or NULL.  Version 01 of the
 * schemas (camt.05x.001.01, still sent by some banks) names it with its version:
 * BkToCstmrStmtV01, BkToCstmrAcctRptV01, BkToCstmrDbtCdtNtfctnV01. */
static const char *message_kind(const char *local)
{
    static const char *const names[][2] = {
        {"BkToCstmrAcctRpt", "052"}, {"BkToCstmrStmt", "053"}, {"BkToCstmrDbtCdtNtfctn", "054"}};
    size_t i, n;
    for (i = 0; i < G_N_ELEMENTS(names); i++) {
        n = strlen(names[i][0]);
        if (strncmp(local, names[i][0], n) == 0 &&
            (local[n] == 0 || (local[n] == 'V' && g_ascii_isdigit(local[n + 1]) && g_ascii_isdigit(local[n + 2]) &&
                               local[n + 3] == 0)))
            return names[i][1];
    }
    return NULL;
}

/* Version and kind from the namespace of the message element. */
static void take_namespace(cbec_source *s, const char *local)
{
    const xmlChar *ns = xmlTextReaderConstNamespaceUri(s->reader);
    const char *p = ns ? strstr((const char *)ns, "camt.05") : NULL;

    g_strlcpy(s->msg_kind, message_kind(local), sizeof s->msg_kind);
    s->version[0] = 0;
    if (p && g_ascii_isdigit(p[7]) && strncmp(p + 8, ".001.", 5) == 0 && g_ascii_isdigit(p[13]) &&
        g_ascii_isdigit(p[14])) {
        s->version[0] = p[13];
        s->version[1] = p[14];
        s->version[2] = 0;
        if (p[7] - '0' != s->msg_kind[2] - '0' || strncmp((const char *)ns, CAMT_STD_NS, strlen(CAMT_STD_NS)) != 0)
            s->ns_warned = 1;
    } else {
        s->ns_warned = 1;
    }
    if (s->ns_warned)
        s->host->log(s->in, CBEC_LOG_WARN, "%s has a nonstandard namespace \"%s\": read by element names",
                     local, ns ? (const char *)ns : "");
}

/* Route the text of an element that just ended, by its path relative to Stmt. */
static void take_text(cbec_source *s, const char *rel, const char *text)
{
    const char *t;
    camt_tx *x = s->tx;

    /* statement header */
    if (strcmp(rel, "Id") == 0)
        g_string_assign(s->stmt_id, text);
    else if (strcmp(rel, "FrToDt/ToDtTm") == 0)
        g_string_assign(s->to_date, text);
    else if (strcmp(rel, "CreDtTm") == 0)
        g_string_assign(s->cre_date, text);
    else if (strcmp(rel, "ElctrncSeqNb") == 0)
        g_string_assign(s->seq_nb, text);
    else if (strcmp(rel, "LglSeqNb") == 0)
        g_string_assign(s->lgl_seq, text);
    else if (strcmp(rel, "AddtlStmtInf") == 0 || strcmp(rel, "AddtlRptInf") == 0 || strcmp(rel, "AddtlNtfctnInf") == 0)
        g_string_assign(s->sum.info, text);
    else if (strcmp(rel, "CpyDplctInd") == 0)
        g_string_assign(s->copy_ind, text);
    else if (strcmp(rel, "Acct/Id/IBAN") == 0 || strcmp(rel, "Acct/Id/Othr/Id") == 0 ||
             strcmp(rel, "Acct/Id/PrtryAcct/Id") == 0 || strcmp(rel, "Acct/Id/BBAN") == 0)   /* the last two: v01 */
        g_string_assign(s->sum.account, text);
    else if (strcmp(rel, "Acct/Ownr/Nm") == 0)
        g_string_assign(s->sum.owner, text);
    else if (strcmp(rel, "Acct/Ccy") == 0)
        g_string_assign(s->acct_ccy, text);
    else if (strcmp(rel, "Acct/Svcr/FinInstnId/BIC") == 0 || strcmp(rel, "Acct/Svcr/FinInstnId/BICFI") == 0)
        g_string_assign(s->bank_bic, text);
    else if (strcmp(rel, "Acct/Svcr/FinInstnId/Nm") == 0)
        g_string_assign(s->bank_name, text);
    /* transaction summary: checked against the booked entries */
    else if (g_str_has_prefix(rel, "TxsSummry/TtlCdtNtries/") || g_str_has_prefix(rel, "TxsSummry/TtlDbtNtries/")) {
        int k = rel[13] == 'C' ? 0 : 1;
        int64_t v;
        if (strcmp(rel + 23, "NbOfNtries") == 0)
            s->summ_n[k] = g_ascii_strtoll(text, NULL, 10);
        else if (strcmp(rel + 23, "Sum") == 0 && bankstmt_amount(s->host, text, '.', &v) == BANKSTMT_AMT_OK)
            s->summ_sum[k] = v;
    }
    /* balances */
    else if (strcmp(rel, "Bal/Tp/CdOrPrtry/Cd") == 0 || strcmp(rel, "Bal/Tp/CdOrPrtry/Prtry") == 0)
        g_string_assign(s->bal_type, text);
    else if (strcmp(rel, "Bal/Amt") == 0)
        g_string_assign(s->bal_amt, text);
    else if (strcmp(rel, "Bal/CdtDbtInd") == 0)
        g_string_assign(s->bal_cd, text);
    else if (strcmp(rel, "Bal/Dt/Dt") == 0 || strcmp(rel, "Bal/Dt/DtTm") == 0)
        g_string_assign(s->bal_date, text);
    /* entries */
    else if (g_str_has_prefix(rel, "Ntry/")) {
        t = rel + 5;
        if (strcmp(t, "NtryRef") == 0)
            g_string_assign(s->n_ref, text);
        else if (strcmp(t, "Amt") == 0)
            g_string_assign(s->n_amt, text);
        else if (strcmp(t, "CdtDbtInd") == 0)
            g_string_assign(s->n_cd, text);
        else if (strcmp(t, "RvslInd") == 0)
            g_string_assign(s->n_rvsl, text);
        else if (strcmp(t, "Sts") == 0 || strcmp(t, "Sts/Cd") == 0 || strcmp(t, "Sts/Prtry") == 0)
            g_string_assign(s->n_sts, text);
        else if (strcmp(t, "BookgDt/Dt") == 0 || strcmp(t, "BookgDt/DtTm") == 0)
            g_string_assign(s->n_bookg, text);
        else if (strcmp(t, "ValDt/Dt") == 0 || strcmp(t, "ValDt/DtTm") == 0)
            g_string_assign(s->n_val, text);
        else if (strcmp(t, "AcctSvcrRef") == 0)
            g_string_assign(s->n_acct_ref, text);
        else if (strcmp(t, "AddtlNtryInf") == 0)
            g_string_assign(s->n_addtl, text);
        else if (strcmp(t, "NtryDtls/Btch/PmtInfId") == 0)
            g_string_assign(s->n_batch_id, text);
        else if (x && g_str_has_prefix(t, "NtryDtls/TxDtls/")) {
            t += 16;
            if (strcmp(t, "Refs/EndToEndId") == 0)
                g_string_assign(x->e2e, text);
            else if (strcmp(t, "Refs/AcctSvcrRef") == 0)
                g_string_assign(x->acct_ref, text);
            else if (strcmp(t, "Amt") == 0)
                g_string_assign(x->amount, text);
            else if (strcmp(t, "CdtDbtInd") == 0)
                g_string_assign(x->cdtdbt, text);
            else if (strcmp(t, "AmtDtls/TxAmt/Amt") == 0)
                g_string_assign(x->tx_amount, text);
            else if (strcmp(t, "AmtDtls/InstdAmt/Amt") == 0)
                g_string_assign(x->instd, text);
            else if (strcmp(t, "RltdPties/Dbtr/Nm") == 0 || strcmp(t, "RltdPties/Dbtr/Pty/Nm") == 0)
                g_string_assign(x->dbtr, text);
            else if (strcmp(t, "RltdPties/Cdtr/Nm") == 0 || strcmp(t, "RltdPties/Cdtr/Pty/Nm") == 0)
                g_string_assign(x->cdtr, text);
            else if (strcmp(t, "RltdPties/DbtrAcct/Id/IBAN") == 0 || strcmp(t, "RltdPties/DbtrAcct/Id/Othr/Id") == 0)
                g_string_assign(x->dbtr_acct, text);
            else if (strcmp(t, "RltdPties/CdtrAcct/Id/IBAN") == 0 || strcmp(t, "RltdPties/CdtrAcct/Id/Othr/Id") == 0)
                g_string_assign(x->cdtr_acct, text);
            else if (strcmp(t, "RmtInf/Ustrd") == 0) {
                if (x->ustrd->len)
                    g_string_append_c(x->ustrd, ' ');
                g_string_append(x->ustrd, text);
            } else if (strcmp(t, "RmtInf/Strd/CdtrRefInf/Ref") == 0)
                g_string_assign(x->strd_ref, text);
            else if (strcmp(t, "AddtlTxInf") == 0)
                g_string_assign(x->addtl, text);
        }
    }
}

/* The Ccy attribute of an amount element, kept where the amount's text will go. */
static void take_currency(cbec_source *s, const char *rel)
{
    xmlChar *ccy = xmlTextReaderGetAttribute(s->reader, BAD_CAST "Ccy");
    GString *dst = NULL;

    if (strcmp(rel, "Bal/Amt") == 0)
        dst = s->bal_ccy;
    else if (strcmp(rel, "Ntry/Amt") == 0)
        dst = s->n_ccy;
    else if (s->tx && strcmp(rel, "Ntry/NtryDtls/TxDtls/Amt") == 0)
        dst = s->tx->amount_ccy;
    else if (s->tx && strcmp(rel, "Ntry/NtryDtls/TxDtls/AmtDtls/TxAmt/Amt") == 0)
        dst = s->tx->tx_amount_ccy;
    else if (s->tx && strcmp(rel, "Ntry/NtryDtls/TxDtls/AmtDtls/InstdAmt/Amt") == 0)
        dst = s->tx->instd_ccy;
    if (dst)
        g_string_assign(dst, ccy ? (const char *)ccy : "");
    xmlFree(ccy);
}

static void build_rel(cbec_source *s)
{
    int i;
    g_string_truncate(s->rel, 0);
    for (i = s->stmt_depth; i < s->depth; i++) {
        if (s->rel->len)
            g_string_append_c(s->rel, '/');
        g_string_append(s->rel, s->path[i]);
    }
}

static void start_element(cbec_source *s, const char *local)
{
    if (s->stmt_depth <= 0 && message_kind(local))
        take_namespace(s, local);
    if (s->stmt_depth <= 0 && s->depth >= 2 &&
        (strcmp(local, "Stmt") == 0 || strcmp(local, "Rpt") == 0 || strcmp(local, "Ntfctn") == 0) &&
        message_kind(s->path[s->depth - 2])) {
        reset_statement(s);
        s->stmt_depth = s->depth;       /* path[stmt_depth..] is relative to Stmt */
        s->stmt_no++;
        if (!s->msg_kind[0])
            g_strlcpy(s->msg_kind, "053", sizeof s->msg_kind);
        g_string_printf(s->sum.format, "camt.%s%s%s", s->msg_kind, s->version[0] ? ".001." : "", s->version);
        return;
    }
    if (s->stmt_depth <= 0)
        return;
    build_rel(s);
    if (strcmp(s->rel->str, "Ntry") == 0) {
        check_header(s);
        s->ntry_no++;
        reset_entry(s);
    } else if (strcmp(s->rel->str, "Ntry/NtryDtls/TxDtls") == 0) {
        s->tx = tx_new();
        g_ptr_array_add(s->txs, s->tx);
    } else if (g_str_has_suffix(s->rel->str, "Amt")) {
        take_currency(s, s->rel->str);
    }
}

static void end_element(cbec_source *s)
{
    if (s->stmt_depth <= 0) {
        if (s->depth >= 2 && s->depth <= CAMT_MAX_DEPTH && strcmp(s->path[s->depth - 1], "CreDtTm") == 0 &&
            strcmp(s->path[s->depth - 2], "GrpHdr") == 0)
            g_string_assign(s->grp_cre_date, g_strstrip(s->text->str));
        return;
    }
    if (s->depth == s->stmt_depth) {
        end_statement(s);
        s->stmt_depth = 0;
        return;
    }
    build_rel(s);
    if (strcmp(s->rel->str, "Bal") == 0)
        end_balance(s);
    else if (strcmp(s->rel->str, "Ntry") == 0)
        end_entry(s);
    else if (strcmp(s->rel->str, "Ntry/NtryDtls/TxDtls") == 0)
        s->tx = NULL;
    else if (s->text->len) {
        g_strstrip(s->text->str);
        s->text->len = strlen(s->text->str);
        take_text(s, s->rel->str, s->text->str);
    }
}

static void push_name(cbec_source *s, const char *local)
{
    if (s->depth < CAMT_MAX_DEPTH)
        s->path[s->depth] = g_strdup(local);
    s->depth++;
}

static void pop_name(cbec_source *s)
{
    if (s->depth <= 0)
        return;
    s->depth--;
    if (s->depth < CAMT_MAX_DEPTH) {
        g_free(s->path[s->depth]);
        s->path[s->depth] = NULL;
    }
}

/* Advance the reader until an output is queued or the document ends.  0 ok, -1 fatal. */
static int pump(cbec_source *s, cbec_error *err)
{
    int r;

    while (g_queue_is_empty(&s->out) && !s->done) {
        r = xmlTextReaderRead(s->reader);
        if (r == 0) {
            s->done = 1;
            if (!s->stmt_no)              /* a message with no statement is not "ok, 0 records" */
                queue_error(s, "NO_STATEMENT", "document", "no Stmt, Rpt or Ntfctn under a BkToCstmrStmt, "
                            "BkToCstmrAcctRpt or BkToCstmrDbtCdtNtfctn element: nothing was read");
            break;
        }
        if (r < 0) {
            const char *ie = s->host->input_error(s->in);
            g_strlcpy(err->reason, s->read_failed == 2 ? "TOO_LARGE" : s->read_failed ? "INPUT_ERROR"
                                                                                     : "MALFORMED_XML",
                      sizeof err->reason);
            err->line = (uint64_t)(s->xml_error_line ? s->xml_error_line
                                                     : xmlTextReaderGetParserLineNumber(s->reader));
            g_snprintf(err->locator, sizeof err->locator, "line %d", (int)err->line);
            if (s->read_failed == 2)
                g_snprintf(err->message, sizeof err->message, "the input exceeds max_bytes (%" G_GINT64_FORMAT
                           " bytes)", s->max_bytes);
            else if (s->read_failed)
                g_snprintf(err->message, sizeof err->message, "%s", ie ? ie : "read error");
            else
                g_snprintf(err->message, sizeof err->message, "malformed XML: %s",
                           s->xml_error[0] ? s->xml_error : "parse error");
            return -1;
        }
        switch (xmlTextReaderNodeType(s->reader)) {
        case XML_READER_TYPE_ELEMENT: {
            const char *local = (const char *)xmlTextReaderConstLocalName(s->reader);
            int empty = xmlTextReaderIsEmptyElement(s->reader);
            if (s->depth >= CAMT_MAX_DEPTH) {
                g_strlcpy(err->reason, "TOO_DEEP", sizeof err->reason);
                g_snprintf(err->message, sizeof err->message, "elements nested deeper than %d", CAMT_MAX_DEPTH);
                return -1;
            }
            push_name(s, local);
            g_string_truncate(s->text, 0);
            start_element(s, local);
            if (empty) {
                end_element(s);
                pop_name(s);
            }
            break;
        }
        case XML_READER_TYPE_END_ELEMENT:
            end_element(s);
            pop_name(s);
            g_string_truncate(s->text, 0);
            break;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
            const char *v = (const char *)xmlTextReaderConstValue(s->reader);
            if (v)
                g_string_append(s->text, v);
            break;
        }
        case XML_READER_TYPE_DOCUMENT_TYPE:
        case XML_READER_TYPE_ENTITY_REFERENCE:
            g_strlcpy(err->reason, "DTD_REFUSED", sizeof err->reason);
            err->line = (uint64_t)xmlTextReaderGetParserLineNumber(s->reader);
            g_snprintf(err->locator, sizeof err->locator, "line %d", (int)err->line);
            g_snprintf(err->message, sizeof err->message, "a document type declaration or entity is not "
                       "allowed in a bank statement");
            return -1;
        default:
            break;
        }
    }
    return 0;
}

static cbec_status camt_next(cbec_source *s, cbec_record *rec, cbec_error *err)
{
    camt_out *o;
    cbec_status st = CBEC_OK;
    bankstmt_txn t;

    if (pump(s, err) != 0)
        return CBEC_FATAL;
    o = g_queue_pop_head(&s->out);
    if (!o)
        return CBEC_EOF;
    switch (o->kind) {
    case CAMT_OUT_ERROR:
        *err = o->err;
        st = CBEC_RECORD_ERROR;
        break;
    case CAMT_OUT_STMT:
        st = bankstmt_emit_statement(s->host, rec, &s->sum, o->locator, err);
        if (st == CBEC_OK) {
            int64_t seen_n[2] = {s->sum.credit_count, s->sum.debit_count};
            int64_t seen_sum[2] = {s->sum.credits5, s->sum.debits5};
            int k;
            for (k = 0; k < 2; k++)
                if ((s->summ_n[k] >= 0 && s->summ_n[k] != seen_n[k]) ||
                    (s->summ_sum[k] >= 0 && s->summ_sum[k] != seen_sum[k]))
                    s->host->rec_finding(rec, "SUMMARY_MISMATCH", "TxsSummry declares %" G_GINT64_FORMAT
                                         " %s entries, %" G_GINT64_FORMAT " booked ones were read",
                                         s->summ_n[k], k ? "debit" : "credit", seen_n[k]);
        }
        if (o->no_balance && st == CBEC_OK)
            s->host->rec_finding(rec, "MISSING_BALANCE", "statement %s has neither an OPBD/PRCD nor a CLBD balance: "
                                 "stored with its entries, it cannot be checked", s->sum.statement_no->str);
        if (s->ns_warned && st == CBEC_OK)
            s->host->rec_finding(rec, "NONSTANDARD_NAMESPACE", "the message namespace is not the ISO 20022 one "
                                 "for %s", s->sum.format->str);
        break;
    case CAMT_OUT_TXN:
        memset(&t, 0, sizeof t);
        t.account = o->account;
        t.entry_ref = o->entry_ref;
        t.booking_date = o->booking_date;
        t.value_date = o->value_date;
        t.amount5 = o->amount5;
        t.currency = o->currency;
        t.direction = o->direction;
        t.reversal = o->reversal;
        t.counterparty = o->counterparty;
        t.counterparty_account = o->counterparty_account;
        t.reference = o->reference;
        t.remittance = o->remittance;
        t.has_instructed = o->has_instructed;
        t.instructed5 = o->instructed5;
        t.instructed_currency = o->instructed_currency;
        t.batch_ref = o->batch_ref;
        t.locator = o->locator;
        t.statement_key = o->statement_key;
        t.entry_seq = o->entry_seq;
        st = bankstmt_emit_txn(s->host, rec, &t, err);
        if (st == CBEC_OK && o->date_from)
            s->host->rec_finding(rec, "DATE_FROM_STATEMENT", "the entry has no booking date: it took the "
                                 "statement's date %s (%s)", o->booking_date, o->date_from);
        break;
    }
    out_free(o);
    return st;
}

static void camt_free(cbec_source *s)
{
    GString *g[] = {s->text, s->rel, s->stmt_id, s->seq_nb, s->lgl_seq, s->acct_ccy, s->bank_bic, s->bank_name,
                    s->copy_ind, s->bal_type, s->bal_amt, s->bal_ccy, s->bal_cd, s->bal_date, s->n_ref, s->n_amt,
                    s->n_ccy, s->n_cd, s->n_rvsl, s->n_sts, s->n_bookg, s->n_val, s->n_acct_ref, s->n_addtl,
                    s->n_batch_id, s->to_date, s->cre_date, s->grp_cre_date, s->stmt_key};
    size_t i;

    if (!s)
        return;
    if (s->reader)
        xmlFreeTextReader(s->reader);
    for (i = 0; i < G_N_ELEMENTS(g); i++)
        if (g[i])
            g_string_free(g[i], TRUE);
    while (s->depth > 0)
        pop_name(s);
    if (s->txs)
        g_ptr_array_free(s->txs, TRUE);
    g_queue_clear_full(&s->out, out_free);
    if (s->seen)
        g_hash_table_destroy(s->seen);
    bankstmt_sum_free(&s->sum);
    g_free(s);
}

static cbec_status camt_open(cbec_source **out, cbec_input *in, const cbec_host *host, cbec_error *err)
{
    cbec_source *s = g_new0(cbec_source, 1);
    const char *mb = host->config(in, "max_bytes");
    GString **g[] = {&s->text, &s->rel, &s->stmt_id, &s->seq_nb, &s->lgl_seq, &s->acct_ccy, &s->bank_bic,
                     &s->bank_name, &s->copy_ind, &s->bal_type, &s->bal_amt, &s->bal_ccy, &s->bal_cd,
                     &s->bal_date, &s->n_ref, &s->n_amt, &s->n_ccy, &s->n_cd, &s->n_rvsl, &s->n_sts, &s->n_bookg,
                     &s->n_val, &s->n_acct_ref, &s->n_addtl, &s->n_batch_id, &s->to_date, &s->cre_date,
                     &s->grp_cre_date, &s->stmt_key};
    size_t i;

    s->host = host;
    s->in = in;
    for (i = 0; i < G_N_ELEMENTS(g); i++)
        *g[i] = g_string_new(NULL);
    bankstmt_sum_init(&s->sum);
    s->txs = g_ptr_array_new_with_free_func(tx_free);
    g_queue_init(&s->out);
    s->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    s->max_bytes = bankstmt_size(mb);

    /* The loader is process-wide: deny everything while we parse, restore on close. */
    camt_prev_loader = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(camt_no_entities);
    s->reader = xmlReaderForIO(camt_read_cb, camt_close_cb, s, host->input_name(in), NULL,
                               XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
    if (!s->reader) {
        g_strlcpy(err->reason, "XML_INIT", sizeof err->reason);
        g_snprintf(err->message, sizeof err->message, "cannot start the XML reader");
        xmlSetExternalEntityLoader(camt_prev_loader);
        camt_free(s);
        return CBEC_FATAL;
    }
    xmlTextReaderSetStructuredErrorHandler(s->reader, camt_xml_error, s);
    *out = s;
    return CBEC_OK;
}

static void camt_close(cbec_source *s)
{
    camt_free(s);
    xmlSetExternalEntityLoader(camt_prev_loader);
}

static const char *const camt_extensions[] = {"xml", "camt", "053", NULL};

static const cbec_config_key camt_keys[] = {
    {CBEC_CONF_SIZE, "max_bytes", "1G", "largest statement file read (a byte budget against hostile XML)"},
    {CBEC_CONF_END, NULL, NULL, NULL}};

static const cbec_source_plugin camt_plugin = {
    .abi_major = CBEC_PLUGIN_ABI_MAJOR,
    .abi_minor = CBEC_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(cbec_source_plugin),
    .name = "camt053",
    .version = "1.0.0",
    .description = "ISO 20022 bank statements camt.053.001.02-08 (and camt.052/054): entries and balance check",
    .license = "MIT",
    .extensions = camt_extensions,
    .config_keys = camt_keys,
    .probe = camt_probe,
    .open = camt_open,
    .next = camt_next,
    .close = camt_close,
};

/** The plugin's one exported symbol: returns the camt053 descriptor. */
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not);
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not)
{
    if (host->abi_major != CBEC_PLUGIN_ABI_MAJOR) {
        *why_not = "host speaks another ABI major";
        return NULL;
    }
    return &camt_plugin;
}
