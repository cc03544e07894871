/* The reconciliation rule pack (etc/reconcile.rules): loading, validation and
 * the accessors reconcile.c builds its SQL from.  Missing keys take the
 * defaults written in the shipped file, so a pack only needs what it changes. */
#include "cbecflow-build.h"

#include <string.h>
#include <glib.h>

#include "core/base/decimal.h"
#include "core/base/log.h"
#include "analysis/reconcile/rc_internal.h"

const char *const cbec_rc_codes[] = {"ORDER_MISSING",     "DUPLICATE_KEY",   "PAYMENT_MISSING",
                                     "SHIPMENT_MISSING",  "LIST_MISSING",    "CURRENCY_MISMATCH",
                                     "AMOUNT_MISMATCH",   "PAYER_NOT_BUYER", "CONSIGNEE_MISMATCH",
                                     "UNSETTLED",         "BANK_UNEXPLAINED", NULL};

const char *const cbec_rc_stage_names[] = {"reference", "settlement_ref", "counterparty_day",
                                           "settlement_amount", "amount_window", NULL};

static const char *const default_stages = "reference;settlement_ref;counterparty_day;settlement_amount;amount_window";

static int in_list(const char *const *list, const char *item)
{
    for (; *list; list++)
        if (strcmp(*list, item) == 0)
            return 1;
    return 0;
}

/* Split a ';' list, trimming items and dropping empty ones. */
static char **split_list(const char *text)
{
    char **raw = g_strsplit(text ? text : "", ";", -1);
    GPtrArray *out = g_ptr_array_new();
    for (char **p = raw; *p; p++) {
        char *s = g_strstrip(*p);
        if (*s)
            g_ptr_array_add(out, g_strdup(s));
    }
    g_ptr_array_add(out, NULL);
    g_strfreev(raw);
    return (char **)g_ptr_array_free(out, FALSE);
}

static char *get_text(const cbec_rc_rules *r, const char *group, const char *key, const char *def)
{
    char *v = g_key_file_get_string(r->kf, group, key, NULL);
    if (v) {
        g_strstrip(v);
        return v;
    }
    return def ? g_strdup(def) : NULL;
}

int cbec_rc_bool(const cbec_rc_rules *r, const char *group, const char *key, int def)
{
    char *v = get_text(r, group, key, NULL);
    int res = def;
    if (v)
        res = g_ascii_strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0 || g_ascii_strcasecmp(v, "yes") == 0;
    g_free(v);
    return res;
}

int64_t cbec_rc_int(const cbec_rc_rules *r, const char *group, const char *key, int64_t def)
{
    char *v = get_text(r, group, key, NULL);
    int64_t res = def;
    if (v && cbec_decimal_parse(v, 0, &res) != CBEC_DEC_EXACT) {
        cbec_warn("reconcile rules [%s] %s: \"%s\" is not an integer; using %lld", group, key, v, (long long)def);
        res = def;
    }
    g_free(v);
    return res;
}

/* A decimal key scaled by 10^scale (percent -> ppm with scale 4, CNY -> fen with scale 2). */
static int get_scaled(const cbec_rc_rules *r, const char *group, const char *key, unsigned scale, int64_t def,
                      int64_t *out, char **why)
{
    char *v = get_text(r, group, key, NULL);
    int rc = 0;
    *out = def;
    if (v && (cbec_decimal_parse(v, scale, out) < 0 || *out < 0)) {
        *why = g_strdup_printf("reconcile rules [%s] %s: \"%s\" is not a non-negative decimal", group, key, v);
        rc = -1;
    }
    g_free(v);
    return rc;
}

int cbec_rc_enabled(const cbec_rc_rules *r, const char *code)
{
    return cbec_rc_bool(r, code, "enabled", 1);
}

int cbec_rc_list_has(const cbec_rc_rules *r, const char *group, const char *key, const char *def, const char *item)
{
    char *v = get_text(r, group, key, def);
    char **l = split_list(v);
    int res = in_list((const char *const *)l, item);
    g_strfreev(l);
    g_free(v);
    return res;
}

static const char *default_scope(const char *group, const char *key)
{
    static const struct { const char *g, *k, *v; } d[] = {
        {"PAYMENT_MISSING", "directions", "import;export"},
        {"SHIPMENT_MISSING", "directions", "import;export"},
        {"LIST_MISSING", "directions", "import"},
        {"LIST_MISSING", "trade_modes", "9610;1210;1239"},
        {"PAYER_NOT_BUYER", "directions", "import"},
        {"UNSETTLED", "directions", "export"},
        {"bank", "directions", "import;export"},
        {"precheck", "directions", "import"},
        {"precheck", "trade_modes", "9610;1210;1239"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(d); i++)
        if (strcmp(d[i].g, group) == 0 && strcmp(d[i].k, key) == 0)
            return d[i].v;
    return "";
}

/* "expr IN ('a','b')" from a ';' list, or NULL when the list is empty. */
static char *in_clause(const char *expr, const char *list)
{
    char **l = split_list(list);
    GString *s;
    if (!l[0]) {
        g_strfreev(l);
        return NULL;
    }
    s = g_string_new(NULL);
    g_string_append_printf(s, "%s IN (", expr);
    for (char **p = l; *p; p++) {
        char *q = sqlite3_mprintf("%Q", *p);
        g_string_append_printf(s, "%s%s", p == l ? "" : ",", q);
        sqlite3_free(q);
    }
    g_string_append_c(s, ')');
    g_strfreev(l);
    return g_string_free(s, FALSE);
}

char *cbec_rc_scope(const cbec_rc_rules *r, const char *group, const char *dir, const char *mode)
{
    char *dirs = get_text(r, group, "directions", default_scope(group, "directions"));
    char *modes = get_text(r, group, "trade_modes", default_scope(group, "trade_modes"));
    char *dc = in_clause(dir, dirs), *mc = in_clause(mode, modes);
    char *res;
    /* A trade whose mode is not known yet (no customs list) stays in scope. */
    if (dc && mc)
        res = g_strdup_printf("(%s AND (coalesce(%s,'')='' OR %s))", dc, mode, mc);
    else if (dc)
        res = g_strdup_printf("(%s)", dc);
    else if (mc)
        res = g_strdup_printf("(coalesce(%s,'')='' OR %s)", mode, mc);
    else
        res = g_strdup("1");
    g_free(dirs);
    g_free(modes);
    g_free(dc);
    g_free(mc);
    return res;
}

int64_t cbec_rc_tolerance(const cbec_rc_rules *r, int kind, const char *currency, int64_t amount)
{
    const rc_tol *t = currency ? g_hash_table_lookup(r->tol[kind], currency) : NULL;
    __int128 pct;
    if (!t)
        t = &r->tol_def[kind];
    if (amount < 0)
        amount = -amount;
    pct = (__int128)amount * t->pct_ppm / 1000000;
    return pct > t->abs_minor ? (int64_t)pct : t->abs_minor;
}

char *cbec_rc_account_norm(const char *account)
{
    GString *s = g_string_new(NULL);
    for (const char *p = account; *p; p++)
        if (*p != ' ')
            g_string_append_c(s, g_ascii_toupper(*p));
    return g_string_free(s, FALSE);
}

char *cbec_rc_wire_cond(const cbec_rc_rules *r, const char *mode)
{
    char *list = g_strjoinv(";", r->wire_modes);
    char *res = in_clause(mode, list);
    g_free(list);
    return res ? res : g_strdup("0");
}

/* One account -> owner mapping; a later one (the configuration's) replaces an earlier one. */
static int add_account(cbec_rc_rules *r, const char *where, const char *account, const char *code, char **why)
{
    char *a = cbec_rc_account_norm(account), *c = g_strstrip(g_strdup(code ? code : ""));
    if (!*a || !*c) {
        *why = g_strdup_printf("%s [accounts] %s: \"%s\" is not \"account number = enterprise code\"", where,
                               account, code ? code : "");
        g_free(a);
        g_free(c);
        return -1;
    }
    g_hash_table_replace(r->accounts, a, c);
    return 0;
}

/* "pct;abs" -> tolerance. */
static int parse_tol(const char *group, const char *key, const char *text, rc_tol *t, char **why)
{
    char **parts = g_strsplit(text, ";", -1);
    int rc = -1;
    if (g_strv_length(parts) == 2 && cbec_decimal_parse(g_strstrip(parts[0]), 4, &t->pct_ppm) >= 0 &&
        cbec_decimal_parse(g_strstrip(parts[1]), 0, &t->abs_minor) == CBEC_DEC_EXACT && t->pct_ppm >= 0 &&
        t->abs_minor >= 0)
        rc = 0;
    else
        *why = g_strdup_printf("reconcile rules [%s] %s: \"%s\" is not \"pct;abs_minor_units\"", group, key, text);
    g_strfreev(parts);
    return rc;
}

static int load_tolerances(cbec_rc_rules *r, int kind, const char *group, char **why)
{
    char **keys = g_key_file_get_keys(r->kf, group, NULL, NULL);
    int rc = 0;
    r->tol[kind] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    r->tol_def[kind].pct_ppm = 0;
    r->tol_def[kind].abs_minor = kind == RC_TOL_TRADE ? 0 : 1;
    if (!keys) {
        /* Built-in: one fen of rounding on CNY. */
        rc_tol *t = g_new0(rc_tol, 1);
        t->abs_minor = 1;
        g_hash_table_insert(r->tol[kind], g_strdup("CNY"), t);
        return 0;
    }
    for (char **k = keys; *k && rc == 0; k++) {
        char *v = get_text(r, group, *k, "");
        rc_tol t;
        if (parse_tol(group, *k, v, &t, why) != 0)
            rc = -1;
        else if (strcmp(*k, "default") == 0)
            r->tol_def[kind] = t;
        else
            g_hash_table_insert(r->tol[kind], g_strdup(*k), g_memdup2(&t, sizeof t));
        g_free(v);
    }
    g_strfreev(keys);
    return rc;
}

void cbec_rc_rules_free(cbec_rc_rules *r)
{
    if (!r)
        return;
    g_key_file_free(r->kf);
    g_free(r->path);
    g_free(r->version);
    g_strfreev(r->order);
    g_strfreev(r->stages);
    g_strfreev(r->ignore_refs);
    g_strfreev(r->wire_modes);
    if (r->accounts)
        g_hash_table_destroy(r->accounts);
    for (int i = 0; i < 2; i++)
        if (r->tol[i])
            g_hash_table_destroy(r->tol[i]);
    g_free(r);
}

const char *cbec_rc_rules_version(const cbec_rc_rules *r) { return r->version; }

cbec_err cbec_rc_rules_load_file(const char *path, cbec_rc_rules **out, char **why)
{
    cbec_rc_rules *r = g_new0(cbec_rc_rules, 1);
    GError *gerr = NULL;
    char *text = NULL;
    cbec_err rc = CBEC_ERR_CONFIG;

    *out = NULL;
    r->kf = g_key_file_new();
    if (path) {
        if (!g_key_file_load_from_file(r->kf, path, G_KEY_FILE_NONE, &gerr)) {
            *why = g_strdup_printf("cannot read reconcile rules %s: %s", path, gerr->message);
            goto done;
        }
        r->path = g_strdup(path);
    }
    r->version = get_text(r, "pack", "version", path ? "unversioned" : "builtin");
    /* Fallback rates are gone: a configured constant is no exchange rate, and a value
     * converted at one looked as sure as any other (core/fx.h has the one rule). */
    if (g_key_file_has_group(r->kf, "fx"))
        cbec_warn("reconcile rules %s: [fx] is no longer read: CNY values use only fx_rate (the rate of the "
                  "business date, else the latest earlier one; none = not converted)", path);

    /* Reason priority: the listed codes first, then any contract code the pack left out. */
    text = get_text(r, "pack", "order", NULL);
    {
        char **l = split_list(text);
        GPtrArray *o = g_ptr_array_new_with_free_func(g_free);   /* the codes copied so far, on a refusal */
        for (char **p = l; *p; p++) {
            if (!in_list(cbec_rc_codes, *p)) {
                *why = g_strdup_printf("reconcile rules [pack] order: unknown reason code \"%s\"", *p);
                g_strfreev(l);
                g_ptr_array_free(o, TRUE);
                goto done;
            }
            g_ptr_array_add(o, g_strdup(*p));
        }
        for (const char *const *c = cbec_rc_codes; *c; c++)
            if (!in_list((const char *const *)l, *c))
                g_ptr_array_add(o, g_strdup(*c));
        g_ptr_array_add(o, NULL);
        r->order = (char **)g_ptr_array_free(o, FALSE);
        g_strfreev(l);
    }
    g_free(text);
    text = get_text(r, "bank", "stages", default_stages);
    r->stages = split_list(text);
    for (char **p = r->stages; *p; p++)
        if (!in_list(cbec_rc_stage_names, *p)) {
            *why = g_strdup_printf("reconcile rules [bank] stages: unknown stage \"%s\"", *p);
            goto done;
        }
    g_free(text);
    text = get_text(r, "bank", "ignore_references", "NOTPROVIDED;NONREF;NONE");
    r->ignore_refs = split_list(text);

    if (load_tolerances(r, RC_TOL_TRADE, "tolerance.trade", why) != 0 ||
        load_tolerances(r, RC_TOL_BANK, "tolerance.bank", why) != 0)
        goto done;
    r->lead_days = cbec_rc_int(r, "bank", "lead_days", 3);
    r->window_days = cbec_rc_int(r, "bank", "window_days", 10);
    r->fees = cbec_rc_bool(r, "bank", "fees", 1);
    r->pay_before_h = cbec_rc_int(r, "keys", "payment_before_hours", 24);
    r->pay_after_h = cbec_rc_int(r, "keys", "payment_after_hours", 720);
    if (get_scaled(r, "bank", "fee_pct", 4, 30000, &r->fee_ppm, why) != 0 ||
        get_scaled(r, "bank", "fx_pct", 4, 20000, &r->fx_ppm, why) != 0 ||
        get_scaled(r, "precheck", "single_limit", 2, 500000, &r->single_limit, why) != 0 ||
        get_scaled(r, "precheck", "annual_limit", 2, 2600000, &r->annual_limit, why) != 0)
        goto done;
    r->fee_abs = cbec_rc_int(r, "bank", "fee_abs", 5000);
    g_free(text);
    text = get_text(r, "bank", "wire_trade_modes", "9710;9810");
    r->wire_modes = split_list(text);
    r->wire_grace = cbec_rc_int(r, "PAYMENT_MISSING", "grace_days", r->window_days);
    r->accounts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    {
        char **keys = g_key_file_get_keys(r->kf, "accounts", NULL, NULL);
        int bad = 0;
        for (char **k = keys; k && *k && !bad; k++) {
            char *v = get_text(r, "accounts", *k, "");
            bad = add_account(r, "reconcile rules", *k, v, why) != 0;
            g_free(v);
        }
        g_strfreev(keys);
        if (bad)
            goto done;
    }
    *out = r;
    r = NULL;
    rc = CBEC_ERR_NONE;
done:
    g_free(text);
    if (gerr)
        g_error_free(gerr);
    cbec_rc_rules_free(r);
    return rc;
}

cbec_err cbec_rc_rules_load(const cbec_config *cfg, cbec_rc_rules **out, char **why)
{
    char *path = cfg ? cbec_config_get_path(cfg, "reconcile", "rules") : NULL;
    const char *srcdir = g_getenv("CBECFLOW_SRCDIR");
    cbec_err rc;

    /* An explicit path must exist: a typo must not silently fall back to defaults. */
    if (!path) {
        char *cand[2] = {g_build_filename(CBEC_PKGDATADIR, "reconcile.rules", NULL),
                         srcdir ? g_build_filename(srcdir, "etc", "reconcile.rules", NULL) : NULL};
        for (int i = 0; i < 2 && !path; i++)
            if (cand[i] && g_file_test(cand[i], G_FILE_TEST_IS_REGULAR))
                path = g_strdup(cand[i]);
        g_free(cand[0]);
        g_free(cand[1]);
        if (!path)
            cbec_warn("reconcile: no reconcile.rules found; using built-in defaults");
    }
    rc = cbec_rc_rules_load_file(path, out, why);
    /* The site's own account table ([accounts] of the configuration) wins over the pack's. */
    if (rc == CBEC_ERR_NONE && cfg) {
        char **keys = cbec_config_keys(cfg, "accounts");
        for (char **k = keys; *k && rc == CBEC_ERR_NONE; k++)
            if (add_account(*out, "config", *k, cbec_config_get(cfg, "accounts", *k), why) != 0) {
                cbec_rc_rules_free(*out);
                *out = NULL;
                rc = CBEC_ERR_CONFIG;
            }
        g_strfreev(keys);
    }
    if (rc == CBEC_ERR_NONE)
        cbec_debug("reconcile: rules %s (version %s)", path ? path : "(built-in)", (*out)->version);
    g_free(path);
    return rc;
}
