/* `cbecflow export --for TARGET` (issue 21): every target's figures against hand sums of
 * tests/fixtures/export/dataset.sql, the manifest against the files, reproducibility, the
 * refusals, and the bank statement of a demo night against an independent count from the
 * demo's ground truth and the source tables. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "core/store.h"
#include "reports/model/model.h"
#include "reports/providers/catalogue.h"
#include "reports/providers/providers.h"
#include "testutil.h"

#define DATE "2026-11-25"

static char *dir, *db;

static void setup(void)
{
    char *sql = NULL, *why = NULL, *fx = tu_src("tests/fixtures/export/dataset.sql"), *err = NULL;
    cbec_store *st;

    dir = tu_tmpdir();
    db = tu_path(dir, "export.db");
    ck_assert_int_eq(cbec_store_open(db, 0, &st, &why), CBEC_ERR_NONE);
    ck_assert(g_file_get_contents(fx, &sql, NULL, NULL));
    ck_assert_msg(sqlite3_exec(cbec_store_db(st), sql, NULL, NULL, &err) == SQLITE_OK, "fixture: %s", err);
    cbec_store_close(st);
    g_free(sql);
    g_free(fx);
}

static void teardown(void)
{
    g_free(db);
    g_free(dir);
}

/* Run an export of the fixture into OUT (a folder of dir); returns the export folder (g_free). */
static char *export_to(const char *out, const char *target, const char *extra1, const char *extra2)
{
    char *o = tu_path(dir, out), *stdout_text = NULL, *err = NULL, *folder;
    int rc = tu_run(&stdout_text, &err, "export", "--db", db, "--for", target, "--date", DATE, "--out", o,
                    extra1, extra2, NULL);
    ck_assert_msg(rc == 0, "export %s: exit %d: %s", target, rc, err);
    folder = g_strdup(g_strstrip(stdout_text));
    g_free(stdout_text);
    g_free(err);
    g_free(o);
    return folder;
}

static char *slurp(const char *folder, const char *file)
{
    char *p = g_build_filename(folder, file, NULL), *text = NULL;
    ck_assert_msg(g_file_get_contents(p, &text, NULL, NULL), "%s missing", p);
    g_free(p);
    return text;
}

/* The CSV holds this exact record (a line of its own, CRLF-terminated). */
static void has_line(const char *folder, const char *file, const char *line)
{
    char *text = slurp(folder, file), *want = g_strdup_printf("\n%s\r\n", line);
    ck_assert_msg(strstr(text, want), "%s lacks the line\n%s\nit holds:\n%s", file, line, text);
    g_free(want);
    g_free(text);
}

static int lines_of(const char *folder, const char *file)
{
    char *text = slurp(folder, file);
    int n = 0;
    for (char *p = text; (p = strstr(p, "\r\n")); p += 2)
        n++;
    g_free(text);
    return n;
}

START_TEST(bank_figures)
{
    char *f = export_to("out", "bank", NULL, NULL);
    ck_assert(g_str_has_suffix(f, "/bank-" DATE "-month"));
    /* S1: O1 + O2 + O6 in the period; O6 has no rate (not valued); O7 after the date, O8 too early */
    has_line(f, "bank_statement.csv", "S1,草原羊绒有限公司,period,month,2026-11-01,2026-11-25,3,2,30000,2,10000,1,10000");
    has_line(f, "bank_statement.csv", "S1,草原羊绒有限公司,month,2026-10,2026-10-01,2026-10-31,1,1,30000,1,30000,1,30000");
    has_line(f, "bank_statement.csv", "S1,草原羊绒有限公司,month,2026-05,2026-05-01,2026-05-31,1,1,40000,0,0,0,0");
    has_line(f, "bank_statement.csv", "S1,草原羊绒有限公司,month,2025-12,2025-12-01,2025-12-31,0,0,0,0,0,0,0");
    /* S2 is named only on O5's customs list; its name is quoted as RFC 4180 says */
    has_line(f, "bank_statement.csv", "S2,\"Steppe, \"\"Trade\"\" Ltd\",period,month,2026-11-01,2026-11-25,1,1,5000,0,0,0,0");
    has_line(f, "bank_statement.csv", "S3,失信贸易公司,month,2026-08,2026-08-01,2026-08-31,1,1,6000,0,0,0,0");
    /* 3 enterprises x (period + 12 months) + the header; the bank credit B:3 names none */
    ck_assert_int_eq(lines_of(f, "bank_statement.csv"), 1 + 3 * 13);
    has_line(f, "bank_exceptions.csv", "S1,period,month,2026-11-01,2026-11-25,PAYMENT_MISSING,1,20000");
    has_line(f, "bank_exceptions.csv", "S1,period,month,2026-11-01,2026-11-25,SHIPMENT_MISSING,1,20000");
    has_line(f, "bank_exceptions.csv", "S2,period,month,2026-11-01,2026-11-25,PAYER_NOT_BUYER,1,5000");
    /* the grade of the date (not of 11-26), the negative list in force (not S1's expired one) */
    has_line(f, "bank_credit.csv", "S1,草原羊绒有限公司,seller,AA,85.5,2026-11-20,0,");
    has_line(f, "bank_credit.csv", "S3,失信贸易公司,seller,D,0.0,2026-11-25,1,negative.fraud 2026-09-01");
    /* orders O1-O4 and O6 from a1a1, lists C1-C4 from b2b2, credits 1 and 2 from c3c3 */
    has_line(f, "bank_sources.csv", "S1,a1a1,/drop/orders.zip,ceb311.xml,ceb,5");
    has_line(f, "bank_sources.csv", "S1,b2b2,/drop/lists.zip,ceb621.xml,ceb,4");
    has_line(f, "bank_sources.csv", "S1,c3c3,/drop/bank.xml,,camt053,2");
    /* the same figures in JSON, integers as numbers */
    {
        char *json = slurp(f, "bank_statement.json");
        ck_assert_ptr_nonnull(strstr(json, "{\"enterprise_code\": \"S1\", \"enterprise_name\": \"草原羊绒有限公司\", "
                                           "\"span\": \"period\", \"label\": \"month\", \"date_from\": \"2026-11-01\", "
                                           "\"date_to\": \"2026-11-25\", \"trades\": 3, \"valued_trades\": 2, "
                                           "\"value_cny\": 30000, \"matched_trades\": 2"));
        g_free(json);
    }
    g_free(f);
}
END_TEST

/* Each enterprise's trades and matched trades equal a count written independently of the
 * export's query: the orders (else customs lists) of that seller, and the flows' statuses. */
START_TEST(bank_against_dataset)
{
    char *f = export_to("out", "bank", "--format", "csv");
    char *text = slurp(f, "bank_statement.csv");
    char **lines = g_strsplit(text, "\r\n", -1);
    int checked = 0;
    for (char **l = lines + 1; *l && **l; l++) {
        char **c = g_strsplit(*l, ",", -1);
        guint n = g_strv_length(c);
        if (strcmp(c[0], "S2") != 0 && strcmp(c[2], "period") == 0) {   /* S2's name holds commas */
            char *q = g_strdup_printf(
                "SELECT count(*) FROM flow f LEFT JOIN orders o ON o.order_id = f.order_id"
                " LEFT JOIN customs_list l ON l.list_id = f.list_id"
                " WHERE coalesce(o.seller_code, l.seller_code) = '%s' AND f.business_date BETWEEN '%s' AND '%s'",
                c[0], c[4], c[5]);
            char *m = g_strdup_printf("%s AND f.status = 'MATCHED'", q);
            ck_assert_int_eq(atoll(c[n - 7]), tu_sql_int(db, q));
            ck_assert_int_eq(atoll(c[n - 4]), tu_sql_int(db, m));
            checked++;
            g_free(q);
            g_free(m);
        }
        g_strfreev(c);
    }
    ck_assert_int_eq(checked, 2);
    g_strfreev(lines);
    g_free(text);
    g_free(f);
}
END_TEST

START_TEST(bank_one_enterprise_and_certificate)
{
    char *f = export_to("out", "bank", "--enterprise", "S1"), *out = NULL, *pdf, *cmd;
    ck_assert(g_str_has_suffix(f, "/bank-" DATE "-month-S1"));
    ck_assert_int_eq(lines_of(f, "bank_statement.csv"), 1 + 13);
    ck_assert_int_eq(lines_of(f, "bank_credit.csv"), 2);
    pdf = g_build_filename(f, "bank_certificate_S1.pdf", NULL);
    ck_assert(g_file_test(pdf, G_FILE_TEST_IS_REGULAR));
    /* one page, Chinese, the figures of bank_statement in yuan */
    cmd = g_strdup_printf("pdftotext -layout '%s' -", pdf);
    ck_assert(g_spawn_command_line_sync(cmd, &out, NULL, NULL, NULL));
    ck_assert_ptr_nonnull(strstr(out, "真实交易背景证明"));
    ck_assert_ptr_nonnull(strstr(out, "草原羊绒有限公司"));
    ck_assert_ptr_nonnull(strstr(out, "300.00"));   /* the period's value, 30000 fen */
    ck_assert_ptr_nonnull(strstr(out, "AA"));
    ck_assert_ptr_nonnull(strstr(out, "PAYMENT_MISSING 1"));
    {
        int pages = 0;   /* pdftotext ends every page with a form feed */
        for (const char *p = out; (p = strchr(p, '\f')); p++)
            pages++;
        ck_assert_int_eq(pages, 1);
    }
    g_free(out);
    g_free(cmd);
    g_free(pdf);
    g_free(f);
}
END_TEST

START_TEST(tax_forex_figures)
{
    char *t = export_to("out", "tax", NULL, NULL), *x = export_to("out", "forex", NULL, NULL);
    has_line(t, "tax_export_by_mode.csv", "S1,2026-11,2026-11-01,2026-11-25,9610,1,1,20000");
    ck_assert_int_eq(lines_of(t, "tax_export_by_mode.csv"), 2);
    /* O1 1234 CNY; O6's tax in JPY has no rate: counted apart, not guessed */
    has_line(t, "tax_import_withheld.csv", "S1,2026-11,2026-11-01,2026-11-25,2,2,1234,1,10000");
    has_line(t, "tax_import_withheld.csv", "S2,2026-11,2026-11-01,2026-11-25,1,1,0,0,5000");
    has_line(x, "forex_collection.csv", "S1,2026-11,2026-11-01,2026-11-25,1,20000,0,0,1,20000");
    /* O2 (15 days) and O4 (208 days) for S1; O9 (97 days) for S3 */
    has_line(x, "forex_outstanding.csv", "S1,2026-11-25,2,60000,1,40000,1,40000,2026-05-01");
    has_line(x, "forex_outstanding.csv", "S3,2026-11-25,1,6000,1,6000,0,0,2026-08-20");
    has_line(x, "forex_rmb_share.csv", "S1,2026-11,RU,1,20000,0,0,0.0000");
    g_free(t);
    g_free(x);
    /* a quarter: S1's October trade O3 (CNY, MN) joins */
    x = export_to("q", "forex", "--period", "quarter");
    ck_assert(g_str_has_suffix(x, "/forex-" DATE "-quarter"));
    has_line(x, "forex_rmb_share.csv", "S1,2026-10,MN,1,30000,1,30000,1.0000");
    has_line(x, "forex_collection.csv", "S1,2026-10,2026-10-01,2026-10-31,1,30000,1,30000,0,0");
    g_free(x);
}
END_TEST

START_TEST(customs_market_figures)
{
    char *c = export_to("out", "customs", NULL, NULL), *m = export_to("out", "market", NULL, NULL);
    /* the alert of 2025 is outside the period, alert 3 is closed; the person is its keyed hash and mask only */
    ck_assert_int_eq(lines_of(c, "customs_alerts.csv"), 2);
    has_line(c, "customs_alerts.csv",
             "1,R-PAYER-NOT-BUYER,medium,buyer,k2,2026-11-20,\"{\"\"buyer_mask\"\":\"\"150102********0001\"\"}\",risk-t,1,open,,");
    has_line(c, "customs_alert_orders.csv",
             "1,R-PAYER-NOT-BUYER,O5,P1,S2,AMOUNT_MISMATCH,AMOUNT_MISMATCH PAYER_NOT_BUYER,5000,a1a1,/drop/orders.zip,"
             "ceb311.xml,CEB311Message/Order[2],b2b2,CEB621Message/Inventory[2]");
    has_line(c, "customs_precheck.csv",
             "O:P1:O5,O5,P1,S2,1210,2026-11-20,PAYER,AMOUNT_MISMATCH,5000,CEB311Message/Order[2],a1a1,"
             "CEB621Message/Inventory[2],b2b2");
    has_line(m, "market_enterprises.csv", "S3,失信贸易公司,seller,包头市,register,D,0.0,2026-11-25,1");
    has_line(m, "market_enterprises.csv", "S2,\"Steppe, \"\"Trade\"\" Ltd\",seller,,trade,,,,0");
    /* the event of 12-01 is after the date */
    ck_assert_int_eq(lines_of(m, "market_credit_events.csv"), 2);
    has_line(m, "market_credit_events.csv", "S3,2026-09-01,fraud,呼关缉字〔2026〕9号,d4d4,line 5");
    has_line(m, "market_negative_list.csv", "S1,草原羊绒有限公司,negative.penalty,2024-01-01,2025-01-01,0,credit-t");
    has_line(m, "market_negative_list.csv", "S3,失信贸易公司,negative.fraud,2026-09-01,,1,credit-t");
    g_free(c);
    g_free(m);
}
END_TEST

/* The statistics are the report's own model: the same figures and the catalogue's definitions. */
START_TEST(stats_is_the_report_model)
{
    char *f = export_to("out", "stats", NULL, NULL), *why = NULL, *line;
    cbec_store *st;
    cbec_report_ctx ctx = {0};
    cbec_rmodel *m = cbec_rmodel_new("statistics", "zh", DATE);
    const cbec_rscalar *s;
    const cbec_indicator *def = cbec_stats_indicator("trade_value");

    ck_assert_int_eq(cbec_store_open(db, 1, &st, &why), CBEC_ERR_NONE);
    ctx.db = cbec_store_db(st);
    ctx.date = DATE;
    ctx.lang = "zh";
    ctx.model = m;
    ck_assert_int_eq(cbec_report_provide_statistics(&ctx, &why), CBEC_ERR_NONE);
    s = cbec_rmodel_get_scalar(m, "trade_count");
    ck_assert_ptr_nonnull(s);
    line = g_strdup_printf("trade_count,int,%lld,", (long long)s->v[CBEC_P_CUR].i);
    {
        char *text = slurp(f, "stats_indicators.csv");
        ck_assert_msg(strstr(text, line), "%s not in\n%s", line, text);
        g_free(text);
    }
    g_free(line);
    s = cbec_rmodel_get_scalar(m, "trade_value");
    line = g_strdup_printf("trade_value,money,%lld,", (long long)s->v[CBEC_P_CUR].i);
    {
        char *text = slurp(f, "stats_indicators.csv"), *defs = slurp(f, "stats_definitions.csv");
        ck_assert_msg(strstr(text, line), "%s not in\n%s", line, text);
        ck_assert_ptr_nonnull(strstr(defs, def->def_zh));
        g_free(text);
        g_free(defs);
    }
    /* the 4 trades of the period with a CNY value: O1 10000 + O2 (USD 28.00 x 7.1234 = 19946) + O5 5000 ... */
    ck_assert_int_eq(lines_of(f, "stats_by_direction.csv"), 3);
    g_free(line);
    cbec_rmodel_free(m);
    cbec_store_close(st);
    g_free(why);
    g_free(f);
}
END_TEST

/* manifest.json names every file with its rows and SHA-256, and what produced them. */
START_TEST(manifest_lists_files)
{
    char *f = export_to("out", "market", "--format", "csv,json,xlsx"), *man = slurp(f, "manifest.json");
    const char *files[] = {"market_enterprises.csv", "market_enterprises.json", "market_credit_events.csv",
                           "market_negative_list.json", "market.xlsx"};
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        char *data = NULL, *hex, *want;
        gsize len;
        char *p = g_build_filename(f, files[i], NULL);
        ck_assert(g_file_get_contents(p, &data, &len, NULL));
        hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
        want = g_strdup_printf("\"bytes\": %zu, \"sha256\": \"%s\"}", (size_t)len, hex);
        ck_assert_msg(strstr(man, want), "%s: %s not in the manifest", files[i], want);
        g_free(want);
        g_free(hex);
        g_free(data);
        g_free(p);
    }
    ck_assert_ptr_nonnull(strstr(man, "{\"name\": \"market_enterprises.csv\", \"format\": \"csv\", \"rows\": 3,"));
    ck_assert_ptr_nonnull(strstr(man, "\"target\": \"market\""));
    ck_assert_ptr_nonnull(strstr(man, "\"format_version\": \"1.0\""));
    ck_assert_ptr_nonnull(strstr(man, "\"schema_version\": "));
    ck_assert_ptr_nonnull(strstr(man, "{\"pack\": \"credit\", \"dataset_versions\": [\"credit-t\"]"));
    ck_assert_ptr_nonnull(strstr(man, "\"nights\": [\"2026-11-25\"]"));
    ck_assert_ptr_nonnull(strstr(man, "\"generated_at\": "));
    g_free(man);
    g_free(f);
}
END_TEST

/* The manifest without its generated_at line. */
static char *manifest_body(const char *folder)
{
    char *m = slurp(folder, "manifest.json"), *g = strstr(m, "  \"generated_at\"");
    ck_assert_ptr_nonnull(g);
    *g = 0;
    return m;
}

START_TEST(reproducible)
{
    const char *targets[] = {"bank", "customs", "tax", "forex", "market", "stats"};
    for (size_t i = 0; i < G_N_ELEMENTS(targets); i++) {
        const char *fmt = strcmp(targets[i], "bank") ? "csv,json,xlsx" : "csv,json,xlsx,pdf";
        char *a = export_to("a", targets[i], "--format", fmt), *b = export_to("b", targets[i], "--format", fmt);
        char *ma = manifest_body(a), *mb = manifest_body(b);
        GDir *d = g_dir_open(a, 0, NULL);
        const char *n;
        int files = 0;
        while ((n = g_dir_read_name(d))) {
            char *x = NULL, *y = NULL, *pa = g_build_filename(a, n, NULL), *pb = g_build_filename(b, n, NULL);
            gsize lx, ly;
            if (strcmp(n, "manifest.json") != 0) {
                ck_assert(g_file_get_contents(pa, &x, &lx, NULL) && g_file_get_contents(pb, &y, &ly, NULL));
                ck_assert_msg(lx == ly && memcmp(x, y, lx) == 0, "%s differs between two exports", n);
                files++;
            }
            g_free(x);
            g_free(y);
            g_free(pa);
            g_free(pb);
        }
        g_dir_close(d);
        ck_assert_int_ge(files, 3);
        ck_assert_msg(strcmp(ma, mb) == 0, "%s: the manifests differ beyond generated_at", targets[i]);
        g_free(ma);
        g_free(mb);
        g_free(a);
        g_free(b);
    }
}
END_TEST

/* Refusals exit 2 and leave nothing in --out; a second export replaces the first. */
START_TEST(refusals_leave_nothing)
{
    char *out = tu_path(dir, "r"), *err = NULL, *f;
    GDir *d;
    ck_assert_int_eq(tu_run(NULL, NULL, "export", "--db", db, "--for", "bank", "--date", DATE, "--out", out,
                            "--enterprise", "NOPE", NULL),
                     2);
    ck_assert_int_eq(tu_run(NULL, &err, "export", "--db", db, "--for", "tax", "--date", DATE, "--out", out,
                            "--format", "pdf", NULL),
                     2);
    ck_assert_ptr_nonnull(strstr(err, "pdf"));
    g_free(err);
    ck_assert_int_eq(tu_run(NULL, NULL, "export", "--db", db, "--for", "bank", "--date", DATE, "--out", out,
                            "--period", "week", NULL),
                     2);
    ck_assert_int_eq(tu_run(NULL, NULL, "export", "--db", db, "--for", "stats", "--date", DATE, "--out", out,
                            "--enterprise", "S1", NULL),
                     2);
    ck_assert_int_eq(tu_run(NULL, NULL, "export", "--db", db, "--for", "treasury", "--out", out, NULL), 2);
    ck_assert_int_eq(tu_run(NULL, NULL, "export", "--db", db, "--for", "bank", "--date", "2026-02-30", "--out",
                            out, NULL),
                     2);
    d = g_dir_open(out, 0, NULL);
    if (d) {
        ck_assert_ptr_null(g_dir_read_name(d));   /* no temporary folder left behind */
        g_dir_close(d);
    }
    f = export_to("r", "market", NULL, NULL);
    g_free(f);
    f = export_to("r", "market", NULL, NULL);
    d = g_dir_open(out, 0, NULL);
    ck_assert_str_eq(g_dir_read_name(d), "market-" DATE "-month");
    ck_assert_ptr_null(g_dir_read_name(d));   /* replaced: no second folder, no .old left */
    g_dir_close(d);
    g_free(f);
    g_free(out);
}
END_TEST

/* A demo night: each enterprise's trades and matched trades in the bank statement equal the
 * demo's ground truth (truth.tsv: the expected status of every trade) joined to the seller of
 * the order, else of the customs list -- a count that never reads flow. */
START_TEST(demo_night_against_truth)
{
    char *night = tu_path(dir, "night"), *conf = tu_path(night, "cbecflow.conf"),
         *ndb = tu_path(night, "cbecflow.db"), *truth = tu_path(night, "truth.tsv"), *text = NULL, *out,
         *o = NULL, *err = NULL, *folder, *csv, **lines;
    sqlite3 *h;
    sqlite3_stmt *ins, *q;
    int rc, checked = 0;

    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "demo", "--out", night, "--trades", "300", "--seed", "21", "--date",
                            DATE, NULL),
                     0);
    rc = tu_run(NULL, NULL, "-q", "run", "--config", conf, "--date", DATE, NULL);
    ck_assert_msg(rc == 0 || rc == 3, "run exit %d", rc);
    out = tu_path(dir, "demo-out");
    ck_assert_int_eq(tu_run(&o, &err, "export", "--db", ndb, "--for", "bank", "--date", DATE, "--out", out,
                            "--format", "csv", NULL),
                     0);
    folder = g_strdup(g_strstrip(o));

    /* the truth into a scratch database attached beside the dataset */
    ck_assert_int_eq(sqlite3_open(":memory:", &h), SQLITE_OK);
    {
        char *att = sqlite3_mprintf("ATTACH %Q AS d", ndb);
        ck_assert_int_eq(sqlite3_exec(h, att, NULL, NULL, NULL), SQLITE_OK);
        sqlite3_free(att);
    }
    ck_assert_int_eq(sqlite3_exec(h, "CREATE TABLE truth(order_no, platform_code, status)", NULL, NULL, NULL),
                     SQLITE_OK);
    ck_assert(g_file_get_contents(truth, &text, NULL, NULL));
    lines = g_strsplit(text, "\n", -1);
    ck_assert_int_eq(sqlite3_prepare_v2(h, "INSERT INTO truth VALUES (?1, ?2, ?3)", -1, &ins, NULL), SQLITE_OK);
    for (char **l = lines + 1; *l && **l; l++) {
        char **c = g_strsplit(*l, "\t", -1);
        sqlite3_bind_text(ins, 1, c[0], -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 2, c[1], -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 3, c[3], -1, SQLITE_TRANSIENT);
        sqlite3_step(ins);
        sqlite3_reset(ins);
        g_strfreev(c);
    }
    sqlite3_finalize(ins);
    g_strfreev(lines);
    g_free(text);

    csv = slurp(folder, "bank_statement.csv");
    lines = g_strsplit(csv, "\r\n", -1);
    ck_assert_int_eq(sqlite3_prepare_v2(
                         h,
                         "SELECT count(*), count(CASE WHEN t.status = 'MATCHED' THEN 1 END) FROM truth t"
                         " WHERE coalesce((SELECT nullif(seller_code, '') FROM d.orders o WHERE o.order_no = t.order_no"
                         "   AND o.platform_code = t.platform_code),"
                         "  (SELECT nullif(seller_code, '') FROM d.customs_list l WHERE l.order_no = t.order_no"
                         "   ORDER BY l.list_id DESC LIMIT 1)) = ?1",
                         -1, &q, NULL),
                     SQLITE_OK);
    for (char **l = lines + 1; *l && **l; l++) {
        char **c = g_strsplit(*l, ",", -1);
        guint n = g_strv_length(c);
        /* the night is one day: the period holds every trade */
        if (strcmp(c[n - 11], "period") == 0) {
            sqlite3_bind_text(q, 1, c[0], -1, SQLITE_TRANSIENT);
            ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
            ck_assert_msg(atoll(c[n - 7]) == sqlite3_column_int64(q, 0), "%s: trades %s, truth %lld", c[0],
                          c[n - 7], (long long)sqlite3_column_int64(q, 0));
            ck_assert_msg(atoll(c[n - 4]) == sqlite3_column_int64(q, 1), "%s: matched %s, truth %lld", c[0],
                          c[n - 4], (long long)sqlite3_column_int64(q, 1));
            sqlite3_reset(q);
            checked++;
        }
        g_strfreev(c);
    }
    ck_assert_int_ge(checked, 5);
    sqlite3_finalize(q);
    sqlite3_close(h);
    g_strfreev(lines);
    g_free(csv);
    g_free(folder);
    g_free(o);
    g_free(err);
    g_free(out);
    g_free(truth);
    g_free(ndb);
    g_free(conf);
    g_free(night);
}
END_TEST

/* docs/exports.md (installed) names every file each target writes and every column of it. */
START_TEST(docs_name_every_file_and_column)
{
    const char *targets[] = {"bank", "customs", "tax", "forex", "market", "stats"};
    char *docp = tu_src("docs/exports.md"), *doc = NULL;
    ck_assert(g_file_get_contents(docp, &doc, NULL, NULL));
    for (size_t i = 0; i < G_N_ELEMENTS(targets); i++) {
        char *f = export_to("docs", targets[i], NULL, NULL);
        GDir *d = g_dir_open(f, 0, NULL);
        const char *n;
        while ((n = g_dir_read_name(d))) {
            char *stem = g_strdup(n), *bold, *code;
            if (!g_str_has_suffix(n, ".csv")) {
                g_free(stem);
                continue;
            }
            stem[strlen(stem) - 4] = 0;
            /* a file is a bold heading; a statistics table is named in the list of them */
            bold = g_strdup_printf("**%s**", stem);
            code = g_strdup_printf("`%s`", stem);
            ck_assert_msg(strstr(doc, bold) || (g_str_has_prefix(stem, "stats_") && strstr(doc, code)),
                          "docs/exports.md does not describe %s", n);
            g_free(bold);
            g_free(code);
            {
                char *text = slurp(f, n), *eol = strstr(text, "\r\n"), **cols;
                *eol = 0;
                cols = g_strsplit(text, ",", -1);
                for (char **c = cols; *c; c++) {
                    char *col = g_strdup_printf("`%s`", *c);
                    ck_assert_msg(strstr(doc, col), "docs/exports.md does not name the column %s of %s", *c, n);
                    g_free(col);
                }
                g_strfreev(cols);
                g_free(text);
            }
            g_free(stem);
        }
        g_dir_close(d);
        g_free(f);
    }
    ck_assert_ptr_nonnull(strstr(doc, "**bank_certificate_CODE.pdf**"));
    g_free(doc);
    g_free(docp);
}
END_TEST

/* --enterprise narrows every target to that enterprise's rows. */
START_TEST(one_enterprise_everywhere)
{
    char *t = export_to("e", "tax", "--enterprise", "S2"), *c = export_to("e", "customs", "--enterprise", "S2"),
         *m = export_to("e", "market", "--enterprise", "S3");
    ck_assert(g_str_has_suffix(t, "/tax-" DATE "-month-S2"));
    ck_assert_int_eq(lines_of(t, "tax_import_withheld.csv"), 2);
    has_line(t, "tax_import_withheld.csv", "S2,2026-11,2026-11-01,2026-11-25,1,1,0,0,5000");
    ck_assert_int_eq(lines_of(t, "tax_export_by_mode.csv"), 1);
    /* the alert on O5, whose seller is only on its customs list */
    ck_assert_int_eq(lines_of(c, "customs_alerts.csv"), 2);
    ck_assert_int_eq(lines_of(c, "customs_precheck.csv"), 2);
    ck_assert_int_eq(lines_of(m, "market_enterprises.csv"), 2);
    ck_assert_int_eq(lines_of(m, "market_negative_list.csv"), 2);
    g_free(t);
    g_free(c);
    g_free(m);
    t = export_to("e2", "customs", "--enterprise", "S1");
    ck_assert_int_eq(lines_of(t, "customs_alerts.csv"), 1);
    g_free(t);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("export");
    TCase *t = tcase_create("fixture");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 120);
    tcase_add_test(t, bank_figures);
    tcase_add_test(t, bank_against_dataset);
    tcase_add_test(t, bank_one_enterprise_and_certificate);
    tcase_add_test(t, tax_forex_figures);
    tcase_add_test(t, customs_market_figures);
    tcase_add_test(t, stats_is_the_report_model);
    tcase_add_test(t, manifest_lists_files);
    tcase_add_test(t, reproducible);
    tcase_add_test(t, refusals_leave_nothing);
    tcase_add_test(t, docs_name_every_file_and_column);
    tcase_add_test(t, one_enterprise_everywhere);
    tcase_add_test(t, demo_night_against_truth);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(suite());
    int failed;
    srunner_run_all(r, CK_NORMAL);
    failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
