/* The core's single owners (issue 16): the rule-file loader (core/rules.h), the business
 * date parser and arithmetic (core/base/dates.h) and the store's SQL helpers
 * (core/store_sql.h), with the stricter behaviour the modules now share. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "analysis/reconcile/reconcile.h"
#include "core/base/dates.h"
#include "core/rules.h"
#include "core/store.h"
#include "reports/providers/statistics.h"
#include "testutil.h"

static char *dir;

static void setup(void) { dir = tu_tmpdir(); }

static void teardown(void) { g_free(dir); }   /* tu_tmpdir removes the folder at exit */

static char *write_rules(const char *name, const char *text)
{
    char *path = tu_path(dir, name);
    tu_write(path, text, -1);
    return path;
}

/* ---- rules ---------------------------------------------------------------------------------- */

START_TEST(rules_typed_getters)
{
    char *path = write_rules("a.rules", "# comment\n[pack]\nversion = v-9\n\n[g]\non = Yes\noff = 0\nn = 42\n"
                                        "money = 12.345\nratio = 0.35\nlist = a; b ;;c;\nname = plain\n"
                                        "name[en] = English\nname[zh] = 中文\n");
    cbec_rules *r = NULL;
    char *why = NULL, *t;
    char **l;

    ck_assert_int_eq(cbec_rules_load_file(path, "pack", &r, &why), CBEC_ERR_NONE);
    ck_assert_str_eq(cbec_rules_version(r), "v-9");
    ck_assert_str_eq(cbec_rules_path(r), path);
    ck_assert(cbec_rules_has(r, "g") && !cbec_rules_has(r, "h"));
    ck_assert(cbec_rules_has_key(r, "g", "n") && !cbec_rules_has_key(r, "g", "m"));
    ck_assert_int_eq(cbec_rules_bool(r, "g", "on", 0), 1);
    ck_assert_int_eq(cbec_rules_bool(r, "g", "off", 1), 0);
    ck_assert_int_eq(cbec_rules_bool(r, "g", "absent", 1), 1);
    ck_assert_int_eq(cbec_rules_int(r, "g", "n", 0), 42);
    ck_assert_int_eq(cbec_rules_int(r, "g", "absent", 7), 7);
    ck_assert_int_eq(cbec_rules_scaled(r, "g", "money", 2, 0), 1235);   /* half away from zero */
    ck_assert(cbec_rules_real(r, "g", "ratio", 0) == 0.35);
    l = cbec_rules_list(r, "g", "list", NULL);
    ck_assert_int_eq(g_strv_length(l), 3);
    ck_assert_str_eq(l[0], "a");
    ck_assert_str_eq(l[1], "b");
    ck_assert_str_eq(l[2], "c");
    g_strfreev(l);
    l = cbec_rules_list(r, "g", "absent", "x;y");
    ck_assert_int_eq(g_strv_length(l), 2);
    g_strfreev(l);
    t = cbec_rules_text_lang(r, "g", "name", "zh");
    ck_assert_str_eq(t, "中文");
    g_free(t);
    t = cbec_rules_text_lang(r, "g", "name", "en");
    ck_assert_str_eq(t, "English");
    g_free(t);
    ck_assert_ptr_null(cbec_rules_text_lang(r, "g", "absent", "en"));
    ck_assert_ptr_null(cbec_rules_error(r));
    cbec_rules_free(r);

    /* No file: every getter gives its default; a file without a version is "unversioned". */
    ck_assert_int_eq(cbec_rules_load_file(NULL, "pack", &r, &why), CBEC_ERR_NONE);
    ck_assert_str_eq(cbec_rules_version(r), "builtin");
    ck_assert_int_eq(cbec_rules_int(r, "g", "n", 5), 5);
    cbec_rules_free(r);
    g_free(path);
    path = write_rules("b.rules", "[g]\nn = 1\n");
    ck_assert_int_eq(cbec_rules_load_file(path, "pack", &r, &why), CBEC_ERR_NONE);
    ck_assert_str_eq(cbec_rules_version(r), "unversioned");
    cbec_rules_free(r);
    g_free(path);
}
END_TEST

START_TEST(rules_bad_values_name_file_and_line)
{
    char *path = write_rules("bad.rules", "[g]\nn = 1\nm = 3.5\nflag = flase\nx = ten\n");
    cbec_rules *r = NULL;
    char *why = NULL, *want;

    ck_assert_int_eq(cbec_rules_load_file(path, NULL, &r, &why), CBEC_ERR_NONE);
    /* "3.5" is not an integer: the default comes back and the error is remembered with its line */
    ck_assert_int_eq(cbec_rules_int(r, "g", "m", 9), 9);
    want = g_strdup_printf("%s:3: [g] m: \"3.5\" is not an integer", path);
    ck_assert_str_eq(cbec_rules_error(r), want);
    g_free(want);
    /* only the first error is kept */
    ck_assert_int_eq(cbec_rules_bool(r, "g", "flag", 1), 1);
    ck_assert_int_eq(cbec_rules_scaled(r, "g", "x", 2, 4), 4);
    ck_assert_ptr_nonnull(strstr(cbec_rules_error(r), ":3:"));
    cbec_rules_free(r);

    ck_assert_int_eq(cbec_rules_load_file(path, NULL, &r, &why), CBEC_ERR_NONE);
    cbec_rules_bool(r, "g", "flag", 1);
    want = g_strdup_printf("%s:4: [g] flag: \"flase\" is not true or false", path);
    ck_assert_str_eq(cbec_rules_error(r), want);
    g_free(want);
    cbec_rules_free(r);
    g_free(path);

    /* A line that is no group, key or comment refuses the file, naming the line. */
    path = write_rules("broken.rules", "[g]\nn = 1\njust words\n");
    ck_assert_int_eq(cbec_rules_load_file(path, NULL, &r, &why), CBEC_ERR_CONFIG);
    ck_assert_ptr_null(r);
    want = g_strdup_printf("%s:3:", path);
    ck_assert_msg(g_str_has_prefix(why, want), "%s", why);
    g_free(want);
    g_free(why);
    why = NULL;
    g_free(path);
    path = write_rules("nogroup.rules", "n = 1\n");
    ck_assert_int_eq(cbec_rules_load_file(path, NULL, &r, &why), CBEC_ERR_CONFIG);
    ck_assert_ptr_nonnull(strstr(why, ":1:"));
    g_free(why);
    g_free(path);
}
END_TEST

START_TEST(rules_found_by_config_then_srcdir)
{
    char *etc = tu_path(dir, "etc"), *mine, *found;
    const char *old = g_getenv("CBECFLOW_SRCDIR");
    char *saved = old ? g_strdup(old) : NULL;
    char *cfgpath = tu_path(dir, "c.conf");
    cbec_config *cfg = NULL;
    char *why = NULL, *text;

    g_mkdir_with_parents(etc, 0755);
    mine = tu_path(etc, "x.rules");
    tu_write(mine, "[g]\nn = 1\n", -1);
    g_setenv("CBECFLOW_SRCDIR", dir, TRUE);
    found = cbec_rules_find(NULL, "s", "k", "x.rules");
    ck_assert_str_eq(found, mine);
    g_free(found);
    ck_assert_ptr_null(cbec_rules_find(NULL, "s", "k", "absent.rules"));
    /* An explicit path is returned even when missing: loading it fails instead of falling back. */
    text = g_strdup_printf("[s]\nk = %s/nowhere.rules\n", dir);
    tu_write(cfgpath, text, -1);
    ck_assert_int_eq(cbec_config_load(cfgpath, &cfg, &why), CBEC_ERR_NONE);
    found = cbec_rules_find(cfg, "s", "k", "x.rules");
    ck_assert_ptr_nonnull(strstr(found, "nowhere.rules"));
    g_free(found);
    cbec_config_free(cfg);
    if (saved)
        g_setenv("CBECFLOW_SRCDIR", saved, TRUE);
    else
        g_unsetenv("CBECFLOW_SRCDIR");
    g_free(saved);
    g_free(text);
    g_free(cfgpath);
    g_free(mine);
    g_free(etc);
}
END_TEST

/* Where the three loaders disagreed, the strict reading now holds for all of them. */
START_TEST(modules_refuse_unreadable_values)
{
    char *path = write_rules("rc.rules", "[bank]\nlead_days = 3.5\n");
    cbec_rc_rules *rc = NULL;
    cbec_stats_conf *sc;
    char *why = NULL;

    /* reconcile: a non-integer used to be warned about and replaced by the default */
    ck_assert_int_eq(cbec_rc_rules_load_file(path, &rc, &why), CBEC_ERR_CONFIG);
    ck_assert_msg(strstr(why, "rc.rules:2: [bank] lead_days") != NULL, "%s", why);
    g_free(why);
    why = NULL;
    g_free(path);
    path = write_rules("rc2.rules", "[LIST_MISSING]\nenabled = nein\n");
    ck_assert_int_eq(cbec_rc_rules_load_file(path, &rc, &why), CBEC_ERR_CONFIG);
    ck_assert_msg(strstr(why, "enabled") != NULL, "%s", why);
    g_free(why);
    why = NULL;
    g_free(path);
    /* statistics: an unreadable weight used to drop its component silently */
    path = write_rules("ind.conf", "[index]\ntrade_value = 0.35\ntrade_count = lots\n");
    sc = cbec_stats_conf_load(path, &why);
    ck_assert_ptr_null(sc);
    ck_assert_msg(strstr(why, "ind.conf:3: [index] trade_count") != NULL, "%s", why);
    g_free(why);
    why = NULL;
    g_free(path);
    path = write_rules("ind2.conf", "[index]\nbase_month = 2025-13\n");
    ck_assert_ptr_null(cbec_stats_conf_load(path, &why));
    ck_assert_ptr_nonnull(strstr(why, "base_month"));
    g_free(why);
    g_free(path);
}
END_TEST

START_TEST(analyse_refuses_unreadable_rule)
{
    char *src = tu_src("etc/risk.rules"), *text = NULL, *bad, *opt, *out = NULL, *err = NULL;
    char *db = tu_path(dir, "d.db");
    cbec_store *st = NULL;
    char *why = NULL;
    GString *g;
    int rc;

    ck_assert(g_file_get_contents(src, &text, NULL, NULL));
    g = g_string_new(NULL);
    bad = tu_path(dir, "risk.rules");
    ck_assert_int_eq(cbec_store_open(db, 0, &st, &why), CBEC_ERR_NONE);
    cbec_store_close(st);
    opt = g_strdup_printf("analyse.risk_rules=%s", bad);
    /* one threshold of the shipped pack made unreadable: the analysis must refuse, not guess */
    g_string_assign(g, text);
    {
        char *p = strstr(g->str, "\nlimit = ");
        ck_assert_ptr_nonnull(p);
        g_string_insert(g, p - g->str + 9, "x");
    }
    tu_write(bad, g->str, -1);
    rc = tu_run(&out, &err, "-o", opt, "analyse", "--db", db, "--date", "2026-11-27", NULL);
    ck_assert_int_eq(rc, 2);
    ck_assert_msg(strstr(err, "risk.rules:") && strstr(err, "limit: \"x"), "%s", err);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM credit_score"), 0);
    g_free(out);
    g_free(err);
    g_string_free(g, TRUE);
    g_free(opt);
    g_free(bad);
    g_free(db);
    g_free(text);
    g_free(src);
}
END_TEST

/* ---- dates ---------------------------------------------------------------------------------- */

START_TEST(dates_parse_strictly)
{
    int y, m, d;
    GDate g;
    char out[CBEC_DATE_LEN];

    ck_assert(cbec_date_parse("2026-02-28", &y, &m, &d) && y == 2026 && m == 2 && d == 28);
    ck_assert(cbec_date_parse("2024-02-29", NULL, NULL, NULL));
    ck_assert(!cbec_date_parse("2026-02-29", NULL, NULL, NULL));
    ck_assert(!cbec_date_parse("2026-2-28", NULL, NULL, NULL));
    ck_assert(!cbec_date_parse("2026/02/28", NULL, NULL, NULL));
    ck_assert(!cbec_date_parse("2026-02-28T00:00", NULL, NULL, NULL));
    ck_assert(!cbec_date_parse("+026-02-28", NULL, NULL, NULL));
    ck_assert(!cbec_date_parse("2026- 2-28", NULL, NULL, NULL));
    ck_assert(!cbec_date_parse("0000-01-01", NULL, NULL, NULL));
    ck_assert(!cbec_date_parse(NULL, NULL, NULL, NULL));
    ck_assert(cbec_date_valid("2026-12-31") && !cbec_date_valid("2026-12-32"));
    ck_assert(cbec_month_parse("2025-01", &y, &m) && y == 2025 && m == 1);
    ck_assert(!cbec_month_parse("2025-13", NULL, NULL) && !cbec_month_parse("2025-1", NULL, NULL));
    ck_assert(cbec_date_to_gdate("2026-03-01", &g));
    cbec_date_from_gdate(&g, out);
    ck_assert_str_eq(out, "2026-03-01");
    ck_assert(!cbec_date_to_gdate("26-03-2026", &g) && !g_date_valid(&g));
}
END_TEST

START_TEST(dates_arithmetic)
{
    char out[CBEC_DATE_LEN];
    int n;

    ck_assert(cbec_date_add_days("2026-03-01", -1, out));
    ck_assert_str_eq(out, "2026-02-28");
    ck_assert(cbec_date_add_days("2024-03-01", -1, out));
    ck_assert_str_eq(out, "2024-02-29");
    ck_assert(cbec_date_add_days("2026-12-31", 1, out));
    ck_assert_str_eq(out, "2027-01-01");
    ck_assert(cbec_date_add_days("2026-11-27", -29, out));
    ck_assert_str_eq(out, "2026-10-29");
    ck_assert(cbec_date_add_days("2026-11-27", 0, out));
    ck_assert_str_eq(out, "2026-11-27");
    ck_assert(cbec_date_add_days("2026-01-05", 1095, out));
    ck_assert_str_eq(out, "2029-01-04");
    ck_assert(!cbec_date_add_days("9999-12-31", 1, out));
    ck_assert(!cbec_date_add_days("0001-01-01", -1, out));
    ck_assert(!cbec_date_add_days("2026-02-30", 1, out));
    ck_assert(cbec_date_first_of_month("2026-02-17", out));
    ck_assert_str_eq(out, "2026-02-01");
    ck_assert(cbec_date_days_between("2026-01-01", "2027-01-01", &n) && n == 365);
    ck_assert(cbec_date_days_between("2026-03-01", "2026-02-28", &n) && n == -1);
    ck_assert(!cbec_date_days_between("2026-03-01", "someday", &n));
    cbec_date_format(2026, 7, 4, out);
    ck_assert_str_eq(out, "2026-07-04");
}
END_TEST

/* ---- SQL helpers ------------------------------------------------------------------------------ */

START_TEST(sql_helpers)
{
    sqlite3 *db = NULL;
    char *why = NULL;
    int64_t v[2] = {0, 0};

    ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
    ck_assert_int_eq(cbec_db_exec(db, "CREATE TABLE t(a TEXT, b INTEGER); INSERT INTO t VALUES ('x', 2), ('y', 3);",
                                  &why),
                     CBEC_ERR_NONE);
    ck_assert_int_eq(cbec_db_int(db, "SELECT sum(b) FROM t", -1), 5);
    ck_assert_int_eq(cbec_db_int(db, "SELECT nope FROM t", -1), -1);
    ck_assert_int_eq(cbec_db_ints(db, "SELECT count(*), sum(b) FROM t WHERE a IN (?1, ?2)", "x", "y", v, 2, &why),
                     CBEC_ERR_NONE);
    ck_assert(v[0] == 2 && v[1] == 5);
    ck_assert_int_eq(cbec_db_ints(db, "SELECT b FROM t WHERE a=?1", "z", NULL, v, 1, &why), CBEC_ERR_DB);
    ck_assert_ptr_nonnull(strstr(why, "no row"));
    g_free(why);
    why = NULL;
    /* the reason names the statement that failed, not the start of the script */
    ck_assert_int_eq(cbec_db_exec_traced(db, "step", "INSERT INTO t VALUES ('z', 4); SELECT nope FROM t;", &why),
                     CBEC_ERR_DB);
    ck_assert_msg(g_str_has_prefix(why, "step: ") && strstr(why, "(in: SELECT nope FROM t"), "%s", why);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM t", -1), 3);
    g_free(why);
    why = NULL;
    /* a reason already set is kept */
    why = g_strdup("first");
    ck_assert_int_eq(cbec_db_exec(db, "bogus", &why), CBEC_ERR_DB);
    ck_assert_str_eq(why, "first");
    g_free(why);
    ck_assert_int_eq(cbec_db_exec(db, "bogus", NULL), CBEC_ERR_DB);
    sqlite3_close(db);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("rules_dates");
    TCase *tc = tcase_create("owners");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, rules_typed_getters);
    tcase_add_test(tc, rules_bad_values_name_file_and_line);
    tcase_add_test(tc, rules_found_by_config_then_srcdir);
    tcase_add_test(tc, modules_refuse_unreadable_values);
    tcase_add_test(tc, analyse_refuses_unreadable_rule);
    tcase_add_test(tc, dates_parse_strictly);
    tcase_add_test(tc, dates_arithmetic);
    tcase_add_test(tc, sql_helpers);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
