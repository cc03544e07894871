/* The host API table: thin adapters from the plugin ABI to core modules. */
#include "cbecflow-build.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "core/base/config.h"
#include "core/base/decimal.h"
#include "core/host.h"
#include "core/input/input.h"
#include "core/loader.h"
#include "core/base/log.h"
#include "core/base/personal.h"
#include "core/base/record.h"
#include "core/tabular/tabular.h"

static const char *plugin_name(cbec_input *in)
{
    cbec_input_ctx *ctx = in ? cbec_input_user(in) : NULL;
    return ctx && ctx->plugin ? ctx->plugin->desc->name : NULL;
}

static void host_log(cbec_input *in, int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cbec_vlogf(level, plugin_name(in), in ? cbec_input_name(in) : NULL, fmt, ap);
    va_end(ap);
}

static const char *host_config(cbec_input *in, const char *key)
{
    cbec_input_ctx *ctx = cbec_input_user(in);
    const cbec_config_key *k;
    const char *v;
    char *section;

    if (!ctx || !ctx->plugin)
        return NULL;
    section = g_strconcat("plugin.", ctx->plugin->desc->name, NULL);
    v = cbec_config_get(ctx->cfg, section, key);
    g_free(section);
    if (v)
        return v;
    for (k = ctx->plugin->desc->config_keys; k && k->type != CBEC_CONF_END && k->name; k++)
        if (strcmp(k->name, key) == 0)
            return k->default_value;
    return NULL;
}

/* A setter refuses a value: the message for rec_error(), and the record remembers the
 * first refusal under reason so that it is quarantined even if the plugin goes on. */
static cbec_status rec_fail(cbec_record *rec, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static cbec_status rec_fail(cbec_record *rec, const char *reason, const char *fmt, ...)
{
    va_list ap;
    char msg[sizeof rec->error];
    va_start(ap, fmt);
    g_vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cbec_record_refuse(rec, reason, msg);
    return CBEC_RECORD_ERROR;
}

static cbec_status h_rec_begin(cbec_record *rec, const char *kind)
{
    cbec_record_touch(rec);
    if (!kind || !*kind)
        return rec_fail(rec, "BAD_RECORD", "record kind missing");
    cbec_record_begin(rec, kind);
    return CBEC_OK;
}

static cbec_status h_rec_child(cbec_record *rec, const char *kind)
{
    cbec_record_touch(rec);
    if (!rec->begun)
        return rec_fail(rec, "BAD_RECORD", "child row \"%s\" before rec_begin", kind ? kind : "?");
    cbec_record_child(rec, kind);
    return CBEC_OK;
}

/* Valid UTF-8?  Most values are ASCII: their bytes are checked a word at a time, and only
 * a value with other bytes goes through the full check (it was a sixth of rec_set_text). */
static int utf8_valid(const char *s, size_t len)
{
    static const guint64 high = G_GUINT64_CONSTANT(0x8080808080808080);
    size_t i = 0;
    guint64 w;

    for (; i + 8 <= len; i += 8) {
        memcpy(&w, s + i, 8);
        if (w & high)
            return g_utf8_validate(s, (gssize)len, NULL);
    }
    for (; i < len; i++)
        if ((unsigned char)s[i] & 0x80)
            return g_utf8_validate(s, (gssize)len, NULL);
    return 1;
}

static cbec_status h_set_text(cbec_record *rec, const char *field, const char *value)
{
    size_t len;

    cbec_record_touch(rec);
    if (!value || !*value)
        return CBEC_OK;
    len = strlen(value);
    if (!utf8_valid(value, len))
        return rec_fail(rec, "BAD_ENCODING", "field %s: text is not valid UTF-8", field);
    cbec_record_set_text_len(rec, field, value, len);
    return CBEC_OK;
}

static cbec_status h_set_int(cbec_record *rec, const char *field, int64_t v)
{
    cbec_record_touch(rec);
    cbec_record_set_int(rec, field, v);
    return CBEC_OK;
}

static cbec_status h_set_money(cbec_record *rec, const char *field, const char *decimal, const char *currency)
{
    int64_t v = 0;
    int exp = cbec_currency_exponent(currency);
    int r;

    cbec_record_touch(rec);
    if (!decimal || !*decimal)
        return CBEC_OK;
    r = cbec_decimal_parse(decimal, (unsigned)exp, &v);
    if (r == CBEC_DEC_INVALID)
        return rec_fail(rec, "BAD_AMOUNT", "field %s: \"%.60s\" is not a decimal amount", field, decimal);
    if (r == CBEC_DEC_OVERFLOW)
        return rec_fail(rec, "BAD_AMOUNT", "field %s: amount \"%.60s\" is too large", field, decimal);
    if (r == CBEC_DEC_ROUNDED) {
        char *msg = g_strdup_printf("%s %s has more decimals than %s uses; stored rounded", field, decimal,
                                    currency ? currency : "the currency");
        cbec_record_add_finding(rec, "ROUNDED", msg);
        g_free(msg);
    }
    cbec_record_set_int(rec, field, v);
    return CBEC_OK;
}

static cbec_status h_set_minor(cbec_record *rec, const char *field, int64_t minor)
{
    cbec_record_touch(rec);
    cbec_record_set_int(rec, field, minor);
    return CBEC_OK;
}

/* n ASCII digits at *p (advanced past them). */
static int iso_digits(const char **p, int n)
{
    int i;
    for (i = 0; i < n; i++)
        if (!g_ascii_isdigit((*p)[i]))
            return 0;
    *p += n;
    return 1;
}

/* YYYY-MM-DD, optionally THH:MM[:SS[.f{1,9}]] and then optionally Z or +HH:MM/-HH:MM
 * (checked by hand: a regular expression per time value was a measurable share of a
 * night's parsing). */
static int iso_time_valid(const char *s)
{
    const char *p = s;
    int n = 0;

    if (!iso_digits(&p, 4) || *p++ != '-' || !iso_digits(&p, 2) || *p++ != '-' || !iso_digits(&p, 2))
        return 0;
    if (!*p)
        return 1;
    if (*p++ != 'T' || !iso_digits(&p, 2) || *p++ != ':' || !iso_digits(&p, 2))
        return 0;
    if (*p == ':') {
        p++;
        if (!iso_digits(&p, 2))
            return 0;
        if (*p == '.') {
            for (p++; g_ascii_isdigit(*p) && n <= 9; p++)
                n++;
            if (n < 1 || n > 9)
                return 0;
        }
    }
    if (!*p)
        return 1;
    if (*p == 'Z')
        return p[1] == 0;
    if (*p != '+' && *p != '-')
        return 0;
    p++;
    return iso_digits(&p, 2) && *p++ == ':' && iso_digits(&p, 2) && *p == 0;
}

static cbec_status h_set_time(cbec_record *rec, const char *field, const char *iso)
{
    cbec_record_touch(rec);
    if (!iso || !*iso)
        return CBEC_OK;
    if (!iso_time_valid(iso))
        return rec_fail(rec, "BAD_DATE", "field %s: \"%.60s\" is not an ISO 8601 date or time", field, iso);
    cbec_record_set_text(rec, field, iso);
    return CBEC_OK;
}

static cbec_status h_set_personal(cbec_record *rec, const char *field, int kind, const char *value)
{
    char hash[65], *mask, mask_field[128];
    size_t len = field ? strlen(field) : 0;

    cbec_record_touch(rec);
    if (!value || !*value)
        return CBEC_OK;
    cbec_record_add_personal(rec, kind, value);   /* before any refusal: the excerpt may show it */
    if (len < 5 || strcmp(field + len - 4, "_key") != 0)
        return rec_fail(rec, "BAD_PERSONAL", "personal field %s must end in _key", field ? field : "?");
    if (len + 2 > sizeof mask_field)     /* "_key" -> "_mask" and its NUL */
        return rec_fail(rec, "BAD_PERSONAL", "personal field name %.40s... is too long", field);
    if (!cbec_personal_ready())
        return rec_fail(rec, "NO_SITE_KEY", "no site key loaded for personal identifiers");
    mask = cbec_personal_hash_mask(kind, value, hash);
    /* "<name>_key" -> "<name>_mask" (hot path: no printf) */
    memcpy(mask_field, field, len - 4);
    memcpy(mask_field + len - 4, "_mask", 6);
    cbec_record_set_text(rec, field, hash);
    cbec_record_set_text(rec, mask_field, mask);
    g_free(mask);
    return CBEC_OK;
}

static void h_finding(cbec_record *rec, const char *code, const char *fmt, ...)
{
    va_list ap;
    char *msg;
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    cbec_record_acknowledge(rec);
    cbec_record_add_finding(rec, code, msg);
    g_free(msg);
}

static void h_set_locator(cbec_record *rec, const char *locator)
{
    cbec_record_set_locator(rec, locator);
}

static void h_set_raw(cbec_record *rec, const char *raw, size_t len)
{
    g_string_truncate(rec->raw, 0);
    if (raw)
        g_string_append_len(rec->raw, raw, (gssize)(len > 4096 ? 4096 : len));
}

static void h_mark_personal(cbec_record *rec, int kind, const char *value)
{
    cbec_record_add_personal(rec, kind, value);
}

static const char *h_rec_error(cbec_record *rec) { return rec->error[0] ? rec->error : NULL; }
static int h_decimal_parse(const char *t, unsigned scale, int64_t *out) { return cbec_decimal_parse(t, scale, out); }
static int h_money_parse(const char *t, unsigned scale, int64_t *out) { return cbec_money_parse(t, scale, out); }
static int h_money_parse_mark(const char *t, unsigned scale, int mark, int64_t *out)
{
    return cbec_money_parse_mark(t, scale, mark, out);
}
static ssize_t h_read(cbec_input *in, void *buf, size_t len) { return cbec_input_read(in, buf, len); }
static const char *h_input_name(cbec_input *in) { return cbec_input_name(in); }
static const char *h_input_error(cbec_input *in) { return cbec_input_error(in); }
static void h_free(void *p) { g_free(p); }

static const cbec_host host_table = {
    .struct_size = sizeof(cbec_host),
    .abi_major = CBEC_PLUGIN_ABI_MAJOR,
    .abi_minor = CBEC_PLUGIN_ABI_MINOR,
    .core_version = PACKAGE_VERSION,
    .log = host_log,
    .read = h_read,
    .input_name = h_input_name,
    .input_error = h_input_error,
    .config = host_config,
    .rec_begin = h_rec_begin,
    .rec_child = h_rec_child,
    .rec_set_text = h_set_text,
    .rec_set_int = h_set_int,
    .rec_set_money = h_set_money,
    .rec_set_minor = h_set_minor,
    .rec_set_time = h_set_time,
    .rec_set_personal = h_set_personal,
    .rec_finding = h_finding,
    .rec_set_locator = h_set_locator,
    .rec_set_raw = h_set_raw,
    .rec_error = h_rec_error,
    .decimal_parse = h_decimal_parse,
    .money_parse = h_money_parse,
    .currency_exponent = cbec_currency_exponent,
    .tab_open = cbec_tab_open,
    .tab_next = cbec_tab_next,
    .tab_ncols = cbec_tab_ncols,
    .tab_cell = cbec_tab_cell,
    .tab_header = cbec_tab_header,
    .tab_column = cbec_tab_column,
    .tab_locator = cbec_tab_locator,
    .tab_raw = cbec_tab_raw,
    .tab_close = cbec_tab_close,
    .text_normalise = cbec_text_normalise,
    .free = h_free,
    .decimal_evidence = cbec_decimal_evidence,
    .money_parse_mark = h_money_parse_mark,
    .tab_decimal_mark = cbec_tab_decimal_mark,
    .rec_mark_personal = h_mark_personal,
};

const cbec_host *cbec_host_table(void)
{
    return &host_table;
}
