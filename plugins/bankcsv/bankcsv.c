/**
 * @file bankcsv.c
 * @brief Source plugin `bankcsv`: Chinese bank CSV exports (ICBC, BOC, CMB, ABC, BOCOM,
 * CCB ...) read through declarative column maps, not code.
 *
 * The layouts live in etc/bankcsv.conf (compiled in; a site may point the `layouts`
 * key at its own file).  Rows come from the host's tabular reader (decoding: BOM, strict
 * UTF-8, else GB18030; CSV splitting) without its header detection, so the preamble lines
 * stay visible: the account and currency are taken from lines such as "账号：0200...".
 * The header row is the first row holding enough `detect` words of a layout.  Each data
 * row becomes a bank_txn; at the end one bank_statement is emitted whose opening and
 * closing balances come from the running balance column, in whichever order the bank
 * wrote the rows (oldest or newest first), checked exactly against the entry totals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bankkit/bankstmt.h"

/* etc/bankcsv.conf as a C string literal (generated at build time) */
static const char BANKCSV_BUILTIN[] =
#include "bankcsv_layouts.inc"
    ;

#define BC_MAX_PREAMBLE 40

/** One layout: normalised aliases per role. */
typedef struct bc_layout {
    char *id, *bank;
    char **detect;
    unsigned min_hits;
    char **date, **value_date, **debit, **credit, **amount, **direction, **debit_marks, **credit_marks,
        **balance, **counterparty, **counterparty_account, **reference, **remittance, **currency, **account,
        **account_labels, **currency_labels, **footer;
    char *default_currency;
    int order;                     /* 0 auto, 1 oldest-first, -1 newest-first */
} bc_layout;

/** Column indexes resolved from the header row (-1 = absent). */
typedef struct bc_cols {
    long date, value_date, debit, credit, amount, direction, balance, counterparty, counterparty_account,
        reference, currency, account;
    long remittance[4];
} bc_cols;

struct cbec_source {
    const cbec_host *host;
    cbec_input *in;
    cbec_table *t;
    GPtrArray *layouts;            /* bc_layout* */
    bc_layout *lay;                /* chosen layout, NULL until the header is found */
    const char *forced;
    bc_cols c;
    unsigned rows_seen;
    GString *account, *currency;
    bankstmt_sum sum;
    int64_t first_bal, first_net, last_bal, last_net;
    int bal_ok;                    /* every row so far had a readable balance */
    char first_date[11], last_date[11], min_date[11], max_date[11];
    GHashTable *refs;              /* reference -> rows of this export carrying it so far */
    int done;
    char *source_name;
};

/* ---- layouts ---- */

static char **norm_list(const cbec_host *h, GKeyFile *kf, const char *group, const char *key)
{
    gsize n = 0, i;
    char **raw = g_key_file_get_string_list(kf, group, key, &n, NULL);
    char **out = g_new0(char *, n + 1);
    for (i = 0; i < n; i++) {
        char *x = h ? h->text_normalise(g_strstrip(raw[i])) : g_utf8_casefold(g_strstrip(raw[i]), -1);
        out[i] = g_strdup(x);
        if (h)
            h->free(x);
        else
            g_free(x);
    }
    g_strfreev(raw);
    return out;
}

static void layout_free(gpointer p)
{
    bc_layout *l = p;
    char ***lists[] = {&l->detect, &l->date, &l->value_date, &l->debit, &l->credit, &l->amount, &l->direction,
                       &l->debit_marks, &l->credit_marks, &l->balance, &l->counterparty,
                       &l->counterparty_account, &l->reference, &l->remittance, &l->currency, &l->account,
                       &l->account_labels, &l->currency_labels, &l->footer};
    size_t i;
    for (i = 0; i < G_N_ELEMENTS(lists); i++)
        g_strfreev(*lists[i]);
    g_free(l->id);
    g_free(l->bank);
    g_free(l->default_currency);
    g_free(l);
}

/* Parse layouts text; h may be NULL (probe: plain case-folding). */
static GPtrArray *load_layouts(const cbec_host *h, const char *text, gsize len, char **why)
{
    GKeyFile *kf = g_key_file_new();
    GError *e = NULL;
    GPtrArray *a = NULL;
    char **groups = NULL;
    gsize i;

    g_key_file_set_list_separator(kf, ';');
    if (!g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE, &e)) {
        *why = g_strdup(e->message);
        g_error_free(e);
        goto done;
    }
    a = g_ptr_array_new_with_free_func(layout_free);
    groups = g_key_file_get_groups(kf, NULL);
    for (i = 0; groups[i]; i++) {
        bc_layout *l = g_new0(bc_layout, 1);
        char *ord = g_key_file_get_string(kf, groups[i], "order", NULL);
        l->id = g_strdup(groups[i]);
        l->bank = g_key_file_get_string(kf, groups[i], "bank", NULL);
        l->detect = norm_list(h, kf, groups[i], "detect");
        l->min_hits = (unsigned)g_key_file_get_integer(kf, groups[i], "min_hits", NULL);
        if (l->min_hits == 0)
            l->min_hits = MIN(3, g_strv_length(l->detect));
        l->date = norm_list(h, kf, groups[i], "date");
        l->value_date = norm_list(h, kf, groups[i], "value_date");
        l->debit = norm_list(h, kf, groups[i], "debit");
        l->credit = norm_list(h, kf, groups[i], "credit");
        l->amount = norm_list(h, kf, groups[i], "amount");
        l->direction = norm_list(h, kf, groups[i], "direction");
        l->debit_marks = norm_list(h, kf, groups[i], "debit_marks");
        l->credit_marks = norm_list(h, kf, groups[i], "credit_marks");
        l->balance = norm_list(h, kf, groups[i], "balance");
        l->counterparty = norm_list(h, kf, groups[i], "counterparty");
        l->counterparty_account = norm_list(h, kf, groups[i], "counterparty_account");
        l->reference = norm_list(h, kf, groups[i], "reference");
        l->remittance = norm_list(h, kf, groups[i], "remittance");
        l->currency = norm_list(h, kf, groups[i], "currency");
        l->account = norm_list(h, kf, groups[i], "account");
        l->account_labels = norm_list(h, kf, groups[i], "account_labels");
        l->currency_labels = norm_list(h, kf, groups[i], "currency_labels");
        l->footer = norm_list(h, kf, groups[i], "footer");
        l->default_currency = g_key_file_get_string(kf, groups[i], "default_currency", NULL);
        if (!l->default_currency)
            l->default_currency = g_strdup("CNY");
        l->order = ord && strcmp(ord, "newest-first") == 0 ? -1 : ord && strcmp(ord, "oldest-first") == 0 ? 1 : 0;
        g_free(ord);
        if (!l->detect[0] || !l->date[0] || (!l->amount[0] && !(l->debit[0] && l->credit[0]))) {
            *why = g_strdup_printf("layout [%s] needs detect, date, and amount or debit + credit", groups[i]);
            layout_free(l);
            g_ptr_array_free(a, TRUE);
            a = NULL;
            goto done;
        }
        g_ptr_array_add(a, l);
    }
done:
    g_strfreev(groups);
    g_key_file_free(kf);
    return a;
}

static int in_list(char **list, const char *norm)
{
    size_t i;
    for (i = 0; list && list[i]; i++)
        if (strcmp(list[i], norm) == 0)
            return 1;
    return 0;
}

/* ---- probe ---- */

/* Decode the head for the probe: UTF-8 (BOM skipped) or GB18030 cut at the last line end. */
static char *probe_text(const cbec_probe_input *in)
{
    const char *h = (const char *)in->head;
    gsize n = in->head_len;
    const char *end;
    if (n >= 3 && memcmp(h, "\xEF\xBB\xBF", 3) == 0) {
        h += 3;
        n -= 3;
    }
    end = memrchr(h, '\n', n);
    if (end)
        n = (gsize)(end - h);
    if (g_utf8_validate(h, (gssize)n, NULL))
        return g_strndup(h, n);
    return g_convert(h, (gssize)n, "UTF-8", "GB18030", NULL, NULL, NULL);
}

static int bc_probe(const cbec_probe_input *in, const cbec_host *host)
{
    char *text, **lines = NULL, *why = NULL;
    GPtrArray *lays = NULL;
    int best = 0;
    guint i, k;

    if (in->head_len == 0 || memchr(in->head, 0, in->head_len) || in->best_score >= CBEC_SCORE_MAGIC + 5)
        return CBEC_SCORE_NONE;
    {
        /* Cheap rejections first: XML, zip/XLSX and SWIFT heads are never a CSV export. */
        size_t at = in->head_len >= 3 && memcmp(in->head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        while (at < in->head_len && (in->head[at] == ' ' || in->head[at] == '\r' || in->head[at] == '\n' ||
                                    in->head[at] == '\t'))
            at++;
        if (at < in->head_len && (in->head[at] == '<' || in->head[at] == '{' || in->head[at] == ':'))
            return CBEC_SCORE_NONE;
        if (in->head_len >= 4 && memcmp(in->head, "PK\x03\x04", 4) == 0)
            return CBEC_SCORE_NONE;
    }
    text = probe_text(in);
    if (!text)
        return CBEC_SCORE_NONE;
    lays = load_layouts(host, BANKCSV_BUILTIN, sizeof BANKCSV_BUILTIN - 1, &why);
    lines = g_strsplit(text, "\n", BC_MAX_PREAMBLE + 2);
    for (k = 0; lays && lines[k] && k < BC_MAX_PREAMBLE; k++) {
        char **cells = g_strsplit_set(lines[k], ",;\t|", -1);
        for (i = 0; i < lays->len; i++) {
            bc_layout *l = g_ptr_array_index(lays, i);
            unsigned hits = 0, c;
            for (c = 0; cells[c]; c++) {
                char *cell = g_strstrip(g_strdelimit(cells[c], "\"\r", ' '));
                char *nrm = host->text_normalise(cell);
                hits += in_list(l->detect, nrm);
                host->free(nrm);
            }
            if (hits >= l->min_hits && (int)hits > best)
                best = (int)hits;
        }
        g_strfreev(cells);
    }
    g_strfreev(lines);
    if (lays)
        g_ptr_array_free(lays, TRUE);
    g_free(why);
    g_free(text);
    /* a bank header row is specific: above the generic CSV plugins, below magic formats */
    return best >= 4 ? CBEC_SCORE_MAGIC + 5 : best >= 3 ? CBEC_SCORE_HEURISTIC + 20 : CBEC_SCORE_NONE;
}

/* ---- rows ---- */

static const char *cell(cbec_source *s, long col)
{
    return col >= 0 ? s->host->tab_cell(s->t, (size_t)col) : "";
}

static long find_col(cbec_source *s, char **aliases)
{
    size_t i, n = s->host->tab_ncols(s->t);
    long found = -1;
    for (i = 0; i < n && found < 0; i++) {
        char *nrm = s->host->text_normalise(s->host->tab_cell(s->t, i));
        if (in_list(aliases, nrm))
            found = (long)i;
        s->host->free(nrm);
    }
    return found;
}

/* Is the current row the header of some layout?  Picks the one with most hits. */
static bc_layout *match_header(cbec_source *s)
{
    size_t i, c, n = s->host->tab_ncols(s->t);
    bc_layout *best = NULL;
    unsigned best_hits = 0;

    for (i = 0; i < s->layouts->len; i++) {
        bc_layout *l = g_ptr_array_index(s->layouts, i);
        unsigned hits = 0;
        if (s->forced && strcmp(s->forced, l->id) != 0)
            continue;
        for (c = 0; c < n; c++) {
            char *nrm = s->host->text_normalise(s->host->tab_cell(s->t, c));
            hits += in_list(l->detect, nrm);
            s->host->free(nrm);
        }
        if (hits >= l->min_hits && hits > best_hits) {
            best = l;
            best_hits = hits;
        }
    }
    return best;
}

/* A preamble line "账号：0200001234" or "账号 | 0200001234": take labelled values. */
static void take_preamble(cbec_source *s)
{
    size_t i, n = s->host->tab_ncols(s->t);
    GString *joined = g_string_new(NULL);
    guint k;

    for (i = 0; i < n; i++) {
        const char *v = s->host->tab_cell(s->t, i);
        if (*v) {
            if (joined->len)
                g_string_append_c(joined, ':');
            g_string_append(joined, v);
        }
    }
    for (k = 0; k < s->layouts->len; k++) {
        bc_layout *l = g_ptr_array_index(s->layouts, k);
        char **labels[2] = {l->account_labels, l->currency_labels};
        GString *dst[2] = {s->account, s->currency};
        int which;
        for (which = 0; which < 2; which++) {
            size_t j;
            if (dst[which]->len)
                continue;
            for (j = 0; labels[which] && labels[which][j]; j++) {
                /* label, then a full-width or ASCII colon, then the value */
                char *nrm = s->host->text_normalise(joined->str);
                size_t ll = strlen(labels[which][j]);
                if (strncmp(nrm, labels[which][j], ll) == 0 && (nrm[ll] == ':' || nrm[ll] == ' ')) {
                    char *v = g_strstrip(g_strdup(nrm + ll + 1));
                    char *colon = strchr(v, ':');
                    if (colon)
                        *colon = 0;          /* "账号:123:户名:..." on one line */
                    g_strstrip(v);
                    if (*v)
                        g_string_assign(dst[which], v);
                    g_free(v);
                }
                s->host->free(nrm);
            }
        }
    }
    g_string_free(joined, TRUE);
}

static const char *iso_currency(const char *text)
{
    static const char *const map[][2] = {{"人民币", "CNY"}, {"rmb", "CNY"}, {"cny", "CNY"}, {"美元", "USD"},
                                         {"usd", "USD"}, {"欧元", "EUR"}, {"eur", "EUR"}, {"港币", "HKD"},
                                         {"港元", "HKD"}, {"日元", "JPY"}, {"卢布", "RUB"}, {"rub", "RUB"},
                                         {"英镑", "GBP"}, {"图格里克", "MNT"}, {"mnt", "MNT"}};
    size_t i;
    for (i = 0; i < G_N_ELEMENTS(map); i++)
        if (g_ascii_strcasecmp(text, map[i][0]) == 0 || strcmp(text, map[i][0]) == 0)
            return map[i][1];
    return NULL;                            /* the caller takes an ISO code as written */
}

static void resolve_columns(cbec_source *s)
{
    bc_layout *l = s->lay;
    size_t i, r = 0;
    s->c.date = find_col(s, l->date);
    s->c.value_date = find_col(s, l->value_date);
    s->c.debit = find_col(s, l->debit);
    s->c.credit = find_col(s, l->credit);
    s->c.amount = find_col(s, l->amount);
    s->c.direction = find_col(s, l->direction);
    s->c.balance = find_col(s, l->balance);
    s->c.counterparty = find_col(s, l->counterparty);
    s->c.counterparty_account = find_col(s, l->counterparty_account);
    s->c.reference = find_col(s, l->reference);
    s->c.currency = find_col(s, l->currency);
    s->c.account = find_col(s, l->account);
    for (i = 0; i < G_N_ELEMENTS(s->c.remittance); i++)
        s->c.remittance[i] = -1;
    for (i = 0; l->remittance[i] && r < G_N_ELEMENTS(s->c.remittance); i++) {
        char *one[2] = {l->remittance[i], NULL};
        long c = find_col(s, one);
        if (c >= 0)
            s->c.remittance[r++] = c;
    }
}

/* "2026-11-25", "2026/11/25", "2026.11.25", "20261125", optionally followed by a time. */
static int parse_date(const char *text, char out[11])
{
    int y, m, d;
    char sep1, sep2;
    while (*text == ' ')
        text++;
    if (strlen(text) >= 8 && g_ascii_isdigit(text[4]) && sscanf(text, "%4d%2d%2d", &y, &m, &d) == 3 &&
        (text[8] == 0 || text[8] == ' ' || text[8] == 'T')) {
        /* YYYYMMDD */
    } else if (sscanf(text, "%4d%c%2d%c%2d", &y, &sep1, &m, &sep2, &d) == 5 && sep1 == sep2 &&
               (sep1 == '-' || sep1 == '/' || sep1 == '.')) {
        /* separated */
    } else {
        return -1;
    }
    if (bankstmt_check_date(y, m, d) != 0)
        return -1;
    g_snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return 0;
}

/* Amount cell at scale 5: 1 value, 0 empty (or "-"/"0"), -1 bad. */
static int parse_money(cbec_source *s, const char *text, int64_t *v)
{
    const char *p = text;
    while (*p == ' ')
        p++;
    if (!*p || strcmp(p, "-") == 0 || strcmp(p, "--") == 0)
        return 0;
    if (strpbrk(p, "eE"))
        return -1;                          /* no exponents in money */
    if (s->host->money_parse(p, BANKSTMT_SCALE, v) != 0)
        return -1;
    return 1;
}

static void track_date(cbec_source *s, const char *d)
{
    if (!s->first_date[0])
        g_strlcpy(s->first_date, d, sizeof s->first_date);
    g_strlcpy(s->last_date, d, sizeof s->last_date);
    if (!s->min_date[0] || strcmp(d, s->min_date) < 0)
        g_strlcpy(s->min_date, d, sizeof s->min_date);
    if (!s->max_date[0] || strcmp(d, s->max_date) > 0)
        g_strlcpy(s->max_date, d, sizeof s->max_date);
}

/* One data row -> bank_txn. */
static cbec_status take_row(cbec_source *s, cbec_record *rec, cbec_error *err)
{
    const cbec_host *h = s->host;
    bc_layout *l = s->lay;
    const char *loc = h->tab_locator(s->t);
    const char *raw = h->tab_raw(s->t);
    char bdate[11], vdate[11] = "", dir = 0;
    int64_t amount = 0, debit = 0, credit = 0, bal = 0, net;
    int rd, rc;
    int has_bal;
    GString *rem = g_string_new(NULL);
    char *ref = NULL, *currency = NULL, *key = NULL;
    guint seen;
    bankstmt_txn t;
    cbec_status st;
    size_t i;

    if (raw)
        h->rec_set_raw(rec, raw, strlen(raw));
    if (parse_date(cell(s, s->c.date), bdate) != 0) {
        st = bankstmt_fail(err, "BAD_DATE", loc, "date \"%.40s\" is not YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD, or not "
                           "a real date", cell(s, s->c.date));
        goto done;
    }
    if (s->c.value_date >= 0 && *cell(s, s->c.value_date) && parse_date(cell(s, s->c.value_date), vdate) != 0) {
        st = bankstmt_fail(err, "BAD_DATE", loc, "value date \"%.40s\" is not a date", cell(s, s->c.value_date));
        goto done;
    }
    if (s->c.debit >= 0 && s->c.credit >= 0 && s->c.amount < 0) {
        rd = parse_money(s, cell(s, s->c.debit), &debit);
        rc = parse_money(s, cell(s, s->c.credit), &credit);
        if (rd < 0 || rc < 0) {
            st = bankstmt_fail(err, "BAD_AMOUNT", loc, "amounts \"%.30s\" / \"%.30s\" are not decimal amounts",
                               cell(s, s->c.debit), cell(s, s->c.credit));
            goto done;
        }
        if (debit < 0)
            debit = -debit;                 /* some banks print money out as negative */
        if (credit < 0)
            credit = -credit;
        if ((debit != 0) == (credit != 0)) {
            st = bankstmt_fail(err, "BAD_AMOUNT", loc, "exactly one of money out \"%.30s\" and money in \"%.30s\" "
                               "must hold an amount", cell(s, s->c.debit), cell(s, s->c.credit));
            goto done;
        }
        dir = debit ? 'D' : 'C';
        amount = debit ? debit : credit;
    } else {
        if (parse_money(s, cell(s, s->c.amount), &amount) != 1 || amount == 0) {
            st = bankstmt_fail(err, "BAD_AMOUNT", loc, "amount \"%.40s\" is not a non-zero decimal amount",
                               cell(s, s->c.amount));
            goto done;
        }
        if (s->c.direction >= 0) {
            char *mark = h->text_normalise(cell(s, s->c.direction));
            if (in_list(l->debit_marks, mark))
                dir = 'D';
            else if (in_list(l->credit_marks, mark))
                dir = 'C';
            h->free(mark);
            if (!dir) {
                st = bankstmt_fail(err, "BAD_DIRECTION", loc, "direction \"%.20s\" is neither a debit nor a "
                                   "credit mark of layout %s", cell(s, s->c.direction), l->id);
                goto done;
            }
            if (amount < 0)
                amount = -amount;
        } else {
            dir = amount < 0 ? 'D' : 'C';   /* signed amounts: "-" money out */
            if (amount < 0)
                amount = -amount;
        }
    }
    /* currency: column, else preamble, else the layout default */
    if (s->c.currency >= 0 && *cell(s, s->c.currency)) {
        const char *iso = iso_currency(cell(s, s->c.currency));
        currency = iso ? g_strdup(iso) : g_ascii_strup(cell(s, s->c.currency), -1);
    } else {
        currency = g_strdup(s->sum.currency->str);
    }
    if (strcmp(currency, s->sum.currency->str) != 0) {
        if (s->sum.entry_count == 0 && !s->currency->len)
            g_string_assign(s->sum.currency, currency);
        else {
            st = bankstmt_fail(err, "CURRENCY_MISMATCH", loc, "row in %s in a %s account export", currency,
                               s->sum.currency->str);
            goto done;
        }
    }
    has_bal = s->c.balance >= 0 && parse_money(s, cell(s, s->c.balance), &bal) == 1;
    net = dir == 'C' ? amount : -amount;
    if (!has_bal)
        s->bal_ok = 0;                      /* masked ("***") or missing: no balance check */
    else {
        if (s->sum.entry_count == 0) {
            s->first_bal = bal;
            s->first_net = net;
        }
        s->last_bal = bal;
        s->last_net = net;
    }
    bankstmt_sum_entry(&s->sum, dir, amount);
    track_date(s, bdate);

    for (i = 0; i < G_N_ELEMENTS(s->c.remittance) && s->c.remittance[i] >= 0; i++) {
        const char *v = cell(s, s->c.remittance[i]);
        if (*v) {
            if (rem->len)
                g_string_append(rem, " / ");
            g_string_append(rem, v);
        }
    }
    /* the bank's serial number, else date + direction + amount + balance: stable across re-exports */
    if (s->c.reference >= 0 && *cell(s, s->c.reference))
        ref = g_strdup(cell(s, s->c.reference));
    else
        ref = g_strdup_printf("%s/%c/%" G_GINT64_FORMAT ".%05" G_GINT64_FORMAT "/%s", bdate, dir, amount / 100000,
                              amount % 100000, has_bal ? cell(s, s->c.balance) : "-");
    /* An export is no statement: its period overlaps the next export's and is known only
     * after the last row.  A row is its reference and which of the export's rows with that
     * reference it is (not its row number), so a re-export covering more days reaches the
     * same rows with the same content. */
    seen = GPOINTER_TO_UINT(g_hash_table_lookup(s->refs, ref)) + 1;
    g_hash_table_insert(s->refs, g_strdup(ref), GUINT_TO_POINTER(seen));
    key = g_strconcat("ref:", ref, NULL);
    if (seen > 1) {
        char *r2 = g_strdup_printf("%s#%u", ref, seen);
        g_free(ref);
        ref = r2;
    }

    memset(&t, 0, sizeof t);
    t.account = s->sum.account->str;
    t.entry_ref = ref;
    t.statement_key = key;
    t.entry_seq = seen;
    t.booking_date = bdate;
    t.value_date = vdate[0] ? vdate : bdate;
    t.amount5 = amount;
    t.currency = s->sum.currency->str;
    t.direction = dir;
    t.counterparty = cell(s, s->c.counterparty);
    t.counterparty_account = cell(s, s->c.counterparty_account);
    t.reference = s->c.reference >= 0 && *cell(s, s->c.reference) ? cell(s, s->c.reference) : NULL;
    t.remittance = rem->str;
    t.locator = loc;
    st = bankstmt_emit_txn(h, rec, &t, err);
done:
    g_string_free(rem, TRUE);
    g_free(ref);
    g_free(key);
    g_free(currency);
    return st;
}

/* After the last row: the statement with its balance check. */
static cbec_status take_end(cbec_source *s, cbec_record *rec, cbec_error *err)
{
    bankstmt_sum *m = &s->sum;
    int newest_first;
    char *loc;
    cbec_status st;

    g_string_assign(m->format, "bankcsv:");
    g_string_append(m->format, s->lay->id);
    g_string_assign(m->bank, s->lay->bank ? s->lay->bank : s->lay->id);
    g_string_printf(m->statement_no, "%s..%s", s->min_date, s->max_date);
    g_string_assign(m->opening_date, s->min_date);
    g_string_assign(m->closing_date, s->max_date);
    if (s->bal_ok && m->entry_count > 0 && !m->overflow) {
        int64_t open_a, open_b, exp_a, exp_b;
        int ok_a = 0, ok_b = 0;
        /* oldest first: opening = first balance - first entry; newest first: from the last row */
        if (!__builtin_sub_overflow(s->first_bal, s->first_net, &open_a) &&
            !__builtin_add_overflow(open_a, m->credits5 - m->debits5, &exp_a))
            ok_a = exp_a == s->last_bal;
        if (!__builtin_sub_overflow(s->last_bal, s->last_net, &open_b) &&
            !__builtin_add_overflow(open_b, m->credits5 - m->debits5, &exp_b))
            ok_b = exp_b == s->first_bal;
        if (s->lay->order)
            newest_first = s->lay->order < 0;
        else if (ok_a != ok_b)
            newest_first = ok_b;
        else
            newest_first = strcmp(s->first_date, s->last_date) > 0;
        m->has_opening = m->has_closing = 1;
        m->opening5 = newest_first ? open_b : open_a;
        m->closing5 = newest_first ? s->first_bal : s->last_bal;
        if (newest_first)
            s->host->log(s->in, CBEC_LOG_INFO, "rows are newest first");
    } else if (m->entry_count > 0) {
        s->host->log(s->in, CBEC_LOG_WARN, "no readable running balance on every row (masked?): the export "
                     "cannot be checked");
    }
    loc = g_strdup_printf("%s (whole export)", s->source_name);
    st = bankstmt_emit_statement(s->host, rec, m, loc, err);
    g_free(loc);
    return st;
}

static cbec_status bc_next(cbec_source *s, cbec_record *rec, cbec_error *err)
{
    cbec_status st;

    for (;;) {
        if (s->done)
            return CBEC_EOF;
        st = s->host->tab_next(s->t, err);
        if (st == CBEC_EOF) {
            s->done = 1;
            if (!s->lay) {
                g_strlcpy(err->reason, "NO_HEADER", sizeof err->reason);
                g_snprintf(err->message, sizeof err->message, "no row looks like the header of a known bank "
                           "layout%s%s (see etc/bankcsv.conf)", s->forced ? " " : "", s->forced ? s->forced : "");
                return CBEC_FATAL;
            }
            if (s->sum.entry_count == 0 && s->rows_seen == 0)
                return CBEC_EOF;
            return take_end(s, rec, err);
        }
        if (st != CBEC_OK)
            return st;                      /* BAD_ENCODING rows etc.: the reader filled err */
        if (!s->lay) {
            bc_layout *l = match_header(s);
            if (!l) {
                take_preamble(s);
                if (++s->rows_seen > BC_MAX_PREAMBLE) {
                    s->done = 1;
                    g_strlcpy(err->reason, "NO_HEADER", sizeof err->reason);
                    g_snprintf(err->message, sizeof err->message, "no bank header row in the first %d rows",
                               BC_MAX_PREAMBLE);
                    return CBEC_FATAL;
                }
                continue;
            }
            s->lay = l;
            s->rows_seen = 0;
            resolve_columns(s);
            if (s->currency->len) {
                const char *iso = iso_currency(s->currency->str);
                g_string_assign(s->sum.currency, iso ? iso : s->currency->str);
            } else {
                g_string_assign(s->sum.currency, l->default_currency);
            }
            if (s->account->len)
                g_string_assign(s->sum.account, s->account->str);
            continue;
        }
        s->rows_seen++;
        if (!s->sum.account->len) {
            const char *cfg = s->host->config(s->in, "account");
            if (s->c.account >= 0 && *cell(s, s->c.account))
                g_string_assign(s->sum.account, cell(s, s->c.account));
            else if (cfg && *cfg)
                g_string_assign(s->sum.account, cfg);
            else {
                /* nothing says which account: name it after the file, and say so */
                g_string_printf(s->sum.account, "%s:%s", s->lay->id, s->source_name);
                s->host->log(s->in, CBEC_LOG_WARN, "no account in the preamble, a column or [plugin.bankcsv] "
                             "account: stored as \"%s\"", s->sum.account->str);
            }
        }
        return take_row(s, rec, err);
    }
}

static void bc_close(cbec_source *s)
{
    if (!s)
        return;
    if (s->t)
        s->host->tab_close(s->t);
    if (s->layouts)
        g_ptr_array_free(s->layouts, TRUE);
    g_string_free(s->account, TRUE);
    g_string_free(s->currency, TRUE);
    bankstmt_sum_free(&s->sum);
    g_hash_table_destroy(s->refs);
    g_free(s->source_name);
    g_free(s);
}

static cbec_status bc_open(cbec_source **out, cbec_input *in, const cbec_host *host, cbec_error *err)
{
    cbec_source *s = g_new0(cbec_source, 1);
    const char *path = host->config(in, "layouts"), *enc = host->config(in, "encoding");
    const char *layout = host->config(in, "layout");
    char *text = NULL, *why = NULL;
    gsize len = 0;
    GError *e = NULL;
    GPtrArray *skip = g_ptr_array_new();
    cbec_tab_options opt;
    cbec_status st = CBEC_FATAL;
    guint i, j;

    s->host = host;
    s->in = in;
    s->account = g_string_new(NULL);
    s->currency = g_string_new(NULL);
    bankstmt_sum_init(&s->sum);
    s->refs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->bal_ok = 1;
    s->source_name = g_path_get_basename(host->input_name(in));
    if (path && *path) {
        /* the site's own layouts: configuration, not input */
        if (!g_file_get_contents(path, &text, &len, &e)) {
            g_strlcpy(err->reason, "BAD_CONFIG", sizeof err->reason);
            g_snprintf(err->message, sizeof err->message, "[plugin.bankcsv] layouts: %s", e->message);
            g_error_free(e);
            goto done;
        }
        s->layouts = load_layouts(host, text, len, &why);
    } else {
        s->layouts = load_layouts(host, BANKCSV_BUILTIN, sizeof BANKCSV_BUILTIN - 1, &why);
    }
    if (!s->layouts) {
        g_strlcpy(err->reason, "BAD_CONFIG", sizeof err->reason);
        g_snprintf(err->message, sizeof err->message, "bank CSV layouts: %s", why ? why : "unreadable");
        goto done;
    }
    if (layout && *layout && strcmp(layout, "auto") != 0) {
        for (i = 0; i < s->layouts->len; i++)
            if (strcmp(((bc_layout *)g_ptr_array_index(s->layouts, i))->id, layout) == 0)
                s->forced = ((bc_layout *)g_ptr_array_index(s->layouts, i))->id;
        if (!s->forced) {
            g_strlcpy(err->reason, "BAD_CONFIG", sizeof err->reason);
            g_snprintf(err->message, sizeof err->message, "[plugin.bankcsv] layout = %s: no such section in the "
                       "layouts", layout);
            goto done;
        }
    }
    for (i = 0; i < s->layouts->len; i++) {
        bc_layout *l = g_ptr_array_index(s->layouts, i);
        for (j = 0; l->footer[j]; j++)
            g_ptr_array_add(skip, l->footer[j]);
    }
    g_ptr_array_add(skip, NULL);
    memset(&opt, 0, sizeof opt);
    opt.struct_size = sizeof opt;
    opt.format = NULL;                      /* CSV, or XLSX when forced with --source bankcsv */
    opt.encoding = enc && *enc ? enc : "GB18030";
    opt.no_header = 1;                      /* the preamble is ours to read */
    opt.skip_rows = (const char *const *)skip->pdata;
    st = host->tab_open(in, &opt, &s->t, err);
    if (st < 0 && st != CBEC_WARN)
        goto done;
    st = CBEC_OK;
    *out = s;
    s = NULL;
done:
    g_ptr_array_free(skip, TRUE);   /* the reader keeps its own normalised copy */
    g_free(text);
    g_free(why);
    if (s)
        bc_close(s);
    return st;
}

static const char *const bc_extensions[] = {"csv", "txt", NULL};

static const cbec_config_key bc_keys[] = {
    {CBEC_CONF_PATH, "layouts", "", "bank CSV layouts file (empty = the built-in copy of etc/bankcsv.conf)"},
    {CBEC_CONF_STRING, "layout", "auto", "layout section to use, or auto = detect by the header row"},
    {CBEC_CONF_STRING, "encoding", "GB18030", "code page of exports that are not valid UTF-8"},
    {CBEC_CONF_STRING, "account", "", "account number when the export names none"},
    {CBEC_CONF_END, NULL, NULL, NULL}};

static const cbec_source_plugin bc_plugin = {
    .abi_major = CBEC_PLUGIN_ABI_MAJOR,
    .abi_minor = CBEC_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(cbec_source_plugin),
    .flags = CBEC_PLUGIN_FLAG_TABULAR,
    .name = "bankcsv",
    .version = "1.0.0",
    .description = "Chinese bank CSV exports (ICBC, BOC, CMB, ABC, BOCOM, CCB) by declarative column maps",
    .license = "MIT",
    .extensions = bc_extensions,
    .config_keys = bc_keys,
    .probe = bc_probe,
    .open = bc_open,
    .next = bc_next,
    .close = bc_close,
};

/** The plugin's one exported symbol: returns the bankcsv descriptor. */
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not);
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not)
{
    if (host->abi_major != CBEC_PLUGIN_ABI_MAJOR) {
        *why_not = "host speaks another ABI major";
        return NULL;
    }
    if (!CBEC_HOST_HAS(host, tab_close) || !CBEC_HOST_HAS(host, text_normalise)) {
        *why_not = "host has no tabular reader";
        return NULL;
    }
    return &bc_plugin;
}
