/* The tabular plugins end to end: `cbecflow ingest` on the fixtures of tests/fixtures/tabular
 * (and on files derived from them at test time: code pages, a Wildberries ZIP+XLSX).  Every
 * expected count and sum below is worked out by hand from the fixture rows. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <xlsxwriter.h>

#include "testutil.h"

static char *fixture(const char *name)
{
    char *rel = g_build_filename("tests", "fixtures", "tabular", name, NULL);
    char *p = tu_src(rel);
    g_free(rel);
    return p;
}

/* Ingest paths into a fresh dataset; returns the db path (g_free). */
static char *ingest(int want_exit, ...)
{
    char *dir = tu_tmpdir(), *db = tu_path(dir, "t.db"), *err = NULL;
    GPtrArray *args = g_ptr_array_new();
    const char *p;
    va_list ap;
    int rc;

    g_ptr_array_add(args, "ingest");
    g_ptr_array_add(args, "--db");
    g_ptr_array_add(args, db);
    va_start(ap, want_exit);
    while ((p = va_arg(ap, const char *)))
        g_ptr_array_add(args, (gpointer)p);
    va_end(ap);
    g_ptr_array_add(args, NULL);
    rc = tu_runv(NULL, &err, (char **)args->pdata);
    ck_assert_msg(rc == want_exit, "exit %d, wanted %d: %s", rc, want_exit, err ? err : "");
    g_ptr_array_free(args, TRUE);
    g_free(err);
    g_free(dir);
    return db;
}

#define SQLI(db, sql) tu_sql_int(db, sql)
#define ASSERT_SQL_TEXT(db, sql, want)                                                                      \
    do {                                                                                                     \
        char *v_ = tu_sql_text(db, sql);                                                                     \
        ck_assert_msg(v_ && strcmp(v_, want) == 0, "%s: got \"%s\", wanted \"%s\"", sql, v_ ? v_ : "(null)", \
                      want);                                                                                 \
        g_free(v_);                                                                                          \
    } while (0)

/* Each fixture is claimed by its own plugin, and by no other one. */
START_TEST(probe_each_fixture_to_its_plugin)
{
    static const char *const want[][2] = {{"amazon_settlement_v2.txt", "amazon_settlement"},
                                          {"amazon_settlement_old.txt", "amazon_settlement"},
                                          {"amazon_orders.txt", "amazon_orders"},
                                          {"shopify_orders.csv", "shopify_orders"},
                                          {"ozon_postings.csv", "ozon_postings"},
                                          {"ebay_orders.csv", "ebay_orders"},
                                          {"postal_manifest_rows.utf8.csv", "postal_manifest"},
                                          {"postal_manifest_blocks.csv", "postal_manifest"}};
    size_t i;
    for (i = 0; i < G_N_ELEMENTS(want); i++) {
        char *f = fixture(want[i][0]), *out = NULL, *line;
        ck_assert_int_eq(tu_run(&out, NULL, "probe", f, NULL), 0);
        line = g_strdup_printf("\t%s\t", want[i][1]);
        ck_assert_msg(strstr(out, line) != NULL, "%s: %s", want[i][0], out);
        g_free(line);
        g_free(out);
        g_free(f);
    }
}
END_TEST

/* V2: 1 summary + 12 component rows; order rows sum per (order, type):
 *   113-1111111-1111111 Order  = 500 + 40 + 10 - 75 - 5.25 = 469.75
 *   113-2222222-2222222 Order  = 900 - 135 - 10           = 755.00
 *   113-1111111-1111111 Refund = -100 + 15                = -85.00
 *   fees without order: -12.19, -39.99;  total 1087.57 = the summary's total-amount. */
START_TEST(amazon_settlement_v2_adds_up)
{
    char *f = fixture("amazon_settlement_v2.txt"), *db = ingest(0, f, NULL);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM settlement"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT total_amount FROM settlement WHERE settlement_ref='11223344556' AND "
                              "platform_code='AMAZON' AND currency='USD'"), 108757);
    ASSERT_SQL_TEXT(db, "SELECT deposit_date FROM settlement", "2026-11-25T07:00:00+00:00");
    ASSERT_SQL_TEXT(db, "SELECT period_start FROM settlement", "2026-11-09T07:00:00+00:00");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM payment"), 3);
    ck_assert_int_eq(SQLI(db, "SELECT amount FROM payment WHERE order_no='113-1111111-1111111' AND "
                              "pay_transaction_id LIKE '%Order'"), 46975);
    ck_assert_int_eq(SQLI(db, "SELECT amount FROM payment WHERE order_no='113-2222222-2222222'"), 75500);
    ck_assert_int_eq(SQLI(db, "SELECT amount FROM payment WHERE pay_transaction_id LIKE '%Refund'"), -8500);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM payment p JOIN settlement s ON p.settlement_id=s.settlement_id "
                              "WHERE p.direction='export' AND p.platform_code='AMAZON'"), 3);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM settlement_component"), 2);
    ck_assert_int_eq(SQLI(db, "SELECT sum(amount) FROM settlement_component"), -5218);
    ck_assert_int_eq(SQLI(db, "SELECT (SELECT sum(amount) FROM payment) + (SELECT sum(amount) FROM "
                              "settlement_component) - (SELECT total_amount FROM settlement)"), 0);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding WHERE code='SUM_MISMATCH'"), 0);
    g_free(db);
    g_free(f);
}
END_TEST

/* The same report with a total that does not match: stored, with a SUM_MISMATCH finding. */
START_TEST(amazon_settlement_sum_mismatch_is_a_finding)
{
    char *src = fixture("amazon_settlement_v2.txt"), *text = NULL, *dir = tu_tmpdir(), *f = tu_path(dir, "s.txt"), *db;
    char *p;
    ck_assert(g_file_get_contents(src, &text, NULL, NULL));
    p = strstr(text, "\t1087.57\t");
    ck_assert_ptr_nonnull(p);
    memcpy(p, "\t1090.00\t", 9);
    tu_write(f, text, -1);
    db = ingest(0, f, NULL);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding WHERE code='SUM_MISMATCH' AND kind='settlement'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding WHERE message LIKE '%difference 243)%'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT total_amount FROM settlement"), 109000);
    g_free(db);
    g_free(f);
    g_free(dir);
    g_free(text);
    g_free(src);
}
END_TEST

/* Older 36-column layout with typed pairs: 100 ; 5 - 15 ; 80 - 12 ; 3.50 (no order) = 161.50. */
START_TEST(amazon_settlement_old_layout)
{
    char *f = fixture("amazon_settlement_old.txt"), *db = ingest(0, f, NULL);
    ck_assert_int_eq(SQLI(db, "SELECT total_amount FROM settlement WHERE currency='EUR'"), 16150);
    ASSERT_SQL_TEXT(db, "SELECT period_end FROM settlement", "2026-11-15T00:00:00+00:00");
    ck_assert_int_eq(SQLI(db, "SELECT amount FROM payment WHERE order_no='302-1000001-1000001'"), 9000);
    ck_assert_int_eq(SQLI(db, "SELECT amount FROM payment WHERE order_no='302-2000002-2000002'"), 6800);
    ck_assert_int_eq(SQLI(db, "SELECT amount FROM settlement_component"), 350);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding WHERE code='SUM_MISMATCH'"), 0);
    g_free(db);
    g_free(f);
}
END_TEST

/* Order 1: items 500.00 (2 x 250) + 25.50; shipping 10.00; tax 40 + 0.80 + 2.04; promotion 5.00:
 * paid 525.50 + 10 + 42.84 - 5 = 573.34.  Order 2: 900.00.  Order 3 has quantity "two". */
START_TEST(amazon_orders_items_and_sums)
{
    char *f = fixture("amazon_orders.txt"), *db = ingest(3, f, NULL);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM orders WHERE platform_code='AMAZON' AND direction='export'"), 2);
    ck_assert_int_eq(SQLI(db, "SELECT goods_value FROM orders WHERE order_no='113-1111111-1111111'"), 52550);
    ck_assert_int_eq(SQLI(db, "SELECT tax_total FROM orders WHERE order_no='113-1111111-1111111'"), 4284);
    ck_assert_int_eq(SQLI(db, "SELECT discount FROM orders WHERE order_no='113-1111111-1111111'"), 500);
    ck_assert_int_eq(SQLI(db, "SELECT actual_paid FROM orders WHERE order_no='113-1111111-1111111'"), 57334);
    ck_assert_int_eq(SQLI(db, "SELECT actual_paid FROM orders WHERE order_no='113-2222222-2222222'"), 90000);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM order_item"), 3);
    ck_assert_int_eq(SQLI(db, "SELECT unit_price FROM order_item WHERE sku='CS-GREY-01'"), 25000);
    ASSERT_SQL_TEXT(db, "SELECT order_time FROM orders WHERE order_no='113-2222222-2222222'",
                    "2026-11-22T16:40:00+00:00");
    ASSERT_SQL_TEXT(db, "SELECT consignee_country FROM orders WHERE order_no='113-2222222-2222222'", "DE");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine WHERE locator='line 4' AND reason_code='BAD_QTY'"), 1);
    g_free(db);
    g_free(f);
}
END_TEST

/* #1001: two rows (order fields on the first only), a note with quoted newlines and quotes;
 * 2 x 50 + 50 = 150, + 12 shipping + 9.60 tax - 10 discount = 161.60; paid: a payment.
 * #1002 starts on line 6 (the note of #1001 spans lines 2-4). */
START_TEST(shopify_first_row_fields_and_multiline_notes)
{
    char *f = fixture("shopify_orders.csv"), *db = ingest(0, f, NULL);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM orders WHERE platform_code='SHOPIFY'"), 2);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM order_item"), 3);
    ck_assert_int_eq(SQLI(db, "SELECT sum(total) FROM order_item i JOIN orders o USING(order_id) "
                              "WHERE o.order_no='#1001'"), 15000);
    ck_assert_int_eq(SQLI(db, "SELECT goods_value + freight + tax_total - discount - actual_paid FROM orders "
                              "WHERE order_no='#1001'"), 0);
    ck_assert_int_eq(SQLI(db, "SELECT actual_paid FROM orders WHERE order_no='#1001'"), 16160);
    ASSERT_SQL_TEXT(db, "SELECT currency FROM orders WHERE order_no='#1002'", "EUR");
    ASSERT_SQL_TEXT(db, "SELECT locator FROM orders WHERE order_no='#1002'", "line 6");
    ASSERT_SQL_TEXT(db, "SELECT order_time FROM orders WHERE order_no='#1001'", "2026-11-20T09:50:00-04:00");
    ck_assert_int_eq(SQLI(db, "SELECT amount FROM payment WHERE pay_transaction_id='pay_1001' AND "
                              "pay_code='SHOPIFY' AND order_no='#1001'"), 16160);
    ASSERT_SQL_TEXT(db, "SELECT pay_time FROM payment", "2026-11-20T09:55:16-04:00");
    /* The phone is kept only hashed and masked. */
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM orders WHERE consignee_key IS NOT NULL AND "
                              "consignee_mask NOT LIKE '%555 010%'"), 1);
    g_free(db);
    g_free(f);
}
END_TEST

static void check_ozon(const char *db)
{
    /* Order 1: 1 000,00 + 234,56 + 450,00 = 1 684,56; order 2: 2 500,00.  Postings keep -N. */
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM orders WHERE platform_code='OZON'"), 2);
    ck_assert_int_eq(SQLI(db, "SELECT goods_value FROM orders WHERE order_no='0123456789-0001'"), 168456);
    ck_assert_int_eq(SQLI(db, "SELECT goods_value FROM orders WHERE order_no='0987654321-0001'"), 250000);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM order_item"), 4);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment WHERE logistics_code='OZON'"), 3);
    ck_assert_int_eq(SQLI(db, "SELECT declared_value FROM shipment WHERE logistics_no='0123456789-0001-1' AND "
                              "order_no='0123456789-0001'"), 123456);
    ck_assert_int_eq(SQLI(db, "SELECT declared_value FROM shipment WHERE logistics_no='0123456789-0001-2'"), 45000);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment_item WHERE name='Носки; верблюжья шерсть' AND qty='3' "
                              "AND unit_value=15000"), 1);
    ASSERT_SQL_TEXT(db, "SELECT ship_time FROM shipment WHERE logistics_no='0123456789-0001-1'",
                    "2026-11-21T09:00:00+03:00");
    ASSERT_SQL_TEXT(db, "SELECT status FROM orders WHERE order_no='0987654321-0001'", "Ожидает отгрузки");
}

START_TEST(ozon_bom_semicolon_decimal_comma)
{
    char *f = fixture("ozon_postings.csv"), *db = ingest(0, f, NULL);
    check_ozon(db);
    g_free(db);
    g_free(f);
}
END_TEST

/* Issue 14 item 5 in Ozon: "1,500" roubles in an amount column whose other values ("12,5")
 * prove a decimal comma is 1.50, not 1500; without the evidence it is 1500 with a finding. */
START_TEST(ozon_decimal_comma_by_column_evidence)
{
    static const char head[] = "Номер заказа;Номер отправления;Сумма отправления;Код валюты отправления;"
                               "Наименование товара;Количество;Итоговая стоимость товара;Код валюты товара\n";
    char *dir = tu_tmpdir(), *f = tu_path(dir, "ozon.csv"), *f2 = tu_path(dir, "ozon2.csv"), *db, *db2;
    char *csv = g_strconcat(head, "O-1;O-1-1;1,500;RUB;Шарф;1;1,500;RUB\nO-2;O-2-1;12,5;RUB;Носки;1;12,5;RUB\n", NULL);
    char *csv2 = g_strconcat(head, "O-1;O-1-1;1,500;RUB;Шарф;1;1,500;RUB\nO-2;O-2-1;12;RUB;Носки;1;12;RUB\n", NULL);
    tu_write(f, csv, -1);
    tu_write(f2, csv2, -1);
    db = ingest(0, f, NULL);
    ck_assert_int_eq(SQLI(db, "SELECT goods_value FROM orders WHERE order_no='O-1'"), 150);
    ck_assert_int_eq(SQLI(db, "SELECT declared_value FROM shipment WHERE logistics_no='O-1-1'"), 150);
    ck_assert_int_eq(SQLI(db, "SELECT goods_value FROM orders WHERE order_no='O-2'"), 1250);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding WHERE code='AMBIGUOUS_DECIMAL'"), 0);
    db2 = ingest(0, f2, NULL);
    ck_assert_int_eq(SQLI(db2, "SELECT goods_value FROM orders WHERE order_no='O-1'"), 150000);
    ck_assert_int_eq(SQLI(db2, "SELECT count(*) FROM finding WHERE code='AMBIGUOUS_DECIMAL' AND kind='orders'"), 1);
    ck_assert_int_eq(SQLI(db2, "SELECT count(*) FROM finding WHERE code='AMBIGUOUS_DECIMAL' AND kind='shipment'"), 2);
    g_free(db2);
    g_free(db);
    g_free(csv2);
    g_free(csv);
    g_free(f2);
    g_free(f);
    g_free(dir);
}
END_TEST

/* The same export as an older Windows-1251 file without BOM, with drifted header names. */
START_TEST(ozon_windows1251_drifted_headers)
{
    char *src = fixture("ozon_postings.csv"), *text = NULL, *cp, *dir = tu_tmpdir(), *f = tu_path(dir, "o.csv"), *db;
    gsize n = 0;
    GString *t;
    ck_assert(g_file_get_contents(src, &text, NULL, NULL));
    t = g_string_new(text + 3);                    /* without the BOM */
    g_string_replace(t, "Принят в обработку", "Дата принятия в обработку", 1);
    g_string_replace(t, "Итоговая стоимость товара", "Стоимость товара", 1);
    cp = g_convert(t->str, -1, "WINDOWS-1251", "UTF-8", NULL, &n, NULL);
    ck_assert_ptr_nonnull(cp);
    tu_write(f, cp, (ssize_t)n);
    db = ingest(0, f, NULL);
    check_ozon(db);
    g_free(db);
    g_free(cp);
    g_string_free(t, TRUE);
    g_free(f);
    g_free(dir);
    g_free(text);
    g_free(src);
}
END_TEST

/* A required column missing: the message names the map, the expected header and the nearest one. */
START_TEST(ozon_missing_column_named)
{
    char *src = fixture("ozon_postings.csv"), *text = NULL, *dir = tu_tmpdir(), *f = tu_path(dir, "o.csv"), *db, *msg;
    GString *t;
    ck_assert(g_file_get_contents(src, &text, NULL, NULL));
    t = g_string_new(text);
    g_string_replace(t, "Количество", "Кол-во шт", 1);
    tu_write(f, t->str, -1);
    db = ingest(3, f, NULL);
    msg = tu_sql_text(db, "SELECT message FROM quarantine WHERE reason_code='MISSING_COLUMN'");
    ck_assert_ptr_nonnull(msg);
    ck_assert_ptr_nonnull(strstr(msg, "plugins/ozon_postings/columns.ini"));
    ck_assert_ptr_nonnull(strstr(msg, "\"Количество\""));
    ck_assert_ptr_nonnull(strstr(msg, "nearest header: \"кол-во шт\""));
    /* A site column map adds the new name: the same file then reads. */
    {
        char *map = tu_path(dir, "ozon.columns"), *conf = tu_path(dir, "c.conf"), *db2 = tu_path(dir, "m.db");
        char *cf = g_strdup_printf("[plugin.ozon_postings]\ncolumns = %s\n", map);
        tu_write(map, "[columns]\nqty = Кол-во шт\n", -1);
        tu_write(conf, cf, -1);
        ck_assert_int_eq(tu_run(NULL, NULL, "--config", conf, "ingest", "--db", db2, f, NULL), 0);
        ck_assert_int_eq(SQLI(db2, "SELECT count(*) FROM shipment"), 3);
        g_free(cf);
        g_free(db2);
        g_free(conf);
        g_free(map);
    }
    g_free(msg);
    g_string_free(t, TRUE);
    g_free(db);
    g_free(f);
    g_free(dir);
    g_free(text);
    g_free(src);
}
END_TEST

/* Leading blank line, trailer lines, $ money with grouping, Jul-25-26 dates; multi-item order
 * 2 x 600 + 50 = 1 250 + 20 shipping = 1 270; order 3 has "N/A" money; order 4 is in "C $" (CAD). */
START_TEST(ebay_quirks)
{
    char *f = fixture("ebay_orders.csv"), *db = ingest(3, f, NULL);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM orders WHERE platform_code='EBAY'"), 3);
    ck_assert_int_eq(SQLI(db, "SELECT actual_paid FROM orders WHERE order_no='12-34567-89015' AND currency='CAD' "
                              "AND consignee_country='CA'"), 5000);
    ck_assert_int_eq(SQLI(db, "SELECT goods_value FROM orders WHERE order_no='12-34567-89013'"), 125000);
    ck_assert_int_eq(SQLI(db, "SELECT actual_paid FROM orders WHERE order_no='12-34567-89013'"), 127000);
    ck_assert_int_eq(SQLI(db, "SELECT actual_paid FROM orders WHERE order_no='12-34567-89012'"), 98700);
    ck_assert_int_eq(SQLI(db, "SELECT goods_value + freight + tax_total FROM orders WHERE order_no='12-34567-89012'"),
                     98700);
    ASSERT_SQL_TEXT(db, "SELECT order_time FROM orders WHERE order_no='12-34567-89012'", "2026-07-25");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM order_item"), 4);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment WHERE logistics_no='LX123456785CN' AND "
                              "tracking_kind='s10' AND order_no='12-34567-89012' AND destination_country='US'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine WHERE locator='line 7' AND reason_code='BAD_AMOUNT'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT records_read FROM source_file"), 5);
    g_free(db);
    g_free(f);
}
END_TEST

static void check_manifest(const char *db)
{
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment WHERE direction='export'"), 4);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment_item"), 5);
    /* 1.25 kg, 0.8 kg, 0.3 kg, 2 kg (or the same in grams). */
    ck_assert_int_eq(SQLI(db, "SELECT weight_g FROM shipment WHERE logistics_no='LX123456785CN'"), 1250);
    ck_assert_int_eq(SQLI(db, "SELECT weight_g FROM shipment WHERE logistics_no='RR473124829CN'"), 800);
    ck_assert_int_eq(SQLI(db, "SELECT sum(weight_g) FROM shipment"), 4350);
    /* 2 x 45.00 + 3 x 5.50 = 106.50 */
    ck_assert_int_eq(SQLI(db, "SELECT declared_value FROM shipment WHERE logistics_no='LX123456785CN'"), 10650);
    ck_assert_int_eq(SQLI(db, "SELECT sum(declared_value) FROM shipment"), 10650 + 1200 + 3000 + 18000);
    ASSERT_SQL_TEXT(db, "SELECT group_concat(destination_country, ',') FROM (SELECT destination_country FROM "
                        "shipment ORDER BY order_no)", "RU,MN,PL,US");
    /* S10: valid ones kept as s10 (spaces removed), a wrong check digit is a finding, others 'other'. */
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment WHERE tracking_kind='s10'"), 2);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment WHERE logistics_no='YT2411250001234' AND "
                              "tracking_kind='other'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding f JOIN shipment s ON f.row_id=s.shipment_id "
                              "WHERE f.code='BAD_S10' AND s.logistics_no='LX123456789CN'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment_item WHERE name='羊绒围巾' AND name_en='Cashmere scarf' "
                              "AND hs_code='6214200010' AND qty='2' AND unit_value=4500"), 1);
}

/* The row-per-item layout as a GB18030 file (kg), then the column-block layout (g, UTF-8):
 * the same four parcels, so the second file's records are exact duplicates. */
START_TEST(postal_manifest_both_layouts)
{
    char *src = fixture("postal_manifest_rows.utf8.csv"), *blocks = fixture("postal_manifest_blocks.csv");
    char *text = NULL, *gb, *dir = tu_tmpdir(), *f = tu_path(dir, "manifest.csv"), *db, *db2;
    gsize n = 0;
    ck_assert(g_file_get_contents(src, &text, NULL, NULL));
    gb = g_convert(text, -1, "GB18030", "UTF-8", NULL, &n, NULL);
    tu_write(f, gb, (ssize_t)n);
    db = ingest(0, f, NULL);
    check_manifest(db);
    db2 = ingest(0, blocks, NULL);
    check_manifest(db2);
    g_free(db2);
    db2 = ingest(0, f, blocks, NULL);
    ck_assert_int_eq(SQLI(db2, "SELECT sum(records_duplicate) FROM source_file"), 4);
    ck_assert_int_eq(SQLI(db2, "SELECT count(*) FROM shipment"), 4);
    g_free(db2);
    g_free(db);
    g_free(gb);
    g_free(f);
    g_free(dir);
    g_free(text);
    g_free(blocks);
    g_free(src);
}
END_TEST

/* The block layout again, as an XLSX upload: each CSV cell written as a string cell, except
 * the weight in grams as a number. */
START_TEST(postal_manifest_xlsx)
{
    char *src = fixture("postal_manifest_blocks.csv"), *text = NULL, *dir = tu_tmpdir();
    char *x = tu_path(dir, "epacket_manifest_20261125.xlsx"), *db, **lines;
    lxw_workbook *wb;
    lxw_worksheet *ws;
    int r, c;
    ck_assert(g_file_get_contents(src, &text, NULL, NULL));
    lines = g_strsplit(text, "\n", -1);
    wb = workbook_new(x);
    ws = workbook_add_worksheet(wb, "清单");
    for (r = 0; lines[r] && *lines[r]; r++) {
        char **cells = g_strsplit(lines[r], ",", -1);
        for (c = 0; cells[c]; c++) {
            if (r > 0 && c == 5)
                worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, g_ascii_strtod(cells[c], NULL), NULL);
            else if (*cells[c])
                worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, cells[c], NULL);
        }
        g_strfreev(cells);
    }
    workbook_close(wb);
    db = ingest(0, x, NULL);
    check_manifest(db);
    g_free(db);
    g_strfreev(lines);
    g_free(x);
    g_free(dir);
    g_free(text);
    g_free(src);
}
END_TEST

/* The direction comes from the manifest: its direction column (any of the words a post
 * writes), blank cells falling back to the countries; a word that is no direction is a row
 * error, never a guess.  P1 进口, P2 出口, P3 I (to Germany: the column wins), P4 E (to China:
 * the column wins), P5 blank to China (import by country), P6 "transit" (quarantined). */
START_TEST(postal_manifest_direction_column)
{
    static const char csv[] =
        "订单号,邮件号,进出口,寄达国,原寄国,重量(g),中文品名,数量,单价,币种\n"
        "O1,PX0001,进口,中国,俄罗斯,500,巧克力,2,35.00,CNY\n"
        "O2,PX0002,出口,俄罗斯,中国,700,羊绒围巾,1,320.00,CNY\n"
        "O3,PX0003,I,德国,蒙古,300,奶酪,1,68.00,CNY\n"
        "O4,PX0004,E,中国,中国,900,奶粉,1,268.00,CNY\n"
        "O5,PX0005,,CN,,400,蜂蜜,1,88.00,CNY\n"
        "O6,PX0006,transit,中国,俄罗斯,200,蜂蜜,1,88.00,CNY\n";
    char *dir = tu_tmpdir(), *f = tu_path(dir, "epacket_manifest.csv"), *db;
    tu_write(f, csv, -1);
    db = ingest(3, f, NULL); /* 3: finished with a quarantined row */
    ASSERT_SQL_TEXT(db, "SELECT group_concat(logistics_no||':'||direction, ',') FROM (SELECT * FROM shipment "
                        "ORDER BY logistics_no)",
                    "PX0001:import,PX0002:export,PX0003:import,PX0004:export,PX0005:import");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine WHERE locator='line 7' AND "
                              "reason_code='BAD_DIRECTION'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment WHERE direction='import' AND "
                              "destination_country='CN'"), 2);
    g_free(db);
    g_free(f);
    g_free(dir);
}
END_TEST

/* Without a direction column: destination China = import, origin China = export, else the
 * `direction` config key (default export); a config value that is no direction stops the file. */
START_TEST(postal_manifest_direction_from_countries)
{
    static const char csv[] =
        "订单号,邮件号,收件人,寄达国,原寄国,重量(g),中文品名,数量,单价,币种\n"
        "Q1,QX0001,王芳,中国,蒙古,500,羊绒衫,1,680.00,CNY\n"
        "Q2,QX0002,Olga Ivanova,Russia,China,700,羊绒围巾,1,320.00,CNY\n"
        "Q3,QX0003,Anna Weber,Germany,Mongolia,300,驼绒,1,420.00,CNY\n"
        "Q4,QX0004,李娜,CN,,400,奶粉,1,268.00,CNY\n";
    char *dir = tu_tmpdir(), *f = tu_path(dir, "manifest.csv"), *db = tu_path(dir, "conf.db"), *db2 = tu_path(dir, "bad.db");
    char *plain, *err = NULL;
    const char *want_default = "QX0001:import:CN,QX0002:export:RU,QX0003:export:DE,QX0004:import:CN";
    const char *sql = "SELECT group_concat(logistics_no||':'||direction||':'||destination_country, ',') FROM "
                      "(SELECT * FROM shipment ORDER BY logistics_no)";
    tu_write(f, csv, -1);
    plain = ingest(0, f, NULL);
    ASSERT_SQL_TEXT(plain, sql, want_default);
    ck_assert_int_eq(SQLI(plain, "SELECT count(*) FROM quarantine"), 0);
    /* the site says its unmarked parcels are inbound: only the parcel the countries leave open changes */
    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "-o", "plugin.postal_manifest.direction=import", "ingest", "--db", db,
                            f, NULL), 0);
    ASSERT_SQL_TEXT(db, sql, "QX0001:import:CN,QX0002:export:RU,QX0003:import:DE,QX0004:import:CN");
    /* a typo in the config is a clear error, and nothing of the file is stored */
    ck_assert_int_ne(tu_run(NULL, &err, "-q", "-o", "plugin.postal_manifest.direction=sideways", "ingest", "--db",
                            db2, f, NULL), 0);
    ck_assert_msg(err && strstr(err, "sideways"), "%s", err ? err : "");
    ck_assert_int_eq(SQLI(db2, "SELECT count(*) FROM shipment"), 0);
    g_free(err);
    g_free(plain);
    g_free(db);
    g_free(db2);
    g_free(f);
    g_free(dir);
}
END_TEST

/* Issue 14 item 5: a Russian postal manifest, semicolon-delimited, decimal commas.  The
 * weight column holds 0,480 / 1,250 / 12,5 kg: "0,480" and "12,5" prove a decimal comma,
 * so the ambiguous "1,250" is 1.25 kg, not 1250 kg; values "1 250,00" (space, NBSP). */
START_TEST(postal_manifest_decimal_comma_auto)
{
    char *f = fixture("postal_manifest_ru_semicolon.csv"), *db = ingest(0, f, NULL);
    const char *sql = "SELECT group_concat(logistics_no||':'||weight_g||':'||declared_value, ',') FROM "
                      "(SELECT * FROM shipment ORDER BY logistics_no)";
    ASSERT_SQL_TEXT(db, sql, "80010000000011:480:125000,80010000000028:1250:98000,80010000000035:12500:125000");
    ASSERT_SQL_TEXT(db, "SELECT group_concat(unit_value||' '||currency, ',') FROM (SELECT * FROM shipment_item "
                        "ORDER BY unit_value)", "98000 RUB,125000 RUB,125000 RUB");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding WHERE code='AMBIGUOUS_DECIMAL'"), 0);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine"), 0);
    ck_assert_int_eq(SQLI(db, "SELECT records_read FROM source_file"), 3);
    g_free(db);
    g_free(f);
}
END_TEST

/* The site's word wins over the evidence: decimal_mark = . in the plugin config (or in a
 * site column map) reads "1,250" kg as 1250 kg, and refuses the values that prove a
 * decimal comma ("0,480", "12,5") instead of rescaling them; ',' agrees with auto. */
START_TEST(postal_manifest_decimal_mark_config_wins)
{
    char *f = fixture("postal_manifest_ru_semicolon.csv"), *dir = tu_tmpdir(), *map = tu_path(dir, "site.columns");
    char *db = tu_path(dir, "point.db"), *db2 = tu_path(dir, "map.db"), *db3 = tu_path(dir, "comma.db"), *opt;
    const char *sql = "SELECT group_concat(logistics_no||':'||weight_g, ',') FROM "
                      "(SELECT * FROM shipment ORDER BY logistics_no)";
    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "-o", "plugin.postal_manifest.decimal_mark=.", "ingest", "--db", db, f,
                            NULL), 3);
    ASSERT_SQL_TEXT(db, sql, "80010000000028:1250000");
    ASSERT_SQL_TEXT(db, "SELECT group_concat(locator||':'||reason_code, ',') FROM (SELECT * FROM quarantine ORDER "
                        "BY locator)", "line 2:BAD_WEIGHT,line 4:BAD_WEIGHT");
    ck_assert_int_eq(SQLI(db, "SELECT records_read - records_stored - records_quarantined - records_duplicate "
                              "FROM source_file"), 0);
    /* the same through a site column map */
    tu_write(map, "[decimal_mark]\nweight_kg = .\n", -1);
    opt = g_strdup_printf("plugin.postal_manifest.columns=%s", map);
    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "-o", opt, "ingest", "--db", db2, f, NULL), 3);
    ASSERT_SQL_TEXT(db2, sql, "80010000000028:1250000");
    /* ',' declared: as auto decided */
    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "-o", "plugin.postal_manifest.decimal_mark=,", "ingest", "--db", db3, f,
                            NULL), 0);
    ASSERT_SQL_TEXT(db3, sql, "80010000000011:480,80010000000028:1250,80010000000035:12500");
    g_free(opt);
    g_free(db3);
    g_free(db2);
    g_free(db);
    g_free(map);
    g_free(dir);
    g_free(f);
}
END_TEST

/* A column whose first rows prove no decimal mark: "1,250" is read as 1250 kg (the US
 * reading, as before) and the stored shipment carries an AMBIGUOUS_DECIMAL finding naming
 * the column, the value and the reading; a value with no separator is no ambiguity. */
START_TEST(postal_manifest_ambiguous_decimal_is_a_finding)
{
    static const char csv[] = "Tracking No;Country;Weight (kg);Declared Value;Currency\n"
                              "80020000000014;Россия;1,250;15;RUB\n"
                              "80020000000021;Россия;2;16;RUB\n";
    char *dir = tu_tmpdir(), *f = tu_path(dir, "manifest.csv"), *db, *msg;
    tu_write(f, csv, -1);
    db = ingest(0, f, NULL);
    ck_assert_int_eq(SQLI(db, "SELECT weight_g FROM shipment WHERE logistics_no='80020000000014'"), 1250000);
    ck_assert_int_eq(SQLI(db, "SELECT weight_g FROM shipment WHERE logistics_no='80020000000021'"), 2000);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding WHERE code='AMBIGUOUS_DECIMAL'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding f JOIN shipment s ON f.row_id=s.shipment_id WHERE "
                              "f.code='AMBIGUOUS_DECIMAL' AND s.logistics_no='80020000000014'"), 1);
    msg = tu_sql_text(db, "SELECT message FROM finding WHERE code='AMBIGUOUS_DECIMAL'");
    ck_assert_msg(msg && strstr(msg, "weight (kg)") && strstr(msg, "\"1,250\"") && strstr(msg, "1250.000"), "%s",
                  msg ? msg : "(null)");
    g_free(msg);
    g_free(db);
    g_free(f);
    g_free(dir);
}
END_TEST

/* A Wildberries weekly report: XLSX (written with libxlsxwriter) inside a ZIP. */
static void write_wb(const char *path)
{
    static const char *const H[] = {"№", "Номер поставки", "Предмет", "Код номенклатуры", "Бренд",
                                    "Артикул поставщика", "Название", "Размер", "Баркод", "Тип документа",
                                    "Обоснование для оплаты", "Дата заказа покупателем", "Дата продажи", "Кол-во",
                                    "Цена розничная", "Вайлдберриз реализовал Товар (Пр)",
                                    "К перечислению Продавцу за реализованный Товар", "Количество доставок",
                                    "Количество возврата", "Услуги по доставке товара покупателю",
                                    "Общая сумма штрафов", "Страна", "Srid"};
    struct { const char *doc, *reason, *srid; int qty; double retail, payout, delivery, penalty; } R[] = {
        {"Продажа", "Продажа", "d.1a2b3c4d5e6f.0.0", 1, 1500, 1275.5, 0, 0},
        {"Продажа", "Продажа", "s.9f8e7d.1.0", 2, 2400, 2040, 0, 0},
        {"Возврат", "Возврат", "d.1a2b3c4d5e6f.0.0", 1, 1500, 1275.5, 0, 0},
        {"", "Логистика", "d.1a2b3c4d5e6f.0.0", 0, 0, 0, 85, 0},
        {"", "Штраф", "s.9f8e7d.1.0", 0, 0, 0, 0, 300}};
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Sheet1");
    lxw_format *d = workbook_add_format(wb), *dt = workbook_add_format(wb);
    lxw_datetime sale = {2026, 11, 18, 0, 0, 0}, order = {2026, 11, 15, 10, 30, 0};
    size_t c;
    int r;
    format_set_num_format(d, "dd.mm.yyyy");
    format_set_num_format(dt, "yyyy-mm-dd hh:mm:ss");
    worksheet_write_string(ws, 0, 0, "Детализация отчета реализации", NULL);   /* a title above the header */
    for (c = 0; c < G_N_ELEMENTS(H); c++)
        worksheet_write_string(ws, 1, (lxw_col_t)c, H[c], NULL);
    for (r = 0; r < 5; r++) {
        lxw_row_t row = (lxw_row_t)(r + 2);
        worksheet_write_number(ws, row, 0, r + 1, NULL);
        worksheet_write_number(ws, row, 1, 20261118, NULL);
        worksheet_write_string(ws, row, 2, "Шарфы", NULL);
        worksheet_write_number(ws, row, 3, 123456789, NULL);
        worksheet_write_string(ws, row, 5, r == 1 ? "SCARF-CAMEL" : "SCARF-CASH", NULL);
        worksheet_write_string(ws, row, 6, "Шарф кашемировый", NULL);
        worksheet_write_string(ws, row, 8, "2040123456789", NULL);
        worksheet_write_string(ws, row, 9, R[r].doc, NULL);
        worksheet_write_string(ws, row, 10, R[r].reason, NULL);
        worksheet_write_datetime(ws, row, 11, &order, dt);
        worksheet_write_datetime(ws, row, 12, &sale, d);
        worksheet_write_number(ws, row, 13, R[r].qty, NULL);
        worksheet_write_number(ws, row, 15, R[r].retail, NULL);
        worksheet_write_number(ws, row, 16, R[r].payout, NULL);
        worksheet_write_number(ws, row, 19, R[r].delivery, NULL);
        worksheet_write_number(ws, row, 20, R[r].penalty, NULL);
        worksheet_write_string(ws, row, 21, "Россия", NULL);
        worksheet_write_string(ws, row, 22, R[r].srid, NULL);
    }
    workbook_close(wb);
}

/* Sales 1275.50 + 2040.00, return -1275.50, logistics -85, penalty -300: the report nets 1655.00. */
START_TEST(wildberries_zip_xlsx)
{
    char *dir = tu_tmpdir(), *x = tu_path(dir, "wb.xlsx"), *z = tu_path(dir, "wildberries_week47.zip"), *data = NULL;
    char *db, *out = NULL;
    gsize len = 0;
    write_wb(x);
    ck_assert(g_file_get_contents(x, &data, &len, NULL));
    tu_archive1(z, "zip", "Еженедельный детализированный отчет №123456789.xlsx", data, len);
    ck_assert_int_eq(tu_run(&out, NULL, "probe", z, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "\twildberries_report\t"));
    db = ingest(0, z, NULL);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM orders WHERE platform_code='WILDBERRIES'"), 2);
    ck_assert_int_eq(SQLI(db, "SELECT goods_value FROM orders WHERE order_no='s.9f8e7d.1.0'"), 240000);
    ASSERT_SQL_TEXT(db, "SELECT order_time FROM orders WHERE order_no='s.9f8e7d.1.0'", "2026-11-15T10:30:00+03:00");
    ASSERT_SQL_TEXT(db, "SELECT consignee_country FROM orders WHERE order_no='s.9f8e7d.1.0'", "RU");
    ASSERT_SQL_TEXT(db, "SELECT qty FROM order_item i JOIN orders o USING(order_id) WHERE o.order_no='s.9f8e7d.1.0'",
                    "2");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM payment WHERE pay_code='WILDBERRIES'"), 3);
    ck_assert_int_eq(SQLI(db, "SELECT sum(amount) FROM payment WHERE order_no='d.1a2b3c4d5e6f.0.0'"), 0);
    ck_assert_int_eq(SQLI(db, "SELECT amount FROM payment WHERE pay_transaction_id LIKE '%-return-%'"), -127550);
    ck_assert_int_eq(SQLI(db, "SELECT total_amount FROM settlement WHERE settlement_ref='123456789' AND "
                              "currency='RUB'"), 165500);
    ASSERT_SQL_TEXT(db, "SELECT period_start FROM settlement", "2026-11-18");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM settlement_component"), 2);
    ck_assert_int_eq(SQLI(db, "SELECT sum(amount) FROM settlement_component"), -38500);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM payment WHERE settlement_id IS NOT NULL"), 3);
    ASSERT_SQL_TEXT(db, "SELECT locator FROM orders WHERE order_no='s.9f8e7d.1.0'", "Sheet1!row 4");
    g_free(out);
    g_free(db);
    g_free(data);
    g_free(z);
    g_free(x);
    g_free(dir);
}
END_TEST

/* The Ozon fixture with extra columns: header appended to the header line; each data
 * line gets the value of the first rule whose text it contains, else other. */
typedef struct { const char *contains, *value; } extra_col;
static GString *ozon_with_columns(const char *header, const extra_col *rules, size_t nrules, const char *other)
{
    char *oz = fixture("ozon_postings.csv"), *text = NULL, **lines;
    GString *out = g_string_new(NULL);
    int i;

    ck_assert(g_file_get_contents(oz, &text, NULL, NULL));
    lines = g_strsplit(text, "\n", -1);
    for (i = 0; lines[i] && *lines[i]; i++) {
        const char *add = other;
        size_t k;
        char *l = g_strchomp(lines[i]);
        for (k = 0; i > 0 && k < nrules; k++)
            if (strstr(l, rules[k].contains)) {
                add = rules[k].value;
                break;
            }
        g_string_append(out, l);
        g_string_append(out, i == 0 ? header : add);
        g_string_append_c(out, '\n');
    }
    g_strfreev(lines);
    g_free(text);
    g_free(oz);
    return out;
}

/* A tracking number in a platform export joins the carrier's declared waybill when the
 * site names the carrier's customs code (carrier_codes): one shipment, not two. */
START_TEST(export_tracking_joins_declared_waybill)
{
    char *w511 = tu_src("tests/fixtures/ceb/waybill_511.xml"), *w505 = tu_src("tests/fixtures/ceb/export_505.xml");
    char *eb = fixture("ebay_orders.csv"), *dir = tu_tmpdir(), *ozt = tu_path(dir, "ozon_tracked.csv"), *db;
    static const extra_col tracked[] = {{"0123456789-0001-1", ";EX0001;Почта России"}};
    GString *out;

    /* eBay: "China Post e-packet", LX 123 456 785 CN = the post's CEB511 LX123456785CN (1501L00001) */
    /* (the fixture's line 7 is a deliberate bad amount: exit 3) */
    db = ingest(3, "-o", "plugin.ebay_orders.carrier_codes=Yanwen = 1501L00005; china post E-PACKET = 1501L00001",
                w511, eb, NULL);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment WHERE logistics_no='LX123456785CN'"), 1);
    ASSERT_SQL_TEXT(db, "SELECT logistics_code FROM shipment WHERE logistics_no='LX123456785CN'", "1501L00001");
    g_free(db);
    /* without the mapping the service name keys a second waybill */
    db = ingest(3, w511, eb, NULL);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment WHERE logistics_no='LX123456785CN'"), 2);
    g_free(db);

    /* Ozon: the fixture with a tracking number and delivery service on the first posting */
    out = ozon_with_columns(";Трек-номер;Служба доставки", tracked, G_N_ELEMENTS(tracked), ";;");
    tu_write(ozt, out->str, -1);
    db = ingest(0, "-o", "plugin.ozon_postings.carrier_codes=Почта России=1501L00009", "-o",
                "plugin.ozon_postings.platform_code=1501P00009", w505, ozt, NULL);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment WHERE logistics_no='EX0001'"), 1);
    ASSERT_SQL_TEXT(db, "SELECT logistics_code || ' ' || bill_no FROM shipment WHERE logistics_no='EX0001'",
                    "1501L00009 0123456789-0001-1");
    /* postings without a tracking number stay keyed by their posting number */
    ASSERT_SQL_TEXT(db, "SELECT group_concat(logistics_no, ' ') FROM (SELECT logistics_no FROM shipment WHERE "
                        "logistics_code='OZON' ORDER BY 1)", "0123456789-0001-2 0987654321-0001-1");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM orders WHERE platform_code='OZON'"), 0);
    ck_assert_int_gt(SQLI(db, "SELECT count(*) FROM orders WHERE platform_code='1501P00009'"), 0);
    g_free(db);
    g_string_free(out, TRUE);
    g_free(ozt);
    g_free(dir);
    g_free(w511);
    g_free(w505);
    g_free(eb);
}
END_TEST

/* An Ozon tracking number shaped like a UPU S10 id but with a wrong check digit is kept
 * (the parcel is still that number) with a BAD_S10 finding; the posting stays its bill_no. */
START_TEST(ozon_bad_tracking_is_a_finding)
{
    static const extra_col bad[] = {{"0123456789-0001-2", ";LX123456789CN;Почта России"}};
    char *dir = tu_tmpdir(), *f = tu_path(dir, "ozon_bad_track.csv"), *db;
    GString *out = ozon_with_columns(";Трек-номер;Служба доставки", bad, G_N_ELEMENTS(bad), ";;");

    tu_write(f, out->str, -1);
    db = ingest(0, f, NULL);
    ASSERT_SQL_TEXT(db, "SELECT tracking_kind || ' ' || bill_no FROM shipment WHERE logistics_no='LX123456789CN'",
                    "other 0123456789-0001-2");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding f JOIN shipment s ON f.kind='shipment' AND "
                              "f.row_id=s.shipment_id WHERE f.code='BAD_S10' AND s.logistics_no='LX123456789CN'"), 1);
    g_free(db);
    g_string_free(out, TRUE);
    g_free(f);
    g_free(dir);
}
END_TEST

/* Ozon's delivery cost (Стоимость доставки, a posting's column repeated on its product rows) is
 * the order's freight, counted once per posting, and the buyer paid goods plus freight: an
 * export declared with its freight (CEB303 goodsValue + freight) agrees with the posting. */
START_TEST(ozon_delivery_cost_is_freight)
{
    char *dir = tu_tmpdir(), *f = tu_path(dir, "o.csv"), *bad = tu_path(dir, "bad.csv"), *db;
    /* posting -1 (two product rows): 150,00; posting -2: 50,00; order 0987...: none */
    static const extra_col cost[] = {{"0123456789-0001;0123456789-0001-1;", ";150,00"},
                                     {"0123456789-0001;0123456789-0001-2;", ";50,00"}};
    GString *out = ozon_with_columns(";Стоимость доставки", cost, G_N_ELEMENTS(cost), ";"), *broken;

    tu_write(f, out->str, -1);
    db = ingest(0, f, NULL);
    /* order 1: goods 1 684,56 (check_ozon) + freight 150,00 + 50,00 */
    ASSERT_SQL_TEXT(db, "SELECT goods_value||'|'||freight||'|'||actual_paid FROM orders WHERE order_no='0123456789-0001'",
                    "168456|20000|188456");
    /* no delivery cost: no freight, the goods are what was paid */
    ASSERT_SQL_TEXT(db, "SELECT goods_value||'|'||coalesce(freight,'-')||'|'||actual_paid FROM orders WHERE "
                        "order_no='0987654321-0001'", "250000|-|250000");
    g_free(db);
    /* a delivery cost that is not an amount: the row is quarantined, named */
    broken = g_string_new(out->str);
    g_string_replace(broken, ";50,00\n", ";бесплатно\n", 1);
    tu_write(bad, broken->str, -1);
    db = ingest(3, bad, NULL);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine WHERE reason_code='BAD_AMOUNT' AND message LIKE "
                              "'%delivery cost%'"), 1);
    g_free(db);
    g_string_free(broken, TRUE);
    g_string_free(out, TRUE);
    g_free(bad);
    g_free(f);
    g_free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tabular_plugins");
    TCase *tc = tcase_create("plugins");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, probe_each_fixture_to_its_plugin);
    tcase_add_test(tc, amazon_settlement_v2_adds_up);
    tcase_add_test(tc, amazon_settlement_sum_mismatch_is_a_finding);
    tcase_add_test(tc, amazon_settlement_old_layout);
    tcase_add_test(tc, amazon_orders_items_and_sums);
    tcase_add_test(tc, shopify_first_row_fields_and_multiline_notes);
    tcase_add_test(tc, ozon_bom_semicolon_decimal_comma);
    tcase_add_test(tc, ozon_windows1251_drifted_headers);
    tcase_add_test(tc, ozon_missing_column_named);
    tcase_add_test(tc, ebay_quirks);
    tcase_add_test(tc, postal_manifest_both_layouts);
    tcase_add_test(tc, postal_manifest_xlsx);
    tcase_add_test(tc, postal_manifest_direction_column);
    tcase_add_test(tc, postal_manifest_direction_from_countries);
    tcase_add_test(tc, postal_manifest_decimal_comma_auto);
    tcase_add_test(tc, ozon_decimal_comma_by_column_evidence);
    tcase_add_test(tc, postal_manifest_decimal_mark_config_wins);
    tcase_add_test(tc, postal_manifest_ambiguous_decimal_is_a_finding);
    tcase_add_test(tc, wildberries_zip_xlsx);
    tcase_add_test(tc, export_tracking_joins_declared_waybill);
    tcase_add_test(tc, ozon_bad_tracking_is_a_finding);
    tcase_add_test(tc, ozon_delivery_cost_is_freight);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
