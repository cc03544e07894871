/* Every CEB message of a generated night validates against the official XSDs
 * (xmllint --schema).  Optional: exits 77 (skipped) without xmllint or without
 * $CBECFLOW_CONFORMANCE/ceb/xsd (the schemas are never copied into the repo). */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "testutil.h"
#include "test_demo_scan.h"

static char *xsd_import, *xsd_export;

/* Run xmllint over a batch of files against one schema; every file must validate. */
static void validate(const char *xsd, GPtrArray *files)
{
    GPtrArray *argv = g_ptr_array_new();
    char *err = NULL;
    int status = -1;
    guint i;

    if (!files->len)
        return;
    g_ptr_array_add(argv, "xmllint");
    g_ptr_array_add(argv, "--noout");
    g_ptr_array_add(argv, "--nonet");
    g_ptr_array_add(argv, "--schema");
    g_ptr_array_add(argv, (gpointer)xsd);
    for (i = 0; i < files->len; i++)
        g_ptr_array_add(argv, g_ptr_array_index(files, i));
    g_ptr_array_add(argv, NULL);
    ck_assert(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                           NULL, NULL, &err, &status, NULL));
    ck_assert_msg(g_spawn_check_wait_status(status, NULL), "xmllint: %.2000s", err);
    for (i = 0; i < files->len; i++) {
        char *line = g_strdup_printf("%s validates", (char *)g_ptr_array_index(files, i));
        ck_assert_msg(strstr(err, line) != NULL, "not validated: %s", (char *)g_ptr_array_index(files, i));
        g_free(line);
    }
    g_free(err);
    g_ptr_array_free(argv, TRUE);
}

START_TEST(generated_messages_validate)
{
    char *dir = tu_tmpdir(), *x = tu_path(dir, "xml"), *nd;
    GPtrArray *imp = g_ptr_array_new(), *exp = g_ptr_array_new();
    ds_night *n;
    guint i;
    int kinds = 0;

    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "demo", "--out", dir, "--trades", "300", "--seed", "5", "--date",
                            "2026-11-25", NULL),
                     0);
    g_mkdir_with_parents(x, 0755);
    nd = g_build_filename(dir, "drop", "2026-11-25", NULL);
    n = ds_scan(nd, x);
    ck_assert_int_eq(n->errors, 0);
    for (i = 0; i < n->xml_members->len; i++) {
        const char *p = g_ptr_array_index(n->xml_members, i);
        const char *b = strrchr(p, '/') + 1;
        /* export messages: 303, 403, 505, 603 (…03/…05); import: 311, 312, 411, 511, 621, 622 */
        if (g_str_has_prefix(b, "CEB303") || g_str_has_prefix(b, "CEB403") || g_str_has_prefix(b, "CEB505") ||
            g_str_has_prefix(b, "CEB603"))
            g_ptr_array_add(exp, (gpointer)p);
        else if (g_str_has_prefix(b, "CEB"))
            g_ptr_array_add(imp, (gpointer)p);
        else {
            /* the bank statements (the zone's account, the four platforms'): well-formed camt.053.001.08 */
            xmlDocPtr doc = xmlReadFile(p, NULL, XML_PARSE_NONET);
            ck_assert_ptr_nonnull(doc);
            ck_assert_str_eq((const char *)xmlDocGetRootElement(doc)->ns->href,
                             "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08");
            xmlFreeDoc(doc);
            kinds++;
        }
    }
    ck_assert_int_eq(kinds, 5);
    ck_assert_int_gt(imp->len, 10);
    ck_assert_int_gt(exp->len, 4);
    validate(xsd_import, imp);
    validate(xsd_export, exp);
    g_ptr_array_free(imp, TRUE);
    g_ptr_array_free(exp, TRUE);
    ds_free(n);
    g_free(nd);
    g_free(x);
    g_free(dir);
}
END_TEST

int main(void)
{
    const char *conf = g_getenv("CBECFLOW_CONFORMANCE");
    char *lint = g_find_program_in_path("xmllint");
    Suite *s;
    TCase *tc;
    SRunner *sr;
    int failed;

    xsd_import = conf ? g_build_filename(conf, "ceb", "xsd", "ceb_import_202205.xsd", NULL) : NULL;
    xsd_export = conf ? g_build_filename(conf, "ceb", "xsd", "ceb_export_202205.xsd", NULL) : NULL;
    if (!lint || !xsd_import || !g_file_test(xsd_import, G_FILE_TEST_EXISTS) ||
        !g_file_test(xsd_export, G_FILE_TEST_EXISTS)) {
        printf("skipped: needs xmllint and $CBECFLOW_CONFORMANCE/ceb/xsd\n");
        return 77;
    }
    g_free(lint);
    s = suite_create("demo_xsd");
    tc = tcase_create("xsd");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, generated_messages_validate);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
