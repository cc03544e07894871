/**
 * @file postal_manifest.c
 * @brief Source plugin `postal_manifest`: postal and express/forwarder bulk manifests.
 *
 * CSV (often GB18030) or XLSX uploads of China Post e-packet and express companies.
 * Two layouts map to the same record: one row per item line (rows grouped by tracking
 * number, bounded), or one row per parcel with repeated column blocks 品名1/数量1 ...
 * 品名5.  Each parcel is a `shipment` with `shipment_item` children.  Its direction is
 * the manifest's own: a direction column when there is one (进口/出口, import/export,
 * I/E, inbound/outbound), else the countries (destination China = an inbound parcel,
 * import; origin China = export), else the `direction` config key (default export).
 * Weights are in grams or kilograms as the header says (weight_g / weight_kg; an
 * unmarked header uses weight_unit), stored as integer grams.  Countries given as a
 * Chinese, English or Russian name, ISO-2 or ISO-3 are stored as ISO-2.  Tracking
 * numbers are normalised (spaces, hyphens) and classified: a valid UPU S10 is 's10';
 * anything else is kept as 'other'; an S10-shaped number with a wrong check digit is a
 * BAD_S10 finding on the stored shipment.
 */
#include <stdlib.h>
#include <string.h>

#include "tabkit/tabkit.h"
#include "columns.h"   /* generated from columns.ini, in the build tree */

#define BLOCK(n) "name_cn_" #n, "name_en_" #n, "hs_code_" #n, "qty_" #n, "unit_value_" #n
enum { F_ORDER, F_TRACKING, F_CARRIER, F_CONSIGNEE, F_PHONE, F_ADDRESS, F_COUNTRY, F_WG, F_WKG, F_W, F_DATE,
       F_CCY, F_NAME_CN, F_NAME_EN, F_HS, F_QTY, F_VALUE, F_DIRECTION, F_ORIGIN, F_BLOCKS, F_N = F_BLOCKS + 25 };
enum { B_NAME_CN, B_NAME_EN, B_HS, B_QTY, B_VALUE, B_SIZE };
static const char *const FIELDS[F_N] = {"order_no", "tracking", "carrier", "consignee", "phone", "address",
                                        "country", "weight_g", "weight_kg", "weight", "ship_date", "currency",
                                        "name_cn", "name_en", "hs_code", "qty", "unit_value", "direction",
                                        "origin_country", BLOCK(1), BLOCK(2), BLOCK(3), BLOCK(4), BLOCK(5)};

struct cbec_source {
    tk_src s;
    int weight_unit_g;         /* unmarked weight header: 1 grams, 0 kilograms */
    int import_default;        /* direction when neither a column nor the countries say: 1 import */
    char carrier[64];
};

/* Direction word of a manifest cell or the config: 1 import, 0 export, -1 not a direction. */
static int direction_of(const char *text)
{
    static const char *const imp[] = {"import", "imports", "i", "im", "imp", "inbound", "in", "进口", "进境", "入境",
                                      "进", "进口邮件", "进境邮件", NULL};
    static const char *const exp[] = {"export", "exports", "e", "ex", "exp", "outbound", "out", "出口", "出境", "出",
                                      "出口邮件", "出境邮件", NULL};
    char *n = g_utf8_casefold(text, -1);
    int res = -1, i;
    g_strstrip(n);
    for (i = 0; imp[i] && res < 0; i++)
        if (strcmp(n, imp[i]) == 0)
            res = 1;
    for (i = 0; exp[i] && res < 0; i++)
        if (strcmp(n, exp[i]) == 0)
            res = 0;
    g_free(n);
    return res;
}

/* Grams from a weight text (by the column's decimal mark: "0,480" kg is 480 g); -1 when
 * not a number, -2 when empty.  rec (may be NULL) gets a finding for an ambiguous value. */
static int64_t grams(tk_src *s, guint field, const char *text, int in_grams, cbec_record *rec)
{
    int64_t v;
    if (!*text)
        return -2;
    if (tk_number(s, field, text, in_grams ? 0 : 3, &v, rec) < 0 || v < 0)
        return -1;
    return v;
}

static int64_t row_weight(cbec_source *src, char **v, int *bad, cbec_record *rec)
{
    int64_t g;
    *bad = 0;
    if ((g = grams(&src->s, F_WG, v[F_WG], 1, rec)) != -2)
        goto got;
    if ((g = grams(&src->s, F_WKG, v[F_WKG], 0, rec)) != -2)
        goto got;
    g = grams(&src->s, F_W, v[F_W], src->weight_unit_g, rec);
got:
    if (g == -1)
        *bad = 1;
    return g;
}

static cbec_status pm_row(tk_src *s, cbec_error *err)
{
    cbec_source *src = s->priv;
    const char *tracking = TK(s, F_TRACKING), *ccy = *TK(s, F_CCY) ? TK(s, F_CCY) : s->currency;
    char no[64], iso[40];
    int64_t v, q;
    int bad, k;
    char **snap;

    if (!*tracking)
        return tk_fail(err, "MISSING_KEY", NULL, "no tracking number");
    tk_s10(tracking, no, sizeof no);
    snap = tk_snapshot(&s->map, s->h, s->t);
    row_weight(src, snap, &bad, NULL);
    g_strfreev(snap);
    if (bad)
        return tk_fail(err, "BAD_WEIGHT", NULL,
                       "weight \"%.30s%.30s%.30s\" is not a number (or not one with the column's decimal mark)",
                       TK(s, F_WG), TK(s, F_WKG), TK(s, F_W));
    /* a direction the manifest states must be one: a parcel is never guessed into the other flow */
    if (*TK(s, F_DIRECTION) && direction_of(TK(s, F_DIRECTION)) < 0)
        return tk_fail(err, "BAD_DIRECTION", NULL, "direction \"%.40s\" is none of import/export (进口/出口, I/E)",
                       TK(s, F_DIRECTION));
    if (*TK(s, F_DATE) && !tk_time(TK(s, F_DATE), s->tz, iso, sizeof iso))
        return tk_fail(err, "BAD_DATE", NULL, "date \"%.40s\" not understood", TK(s, F_DATE));
    for (k = -1; k < 5; k++) {
        guint fq = k < 0 ? F_QTY : (guint)(F_BLOCKS + k * B_SIZE + B_QTY);
        guint fv = k < 0 ? F_VALUE : (guint)(F_BLOCKS + k * B_SIZE + B_VALUE);
        if (*TK(s, fq) && !tk_int(TK(s, fq), &q))
            return tk_fail(err, "BAD_QTY", NULL, "%s \"%.40s\" is not a whole number", FIELDS[fq], TK(s, fq));
        if (tk_money_field(s, fv, TK(s, fv), ccy, &v, NULL) < 0)
            return tk_fail(err, "BAD_AMOUNT", NULL, "%s \"%.40s\" is not an amount (or not one with the column's decimal mark)",
                           FIELDS[fv], TK(s, fv));
    }
    tk_group_row(s, 0, no);
    return CBEC_OK;
}

static void add_item(tk_src *s, cbec_record *rec, char **v, guint fcn, guint fen, guint fhs, guint fq, guint fv,
                     const char *ccy, int64_t *declared)
{
    const cbec_host *h = s->h;
    int64_t val, q;
    if (!*v[fcn] && !*v[fen] && !*v[fq])
        return;
    h->rec_child(rec, CBEC_KIND_SHIPMENT_ITEM);
    h->rec_set_text(rec, "name", v[fcn]);
    h->rec_set_text(rec, "name_en", v[fen]);
    h->rec_set_text(rec, "hs_code", v[fhs]);
    h->rec_set_text(rec, "qty", v[fq][0] ? v[fq] : "1");
    h->rec_set_text(rec, "currency", ccy);
    if (*v[fv] && tk_money_field(s, fv, v[fv], ccy, &val, rec) == 0) {
        h->rec_set_minor(rec, "unit_value", val);
        if (tk_int(v[fq][0] ? v[fq] : "1", &q))
            *declared += val * q;
    }
}

static cbec_status pm_build(tk_src *s, tk_item *it, cbec_record *rec, cbec_error *err)
{
    cbec_source *src = s->priv;
    const cbec_host *h = s->h;
    tk_group *g = it->grp;
    char no[64], **first = g_ptr_array_index(g->rows, 0), iso[40];
    int kind = tk_s10(first[F_TRACKING], no, sizeof no), bad, k;
    const char *ccy = tk_first(g, F_CCY)[0] ? tk_first(g, F_CCY) : s->currency;
    const char *country = tk_first(g, F_COUNTRY), *iso2 = tk_country(country);
    const char *origin = tk_first(g, F_ORIGIN), *dir = tk_first(g, F_DIRECTION);
    int64_t w = -2, declared = 0;
    int import;
    guint r;

    g_strlcpy(err->locator, g->locator, sizeof err->locator);
    h->rec_begin(rec, CBEC_KIND_SHIPMENT);
    h->rec_set_locator(rec, g->locator);
    for (r = 0; r < g->rows->len && w < 0; r++)
        w = row_weight(src, g_ptr_array_index(g->rows, r), &bad, rec);
    h->rec_set_text(rec, "logistics_no", no);
    h->rec_set_text(rec, "logistics_code", tk_first(g, F_CARRIER)[0] ? tk_first(g, F_CARRIER) : src->carrier);
    h->rec_set_text(rec, "tracking_kind", kind == 1 ? "s10" : "other");
    if (kind < 0)
        h->rec_finding(rec, "BAD_S10", "tracking number %s has the UPU S10 shape but a wrong check digit", no);
    h->rec_set_text(rec, "order_no", tk_first(g, F_ORDER));
    /* the manifest's direction: its column, else the countries (a parcel to China is inbound), else the config */
    if (*dir)
        import = direction_of(dir) == 1;
    else if (iso2 && strcmp(iso2, "CN") == 0)
        import = 1;
    else if (*origin && tk_country(origin) && strcmp(tk_country(origin), "CN") == 0)
        import = 0;
    else
        import = src->import_default;
    h->rec_set_text(rec, "direction", import ? "import" : "export");
    h->rec_set_text(rec, "consignee_name", tk_first(g, F_CONSIGNEE));
    h->rec_set_text(rec, "consignee_address", tk_first(g, F_ADDRESS));
    if (*tk_first(g, F_PHONE) &&
        h->rec_set_personal(rec, "consignee_key", CBEC_PERSONAL_PHONE, tk_first(g, F_PHONE)) != CBEC_OK)
        return tk_fail(err, "BAD_PERSONAL", g->locator, "%s", h->rec_error(rec));
    if (iso2)
        h->rec_set_text(rec, "destination_country", iso2);
    else
        h->rec_finding(rec, "UNKNOWN_COUNTRY", "country \"%s\" is not in the country table", country);
    if (w >= 0)
        h->rec_set_int(rec, "weight_g", w);
    if (tk_time(tk_first(g, F_DATE), s->tz, iso, sizeof iso))
        h->rec_set_time(rec, "ship_time", iso);
    h->rec_set_text(rec, "currency", ccy);
    /* Declared value = sum of qty x unit value over the items: computed before the children. */
    for (r = 0; r < g->rows->len; r++) {
        char **v = g_ptr_array_index(g->rows, r);
        for (k = -1; k < 5; k++) {
            guint b = (guint)(F_BLOCKS + k * B_SIZE);
            guint fq = k < 0 ? F_QTY : b + B_QTY, fv = k < 0 ? F_VALUE : b + B_VALUE;
            guint fcn = k < 0 ? F_NAME_CN : b + B_NAME_CN, fen = k < 0 ? F_NAME_EN : b + B_NAME_EN;
            int64_t val, q;
            if ((*v[fcn] || *v[fen] || *v[fq]) && *v[fv] && tk_money_field(s, fv, v[fv], ccy, &val, NULL) == 0 &&
                tk_int(v[fq][0] ? v[fq] : "1", &q))
                declared += val * q;
        }
    }
    h->rec_set_minor(rec, "declared_value", declared);
    declared = 0;
    for (r = 0; r < g->rows->len; r++) {
        char **v = g_ptr_array_index(g->rows, r);
        add_item(s, rec, v, F_NAME_CN, F_NAME_EN, F_HS, F_QTY, F_VALUE, ccy, &declared);
        for (k = 0; k < 5; k++) {
            guint b = (guint)(F_BLOCKS + k * B_SIZE);
            add_item(s, rec, v, b + B_NAME_CN, b + B_NAME_EN, b + B_HS, b + B_QTY, b + B_VALUE, ccy, &declared);
        }
    }
    return CBEC_OK;
}

static const tk_ops OPS = {pm_row, pm_build, NULL};

/* Header words in UTF-8 and GB18030: 跟踪号 运单号 邮件号 / 国家 目的国 / 重量. */
static const char *const TRACK_W[] = {"\xe8\xb7\x9f\xe8\xb8\xaa\xe5\x8f\xb7", "\xe8\xbf\x90\xe5\x8d\x95\xe5\x8f\xb7",
                                      "\xe9\x82\xae\xe4\xbb\xb6\xe5\x8f\xb7", "\xb8\xfa\xd7\xd9\xba\xc5",
                                      "\xd4\xcb\xb5\xa5\xba\xc5", "\xd3\xca\xbc\xfe\xba\xc5", "Tracking No", NULL};
static const char *const OTHER_W[] = {"\xe5\x9b\xbd\xe5\xae\xb6", "\xe7\x9b\xae\xe7\x9a\x84\xe5\x9b\xbd",
                                      "\xe9\x87\x8d\xe9\x87\x8f", "\xb9\xfa\xbc\xd2", "\xc4\xbf\xb5\xc4\xb9\xfa",
                                      "\xd6\xd8\xc1\xbf", "Weight", NULL};

static int any_of(const cbec_probe_input *in, const char *const *w)
{
    for (; *w; w++)
        if (tk_head_has(in->head, in->head_len, *w))
            return 1;
    return 0;
}

static int pm_probe(const cbec_probe_input *in, const cbec_host *host)
{
    (void)host;
    if (any_of(in, TRACK_W) && any_of(in, OTHER_W) && !tk_head_has(in->head, in->head_len, "Sales Record Number"))
        return 85;
    if (in->head_len >= 4 && memcmp(in->head, "PK\x03\x04", 4) == 0 && in->name) {
        char *n = g_utf8_casefold(in->name, -1);
        int hit = strstr(n, "manifest") || strstr(n, "epacket") || strstr(n, "e-packet") ||
                  strstr(n, "\xe6\xb8\x85\xe5\x8d\x95") /* 清单 */ || strstr(n, "\xe8\xbf\x90\xe5\x8d\x95") /* 运单 */;
        g_free(n);
        if (hit)
            return 60;
    }
    return CBEC_SCORE_NONE;
}

static cbec_status pm_open(cbec_source **out, cbec_input *in, const cbec_host *host, cbec_error *err)
{
    cbec_source *src = g_new0(cbec_source, 1);
    cbec_tab_options opt;
    const char *unit = host->config(in, "weight_unit"), *carrier = host->config(in, "carrier");
    const char *dir = host->config(in, "direction");
    int import = dir && *dir ? direction_of(dir) : 0;
    if (import < 0) {
        g_strlcpy(err->reason, "BAD_CONFIG", sizeof err->reason);
        g_snprintf(err->message, sizeof err->message,
                   "[plugin.postal_manifest] direction \"%.40s\" is neither import nor export", dir);
        g_free(src);
        return CBEC_FATAL;
    }
    memset(&opt, 0, sizeof opt);
    opt.min_header_hits = 3;
    if (tk_open(&src->s, in, host, "postal_manifest", COLUMNS_INI, FIELDS, F_N, &opt, 1, &OPS, err) != CBEC_OK) {
        g_free(src);
        return CBEC_FATAL;
    }
    src->s.priv = src;
    src->weight_unit_g = unit && g_ascii_strcasecmp(unit, "g") == 0;
    src->import_default = import;
    g_strlcpy(src->carrier, carrier && *carrier ? carrier : "CHINAPOST", sizeof src->carrier);
    *out = src;
    return CBEC_OK;
}

static cbec_status pm_next(cbec_source *src, cbec_record *rec, cbec_error *err) { return tk_next(&src->s, rec, err); }

static void pm_close(cbec_source *src)
{
    if (!src)
        return;
    tk_close(&src->s);
    g_free(src);
}

static const char *const EXTS[] = {"csv", "xlsx", NULL};
static const cbec_config_key KEYS[] = {
    {CBEC_CONF_STRING, "encoding", "GB18030", "code page of CSV manifests that are not UTF-8"},
    {CBEC_CONF_STRING, "weight_unit", "kg", "unit of a weight column whose header names none (kg or g)"},
    {CBEC_CONF_STRING, "carrier", "CHINAPOST", "logistics code when the manifest has no carrier column"},
    {CBEC_CONF_STRING, "direction", "export",
     "direction of parcels when neither a direction column nor the countries tell (import or export)"},
    {CBEC_CONF_STRING, "currency", "USD", "currency of declared values when none is given"},
    {CBEC_CONF_STRING, "timezone", "+08:00", "offset of manifest times"},
    {CBEC_CONF_PATH, "columns", "", "site column map overlaid on the built-in one (INI, see columns.ini)"},
    {CBEC_CONF_INT, "open_groups", "1000", "parcels kept open while collecting their item rows (memory bound)"},
    {CBEC_CONF_STRING, "decimal_mark", "",
     "decimal mark of weights and values: . , or auto (decided per column from the first 1000 rows); "
     "unset = the column map's [decimal_mark]"},
    {CBEC_CONF_END, NULL, NULL, NULL}};

static const cbec_source_plugin PLUGIN = {
    .abi_major = CBEC_PLUGIN_ABI_MAJOR,
    .abi_minor = CBEC_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(cbec_source_plugin),
    .flags = CBEC_PLUGIN_FLAG_TABULAR,
    .name = "postal_manifest",
    .version = "1.0.0",
    .description = "postal/express manifests (China Post e-packet, forwarders): shipments with items",
    .license = "MIT",
    .extensions = EXTS,
    .config_keys = KEYS,
    .probe = pm_probe,
    .open = pm_open,
    .next = pm_next,
    .close = pm_close,
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
