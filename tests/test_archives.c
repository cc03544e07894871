/* Archives as inputs: members streamed (never extracted), nested, named
 * archive!member; hostile archives refused safely with a clear message. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
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

static char *read_all(const char *path, gsize *len)
{
    char *d = NULL;
    g_file_get_contents(path, &d, len, NULL);
    return d;
}

START_TEST(zip_tar_7z_nested_members)
{
    char *inner = tu_path(dir, "inner.tar.gz"), *outer = tu_path(dir, "night.zip"), *sevenz = tu_path(dir, "x.7z");
    char *data, *out = NULL, *expect;
    gsize len;

    tu_archive(inner, "tar.gz", "y.txt", "#testorders\nN2;P;2;CNY;\n", NULL);
    data = read_all(inner, &len);
    {
        /* outer zip: a plain member and the nested tar.gz */
        char *tmpzip = tu_path(dir, "plain.txt");
        (void)tmpzip;
        g_free(tmpzip);
    }
    tu_archive(outer, "zip", "a/x.txt", "#testorders\nN1;P;1;CNY;\n", NULL);
    {
        /* rebuild with both members: tu_archive takes text, so write the binary member separately */
        char *both = tu_path(dir, "night2.zip");
        tu_archive1(both, "zip", "inner.tar.gz", data, len);
        g_free(outer);
        outer = both;
    }
    tu_archive(sevenz, "7z", "z.txt", "#testorders\nN3;P;3;CNY;\n", NULL);
    ck_assert_int_eq(tu_run(&out, NULL, "probe", outer, sevenz, NULL), 0);
    expect = g_strdup_printf("%s!inner.tar.gz!y.txt\ttestorders\t100\n%s!z.txt\ttestorders\t100\n", outer, sevenz);
    ck_assert_str_eq(out, expect);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, outer, sevenz, NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file WHERE member='inner.tar.gz!y.txt'"), 1);
    {
        /* a member's fingerprint is the SHA-256 of its decompressed bytes */
        char *want = g_compute_checksum_for_string(G_CHECKSUM_SHA256, "#testorders\nN2;P;2;CNY;\n", -1);
        char *got = tu_sql_text(db, "SELECT sha256 FROM source_file WHERE member='inner.tar.gz!y.txt'");
        ck_assert_str_eq(got, want);
        g_free(want);
        g_free(got);
    }
    /* nothing was extracted next to the archives */
    {
        char *y = tu_path(dir, "y.txt"), *z = tu_path(dir, "z.txt");
        ck_assert(!g_file_test(y, G_FILE_TEST_EXISTS));
        ck_assert(!g_file_test(z, G_FILE_TEST_EXISTS));
        g_free(y);
        g_free(z);
    }
    /* the same archive again: members known by their hash, skipped */
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, outer, NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file"), 2);
    g_free(out);
    g_free(expect);
    g_free(data);
    g_free(inner);
    g_free(outer);
    g_free(sevenz);
}
END_TEST

START_TEST(truncated_zip_is_quarantined)
{
    char *z = tu_path(dir, "cut.zip"), *data, *err = NULL;
    GString *big = g_string_new("#testorders\n");
    gsize len;
    int i;

    for (i = 0; i < 4000; i++)
        g_string_append_printf(big, "T%d;P;%d.%02d;CNY;\n", i, i, i % 100);
    tu_archive(z, "zip", "a.txt", big->str, "b.txt", big->str, NULL);
    data = read_all(z, &len);
    tu_write(z, data, (ssize_t)(len / 2));
    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, z, NULL), 3);
    ck_assert_ptr_nonnull(strstr(err, "cut.zip"));
    ck_assert_int_ge(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE path LIKE '%cut.zip%'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT sum(records_read - records_stored - records_quarantined - "
                                    "records_duplicate) FROM source_file"), 0);
    g_string_free(big, TRUE);
    g_free(data);
    g_free(err);
    g_free(z);
}
END_TEST

/* Cut inside the second member's header: the walk reads that header ahead, while the
 * first member is still being stored; the first member is kept whole and the damage
 * is reported once, after it. */
START_TEST(truncated_between_members_keeps_the_first)
{
    char *z = tu_path(dir, "cut2.zip"), *data, *err = NULL;
    const char *second;
    gsize len;

    tu_archive(z, "zip", "a.txt", "#testorders\nH1;P;1.00;CNY;\nH2;P;2.00;CNY;\n", "b.txt",
               "#testorders\nH3;P;3.00;CNY;\n", NULL);
    data = read_all(z, &len);
    second = memmem(data + 4, len - 4, "PK\x03\x04", 4);
    ck_assert_ptr_nonnull(second);
    tu_write(z, data, (ssize_t)(second - data) + 10);
    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, z, NULL), 3);
    ck_assert_ptr_nonnull(strstr(err, "after 1 member(s)"));
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders WHERE order_no IN ('H1','H2')"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders WHERE order_no='H3'"), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file WHERE member='a.txt' AND status='ok'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE path LIKE '%cut2.zip' AND "
                                    "reason_code='BAD_ARCHIVE' AND message LIKE '%after 1 member(s)%'"), 1);
    g_free(data);
    g_free(err);
    g_free(z);
}
END_TEST

START_TEST(traversal_member_is_a_name_only)
{
    char *z = tu_path(dir, "evil.zip"), *err = NULL, *up = g_build_filename(dir, "..", "evil-written.txt", NULL);

    tu_archive(z, "zip", "../../evil-written.txt", "#testorders\nV1;P;1;CNY;\n", "/etc/cbec-abs.txt",
               "#testorders\nV2;P;1;CNY;\n", NULL);
    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, z, NULL), 0);
    ck_assert_ptr_nonnull(strstr(err, "treated as a name only"));
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM source_file WHERE member='../../evil-written.txt'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 2);
    ck_assert(!g_file_test(up, G_FILE_TEST_EXISTS));
    ck_assert(!g_file_test("/etc/cbec-abs.txt", G_FILE_TEST_EXISTS));
    g_free(up);
    g_free(err);
    g_free(z);
}
END_TEST

START_TEST(zip_bomb_stops_with_clear_error)
{
    char *z = tu_path(dir, "bomb.zip"), *err = NULL, *zeros = g_malloc0(4 << 20);
    gsize len;
    char *data;

    memcpy(zeros, "#testorders\n", 12);
    tu_archive1(z, "zip", "zeros.txt", zeros, 4 << 20);
    data = read_all(z, &len);
    ck_assert_int_lt(len, 8192);                   /* a few KB that expand to 4 MiB */
    ck_assert_int_eq(tu_run(NULL, &err, "-o", "core.max_expanded_bytes=1M", "ingest", "--db", db, z, NULL), 3);
    ck_assert_ptr_nonnull(strstr(err, "core.max_expanded_bytes"));
    ck_assert_int_ge(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE message LIKE '%archive bomb%'"), 1);
    g_free(data);
    g_free(zeros);
    g_free(err);
    g_free(z);
}
END_TEST

START_TEST(nesting_depth_bounded)
{
    char *l1 = tu_path(dir, "l1.zip"), *l2 = tu_path(dir, "l2.zip"), *l3 = tu_path(dir, "l3.zip"), *d, *err = NULL;
    gsize len;

    tu_archive(l1, "zip", "deep.txt", "#testorders\nX1;P;1;CNY;\n", NULL);
    d = read_all(l1, &len);
    tu_archive1(l2, "zip", "l1.zip", d, len);
    g_free(d);
    d = read_all(l2, &len);
    tu_archive1(l3, "zip", "l2.zip", d, len);
    ck_assert_int_eq(tu_run(NULL, &err, "-o", "core.max_depth=2", "ingest", "--db", db, l3, NULL), 3);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM quarantine WHERE reason_code='NESTING_LIMIT'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 0);
    g_free(err);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, l3, NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 1);
    g_free(d);
    g_free(l1);
    g_free(l2);
    g_free(l3);
}
END_TEST

START_TEST(gzip_single_file_is_one_member)
{
    char *gz = tu_path(dir, "orders.txt.gz"), *out = NULL;
    char *cmd = g_strdup_printf("printf '#testorders\\nG1;P;1;CNY;\\n' | gzip -c > '%s'", gz);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(tu_run(&out, NULL, "probe", gz, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "orders.txt.gz!orders.txt\ttestorders"));
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, gz, NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders WHERE order_no='G1'"), 1);
    g_free(out);
    g_free(cmd);
    g_free(gz);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("archives");
    TCase *tc = tcase_create("archives");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, zip_tar_7z_nested_members);
    tcase_add_test(tc, truncated_zip_is_quarantined);
    tcase_add_test(tc, truncated_between_members_keeps_the_first);
    tcase_add_test(tc, traversal_member_is_a_name_only);
    tcase_add_test(tc, zip_bomb_stops_with_clear_error);
    tcase_add_test(tc, nesting_depth_bounded);
    tcase_add_test(tc, gzip_single_file_is_one_member);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
