/* SQLite's page cache lives in the region core/pagecache.c reserves for the commands that
 * ingest (issue 22: malloc'd pages faulted in one 4 KiB page at a time on the storing
 * thread), and only there (the region is resident as soon as SQLite starts). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib.h>

#include "core/pagecache.h"
#include "core/store.h"
#include "testutil.h"

/* Open a store, fill a table; the page cache slots in use then (SQLITE_STATUS_PAGECACHE_USED)
 * and the pages that had to come from malloc (_OVERFLOW). */
static void fill(sqlite3_int64 *used, sqlite3_int64 *overflow)
{
    char *dir = tu_tmpdir(), *path = tu_path(dir, "p.db"), *why = NULL;
    cbec_store *st = NULL;
    sqlite3_int64 hi = 0;

    ck_assert_int_eq(cbec_store_open(path, 0, &st, &why), CBEC_ERR_NONE);
    ck_assert_int_eq(cbec_db_exec(cbec_store_db(st), "CREATE TABLE t(x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
                                  "SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO t SELECT i FROM n", &why), CBEC_ERR_NONE);
    ck_assert_int_eq(sqlite3_status64(SQLITE_STATUS_PAGECACHE_USED, used, &hi, 0), SQLITE_OK);
    ck_assert_int_eq(sqlite3_status64(SQLITE_STATUS_PAGECACHE_OVERFLOW, overflow, &hi, 0), SQLITE_OK);
    cbec_store_close(st);
    g_free(path);
    g_free(dir);
}

/* (Check runs each test in a process of its own: SQLite starts anew in each.) */
START_TEST(pages_come_from_the_region)
{
    sqlite3_int64 used = 0, overflow = 0;
    cbec_pagecache_setup();
    fill(&used, &overflow);
    ck_assert_int_gt(used, 10);       /* the dataset's pages are cached in slots */
    ck_assert_int_eq(overflow, 0);    /* and none had to come from malloc */
}
END_TEST

/* A command that does not ingest never sets the region up: the store alone does not. */
START_TEST(store_alone_reserves_nothing)
{
    sqlite3_int64 used = 0, overflow = 0;
    fill(&used, &overflow);
    ck_assert_int_eq(used, 0);
    ck_assert_int_gt(overflow, 10);
}
END_TEST

/* Only inputs big enough to fill the cache are worth the region (a one-file ingest held 70 MB
 * more than it needed, and a hostile file's memory bound counts it): sizes are summed over
 * folders, links are not followed. */
START_TEST(region_only_for_big_inputs)
{
    char *dir = tu_tmpdir(), *small = tu_path(dir, "small.xml"), *sub = tu_path(dir, "night/deep");
    char *big = tu_path(dir, "night/deep/big.zip"), *link = tu_path(dir, "link.zip");
    char *night = tu_path(dir, "night"), *missing = tu_path(dir, "nope");
    const char *one[] = {small}, *folder[] = {night}, *linked[] = {small, link, missing};
    FILE *f;

    tu_write(small, "<a/>", -1);
    ck_assert_int_eq(cbec_pagecache_worth(one, 1), 0);
    g_mkdir_with_parents(sub, 0755);
    f = fopen(big, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(ftruncate(fileno(f), (off_t)CBEC_PAGECACHE_MIN_INPUT), 0);   /* sparse: the size counts */
    fclose(f);
    ck_assert_int_eq(cbec_pagecache_worth(folder, 1), 1);
    ck_assert_int_eq(symlink(big, link), 0);
    ck_assert_int_eq(cbec_pagecache_worth(linked, 3), 0);
    g_free(dir);
    g_free(small);
    g_free(sub);
    g_free(big);
    g_free(link);
    g_free(night);
    g_free(missing);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pagecache");
    TCase *tc = tcase_create("pagecache");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, pages_come_from_the_region);
    tcase_add_test(tc, store_alone_reserves_nothing);
    tcase_add_test(tc, region_only_for_big_inputs);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
