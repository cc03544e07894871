/* Re-ingest on purpose (issue 17 item 4), through the cbecflow binary and the
 * testorders plugin: an unrecognised file is probed again (a plugin installed later
 * reads it), `ingest --force` replaces a file's rows, `forget` removes them, counts
 * stay honest; a version-6 dataset gets the v7 columns. */
#include <check.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib.h>

#include "core/migrate.h"
#include "testutil.h"

static char *dir, *db, *good, *none;

static void setup(void)
{
    const char *b = g_getenv("CBECFLOW_BUILDDIR");
    good = g_build_filename(b ? b : ".", "tests/good/.libs", NULL);
    g_setenv("CBECFLOW_PLUGIN_PATH", good, TRUE);
    dir = tu_tmpdir();
    db = tu_path(dir, "t.db");
    none = tu_path(dir, "no-plugins");
    g_mkdir_with_parents(none, 0755);
}

static void teardown(void)
{
    g_setenv("CBECFLOW_PLUGIN_PATH", good, TRUE);
    g_free(dir);
    g_free(db);
    g_free(good);
    g_free(none);
}

static char *fixture(const char *name, const char *content)
{
    char *p = tu_path(dir, name);
    tu_write(p, content, -1);
    return p;
}

/* Line 4 is refused (BAD_AMOUNT): the file is read, with a quarantined record. */
#define ORDERS "#testorders\nR1;P1;12.34;CNY;\nR2;P1;100;CNY;\nR3;P1;12,x;CNY;\n"

/* The last run's counts add up: read = stored + quarantined + duplicate. */
static void assert_run_conserved(void)
{
    ck_assert_int_eq(tu_sql_int(db, "SELECT records_read - records_stored - records_quarantined - records_duplicate "
                                    "FROM run ORDER BY run_id DESC LIMIT 1"), 0);
}

/* Item 1: no plugin bids for the file: refused as unrecognised, and probed again next
 * time (still one live row and one quarantine row, not one more per run); once a plugin
 * that reads it is installed, it is read and its refusal goes.  A file that was read
 * (even with a quarantined record) stays sealed. */
START_TEST(unrecognised_is_probed_again)
{
    char *f = fixture("orders.txt", ORDERS), *g = fixture("notes.xyz", "nothing any plugin reads\n");
    char *err = NULL;

    g_setenv("CBECFLOW_PLUGIN_PATH", none, TRUE);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, f, g, NULL), 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file WHERE status='unrecognised'"), 2);
    /* again, still no plugin: reported and quarantined again, no second row of either */
    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, f, g, NULL), 3);
    ck_assert_ptr_null(strstr(err, "(same SHA-256); skipped"));
    tu_assert_sql_text(db, "SELECT files_seen || '/' || files_skipped || '/' || records_read || '/' || "
                           "records_quarantined FROM run ORDER BY run_id DESC LIMIT 1", "2/0/2/2");
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE reason_code='UNRECOGNISED'"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file WHERE status='unrecognised'"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file WHERE status='replaced' AND superseded_by "
                                    "IS NOT NULL"), 2);
    assert_run_conserved();
    g_free(err);
    err = NULL;

    /* the plugin is installed: the orders are read, the notes still refused */
    g_setenv("CBECFLOW_PLUGIN_PATH", good, TRUE);
    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, f, g, NULL), 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE reason_code='UNRECOGNISED'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE reason_code='BAD_AMOUNT'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file WHERE status='partial' AND plugin='testorders' "
                                    "AND revision=3"), 1);
    assert_run_conserved();
    g_free(err);
    err = NULL;

    /* read (with a quarantined record): sealed from now on; the notes are probed again */
    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, f, g, NULL), 3);
    ck_assert_ptr_nonnull(strstr(err, "already ingested"));
    tu_assert_sql_text(db, "SELECT files_skipped || '/' || records_read FROM run ORDER BY run_id DESC LIMIT 1", "1/1");
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine"), 2);
    g_free(err);
    g_free(f);
    g_free(g);
}
END_TEST

/* Two identical unrecognised files in one run: the second is skipped as before (the same
 * plugins would refuse it the same way), only the next run probes again. */
START_TEST(unrecognised_copy_in_one_run_skipped)
{
    char *a = fixture("a.xyz", "same bytes\n"), *b = fixture("b.xyz", "same bytes\n");

    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, a, b, NULL), 3);
    tu_assert_sql_text(db, "SELECT files_seen || '/' || files_skipped FROM run", "2/1");
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine"), 1);
    g_free(a);
    g_free(b);
}
END_TEST

/* Item 2 and 4: --force reads a known file again; its earlier rows (orders, lines,
 * quarantine) are replaced by the new reading, not doubled nor counted as duplicates;
 * the earlier reading stays, marked replaced; the log says what was replaced. */
START_TEST(force_replaces_earlier_rows)
{
    char *f = fixture("orders.txt", ORDERS), *err = NULL;

    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, f, NULL), 3);
    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, "--force", f, NULL), 3);
    ck_assert_ptr_nonnull(strstr(err, "re-read"));
    ck_assert_ptr_nonnull(strstr(err, "5 earlier row(s) replaced (order_item 2, orders 2, quarantine 1)"));
    ck_assert_ptr_nonnull(strstr(err, "next reconcile"));
    tu_assert_sql_text(db, "SELECT command || ' ' || records_read || '=' || records_stored || '+' || "
                           "records_quarantined || '+' || records_duplicate FROM run ORDER BY run_id DESC LIMIT 1",
                       "ingest --force 3=2+1+0");
    assert_run_conserved();
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM order_item"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine"), 1);
    /* lineage: the rows are the new reading's; the earlier one says what became of it */
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders WHERE source_id=2 AND run_id=2"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE source_id=2"), 1);
    tu_assert_sql_text(db, "SELECT status || ' ' || superseded_by || ' ' || removed_run || ' ' || removed_rows || ' ' "
                           "|| records_stored FROM source_file WHERE source_id=1",
                       "replaced 2 2 order_item 2, orders 2, quarantine 1 2");
    tu_assert_sql_text(db, "SELECT status || ' ' || revision FROM source_file WHERE source_id=2", "partial 2");
    /* and it is sealed again */
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, f, NULL), 0);
    tu_assert_sql_text(db, "SELECT files_skipped FROM run ORDER BY run_id DESC LIMIT 1", "1");
    g_free(err);
    g_free(f);
}
END_TEST

/* --force on a folder with a plain file and an archive: each member's earlier rows are
 * replaced before its records are stored (the walk is hashed beforehand, in step with the
 * ingest's walk across plain files and members); a member new to the dataset is simply read. */
START_TEST(force_archive_members)
{
    char *again = tu_path(dir, "again"), *zip = tu_path(dir, "night.zip"), *zip2 = tu_path(dir, "again/night2.zip");
    char *plain = tu_path(dir, "again/0.txt"), *err = NULL;

    g_mkdir_with_parents(again, 0755);
    tu_archive(zip, "zip", "a.txt", "#testorders\nZ1;P1;1;CNY;\n", "b.txt", "#testorders\nZ2;P1;2;CNY;\nZ3;P1;3;CNY;\n",
               NULL);
    tu_archive(zip2, "zip", "a.txt", "#testorders\nZ1;P1;1;CNY;\n", "c.txt", "#testorders\nZ4;P1;4;CNY;\n", NULL);
    tu_write(plain, "#testorders\nZ0;P1;9;CNY;\n", -1);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, zip, plain, NULL), 0);
    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, "--force", again, NULL), 0);
    tu_assert_sql_text(db, "SELECT records_read || '=' || records_stored || '+' || records_duplicate FROM run "
                           "ORDER BY run_id DESC LIMIT 1", "3=3+0");
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 5);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file WHERE status='replaced' AND member IS NULL"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file WHERE status='replaced' AND member='a.txt'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file WHERE status='ok'"), 4);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders o JOIN source_file s ON s.source_id=o.source_id "
                                    "WHERE o.order_no='Z1' AND s.path LIKE '%night2.zip' AND s.revision=2"), 1);
    g_free(err);
    g_free(zip);
    g_free(zip2);
    g_free(again);
    g_free(plain);
}
END_TEST

/* Item 3 and 4: forget by path and by SHA-256 removes the file's rows, logs what per
 * table, marks the reading forgotten; status no longer counts them; an unknown file is
 * refused with exit 2 and nothing removed; the lock is taken; a forgotten file can be
 * ingested again as new. */
START_TEST(forget_removes_rows)
{
    char *f = fixture("orders.txt", ORDERS), *g = fixture("more.txt", "#testorders\nM1;P1;5;CNY;\n");
    char *sha = g_compute_checksum_for_string(G_CHECKSUM_SHA256, "#testorders\nM1;P1;5;CNY;\n", -1);
    char *out = NULL, *err = NULL, *lock = g_strconcat(db, ".lock", NULL);
    char *gone = tu_path(dir, "gone.txt"), *zeros = g_strnfill(64, '0');
    int fd;

    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, f, g, NULL), 3);
    ck_assert_int_eq(tu_run(NULL, &err, "forget", "--db", db, gone, NULL), 2);
    ck_assert_ptr_nonnull(strstr(err, "no such file in the dataset"));
    g_free(err);
    err = NULL;
    ck_assert_int_eq(tu_run(NULL, NULL, "forget", "--db", db, f, zeros, NULL), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM run WHERE command='forget'"), 0);

    /* the lock: another writer holds it (lock_wait 0 to not wait) */
    fd = open(lock, O_RDWR | O_CREAT, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(flock(fd, LOCK_EX | LOCK_NB), 0);
    ck_assert_int_eq(tu_run(NULL, NULL, "-o", "core.lock_wait=0", "forget", "--db", db, f, NULL), 75);
    close(fd);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 3);

    ck_assert_int_eq(tu_run(NULL, &err, "forget", "--db", db, f, NULL), 0);
    ck_assert_ptr_nonnull(strstr(err, "orders.txt: forgotten"));
    ck_assert_ptr_nonnull(strstr(err, "5 row(s) removed (order_item 2, orders 2, quarantine 1)"));
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM order_item"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine"), 0);
    tu_assert_sql_text(db, "SELECT status || ' ' || removed_rows FROM source_file WHERE path LIKE '%orders.txt'",
                       "forgotten order_item 2, orders 2, quarantine 1");
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM run WHERE command='forget' AND status='ok'"), 1);
    g_free(err);
    err = NULL;
    /* by hash; then it is unknown */
    ck_assert_int_eq(tu_run(NULL, NULL, "forget", "--db", db, sha, NULL), 0);
    ck_assert_int_eq(tu_run(NULL, &err, "forget", "--db", db, sha, NULL), 2);
    ck_assert_int_eq(tu_run(&out, NULL, "status", "--db", db, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "source files           0"));
    ck_assert_ptr_nonnull(strstr(out, "forgotten files        2"));
    ck_assert_ptr_nonnull(strstr(out, "quarantined records    0"));
    ck_assert_ptr_nonnull(strstr(out, "orders                 0"));
    /* forgotten is not sealed: the next ingest reads it as new */
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, f, NULL), 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 2);
    tu_assert_sql_text(db, "SELECT files_skipped || '/' || records_stored FROM run ORDER BY run_id DESC LIMIT 1", "0/2");
    g_free(out);
    g_free(err);
    g_free(f);
    g_free(g);
    g_free(sha);
    g_free(lock);
    g_free(gone);
    g_free(zeros);
}
END_TEST

/* A file gone from disk is forgotten by the path it was ingested from. */
START_TEST(forget_by_recorded_path)
{
    char *f = fixture("orders.txt", ORDERS);

    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, f, NULL), 3);
    ck_assert_int_eq(unlink(f), 0);
    ck_assert_int_eq(tu_run(NULL, NULL, "forget", "--db", db, f, NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 0);
    g_free(f);
}
END_TEST

/* Schema version 6: a version-5 dataset (no source_file.revision ... removed_rows) is
 * upgraded when a writing command opens it, and its files can then be forgotten. */
START_TEST(version5_dataset_upgraded)
{
    char *f = fixture("orders.txt", ORDERS);
    sqlite3 *h;

    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, f, NULL), 3);
    ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h, "DROP INDEX orders_source; DROP INDEX payment_source; DROP INDEX shipment_source; "
                                  "DROP INDEX shipment_event_source; DROP INDEX customs_list_source; "
                                  "DROP INDEX customs_receipt_source; DROP INDEX settlement_source; "
                                  "DROP INDEX bank_statement_source; DROP INDEX bank_txn_source; DROP INDEX enterprise_source; "
                                  "DROP INDEX enterprise_event_source; DROP INDEX fx_rate_source; DROP INDEX quarantine_source; "
                                  "DROP INDEX finding_source; ALTER TABLE source_file DROP COLUMN revision; "
                                     "ALTER TABLE source_file DROP COLUMN superseded_by; "
                                     "ALTER TABLE source_file DROP COLUMN removed_at; "
                                     "ALTER TABLE source_file DROP COLUMN removed_run; "
                                     "ALTER TABLE source_file DROP COLUMN removed_rows; PRAGMA user_version=5",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    ck_assert_int_eq(tu_run(NULL, NULL, "forget", "--db", db, f, NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "PRAGMA user_version"), CBEC_SCHEMA_VERSION);   /* every later step too */
    tu_assert_sql_text(db, "SELECT status || ' ' || revision || ' ' || removed_rows FROM source_file",
                       "forgotten 1 order_item 2, orders 2, quarantine 1");
    g_free(f);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("reingest");
    TCase *tc = tcase_create("reingest");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, unrecognised_is_probed_again);
    tcase_add_test(tc, unrecognised_copy_in_one_run_skipped);
    tcase_add_test(tc, force_replaces_earlier_rows);
    tcase_add_test(tc, force_archive_members);
    tcase_add_test(tc, forget_removes_rows);
    tcase_add_test(tc, forget_by_recorded_path);
    tcase_add_test(tc, version5_dataset_upgraded);
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
