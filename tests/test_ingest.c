/* Ingest end to end through the cbecflow binary and the testorders plugin:
 * counts conserved, money exact, ids hashed, re-ingest a no-op, bad inputs
 * quarantined with their reason. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>

#include "testutil.h"

static char *dir, *db;

static void setup(void)
{
    const char *b = g_getenv("CBECFLOW_BUILDDIR");
    char *good = g_build_filename(b ? b : ".", "tests/good/.libs", NULL);
    g_setenv("CBECFLOW_PLUGIN_PATH", good, TRUE);
    g_free(good);
    dir = tu_tmpdir();
    db = tu_path(dir, "t.db");
}

static void teardown(void)
{
    g_free(dir);
    g_free(db);
}

static char *fixture(const char *name, const char *content)
{
    char *p = tu_path(dir, name);
    tu_write(p, content, -1);
    return p;
}

#define ORDERS "#testorders\nA1;P1;12.34;CNY;130681136250023332\nA2;P1;100;CNY;110101199003077777\n" \
               "A3;P2;0.5;USD;\nA4;P1;12,x;CNY;\n"

START_TEST(counts_money_ids)
{
    char *f = fixture("orders.txt", ORDERS), *err = NULL, *mask;
    char *data = NULL;
    gsize len;
    int rc = tu_run(NULL, &err, "ingest", "--db", db, f, NULL);

    ck_assert_msg(rc == 3, "exit %d (quarantine expected): %s", rc, err);
    ck_assert_int_eq(tu_sql_int(db, "SELECT records_read FROM source_file"), 4);
    ck_assert_int_eq(tu_sql_int(db, "SELECT records_stored FROM source_file"), 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT records_quarantined FROM source_file"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT actual_paid FROM orders WHERE order_no='A1'"), 1234);
    ck_assert_int_eq(tu_sql_int(db, "SELECT actual_paid FROM orders WHERE order_no='A2'"), 10000);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM order_item"), 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE locator='line 5' AND "
                                    "reason_code='BAD_AMOUNT' AND raw_excerpt LIKE 'A4;%'"), 1);
    /* lineage on every row */
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders WHERE source_id IS NULL OR locator IS NULL"), 0);
    {
        /* the recorded fingerprint is the file's SHA-256 */
        char *want = g_compute_checksum_for_string(G_CHECKSUM_SHA256, ORDERS, -1);
        char *got = tu_sql_text(db, "SELECT sha256 FROM source_file");
        ck_assert_str_eq(got, want);
        g_free(want);
        g_free(got);
    }
    mask = tu_sql_text(db, "SELECT buyer_mask FROM orders WHERE order_no='A1'");
    ck_assert_str_eq(mask, "130681********3332");
    ck_assert_int_eq(tu_sql_int(db, "SELECT length(buyer_key) FROM orders WHERE order_no='A1'"), 64);
    /* the clear id appears nowhere in the dataset file */
    ck_assert(g_file_get_contents(db, &data, &len, NULL));
    ck_assert_ptr_null(memmem(data, len, "130681136250023332", 18));
    g_free(data);
    {
        char *wal = g_strconcat(db, "-wal", NULL);
        if (g_file_get_contents(wal, &data, &len, NULL)) {
            ck_assert_ptr_null(memmem(data, len, "130681136250023332", 18));
            g_free(data);
        }
        g_free(wal);
    }
    g_free(mask);
    g_free(err);
    g_free(f);
}
END_TEST

/* Issue 14 item 6: a plugin that ignores a refused rec_set_money ("12,x") and returns
 * CBEC_OK does not get the order stored without its amount: the core quarantines it with
 * the setter's reason and message at the record's locator, counts conserved.  A plugin
 * that reports the refusal with a finding right away keeps its record (with the finding).
 * Both with the plugin in-process and isolated in a child process. */
START_TEST(ignored_refusal_is_quarantined)
{
    static const char *const modes[] = {"core.isolation=off", "core.isolation=on"};
    char *f = fixture("careless.txt", ORDERS), *err = NULL;
    size_t m;

    for (m = 0; m < G_N_ELEMENTS(modes); m++) {
        char *d = g_strdup_printf("%s.%zu", db, m), *d2 = g_strdup_printf("%s.ack%zu", db, m);
        int rc = tu_run(NULL, &err, "-o", modes[m], "-o", "plugin.testorders.on_refusal=ignore", "ingest", "--db", d,
                        f, NULL);
        ck_assert_msg(rc == 3, "exit %d (quarantine expected): %s", rc, err);
        ck_assert_int_eq(tu_sql_int(d, "SELECT count(*) FROM orders WHERE order_no='A4'"), 0);
        ck_assert_int_eq(tu_sql_int(d, "SELECT count(*) FROM orders WHERE actual_paid IS NULL"), 0);
        ck_assert_int_eq(tu_sql_int(d, "SELECT count(*) FROM quarantine WHERE locator='line 5' AND "
                                       "reason_code='BAD_AMOUNT' AND message LIKE '%actual_paid%12,x%' AND "
                                       "raw_excerpt LIKE 'A4;%'"), 1);
        ck_assert_int_eq(tu_sql_int(d, "SELECT records_read FROM source_file"), 4);
        ck_assert_int_eq(tu_sql_int(d, "SELECT records_stored FROM source_file"), 3);
        ck_assert_int_eq(tu_sql_int(d, "SELECT records_quarantined FROM source_file"), 1);
        g_free(err);
        err = NULL;
        rc = tu_run(NULL, &err, "-o", modes[m], "-o", "plugin.testorders.on_refusal=finding", "ingest", "--db", d2, f,
                    NULL);
        ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
        ck_assert_int_eq(tu_sql_int(d2, "SELECT count(*) FROM orders WHERE order_no='A4' AND actual_paid IS NULL"), 1);
        ck_assert_int_eq(tu_sql_int(d2, "SELECT count(*) FROM finding WHERE code='AMOUNT_UNREADABLE'"), 1);
        g_free(err);
        err = NULL;
        g_free(d2);
        g_free(d);
    }
    g_free(f);
}
END_TEST

START_TEST(reingest_is_noop_and_resend_counts_duplicate)
{
    char *f = fixture("orders.txt", "#testorders\nB1;P1;1;CNY;\nB2;P1;2;CNY;\n");
    char *g2 = fixture("resend.txt", "#testorders\nB1;P1;1;CNY;\nB2;P1;3;CNY;\nB3;P1;4;CNY;\n");
    char *err = NULL;

    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, f, NULL), 0);
    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, f, NULL), 0);
    ck_assert_ptr_nonnull(strstr(err, "skipped"));
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT files_skipped FROM run ORDER BY run_id DESC LIMIT 1"), 1);
    /* B1 identical = duplicate, B2 changed = update (no second trade), B3 new */
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, g2, NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT records_duplicate FROM source_file WHERE path LIKE '%resend.txt'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT records_stored FROM source_file WHERE path LIKE '%resend.txt'"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT actual_paid FROM orders WHERE order_no='B2'"), 300);
    ck_assert_int_eq(tu_sql_int(db, "SELECT revision FROM orders WHERE order_no='B2'"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM order_item oi JOIN orders o USING(order_id) "
                                    "WHERE o.order_no='B2'"), 1);
    g_free(err);
    g_free(f);
    g_free(g2);
}
END_TEST

START_TEST(dry_run_and_json)
{
    char *f = fixture("orders.txt", ORDERS), *out = NULL;
    int rc = tu_run(&out, NULL, "ingest", "--db", db, "--dry-run", "--json", f, NULL);

    ck_assert_int_eq(rc, 3);
    ck_assert_ptr_nonnull(strstr(out, "\"dry_run\": true"));
    ck_assert_ptr_nonnull(strstr(out, "\"read\": 4, \"stored\": 3, \"quarantined\": 1, \"duplicate\": 0"));
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file"), 0);
    g_free(out);
    g_free(f);
}
END_TEST

START_TEST(fatal_keeps_earlier_records_and_quarantines_rest)
{
    char *f = fixture("fatal.txt", "#testorders\nC1;P;1;CNY;\nC2;P;2;CNY;\nFATAL\nC3;P;3;CNY;\n");
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, f, NULL), 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE reason_code='TEST_FATAL'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT records_read - records_stored - records_quarantined - "
                                    "records_duplicate FROM source_file"), 0);
    g_free(f);
}
END_TEST

START_TEST(stuck_plugin_is_stopped)
{
    char *f = fixture("stuck.txt", "#testorders\nS1;P;1;CNY;\nSTUCK\nS2;P;2;CNY;\n");
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, f, NULL), 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders WHERE order_no='S1'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE reason_code='PLUGIN_STUCK'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT records_read - records_stored - records_quarantined - "
                                    "records_duplicate FROM source_file"), 0);
    g_free(f);
}
END_TEST

START_TEST(empty_garbage_unrecognised)
{
    char *e = fixture("empty.txt", ""), *g = tu_path(dir, "garbage.bin"), *err = NULL;
    unsigned char junk[3000];
    size_t i;

    for (i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)(i * 7919u >> 3);
    tu_write(g, (const char *)junk, sizeof junk);
    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, e, g, NULL), 3);
    ck_assert_ptr_nonnull(strstr(err, "empty.txt"));
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE reason_code='EMPTY' AND path LIKE "
                                    "'%empty.txt'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE reason_code='UNRECOGNISED' AND path "
                                    "LIKE '%garbage.bin'"), 1);
    g_free(err);
    g_free(e);
    g_free(g);
}
END_TEST

START_TEST(tie_names_both_and_source_resolves)
{
    char *f = fixture("tie.txt", "#tie\nD1;P;1;CNY;\n"), *err = NULL;
    char *msg;

    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, f, NULL), 3);
    msg = tu_sql_text(db, "SELECT message FROM quarantine WHERE reason_code='PROBE_TIE'");
    ck_assert_ptr_nonnull(msg);
    ck_assert_ptr_nonnull(strstr(msg, "testorders"));
    ck_assert_ptr_nonnull(strstr(msg, "testtie"));
    ck_assert_ptr_nonnull(strstr(msg, "--source"));
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, "--source", "testorders", f, NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders WHERE order_no='D1'"), 1);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, "--source", "nosuch", f, NULL), 2);
    g_free(msg);
    g_free(err);
    g_free(f);
}
END_TEST

START_TEST(folder_walk_stable_and_probe_lines)
{
    char *sub = tu_path(dir, "drop/b"), *out = NULL, *p1, *p2, *link, *drop = tu_path(dir, "drop");
    char *expect;

    g_mkdir_with_parents(sub, 0755);
    p1 = tu_path(dir, "drop/b/2.txt");
    p2 = tu_path(dir, "drop/a.txt");
    tu_write(p1, "#testorders\nE2;P;1;CNY;\n", -1);
    tu_write(p2, "#testorders\nE1;P;1;CNY;\n", -1);
    link = tu_path(dir, "drop/link.txt");
    ck_assert_int_eq(symlink(p2, link), 0);       /* links inside folders are not followed */
    /* ... but reported: probe counts it as a problem, ingest quarantines it (issue 15.10) */
    ck_assert_int_eq(tu_run(&out, NULL, "probe", drop, NULL), 3);
    expect = g_strdup_printf("%s\ttestorders\t100\n%s\ttestorders\t100\n", p2, p1);
    ck_assert_str_eq(out, expect);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, drop, NULL), 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file"), 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE reason_code='SKIPPED_LINK' AND "
                                    "path LIKE '%/drop/link.txt'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 2);
    g_free(out);
    g_free(expect);
    g_free(sub);
    g_free(p1);
    g_free(p2);
    g_free(link);
    g_free(drop);
}
END_TEST

/* Several paths on the command line are read ahead as one run (one reader thread walks them
 * in order, so the ring does not drain at each path's end), stored in the order given, a
 * missing one among them quarantined; with --force each path is still hashed and replaced
 * before it is read, one at a time. */
START_TEST(paths_read_ahead_as_one_run)
{
    char *a = tu_path(dir, "pa.txt"), *b = tu_path(dir, "pb"), *b1 = tu_path(dir, "pb/1.txt");
    char *c = tu_path(dir, "pc.txt"), *missing = tu_path(dir, "nope.txt"), *err = NULL, *order;
    const char *p;
    int runs = 0;

    g_mkdir_with_parents(b, 0755);
    tu_write(a, "#testorders\nM1;P;1;CNY;\n", -1);
    tu_write(b1, "#testorders\nM2;P;1;CNY;\n", -1);
    tu_write(c, "#testorders\nM3;P;1;CNY;\n", -1);
    ck_assert_int_eq(tu_run(NULL, &err, "-v", "-v", "ingest", "--db", db, c, missing, b, a, NULL), 3);
    for (p = err; (p = strstr(p, "debug: read-ahead:")) != NULL; p++)
        runs++;
    ck_assert_msg(runs == 1, "%d read-ahead runs for 4 paths:\n%s", runs, err);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE locator='whole input' AND path LIKE '%nope.txt'"), 1);
    order = tu_sql_text(db, "SELECT group_concat(order_no, ',') FROM (SELECT o.order_no FROM orders o"
                            " JOIN source_file f ON f.source_id=o.source_id ORDER BY f.source_id)");
    ck_assert_str_eq(order, "M3,M2,M1");
    g_free(order);
    g_free(err);
    err = NULL;
    /* --force: one run per path, each path's earlier reading replaced. */
    ck_assert_int_eq(tu_run(NULL, &err, "-v", "-v", "ingest", "--force", "--db", db, c, b, a, NULL), 0);
    runs = 0;
    for (p = err; (p = strstr(p, "debug: read-ahead:")) != NULL; p++)
        runs++;
    ck_assert_msg(runs == 3, "%d read-ahead runs for 3 paths with --force:\n%s", runs, err);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 3);
    g_free(err);
    g_free(a);
    g_free(b);
    g_free(b1);
    g_free(c);
    g_free(missing);
}
END_TEST

START_TEST(missing_and_unreadable_inputs)
{
    char *missing = tu_path(dir, "nope.txt"), *err = NULL;
    char *dangling = tu_path(dir, "dangling.txt");

    ck_assert_int_eq(symlink("/nonexistent/target", dangling), 0);
    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, missing, dangling, NULL), 3);
    ck_assert_ptr_nonnull(strstr(err, "nope.txt"));
    ck_assert_ptr_nonnull(strstr(err, "dangling.txt"));
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE locator='whole input'"), 2);
    g_free(err);
    g_free(missing);
    g_free(dangling);
}
END_TEST

START_TEST(unreadable_file_in_folder)
{
    /* As root every file is readable, so there cbecflow runs without the capabilities that bypass permissions. */
    char *sub = tu_path(dir, "d"), *locked = tu_path(dir, "d/locked.txt"), *ok = tu_path(dir, "d/ok.txt");
    char *err = NULL;
    int rc;

    g_mkdir_with_parents(sub, 0755);
    tu_write(ok, "#testorders\nF1;P;1;CNY;\n", -1);
    tu_write(locked, "#testorders\nF2;P;1;CNY;\n", -1);
    chmod(locked, 0);
    g_setenv("CBECFLOW_TEST_DROP_DAC", "1", TRUE);
    rc = tu_run(NULL, &err, "ingest", "--db", db, sub, NULL);
    g_unsetenv("CBECFLOW_TEST_DROP_DAC");
    ck_assert_msg(rc == 3, "exit %d: %s", rc, err);
    ck_assert_ptr_nonnull(strstr(err, "locked.txt"));
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE reason_code='UNREADABLE' AND path "
                                    "LIKE '%locked.txt'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders WHERE order_no='F1'"), 1);
    g_free(err);
    g_free(sub);
    g_free(locked);
    g_free(ok);
}
END_TEST

START_TEST(status_shows_runs)
{
    char *f = fixture("orders.txt", ORDERS), *out = NULL;
    tu_run(NULL, NULL, "ingest", "--db", db, f, NULL);
    ck_assert_int_eq(tu_run(&out, NULL, "status", "--db", db, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "ingest"));
    ck_assert_ptr_nonnull(strstr(out, "quarantined"));
    g_free(out);
    g_free(f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ingest");
    TCase *tc = tcase_create("ingest");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, counts_money_ids);
    tcase_add_test(tc, ignored_refusal_is_quarantined);
    tcase_add_test(tc, reingest_is_noop_and_resend_counts_duplicate);
    tcase_add_test(tc, dry_run_and_json);
    tcase_add_test(tc, fatal_keeps_earlier_records_and_quarantines_rest);
    tcase_add_test(tc, empty_garbage_unrecognised);
    tcase_add_test(tc, stuck_plugin_is_stopped);
    tcase_add_test(tc, tie_names_both_and_source_resolves);
    tcase_add_test(tc, folder_walk_stable_and_probe_lines);
    tcase_add_test(tc, paths_read_ahead_as_one_run);
    tcase_add_test(tc, missing_and_unreadable_inputs);
    tcase_add_test(tc, unreadable_file_in_folder);
    tcase_add_test(tc, status_shows_runs);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
