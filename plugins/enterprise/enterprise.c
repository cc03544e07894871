/**
 * @file enterprise.c
 * @brief Source plugin `enterprise`: the enterprise register and credit events.
 *
 * Input: a CSV/TSV/XLSX table read through the host's tabular reader.  Columns
 * are found by header (English or Chinese aliases, or the header named in the
 * config keys *_column): code, name, role (platform, seller, payment company,
 * carrier), region; and for events: event kind, event date, detail.  A row with
 * an event kind becomes an `enterprise_event`; any other row an `enterprise`
 * (origin 'register').  Sheets of a workbook may differ (a register sheet and an
 * events sheet): columns are located again whenever the header changes.
 *
 * Event kinds are normalised to: penalty, abnormal_operation,
 * serious_violation, ip_infringement, counterfeit, complaint, fraud.
 */
#define _GNU_SOURCE 1   /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cbecflow/host.h>
#include <cbecflow/record.h>

enum { C_CODE, C_NAME, C_ROLE, C_REGION, C_EVENT, C_DATE, C_DETAIL, C_N };

static const char *const config_of[C_N] = {"code_column",  "name_column", "role_column",  "region_column",
                                           "event_column", "date_column", "detail_column"};

static const char *const a_code[] = {"code", "enterprise code", "company code", "uscc",
                                     "unified social credit code", "credit code", "customs code",
                                     "统一社会信用代码", "企业代码", "企业编码", "海关编码", "企业海关代码",
                                     "社会信用代码", NULL};
static const char *const a_name[] = {"name", "enterprise name", "company name", "企业名称", "名称", "公司名称", NULL};
static const char *const a_role[] = {"role", "type", "enterprise type", "enterprise role", "企业类型", "企业角色",
                                     "角色", "类型", NULL};
static const char *const a_region[] = {"region", "city", "area", "地区", "所在地区", "区域", "城市", "所在地", NULL};
static const char *const a_event[] = {"event", "event type", "event kind", "kind", "record type", "事件类型", "事件",
                                      "信用事件", "记录类型", NULL};
static const char *const a_date[] = {"event date", "date", "decision date", "事件日期", "日期", "决定日期",
                                     "认定日期", "处罚日期", NULL};
static const char *const a_detail[] = {"detail", "details", "description", "reason", "document no", "事件说明",
                                       "说明", "详情", "备注", "原因", "文书号", NULL};
static const char *const *const aliases_of[C_N] = {a_code, a_name, a_role, a_region, a_event, a_date, a_detail};

/* Normalised label -> canonical value.  Labels are compared after host->text_normalise. */
typedef struct label { const char *text, *canon; } label;

static const label event_labels[] = {
    {"penalty", "penalty"}, {"administrative penalty", "penalty"}, {"fine", "penalty"}, {"行政处罚", "penalty"},
    {"处罚", "penalty"}, {"abnormal_operation", "abnormal_operation"}, {"abnormal operation", "abnormal_operation"},
    {"abnormal operation listing", "abnormal_operation"}, {"abnormal operations", "abnormal_operation"},
    {"经营异常", "abnormal_operation"}, {"经营异常名录", "abnormal_operation"},
    {"列入经营异常名录", "abnormal_operation"}, {"serious_violation", "serious_violation"},
    {"serious violation", "serious_violation"}, {"serious illegal act", "serious_violation"},
    {"严重违法", "serious_violation"}, {"严重违法失信", "serious_violation"},
    {"严重违法失信名单", "serious_violation"}, {"ip_infringement", "ip_infringement"},
    {"ip infringement", "ip_infringement"}, {"intellectual property infringement", "ip_infringement"},
    {"侵权", "ip_infringement"}, {"知识产权侵权", "ip_infringement"}, {"侵犯知识产权", "ip_infringement"},
    {"counterfeit", "counterfeit"}, {"counterfeit finding", "counterfeit"}, {"counterfeiting", "counterfeit"},
    {"假冒", "counterfeit"}, {"假冒伪劣", "counterfeit"}, {"制假售假", "counterfeit"}, {"complaint", "complaint"},
    {"consumer complaint", "complaint"}, {"投诉", "complaint"}, {"消费者投诉", "complaint"}, {"fraud", "fraud"},
    {"欺诈", "fraud"}, {"诈骗", "fraud"}, {NULL, NULL}};

static const label role_labels[] = {
    {"platform", "platform"}, {"e-commerce platform", "platform"}, {"ebp", "platform"}, {"电商平台", "platform"},
    {"平台", "platform"}, {"电子商务平台", "platform"}, {"seller", "seller"}, {"merchant", "seller"},
    {"e-commerce enterprise", "seller"}, {"ebc", "seller"}, {"电商企业", "seller"}, {"卖家", "seller"},
    {"商家", "seller"}, {"电子商务企业", "seller"}, {"payment company", "payment_company"},
    {"payment_company", "payment_company"}, {"payment", "payment_company"}, {"支付企业", "payment_company"},
    {"支付机构", "payment_company"}, {"carrier", "carrier"}, {"logistics", "carrier"},
    {"logistics company", "carrier"}, {"物流企业", "carrier"}, {"承运人", "carrier"}, {"快递", "carrier"},
    {"物流", "carrier"}, {NULL, NULL}};

struct cbec_source {
    const cbec_host *host;
    cbec_input *in;
    cbec_table *t;
    char *header_sig;           /* the header the column map was built for */
    long col[C_N];
    char *override[C_N];        /* normalised header names from the config, or NULL */
};

static void set_err(cbec_error *err, const char *reason, const char *fmt, const char *a, const char *b)
{
    snprintf(err->reason, sizeof err->reason, "%s", reason);
    snprintf(err->message, sizeof err->message, fmt, a ? a : "", b ? b : "");
}

/* Case-insensitive ASCII substring, or a byte match for UTF-8 text. */
/* Needles are lower case; the text is folded (ASCII) once per probe, then searched with memmem. */
static int has_text(const char *folded, size_t len, const char *needle)
{
    return memmem(folded, len, needle, strlen(needle)) != NULL;
}

static size_t fold(char *dst, size_t cap, const unsigned char *src, size_t len)
{
    size_t i, n = len < cap ? len : cap;
    for (i = 0; i < n; i++)
        dst[i] = (char)(src[i] >= 'A' && src[i] <= 'Z' ? src[i] + 32 : src[i]);
    return n;
}

static int ent_probe(const cbec_probe_input *in, const cbec_host *host)
{
    static const char *const name_hints[] = {"enterprise", "register", "企业", "名录", "credit_event", "信用", NULL};
    static const char *const code_hints[] = {"enterprise code", "统一社会信用代码", "企业代码", "uscc", NULL};
    static const char *const other_hints[] = {"event type", "事件类型", "企业类型", "role", "enterprise name",
                                              "企业名称", NULL};
    char name[512], head[8192];
    size_t name_len = fold(name, sizeof name, (const unsigned char *)in->name, strlen(in->name));
    size_t head_len;
    int named = 0, code = 0, other = 0;
    (void)host;
    for (int i = 0; name_hints[i]; i++)
        named |= has_text(name, name_len, name_hints[i]);
    if (in->head_len >= 4 && memcmp(in->head, "PK\x03\x04", 4) == 0)
        /* A workbook: its headers are compressed; only the name can tell. */
        return named && strcmp(in->extension, "xlsx") == 0 ? CBEC_SCORE_HEURISTIC + 20 : CBEC_SCORE_NONE;
    head_len = fold(head, sizeof head, in->head, in->head_len);
    for (int i = 0; code_hints[i] && !code; i++)
        code = has_text(head, head_len, code_hints[i]);
    if (!code)
        return CBEC_SCORE_NONE;
    for (int i = 0; other_hints[i] && !other; i++)
        other = has_text(head, head_len, other_hints[i]);
    if (other)
        return CBEC_SCORE_MAGIC;
    if (named)
        return CBEC_SCORE_HEURISTIC;
    return CBEC_SCORE_NONE;
}

static const char *const all_aliases_storage[] = {
    "code", "enterprise code", "company code", "uscc", "unified social credit code", "credit code", "customs code",
    "统一社会信用代码", "企业代码", "企业编码", "海关编码", "企业海关代码", "社会信用代码", "name", "enterprise name",
    "company name", "企业名称", "名称", "公司名称", "role", "type", "enterprise type", "enterprise role", "企业类型",
    "企业角色", "角色", "类型", "region", "city", "area", "地区", "所在地区", "区域", "城市", "所在地", "event",
    "event type", "event kind", "kind", "record type", "事件类型", "事件", "信用事件", "记录类型", "event date",
    "date", "decision date", "事件日期", "日期", "决定日期", "认定日期", "处罚日期", "detail", "details",
    "description", "reason", "document no", "事件说明", "说明", "详情", "备注", "原因", "文书号", NULL};

static void ent_close(cbec_source *s)
{
    if (!s)
        return;
    if (s->t)
        s->host->tab_close(s->t);
    for (int i = 0; i < C_N; i++)
        if (s->override[i])
            s->host->free(s->override[i]);
    free(s->header_sig);
    free(s);
}

static cbec_status ent_open(cbec_source **out, cbec_input *in, const cbec_host *host, cbec_error *err)
{
    cbec_source *s = calloc(1, sizeof *s);
    cbec_tab_options opt;
    const char *enc = host->config(in, "encoding");
    cbec_status st;

    if (!s) {
        set_err(err, "NO_MEMORY", "out of memory%s%s", NULL, NULL);
        return CBEC_FATAL;
    }
    s->host = host;
    s->in = in;
    memset(&opt, 0, sizeof opt);
    opt.struct_size = sizeof opt;
    opt.encoding = enc && *enc ? enc : NULL;
    opt.header_aliases = all_aliases_storage;   /* the header row holds two of them */
    opt.min_header_hits = 2;
    for (int i = 0; i < C_N; i++) {
        const char *v = host->config(in, config_of[i]);
        s->override[i] = v && *v ? host->text_normalise(v) : NULL;
    }
    if (!host->tab_open) {
        set_err(err, "NO_TABULAR", "this cbecflow has no tabular reader%s%s", NULL, NULL);
        ent_close(s);
        return CBEC_FATAL;
    }
    st = host->tab_open(in, &opt, &s->t, err);
    if (st != CBEC_OK) {
        s->t = NULL;
        ent_close(s);
        return CBEC_FATAL;
    }
    *out = s;
    return CBEC_OK;
}

/* Locate the columns again when the header differs from the last one (a new sheet). */
static void map_columns(cbec_source *s)
{
    const cbec_host *h = s->host;
    size_t cap = 256, len = 0;
    char *sig = malloc(cap);
    if (!sig)
        return;
    sig[0] = 0;
    for (size_t i = 0; i < 512; i++) {
        const char *hd = h->tab_header(s->t, i);
        size_t n;
        if (!hd)
            break;
        n = strlen(hd);
        if (len + n + 2 > cap) {
            char *bigger = realloc(sig, cap = (len + n + 2) * 2);
            if (!bigger) {
                free(sig);
                return;
            }
            sig = bigger;
        }
        memcpy(sig + len, hd, n);
        len += n;
        sig[len++] = '\x1f';
        sig[len] = 0;
    }
    if (s->header_sig && strcmp(s->header_sig, sig) == 0) {
        free(sig);
        return;
    }
    free(s->header_sig);
    s->header_sig = sig;
    for (int c = 0; c < C_N; c++) {
        const char *one[2] = {s->override[c], NULL};
        s->col[c] = h->tab_column(s->t, s->override[c] ? one : aliases_of[c]);
    }
}

static const char *cell(cbec_source *s, int c)
{
    return s->col[c] >= 0 ? s->host->tab_cell(s->t, (size_t)s->col[c]) : "";
}

static const char *lookup(const cbec_host *h, const label *l, const char *text)
{
    char *n = h->text_normalise(text);
    const char *res = NULL;
    for (; n && l->text; l++)
        if (strcmp(n, l->text) == 0) {
            res = l->canon;
            break;
        }
    h->free(n);
    return res;
}

/* A date as YYYY-MM-DD from "2026-03-01", "2026/3/1", "2026.03.01", "20260301", "2026年3月1日",
 * an ISO date-time, or an Excel serial day number.  0 on success. */
static int norm_date(const char *in, char out[11])
{
    int y, m, d, n = 0;
    while (*in == ' ')
        in++;
    if (sscanf(in, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 || sscanf(in, "%4d/%2d/%2d%n", &y, &m, &d, &n) == 3 ||
        sscanf(in, "%4d.%2d.%2d%n", &y, &m, &d, &n) == 3 ||
        sscanf(in, "%4d\xe5\xb9\xb4%2d\xe6\x9c\x88%2d%n", &y, &m, &d, &n) == 3) {
        /* y, m, d set (年月日 is the Chinese form) */
    } else if (strlen(in) == 8 && strspn(in, "0123456789") == 8) {
        y = (in[0] - '0') * 1000 + (in[1] - '0') * 100 + (in[2] - '0') * 10 + (in[3] - '0');
        m = (in[4] - '0') * 10 + (in[5] - '0');
        d = (in[6] - '0') * 10 + (in[7] - '0');
    } else if (strspn(in, "0123456789") == strlen(in) && strlen(in) >= 4 && strlen(in) <= 6) {
        /* Excel serial: days since 1899-12-30 (civil-from-days, Howard Hinnant). */
        long z = atol(in) - 25569 + 719468, era = z / 146097, doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365, doy, mp;
        y = (int)(yoe + era * 400);
        doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        mp = (5 * doy + 2) / 153;
        d = (int)(doy - (153 * mp + 2) / 5 + 1);
        m = (int)(mp < 10 ? mp + 3 : mp - 9);
        y += m <= 2;
    } else
        return -1;
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return 0;
}

static cbec_status ent_next(cbec_source *s, cbec_record *rec, cbec_error *err)
{
    const cbec_host *h = s->host;
    const char *code, *kind;
    cbec_status st;

    for (;;) {
        st = h->tab_next(s->t, err);
        if (st != CBEC_OK)
            return st;
        map_columns(s);
        code = cell(s, C_CODE);
        /* Blank lines and rows without any cell are not records. */
        if (*code || *cell(s, C_NAME) || *cell(s, C_EVENT))
            break;
    }
    snprintf(err->locator, sizeof err->locator, "%s", h->tab_locator(s->t));
    h->rec_set_raw(rec, h->tab_raw(s->t), strlen(h->tab_raw(s->t)));
    if (s->col[C_CODE] < 0 || !*code) {
        set_err(err, "MISSING_KEY", "no enterprise code in this row%s%s", NULL, NULL);
        return CBEC_RECORD_ERROR;
    }
    kind = cell(s, C_EVENT);
    if (s->col[C_EVENT] >= 0 && (*kind || s->col[C_NAME] < 0)) {
        const char *canon = lookup(h, event_labels, kind);
        char date[11];
        if (!canon) {
            set_err(err, "UNKNOWN_EVENT_KIND",
                    "event kind \"%.80s\" is none of penalty, abnormal operation, serious violation, IP "
                    "infringement, counterfeit, complaint, fraud%s",
                    kind, NULL);
            return CBEC_RECORD_ERROR;
        }
        if (norm_date(cell(s, C_DATE), date) != 0) {
            set_err(err, "BAD_DATE", "event date \"%.60s\" is not a date%s", cell(s, C_DATE), NULL);
            return CBEC_RECORD_ERROR;
        }
        h->rec_begin(rec, CBEC_KIND_ENTERPRISE_EVENT);
        h->rec_set_locator(rec, err->locator);
        h->rec_set_text(rec, "code", code);
        h->rec_set_text(rec, "event_date", date);
        h->rec_set_text(rec, "kind", canon);
        /* detail is part of the key: "" (not NULL) keeps a resend a duplicate. */
        h->rec_set_text(rec, "detail", *cell(s, C_DETAIL) ? cell(s, C_DETAIL) : kind);
        return CBEC_OK;
    }
    h->rec_begin(rec, CBEC_KIND_ENTERPRISE);
    h->rec_set_locator(rec, err->locator);
    h->rec_set_text(rec, "code", code);
    h->rec_set_text(rec, "name", cell(s, C_NAME));
    h->rec_set_text(rec, "region", cell(s, C_REGION));
    h->rec_set_text(rec, "origin", "register");
    if (*cell(s, C_ROLE)) {
        const char *role = lookup(h, role_labels, cell(s, C_ROLE));
        if (role)
            h->rec_set_text(rec, "role", role);
        else {
            char *n = h->text_normalise(cell(s, C_ROLE));
            h->rec_set_text(rec, "role", n);
            h->rec_finding(rec, "UNKNOWN_ROLE", "role \"%.80s\" is none of platform, seller, payment company, "
                           "carrier; kept as written", n ? n : "");
            h->free(n);
        }
    }
    return CBEC_OK;
}

static const char *const ent_extensions[] = {"csv", "tsv", "txt", "xlsx", NULL};

static const cbec_config_key ent_keys[] = {
    {CBEC_CONF_STRING, "encoding", "", "code page of a CSV that is not UTF-8 (default GB18030)"},
    {CBEC_CONF_STRING, "code_column", "", "header of the enterprise code column (default: known aliases)"},
    {CBEC_CONF_STRING, "name_column", "", "header of the enterprise name column"},
    {CBEC_CONF_STRING, "role_column", "", "header of the role column (platform, seller, payment company, carrier)"},
    {CBEC_CONF_STRING, "region_column", "", "header of the region column"},
    {CBEC_CONF_STRING, "event_column", "", "header of the event kind column"},
    {CBEC_CONF_STRING, "date_column", "", "header of the event date column"},
    {CBEC_CONF_STRING, "detail_column", "", "header of the event detail column"},
    {CBEC_CONF_END, NULL, NULL, NULL}};

static const cbec_source_plugin ent_plugin = {
    .abi_major = CBEC_PLUGIN_ABI_MAJOR,
    .abi_minor = CBEC_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(cbec_source_plugin),
    .flags = CBEC_PLUGIN_FLAG_TABULAR,
    .name = "enterprise",
    .version = "1.0.0",
    .description = "enterprise register and credit events (CSV/XLSX): enterprise, enterprise_event",
    .license = "MIT",
    .extensions = ent_extensions,
    .config_keys = ent_keys,
    .probe = ent_probe,
    .open = ent_open,
    .next = ent_next,
    .close = ent_close,
};

/** The plugin's one exported symbol. */
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not);
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not)
{
    if (host->abi_major != CBEC_PLUGIN_ABI_MAJOR) {
        *why_not = "host speaks another ABI major";
        return NULL;
    }
    return &ent_plugin;
}
