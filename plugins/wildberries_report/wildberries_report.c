/**
 * @file wildberries_report.c
 * @brief Source plugin `wildberries_report`: the Wildberries weekly sales report detail.
 *
 * Delivered as a ZIP holding an XLSX (the core walks the ZIP; this plugin receives the
 * XLSX member), 60+ Russian columns, one row per operation (Обоснование для оплаты):
 * - Продажа (sale): an `orders` record (order_no = Srid, platform WILDBERRIES, direction
 *   export, goods_value = retail amount) with one `order_item`, then a `payment` of the
 *   seller's payout for it (settlement_ref = the report);
 * - Возврат (return): a `payment` with the payout negative (returns are money back);
 * - anything else (Логистика, Штраф, ...): a `settlement_component` of the report;
 * at the end one `settlement` for the report (ref = Номер отчета, else the number in
 * the file name), period = first..last sale date, total = payouts - delivery - penalties.
 */
#include <stdlib.h>
#include <string.h>

#include "tabkit/tabkit.h"
#include "columns.h"   /* generated from columns.ini, in the build tree */

enum { F_ROW, F_REPORT, F_SUBJECT, F_NM, F_BRAND, F_SKU, F_NAME, F_BARCODE, F_DOC, F_REASON, F_ORDER_DATE,
       F_SALE_DATE, F_QTY, F_RETAIL, F_PAYOUT, F_DELIVERY, F_PENALTY, F_COUNTRY, F_SRID, F_CCY, F_N };
static const char *const FIELDS[F_N] = {"row_no", "report_no", "subject", "nm_id", "brand", "sku", "name",
                                        "barcode", "doc_type", "reason", "order_date", "sale_date", "qty",
                                        "retail_amount", "payout", "delivery_fee", "penalty", "country", "srid",
                                        "currency"};
enum { K_SALE = 10, K_SALE_PAY = 11, K_RETURN = 12, K_SETTLEMENT = 13 };

typedef struct comp {
    char *order, *type, *posted;
    int64_t amount;
} comp;

struct cbec_source {
    tk_src s;
    char *ref;
    int ref_from_column;
    char first[16], last[16];  /* sale date range, ISO dates */
    int64_t total;
    GArray *comps;             /* of comp */
    char *loc;
};

static const char *ccy_of(tk_src *s, const char *v) { return v && *v ? v : s->currency; }

/* Russian words of the operation column, case-folded by hand (text is UTF-8). */
static int is_word(const char *text, const char *word)
{
    char *a = g_utf8_casefold(text, -1), *b = g_utf8_casefold(word, -1);
    int r = strcmp(g_strstrip(a), b) == 0;
    g_free(a);
    g_free(b);
    return r;
}

static void row_free(void *p) { g_strfreev(p); }

static cbec_status wb_row(tk_src *s, cbec_error *err)
{
    cbec_source *src = s->priv;
    const cbec_host *h = s->h;
    const char *reason = TK(s, F_REASON), *ccy = ccy_of(s, TK(s, F_CCY));
    int64_t payout, delivery, penalty, q;
    char iso[40];

    if (!*reason)
        return tk_fail(err, "MISSING_KEY", NULL, "no operation (Обоснование для оплаты)");
    if (tk_money_field(s, F_PAYOUT, TK(s, F_PAYOUT), ccy, &payout, NULL) < 0 ||
        tk_money_field(s, F_DELIVERY, TK(s, F_DELIVERY), ccy, &delivery, NULL) < 0 ||
        tk_money_field(s, F_PENALTY, TK(s, F_PENALTY), ccy, &penalty, NULL) < 0 ||
        tk_money_field(s, F_RETAIL, TK(s, F_RETAIL), ccy, &q, NULL) < 0)
        return tk_fail(err, "BAD_AMOUNT", NULL, "an amount of the row is not a number (payout \"%.30s\", "
                       "delivery \"%.30s\", penalty \"%.30s\")", TK(s, F_PAYOUT), TK(s, F_DELIVERY), TK(s, F_PENALTY));
    if (*TK(s, F_SALE_DATE)) {
        if (!tk_time(TK(s, F_SALE_DATE), s->tz, iso, sizeof iso))
            return tk_fail(err, "BAD_DATE", NULL, "sale date \"%.40s\" not understood", TK(s, F_SALE_DATE));
        iso[10] = 0;
        if (!src->first[0] || strcmp(iso, src->first) < 0)
            g_strlcpy(src->first, iso, sizeof src->first);
        if (strcmp(iso, src->last) > 0)
            g_strlcpy(src->last, iso, sizeof src->last);
    }
    if (*TK(s, F_ORDER_DATE) && !tk_time(TK(s, F_ORDER_DATE), s->tz, iso, sizeof iso))
        return tk_fail(err, "BAD_DATE", NULL, "order date \"%.40s\" not understood", TK(s, F_ORDER_DATE));
    if (*TK(s, F_REPORT) && !src->ref_from_column) {
        g_free(src->ref);
        src->ref = g_strdup(TK(s, F_REPORT));
        src->ref_from_column = 1;
    }
    if (!src->loc)
        src->loc = g_strdup(h->tab_locator(s->t));
    if (is_word(reason, "Продажа")) {
        if (!*TK(s, F_SRID))
            return tk_fail(err, "MISSING_KEY", NULL, "a sale without Srid");
        if (*TK(s, F_QTY) && !tk_int(TK(s, F_QTY), &q))
            return tk_fail(err, "BAD_QTY", NULL, "quantity \"%.40s\" is not a whole number", TK(s, F_QTY));
        src->total += payout - delivery - penalty;
        tk_push(s, K_SALE, tk_snapshot(&s->map, h, s->t), row_free);
        tk_push(s, K_SALE_PAY, tk_snapshot(&s->map, h, s->t), row_free);
    } else if (is_word(reason, "Возврат")) {
        if (!*TK(s, F_SRID))
            return tk_fail(err, "MISSING_KEY", NULL, "a return without Srid");
        src->total += -(payout < 0 ? -payout : payout) - delivery - penalty;
        tk_push(s, K_RETURN, tk_snapshot(&s->map, h, s->t), row_free);
    } else {
        comp c;
        c.order = g_strdup(TK(s, F_SRID));
        c.type = g_strdup(reason);
        c.posted = g_strdup(TK(s, F_SALE_DATE));
        c.amount = payout - delivery - penalty;
        src->total += c.amount;
        g_array_append_val(src->comps, c);
    }
    return CBEC_OK;
}

static void set_time(tk_src *s, cbec_record *rec, const char *field, const char *text)
{
    char iso[40];
    if (text && *text && tk_time(text, s->tz, iso, sizeof iso))
        s->h->rec_set_time(rec, field, iso);
}

static const char *report_ref(cbec_source *src)
{
    return src->ref ? src->ref : "";
}

static cbec_status wb_build(tk_src *s, tk_item *it, cbec_record *rec, cbec_error *err)
{
    cbec_source *src = s->priv;
    const cbec_host *h = s->h;
    char **row = it->data;
    const char *loc = row ? row[s->map.nfields] : src->loc;
    const char *ccy = row ? ccy_of(s, row[F_CCY]) : s->currency;
    int64_t v = 0;
    char *txn;
    guint i;

    g_strlcpy(err->locator, loc ? loc : "", sizeof err->locator);
    if (it->kind == K_SALE) {
        h->rec_begin(rec, CBEC_KIND_ORDERS);
        h->rec_set_locator(rec, loc);
        h->rec_set_text(rec, "order_no", row[F_SRID]);
        h->rec_set_text(rec, "platform_code", "WILDBERRIES");
        h->rec_set_text(rec, "platform_name", "Wildberries");
        h->rec_set_text(rec, "direction", "export");
        h->rec_set_text(rec, "status", "sold");
        h->rec_set_text(rec, "currency", ccy);
        set_time(s, rec, "order_time", row[F_ORDER_DATE]);
        tk_money_field(s, F_RETAIL, row[F_RETAIL], ccy, &v, rec);
        h->rec_set_minor(rec, "goods_value", v);
        h->rec_set_minor(rec, "actual_paid", v);
        h->rec_set_text(rec, "consignee_country", tk_country(row[F_COUNTRY]));
        h->rec_child(rec, CBEC_KIND_ORDER_ITEM);
        h->rec_set_text(rec, "sku", row[F_SKU][0] ? row[F_SKU] : row[F_NM]);
        h->rec_set_text(rec, "name", row[F_NAME][0] ? row[F_NAME] : row[F_SUBJECT]);
        h->rec_set_text(rec, "bar_code", row[F_BARCODE]);
        h->rec_set_text(rec, "qty", row[F_QTY][0] ? row[F_QTY] : "1");
        h->rec_set_text(rec, "currency", ccy);
        h->rec_set_minor(rec, "total", v);
        return CBEC_OK;
    }
    if (it->kind == K_SALE_PAY || it->kind == K_RETURN) {
        tk_money_field(s, F_PAYOUT, row[F_PAYOUT], ccy, &v, rec);
        if (it->kind == K_RETURN && v > 0)
            v = -v;
        txn = g_strdup_printf("WB-%s-%s-%s", row[F_SRID], it->kind == K_RETURN ? "return" : "sale",
                              row[F_ROW][0] ? row[F_ROW] : loc);
        h->rec_begin(rec, CBEC_KIND_PAYMENT);
        h->rec_set_locator(rec, loc);
        h->rec_set_text(rec, "pay_transaction_id", txn);
        h->rec_set_text(rec, "pay_code", "WILDBERRIES");
        h->rec_set_text(rec, "pay_name", "Wildberries");
        h->rec_set_text(rec, "order_no", row[F_SRID]);
        h->rec_set_text(rec, "platform_code", "WILDBERRIES");
        h->rec_set_text(rec, "direction", "export");
        h->rec_set_minor(rec, "amount", v);
        h->rec_set_text(rec, "currency", ccy);
        set_time(s, rec, "pay_time", row[F_SALE_DATE]);
        h->rec_set_text(rec, "settlement_ref", report_ref(src));
        g_free(txn);
        return CBEC_OK;
    }
    /* The report's settlement. */
    h->rec_begin(rec, CBEC_KIND_SETTLEMENT);
    h->rec_set_locator(rec, loc);
    h->rec_set_text(rec, "settlement_ref", report_ref(src));
    h->rec_set_text(rec, "platform_code", "WILDBERRIES");
    h->rec_set_text(rec, "pay_code", "WILDBERRIES");
    if (src->first[0])
        h->rec_set_time(rec, "period_start", src->first);
    if (src->last[0])
        h->rec_set_time(rec, "period_end", src->last);
    h->rec_set_minor(rec, "total_amount", src->total);
    h->rec_set_text(rec, "currency", s->currency);
    for (i = 0; i < src->comps->len; i++) {
        comp *c = &g_array_index(src->comps, comp, i);
        h->rec_child(rec, CBEC_KIND_SETTLEMENT_COMPONENT);
        h->rec_set_text(rec, "order_no", c->order);
        h->rec_set_text(rec, "amount_type", c->type);
        h->rec_set_minor(rec, "amount", c->amount);
        set_time(s, rec, "posted_at", c->posted);
    }
    return CBEC_OK;
}

static void wb_finish(tk_src *s)
{
    cbec_source *src = s->priv;
    if (src->loc)
        tk_push(s, K_SETTLEMENT, NULL, NULL);
}

static const tk_ops OPS = {wb_row, wb_build, wb_finish};

static int wb_probe(const cbec_probe_input *in, const cbec_host *host)
{
    (void)host;
    /* "Обоснование для оплаты" with Srid in a CSV variant. */
    if (tk_head_has(in->head, in->head_len, "Srid") &&
        tk_head_has(in->head, in->head_len, "\xd0\x9e\xd0\xb1\xd0\xbe\xd1\x81\xd0\xbd\xd0\xbe\xd0\xb2\xd0\xb0\xd0\xbd"
                                            "\xd0\xb8\xd0\xb5"))
        return 90;
    if (in->head_len >= 4 && memcmp(in->head, "PK\x03\x04", 4) == 0 && in->name) {
        char *n = g_utf8_casefold(in->name, -1);
        int hit = strstr(n, "wildberries") || strstr(n, "wb_") || strstr(n, "wb-") ||
                  strstr(n, "\xd0\xb4\xd0\xb5\xd1\x82\xd0\xb0\xd0\xbb\xd0\xb8\xd0\xb7") /* детализ */;
        g_free(n);
        if (hit)
            return 70;
    }
    return CBEC_SCORE_NONE;
}

/* A report number in the file name: digits after "№", else the longest run of 5+ digits. */
static char *ref_from_name(const char *name)
{
    const char *p = name ? strrchr(name, '!') : NULL, *best = NULL;
    size_t bestlen = 0;
    p = p ? p + 1 : name;
    if (!p)
        return NULL;
    while (*p) {
        if (g_ascii_isdigit(*p)) {
            const char *s = p;
            while (g_ascii_isdigit(*p))
                p++;
            if ((size_t)(p - s) > bestlen) {
                bestlen = (size_t)(p - s);
                best = s;
            }
        } else {
            p++;
        }
    }
    return bestlen >= 5 ? g_strndup(best, bestlen) : NULL;
}

static void comp_clear(gpointer p)
{
    comp *c = p;
    g_free(c->order);
    g_free(c->type);
    g_free(c->posted);
}

static cbec_status wb_open(cbec_source **out, cbec_input *in, const cbec_host *host, cbec_error *err)
{
    cbec_source *src = g_new0(cbec_source, 1);
    cbec_tab_options opt;
    const char *ref = host->config(in, "report_id");
    memset(&opt, 0, sizeof opt);
    opt.min_header_hits = 3;
    if (tk_open(&src->s, in, host, "wildberries_report", COLUMNS_INI, FIELDS, F_N, &opt, 0, &OPS, err) != CBEC_OK) {
        g_free(src);
        return CBEC_FATAL;
    }
    src->s.priv = src;
    src->comps = g_array_new(FALSE, TRUE, sizeof(comp));
    g_array_set_clear_func(src->comps, comp_clear);
    src->ref = ref && *ref ? g_strdup(ref) : ref_from_name(host->input_name(in));
    if (!src->ref) {
        /* No number anywhere: the file's own name identifies the report. */
        const char *n = host->input_name(in), *b = n ? strrchr(n, '!') : NULL;
        char *base = g_path_get_basename(b ? b + 1 : n ? n : "report");
        src->ref = g_strdup_printf("WB-%s", base);
        g_free(base);
    }
    *out = src;
    return CBEC_OK;
}

static cbec_status wb_next(cbec_source *src, cbec_record *rec, cbec_error *err) { return tk_next(&src->s, rec, err); }

static void wb_close(cbec_source *src)
{
    if (!src)
        return;
    tk_close(&src->s);
    g_array_free(src->comps, TRUE);
    g_free(src->ref);
    g_free(src->loc);
    g_free(src);
}

static const char *const EXTS[] = {"xlsx", "csv", NULL};
static const cbec_config_key KEYS[] = {
    {CBEC_CONF_STRING, "currency", "RUB", "currency of the report"},
    {CBEC_CONF_STRING, "timezone", "+03:00", "offset of report times (Moscow)"},
    {CBEC_CONF_STRING, "report_id", "", "settlement reference when neither a column nor the file name has one"},
    {CBEC_CONF_STRING, "encoding", "WINDOWS-1251", "code page of CSV variants that are not UTF-8"},
    {CBEC_CONF_PATH, "columns", "", "site column map overlaid on the built-in one (INI, see columns.ini)"},
    {CBEC_CONF_STRING, "decimal_mark", "",
     "decimal mark of the amounts: . , or auto (decided per column from the first 1000 rows); "
     "unset = the column map's [decimal_mark]"},
    {CBEC_CONF_END, NULL, NULL, NULL}};

static const cbec_source_plugin PLUGIN = {
    .abi_major = CBEC_PLUGIN_ABI_MAJOR,
    .abi_minor = CBEC_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(cbec_source_plugin),
    .flags = CBEC_PLUGIN_FLAG_TABULAR,
    .name = "wildberries_report",
    .version = "1.0.0",
    .description = "Wildberries weekly sales report (XLSX): sales, returns, fees",
    .license = "MIT",
    .extensions = EXTS,
    .config_keys = KEYS,
    .probe = wb_probe,
    .open = wb_open,
    .next = wb_next,
    .close = wb_close,
};

/** The plugin's one exported symbol. */
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not);
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not)
{
    if (host->abi_major != CBEC_PLUGIN_ABI_MAJOR) {
        *why_not = "host speaks another ABI major";
        return NULL;
    }
    return &PLUGIN;
}
