/* Shared helpers of the bank statement plugins: see bankstmt.h. */
#define _GNU_SOURCE 1   /* memmem */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bankstmt.h"

static const int64_t POW10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

bankstmt_amt_rc bankstmt_amount(const cbec_host *h, const char *text, char dec_sep, int64_t *out)
{
    char buf[64];
    size_t i, n;
    int digits = 0, seps = 0, rc;

    if (!text || !*text || (n = strlen(text)) >= sizeof buf)
        return text && *text ? BANKSTMT_AMT_OVERFLOW : BANKSTMT_AMT_INVALID;
    /* only digits and one separator: the host parser would take a sign, we must not */
    for (i = 0; i < n; i++) {
        if (text[i] >= '0' && text[i] <= '9') {
            digits++;
            buf[i] = text[i];
        } else if (text[i] == dec_sep && !seps) {
            seps++;
            buf[i] = '.';
        } else {
            return BANKSTMT_AMT_INVALID;
        }
    }
    buf[n] = 0;
    if (!digits)
        return BANKSTMT_AMT_INVALID;
    if (buf[n - 1] == '.')
        buf[n - 1] = 0;                     /* MT940 "2000," = 2000.00 */
    rc = h->decimal_parse(buf, BANKSTMT_SCALE, out);
    if (rc == 0)
        return BANKSTMT_AMT_OK;
    if (rc == 1)
        return BANKSTMT_AMT_PRECISION;      /* digits beyond 5 decimals would be rounded */
    if (rc == -2)
        return BANKSTMT_AMT_OVERFLOW;
    return BANKSTMT_AMT_INVALID;
}

const char *bankstmt_amount_strerror(bankstmt_amt_rc rc)
{
    switch (rc) {
    case BANKSTMT_AMT_OK:
        return "ok";
    case BANKSTMT_AMT_INVALID:
        return "not an unsigned decimal amount (no sign, no exponent)";
    case BANKSTMT_AMT_OVERFLOW:
        return "amount too large";
    case BANKSTMT_AMT_PRECISION:
        return "more than 5 decimals";
    }
    return "bad amount";
}

int bankstmt_add(int64_t *acc, int64_t v)
{
    int64_t r;
    if (__builtin_add_overflow(*acc, v, &r))
        return -1;
    *acc = r;
    return 0;
}

int bankstmt_to_minor(int64_t v5, int exponent, int64_t *out, int *rounded)
{
    int64_t div, q, r;

    *rounded = 0;
    if (exponent < 0)
        exponent = 2;
    if (exponent >= BANKSTMT_SCALE) {
        if (exponent - BANKSTMT_SCALE > 8 || __builtin_mul_overflow(v5, POW10[exponent - BANKSTMT_SCALE], out))
            return -1;
        return 0;
    }
    div = POW10[BANKSTMT_SCALE - exponent];
    q = v5 / div;
    r = v5 % div;
    if (r != 0) {
        *rounded = 1;
        if ((r < 0 ? -r : r) * 2 >= div)
            q += v5 < 0 ? -1 : 1;
    }
    *out = q;
    return 0;
}

int bankstmt_check_date(int y, int m, int d)
{
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    if (g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y))
        return 0;
    if (m == 2 && d <= 30)
        return 1;                     /* 30/360 day count: 29/30 February in fee lines */
    return -1;
}

void bankstmt_sum_init(bankstmt_sum *s)
{
    memset(s, 0, sizeof *s);
    s->account = g_string_new(NULL);
    s->statement_no = g_string_new(NULL);
    s->bank = g_string_new(NULL);
    s->format = g_string_new(NULL);
    s->currency = g_string_new(NULL);
    s->opening_date = g_string_new(NULL);
    s->closing_date = g_string_new(NULL);
    s->info = g_string_new(NULL);
    s->owner = g_string_new(NULL);
}

void bankstmt_sum_reset(bankstmt_sum *s)
{
    GString *keep[9] = {s->account, s->statement_no, s->bank, s->format, s->currency, s->opening_date,
                        s->closing_date, s->info, s->owner};
    int i;
    for (i = 0; i < 9; i++)
        g_string_truncate(keep[i], 0);
    memset(s, 0, sizeof *s);
    s->account = keep[0];
    s->statement_no = keep[1];
    s->bank = keep[2];
    s->format = keep[3];
    s->currency = keep[4];
    s->opening_date = keep[5];
    s->closing_date = keep[6];
    s->info = keep[7];
    s->owner = keep[8];
}

bankstmt_sum *bankstmt_sum_dup(const bankstmt_sum *src)
{
    bankstmt_sum *d = g_new(bankstmt_sum, 1);
    *d = *src;
    d->account = g_string_new(src->account->str);
    d->statement_no = g_string_new(src->statement_no->str);
    d->bank = g_string_new(src->bank->str);
    d->format = g_string_new(src->format->str);
    d->currency = g_string_new(src->currency->str);
    d->opening_date = g_string_new(src->opening_date->str);
    d->closing_date = g_string_new(src->closing_date->str);
    d->info = g_string_new(src->info->str);
    d->owner = g_string_new(src->owner->str);
    return d;
}

void bankstmt_sum_free(bankstmt_sum *s)
{
    GString **all[9] = {&s->account, &s->statement_no, &s->bank, &s->format, &s->currency, &s->opening_date,
                        &s->closing_date, &s->info, &s->owner};
    int i;
    for (i = 0; i < 9; i++)
        if (*all[i]) {
            g_string_free(*all[i], TRUE);
            *all[i] = NULL;
        }
}

void bankstmt_sum_entry(bankstmt_sum *s, char direction, int64_t amount5)
{
    if (direction == 'C') {
        if (bankstmt_add(&s->credits5, amount5) != 0)
            s->overflow = 1;
        s->credit_count++;
    } else {
        if (bankstmt_add(&s->debits5, amount5) != 0)
            s->overflow = 1;
        s->debit_count++;
    }
    s->entry_count++;
}

cbec_status bankstmt_fail(cbec_error *err, const char *reason, const char *locator, const char *fmt, ...)
{
    va_list ap;
    g_strlcpy(err->reason, reason, sizeof err->reason);
    if (locator)
        g_strlcpy(err->locator, locator, sizeof err->locator);
    va_start(ap, fmt);
    g_vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return CBEC_RECORD_ERROR;
}

/* Store a scale-5 amount as minor units; a rounding is recorded as a finding. */
static void set_minor(const cbec_host *h, cbec_record *rec, const char *field, int64_t v5, const char *ccy,
                      int *bad)
{
    int64_t minor;
    int rounded;
    if (bankstmt_to_minor(v5, h->currency_exponent(ccy && *ccy ? ccy : "XXX"), &minor, &rounded) != 0) {
        *bad = 1;
        return;
    }
    if (rounded)
        h->rec_finding(rec, "ROUNDED", "%s has more decimals than %s uses; stored rounded", field,
                       ccy && *ccy ? ccy : "the currency");
    h->rec_set_minor(rec, field, minor);
}

cbec_status bankstmt_emit_txn(const cbec_host *h, cbec_record *rec, const bankstmt_txn *t, cbec_error *err)
{
    char dir[2] = {t->direction, 0};
    int bad = 0;
    cbec_status st = CBEC_OK;

    h->rec_begin(rec, CBEC_KIND_BANK_TXN);
    if (t->locator)
        h->rec_set_locator(rec, t->locator);
    if (h->rec_set_text(rec, "account", t->account) != CBEC_OK ||
        h->rec_set_text(rec, "entry_ref", t->entry_ref) != CBEC_OK ||
        h->rec_set_time(rec, "booking_date", t->booking_date) != CBEC_OK ||
        h->rec_set_time(rec, "value_date", t->value_date) != CBEC_OK ||
        h->rec_set_text(rec, "currency", t->currency) != CBEC_OK ||
        h->rec_set_text(rec, "direction", dir) != CBEC_OK ||
        h->rec_set_text(rec, "counterparty", t->counterparty) != CBEC_OK ||
        h->rec_set_text(rec, "counterparty_account", t->counterparty_account) != CBEC_OK ||
        h->rec_set_text(rec, "reference", t->reference) != CBEC_OK ||
        h->rec_set_text(rec, "remittance", t->remittance) != CBEC_OK ||
        h->rec_set_text(rec, "raw_info", t->raw_info) != CBEC_OK ||
        h->rec_set_text(rec, "batch_ref", t->batch_ref) != CBEC_OK ||
        h->rec_set_text(rec, "statement_key", t->statement_key) != CBEC_OK) {
        st = bankstmt_fail(err, "BAD_FIELD", t->locator, "%s", h->rec_error(rec) ? h->rec_error(rec) : "bad field");
        goto done;
    }
    h->rec_set_int(rec, "reversal", t->reversal ? 1 : 0);
    if (t->entry_seq > 0)
        h->rec_set_int(rec, "entry_seq", t->entry_seq);
    set_minor(h, rec, "amount", t->amount5, t->currency, &bad);
    if (t->has_instructed) {
        set_minor(h, rec, "instructed_amount", t->instructed5, t->instructed_currency, &bad);
        h->rec_set_text(rec, "instructed_currency", t->instructed_currency);
    }
    if (bad)
        st = bankstmt_fail(err, "BAD_AMOUNT", t->locator, "amount too large for its currency");
done:
    return st;
}

cbec_status bankstmt_emit_statement(const cbec_host *h, cbec_record *rec, const bankstmt_sum *s,
                                    const char *locator, cbec_error *err)
{
    const char *ccy = s->currency->len ? s->currency->str : NULL;
    int bad = 0, balanced = -1;
    int64_t expect = 0, diff5 = 0, diff_minor = 0;
    int rounded;
    cbec_status st = CBEC_OK;

    h->rec_begin(rec, CBEC_KIND_BANK_STATEMENT);
    if (locator)
        h->rec_set_locator(rec, locator);
    if (h->rec_set_text(rec, "account", s->account->str) != CBEC_OK ||
        h->rec_set_text(rec, "statement_no", s->statement_no->str) != CBEC_OK ||
        h->rec_set_text(rec, "bank", s->bank->str) != CBEC_OK ||
        h->rec_set_text(rec, "format", s->format->str) != CBEC_OK ||
        h->rec_set_text(rec, "currency", ccy) != CBEC_OK ||
        h->rec_set_time(rec, "opening_date", s->opening_date->str) != CBEC_OK ||
        h->rec_set_time(rec, "closing_date", s->closing_date->str) != CBEC_OK ||
        h->rec_set_text(rec, "info", s->info->str) != CBEC_OK ||
        h->rec_set_text(rec, "owner_name", s->owner->str) != CBEC_OK) {
        st = bankstmt_fail(err, "BAD_FIELD", locator, "%s", h->rec_error(rec) ? h->rec_error(rec) : "bad field");
        goto done;
    }
    if (s->has_opening)
        set_minor(h, rec, "opening_balance", s->opening5, ccy, &bad);
    if (s->has_closing)
        set_minor(h, rec, "closing_balance", s->closing5, ccy, &bad);
    set_minor(h, rec, "credits_total", s->credits5, ccy, &bad);
    set_minor(h, rec, "debits_total", s->debits5, ccy, &bad);
    h->rec_set_int(rec, "entry_count", s->entry_count);
    if (bad) {
        st = bankstmt_fail(err, "BAD_AMOUNT", locator, "a balance or total is too large for its currency");
        goto done;
    }

    if (s->overflow) {
        balanced = 0;
        h->rec_finding(rec, CBEC_FINDING_BALANCE_MISMATCH, "the entry totals overflow: the statement cannot be checked");
    } else if (s->check_totals) {
        /* MT942: counts and sums declared in :90D:/:90C: against the entries seen. */
        int64_t declared_net = 0, seen_net = 0;
        if (bankstmt_add(&declared_net, s->decl_credits5) || bankstmt_add(&declared_net, -s->decl_debits5) ||
            bankstmt_add(&seen_net, s->credits5) || bankstmt_add(&seen_net, -s->debits5) ||
            __builtin_sub_overflow(declared_net, seen_net, &diff5)) {
            balanced = 0;
            diff5 = 0;
        } else {
            balanced = s->decl_credits5 == s->credits5 && s->decl_debits5 == s->debits5 &&
                       s->decl_credit_count == s->credit_count && s->decl_debit_count == s->debit_count;
        }
        if (!balanced) {
            uint64_t mag = diff5 < 0 ? (uint64_t)0 - (uint64_t)diff5 : (uint64_t)diff5;
            h->rec_finding(rec, CBEC_FINDING_BALANCE_MISMATCH,
                           "declared %" G_GINT64_FORMAT " debits / %" G_GINT64_FORMAT " credits, the entries are %"
                           G_GINT64_FORMAT " / %" G_GINT64_FORMAT "; declared net minus entries net: %s%"
                           G_GUINT64_FORMAT ".%05" G_GUINT64_FORMAT " %s",
                           s->decl_debit_count, s->decl_credit_count, s->debit_count, s->credit_count,
                           diff5 < 0 ? "-" : "", mag / 100000, mag % 100000, ccy ? ccy : "");
        }
    } else if (s->has_opening && s->has_closing) {
        expect = s->opening5;
        if (bankstmt_add(&expect, s->credits5) || bankstmt_add(&expect, -s->debits5) ||
            __builtin_sub_overflow(s->closing5, expect, &diff5)) {
            balanced = 0;
            h->rec_finding(rec, CBEC_FINDING_BALANCE_MISMATCH, "the balance check overflows");
        } else {
            balanced = diff5 == 0;
        }
        if (balanced == 0 && diff5 != 0) {
            uint64_t mag = diff5 < 0 ? (uint64_t)0 - (uint64_t)diff5 : (uint64_t)diff5;
            h->rec_finding(rec, CBEC_FINDING_BALANCE_MISMATCH,
                           "opening + credits - debits does not equal closing: difference %s%" G_GUINT64_FORMAT
                           ".%05" G_GUINT64_FORMAT " %s",
                           diff5 < 0 ? "-" : "", mag / 100000, mag % 100000, ccy ? ccy : "");
        }
    }
    if (balanced >= 0) {
        h->rec_set_int(rec, "balanced", balanced);
        bankstmt_to_minor(diff5, h->currency_exponent(ccy ? ccy : "XXX"), &diff_minor, &rounded);
        h->rec_set_minor(rec, "difference", diff_minor);
    }
done:
    return st;
}

char *bankstmt_statement_key(const bankstmt_sum *s)
{
    return g_strdup_printf("%s|%s", s->statement_no->str, s->opening_date->str);
}

int bankstmt_seen(GHashTable *seen, const bankstmt_sum *s)
{
    char *key = g_strdup_printf("%s|%s|%s", s->account->str, s->statement_no->str, s->opening_date->str);
    char *digest = g_strdup_printf("%d:%" G_GINT64_FORMAT "|%d:%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%"
                                   G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%s|%s",
                                   s->has_opening, s->opening5, s->has_closing, s->closing5, s->credits5,
                                   s->debits5, s->entry_count, s->currency->str, s->closing_date->str);
    const char *old = g_hash_table_lookup(seen, key);
    int rc;

    if (!old) {
        g_hash_table_insert(seen, key, digest);
        return 0;
    }
    rc = strcmp(old, digest) == 0 ? 1 : 2;
    g_free(key);
    g_free(digest);
    return rc;
}

int bankstmt_head_has(const cbec_probe_input *in, const char *needle)
{
    return memmem(in->head, in->head_len, needle, strlen(needle)) != NULL;
}

int64_t bankstmt_size(const char *text)
{
    char *end = NULL;
    int64_t v;
    int shift;

    if (!text || !*text)
        return 0;
    v = g_ascii_strtoll(text, &end, 10);   /* saturates at G_MAXINT64 */
    if (v <= 0 || end == text)
        return 0;
    switch (g_ascii_toupper(*end)) {
    case 'K':
        shift = 10;
        break;
    case 'M':
        shift = 20;
        break;
    case 'G':
        shift = 30;
        break;
    default:
        shift = 0;
        break;
    }
    /* a size beyond int64 is no limit, not a wrapped-around small one ("18014398509481985K" = 1 KiB) */
    if (v > G_MAXINT64 >> shift)
        return G_MAXINT64;
    return v << shift;
}
