/* The dataset documented where it lives (issue 17 item 7), through the built cbecflow:
 * `cbecflow schema [TABLE]` and its installed text, the views with local dates, the upgrade of
 * an older dataset, and the site key's fingerprint that refuses a second key. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <sqlite3.h>

#include "core/store.h"
#include "testutil.h"

static char *dir, *db;

static void setup(void)
{
    dir = tu_tmpdir();
    db = tu_path(dir, "t.db");
}

static void teardown(void)
{
    g_unsetenv("CBECFLOW_KEY_FILE");
    g_free(db);
    g_free(dir);
}

/* A small testorders input (tests/plugins/testorders.c): orders with a buyer ID to hash. */
static char *orders_file(const char *name, const char *order_no)
{
    char *f = tu_path(dir, name), *text = g_strdup_printf("#testorders\n%s;P;12.5;CNY;150102199003074518\n", order_no);
    tu_write(f, text, -1);
    g_free(text);
    return f;
}

static void use_plugins(int with_test_plugins)
{
    const char *b = g_getenv("CBECFLOW_BUILDDIR");
    char *good = g_build_filename(b ? b : ".", "tests/good/.libs", NULL), *built = g_build_filename(b ? b : ".", ".libs", NULL);
    char *path = with_test_plugins ? g_strconcat(good, ":", built, NULL) : g_strdup(built);
    g_setenv("CBECFLOW_PLUGIN_PATH", path, TRUE);
    g_free(path);
    g_free(good);
    g_free(built);
}

/* ---- cbecflow schema ---------------------------------------------------------------------- */

START_TEST(schema_shipment_explains_weight_g)
{
    char *out = NULL, *err = NULL, *line;

    ck_assert_int_eq(tu_run(&out, &err, "schema", "shipment", NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "shipment (table)"));
    line = strstr(out, "\n    weight_g ");
    ck_assert_msg(line != NULL, "no weight_g in:\n%s", out);
    /* its description (the next line) says what it is and its unit */
    line = strchr(line + 1, '\n');
    ck_assert_ptr_nonnull(strstr(line, "gross weight of the parcel, in grams"));
    ck_assert_ptr_nonnull(strstr(out, "key: UNIQUE (logistics_no, logistics_code)"));
    ck_assert_ptr_null(strstr(out, "orders (table)"));       /* only the table asked for */
    g_free(out);
    g_free(err);
}
END_TEST

START_TEST(schema_unknown_table_exits_2_naming_the_tables)
{
    char *out = NULL, *err = NULL;

    ck_assert_int_eq(tu_run(&out, &err, "schema", "shipments", NULL), 2);
    ck_assert_str_eq(out, "");
    ck_assert_ptr_nonnull(strstr(err, "no table or view \"shipments\""));
    ck_assert_ptr_nonnull(strstr(err, "orders, order_item, payment, shipment, "));
    ck_assert_ptr_nonnull(strstr(err, "v_orders"));
    g_free(out);
    g_free(err);
    ck_assert_int_eq(tu_run(NULL, NULL, "schema", "orders", "payment", NULL), 2);
}
END_TEST

/* Every table and view of a dataset the binary creates is printed, with every column described
 * (a column the comment reader missed or a comment forgotten fails here). */
START_TEST(schema_describes_every_column_of_a_new_dataset)
{
    char *all = NULL, *f, *tables;
    char **names;
    sqlite3 *h;

    use_plugins(1);
    f = orders_file("o.txt", "S1");
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, f, NULL), 0);
    ck_assert_int_eq(tu_run(&all, NULL, "schema", NULL), 0);
    ck_assert_msg(strstr(all, "(not described)") == NULL, "undescribed columns:\n%s", all);
    ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    tables = tu_sql_text(db, "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type IN "
                             "('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name)");
    names = g_strsplit(tables, " ", -1);
    ck_assert_int_ge(g_strv_length(names), 32);
    for (char **t = names; *t; t++) {
        char *out = NULL, *sql, *head = g_strdup_printf("%s (", *t), *base = NULL, *vsql;
        sqlite3_stmt *s;

        ck_assert_int_eq(tu_run(&out, NULL, "schema", *t, NULL), 0);
        ck_assert_msg(g_str_has_prefix(out, head), "schema %s printed:\n%s", *t, out);
        /* a view "SELECT base.*, ..." documents only the columns it adds; a view of its own columns
         * (v_alert_status) documents every one */
        vsql = tu_sql_text(db, (sql = g_strdup_printf("SELECT sql FROM sqlite_master WHERE type='view' AND name='%s'",
                                                     *t)));
        g_free(sql);
        if (vsql) {
            char *dot = strstr(vsql, ".*"), *sel = strstr(vsql, "SELECT ");
            ck_assert(sel != NULL);
            if (dot && dot > sel + 7 && dot < sel + 7 + 40 && !memchr(sel + 7, ',', (size_t)(dot - sel - 7)))
                base = g_strndup(sel + 7, (gsize)(dot - sel - 7));
        }
        sql = g_strdup_printf("SELECT name FROM pragma_table_info('%s') WHERE name NOT IN "
                              "(SELECT name FROM pragma_table_info('%s'))", *t, base ? base : "");
        ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
        while (sqlite3_step(s) == SQLITE_ROW) {
            char *col = g_strdup_printf("\n    %s ", sqlite3_column_text(s, 0));
            ck_assert_msg(strstr(out, col) != NULL, "schema %s does not show column%s", *t, col);
            g_free(col);
        }
        sqlite3_finalize(s);
        g_free(sql);
        g_free(base);
        g_free(vsql);
        g_free(head);
        g_free(out);
    }
    sqlite3_close(h);
    g_strfreev(names);
    g_free(tables);
    g_free(all);
    g_free(f);
}
END_TEST

/* The installed document (docs/schema.txt, built with the binary) is the command's text. */
START_TEST(schema_document_is_the_command_text)
{
    const char *b = g_getenv("CBECFLOW_BUILDDIR");
    char *doc = g_build_filename(b ? b : ".", "docs", "schema.txt", NULL), *text = NULL, *out = NULL;

    ck_assert_msg(g_file_get_contents(doc, &text, NULL, NULL), "no %s", doc);
    ck_assert_int_eq(tu_run(&out, NULL, "schema", NULL), 0);
    ck_assert_str_eq(text, out);
    ck_assert_ptr_nonnull(strstr(text, "weight_g"));
    g_free(text);
    g_free(out);
    g_free(doc);
}
END_TEST

/* ---- local dates ------------------------------------------------------------------------------ */

/* A customs order (times +08:00) placed at time, as a CEB311 message. */
static void ceb311(GString *x, const char *order_no, const char *app_time)
{
    g_string_append_printf(x,
        "  <ceb:Order>\n    <ceb:OrderHead>\n"
        "      <ceb:guid>6F1D2C3B-0001-4A5B-8C7D-%012d</ceb:guid>\n"
        "      <ceb:appType>1</ceb:appType><ceb:appTime>%s</ceb:appTime><ceb:appStatus>2</ceb:appStatus>\n"
        "      <ceb:orderType>I</ceb:orderType><ceb:orderNo>%s</ceb:orderNo>\n"
        "      <ceb:ebpCode>1501P00001</ceb:ebpCode><ceb:ebpName>P</ceb:ebpName>\n"
        "      <ceb:ebcCode>1501S00001</ceb:ebcCode><ceb:ebcName>S</ceb:ebcName>\n"
        "      <ceb:goodsValue>100</ceb:goodsValue><ceb:freight>0</ceb:freight><ceb:discount>0</ceb:discount>\n"
        "      <ceb:taxTotal>0</ceb:taxTotal><ceb:acturalPaid>100</ceb:acturalPaid><ceb:currency>142</ceb:currency>\n"
        "      <ceb:buyerRegNo>U1</ceb:buyerRegNo><ceb:buyerName>B</ceb:buyerName>\n"
        "      <ceb:buyerTelephone>13912345678</ceb:buyerTelephone><ceb:buyerIdType>1</ceb:buyerIdType>\n"
        "      <ceb:buyerIdNumber>150102199003074518</ceb:buyerIdNumber>\n"
        "      <ceb:payCode>1501Z00001</ceb:payCode><ceb:payName>Z</ceb:payName>\n"
        "      <ceb:payTransactionId>PAY-%s</ceb:payTransactionId>\n"
        "      <ceb:consignee>B</ceb:consignee><ceb:consigneeTelephone>13812345678</ceb:consigneeTelephone>\n"
        "      <ceb:consigneeAddress>A</ceb:consigneeAddress>\n"
        "    </ceb:OrderHead>\n    <ceb:OrderList>\n"
        "      <ceb:gnum>1</ceb:gnum><ceb:itemNo>I1</ceb:itemNo><ceb:itemName>N</ceb:itemName>\n"
        "      <ceb:unit>011</ceb:unit><ceb:qty>1</ceb:qty><ceb:price>100</ceb:price><ceb:totalPrice>100</ceb:totalPrice>\n"
        "      <ceb:currency>142</ceb:currency><ceb:country>124</ceb:country>\n"
        "    </ceb:OrderList>\n  </ceb:Order>\n",
        (int)(x->len % 1000000), app_time, order_no, order_no);
}

static void assert_text(const char *sql, const char *want)
{
    char *v = tu_sql_text(db, sql);
    ck_assert_msg(v && strcmp(v, want) == 0, "%s: got %s, want %s", sql, v ? v : "NULL", want);
    g_free(v);
}

/* Orders at 23:30 and 00:30 Beijing time, stored with +08:00 (customs) and in UTC (Amazon):
 * v_orders.order_date is the Beijing day of each; date(order_time) would put 00:30 a day early. */
START_TEST(views_give_the_beijing_day_of_late_and_early_orders)
{
    char *xml = tu_path(dir, "CEB311_local.xml"), *tsv = tu_path(dir, "amazon.txt");
    GString *x = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ceb:CEB311Message guid=\"6F1D2C3B-0001-"
                              "4A5B-8C7D-9E0F1A2B3C4D\" version=\"1.0\" xmlns:ceb=\"http://www.chinaport.gov.cn/ceb\">\n");

    use_plugins(0);
    ceb311(x, "LATE-CEB", "20261206233000");
    ceb311(x, "EARLY-CEB", "20261207003000");
    g_string_append(x, "  <ceb:BaseTransfer><ceb:copCode>1501P00001</ceb:copCode><ceb:copName>P</ceb:copName>"
                       "<ceb:dxpMode>DXP</ceb:dxpMode><ceb:dxpId>DXPENT0000000001</ceb:dxpId></ceb:BaseTransfer>\n"
                       "</ceb:CEB311Message>\n");
    tu_write(xml, x->str, (ssize_t)x->len);
    tu_write(tsv,
             "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\t"
             "sales-channel\torder-channel\turl\tship-service-level\tproduct-name\tsku\tasin\titem-status\tquantity\t"
             "currency\titem-price\titem-tax\tshipping-price\tshipping-tax\tgift-wrap-price\tgift-wrap-tax\t"
             "item-promotion-discount\tship-promotion-discount\tship-city\tship-state\tship-postal-code\tship-country\t"
             "promotion-ids\n"
             "113-0000000-0002330\t\t2026-12-06T15:30:00+00:00\t\tShipped\tMerchant\tAmazon.com\t\t\tStandard\tHat\tH-1\t"
             "B0HAT00001\tShipped\t1\tUSD\t30.00\t0.00\t0.00\t0.00\t\t\t\t\t\t\t\tUS\t\n"
             "113-0000000-0000030\t\t2026-12-06T16:30:00Z\t\tShipped\tMerchant\tAmazon.com\t\t\tStandard\tHat\tH-1\t"
             "B0HAT00001\tShipped\t1\tUSD\t30.00\t0.00\t0.00\t0.00\t\t\t\t\t\t\t\tUS\t\n",
             -1);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, xml, tsv, NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM v_orders"), 4);
    /* customs: local time with +08:00 */
    assert_text("SELECT order_time FROM orders WHERE order_no='EARLY-CEB'", "2026-12-07T00:30:00+08:00");
    assert_text("SELECT order_date FROM v_orders WHERE order_no='LATE-CEB'", "2026-12-06");
    assert_text("SELECT order_date FROM v_orders WHERE order_no='EARLY-CEB'", "2026-12-07");
    assert_text("SELECT date(order_time) FROM orders WHERE order_no='EARLY-CEB'", "2026-12-06");  /* the trap */
    /* Amazon: UTC (+00:00, Z) */
    assert_text("SELECT order_date FROM v_orders WHERE order_no='113-0000000-0002330'", "2026-12-06");
    assert_text("SELECT order_date FROM v_orders WHERE order_no='113-0000000-0000030'", "2026-12-07");
    /* the view is the table plus the date: every column of orders is there */
    ck_assert_int_eq(tu_sql_int(db, "SELECT (SELECT count(*) FROM pragma_table_info('v_orders')) - "
                                    "(SELECT count(*) FROM pragma_table_info('orders'))"), 1);
    g_string_free(x, TRUE);
    g_free(xml);
    g_free(tsv);
}
END_TEST

/* The other views: payments, waybills, customs lists, from the customs fixtures. */
START_TEST(views_of_payments_shipments_lists)
{
    char *pay = tu_src("tests/fixtures/ceb/payment_411.xml"), *way = tu_src("tests/fixtures/ceb/waybill_511.xml");
    char *lst = tu_src("tests/fixtures/ceb/list_621.xml");

    use_plugins(0);
    ck_assert_int_ge(tu_run(NULL, NULL, "ingest", "--db", db, pay, way, lst, NULL), 0);
    ck_assert_int_gt(tu_sql_int(db, "SELECT count(*) FROM v_payments"), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM v_payments WHERE pay_date IS NOT date(pay_time, '+8 hours')"),
                     0);
    assert_text("SELECT pay_date FROM v_payments WHERE pay_time='2026-11-25T08:29:00+08:00'", "2026-11-25");
    ck_assert_int_gt(tu_sql_int(db, "SELECT count(*) FROM v_shipments WHERE ship_date IS NOT NULL"), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM v_shipments WHERE ship_date IS NOT date(ship_time, '+8 hours') "
                                    "OR status_date IS NOT date(status_time, '+8 hours')"), 0);
    ck_assert_int_gt(tu_sql_int(db, "SELECT count(*) FROM v_customs_lists"), 0);
    /* declTime 20261125 is a date: it stays that day */
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM v_customs_lists WHERE declared_at='2026-11-25' AND "
                                    "declared_date='2026-11-25'"), 1);
    g_free(pay);
    g_free(way);
    g_free(lst);
}
END_TEST

/* ---- upgrade ---------------------------------------------------------------------------------- */

/* A dataset of schema 5 (no views, no site_key) is upgraded by the next ingest: the views work on
 * the rows it already held, and the key in use is recorded from then on. */
START_TEST(older_dataset_upgrades)
{
    char *a = NULL, *b = NULL;
    sqlite3 *h;

    use_plugins(1);
    a = orders_file("a.txt", "OLD1");
    b = orders_file("b.txt", "NEW1");
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, a, NULL), 0);
    ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h, "DROP VIEW v_orders; DROP VIEW v_payments; DROP VIEW v_shipments; "
                                  "DROP VIEW v_customs_lists; DROP TABLE site_key; PRAGMA user_version=6",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, b, NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "PRAGMA user_version"), CBEC_SCHEMA_VERSION);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM v_orders WHERE order_no IN ('OLD1','NEW1')"), 2);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM site_key"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT run_id FROM site_key"), tu_sql_int(db, "SELECT max(run_id) FROM run"));
    g_free(a);
    g_free(b);
}
END_TEST

/* ---- site key fingerprint --------------------------------------------------------------------- */

static char *key_file(const char *name, char digit)
{
    char *f = tu_path(dir, name), hex[66];
    memset(hex, digit, 64);
    hex[64] = '\n';
    hex[65] = 0;
    tu_write(f, hex, -1);
    return f;
}

START_TEST(another_site_key_is_refused)
{
    char *ka = key_file("a.key", '1'), *kb = key_file("b.key", '2'), *err = NULL, *fp, *conf = tu_path(dir, "c.conf");
    char *o1 = orders_file("o1.txt", "K1"), *o2 = orders_file("o2.txt", "K2"), *text;
    int64_t runs;

    use_plugins(1);
    g_setenv("CBECFLOW_KEY_FILE", ka, TRUE);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, o1, NULL), 0);
    fp = tu_sql_text(db, "SELECT fingerprint FROM site_key");
    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(strlen(fp), 64);
    ck_assert_ptr_null(strstr(fp, "1111111111"));                    /* not the key */
    assert_text("SELECT key_file FROM site_key", ka);

    /* the second key: refused before anything is read or a run recorded */
    runs = tu_sql_int(db, "SELECT count(*) FROM run");
    g_setenv("CBECFLOW_KEY_FILE", kb, TRUE);
    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, o2, NULL), 2);
    ck_assert_msg(strstr(err, kb) && strstr(err, ka) && strstr(err, "was built with another site key"), "%s", err);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM orders"), 1);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM run"), runs);
    g_free(err);
    err = NULL;
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--dry-run", "--db", db, o2, NULL), 2);
    /* the same through [core] key_file and `run` */
    text = g_strdup_printf("[core]\ndb = %s\nkey_file = %s\n", db, kb);
    tu_write(conf, text, -1);
    g_unsetenv("CBECFLOW_KEY_FILE");
    ck_assert_int_eq(tu_run(NULL, &err, "run", "--config", conf, "--date", "2026-12-06", NULL), 2);
    ck_assert_ptr_nonnull(strstr(err, kb));
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM run"), runs);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM site_key"), 1);
    assert_text("SELECT fingerprint FROM site_key", fp);

    /* the dataset's own key goes on */
    g_setenv("CBECFLOW_KEY_FILE", ka, TRUE);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, o2, NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(DISTINCT buyer_key) FROM orders"), 1);
    g_free(text);
    g_free(err);
    g_free(fp);
    g_free(conf);
    g_free(ka);
    g_free(kb);
    g_free(o1);
    g_free(o2);
}
END_TEST

/* A dry run leaves nothing behind, not even the key's fingerprint: a real ingest with another
 * key afterwards is the dataset's first and is accepted. */
START_TEST(dry_run_records_no_key)
{
    char *ka = key_file("a.key", '1'), *kb = key_file("b.key", '2'), *o1 = orders_file("o1.txt", "D1");

    use_plugins(1);
    g_setenv("CBECFLOW_KEY_FILE", kb, TRUE);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--dry-run", "--db", db, o1, NULL), 0);
    ck_assert_int_eq(tu_sql_int(db, "SELECT count(*) FROM site_key"), 0);
    g_setenv("CBECFLOW_KEY_FILE", ka, TRUE);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, o1, NULL), 0);
    assert_text("SELECT key_file FROM site_key", ka);
    g_free(ka);
    g_free(kb);
    g_free(o1);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("schema");
    TCase *t = tcase_create("schema");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, schema_shipment_explains_weight_g);
    tcase_add_test(t, schema_unknown_table_exits_2_naming_the_tables);
    tcase_add_test(t, schema_describes_every_column_of_a_new_dataset);
    tcase_add_test(t, schema_document_is_the_command_text);
    tcase_add_test(t, views_give_the_beijing_day_of_late_and_early_orders);
    tcase_add_test(t, views_of_payments_shipments_lists);
    tcase_add_test(t, older_dataset_upgrades);
    tcase_add_test(t, another_site_key_is_refused);
    tcase_add_test(t, dry_run_records_no_key);
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
