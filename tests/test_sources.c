/* The same business record from two sources: a customs declaration (ceb) and a
 * platform's own export (shopify_orders) of the same order.  The declaration's
 * values win whichever arrives first; the export only fills what the
 * declaration left empty; nothing is counted twice and no DUPLICATE_KEY finding
 * is raised for a copy from another source.  [core] source_precedence changes
 * who wins. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "testutil.h"

#define ORDER "order_no='HH-303-0001' AND platform_code='1501P00009'"
#define PLATFORM "plugin.shopify_orders.platform_code=1501P00009"

static char *dir, *db, *decl, *export1, *export2;

/* The platform's export of the declared order: other time, other amounts and line,
 * and a destination country and payment method the declaration does not carry. */
static const char HEADER[] =
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,"
    "Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,"
    "Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,"
    "Lineitem taxable,Lineitem fulfillment status,Billing Name,Shipping Name,Shipping Country,Shipping Phone,"
    "Notes,Payment Method,Payment Reference,Vendor,Id,Payment ID\n";
static const char ROW[] =
    "HH-303-0001,buyer@example.ru,paid,,fulfilled,,no,USD,99.00,7.00,0,106.00,,,Standard,"
    "2026-11-23 08:00:00 +0300,3,Brake pads (shop title),33.00,,AP-77,true,true,fulfilled,Ivan Petrov,"
    "Ivan Petrov,RU,,,PayPal,,Baotou Auto Parts,7770001,\n";

static void setup(void)
{
    char *text;
    dir = tu_tmpdir();
    db = tu_path(dir, "t.db");
    decl = tu_src("tests/fixtures/ceb/export_303.xml");
    export1 = tu_path(dir, "shop_orders_1.csv");
    export2 = tu_path(dir, "shop_orders_2.csv");
    text = g_strconcat(HEADER, ROW, NULL);
    tu_write(export1, text, -1);
    g_free(text);
    /* the same export again the next night: another file (one more blank line) */
    text = g_strconcat(HEADER, ROW, "\n", NULL);
    tu_write(export2, text, -1);
    g_free(text);
}

static void teardown(void)
{
    g_free(dir);
    g_free(db);
    g_free(decl);
    g_free(export1);
    g_free(export2);
}

static int ingest(const char *precedence, const char *path)
{
    char *err = NULL;
    char *o = g_strconcat("core.source_precedence=", precedence ? precedence : "ceb", NULL);
    int rc = tu_run(NULL, &err, "-q", "-o", PLATFORM, "-o", o, "ingest", "--db", db, path, NULL);
    ck_assert_msg(rc == 0, "ingest %s: exit %d: %s", path, rc, err ? err : "");
    g_free(err);
    g_free(o);
    return rc;
}

static void assert_declared_values_kept(void)
{
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 1);
    tu_assert_sql_text(db, "SELECT order_time FROM orders WHERE " ORDER, "2026-11-24T10:00:00+08:00");
    ck_assert_int_eq(tu_sql_int(db, "SELECT goods_value FROM orders WHERE " ORDER), 4560);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM order_item"), 1);
    tu_assert_sql_text(db, "SELECT name FROM order_item", "刹车片");
    /* what only the export knows is added */
    tu_assert_sql_text(db, "SELECT consignee_country FROM orders WHERE " ORDER, "RU");
    tu_assert_sql_text(db, "SELECT pay_name FROM orders WHERE " ORDER, "PayPal");
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM finding WHERE code='DUPLICATE_KEY'"), 0);
}

START_TEST(declaration_first_export_fills_gaps)
{
    ingest(NULL, decl);
    ingest(NULL, export1);
    assert_declared_values_kept();
    /* the row stays the declaration's (lineage), one revision for the added columns */
    tu_assert_sql_text(db, "SELECT plugin FROM source_file WHERE source_id=(SELECT source_id FROM orders)", "ceb");
    ck_assert_int_eq(tu_sql_int(db, "SELECT revision FROM orders"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT records_stored FROM source_file WHERE plugin='shopify_orders'"), 1);
    /* the same export again adds nothing: a duplicate, not a new revision */
    ingest(NULL, export2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT records_duplicate FROM source_file WHERE path LIKE '%shop_orders_2%'"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT records_stored FROM source_file WHERE path LIKE '%shop_orders_2%'"), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT revision FROM orders"), 2);
}
END_TEST

START_TEST(export_first_declaration_wins)
{
    ingest(NULL, export1);
    ingest(NULL, decl);
    assert_declared_values_kept();
    tu_assert_sql_text(db, "SELECT plugin FROM source_file WHERE source_id=(SELECT source_id FROM orders)", "ceb");
}
END_TEST

START_TEST(precedence_is_configurable)
{
    ingest("shopify_orders,ceb", decl);
    ingest("shopify_orders,ceb", export1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT goods_value FROM orders WHERE " ORDER), 9900);
    tu_assert_sql_text(db, "SELECT name FROM order_item", "Brake pads (shop title)");
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM finding WHERE code='DUPLICATE_KEY'"), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sources");
    TCase *tc = tcase_create("merge");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, declaration_first_export_fills_gaps);
    tcase_add_test(tc, export_first_declaration_wins);
    tcase_add_test(tc, precedence_is_configurable);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
