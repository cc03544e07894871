/**
 * @file mt940.c
 * @brief Source plugin `mt940`: SWIFT MT940 customer statements and MT942 interim reports.
 *
 * Messages may be bare or wrapped in a FIN envelope ({1:}{2:}{4: ... -}), framed by
 * SOH/ETX bytes, preceded by bank header lines, with CRLF, LF or CR line ends.  A field
 * starts with a known `:tag:` at the start of a line; other lines continue the field.
 * Each `:61:` (with its `:86:`) becomes a bank_txn; after the closing balance the
 * statement is emitted with its balance check (MT942: its :90D:/:90C: counts and sums).
 *
 * Entries of a statement are held back until the statement is complete (up to
 * MT_HOLD_MAX entries) so that a statement refused at its closing balance does not leave
 * entries behind.  Lines are decoded one by one: valid UTF-8 stays as is, anything else is
 * converted from the configured `encoding` strictly (an undecodable byte is a record error
 * with its line, never dropped).  With no code page configured (`auto`), a narrative that
 * is not UTF-8 (:61: details, :86:) is decoded by a guess from the bank's country
 * (codepage.c) and the record carries an ENCODING_GUESSED finding: a money line is not
 * lost for its text.  Other fields are not read by a guess.  A balance line without its
 * currency takes the statement's (CURRENCY_INHERITED); a statement where no line names
 * one is refused alone.  A :60M: page that continues the page before under the very same
 * statement number and opening date is numbered apart ("7/1 p2", PAGE_RENUMBERED) rather
 * than refused as a conflicting repeat.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bankkit/bankstmt.h"
#include "codepage.h"

#define MT_LINE_MAX 8192          /* longer lines are an error of their field */
#define MT_FIELD_MAX 65536        /* a field longer than this is cut (with an error) */
#define MT_HOLD_MAX 20000         /* entries held back per statement before streaming (~30 MB) */

/** Kinds of queued outputs. */
typedef enum mt_out_kind { MT_OUT_TXN, MT_OUT_STMT, MT_OUT_ERROR } mt_out_kind;

/** A parsed :61: with its :86:, or a queued statement/error. */
typedef struct mt_out {
    mt_out_kind kind;
    unsigned serial;              /* statement it belongs to */
    char *account, *entry_ref, *booking_date, *value_date, *currency, *counterparty, *counterparty_account,
        *reference, *remittance, *raw_info, *locator, *warning, *statement_key;
    char *enc_note;               /* TXN/STMT: how its text was decoded when the code page was guessed */
    char *ccy_note;               /* STMT: which balance line inherited its currency from where */
    char *page_note;              /* STMT: a continuation page renumbered to keep it apart */
    int64_t amount5, entry_seq;
    char direction;
    int reversal;
    cbec_error err;               /* ERROR */
    bankstmt_sum *sum;            /* STMT: the statement as it was when it ended */
    char *raw;
} mt_out;

struct cbec_source {
    const cbec_host *host;
    cbec_input *in;
    unsigned char buf[65536];
    size_t len, pos;
    int eof, finished;
    uint64_t line_no;
    GString *line;                 /* raw bytes of the current line */
    int line_long;
    char *encoding;                /* configured code page; NULL = UTF-8, or guessed when enc_auto */
    int enc_auto;                  /* no code page configured: guess one for narrative text */
    int guess_logged;              /* the guess is logged once per input, noted on every record */

    /* field being collected */
    char tag[5];
    GString *field;
    uint64_t field_line, bad_line; /* bad_line: first undecodable line of the field */
    uint64_t guess_line;           /* first line of the field decoded by a guessed code page */
    char *line_note, *field_note;  /* how the last guessed line / the field's first one was decoded */
    int pending_dash;              /* a lone "-" line not yet known to be a terminator */
    uint64_t pending_dash_line;

    /* message / statement */
    GString *bank, *ref20;
    GString *lt_bic;               /* logical terminal address of the {1:} block */
    int b2_input;                  /* {2:I...}: the {1:} block is the sender, {2:} the receiver */
    char *stmt_enc_note;           /* the statement's own :86: was decoded by a guess */
    /* balance lines without currency (":62F:C020324" + amount): inherited, else refused */
    GString *ccy_missing;          /* their tags, ":60F: :62F:" */
    uint64_t ccy_missing_line;
    char ccy_src[8];               /* the tag that gave the statement its currency */
    char ccy_hint[4], ccy_hint_src[8];   /* currency of :64:/:65:, used only when nothing else has one */
    bankstmt_sum sum;
    int stmt_open, stmt_refused, stmt_closed, is942;
    int has_entry_date;            /* MT942 :13D: */
    uint64_t stmt_line;
    unsigned entry_no, skipped, held;
    unsigned txn_seq;              /* bank_txn rows of this statement: their entry_seq */
    unsigned serial;               /* ordinal of the current statement */
    mt_out *cur;                   /* the :61: waiting for its :86: */
    GHashTable *refs;              /* entry_refs of this statement */
    /* The page before, to tell a continuation page (:62M: ... :60M:) from a repeat when
     * the bank numbers both pages alike (":28:1/1" twice). */
    int closing_m;                 /* this statement closed with :62M: */
    GString *prev_key;             /* account|statement number of the last page closed by :62M:, or "" */
    int64_t prev_close5;           /* its intermediate closing balance */
    unsigned prev_page;            /* its page ordinal (1 = the first) */
    char prev_open_date[11];       /* its opening date */
    unsigned page;                 /* this statement's page ordinal in such a chain, 0 = none */
    char *page_base;               /* the number both pages carry, when this page was renumbered */
    char *page_note;               /* why it was renumbered (its finding) */

    GQueue out;
    GHashTable *seen;
};

static const char *const MT_TAGS[] = {"20", "21", "25", "28", "28C", "60F", "60M", "61", "86", "62F", "62M",
                                      "64", "65", "34F", "13", "13D", "90D", "90C", "NS", NULL};

static void out_free(gpointer p)
{
    mt_out *o = p;
    size_t i;
    if (!o)
        return;    /* before any &o->member: taking a member's address of NULL is undefined */
    char **f[] = {&o->account, &o->entry_ref, &o->booking_date, &o->value_date, &o->currency, &o->counterparty,
                  &o->counterparty_account, &o->reference, &o->remittance, &o->raw_info, &o->locator,
                  &o->warning, &o->raw, &o->enc_note, &o->ccy_note, &o->statement_key,
                  &o->page_note};
    if (o->sum) {
        bankstmt_sum_free(o->sum);
        g_free(o->sum);
    }
    for (i = 0; i < G_N_ELEMENTS(f); i++)
        g_free(*f[i]);
    g_free(o);
}

/* ---- probe ---- */

static int mt_probe(const cbec_probe_input *in, const cbec_host *host)
{
    int score = CBEC_SCORE_NONE;
    (void)host;

    if (bankstmt_head_has(in, "{1:F01") &&
        (bankstmt_head_has(in, "{2:O940") || bankstmt_head_has(in, "{2:O942") ||
         bankstmt_head_has(in, "{2:I940") || bankstmt_head_has(in, "{2:I942")))
        return CBEC_SCORE_CERTAIN;
    if (bankstmt_head_has(in, ":20:") && bankstmt_head_has(in, ":25:")) {
        if (bankstmt_head_has(in, ":60F:") || bankstmt_head_has(in, ":60M:") || bankstmt_head_has(in, ":28C:"))
            score = CBEC_SCORE_MAGIC + 5;
        else if (bankstmt_head_has(in, ":34F:") || bankstmt_head_has(in, ":13D:"))
            score = CBEC_SCORE_MAGIC + 5;   /* MT942 */
        else
            score = CBEC_SCORE_HEURISTIC;
    }
    return score;
}

/* ---- helpers ---- */

static mt_out *queue_error(cbec_source *s, uint64_t line, const char *reason, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
static mt_out *queue_error(cbec_source *s, uint64_t line, const char *reason, const char *fmt, ...)
{
    mt_out *o = g_new0(mt_out, 1);
    va_list ap;
    o->kind = MT_OUT_ERROR;
    g_strlcpy(o->err.reason, reason, sizeof o->err.reason);
    o->err.line = line;
    g_snprintf(o->err.locator, sizeof o->err.locator, "line %" G_GUINT64_FORMAT, line);
    va_start(ap, fmt);
    g_vsnprintf(o->err.message, sizeof o->err.message, fmt, ap);
    va_end(ap);
    g_queue_push_tail(&s->out, o);
    return o;
}

/* YYMMDD -> checked date; 0 ok, 1 30/360 day clamped (warning), -1 impossible. */
static int mt_date(const char *p, char out[11], int *year)
{
    int y, m, d, rc;
    if (!g_ascii_isdigit(p[0]) || !g_ascii_isdigit(p[1]) || !g_ascii_isdigit(p[2]) || !g_ascii_isdigit(p[3]) ||
        !g_ascii_isdigit(p[4]) || !g_ascii_isdigit(p[5]))
        return -1;
    y = (p[0] - '0') * 10 + (p[1] - '0');
    y += y < 80 ? 2000 : 1900;
    m = (p[2] - '0') * 10 + (p[3] - '0');
    d = (p[4] - '0') * 10 + (p[5] - '0');
    rc = bankstmt_check_date(y, m, d);
    if (rc < 0)
        return -1;
    if (rc == 1)
        d = g_date_is_leap_year((GDateYear)y) ? 29 : 28;   /* 30/360 day: the last real day */
    g_snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    if (year)
        *year = y;
    return rc;
}

/* Balance field "C261125EUR1234,56" -> signed amount, date, currency.  Some banks leave
 * the currency out ("C020324" + amount): ccy is then "" and the caller decides where it
 * comes from; letters that are not a currency code stay an error. */
static int parse_balance(cbec_source *s, const char *v, int64_t *amount, char date[11], char ccy[4],
                         const char **why)
{
    char mark = v[0];
    const char *p;
    bankstmt_amt_rc rc;
    int dr;

    *why = NULL;
    if (mark != 'C' && mark != 'D') {
        *why = "does not start with C or D";
        return -1;
    }
    dr = mt_date(v + 1, date, NULL);
    if (dr < 0) {
        *why = "has no valid date YYMMDD";
        return -2;
    }
    p = v + 7;
    if (g_ascii_isupper(p[0]) && g_ascii_isupper(p[1]) && g_ascii_isupper(p[2])) {
        memcpy(ccy, p, 3);
        ccy[3] = 0;
        p += 3;
    } else if (g_ascii_isdigit(p[0])) {
        ccy[0] = 0;                    /* the amount follows the date directly */
    } else {
        *why = "has no currency";
        return -3;
    }
    {
        char *t = g_strstrip(g_strdup(p));
        if (!strchr(t, ','))
            rc = BANKSTMT_AMT_INVALID;          /* the decimal comma is mandatory in balances */
        else
            rc = bankstmt_amount(s->host, t, ',', amount);
        g_free(t);
    }
    if (rc != BANKSTMT_AMT_OK) {
        *why = "has no valid amount with a decimal comma";
        return -4;
    }
    if (mark == 'D')
        *amount = -*amount;
    (void)s;
    return dr;
}

/* ---- :86: dialects ---- */

/* German ?NN subfields (or > / < separators): counterparty, account, purpose, SEPA keywords. */
static int split_german(const char *info, mt_out *o)
{
    char sep;
    const char *p;
    GString *purpose = g_string_new(NULL), *name = g_string_new(NULL), *acct = g_string_new(NULL);
    static const char *const kw[] = {"EREF+", "KREF+", "MREF+", "CRED+", "DEBT+", "SVWZ+", "ABWA+", "ABWE+",
                                     "COAM+", "OAMT+", "IBAN+", "BIC+", NULL};
    int i;

    if (strlen(info) < 4 || !g_ascii_isdigit(info[0]) || !g_ascii_isdigit(info[1]) || !g_ascii_isdigit(info[2]))
        goto no;
    sep = info[3];
    if (sep != '?' && sep != '>' && sep != '<')
        goto no;
    for (p = info + 3; *p;) {
        const char *start, *end;
        int code;
        if (*p != sep || !g_ascii_isdigit(p[1]) || !g_ascii_isdigit(p[2])) {
            p++;
            continue;
        }
        code = (p[1] - '0') * 10 + (p[2] - '0');
        start = p + 3;
        for (end = start; *end && !(*end == sep && g_ascii_isdigit(end[1]) && g_ascii_isdigit(end[2])); end++)
            ;
        if ((code >= 20 && code <= 29) || (code >= 60 && code <= 63))
            g_string_append_len(purpose, start, end - start);
        else if (code == 32 || code == 33)
            g_string_append_len(name, start, end - start);
        else if (code == 31)
            g_string_append_len(acct, start, end - start);
        p = end;
    }
    /* SEPA keywords inside the purpose */
    {
        const char *found[G_N_ELEMENTS(kw)] = {0};
        int any = 0;
        for (i = 0; kw[i]; i++)
            if ((found[i] = strstr(purpose->str, kw[i])) != NULL)
                any = 1;
        if (any) {
            for (i = 0; kw[i]; i++) {
                const char *v, *e;
                int j;
                if (!found[i])
                    continue;
                v = found[i] + strlen(kw[i]);
                e = v + strlen(v);
                for (j = 0; kw[j]; j++)
                    if (found[j] && found[j] > found[i] && found[j] < e)
                        e = found[j];
                if (strcmp(kw[i], "EREF+") == 0) {
                    char *r = g_strstrip(g_strndup(v, (gsize)(e - v)));
                    if (*r && g_ascii_strcasecmp(r, "NOTPROVIDED") != 0) {
                        g_free(o->reference);
                        o->reference = r;
                    } else
                        g_free(r);
                } else if (strcmp(kw[i], "SVWZ+") == 0) {
                    g_free(o->remittance);
                    o->remittance = g_strstrip(g_strndup(v, (gsize)(e - v)));
                }
            }
        }
        /* with SEPA keywords the text is SVWZ+; without, the whole purpose */
        if (!any && purpose->len)
            o->remittance = g_strstrip(g_strdup(purpose->str));
    }
    if (name->len)
        o->counterparty = g_strstrip(g_strdup(name->str));
    if (acct->len)
        o->counterparty_account = g_strstrip(g_strdup(acct->str));
    g_string_free(purpose, TRUE);
    g_string_free(name, TRUE);
    g_string_free(acct, TRUE);
    return 1;
no:
    g_string_free(purpose, TRUE);
    g_string_free(name, TRUE);
    g_string_free(acct, TRUE);
    return 0;
}

/* One /CODE/value of the Dutch dialect. */
static void dutch_value(mt_out *o, const char *code, const char *start, const char *end)
{
    char *v = g_strndup(start, (gsize)(end - start));
    size_t l = strlen(v);

    if (l && v[l - 1] == '/')
        v[--l] = 0;                      /* ING separates pairs with "//" */
    if (strcmp(code, "NAME") == 0 && !o->counterparty)
        o->counterparty = g_strstrip(g_strdup(v));
    else if (strcmp(code, "IBAN") == 0 && !o->counterparty_account)
        o->counterparty_account = g_strstrip(g_strdup(v));
    else if (strcmp(code, "EREF") == 0 && *v && g_ascii_strcasecmp(v, "NOTPROVIDED") != 0 && !o->reference)
        o->reference = g_strstrip(g_strdup(v));
    else if (strcmp(code, "REMI") == 0 && !o->remittance) {
        const char *r = v;
        if (g_str_has_prefix(r, "USTD//"))
            r += 6;
        else if (g_str_has_prefix(r, "STRD/CUR/"))
            r += 9;
        o->remittance = g_strstrip(g_strdup(r));
    } else if (strcmp(code, "CNTP") == 0) {   /* account/BIC/name/city */
        char **parts = g_strsplit(v, "/", 4);
        if (parts[0] && *parts[0] && !o->counterparty_account)
            o->counterparty_account = g_strdup(parts[0]);
        if (parts[0] && parts[1] && parts[2] && *parts[2] && !o->counterparty)
            o->counterparty = g_strdup(parts[2]);
        g_strfreev(parts);
    }
    g_free(v);
}

/* Dutch /CODE/value/ pairs (ING, Rabobank, ABN AMRO). */
static int split_dutch(const char *info, mt_out *o)
{
    static const char *const codes[] = {"TRTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "MARF", "CSID", "ORDP",
                                        "BENM", "ID", "ADDR", "CNTP", "PURP", "RTRN", "ISDT", "CDTRREF",
                                        "CDTRREFTP", "SCOR", "ULTC", "ULTD", "EXCH", "CHGS", "OCMT", "PREF",
                                        "SVCL", "CD", "ISSR", "NRTX", "TRCD", NULL};
    const char *p, *vstart = NULL, *cur = NULL;
    int n = 0, i;

    if (info[0] != '/')
        return 0;
    /* at each '/', see whether a known CODE followed by '/' starts there */
    for (p = info; *p; p++) {
        const char *hit = NULL;
        size_t hl = 0;
        if (*p != '/')
            continue;
        for (i = 0; codes[i]; i++) {
            size_t l = strlen(codes[i]);
            if (strncmp(p + 1, codes[i], l) == 0 && p[1 + l] == '/' && l > hl) {
                hit = codes[i];
                hl = l;
            }
        }
        if (!hit)
            continue;
        if (cur)
            dutch_value(o, cur, vstart, p);
        cur = hit;
        n++;
        p += hl + 1;                     /* p at the '/' after CODE */
        vstart = p + 1;
    }
    if (cur)
        dutch_value(o, cur, vstart, vstart + strlen(vstart));
    return n >= 1;
}

/* Keep :86: raw, and split it where a known dialect applies. */
static void take_info(mt_out *o, const char *raw)
{
    GString *joined = g_string_new(NULL);
    const char *p;

    o->raw_info = g_strdup(raw);
    /* continuation lines are a 65/27-column wrap, not separators */
    for (p = raw; *p; p++)
        if (*p != '\n')
            g_string_append_c(joined, *p);
    if (!split_german(joined->str, o) && !split_dutch(joined->str, o)) {
        char *t = g_strdup(raw);
        g_strdelimit(t, "\n", ' ');
        o->remittance = g_strstrip(t);
    }
    g_string_free(joined, TRUE);
}

/* ---- entries ---- */

/* Parse a :61: statement line.  Returns 0, or -1 with *why (unanchorable / bad date). */
static int parse61(cbec_source *s, const char *v, mt_out *o, const char **reason, char *why, size_t whylen)
{
    const char *p = v, *nl = strchr(v, '\n'), *amt_start, *refs;
    char vdate[11], bdate[11];
    int vyear, rc, mark_rev = 0;
    char dir;
    GString *amount = g_string_new(NULL), *warn = g_string_new(NULL);
    char *line1 = nl ? g_strndup(v, (gsize)(nl - v)) : g_strdup(v);
    bankstmt_amt_rc arc;
    int ret = -1;

    *reason = "BAD_61";
    p = line1;
    rc = mt_date(p, vdate, &vyear);
    if (rc < 0) {
        if (strlen(p) >= 6 && g_ascii_isdigit(p[0]) && g_ascii_isdigit(p[5])) {
            *reason = "BAD_DATE";
            g_snprintf(why, whylen, "value date %.6s is not a real date", p);
        } else
            g_snprintf(why, whylen, ":61: does not start with a value date YYMMDD: cannot anchor the line");
        goto done;
    }
    if (rc == 1)
        g_string_append_printf(warn, "value date %.6s is a 30/360 day, stored as %s; ", p, vdate);
    p += 6;
    g_strlcpy(bdate, vdate, sizeof bdate);
    if (g_ascii_isdigit(p[0]) && g_ascii_isdigit(p[1]) && g_ascii_isdigit(p[2]) && g_ascii_isdigit(p[3])) {
        int em = (p[0] - '0') * 10 + (p[1] - '0'), ed = (p[2] - '0') * 10 + (p[3] - '0');
        int vm = (vdate[5] - '0') * 10 + (vdate[6] - '0');
        int ey = vyear;
        if (em == 12 && vm == 1)
            ey--;                        /* booked in December, value date in January */
        else if (em == 1 && vm == 12)
            ey++;                        /* booked in January for a December value date */
        rc = bankstmt_check_date(ey, em, ed);
        if (rc < 0) {
            *reason = "BAD_DATE";
            g_snprintf(why, whylen, "entry date %.4s is not a real date", p);
            goto done;
        }
        if (rc == 1) {
            g_string_append_printf(warn, "entry date %.4s is a 30/360 day; ", p);
            ed = g_date_is_leap_year((GDateYear)ey) ? 29 : 28;
        }
        g_snprintf(bdate, sizeof bdate, "%04d-%02d-%02d", ey, em, ed);
        p += 4;
    } else if (strncmp(p, "    ", 4) == 0) {
        p += 4;                          /* entry date left blank */
    }
    if (strncmp(p, "RC", 2) == 0 || strncmp(p, "RD", 2) == 0) {
        dir = p[1] == 'C' ? 'D' : 'C';   /* reversal of a credit = money out */
        mark_rev = 1;
        p += 2;
    } else if (strncmp(p, "EC", 2) == 0 || strncmp(p, "ED", 2) == 0) {
        dir = p[1];
        p += 2;
    } else if (*p == 'C' || *p == 'D') {
        dir = *p++;
    } else {
        g_snprintf(why, whylen, ":61: has no debit/credit mark (C, D, RC, RD, EC, ED) after the dates: cannot "
                   "anchor the line");
        goto done;
    }
    if (g_ascii_isalpha(*p))
        p++;                             /* funds code: third letter of the currency code */
    amt_start = p;
    while (g_ascii_isdigit(*p) || *p == ',')
        g_string_append_c(amount, *p++);
    if (p == amt_start || !g_ascii_isdigit(amount->str[0])) {
        g_snprintf(why, whylen, ":61: has no amount after the mark: cannot anchor the line");
        goto done;
    }
    if (!strchr(amount->str, ','))
        g_string_append_printf(warn, "amount %s has no decimal comma, read as whole units; ", amount->str);
    arc = bankstmt_amount(s->host, amount->str, ',', &o->amount5);
    if (arc != BANKSTMT_AMT_OK) {
        *reason = "BAD_AMOUNT";
        g_snprintf(why, whylen, "amount %s: %s", amount->str, bankstmt_amount_strerror(arc));
        goto done;
    }
    if (!((*p == 'N' || *p == 'S' || *p == 'F') && p[1] && p[2] && p[3])) {
        /* Another capital and three letters/digits ("MCI0") still close the amount for sure:
         * the type code only classifies the entry, so keep the money line and say so. */
        if (g_ascii_isupper(p[0]) && g_ascii_isalnum(p[1]) && g_ascii_isalnum(p[2]) && g_ascii_isalnum(p[3])) {
            g_string_append_printf(warn, "transaction type %.4s does not start with N, S or F; ", p);
        } else {
            g_snprintf(why, whylen, ":61: has no transaction type (N/S/F + 3 characters) after the amount %s",
                       amount->str);
            goto done;
        }
    }
    p += 4;
    refs = p;
    {
        const char *slashes = strstr(refs, "//");
        char *cust = slashes ? g_strndup(refs, (gsize)(slashes - refs)) : g_strdup(refs);
        char *bank = slashes ? g_strdup(slashes + 2) : NULL;
        g_strstrip(cust);
        if (bank)
            g_strstrip(bank);
        if (strlen(cust) > 16)
            g_string_append_printf(warn, "customer reference longer than 16 characters kept whole; ");
        if (bank && strlen(bank) > 16) {
            /* an overlong bank reference may run into the details: keep its first 16 */
            g_string_append_printf(warn, "bank reference longer than 16 characters; ");
        }
        if (*cust && g_ascii_strcasecmp(cust, "NONREF") != 0)
            o->reference = g_strdup(cust);
        /* entry_ref: bank reference, dated, unique within the statement */
        {
            const char *base = bank && *bank ? bank : NULL;
            char *ref = base ? g_strdup_printf("%s/%s", bdate, base)
                             : g_strdup_printf("%s/%s#%u", bdate, s->sum.statement_no->str, s->entry_no);
            if (g_hash_table_contains(s->refs, ref)) {
                char *r2 = g_strdup_printf("%s#%u", ref, s->entry_no);
                g_free(ref);
                ref = r2;
            }
            g_hash_table_add(s->refs, g_strdup(ref));
            o->entry_ref = ref;
        }
        g_free(cust);
        g_free(bank);
    }
    if (nl && nl[1]) {
        char *details = g_strstrip(g_strdup(nl + 1));
        if (*details)
            o->remittance = details;     /* supplementary details, until a :86: says more */
        else
            g_free(details);
    }
    o->direction = dir;
    o->reversal = mark_rev;
    o->value_date = g_strdup(vdate);
    o->booking_date = g_strdup(bdate);
    if (warn->len) {
        g_string_truncate(warn, warn->len - 2);
        o->warning = g_strdup(warn->str);
    }
    ret = 0;
done:
    g_free(line1);
    g_string_free(amount, TRUE);
    g_string_free(warn, TRUE);
    return ret;
}

/* The pending :61: is complete: count it and queue it. */
static void flush_entry(cbec_source *s)
{
    mt_out *o = s->cur;
    if (!o)
        return;
    s->cur = NULL;
    if (s->stmt_refused) {
        s->skipped++;
        out_free(o);
        return;
    }
    bankstmt_sum_entry(&s->sum, o->direction, o->amount5);
    o->serial = s->serial;
    /* the entry is its place in the statement (:28C: + opening date): banks repeat a reference */
    o->statement_key = bankstmt_statement_key(&s->sum);
    o->entry_seq = ++s->txn_seq;
    g_queue_push_tail(&s->out, o);
    s->held++;
}

/* Drop the held entries of a refused statement (errors stay). */
static void drop_held(cbec_source *s)
{
    GList *l = s->out.head, *next;
    while (l) {
        mt_out *o = l->data;
        next = l->next;
        if (o->kind == MT_OUT_TXN && o->serial == s->serial) {
            g_queue_delete_link(&s->out, l);
            out_free(o);
            s->skipped++;
        }
        l = next;
    }
}

static void start_statement(cbec_source *s)
{
    bankstmt_sum_reset(&s->sum);
    s->stmt_open = 1;
    s->serial++;
    s->stmt_refused = 0;
    s->stmt_closed = 0;
    s->is942 = 0;
    s->has_entry_date = 0;
    s->entry_no = 0;
    s->skipped = 0;
    s->held = 0;
    s->txn_seq = 0;
    s->stmt_line = s->field_line;
    g_hash_table_remove_all(s->refs);
    g_free(s->stmt_enc_note);
    s->stmt_enc_note = NULL;
    g_string_truncate(s->ccy_missing, 0);
    s->ccy_missing_line = 0;
    s->ccy_src[0] = s->ccy_hint[0] = s->ccy_hint_src[0] = 0;
    s->closing_m = 0;
    s->page = 0;
    g_free(s->page_base);
    s->page_base = NULL;
    g_free(s->page_note);
    s->page_note = NULL;
}

/* The statement ends: remember it when it closed with :62M:, for the page after it. */
static void remember_page(cbec_source *s)
{
    g_string_truncate(s->prev_key, 0);
    if (!s->sum.has_closing || !s->closing_m)
        return;
    g_string_printf(s->prev_key, "%s|%s", s->sum.account->str, s->page_base ? s->page_base : s->sum.statement_no->str);
    s->prev_close5 = s->sum.closing5;
    s->prev_page = s->page ? s->page : 1;
    g_strlcpy(s->prev_open_date, s->sum.opening_date->str, sizeof s->prev_open_date);
}

/* An opening :60M: that carries on the page before under the very same statement number
 * and opening date (":28:1/1" on both pages of a German STARTUMS export) would be taken
 * for a conflicting repeat of that page and refused with its entries.  It continues the
 * chain when its opening is the page before's intermediate closing: number it apart. */
static void number_continuation(cbec_source *s, int64_t opening5, const char *date)
{
    char *key;
    if (!s->prev_key->len)
        return;
    key = g_strdup_printf("%s|%s", s->sum.account->str, s->sum.statement_no->str);
    if (strcmp(key, s->prev_key->str) == 0 && opening5 == s->prev_close5 && strcmp(date, s->prev_open_date) == 0) {
        s->page = s->prev_page + 1;
        /* a second :60M: in one statement (found by fuzzing) renumbers again: drop the first */
        g_free(s->page_base);
        g_free(s->page_note);
        s->page_base = g_strdup(s->sum.statement_no->str);
        g_string_append_printf(s->sum.statement_no, " p%u", s->page);
        s->page_note = g_strdup_printf(":60M: continues the page before it (whose :62M: closes at the same balance) "
                                       "under the same number %s and opening date: stored as statement %s",
                                       s->page_base, s->sum.statement_no->str);
    }
    g_free(key);
}

static void settle_account(cbec_source *s, const char *ccy);

/* Balance lines without currency: the statement's currency from its other lines, else
 * from :64:/:65:, else from an account written with its currency; else the statement is
 * refused.  Returns the note for the statement's finding, or NULL (refused). */
static char *resolve_currency(cbec_source *s)
{
    GString *a = s->sum.account;
    const char *src = s->ccy_src;
    GList *l;

    if (!s->sum.currency->len && s->ccy_hint[0]) {
        g_string_assign(s->sum.currency, s->ccy_hint);
        src = s->ccy_hint_src;
    } else if (!s->sum.currency->len && a->len > 3 && g_ascii_isdigit(a->str[a->len - 4]) &&
               g_ascii_isupper(a->str[a->len - 3]) && g_ascii_isupper(a->str[a->len - 2]) &&
               g_ascii_isupper(a->str[a->len - 1])) {
        g_string_assign(s->sum.currency, a->str + a->len - 3);   /* "NL69INGB0123456789EUR" */
        src = "the account :25:";
    }
    if (!s->sum.currency->len) {
        queue_error(s, s->ccy_missing_line, "BALANCE_NO_CURRENCY", "statement %s of %s: %s without currency, and no "
                    "other balance line (:60F: :62F: :64: :65:) nor the account names one: the statement is refused",
                    s->sum.statement_no->str, a->str, s->ccy_missing->str);
        return NULL;
    }
    settle_account(s, s->sum.currency->str);
    /* entries booked before the currency was known take it now, and the settled account */
    for (l = s->out.head; l; l = l->next) {
        mt_out *o = l->data;
        if (o->kind != MT_OUT_TXN || o->serial != s->serial)
            continue;
        if (!o->currency)
            o->currency = g_strdup(s->sum.currency->str);
        if (g_strcmp0(o->account, a->str) != 0) {
            g_free(o->account);
            o->account = g_strdup(a->str);
        }
    }
    return g_strdup_printf("%s without currency: %s taken from %s", s->ccy_missing->str, s->sum.currency->str, src);
}

/* The statement ends (next :20:, terminator, end of input): queue its record. */
static void end_statement(cbec_source *s)
{
    mt_out *o;
    int seen;
    char *ccy_note = NULL;

    if (!s->stmt_open)
        return;
    flush_entry(s);
    s->stmt_open = 0;
    remember_page(s);
    if (!s->stmt_refused && s->ccy_missing->len && !(ccy_note = resolve_currency(s)))
        s->stmt_refused = 1;
    if (s->bank->len && !s->sum.bank->len)
        g_string_assign(s->sum.bank, s->bank->str);
    g_string_assign(s->sum.format, s->is942 ? "mt942" : "mt940");
    if (!s->stmt_refused && !s->sum.account->len) {
        queue_error(s, s->stmt_line, "MISSING_ACCOUNT", "statement %s has no :25: account: refused",
                    s->ref20->str);
        s->stmt_refused = 1;
    }
    if (!s->stmt_refused && !s->is942 && !s->sum.has_closing) {
        queue_error(s, s->stmt_line, "MISSING_BALANCE", "statement %s of %s has no closing balance :62F:/:62M:: "
                    "refused", s->sum.statement_no->str, s->sum.account->str);
        s->stmt_refused = 1;
    }
    if (!s->stmt_refused && !s->is942 && !s->sum.has_opening) {
        queue_error(s, s->stmt_line, "MISSING_BALANCE", "statement %s of %s has no opening balance :60F:/:60M:: "
                    "refused", s->sum.statement_no->str, s->sum.account->str);
        s->stmt_refused = 1;
    }
    if (!s->stmt_refused) {
        seen = bankstmt_seen(s->seen, &s->sum);
        if (seen == 2) {
            queue_error(s, s->stmt_line, "CONFLICTING_DUPLICATE", "statement %s of %s (opening %s) appears again "
                        "in this input with different balances or entries: refused with its entries",
                        s->sum.statement_no->str, s->sum.account->str, s->sum.opening_date->str);
            s->stmt_refused = 1;
        }
    }
    if (s->stmt_refused) {
        drop_held(s);
        if (s->skipped)
            s->host->log(s->in, CBEC_LOG_WARN, "line %" G_GUINT64_FORMAT ": %u entries of the refused statement "
                         "were not loaded", s->stmt_line, s->skipped);
        g_free(ccy_note);
        return;
    }
    o = g_new0(mt_out, 1);
    o->kind = MT_OUT_STMT;
    o->ccy_note = ccy_note;
    o->page_note = s->page_note;
    s->page_note = NULL;
    o->enc_note = s->stmt_enc_note;
    s->stmt_enc_note = NULL;
    o->sum = bankstmt_sum_dup(&s->sum);    /* the next :20: resets s->sum before this is emitted */
    o->locator = g_strdup_printf("line %" G_GUINT64_FORMAT, s->stmt_line);
    g_queue_push_tail(&s->out, o);
}

/* Strip the currency an account field sometimes carries ("NL69INGB0123456789EUR"). */
static void settle_account(cbec_source *s, const char *ccy)
{
    GString *a = s->sum.account;
    if (a->len > 3 && strcmp(a->str + a->len - 3, ccy) == 0 && g_ascii_isdigit(a->str[a->len - 4]))
        g_string_truncate(a, a->len - 3);
}

/* A field is complete: act on it. */
static void take_field(cbec_source *s)
{
    const char *tag = s->tag;
    char *v;
    const char *why;
    int64_t amount;
    char date[11], ccy[4];
    int rc;

    if (!tag[0])
        return;
    v = s->field->str;
    /* trailing line breaks belong to nobody */
    while (s->field->len && (v[s->field->len - 1] == '\n' || v[s->field->len - 1] == ' '))
        g_string_truncate(s->field, s->field->len - 1);

    if (strcmp(tag, "20") == 0) {
        end_statement(s);
        start_statement(s);
        g_string_assign(s->ref20, g_strstrip(v));
        goto done;
    }
    if (!s->stmt_open) {
        /* a field outside a statement (no :20: yet): start one so it is not lost */
        start_statement(s);
        g_string_truncate(s->ref20, 0);
    }
    if ((s->bad_line || s->guess_line) && strcmp(tag, "61") != 0 && strcmp(tag, "86") != 0) {
        /* a guessed code page is trusted for narrative text only, never for accounts or balances */
        if (!s->stmt_refused)
            queue_error(s, s->bad_line ? s->bad_line : s->guess_line, "UNDECODABLE",
                        "field :%s: has bytes that are not valid %s: the statement is refused", tag,
                        s->encoding ? s->encoding : "UTF-8");
        s->stmt_refused = 1;
        goto done;
    }
    if (strcmp(tag, "25") == 0) {
        char *a = g_strstrip(v);
        while (*a == '/')
            a++;                         /* ":25:/PL61..." */
        g_string_assign(s->sum.account, a);
    } else if (strcmp(tag, "28C") == 0 || strcmp(tag, "28") == 0) {
        g_string_assign(s->sum.statement_no, g_strstrip(v));
    } else if (strcmp(tag, "60F") == 0 || strcmp(tag, "60M") == 0 || strcmp(tag, "62F") == 0 ||
               strcmp(tag, "62M") == 0) {
        int opening = tag[1] == '0';
        flush_entry(s);
        if (strchr(v, '\n'))
            *strchr(v, '\n') = 0;           /* a balance is one line; what follows is not ours */
        rc = parse_balance(s, g_strstrip(v), &amount, date, ccy, &why);
        if (rc < 0) {
            if (!s->stmt_refused)
                queue_error(s, s->field_line, rc == -3 ? "BALANCE_NO_CURRENCY" : rc == -2 ? "BAD_DATE" : "BAD_BALANCE",
                            ":%s:%.40s %s: the statement is refused", tag, v, why);
            s->stmt_refused = 1;
            goto done;
        }
        if (rc == 1)
            s->host->log(s->in, CBEC_LOG_WARN, "line %" G_GUINT64_FORMAT ": balance date in :%s: is a 30/360 day",
                         s->field_line, tag);
        if (!ccy[0]) {
            /* the currency comes from the statement's other lines, decided when it ends */
            if (!s->ccy_missing->len)
                s->ccy_missing_line = s->field_line;
            g_string_append_printf(s->ccy_missing, "%s:%s:", s->ccy_missing->len ? " " : "", tag);
        } else {
            if (s->sum.currency->len && strcmp(s->sum.currency->str, ccy) != 0) {
                if (!s->stmt_refused)
                    queue_error(s, s->field_line, "CURRENCY_MISMATCH", ":%s: is in %s, the statement in %s: refused",
                                tag, ccy, s->sum.currency->str);
                s->stmt_refused = 1;
                goto done;
            }
            if (!s->sum.currency->len)
                g_snprintf(s->ccy_src, sizeof s->ccy_src, ":%s:", tag);
            g_string_assign(s->sum.currency, ccy);
            settle_account(s, ccy);
        }
        if (opening && tag[2] == 'M')
            number_continuation(s, amount, date);
        if (opening) {
            s->sum.has_opening = 1;
            s->sum.opening5 = amount;
            g_string_assign(s->sum.opening_date, date);
        } else {
            s->sum.has_closing = 1;
            s->closing_m = tag[2] == 'M';
            s->sum.closing5 = amount;
            g_string_assign(s->sum.closing_date, date);
            s->stmt_closed = 1;
        }
    } else if (strcmp(tag, "61") == 0) {
        mt_out *o = g_new0(mt_out, 1);
        const char *reason;
        char why2[300];
        flush_entry(s);
        s->entry_no++;
        o->kind = MT_OUT_TXN;
        o->locator = g_strdup_printf("line %" G_GUINT64_FORMAT, s->field_line);
        o->raw = g_strdup(v);
        if (s->bad_line) {
            queue_error(s, s->bad_line, "UNDECODABLE", ":61: has bytes that are not valid %s",
                        s->encoding ? s->encoding : "UTF-8")->raw = g_strdup(v);
            out_free(o);
            s->cur = NULL;
            goto done;
        }
        if (s->guess_line)
            o->enc_note = g_strdup(s->field_note);
        if (parse61(s, v, o, &reason, why2, sizeof why2) != 0) {
            queue_error(s, s->field_line, reason, "%s", why2)->raw = g_strdup(v);
            out_free(o);
            goto done;
        }
        if (!s->sum.currency->len && !s->stmt_refused && !s->is942 && !s->ccy_missing->len) {
            queue_error(s, s->field_line, "BAD_61", ":61: before any opening balance: no currency to book it in");
            out_free(o);
            goto done;
        }
        o->account = g_strdup(s->sum.account->str);
        /* after a balance line without currency: filled in when the statement ends */
        o->currency = s->sum.currency->len ? g_strdup(s->sum.currency->str) : NULL;
        s->cur = o;
    } else if (strcmp(tag, "86") == 0) {
        if (s->cur) {
            if (s->bad_line) {
                queue_error(s, s->bad_line, "UNDECODABLE", ":86: of the entry at %s has bytes that are not valid %s",
                            s->cur->locator, s->encoding ? s->encoding : "UTF-8")->raw = g_strdup(s->cur->raw);
                out_free(s->cur);
                s->cur = NULL;
                goto done;
            }
            g_free(s->cur->remittance);
            s->cur->remittance = NULL;
            take_info(s->cur, v);
            if (s->guess_line && !s->cur->enc_note)
                s->cur->enc_note = g_strdup(s->field_note);
            flush_entry(s);
        } else {
            /* after :62F: (or with no entry before it): information about the statement */
            if (s->bad_line) {
                queue_error(s, s->bad_line, "UNDECODABLE", "statement :86: has bytes that are not valid %s",
                            s->encoding ? s->encoding : "UTF-8");
            } else {
                char *t = g_strdelimit(g_strdup(v), "\n", ' ');
                if (s->guess_line && !s->stmt_enc_note)
                    s->stmt_enc_note = g_strdup(s->field_note);
                if (s->sum.info->len)
                    g_string_append_c(s->sum.info, ' ');
                g_string_append(s->sum.info, g_strstrip(t));
                g_free(t);
            }
        }
    } else if (strcmp(tag, "13D") == 0 || strcmp(tag, "13") == 0) {
        if (mt_date(g_strstrip(v), date, NULL) < 0) {
            queue_error(s, s->field_line, "BAD_DATE", ":%s:%.20s is not a date-time YYMMDDhhmm", tag, v);
            s->stmt_refused = 1;
            goto done;
        }
        s->is942 = 1;
        g_string_assign(s->sum.opening_date, date);
        g_string_assign(s->sum.closing_date, date);
    } else if (strcmp(tag, "34F") == 0) {
        s->is942 = 1;
        if (!s->sum.currency->len && strlen(g_strstrip(v)) >= 3 && g_ascii_isupper(v[0]) && g_ascii_isupper(v[1]) &&
            g_ascii_isupper(v[2])) {
            char c[4] = {v[0], v[1], v[2], 0};
            g_string_assign(s->sum.currency, c);
            g_strlcpy(s->ccy_src, ":34F:", sizeof s->ccy_src);
            settle_account(s, c);
        }
    } else if (strcmp(tag, "90D") == 0 || strcmp(tag, "90C") == 0) {
        /* number of entries, currency, sum: "3EUR1234,56" */
        const char *p = g_strstrip(v);
        int64_t n, sum5;
        guint64 count;
        char *digits;
        flush_entry(s);
        s->is942 = 1;
        while (g_ascii_isdigit(*p))
            p++;
        /* bounded: 18446744073709551617 must not wrap to 1 and make the report tie out */
        digits = g_strndup(v, (gsize)(p - v));
        if (p > v && !g_ascii_string_to_unsigned(digits, 10, 0, G_MAXINT64, &count, NULL)) {
            queue_error(s, s->field_line, "BAD_COUNT", ":%s: number of entries %.40s is too large: the report is "
                        "refused", tag, digits);
            g_free(digits);
            s->stmt_refused = 1;
            goto done;
        }
        g_free(digits);
        n = p > v ? (int64_t)count : 0;
        if (p == v || !(g_ascii_isupper(p[0]) && g_ascii_isupper(p[1]) && g_ascii_isupper(p[2])) ||
            bankstmt_amount(s->host, p + 3, ',', &sum5) != BANKSTMT_AMT_OK) {
            queue_error(s, s->field_line,
                        !(g_ascii_isupper(p[0]) && g_ascii_isupper(p[1]) && g_ascii_isupper(p[2]))
                            ? "BALANCE_NO_CURRENCY" : "BAD_BALANCE",
                        ":%s:%.40s is not count + currency + amount: the report is refused", tag, v);
            s->stmt_refused = 1;
            goto done;
        }
        s->sum.check_totals = 1;
        if (tag[2] == 'D') {
            s->sum.decl_debit_count = n;
            s->sum.decl_debits5 = sum5;
        } else {
            s->sum.decl_credit_count = n;
            s->sum.decl_credits5 = sum5;
        }
    } else if ((strcmp(tag, "64") == 0 || strcmp(tag, "65") == 0) && !s->ccy_hint[0]) {
        /* available balances are not stored; their currency may stand in for a balance line's */
        if (strchr(v, '\n'))
            *strchr(v, '\n') = 0;
        if (parse_balance(s, g_strstrip(v), &amount, date, ccy, &why) >= 0 && ccy[0]) {
            g_strlcpy(s->ccy_hint, ccy, sizeof s->ccy_hint);
            g_snprintf(s->ccy_hint_src, sizeof s->ccy_hint_src, ":%s:", tag);
        }
    }
    /* :21:, :NS: carry nothing we store */
done:
    s->tag[0] = 0;
    g_string_truncate(s->field, 0);
    s->bad_line = 0;
    s->guess_line = 0;
    g_free(s->field_note);
    s->field_note = NULL;
}

/* ---- line reading ---- */

/* Next raw line (without its end) into s->line; 1 ok, 0 end, -1 read error. */
static int read_line(cbec_source *s)
{
    int got = 0;

    g_string_truncate(s->line, 0);
    s->line_long = 0;
    for (;;) {
        unsigned char c;
        if (s->pos == s->len) {
            ssize_t r = s->eof ? 0 : s->host->read(s->in, s->buf, sizeof s->buf);
            if (r < 0)
                return -1;
            if (r == 0) {
                s->eof = 1;
                break;
            }
            s->len = (size_t)r;
            s->pos = 0;
        }
        c = s->buf[s->pos++];
        got = 1;
        if (c == '\n')
            break;
        if (c == '\r') {
            /* CRLF or a lone CR: peek at the next byte */
            if (s->pos == s->len) {
                ssize_t r = s->eof ? 0 : s->host->read(s->in, s->buf, sizeof s->buf);
                if (r < 0)
                    return -1;
                if (r == 0)
                    s->eof = 1;
                s->len = r > 0 ? (size_t)r : 0;
                s->pos = 0;
            }
            if (s->pos < s->len && s->buf[s->pos] == '\n')
                s->pos++;
            break;
        }
        if (c == 0x01 || c == 0x03)
            continue;                    /* SOH / ETX framing */
        if (s->line->len < MT_LINE_MAX)
            g_string_append_c(s->line, (char)c);
        else
            s->line_long = 1;
    }
    if (got)
        s->line_no++;
    return got;
}

/* Decode the raw line to UTF-8; NULL when it cannot be decoded strictly.  Without a
 * configured code page a line that is not UTF-8 is decoded by a guess (*guessed set,
 * s->line_note says how): the caller keeps it only where it is narrative text. */
static char *decode_line(cbec_source *s, int *guessed)
{
    mt_cp_evidence ev;
    char *text, *note = NULL;

    *guessed = 0;
    if (g_utf8_validate(s->line->str, (gssize)s->line->len, NULL))
        return g_strdup(s->line->str);
    if (s->encoding)
        return g_convert(s->line->str, (gssize)s->line->len, "UTF-8", s->encoding, NULL, NULL, NULL);
    if (!s->enc_auto)
        return NULL;
    /* the bank that wrote the message: {2:O...} names it, in {2:I...} it is the {1:} block */
    ev.bic = s->b2_input ? s->lt_bic->str : s->bank->str;
    ev.bic_from = s->b2_input ? "{1:}" : "{2:}";
    ev.bic2 = s->b2_input ? s->bank->str : s->lt_bic->str;
    ev.bic2_from = s->b2_input ? "{2:}" : "{1:}";
    ev.account = s->sum.account->str;
    ev.currency = s->sum.currency->str;
    text = mt_cp_guess_decode(s->line->str, s->line->len, &ev, &note);
    if (!s->guess_logged) {
        s->host->log(s->in, CBEC_LOG_WARN, "line %" G_GUINT64_FORMAT ": %s (set [plugin.mt940] encoding to be sure)",
                     s->line_no, note);
        s->guess_logged = 1;
    }
    g_free(s->line_note);
    s->line_note = note;
    *guessed = 1;
    return text;
}

/* Is the line the start of a field?  Sets tag and returns the value's offset, or 0. */
static size_t tag_of(const char *line, char tag[5])
{
    int i;
    if (line[0] != ':')
        return 0;
    for (i = 0; MT_TAGS[i]; i++) {
        size_t l = strlen(MT_TAGS[i]);
        if (strncmp(line + 1, MT_TAGS[i], l) == 0 && line[1 + l] == ':') {
            g_strlcpy(tag, MT_TAGS[i], 5);
            return l + 2;
        }
    }
    return 0;
}

/* Block headers {1:...}{2:...}{4: : remember the sender; returns the text after "{4:". */
static const char *take_blocks(cbec_source *s, const char *line)
{
    const char *b1 = strstr(line, "{1:");
    const char *b2 = strstr(line, "{2:");
    const char *b4 = strstr(line, "{4:");
    if (b1 && strlen(b1) >= 3 + 3 + 12) {
        char lt[13];                     /* {1:F01 + BIC8, terminal code, branch */
        memcpy(lt, b1 + 6, 12);
        lt[12] = 0;
        g_string_assign(s->lt_bic, lt);
    }
    if (b2)
        s->b2_input = b2[3] == 'I';
    if (b2 && (b2[3] == 'O') && strlen(b2) >= 3 + 22) {
        char bic[9];
        memcpy(bic, b2 + 3 + 14, 8);
        bic[8] = 0;
        g_string_assign(s->bank, bic);
    } else if (b2 && b2[3] == 'I' && strlen(b2) >= 3 + 12) {
        char bic[9];
        memcpy(bic, b2 + 3 + 4, 8);
        bic[8] = 0;
        g_string_assign(s->bank, bic);
    }
    return b4 ? b4 + 3 : NULL;
}

/* The current field holds a line decoded by a guessed code page: remember the first. */
static void note_guess(cbec_source *s)
{
    if (s->guess_line && !(strstr(s->line_note, "U+FFFD") && !strstr(s->field_note, "U+FFFD")))
        return;                          /* the first note, unless a later line lost bytes */
    if (!s->guess_line)
        s->guess_line = s->line_no;
    g_free(s->field_note);
    s->field_note = g_strdup(s->line_note);
}

/* Handle one decoded line. */
static void take_line(cbec_source *s, const char *line, int undecodable, int guessed)
{
    char tag[5];
    size_t off;

    if (!undecodable && line[0] == '{') {
        const char *rest = take_blocks(s, line);
        if (s->tag[0])
            take_field(s);
        s->pending_dash = 0;
        if (rest && *rest)
            take_line(s, rest, 0, guessed);
        return;
    }
    if (!undecodable && (strcmp(line, "-}") == 0 || g_str_has_prefix(line, "-}{5:") || strcmp(line, "-") == 0)) {
        if (line[1] == '}') {
            if (s->tag[0])
                take_field(s);
            end_statement(s);
            s->pending_dash = 0;
        } else {
            s->pending_dash = 1;         /* a terminator, unless text follows */
            s->pending_dash_line = s->line_no;
        }
        return;
    }
    /* tags are ASCII: found even on a line whose text cannot be decoded */
    off = tag_of(undecodable ? s->line->str : line, tag);
    if (off) {
        if (s->tag[0])
            take_field(s);
        if (s->pending_dash) {
            /* "-" before a field: the end of a message.  A :61: that follows without a new
             * :20: is outside the closed statement, never one of its entries. */
            end_statement(s);
            s->pending_dash = 0;
        }
        g_strlcpy(s->tag, tag, sizeof s->tag);
        g_string_assign(s->field, undecodable ? "" : line + off);
        s->field_line = s->line_no;
        if (undecodable)
            s->bad_line = s->line_no;
        if (guessed)
            note_guess(s);
        return;
    }
    if (!s->tag[0]) {
        if (undecodable || *line)
            s->host->log(s->in, CBEC_LOG_DEBUG, "line %" G_GUINT64_FORMAT ": outside any field, ignored",
                         s->line_no);
        s->pending_dash = 0;
        return;                          /* bank header lines, blank lines between messages */
    }
    if (s->pending_dash) {
        s->pending_dash = 0;
        if (strcmp(s->tag, "86") == 0 && s->cur) {
            g_string_append(s->field, "\n-");   /* a lone "-" inside an entry's :86: text */
        } else {
            /* "-" ended the message; this line is a bank header line before the next one */
            take_field(s);
            end_statement(s);
            return;
        }
    }
    if (undecodable) {
        if (!s->bad_line)
            s->bad_line = s->line_no;
        return;
    }
    if (guessed)
        note_guess(s);
    if (s->field->len < MT_FIELD_MAX) {
        g_string_append_c(s->field, '\n');
        g_string_append(s->field, line);
    }
}

/* Read until a statement is complete and queued, or the input ends.  0 ok, -1 fatal. */
static int pump(cbec_source *s, cbec_error *err)
{
    while (!s->finished && (g_queue_is_empty(&s->out) || (s->stmt_open && s->held < MT_HOLD_MAX))) {
        int r = read_line(s);
        int guessed;
        char *dec;
        if (r < 0) {
            const char *ie = s->host->input_error(s->in);
            g_strlcpy(err->reason, "INPUT_ERROR", sizeof err->reason);
            g_snprintf(err->message, sizeof err->message, "%s", ie ? ie : "read error");
            return -1;
        }
        if (r == 0) {
            if (s->tag[0])
                take_field(s);
            end_statement(s);
            s->finished = 1;
            break;
        }
        if (s->line_long)
            s->host->log(s->in, CBEC_LOG_WARN, "line %" G_GUINT64_FORMAT ": longer than %d bytes, cut",
                         s->line_no, MT_LINE_MAX);
        dec = decode_line(s, &guessed);
        if (s->line_no == 1 && dec && g_str_has_prefix(dec, "\xEF\xBB\xBF"))
            memmove(dec, dec + 3, strlen(dec + 3) + 1);
        take_line(s, dec ? dec : "", dec == NULL, guessed);
        g_free(dec);
    }
    return 0;
}

static cbec_status mt_next(cbec_source *s, cbec_record *rec, cbec_error *err)
{
    mt_out *o;
    cbec_status st = CBEC_OK;
    bankstmt_txn t;

    if (pump(s, err) != 0)
        return CBEC_FATAL;
    o = g_queue_pop_head(&s->out);
    if (!o)
        return CBEC_EOF;
    switch (o->kind) {
    case MT_OUT_ERROR:
        *err = o->err;
        if (o->raw)
            s->host->rec_set_raw(rec, o->raw, strlen(o->raw));
        st = CBEC_RECORD_ERROR;
        break;
    case MT_OUT_STMT:
        st = bankstmt_emit_statement(s->host, rec, o->sum, o->locator, err);
        if (st == CBEC_OK && o->ccy_note)
            s->host->rec_finding(rec, "CURRENCY_INHERITED", "%s", o->ccy_note);
        if (st == CBEC_OK && o->page_note)
            s->host->rec_finding(rec, "PAGE_RENUMBERED", "%s", o->page_note);
        if (st == CBEC_OK && o->enc_note)
            s->host->rec_finding(rec, "ENCODING_GUESSED", "statement :86: %s", o->enc_note);
        break;
    case MT_OUT_TXN:
        if (!o->currency) {
            /* held entries are bounded (MT_HOLD_MAX): this one had to go before its statement ended */
            st = bankstmt_fail(err, "BALANCE_NO_CURRENCY", o->locator, "entry streamed after %d held entries "
                               "before a balance line named the statement's currency", MT_HOLD_MAX);
            break;
        }
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
        t.raw_info = o->raw_info;
        t.locator = o->locator;
        t.statement_key = o->statement_key;
        t.entry_seq = o->entry_seq;
        if (o->raw)
            s->host->rec_set_raw(rec, o->raw, strlen(o->raw));
        st = bankstmt_emit_txn(s->host, rec, &t, err);
        if (st == CBEC_OK && o->enc_note)
            s->host->rec_finding(rec, "ENCODING_GUESSED", "%s", o->enc_note);
        if (st == CBEC_OK && o->warning) {
            g_strlcpy(err->locator, o->locator, sizeof err->locator);
            g_strlcpy(err->reason, "WARNING", sizeof err->reason);
            g_snprintf(err->message, sizeof err->message, "%s", o->warning);
            s->host->rec_finding(rec, "MT940_TOLERATED", "%s", o->warning);
            st = CBEC_WARN;
        }
        break;
    }
    out_free(o);
    return st;
}

static void mt_close(cbec_source *s)
{
    if (!s)
        return;
    g_string_free(s->line, TRUE);
    g_string_free(s->field, TRUE);
    g_string_free(s->bank, TRUE);
    g_string_free(s->ref20, TRUE);
    g_string_free(s->lt_bic, TRUE);
    g_string_free(s->ccy_missing, TRUE);
    g_string_free(s->prev_key, TRUE);
    g_free(s->page_base);
    g_free(s->page_note);
    g_free(s->stmt_enc_note);
    g_free(s->line_note);
    g_free(s->field_note);
    bankstmt_sum_free(&s->sum);
    out_free(s->cur);
    g_queue_clear_full(&s->out, out_free);
    g_hash_table_destroy(s->seen);
    g_hash_table_destroy(s->refs);
    g_free(s->encoding);
    g_free(s);
}

static cbec_status mt_open(cbec_source **out, cbec_input *in, const cbec_host *host, cbec_error *err)
{
    cbec_source *s = g_new0(cbec_source, 1);
    const char *enc = host->config(in, "encoding");

    s->host = host;
    s->in = in;
    s->line = g_string_new(NULL);
    s->field = g_string_new(NULL);
    s->bank = g_string_new(NULL);
    s->ref20 = g_string_new(NULL);
    s->lt_bic = g_string_new(NULL);
    s->ccy_missing = g_string_new(NULL);
    s->prev_key = g_string_new(NULL);
    bankstmt_sum_init(&s->sum);
    g_queue_init(&s->out);
    s->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    s->refs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (!enc || !*enc || g_ascii_strcasecmp(enc, "auto") == 0) {
        s->enc_auto = 1;                 /* nobody said: narrative that is not UTF-8 is decoded by a guess */
    } else if (g_ascii_strcasecmp(enc, "UTF-8") != 0 && g_ascii_strcasecmp(enc, "UTF8") != 0) {
        /* check the code page once, so a typo is a clear configuration error */
        GIConv cd = g_iconv_open("UTF-8", enc);
        if (cd == (GIConv)-1) {
            g_strlcpy(err->reason, "BAD_CONFIG", sizeof err->reason);
            g_snprintf(err->message, sizeof err->message, "[plugin.mt940] encoding \"%s\" is not a code page "
                       "this system can convert (try UTF-8, CP1252, CP852, ISO-8859-15, CP1251)", enc);
            mt_close(s);
            return CBEC_FATAL;
        }
        g_iconv_close(cd);
        s->encoding = g_strdup(enc);
    }
    *out = s;
    return CBEC_OK;
}

static const char *const mt_extensions[] = {"sta", "mt940", "940", "942", "txt", "fin", NULL};

static const cbec_config_key mt_keys[] = {
    {CBEC_CONF_STRING, "encoding", "auto",
     "code page of lines that are not valid UTF-8 (auto = guess from the bank's country, with an ENCODING_GUESSED "
     "finding; UTF-8 = refuse them; CP1252, CP1250, CP852, ISO-8859-15, CP1251)"},
    {CBEC_CONF_END, NULL, NULL, NULL}};

static const cbec_source_plugin mt_plugin = {
    .abi_major = CBEC_PLUGIN_ABI_MAJOR,
    .abi_minor = CBEC_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(cbec_source_plugin),
    .name = "mt940",
    .version = "1.0.0",
    .description = "SWIFT MT940 statements and MT942 interim reports: entries and balance check",
    .license = "MIT",
    .extensions = mt_extensions,
    .config_keys = mt_keys,
    .probe = mt_probe,
    .open = mt_open,
    .next = mt_next,
    .close = mt_close,
};

/** The plugin's one exported symbol: returns the mt940 descriptor. */
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not);
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not)
{
    if (host->abi_major != CBEC_PLUGIN_ABI_MAJOR) {
        *why_not = "host speaks another ABI major";
        return NULL;
    }
    return &mt_plugin;
}
