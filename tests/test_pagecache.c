/* SQLite's page cache lives in the region core/pagecache.c reserves (issue 22: malloc'd
 * pages faulted in one 4 KiB page at a time on the storing thread). */
#include <check.h>
#include <stdlib.h>
#include <glib.h>

#include "core/store.h"
#include "testutil.h"

/* A store's pages are taken from the region, not from malloc: SQLite counts the slots in
 * use (SQLITE_STATUS_PAGECACHE_USED), and with no region it has none to count. */
START_TEST(pages_come_from_the_region)
{
    char *dir = tu_tmpdir(), *path = tu_path(dir, "p.db"), *why = NULL;
    cbec_store *st = NULL;
    sqlite3_int64 cur = 0, hi = 0, over = 0, over_hi = 0;

    ck_assert_int_eq(cbec_store_open(path, 0, &st, &why), CBEC_ERR_NONE);
    ck_assert_int_eq(cbec_db_exec(cbec_store_db(st), "CREATE TABLE t(x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
                                  "SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO t SELECT i FROM n", &why), CBEC_ERR_NONE);
    ck_assert_int_eq(sqlite3_status64(SQLITE_STATUS_PAGECACHE_USED, &cur, &hi, 0), SQLITE_OK);
    ck_assert_int_eq(sqlite3_status64(SQLITE_STATUS_PAGECACHE_OVERFLOW, &over, &over_hi, 0), SQLITE_OK);
    ck_assert_int_gt(cur, 10);        /* the dataset's pages are cached in slots */
    ck_assert_int_eq(over, 0);        /* and none had to come from malloc */
    cbec_store_close(st);
    g_free(path);
    g_free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pagecache");
    TCase *tc = tcase_create("pagecache");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, pages_come_from_the_region);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
