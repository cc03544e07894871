/* The loader through the real dlopen path: good plugins load, broken ones are
 * refused with the reason, never a crash. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "core/loader.h"
#include "testutil.h"

static char *build_path(const char *rel)
{
    const char *b = g_getenv("CBECFLOW_BUILDDIR");
    return g_build_filename(b ? b : ".", rel, NULL);
}

static const char *reason_for(const cbec_registry *reg, const char *stem)
{
    size_t i;
    for (i = 0; i < reg->refused_count; i++) {
        char *base = g_path_get_basename(reg->refused[i].path);
        int hit = g_str_has_prefix(base, stem) && base[strlen(stem)] == '.';
        g_free(base);
        if (hit)
            return reg->refused[i].reason;
    }
    return NULL;
}

START_TEST(good_plugins_load)
{
    char *dir = build_path("tests/good/.libs");
    cbec_registry *reg = NULL;
    const cbec_plugin *p;

    cbec_registry_load(dir, &reg);
    p = cbec_registry_find(reg, "testorders");
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(p->desc->abi_major, 1);
    ck_assert_str_eq(p->desc->version, "1.0");
    ck_assert_ptr_nonnull(cbec_registry_find(reg, "testtie"));
    ck_assert_int_eq(reg->refused_count, 0);
    cbec_registry_free(reg);
    g_free(dir);
}
END_TEST

START_TEST(broken_plugins_refused_with_reason)
{
    char *dir = build_path("tests/broken/.libs");
    cbec_registry *reg = NULL;
    const char *r;

    cbec_registry_load(dir, &reg);
    ck_assert_int_eq(reg->count, 0);
    r = reason_for(reg, "bad_abi");
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(strstr(r, "ABI 99"));
    r = reason_for(reg, "short_struct");
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(strstr(r, "shorter"));
    r = reason_for(reg, "no_callbacks");
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(strstr(r, "missing callback next"));
    r = reason_for(reg, "declines");
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(strstr(r, "needs a newer host"));
    r = reason_for(reg, "misnamed");
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(strstr(r, "someone_else"));
    cbec_registry_free(reg);
    g_free(dir);
}
END_TEST

START_TEST(duplicate_and_unloadable_refused)
{
    char *good = build_path("tests/good/.libs");
    char *tmp = tu_tmpdir(), *src = tu_path(good, "testorders.so"), *copy = tu_path(tmp, "testorders.so");
    char *junk = tu_path(tmp, "garbage.so"), *path, *data = NULL;
    gsize len = 0;
    cbec_registry *reg = NULL;
    const char *r;

    ck_assert(g_file_get_contents(src, &data, &len, NULL));
    tu_write(copy, data, (ssize_t)len);
    tu_write(junk, "this is not an ELF file", -1);
    path = g_strconcat(good, ":", tmp, NULL);
    cbec_registry_load(path, &reg);
    ck_assert_ptr_nonnull(cbec_registry_find(reg, "testorders"));
    r = reason_for(reg, "garbage");
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(strstr(r, "cannot be loaded"));
    /* the second testorders.so (from tmp) is the duplicate */
    ck_assert_int_eq(reg->refused_count, 2);
    ck_assert(strstr(reg->refused[0].reason, "already loaded") || strstr(reg->refused[1].reason, "already loaded"));
    cbec_registry_free(reg);
    g_free(data);
    g_free(path);
    g_free(junk);
    g_free(copy);
    g_free(src);
    g_free(tmp);
    g_free(good);
}
END_TEST

START_TEST(cli_lists_plugins_and_refusals)
{
    char *good = build_path("tests/good/.libs"), *broken = build_path("tests/broken/.libs");
    char *path = g_strconcat(good, ":", broken, NULL), *out = NULL;
    int rc;

    g_setenv("CBECFLOW_PLUGIN_PATH", path, TRUE);
    rc = tu_run(&out, NULL, "plugins", NULL);
    ck_assert_int_eq(rc, 0);
    ck_assert_ptr_nonnull(strstr(out, "testorders"));
    ck_assert_ptr_nonnull(strstr(out, "1.0"));
    ck_assert_ptr_nonnull(strstr(out, "refused:"));
    ck_assert_ptr_nonnull(strstr(out, "bad_abi"));
    g_free(out);
    g_free(path);
    g_free(good);
    g_free(broken);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("loader");
    TCase *tc = tcase_create("loader");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, good_plugins_load);
    tcase_add_test(tc, broken_plugins_refused_with_reason);
    tcase_add_test(tc, duplicate_and_unloadable_refused);
    tcase_add_test(tc, cli_lists_plugins_and_refusals);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
