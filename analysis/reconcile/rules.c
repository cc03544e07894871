/* The reconciliation rule pack (etc/reconcile.rules): loading, validation and
 * the accessors reconcile.c builds its SQL from.  Missing keys take the
 * defaults written in the shipped file, so a pack only needs what it changes. */
#include "cbecflow-build.h"

#include <string.h>
#include <glib.h>

#include "core/base/decimal.h"
#include "core/base/log.h"
#include "core/rules.h"
#include "analysis/reconcile/rules.h"

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

int cbec_rc_bool(const cbec_rc_rules *r, const char *group, const char *key, int def)
{
    return cbec_rules_bool(r->src, group, key, def);
}

int64_t cbec_rc_int(const cbec_rc_rules *r, const char *group, const char *key, int64_t def)
{
    return cbec_rules_int(r->src, group, key, def);
}

/* A decimal key scaled by 10^scale (percent -> ppm with scale 4, CNY -> fen with scale 2); a
 * negative limit or tolerance means nothing here, so it is refused like an unreadable one. */
static int64_t get_scaled(const cbec_rc_rules *r, const char *group, const char *key, unsigned scale, int64_t def)
{
    int64_t v = cbec_rules_scaled(r->src, group, key, scale, def);
    if (v < 0) {
        cbec_rules_fail(r->src, group, key, "is not a non-negative decimal");
        v = def;
    }
    return v;
}

int cbec_rc_enabled(const cbec_rc_rules *r, const char *code)
{
    return cbec_rc_bool(r, code, "enabled", 1);
}

int cbec_rc_list_has(const cbec_rc_rules *r, const char *group, const char *key, const char *def, const char *item)
{
    char **l = cbec_rules_list(r->src, group, key, def);
    int res = in_list((const char *const *)l, item);
    g_strfreev(l);
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
static char *in_clause(const char *expr, char **l)
{
    GString *s;
    if (!l[0])
        return NULL;
    s = g_string_new(NULL);
    g_string_append_printf(s, "%s IN (", expr);
    for (char **p = l; *p; p++) {
        char *q = sqlite3_mprintf("%Q", *p);
        g_string_append_printf(s, "%s%s", p == l ? "" : ",", q);
        sqlite3_free(q);
    }
    g_string_append_c(s, ')');
    return g_string_free(s, FALSE);
}

char *cbec_rc_scope(const cbec_rc_rules *r, const char *group, const char *dir, const char *mode)
{
    char **dirs = cbec_rules_list(r->src, group, "directions", default_scope(group, "directions"));
    char **modes = cbec_rules_list(r->src, group, "trade_modes", default_scope(group, "trade_modes"));
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
    g_strfreev(dirs);
    g_strfreev(modes);
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
    char *res = in_clause(mode, r->wire_modes);
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
    char **keys = cbec_rules_keys(r->src, group);
    int rc = 0;
    r->tol[kind] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    r->tol_def[kind].pct_ppm = 0;
    r->tol_def[kind].abs_minor = kind == RC_TOL_TRADE ? 0 : 1;
    if (!keys[0]) {
        /* Built-in: one fen of rounding on CNY. */
        rc_tol *t = g_new0(rc_tol, 1);
        t->abs_minor = 1;
        g_hash_table_insert(r->tol[kind], g_strdup("CNY"), t);
        g_strfreev(keys);
        return 0;
    }
    for (char **k = keys; *k && rc == 0; k++) {
        char *v = cbec_rules_text(r->src, group, *k, "");
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
    cbec_rules_free(r->src);
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

const char *cbec_rc_rules_version(const cbec_rc_rules *r) { return cbec_rules_version(r->src); }

/* Values read later, while the SQL is built: read once here so a bad one refuses the pack at load. */
static void check_lazy_keys(const cbec_rc_rules *r)
{
    for (const char *const *c = cbec_rc_codes; *c; c++)
        cbec_rc_enabled(r, *c);
    cbec_rc_bool(r, "AMOUNT_MISMATCH", "check_formula", 1);
    cbec_rc_bool(r, "AMOUNT_MISMATCH", "check_list", 0);
    cbec_rc_int(r, "UNSETTLED", "grace_days", 3);
}

cbec_err cbec_rc_rules_load_file(const char *path, cbec_rc_rules **out, char **why)
{
    cbec_rc_rules *r = g_new0(cbec_rc_rules, 1);
    cbec_err rc = CBEC_ERR_CONFIG;

    *out = NULL;
    if (cbec_rules_load_file(path, "pack", &r->src, why) != CBEC_ERR_NONE)
        goto done;
    r->version = cbec_rules_version(r->src);
    /* Fallback rates are gone: a configured constant is no exchange rate, and a value
     * converted at one looked as sure as any other (core/fx.h has the one rule). */
    if (cbec_rules_has(r->src, "fx"))
        cbec_warn("reconcile rules %s: [fx] is no longer read: CNY values use only fx_rate (the rate of the "
                  "business date, else the latest earlier one; none = not converted)", path ? path : "(built-in)");

    /* Reason priority: the listed codes first, then any contract code the pack left out. */
    {
        char **l = cbec_rules_list(r->src, "pack", "order", NULL);
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
    r->stages = cbec_rules_list(r->src, "bank", "stages", default_stages);
    for (char **p = r->stages; *p; p++)
        if (!in_list(cbec_rc_stage_names, *p)) {
            *why = g_strdup_printf("reconcile rules [bank] stages: unknown stage \"%s\"", *p);
            goto done;
        }
    r->ignore_refs = cbec_rules_list(r->src, "bank", "ignore_references", "NOTPROVIDED;NONREF;NONE");

    if (load_tolerances(r, RC_TOL_TRADE, "tolerance.trade", why) != 0 ||
        load_tolerances(r, RC_TOL_BANK, "tolerance.bank", why) != 0)
        goto done;
    r->lead_days = cbec_rc_int(r, "bank", "lead_days", 3);
    r->window_days = cbec_rc_int(r, "bank", "window_days", 10);
    r->fees = cbec_rc_bool(r, "bank", "fees", 1);
    r->pay_before_h = cbec_rc_int(r, "keys", "payment_before_hours", 24);
    r->pay_after_h = cbec_rc_int(r, "keys", "payment_after_hours", 720);
    r->fee_ppm = get_scaled(r, "bank", "fee_pct", 4, 30000);
    r->fx_ppm = get_scaled(r, "bank", "fx_pct", 4, 20000);
    r->single_limit = get_scaled(r, "precheck", "single_limit", 2, 500000);
    r->annual_limit = get_scaled(r, "precheck", "annual_limit", 2, 2600000);
    r->fee_abs = cbec_rc_int(r, "bank", "fee_abs", 5000);
    r->wire_modes = cbec_rules_list(r->src, "bank", "wire_trade_modes", "9710;9810");
    r->wire_grace = cbec_rc_int(r, "PAYMENT_MISSING", "grace_days", r->window_days);
    r->accounts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    {
        char **keys = cbec_rules_keys(r->src, "accounts");
        int bad = 0;
        for (char **k = keys; *k && !bad; k++) {
            char *v = cbec_rules_text(r->src, "accounts", *k, "");
            bad = add_account(r, "reconcile rules", *k, v, why) != 0;
            g_free(v);
        }
        g_strfreev(keys);
        if (bad)
            goto done;
    }
    check_lazy_keys(r);
    if (cbec_rules_error(r->src)) {
        *why = g_strdup_printf("reconcile rules %s", cbec_rules_error(r->src));
        goto done;
    }
    *out = r;
    r = NULL;
    rc = CBEC_ERR_NONE;
done:
    cbec_rc_rules_free(r);
    return rc;
}

cbec_err cbec_rc_rules_load(const cbec_config *cfg, cbec_rc_rules **out, char **why)
{
    char *path = cbec_rules_find(cfg, "reconcile", "rules", "reconcile.rules");
    cbec_err rc;

    /* An explicit path must exist (cbec_rules_find returns it as set): no silent defaults. */
    if (!path)
        cbec_warn("reconcile: no reconcile.rules found; using built-in defaults");
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
