/**
 * @file ceb.c
 * @brief Source plugin `ceb`: China Customs cross-border e-commerce messages
 * (CEB, XML, 202205 edition; plugins/ceb/README.md) into the dataset.
 *
 * Declarations: 311/303 orders (+ lines), 411 payments, 403 export receipts of
 * payment, 511/505 waybills, 513 waybill status, 509 departures and 711
 * warehouse entries (one shipment_event per listed waybill), 621/603 customs
 * lists (+ lines).  Receipts (312, 412, 512, 514, 622, 624, 626, 712, 900 and
 * the export ones) become customs_receipt rows.  The DxpMsg envelope is
 * unwrapped.  Rule violations are findings on stored records; a record without
 * its key or with an unparseable number is quarantined with its element path;
 * malformed XML stops the input (records before it are kept).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cbecflow/host.h>
#include <cbecflow/record.h>

#include "codes.h"
#include "reader.h"

#define CEB_VERSION "1.0.0"

__extension__ typedef __int128 ceb_i128;

struct cbec_source {
    const cbec_host *h;
    cbec_input *in;
    ceb_reader *rd;
    ceb_container *c;          /* container being turned into records */
    size_t line_i;             /* next list line (509/711: one record per line) */
};

/* What one record is built from. */
typedef struct bctx {
    const cbec_host *h;
    cbec_record *rec;
    cbec_error *err;
    const ceb_container *c;
    const char *direction;
} bctx;

/* ---- errors ---- */

/* Elements holding personal identifiers in the CEB messages (311 order, 411 payment,
 * 505 waybill, 621 inventory).  A record refused before its set_personal calls still
 * shows them in its excerpt: the core masks every value declared here. */
static const struct {
    const char *element;
    int kind;
} personal_elements[] = {
    {"buyerIdNumber", CBEC_PERSONAL_ID},       {"payerIdNumber", CBEC_PERSONAL_ID},
    {"idNumber", CBEC_PERSONAL_ID},            {"buyerTelephone", CBEC_PERSONAL_PHONE},
    {"consigneeTelephone", CBEC_PERSONAL_PHONE}, {"telephone", CBEC_PERSONAL_PHONE},
    {"payerTelephone", CBEC_PERSONAL_PHONE},
};

static void mark_personal(bctx *b, const ceb_group *g)
{
    size_t i, k;

    if (!CBEC_HOST_HAS(b->h, rec_mark_personal))
        return;
    for (i = 0; i < g->n; i++)
        for (k = 0; k < sizeof personal_elements / sizeof personal_elements[0]; k++)
            if (g->f[i].val && strcmp(g->f[i].name, personal_elements[k].element) == 0)
                b->h->rec_mark_personal(b->rec, personal_elements[k].kind, g->f[i].val);
}

static void raw_excerpt(bctx *b)
{
    char buf[2048];
    size_t n = 0, i, l;
    const ceb_container *c = b->c;

    mark_personal(b, &c->head);
    for (l = 0; l < c->nlines; l++)
        mark_personal(b, &c->lines[l]);

#define PUT(...) do { int k_ = snprintf(buf + n, sizeof buf - n, __VA_ARGS__); \
        if (k_ < 0 || (size_t)k_ >= sizeof buf - n) { n = sizeof buf - 1; goto done; } n += (size_t)k_; } while (0)
    PUT("<%s>", c->name);
    for (i = 0; i < c->head.n; i++)
        PUT("<%s>%s</%s>", c->head.f[i].name, c->head.f[i].val ? c->head.f[i].val : "", c->head.f[i].name);
    for (l = 0; l < c->nlines; l++) {
        PUT("<%s>", c->lines[l].name);
        for (i = 0; i < c->lines[l].n; i++)
            PUT("<%s>%s</%s>", c->lines[l].f[i].name, c->lines[l].f[i].val ? c->lines[l].f[i].val : "",
                c->lines[l].f[i].name);
        PUT("</%s>", c->lines[l].name);
    }
    PUT("</%s>", c->name);
#undef PUT
done:
    b->h->rec_set_raw(b->rec, buf, n);
}

static cbec_status rec_error(bctx *b, const ceb_group *g, const char *field, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static cbec_status rec_error(bctx *b, const ceb_group *g, const char *field, const char *reason, const char *fmt, ...)
{
    va_list ap;
    snprintf(b->err->reason, sizeof b->err->reason, "%s", reason);
    ceb_path(b->c, g, field, b->err->locator, sizeof b->err->locator);
    b->err->line = b->c->line;
    va_start(ap, fmt);
    vsnprintf(b->err->message, sizeof b->err->message, fmt, ap);
    va_end(ap);
    raw_excerpt(b);
    return CBEC_RECORD_ERROR;
}

/* ---- values ---- */

/* An element the builders read, by its number (reader.h CEB_FIELD_NAMES). */
#define F(name) CEB_F_##name

static const char *val(const ceb_group *g, unsigned id)
{
    const char *v = ceb_get(g, id);
    return v && *v ? v : NULL;
}

static int all_digits(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int num(const char *s, size_t n)
{
    int v = 0;
    size_t i;
    for (i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/** Customs time text (YYYYMMDD, YYYYMMDDhhmmss, YYYYMMDDhhmmssSSS) in Asia/Shanghai to ISO 8601. */
static int ceb_time_iso(const char *v, char *buf, size_t len)
{
    size_t n = strlen(v), out;
    int mo, d, hh = 0, mi = 0, ss = 0;

    if ((n != 8 && n != 14 && n != 17) || !all_digits(v, n))
        return -1;
    mo = num(v + 4, 2);
    d = num(v + 6, 2);
    if (n >= 14) {
        hh = num(v + 8, 2);
        mi = num(v + 10, 2);
        ss = num(v + 12, 2);
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || hh > 23 || mi > 59 || ss > 60)
        return -1;
    /* "YYYY-MM-DD[Thh:mm:ss[.SSS]+08:00]", copied digit by digit (hot path: no printf) */
    if (len < 30)
        return -1;
    memcpy(buf, v, 4);
    buf[4] = '-';
    memcpy(buf + 5, v + 4, 2);
    buf[7] = '-';
    memcpy(buf + 8, v + 6, 2);
    out = 10;
    if (n >= 14) {
        buf[10] = 'T';
        memcpy(buf + 11, v + 8, 2);
        buf[13] = ':';
        memcpy(buf + 14, v + 10, 2);
        buf[16] = ':';
        memcpy(buf + 17, v + 12, 2);
        out = 19;
        if (n == 17) {
            buf[19] = '.';
            memcpy(buf + 20, v + 14, 3);
            out = 23;
        }
        memcpy(buf + out, "+08:00", 6);
        out += 6;
    }
    buf[out] = 0;
    return 0;
}

static cbec_status set_text(bctx *b, const char *column, const char *value)
{
    if (!value || !*value)
        return CBEC_OK;
    if (b->h->rec_set_text(b->rec, column, value) != CBEC_OK) {
        const char *why = b->h->rec_error(b->rec);
        return rec_error(b, NULL, NULL, "BAD_TEXT", "%s: %s", column, why ? why : "refused");
    }
    return CBEC_OK;
}

static cbec_status copy_text(bctx *b, const ceb_group *g, unsigned id, const char *column)
{
    return set_text(b, column, val(g, id));
}

/* A time column; a malformed time is a finding, the record is kept without it. */
static void set_time(bctx *b, const ceb_group *g, unsigned id, const char *column)
{
    const char *name = ceb_field_names[id];
    const char *v = val(g, id);
    char iso[40];
    char path[256];

    if (!v)
        return;
    if (ceb_time_iso(v, iso, sizeof iso) != 0 || b->h->rec_set_time(b->rec, column, iso) != CBEC_OK) {
        ceb_path(b->c, g, name, path, sizeof path);
        b->h->rec_finding(b->rec, "BAD_TIME", "%s: \"%.40s\" is not a customs time (YYYYMMDD[hhmmss[SSS]])", path, v);
    }
}

static cbec_status set_money(bctx *b, const ceb_group *g, unsigned id, const char *column, const char *iso)
{
    const char *name = ceb_field_names[id];
    const char *v = val(g, id);
    if (!v)
        return CBEC_OK;
    if (b->h->rec_set_money(b->rec, column, v, iso) != CBEC_OK) {
        const char *why = b->h->rec_error(b->rec);
        return rec_error(b, g, name, "BAD_AMOUNT", "%s \"%.60s\" is not an N19,5 amount: %s", name, v,
                         why ? why : "refused");
    }
    return CBEC_OK;
}

/* Exact value at scale 5 for the rules; 0 when absent.  -1 when not a decimal or too large. */
static int amount5(bctx *b, const ceb_group *g, unsigned id, int64_t *out)
{
    const char *v = val(g, id);
    *out = 0;
    if (!v)
        return 0;
    return b->h->decimal_parse(v, 5, out) < 0 ? -1 : 0;
}

/* A kg weight into whole grams. */
static cbec_status set_weight(bctx *b, const ceb_group *g, unsigned id, const char *column)
{
    const char *name = ceb_field_names[id];
    const char *v = val(g, id);
    int64_t grams;
    int r;
    char path[256];

    if (!v)
        return CBEC_OK;
    r = b->h->decimal_parse(v, 3, &grams);
    if (r < 0 || grams < 0)
        return rec_error(b, g, name, "BAD_NUMBER", "%s \"%.60s\" is not a weight in kg", name, v);
    if (r == 1) {
        ceb_path(b->c, g, name, path, sizeof path);
        b->h->rec_finding(b->rec, "ROUNDED", "%s: %s kg has more precision than a gram; stored rounded", path, v);
    }
    b->h->rec_set_int(b->rec, column, grams);
    return CBEC_OK;
}

static cbec_status set_int(bctx *b, const ceb_group *g, unsigned id, const char *column, int64_t *out)
{
    const char *name = ceb_field_names[id];
    const char *v = val(g, id);
    int64_t n;
    if (!v)
        return CBEC_OK;
    if (b->h->decimal_parse(v, 0, &n) != 0)
        return rec_error(b, g, name, "BAD_NUMBER", "%s \"%.60s\" is not a whole number", name, v);
    if (out)
        *out = n;
    b->h->rec_set_int(b->rec, column, n);
    return CBEC_OK;
}

static cbec_status set_personal(bctx *b, const char *column, int kind, const char *value)
{
    if (!value || !*value)
        return CBEC_OK;
    if (b->h->rec_set_personal(b->rec, column, kind, value) != CBEC_OK) {
        const char *why = b->h->rec_error(b->rec);
        return rec_error(b, NULL, NULL, "PERSONAL_DATA", "%s: %s", column, why ? why : "refused");
    }
    return CBEC_OK;
}

/* A customs code checked against its table: findings for filler and unknown codes.
 * Returns the ISO code or NULL. */
static const char *code_iso(bctx *b, const ceb_group *g, unsigned id, int currency)
{
    const char *name = ceb_field_names[id];
    const char *v = val(g, id);
    const char *iso;
    char path[256];

    if (!v)
        return NULL;
    iso = currency ? ceb_currency_iso(v) : ceb_country_iso(v);
    if (iso)
        return iso;
    ceb_path(b->c, g, name, path, sizeof path);
    if (ceb_code_is_placeholder(v))
        b->h->rec_finding(b->rec, "PLACEHOLDER_CODE", "%s: \"%.20s\" is a placeholder, not a customs %s code", path,
                          v, currency ? "currency" : "country");
    else
        b->h->rec_finding(b->rec, "UNKNOWN_CODE", "%s: \"%.20s\" is not a known customs %s code", path, v,
                          currency ? "currency" : "country");
    return NULL;
}

static void check_unit(bctx *b, const ceb_group *g, unsigned id)
{
    const char *name = ceb_field_names[id];
    const char *v = val(g, id);
    char path[256];
    /* Unit codes are digits ("007" = piece, "035" = kg): letters are filler. */
    if (v && !all_digits(v, strlen(v))) {
        ceb_path(b->c, g, name, path, sizeof path);
        b->h->rec_finding(b->rec, "PLACEHOLDER_CODE", "%s: \"%.20s\" is a placeholder, not a customs unit code", path,
                          v);
    }
}

static void check_id(bctx *b, const ceb_group *g, unsigned type_id, unsigned id_id)
{
    const char *t = val(g, type_id), *id = val(g, id_id), *id_name = ceb_field_names[id_id];
    char path[256];
    if (!id || !t || strcmp(t, "1") != 0)
        return;                    /* type 1 = resident ID card */
    if (!ceb_id_checksum_ok(id)) {
        ceb_path(b->c, g, id_name, path, sizeof path);
        b->h->rec_finding(b->rec, "ID_CHECKSUM", "%s: resident ID number fails the GB 11643 check character", path);
    }
}

static void check_import_currency(bctx *b, const ceb_group *g, unsigned id)
{
    const char *name = ceb_field_names[id];
    const char *v = val(g, id);
    char path[256];
    if (v && strcmp(v, "142") != 0 && strcmp(v, "CNY") != 0) {
        ceb_path(b->c, g, name, path, sizeof path);
        b->h->rec_finding(b->rec, "IMPORT_CURRENCY", "%s: import declarations are in 142 (CNY), not \"%.20s\"", path,
                          v);
    }
}

static void check_pack_no(bctx *b, const ceb_group *g, int64_t pack_no, int present)
{
    char path[256];
    if (present && pack_no != 1) {
        ceb_path(b->c, g, "packNo", path, sizeof path);
        b->h->rec_finding(b->rec, "PACK_NO", "%s: %lld packages on one retail waybill; the specification requires 1",
                          path, (long long)pack_no);
    }
}

/* Message-level findings ride on the message's last record. */
static void message_findings(bctx *b, int declaration, int last_record)
{
    if (!declaration || !last_record || !b->c->last)
        return;
    if (b->c->base_transfers != 1)
        b->h->rec_finding(b->rec, "BASE_TRANSFER", "%s%s carries %d BaseTransfer blocks; the specification requires "
                          "exactly one", b->c->prefix, b->c->msg_name, b->c->base_transfers);
}

/* Round a scale-10 value to `exp` decimals, half away from zero. */
static ceb_i128 round10(ceb_i128 v, int exp)
{
    ceb_i128 div = 1, q, r;
    int i;
    for (i = exp; i < 10; i++)
        div *= 10;
    q = v / div;
    r = v % div;
    if (r * 2 >= div)
        q++;
    else if (r * 2 <= -div)
        q--;
    return q;
}

/* totalPrice = qty x price, compared at the currency's precision. */
static void check_line_total(bctx *b, const ceb_group *g, const char *iso)
{
    int64_t qty, price, total;
    ceb_i128 prod, tot;
    int exp = b->h->currency_exponent(iso);
    char path[256];

    if (!val(g, F(qty)) || !val(g, F(price)) || !val(g, F(totalPrice)))
        return;
    if (amount5(b, g, F(qty), &qty) != 0 || amount5(b, g, F(price), &price) != 0 ||
        amount5(b, g, F(totalPrice), &total) != 0)
        return;
    prod = (ceb_i128)qty * (ceb_i128)price;                  /* scale 10, fits easily */
    tot = (ceb_i128)total * 100000;
    if (round10(prod, exp) != round10(tot, exp)) {
        ceb_path(b->c, g, "totalPrice", path, sizeof path);
        b->h->rec_finding(b->rec, "LINE_TOTAL_MISMATCH", "%s: totalPrice %s differs from qty %s x price %s", path,
                          val(g, F(totalPrice)), val(g, F(qty)), val(g, F(price)));
    }
}

/* Line number: gnum when it is a fresh positive number, else the ordinal (finding). */
static int line_no(bctx *b, const ceb_group *g, unsigned char *used, size_t used_len)
{
    const char *v = val(g, F(gnum));
    int64_t n = 0;
    char path[256];

    if (v && b->h->decimal_parse(v, 0, &n) == 0 && n >= 1 && (size_t)n < used_len && !used[n]) {
        used[n] = 1;
        return (int)n;
    }
    ceb_path(b->c, g, "gnum", path, sizeof path);
    b->h->rec_finding(b->rec, "BAD_GNUM", "%s: \"%.20s\" is missing, not a line number or repeated; line stored as "
                      "number %u", path, v ? v : "", g->ordinal + 1000);
    return (int)g->ordinal + 1000;
}

static cbec_status check_qty(bctx *b, const ceb_group *g, unsigned id)
{
    const char *name = ceb_field_names[id];
    const char *v = val(g, id);
    int64_t q;
    if (v && b->h->decimal_parse(v, 5, &q) < 0)
        return rec_error(b, g, name, "BAD_NUMBER", "%s \"%.60s\" is not a decimal quantity", name, v);
    return CBEC_OK;
}

#define TRY(x) do { cbec_status st_ = (x); if (st_ != CBEC_OK) return st_; } while (0)

/* A goods line's quantity, unit and money (order lines and customs list lines alike). */
static cbec_status line_amounts(bctx *b, const ceb_group *l, const char *liso)
{
    TRY(check_qty(b, l, F(qty)));
    TRY(copy_text(b, l, F(qty), "qty"));
    TRY(copy_text(b, l, F(unit), "unit"));
    check_unit(b, l, F(unit));
    TRY(set_money(b, l, F(price), "unit_price", liso));
    TRY(set_money(b, l, F(totalPrice), "total", liso));
    TRY(set_text(b, "currency", liso));
    return CBEC_OK;
}

/* appType: 1 new, 2 change (the store updates without a conflict finding), 3 delete. */
static cbec_status app_type(bctx *b, const ceb_group *g)
{
    const char *v = val(g, F(appType));
    if (v && strcmp(v, "3") == 0)
        b->h->rec_finding(b->rec, "DELETE_REQUEST", "%s%s/%s[%u]: appType 3, the sender withdraws this declaration",
                          b->c->prefix, b->c->msg_name, b->c->name, b->c->index);
    return set_text(b, "app_type", v);
}

static cbec_status begin(bctx *b, const char *kind)
{
    char loc[256];
    if (b->h->rec_begin(b->rec, kind) != CBEC_OK)
        return rec_error(b, NULL, NULL, "INTERNAL", "cannot start a %s record", kind);
    ceb_path(b->c, NULL, NULL, loc, sizeof loc);
    b->h->rec_set_locator(b->rec, loc);
    return CBEC_OK;
}

static cbec_status need(bctx *b, const ceb_group *g, unsigned id, const char *what)
{
    const char *name = ceb_field_names[id];
    if (!val(g, id))
        return rec_error(b, g, name, "MISSING_KEY", "%s without %s (%s): it cannot be keyed", b->c->name, name, what);
    return CBEC_OK;
}

/* ---- orders (311 import, 303 export) ---- */

static cbec_status build_order(bctx *b)
{
    const ceb_group *g = &b->c->head;
    const char *iso;
    int import = strcmp(b->direction, "import") == 0;
    unsigned char used[1000];
    size_t i;

    TRY(need(b, g, F(orderNo), "order number"));
    TRY(begin(b, CBEC_KIND_ORDERS));
    TRY(copy_text(b, g, F(orderNo), "order_no"));
    TRY(copy_text(b, g, F(ebpCode), "platform_code"));
    TRY(copy_text(b, g, F(ebpName), "platform_name"));
    TRY(copy_text(b, g, F(ebcCode), "seller_code"));
    TRY(copy_text(b, g, F(ebcName), "seller_name"));
    TRY(set_text(b, "direction", b->direction));
    TRY(copy_text(b, g, F(orderType), "order_type"));
    set_time(b, g, F(appTime), "order_time");
    TRY(app_type(b, g));
    iso = code_iso(b, g, F(currency), 1);
    TRY(set_text(b, "currency", iso));
    TRY(copy_text(b, g, F(currency), "currency_code"));
    TRY(set_money(b, g, F(goodsValue), "goods_value", iso));
    TRY(set_money(b, g, F(freight), "freight", iso));
    TRY(set_money(b, g, F(discount), "discount", iso));
    TRY(set_money(b, g, F(taxTotal), "tax_total", iso));
    TRY(set_money(b, g, F(acturalPaid), "actual_paid", iso));
    TRY(copy_text(b, g, F(buyerRegNo), "buyer_reg_no"));
    TRY(copy_text(b, g, F(buyerName), "buyer_name"));
    TRY(set_personal(b, "buyer_key", CBEC_PERSONAL_ID, val(g, F(buyerIdNumber))));
    TRY(set_personal(b, "buyer_phone_key", CBEC_PERSONAL_PHONE, val(g, F(buyerTelephone))));
    TRY(copy_text(b, g, F(payCode), "pay_code"));
    TRY(copy_text(b, g, F(payName), "pay_name"));
    TRY(copy_text(b, g, F(payTransactionId), "pay_transaction_id"));
    TRY(copy_text(b, g, F(consignee), "consignee_name"));
    TRY(set_personal(b, "consignee_key", CBEC_PERSONAL_PHONE, val(g, F(consigneeTelephone))));
    TRY(copy_text(b, g, F(consigneeAddress), "consignee_address"));
    TRY(copy_text(b, g, F(consigneeDistrict), "consignee_district"));

    if (import) {
        int64_t goods, freight, tax, discount, paid, sum;
        check_import_currency(b, g, F(currency));
        check_id(b, g, F(buyerIdType), F(buyerIdNumber));
        if (val(g, F(goodsValue)) && val(g, F(acturalPaid)) && amount5(b, g, F(goodsValue), &goods) == 0 &&
            amount5(b, g, F(freight), &freight) == 0 && amount5(b, g, F(taxTotal), &tax) == 0 &&
            amount5(b, g, F(discount), &discount) == 0 && amount5(b, g, F(acturalPaid), &paid) == 0 &&
            !__builtin_add_overflow(goods, freight, &sum) && !__builtin_add_overflow(sum, tax, &sum) &&
            !__builtin_sub_overflow(sum, discount, &sum) && sum != paid) {
            char path[256];
            ceb_path(b->c, g, "acturalPaid", path, sizeof path);
            b->h->rec_finding(b->rec, "SUM_MISMATCH", "%s: acturalPaid %s differs from goodsValue %s + freight %s + "
                              "taxTotal %s - discount %s", path, val(g, F(acturalPaid)), val(g, F(goodsValue)),
                              val(g, F(freight)) ? val(g, F(freight)) : "0", val(g, F(taxTotal)) ? val(g, F(taxTotal)) : "0",
                              val(g, F(discount)) ? val(g, F(discount)) : "0");
        }
    }
    if (b->c->nlines == 0)
        b->h->rec_finding(b->rec, "MISSING_LINES", "%s%s/%s[%u] has no OrderList line", b->c->prefix, b->c->msg_name,
                          b->c->name, b->c->index);
    memset(used, 0, sizeof used);
    for (i = 0; i < b->c->nlines; i++) {
        const ceb_group *l = &b->c->lines[i];
        const char *liso = code_iso(b, l, F(currency), 1);
        const char *ciso;
        if (!liso)
            liso = iso;
        b->h->rec_child(b->rec, CBEC_KIND_ORDER_ITEM);
        b->h->rec_set_int(b->rec, "line_no", line_no(b, l, used, sizeof used));
        TRY(copy_text(b, l, F(itemNo), "sku"));
        TRY(copy_text(b, l, F(itemName), "name"));
        TRY(copy_text(b, l, F(gmodel), "model"));
        TRY(copy_text(b, l, F(barCode), "bar_code"));
        TRY(line_amounts(b, l, liso));
        ciso = code_iso(b, l, F(country), 0);
        TRY(set_text(b, "origin_country", ciso));
        TRY(copy_text(b, l, F(country), "origin_country_code"));
        if (import)
            check_import_currency(b, l, F(currency));
        check_line_total(b, l, liso);
    }
    message_findings(b, 1, 1);
    return CBEC_OK;
}

/* ---- payments (411 import, 403 export receipt of payment) ---- */

static cbec_status build_payment_411(bctx *b)
{
    const ceb_group *g = &b->c->head;
    const char *iso;

    TRY(need(b, g, F(payTransactionId), "payment transaction id"));
    TRY(begin(b, CBEC_KIND_PAYMENT));
    TRY(copy_text(b, g, F(payTransactionId), "pay_transaction_id"));
    TRY(copy_text(b, g, F(payCode), "pay_code"));
    TRY(copy_text(b, g, F(payName), "pay_name"));
    TRY(copy_text(b, g, F(orderNo), "order_no"));
    TRY(copy_text(b, g, F(ebpCode), "platform_code"));
    TRY(set_text(b, "direction", "import"));
    TRY(copy_text(b, g, F(payerName), "payer_name"));
    TRY(set_personal(b, "payer_key", CBEC_PERSONAL_ID, val(g, F(payerIdNumber))));
    TRY(set_personal(b, "payer_phone_key", CBEC_PERSONAL_PHONE, val(g, F(telephone))));
    iso = code_iso(b, g, F(currency), 1);
    TRY(set_text(b, "currency", iso));
    TRY(copy_text(b, g, F(currency), "currency_code"));
    TRY(set_money(b, g, F(amountPaid), "amount", iso));
    set_time(b, g, F(payTime), "pay_time");
    TRY(app_type(b, g));
    check_import_currency(b, g, F(currency));
    check_id(b, g, F(payerIdType), F(payerIdNumber));
    message_findings(b, 1, 1);
    return CBEC_OK;
}

static cbec_status build_payment_403(bctx *b)
{
    const ceb_group *g = &b->c->head;
    const char *iso;
    char key[200];

    if (val(g, F(payNo))) {
        snprintf(key, sizeof key, "%s", val(g, F(payNo)));
    } else {
        /* payNo is optional in the 403 schema: key the receipt by seller and order. */
        TRY(need(b, g, F(orderNo), "order number, as payNo is absent"));
        snprintf(key, sizeof key, "403:%s:%s", val(g, F(ebcCode)) ? val(g, F(ebcCode)) : "", val(g, F(orderNo)));
    }
    TRY(begin(b, CBEC_KIND_PAYMENT));
    TRY(set_text(b, "pay_transaction_id", key));
    if (!val(g, F(payNo)))
        b->h->rec_finding(b->rec, "SYNTHETIC_KEY", "receipt without payNo keyed as %s", key);
    TRY(copy_text(b, g, F(payCode), "pay_code"));
    TRY(copy_text(b, g, F(payName), "pay_name"));
    TRY(copy_text(b, g, F(orderNo), "order_no"));
    TRY(copy_text(b, g, F(ebpCode), "platform_code"));
    TRY(set_text(b, "direction", "export"));
    iso = code_iso(b, g, F(currency), 1);
    TRY(set_text(b, "currency", iso));
    TRY(copy_text(b, g, F(currency), "currency_code"));
    TRY(set_money(b, g, F(charge), "amount", iso));
    set_time(b, g, F(accountingDate), "pay_time");
    TRY(app_type(b, g));
    message_findings(b, 1, 1);
    return CBEC_OK;
}

/* ---- waybills (511 import, 505 export) ---- */

/* UPU S10: 2 letters, 8 digits, check digit, 2 letters. */
static int is_s10(const char *v)
{
    static const int w[8] = {8, 6, 4, 2, 3, 5, 9, 7};
    int i, sum = 0, c;
    if (strlen(v) != 13)
        return 0;
    for (i = 0; i < 13; i++) {
        int letter = (v[i] >= 'A' && v[i] <= 'Z');
        int digit = (v[i] >= '0' && v[i] <= '9');
        if ((i < 2 || i > 10) ? !letter : !digit)
            return 0;
    }
    for (i = 0; i < 8; i++)
        sum += (v[2 + i] - '0') * w[i];
    c = 11 - sum % 11;
    if (c == 10)
        c = 0;
    else if (c == 11)
        c = 5;
    return v[10] - '0' == c;
}

static cbec_status build_shipment(bctx *b)
{
    const ceb_group *g = &b->c->head;
    const char *iso;
    int import = strcmp(b->direction, "import") == 0;
    int64_t pack = 0;

    TRY(need(b, g, F(logisticsNo), "waybill number"));
    TRY(begin(b, CBEC_KIND_SHIPMENT));
    TRY(copy_text(b, g, F(logisticsNo), "logistics_no"));
    TRY(copy_text(b, g, F(logisticsCode), "logistics_code"));
    TRY(copy_text(b, g, F(logisticsName), "logistics_name"));
    TRY(set_text(b, "tracking_kind", is_s10(val(g, F(logisticsNo))) ? "s10" : "other"));
    TRY(copy_text(b, g, F(billNo), "bill_no"));
    TRY(copy_text(b, g, F(orderNo), "order_no"));
    TRY(set_text(b, "direction", b->direction));
    TRY(copy_text(b, g, F(consignee), "consignee_name"));
    TRY(set_personal(b, "consignee_key", CBEC_PERSONAL_PHONE, val(g, F(consigneeTelephone))));
    TRY(copy_text(b, g, F(consigneeAddress), "consignee_address"));
    TRY(set_weight(b, g, import ? F(weight) : F(grossWeight), "weight_g"));
    TRY(set_int(b, g, F(packNo), "pack_no", &pack));
    iso = code_iso(b, g, F(currency), 1);
    TRY(set_text(b, "currency", iso));
    TRY(copy_text(b, g, F(currency), "currency_code"));
    TRY(set_money(b, g, F(freight), "freight", iso));
    TRY(set_money(b, g, F(insuredFee), "insured_fee", iso));
    TRY(copy_text(b, g, F(goodsInfo), "goods_info"));
    set_time(b, g, F(appTime), "ship_time");
    TRY(app_type(b, g));
    check_pack_no(b, g, pack, val(g, F(packNo)) != NULL);
    if (import)
        check_import_currency(b, g, F(currency));
    message_findings(b, 1, 1);
    return CBEC_OK;
}

/* ---- waybill events (513 status; 509 departure and 711 warehouse entry per listed waybill) ---- */

static cbec_status build_status_513(bctx *b)
{
    const ceb_group *g = &b->c->head;

    TRY(need(b, g, F(logisticsNo), "waybill number"));
    TRY(need(b, g, F(logisticsStatus), "waybill status"));
    TRY(begin(b, CBEC_KIND_SHIPMENT_EVENT));
    TRY(copy_text(b, g, F(logisticsNo), "logistics_no"));
    TRY(copy_text(b, g, F(logisticsCode), "logistics_code"));
    TRY(copy_text(b, g, F(logisticsStatus), "event"));
    set_time(b, g, F(logisticsTime), "event_time");
    TRY(set_text(b, "reference", val(g, F(guid)) ? val(g, F(guid)) : b->c->msg_name));
    message_findings(b, 1, 1);
    return CBEC_OK;
}

static cbec_status build_event_line(bctx *b, size_t i)
{
    const ceb_group *g = &b->c->head, *l = &b->c->lines[i];
    int departure = b->c->msg_type == 509;
    const char *ref = departure ? val(g, F(copNo)) : val(g, F(rkdNo));
    char loc[256];

    if (!val(l, F(logisticsNo)))
        return rec_error(b, l, "logisticsNo", "MISSING_KEY", "%s line without logisticsNo: it cannot be keyed",
                         l->name);
    TRY(begin(b, CBEC_KIND_SHIPMENT_EVENT));
    ceb_path(b->c, l, NULL, loc, sizeof loc);
    b->h->rec_set_locator(b->rec, loc);
    TRY(copy_text(b, l, F(logisticsNo), "logistics_no"));
    TRY(copy_text(b, g, F(logisticsCode), "logistics_code"));
    TRY(set_text(b, "event", departure ? "departure" : "warehouse_entry"));
    set_time(b, g, departure ? F(leaveTime) : F(appTime), "event_time");
    TRY(copy_text(b, g, F(billNo), "bill_no"));
    TRY(set_text(b, "reference", ref ? ref : val(g, F(guid)) ? val(g, F(guid)) : b->c->msg_name));
    message_findings(b, 1, i + 1 == b->c->nlines);
    return CBEC_OK;
}

/* ---- customs lists (621 import, 603 export) ---- */

static cbec_status build_list(bctx *b)
{
    const ceb_group *g = &b->c->head;
    int import = b->c->msg_type == 621;
    const char *iso, *key = val(g, F(copNo)), *key_name = "copNo", *ie = val(g, F(ieFlag));
    unsigned char used[1000];
    int64_t total = 0;
    int total_ok = 1;
    size_t i;

    if (!key && (key = val(g, F(invtNo))) != NULL)
        key_name = "invtNo";
    if (!key && (key = val(g, F(preNo))) != NULL)
        key_name = "preNo";
    if (!key)
        return rec_error(b, g, "copNo", "MISSING_KEY", "Inventory without copNo, invtNo or preNo: it cannot be keyed");
    TRY(begin(b, CBEC_KIND_CUSTOMS_LIST));
    TRY(set_text(b, "cop_no", key));
    if (strcmp(key_name, "copNo") != 0)
        b->h->rec_finding(b->rec, "SYNTHETIC_KEY", "Inventory without copNo keyed by its %s", key_name);
    TRY(copy_text(b, g, F(invtNo), "invt_no"));
    TRY(copy_text(b, g, F(preNo), "pre_no"));
    TRY(copy_text(b, g, F(orderNo), "order_no"));
    TRY(copy_text(b, g, F(ebpCode), "platform_code"));
    TRY(copy_text(b, g, F(ebcCode), "seller_code"));
    TRY(copy_text(b, g, F(logisticsNo), "logistics_no"));
    TRY(copy_text(b, g, F(logisticsCode), "logistics_code"));
    TRY(set_text(b, "direction", b->direction));
    TRY(copy_text(b, g, F(tradeMode), "trade_mode"));
    TRY(copy_text(b, g, F(customsCode), "customs_code"));
    TRY(copy_text(b, g, F(portCode), "port_code"));
    set_time(b, g, F(declTime), "declared_at");
    set_time(b, g, F(ieDate), "ie_date");
    TRY(set_text(b, "country", code_iso(b, g, F(country), 0)));
    TRY(copy_text(b, g, F(country), "country_code"));
    TRY(copy_text(b, g, F(buyerName), "buyer_name"));
    TRY(set_personal(b, "buyer_key", CBEC_PERSONAL_ID, val(g, F(buyerIdNumber))));
    TRY(set_personal(b, "buyer_phone_key", CBEC_PERSONAL_PHONE, val(g, F(buyerTelephone))));
    if (import) {
        iso = code_iso(b, g, F(currency), 1);
        TRY(set_text(b, "currency", iso));
        TRY(copy_text(b, g, F(currency), "currency_code"));
        TRY(set_money(b, g, F(freight), "freight", iso));
        TRY(set_money(b, g, F(insuredFee), "insured_fee", iso));
        check_import_currency(b, g, F(currency));
        check_id(b, g, F(buyerIdType), F(buyerIdNumber));
    } else {
        /* 603: fees carry their own currencies; the goods currency is the lines'. */
        const char *fiso = code_iso(b, g, F(fCurrency), 1), *iiso = code_iso(b, g, F(iCurrency), 1);
        const ceb_group *l0 = b->c->nlines ? &b->c->lines[0] : NULL;
        iso = l0 ? code_iso(b, l0, F(currency), 1) : NULL;
        TRY(set_text(b, "currency", iso));
        TRY(set_text(b, "currency_code", l0 ? val(l0, F(currency)) : NULL));
        TRY(set_money(b, g, F(freight), "freight", fiso));
        TRY(set_money(b, g, F(insuredFee), "insured_fee", iiso));
    }
    TRY(set_weight(b, g, F(grossWeight), "gross_weight_g"));
    TRY(set_weight(b, g, F(netWeight), "net_weight_g"));
    TRY(set_int(b, g, F(packNo), "pack_no", NULL));
    TRY(app_type(b, g));
    if (ie && strcmp(ie, import ? "I" : "E") != 0) {
        char path[256];
        ceb_path(b->c, g, "ieFlag", path, sizeof path);
        b->h->rec_finding(b->rec, "PLACEHOLDER_CODE", "%s: \"%.10s\" where %s is due", path, ie, import ? "I" : "E");
    }
    /* total_value: the lines' goods value in minor units (main row, so before the children). */
    for (i = 0; i < b->c->nlines; i++) {
        const ceb_group *l = &b->c->lines[i];
        const char *liso = val(l, F(currency)) ? ceb_currency_iso(val(l, F(currency))) : NULL;
        int64_t minor;
        if (!liso)
            liso = iso;
        if (!val(l, F(totalPrice)) ||
            b->h->decimal_parse(val(l, F(totalPrice)), (unsigned)b->h->currency_exponent(liso), &minor) < 0 ||
            __builtin_add_overflow(total, minor, &total))
            total_ok = 0;
    }
    if (total_ok && b->c->nlines)
        b->h->rec_set_minor(b->rec, "total_value", total);
    if (b->c->nlines == 0)
        b->h->rec_finding(b->rec, "MISSING_LINES", "%s%s/%s[%u] has no InventoryList line", b->c->prefix,
                          b->c->msg_name, b->c->name, b->c->index);
    memset(used, 0, sizeof used);
    for (i = 0; i < b->c->nlines; i++) {
        const ceb_group *l = &b->c->lines[i];
        const char *liso = code_iso(b, l, F(currency), 1);
        if (!liso)
            liso = iso;
        b->h->rec_child(b->rec, CBEC_KIND_CUSTOMS_LIST_ITEM);
        b->h->rec_set_int(b->rec, "line_no", line_no(b, l, used, sizeof used));
        TRY(copy_text(b, l, F(itemNo), "item_no"));
        TRY(copy_text(b, l, F(gcode), "hs_code"));
        TRY(set_text(b, "name", val(l, F(gname)) ? val(l, F(gname)) : val(l, F(itemName))));
        TRY(copy_text(b, l, F(gmodel), "model"));
        if (import) {
            TRY(set_text(b, "origin_country", code_iso(b, l, F(country), 0)));
            TRY(copy_text(b, l, F(country), "origin_country_code"));
        } else {
            (void)code_iso(b, l, F(country), 0);    /* destination: checked, kept on the head */
        }
        TRY(line_amounts(b, l, liso));
        if (import)
            check_import_currency(b, l, F(currency));
        check_line_total(b, l, liso);
    }
    message_findings(b, 1, 1);
    return CBEC_OK;
}

/* ---- receipts ---- */

static const char *doc_kind(int type, const char *container)
{
    switch (type) {
    case 312: case 304: return "order";
    case 412: case 404: return "payment";
    case 512: case 506: return "shipment";
    case 514: return "shipment_status";
    case 622: case 604: return "customs_list";
    case 624: case 606: return "list_cancel";
    case 626: case 214: return "list_refund";
    case 712: return "warehouse_entry";
    case 508: return "arrival";
    case 510: return "departure";
    case 608: return "waybill_summary";
    case 900: return "message";
    default: return container;
    }
}

static cbec_status build_receipt(bctx *b)
{
    const ceb_group *g = &b->c->head;
    char type[16];

    TRY(need(b, g, F(returnStatus), "receipt status"));
    TRY(begin(b, CBEC_KIND_CUSTOMS_RECEIPT));
    snprintf(type, sizeof type, "CEB%03d", b->c->msg_type);
    TRY(set_text(b, "message_type", type));
    TRY(set_text(b, "doc_kind", doc_kind(b->c->msg_type, b->c->name)));
    TRY(copy_text(b, g, F(orderNo), "order_no"));
    TRY(copy_text(b, g, F(ebpCode), "platform_code"));
    TRY(copy_text(b, g, F(logisticsNo), "logistics_no"));
    TRY(copy_text(b, g, F(logisticsCode), "logistics_code"));
    TRY(set_text(b, "pay_transaction_id", val(g, F(payTransactionId)) ? val(g, F(payTransactionId)) : val(g, F(payNo))));
    TRY(copy_text(b, g, F(copNo), "cop_no"));
    TRY(copy_text(b, g, F(invtNo), "invt_no"));
    TRY(copy_text(b, g, F(guid), "guid"));
    TRY(copy_text(b, g, F(returnStatus), "return_status"));
    set_time(b, g, F(returnTime), "return_time");
    TRY(copy_text(b, g, F(returnInfo), "return_info"));
    return CBEC_OK;
}

/* ---- dispatch ---- */

typedef struct msg_def {
    int type;
    const char *container;
    const char *direction;
    cbec_status (*build)(bctx *b);
} msg_def;

static const msg_def messages[] = {
    {311, "Order", "import", build_order},
    {303, "Order", "export", build_order},
    {411, "Payment", "import", build_payment_411},
    {403, "Receipts", "export", build_payment_403},
    {511, "Logistics", "import", build_shipment},
    {505, "Logistics", "export", build_shipment},
    {513, "LogisticsStatus", "import", build_status_513},
    {509, "Departure", "export", NULL},
    {711, "Delivery", "import", NULL},
    {621, "Inventory", "import", build_list},
    {603, "Inventory", "export", build_list},
};

/* The current container is turned into records (the reader reuses it at its next call). */
static void done_with(cbec_source *s)
{
    s->c = NULL;
}

static cbec_status ceb_next(cbec_source *s, cbec_record *rec, cbec_error *err)
{
    bctx b;
    const msg_def *def = NULL;
    size_t i;
    cbec_status st;

    if (!s->c) {
        int rc = ceb_reader_next(s->rd, NULL, &s->c, err);
        if (rc == CEB_READ_EOF)
            return CBEC_EOF;
        if (rc == CEB_READ_FATAL) {
            done_with(s);
            return CBEC_FATAL;
        }
        s->line_i = 0;
    }
    b.h = s->h;
    b.rec = rec;
    b.err = err;
    b.c = s->c;
    b.direction = "import";
    if (s->c->bad) {
        snprintf(err->reason, sizeof err->reason, "%s", s->c->bad_reason);
        snprintf(err->locator, sizeof err->locator, "%s", s->c->bad_locator);
        snprintf(err->message, sizeof err->message, "%s", s->c->bad_message);
        err->line = s->c->line;
        raw_excerpt(&b);
        done_with(s);
        return CBEC_RECORD_ERROR;
    }
    for (i = 0; i < sizeof messages / sizeof messages[0]; i++)
        if (messages[i].type == s->c->msg_type)
            def = &messages[i];
    if (def && strcmp(def->container, s->c->name) == 0) {
        b.direction = def->direction;
        if (!def->build) {             /* 509, 711: one record per listed waybill */
            if (s->c->nlines == 0) {
                st = rec_error(&b, &s->c->head, NULL, "MISSING_KEY", "%s without a list of waybills", s->c->name);
                done_with(s);
                return st;
            }
            st = build_event_line(&b, s->line_i++);
            if (s->line_i >= s->c->nlines)
                done_with(s);
            return st;
        }
        st = def->build(&b);
    } else if (strlen(s->c->name) > 6 && strcmp(s->c->name + strlen(s->c->name) - 6, "Return") == 0) {
        st = build_receipt(&b);
    } else if (def) {
        st = rec_error(&b, NULL, NULL, "UNEXPECTED_ELEMENT", "<%s> is not a business container of %s (expected <%s>)",
                       s->c->name, s->c->msg_name, def->container);
    } else {
        st = rec_error(&b, NULL, NULL, "UNSUPPORTED_MESSAGE", "%s/%s is not read by the ceb plugin", s->c->msg_name,
                       s->c->name);
    }
    done_with(s);
    return st;
}

/* ---- probe, open, close ---- */

static const char *find_bytes(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle), i;
    if (m > n)
        return NULL;
    for (i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return hay + i;
    return NULL;
}

static int ceb_probe(const cbec_probe_input *in, const cbec_host *host)
{
    const char *p = (const char *)in->head, *end = p + in->head_len, *tag, *q, *local;
    size_t n;

    (void)host;
    if (in->head_len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    for (;;) {                                 /* skip the prolog */
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
            p++;
        if (end - p >= 2 && p[0] == '<' && p[1] == '?') {
            q = find_bytes(p, (size_t)(end - p), "?>");
            if (!q)
                return CBEC_SCORE_NONE;
            p = q + 2;
        } else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            q = find_bytes(p, (size_t)(end - p), "-->");
            if (!q)
                return CBEC_SCORE_NONE;
            p = q + 3;
        } else if (end - p >= 2 && p[0] == '<' && p[1] == '!') {
            /* A DOCTYPE: not a real CEB message, but claim it when it looks like one so that
             * open() refuses it with a clear reason instead of "unrecognised". */
            return find_bytes(p, (size_t)(end - p), "http://www.chinaport.gov.cn/") ? CBEC_SCORE_HEURISTIC
                                                                                     : CBEC_SCORE_NONE;
        } else {
            break;
        }
    }
    if (p >= end || *p != '<')
        return CBEC_SCORE_NONE;
    tag = p + 1;
    for (q = tag; q < end && *q != ' ' && *q != '>' && *q != '/' && *q != '\t' && *q != '\r' && *q != '\n'; q++)
        ;
    n = (size_t)(q - tag);
    local = memchr(tag, ':', n);
    local = local ? local + 1 : tag;
    n = (size_t)(q - local);
    q = memchr(tag, '>', (size_t)(end - tag));
    if (!q)
        q = end;
    if (n == 13 && memcmp(local, "CEB", 3) == 0 && memcmp(local + 6, "Message", 7) == 0 &&
        local[3] >= '0' && local[3] <= '9' && local[4] >= '0' && local[4] <= '9' && local[5] >= '0' && local[5] <= '9')
        return find_bytes(tag, (size_t)(q - tag), "\"http://www.chinaport.gov.cn/ceb\"") ||
                       find_bytes(tag, (size_t)(q - tag), "'http://www.chinaport.gov.cn/ceb'")
                   ? CBEC_SCORE_CERTAIN
                   : CBEC_SCORE_NONE;
    if (n == 6 && memcmp(local, "DxpMsg", 6) == 0)
        return find_bytes(tag, (size_t)(q - tag), "http://www.chinaport.gov.cn/dxp") ? CBEC_SCORE_CERTAIN
                                                                                    : CBEC_SCORE_NONE;
    return CBEC_SCORE_NONE;
}

/* "2G", "64K", "1048576" -> bytes; -1 when malformed. */
static int64_t parse_size(const char *v)
{
    char *end;
    long long n;
    if (!v || !*v)
        return -1;
    n = strtoll(v, &end, 10);
    if (end == v || n <= 0)
        return -1;
    switch (*end) {
    case 0: break;
    case 'k': case 'K': n <<= 10; end++; break;
    case 'm': case 'M': n <<= 20; end++; break;
    case 'g': case 'G': n <<= 30; end++; break;
    default: return -1;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    return *end ? -1 : n;
}

static cbec_status config_size(cbec_input *in, const cbec_host *h, const char *key, int64_t dflt, int64_t *out,
                               cbec_error *err)
{
    const char *v = h->config(in, key);
    *out = v ? parse_size(v) : dflt;
    if (*out <= 0) {
        snprintf(err->reason, sizeof err->reason, "BAD_CONFIG");
        snprintf(err->message, sizeof err->message, "[plugin.ceb] %s must be a size such as 64K, 8M or 2G, got \"%s\"",
                 key, v ? v : "");
        return CBEC_FATAL;
    }
    return CBEC_OK;
}

static cbec_status ceb_open(cbec_source **out, cbec_input *in, const cbec_host *host, cbec_error *err)
{
    cbec_source *s = NULL;
    ceb_limits lim;
    int64_t v;
    const char *depth;
    cbec_status st = CBEC_FATAL;

    *out = NULL;
    memset(&lim, 0, sizeof lim);
    if (config_size(in, host, "max_bytes", 2LL << 30, &lim.max_bytes, err) != CBEC_OK)
        goto done;
    if (config_size(in, host, "max_field_bytes", 64 << 10, &v, err) != CBEC_OK)
        goto done;
    lim.max_field = (size_t)v;
    if (config_size(in, host, "max_record_bytes", 8 << 20, &v, err) != CBEC_OK)
        goto done;
    lim.max_record = (size_t)v;
    if (config_size(in, host, "max_envelope_bytes", 64 << 20, &v, err) != CBEC_OK)
        goto done;
    lim.max_envelope = (size_t)v;
    depth = host->config(in, "max_depth");
    lim.max_depth = depth ? atoi(depth) : 64;
    if (lim.max_depth < 4 || lim.max_depth > 256) {
        snprintf(err->reason, sizeof err->reason, "BAD_CONFIG");
        snprintf(err->message, sizeof err->message, "[plugin.ceb] max_depth must be 4..256, got \"%s\"",
                 depth ? depth : "");
        goto done;
    }
    lim.max_lines = 999;
    s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err->message, sizeof err->message, "out of memory");
        goto done;
    }
    s->h = host;
    s->in = in;
    s->rd = ceb_reader_new(in, host, &lim);
    if (!s->rd) {
        snprintf(err->message, sizeof err->message, "cannot start the XML reader");
        goto done;
    }
    *out = s;
    s = NULL;
    st = CBEC_OK;
done:
    if (s) {
        ceb_reader_free(s->rd);
        free(s);
    }
    return st;
}

static void ceb_close(cbec_source *s)
{
    if (!s)
        return;
    ceb_reader_free(s->rd);
    free(s);
}

static const char *const ceb_extensions[] = {"xml", NULL};

static const cbec_config_key ceb_keys[] = {
    {CBEC_CONF_SIZE, "max_bytes", "2G", "largest input read (and largest DxpMsg Data decoded), in bytes"},
    {CBEC_CONF_INT, "max_depth", "64", "deepest element nesting accepted (CEB messages need 5)"},
    {CBEC_CONF_SIZE, "max_field_bytes", "64K", "longest value of one element"},
    {CBEC_CONF_SIZE, "max_record_bytes", "8M", "largest business record (an Order with its lines ...)"},
    {CBEC_CONF_SIZE, "max_envelope_bytes", "64M", "largest base64 Data of a DxpMsg transport envelope"},
    {CBEC_CONF_END, NULL, NULL, NULL}};

static const cbec_source_plugin ceb_plugin = {
    .abi_major = CBEC_PLUGIN_ABI_MAJOR,
    .abi_minor = CBEC_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(cbec_source_plugin),
    .name = "ceb",
    .version = CEB_VERSION,
    .description = "China Customs cross-border e-commerce messages (CEB 311/411/511/513/621/711, "
                   "303/403/505/509/603, receipts; DxpMsg envelope)",
    .license = "MIT",
    .extensions = ceb_extensions,
    .config_keys = ceb_keys,
    .probe = ceb_probe,
    .open = ceb_open,
    .next = ceb_next,
    .close = ceb_close,
};

/** The plugin's one exported symbol: the ceb descriptor, or NULL for another ABI major. */
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not);
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not)
{
    if (!host || host->abi_major != CBEC_PLUGIN_ABI_MAJOR) {
        *why_not = "host speaks another ABI major";
        return NULL;
    }
    return &ceb_plugin;
}
