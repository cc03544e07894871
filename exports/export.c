/* `cbecflow export`: one read snapshot of the dataset, the spans and trades every target
 * shares, the target's tables, and a manifest saying what produced them (exports/export.h). */
#include "cbecflow-build.h"

#include <string.h>
#include <glib.h>

#include "core/base/digest.h"
#include "core/base/json.h"
#include "core/base/log.h"
#include "core/rules.h"
#include "core/store.h"
#include "exports/export.h"
#include "exports/target.h"
#include "reports/providers/statistics.h"

static const struct {
    const char *name;
    cbec_xtarget_fn fn;
    const char *formats;   /* the default --format */
    unsigned allowed;      /* the formats it can write */
} targets[] = {
    {"bank", cbec_export_bank, "csv,json,pdf", CBEC_XF_CSV | CBEC_XF_JSON | CBEC_XF_XLSX | CBEC_XF_PDF},
    {"customs", cbec_export_customs, "csv,json", CBEC_XF_CSV | CBEC_XF_JSON | CBEC_XF_XLSX},
    {"tax", cbec_export_tax, "csv,json", CBEC_XF_CSV | CBEC_XF_JSON | CBEC_XF_XLSX},
    {"forex", cbec_export_forex, "csv,json", CBEC_XF_CSV | CBEC_XF_JSON | CBEC_XF_XLSX},
    {"market", cbec_export_market, "csv,json", CBEC_XF_CSV | CBEC_XF_JSON | CBEC_XF_XLSX},
    {"stats", cbec_export_stats, "csv,json", CBEC_XF_CSV | CBEC_XF_JSON | CBEC_XF_XLSX},
};

int cbec_export_target_valid(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(targets); i++)
        if (name && strcmp(name, targets[i].name) == 0)
            return 1;
    return 0;
}

cbec_err cbec_x_table(cbec_xctx *c, const char *name, const char *sql, char **why)
{
    return cbec_xset_table(c->set, c->db, name, sql, c->params, why);
}

/* The trades a figure can be attributed to: the e-commerce enterprise (seller, CEB ebcCode) of
 * the order, else of the customs list.  A bank credit nothing explains, or a payment or waybill
 * no order or list took, names no enterprise and is not counted. */
static const char trades_sql[] =
    "CREATE TEMP TABLE x_trade AS"
    " SELECT f.flow_id, coalesce(nullif(o.seller_code,''), nullif(l.seller_code,'')) AS ent,"
    "  f.business_date AS bdate, f.status, f.reasons, f.precheck, f.value_cny, f.bank_txn_id,"
    "  coalesce(f.direction, o.direction, l.direction) AS direction, f.trade_mode,"
    "  coalesce(o.currency, l.currency) AS currency,"
    "  coalesce(nullif(l.country,''), nullif(o.consignee_country,''), nullif(s.destination_country,'')) AS country,"
    "  f.order_id, f.payment_id, f.shipment_id, f.list_id, f.order_no, f.platform_code, f.flow_key"
    " FROM flow f LEFT JOIN orders o ON o.order_id = f.order_id"
    " LEFT JOIN customs_list l ON l.list_id = f.list_id"
    " LEFT JOIN shipment s ON s.shipment_id = f.shipment_id"
    " WHERE f.business_date <= :date AND coalesce(nullif(o.seller_code,''), nullif(l.seller_code,'')) IS NOT NULL;"
    "CREATE INDEX temp.x_trade_ent ON x_trade(ent, bdate);";

cbec_err cbec_x_exec(cbec_xctx *c, const char *sql, char **why)
{
    const char *tail = sql;
    while (tail && *tail) {
        sqlite3_stmt *q = NULL;
        const char *next = NULL;
        int rc;
        if (sqlite3_prepare_v2(c->db, tail, -1, &q, &next) != SQLITE_OK) {
            *why = g_strdup_printf("export: %s", sqlite3_errmsg(c->db));
            return CBEC_ERR_DB;
        }
        if (q) {
            cbec_xset_bind(q, c->params);
            rc = sqlite3_step(q);
            sqlite3_finalize(q);
            if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
                *why = g_strdup_printf("export: %s", sqlite3_errmsg(c->db));
                return CBEC_ERR_DB;
            }
        }
        tail = next;
    }
    return CBEC_ERR_NONE;
}

static void add_span(sqlite3_stmt *ins, const char *span, const char *label, const char *from, const char *to,
                     int ord)
{
    sqlite3_bind_text(ins, 1, span, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 2, label, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 3, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 4, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(ins, 5, ord);
    sqlite3_step(ins);
    sqlite3_reset(ins);
}

/* The month of first, clipped to [first, limit]: its label and last day. */
static void month_of(const char *first, const char *limit, char label[8], char last[CBEC_DATE_LEN])
{
    GDate d;
    cbec_date_to_gdate(first, &d);
    g_date_set_day(&d, g_date_get_days_in_month(g_date_get_month(&d), g_date_get_year(&d)));
    cbec_date_from_gdate(&d, last);
    if (strcmp(last, limit) > 0)
        g_strlcpy(last, limit, CBEC_DATE_LEN);
    g_strlcpy(label, first, 8);
}

/* temp.x_span (target.h) and the parameters :from and :win_from. */
static cbec_err make_spans(cbec_xctx *c, char **why)
{
    sqlite3_stmt *ins = NULL;
    GDate d, m;
    char first[CBEC_DATE_LEN], last[CBEC_DATE_LEN], label[8], win[CBEC_DATE_LEN];
    int months = cbec_stats_period_months(c->period), ord = 0;

    /* the period to the date, as the statistics report counts it: a period starts on a
     * multiple of its length (quarters in January, April, July, October), year and ytd in January */
    cbec_date_to_gdate(c->date, &d);
    m = d;
    if (months > 0) {
        g_date_set_day(&m, 1);
        g_date_set_month(&m, (GDateMonth)((g_date_get_month(&d) - 1) / months * months + 1));
    }
    cbec_date_from_gdate(&m, c->from);
    m = d;
    g_date_set_day(&m, 1);
    g_date_subtract_months(&m, 11);
    cbec_date_from_gdate(&m, win);
    g_hash_table_insert(c->params, g_strdup("from"), g_strdup(c->from));
    g_hash_table_insert(c->params, g_strdup("win_from"), g_strdup(win));
    if (cbec_db_exec(c->db, "CREATE TEMP TABLE x_span(span TEXT, label TEXT, d_from TEXT, d_to TEXT, ord INTEGER)",
                     why) != CBEC_ERR_NONE ||
        sqlite3_prepare_v2(c->db, "INSERT INTO x_span VALUES (?1, ?2, ?3, ?4, ?5)", -1, &ins, NULL) != SQLITE_OK) {
        if (!*why)
            *why = g_strdup(sqlite3_errmsg(c->db));
        return CBEC_ERR_DB;
    }
    add_span(ins, "period", c->period, c->from, c->date, ord++);
    /* the 12 months ending with the date's month, oldest first */
    for (int i = 0; i < 12; i++) {
        cbec_date_from_gdate(&m, first);
        month_of(first, c->date, label, last);
        add_span(ins, "month", label, first, last, ord++);
        g_date_add_months(&m, 1);
    }
    /* the months of the period (the first may start on the period's own first day) */
    g_strlcpy(first, c->from, sizeof first);
    while (strcmp(first, c->date) <= 0) {
        month_of(first, c->date, label, last);
        add_span(ins, "period_month", label, first, last, ord++);
        cbec_date_to_gdate(last, &m);
        g_date_add_days(&m, 1);
        cbec_date_from_gdate(&m, first);
    }
    sqlite3_finalize(ins);
    return CBEC_ERR_NONE;
}

/* A JSON array of the distinct texts of a query (ordered), e.g. the rule versions in the dataset. */
static void json_texts(GString *s, sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q;
    int n = 0;
    g_string_append_c(s, '[');
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
        while (sqlite3_step(q) == SQLITE_ROW) {
            if (n++)
                g_string_append(s, ", ");
            cbec_json_str(s, (const char *)sqlite3_column_text(q, 0));
        }
        sqlite3_finalize(q);
    }
    g_string_append_c(s, ']');
}

/* The rule packs behind the figures: the versions the dataset's rows were computed with, and
 * the file the configuration names today (its version and SHA-256). */
static char *rule_packs_json(cbec_xctx *c)
{
    static const struct {
        const char *pack, *section, *key, *file, *vgroup, *sql;
    } packs[] = {
        {"reconcile", "reconcile", "rules", "reconcile.rules", "pack",
         "SELECT DISTINCT rule_version FROM flow WHERE rule_version IS NOT NULL ORDER BY 1"},
        {"risk", "analyse", "risk_rules", "risk.rules", "pack",
         "SELECT DISTINCT rule_version FROM alert WHERE rule_version IS NOT NULL ORDER BY 1"},
        {"credit", "analyse", "credit_rules", "credit.rules", "scorecard",
         "SELECT DISTINCT rule_version FROM credit_score WHERE rule_version IS NOT NULL ORDER BY 1"},
        {"indicators", "report", "indicators", "indicators.conf", NULL, NULL},
    };
    GString *s = g_string_new("[");
    for (size_t i = 0; i < G_N_ELEMENTS(packs); i++) {
        char *path = cbec_rules_find(c->cfg, packs[i].section, packs[i].key, packs[i].file), *data = NULL, *base;
        gsize len = 0;
        g_string_append(s, i ? ",\n    {" : "\n    {");
        cbec_json_key(s, "pack");
        cbec_json_str(s, packs[i].pack);
        if (packs[i].sql) {
            g_string_append(s, ", ");
            cbec_json_key(s, "dataset_versions");
            json_texts(s, c->db, packs[i].sql);
        }
        if (path && g_file_get_contents(path, &data, &len, NULL)) {
            char hex[65];
            cbec_sha256 h;
            cbec_rules *r = NULL;
            char *rwhy = NULL;
            cbec_sha256_init(&h);
            cbec_sha256_update(&h, data, len);
            cbec_sha256_hex(&h, hex);
            base = g_path_get_basename(path);
            g_string_append(s, ", ");
            cbec_json_key(s, "file");
            cbec_json_str(s, base);
            if (packs[i].vgroup && cbec_rules_load_file(path, packs[i].vgroup, &r, &rwhy) == CBEC_ERR_NONE) {
                g_string_append(s, ", ");
                cbec_json_key(s, "file_version");
                cbec_json_str(s, cbec_rules_version(r));
            }
            g_string_append_printf(s, ", \"sha256\": \"%s\"", hex);
            cbec_rules_free(r);
            g_free(rwhy);
            g_free(base);
        } else {
            g_string_append(s, ", \"file\": null");
        }
        g_string_append_c(s, '}');
        g_free(path);
        g_free(data);
    }
    g_string_append(s, "\n  ]");
    return g_string_free(s, FALSE);
}

/* The runs behind the figures: the last of each kind that wrote to the dataset. */
static char *runs_json(sqlite3 *db)
{
    GString *s = g_string_new("{");
    static const struct {
        const char *name, *sql;
    } runs[] = {
        {"last_ingest", "SELECT max(run_id) FROM source_file"},
        {"last_reconcile", "SELECT max(updated_run_id) FROM flow"},
        {"last_analyse", "SELECT max(run_id) FROM credit_score"},
        {"last_run", "SELECT max(run_id) FROM run"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(runs); i++) {
        int64_t v = cbec_db_int(db, runs[i].sql, 0);
        g_string_append(s, i ? ", " : "");
        cbec_json_key(s, runs[i].name);
        if (v > 0)
            g_string_append_printf(s, "%lld", (long long)v);
        else
            g_string_append(s, "null");
    }
    g_string_append(s, ", \"nights\": ");
    json_texts(s, db, "SELECT DISTINCT business_date FROM run WHERE command='run' AND business_date IS NOT NULL "
                      "ORDER BY 1");
    g_string_append_c(s, '}');
    return g_string_free(s, FALSE);
}

static void manifest_text(cbec_xset *set, const char *key, const char *v)
{
    GString *s = g_string_new(NULL);
    cbec_json_str(s, v);
    cbec_xset_manifest_raw(set, key, s->str);
    g_string_free(s, TRUE);
}

/* A file-name-safe form of an enterprise code (codes are letters and digits; anything else becomes _). */
static char *safe_name(const char *code)
{
    char *s = g_strdup(code);
    for (char *p = s; *p; p++)
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_')
            *p = '_';
    return s;
}

cbec_err cbec_export_write(cbec_store *st, const cbec_config *cfg, const cbec_export_opts *o, char **written,
                           char **why)
{
    cbec_xctx c = {0};
    cbec_xtarget_fn fn = NULL;
    const char *deflist = NULL;
    unsigned allowed = 0, formats;
    char *bad = NULL, *name = NULL, *ent = NULL, *json;
    cbec_err rc = CBEC_ERR_USAGE;
    int in_txn = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(targets); i++)
        if (o->target && strcmp(o->target, targets[i].name) == 0)
            fn = targets[i].fn, deflist = targets[i].formats, allowed = targets[i].allowed;
    if (!fn) {
        *why = g_strdup_printf("unknown export target \"%s\" (bank, customs, tax, forex, market, stats)",
                               o->target ? o->target : "");
        return CBEC_ERR_USAGE;
    }
    c.period = o->period ? o->period : "month";
    if (!cbec_stats_period_valid(c.period)) {
        *why = g_strdup_printf("unknown period \"%s\" (day, month, quarter, half, year, ytd)", c.period);
        return CBEC_ERR_USAGE;
    }
    if (!o->date || !cbec_date_valid(o->date)) {
        *why = g_strdup_printf("--date %s is not a calendar date YYYY-MM-DD", o->date ? o->date : "");
        return CBEC_ERR_USAGE;
    }
    formats = cbec_xset_formats(o->formats ? o->formats : deflist, &bad);
    if (!formats || (formats & ~allowed)) {
        *why = g_strdup_printf("--format %s: %s (the %s export writes %s%s)", o->formats,
                               bad ? "not a format" : "not for this target", o->target,
                               (allowed & CBEC_XF_PDF) ? "csv, json, xlsx, pdf" : "csv, json, xlsx",
                               (allowed & CBEC_XF_PDF) ? "" : "; pdf certificates are the bank's");
        g_free(bad);
        return CBEC_ERR_USAGE;
    }
    c.db = cbec_store_db(st);
    c.cfg = cfg;
    c.o = o;
    c.date = o->date;
    c.params = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_hash_table_insert(c.params, g_strdup("date"), g_strdup(o->date));
    g_hash_table_insert(c.params, g_strdup("to"), g_strdup(o->date));
    g_hash_table_insert(c.params, g_strdup("period"), g_strdup(c.period));
    if (o->enterprise)
        g_hash_table_insert(c.params, g_strdup("ent"), g_strdup(o->enterprise));

    /* bounded memory: the temp tables (a row per trade) go to a temp file past 32 MiB of cache */
    cbec_db_exec(c.db, "PRAGMA temp_store=FILE; PRAGMA temp.cache_size=-32768", NULL);
    /* one snapshot: a run writing meanwhile changes none of the export's figures (WAL) */
    if ((rc = cbec_db_exec(c.db, "BEGIN; SELECT count(*) FROM sqlite_master", why)) != CBEC_ERR_NONE)
        goto done;
    in_txn = 1;
    if ((rc = make_spans(&c, why)) != CBEC_ERR_NONE || (rc = cbec_x_exec(&c, trades_sql, why)) != CBEC_ERR_NONE)
        goto done;
    if (o->enterprise) {
        sqlite3_stmt *q;
        int known = 0;
        if (sqlite3_prepare_v2(c.db,
                               "SELECT EXISTS(SELECT 1 FROM enterprise WHERE code=?1) OR "
                               "EXISTS(SELECT 1 FROM x_trade WHERE ent=?1)",
                               -1, &q, NULL) == SQLITE_OK) {
            sqlite3_bind_text(q, 1, o->enterprise, -1, SQLITE_STATIC);
            known = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0);
            sqlite3_finalize(q);
        }
        if (!known) {
            *why = g_strdup_printf("--enterprise %s: no such enterprise in the register or the trades",
                                   o->enterprise);
            rc = CBEC_ERR_USAGE;
            goto done;
        }
        ent = safe_name(o->enterprise);
    }
    name = g_strdup_printf("%s-%s-%s%s%s", o->target, o->date, c.period, ent ? "-" : "", ent ? ent : "");
    if (!(c.set = cbec_xset_new(o->outdir, name, o->target, formats, why))) {
        rc = CBEC_ERR_IO;
        goto done;
    }
    cbec_xset_stamp(c.set, o->date);
    /* the manifest's head: what this is and what produced it (generated_at comes last) */
    manifest_text(c.set, "format_version", CBEC_EXPORT_FORMAT_VERSION);
    manifest_text(c.set, "cbecflow_version", PACKAGE_VERSION);
    json = g_strdup_printf("%lld", (long long)cbec_db_int(c.db, "PRAGMA user_version", 0));
    cbec_xset_manifest_raw(c.set, "schema_version", json);
    g_free(json);
    manifest_text(c.set, "date", o->date);
    manifest_text(c.set, "period", c.period);
    manifest_text(c.set, "period_from", c.from);
    manifest_text(c.set, "enterprise", o->enterprise);
    json = rule_packs_json(&c);
    cbec_xset_manifest_raw(c.set, "rule_packs", json);
    g_free(json);
    json = runs_json(c.db);
    cbec_xset_manifest_raw(c.set, "runs", json);
    g_free(json);

    if ((rc = fn(&c, why)) != CBEC_ERR_NONE)
        goto done;
    rc = cbec_xset_finish(c.set, written, why);
done:
    if (in_txn)
        cbec_db_exec(c.db, "COMMIT", NULL);
    cbec_db_exec(c.db, "DROP TABLE IF EXISTS temp.x_trade; DROP TABLE IF EXISTS temp.x_span", NULL);
    cbec_xset_free(c.set);
    g_hash_table_destroy(c.params);
    g_free(name);
    g_free(ent);
    return rc;
}
