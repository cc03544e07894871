/* The ceb plugin end to end: fixtures written from the CEB specification (202205
 * edition, plugins/ceb/README.md) and the CEB XSDs, ingested by the built cbecflow,
 * checked with SQL against values computed by hand. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "testutil.h"

static char *fixture(const char *name)
{
    char *rel = g_strconcat("tests/fixtures/ceb/", name, NULL);
    char *p = tu_src(rel);
    g_free(rel);
    return p;
}

static void assert_sql_str(const char *db, const char *sql, const char *want)
{
    char *v = tu_sql_text(db, sql);
    ck_assert_msg(v != NULL, "no value for %s", sql);
    ck_assert_msg(strcmp(v, want) == 0, "%s: got \"%s\", want \"%s\"", sql, v, want);
    g_free(v);
}

#define SQLI(db, sql) tu_sql_int(db, sql)

START_TEST(import_orders_values_findings_quarantine)
{
    char *dir = tu_tmpdir(), *db = tu_path(dir, "t.db"), *f = fixture("orders_311.xml"), *out = NULL;

    ck_assert_int_eq(tu_run(&out, NULL, "probe", f, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "\tceb\t100"));
    /* 2 quarantined records: exit 3. */
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, f, NULL), 3);
    /* read 5 = stored 2 + quarantined 2 + duplicate 1 */
    ck_assert_int_eq(SQLI(db, "SELECT records_read FROM source_file"), 5);
    ck_assert_int_eq(SQLI(db, "SELECT records_stored FROM source_file"), 2);
    ck_assert_int_eq(SQLI(db, "SELECT records_quarantined FROM source_file"), 2);
    ck_assert_int_eq(SQLI(db, "SELECT records_duplicate FROM source_file"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM orders"), 2);

    /* Order 1: amounts in fen, time with offset, codes mapped, personal data masked. */
    ck_assert_int_eq(SQLI(db, "SELECT goods_value FROM orders WHERE order_no='HH-311-0001'"), 29850);
    ck_assert_int_eq(SQLI(db, "SELECT freight FROM orders WHERE order_no='HH-311-0001'"), 1000);
    ck_assert_int_eq(SQLI(db, "SELECT discount FROM orders WHERE order_no='HH-311-0001'"), 550);
    ck_assert_int_eq(SQLI(db, "SELECT tax_total FROM orders WHERE order_no='HH-311-0001'"), 2717);
    ck_assert_int_eq(SQLI(db, "SELECT actual_paid FROM orders WHERE order_no='HH-311-0001'"), 33017);
    assert_sql_str(db, "SELECT currency || '/' || currency_code FROM orders WHERE order_no='HH-311-0001'", "CNY/142");
    assert_sql_str(db, "SELECT direction FROM orders WHERE order_no='HH-311-0001'", "import");
    assert_sql_str(db, "SELECT platform_code FROM orders WHERE order_no='HH-311-0001'", "1501P00001");
    assert_sql_str(db, "SELECT seller_code FROM orders WHERE order_no='HH-311-0001'", "1501S00001");
    assert_sql_str(db, "SELECT order_time FROM orders WHERE order_no='HH-311-0001'", "2026-11-25T08:30:15+08:00");
    assert_sql_str(db, "SELECT app_type FROM orders WHERE order_no='HH-311-0001'", "1");
    assert_sql_str(db, "SELECT pay_transaction_id FROM orders WHERE order_no='HH-311-0001'", "PAY-0001");
    assert_sql_str(db, "SELECT buyer_mask FROM orders WHERE order_no='HH-311-0001'", "150102********4518");
    assert_sql_str(db, "SELECT buyer_phone_mask FROM orders WHERE order_no='HH-311-0001'", "139****5678");
    assert_sql_str(db, "SELECT consignee_mask FROM orders WHERE order_no='HH-311-0001'", "138****5678");
    assert_sql_str(db, "SELECT consignee_name FROM orders WHERE order_no='HH-311-0001'", "王芳");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM orders WHERE buyer_key LIKE '%150102199003074518%' "
                              "OR consignee_key LIKE '%13812345678%'"), 0);
    ck_assert_int_eq(SQLI(db, "SELECT length(buyer_key) FROM orders WHERE order_no='HH-311-0001'"), 64);
    assert_sql_str(db, "SELECT locator FROM orders WHERE order_no='HH-311-0001'", "CEB311Message/Order[1]");

    /* Its lines: 2 x 99.25 = 198.50 and 4 x 25 = 100.00, origin 124 = Mongolia. */
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM order_item i JOIN orders o USING(order_id) "
                              "WHERE o.order_no='HH-311-0001'"), 2);
    ck_assert_int_eq(SQLI(db, "SELECT unit_price FROM order_item i JOIN orders o USING(order_id) "
                              "WHERE o.order_no='HH-311-0001' AND line_no=1"), 9925);
    ck_assert_int_eq(SQLI(db, "SELECT total FROM order_item i JOIN orders o USING(order_id) "
                              "WHERE o.order_no='HH-311-0001' AND line_no=1"), 19850);
    ck_assert_int_eq(SQLI(db, "SELECT sum(total) FROM order_item i JOIN orders o USING(order_id) "
                              "WHERE o.order_no='HH-311-0001'"), 29850);
    assert_sql_str(db, "SELECT qty || ' ' || name || ' ' || origin_country || '/' || origin_country_code FROM order_item "
                       "i JOIN orders o USING(order_id) WHERE o.order_no='HH-311-0001' AND line_no=2",
                   "4 牛肉干 MN/124");
    assert_sql_str(db, "SELECT sku FROM order_item i JOIN orders o USING(order_id) "
                       "WHERE o.order_no='HH-311-0001' AND line_no=1", "CASH-01");

    /* Order 1 is clean apart from the message's two BaseTransfer blocks (reported on its resent copy). */
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding f JOIN orders o ON f.kind='orders' AND "
                              "f.row_id=o.order_id WHERE o.order_no='HH-311-0001' AND f.code<>'BASE_TRANSFER'"), 0);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding WHERE code='BASE_TRANSFER'"), 1);

    /* Order 2: 100 + 0 + 9.10 - 0 = 109.10 <> 120; 3 x 30 = 90 <> 100; bad ID check character; 'aaa'. */
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding f JOIN orders o ON f.kind='orders' AND "
                              "f.row_id=o.order_id WHERE o.order_no='HH-311-0002' AND f.code='SUM_MISMATCH'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding WHERE code='LINE_TOTAL_MISMATCH' AND "
                              "message LIKE 'CEB311Message/Order[2]/OrderList[1]/totalPrice:%'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding WHERE code='ID_CHECKSUM' AND "
                              "locator='CEB311Message/Order[2]'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding WHERE code='PLACEHOLDER_CODE' AND message LIKE '%aaa%'"), 1);
    /* Line currency 998 is no customs code: reported, amounts fall back to the order's CNY. */
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding WHERE code='UNKNOWN_CODE' AND "
                              "message LIKE 'CEB311Message/Order[2]/OrderList[1]/currency:%998%'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding WHERE code='IMPORT_CURRENCY' AND message LIKE '%998%'"), 1);
    assert_sql_str(db, "SELECT i.currency || ' ' || i.total FROM order_item i JOIN orders o USING(order_id) "
                       "WHERE o.order_no='HH-311-0002'", "CNY 10000");
    ck_assert_int_eq(SQLI(db, "SELECT actual_paid FROM orders WHERE order_no='HH-311-0002'"), 12000);

    /* Quarantine: element paths and reasons. */
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine WHERE reason_code='MISSING_KEY' AND "
                              "locator='CEB311Message/Order[3]/OrderHead/orderNo'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine WHERE reason_code='BAD_AMOUNT' AND "
                              "locator='CEB311Message/Order[4]/OrderHead/goodsValue' AND raw_excerpt LIKE "
                              "'%<goodsValue>12,5O</goodsValue>%'"), 1);
    g_free(out);
    g_free(f);
    g_free(db);
    g_free(dir);
}
END_TEST

START_TEST(import_flow_payment_waybill_list_receipts)
{
    char *dir = tu_tmpdir(), *db = tu_path(dir, "t.db");
    const char *names[] = {"payment_411.xml", "waybill_511.xml", "status_513.xml", "list_621.xml",
                           "delivery_711.xml", "receipts_312.xml"};
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(names); i++) {
        char *f = fixture(names[i]);
        int rc = tu_run(NULL, NULL, "ingest", "--db", db, f, NULL);
        ck_assert_msg(rc == (i == 0 ? 3 : 0), "%s: exit %d", names[i], rc);
        g_free(f);
    }
    /* 411 */
    ck_assert_int_eq(SQLI(db, "SELECT amount FROM payment WHERE pay_transaction_id='PAY-0001'"), 33017);
    assert_sql_str(db, "SELECT pay_code || ' ' || order_no || ' ' || platform_code || ' ' || currency || ' ' || "
                       "pay_time FROM payment WHERE pay_transaction_id='PAY-0001'",
                   "1501Z00001 HH-311-0001 1501P00001 CNY 2026-11-25T08:29:00+08:00");
    assert_sql_str(db, "SELECT payer_mask || ' ' || payer_phone_mask FROM payment", "150102********4518 139****5678");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine WHERE reason_code='MISSING_KEY' AND "
                              "locator='CEB411Message/Payment[2]/PaymentHead/payTransactionId'"), 1);
    /* 511: 1.235 kg = 1235 g; S10 id; 2 packages on a retail waybill is a finding. */
    ck_assert_int_eq(SQLI(db, "SELECT weight_g FROM shipment WHERE logistics_no='LX123456785CN'"), 1235);
    ck_assert_int_eq(SQLI(db, "SELECT weight_g FROM shipment WHERE logistics_no='YT0000000002'"), 500);
    assert_sql_str(db, "SELECT tracking_kind || ' ' || order_no || ' ' || logistics_code || ' ' || consignee_mask "
                       "FROM shipment WHERE logistics_no='LX123456785CN'",
                   "s10 HH-311-0001 1501L00001 138****5678");
    assert_sql_str(db, "SELECT tracking_kind FROM shipment WHERE logistics_no='YT0000000002'", "other");
    ck_assert_int_eq(SQLI(db, "SELECT freight FROM shipment WHERE logistics_no='LX123456785CN'"), 1000);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding WHERE code='PACK_NO'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding f JOIN shipment s ON f.kind='shipment' AND "
                              "f.row_id=s.shipment_id WHERE s.logistics_no='YT0000000002' AND f.code='PACK_NO'"), 1);
    /* 513 (default namespace), 711 (one event per listed waybill). */
    assert_sql_str(db, "SELECT event || ' ' || event_time FROM shipment_event WHERE logistics_no='LX123456785CN' "
                       "AND event='S'", "S 2026-11-25T12:00:00+08:00");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment_event WHERE event='warehouse_entry' AND "
                              "reference='RKD-0001' AND bill_no='BILL-0001'"), 2);
    assert_sql_str(db, "SELECT locator FROM shipment_event WHERE event='warehouse_entry' AND "
                       "logistics_no='YT0000000002'", "CEB711Message/Delivery[1]/DeliveryList[2]");
    /* the 513 status is the waybill's latest status; the 711 entry (a movement) is not */
    assert_sql_str(db, "SELECT status || ' ' || status_time FROM shipment WHERE logistics_no='LX123456785CN'",
                   "S 2026-11-25T12:00:00+08:00");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment WHERE logistics_no='YT0000000002' AND status IS NULL"), 1);
    /* 621: the list's goods value is the sum of its lines (198.50 + 100.00). */
    ck_assert_int_eq(SQLI(db, "SELECT total_value FROM customs_list WHERE cop_no='COP-0001'"), 29850);
    assert_sql_str(db, "SELECT invt_no || ' ' || order_no || ' ' || logistics_no || ' ' || trade_mode || ' ' || "
                       "customs_code || ' ' || country || '/' || country_code || ' ' || declared_at || ' ' || ie_date "
                       "FROM customs_list WHERE cop_no='COP-0001'",
                   "070120261125000001 HH-311-0001 LX123456785CN 9610 0701 MN/124 2026-11-25 2026-11-26");
    ck_assert_int_eq(SQLI(db, "SELECT gross_weight_g FROM customs_list"), 1400);
    ck_assert_int_eq(SQLI(db, "SELECT net_weight_g FROM customs_list"), 1235);
    assert_sql_str(db, "SELECT hs_code || ' ' || name || ' ' || origin_country || ' ' || total FROM customs_list_item "
                       "WHERE line_no=2", "1602500090 牛肉干 MN 10000");
    /* 312 receipts: status, time with milliseconds, negative error codes. */
    assert_sql_str(db, "SELECT return_time FROM customs_receipt WHERE return_status='120'",
                   "2026-11-25T08:35:16.123+08:00");
    assert_sql_str(db, "SELECT message_type || ' ' || doc_kind || ' ' || order_no || ' ' || platform_code FROM "
                       "customs_receipt WHERE return_status='-621005'", "CEB312 order HH-311-0002 1501P00001");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding WHERE kind IN ('payment','shipment_event',"
                              "'customs_list','customs_receipt')"), 0);
    g_free(db);
    g_free(dir);
}
END_TEST

/* A CEB513 status message for a waybill, at a time (YYYYMMDDhhmmss). */
static char *status_513(const char *dir, const char *status, const char *time)
{
    char *name = g_strdup_printf("s513_%s_%s.xml", status, time), *p = tu_path(dir, name);
    char *xml = g_strdup_printf(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CEB513Message xmlns=\"http://www.chinaport.gov.cn/ceb\" "
        "guid=\"G-%s-%s\" version=\"1.0\"><LogisticsStatus><guid>L-%s-%s</guid><appType>1</appType>"
        "<appTime>%s</appTime><appStatus>2</appStatus><logisticsCode>1501L00001</logisticsCode>"
        "<logisticsName>Post</logisticsName><logisticsNo>LX123456785CN</logisticsNo>"
        "<logisticsStatus>%s</logisticsStatus><logisticsTime>%s</logisticsTime></LogisticsStatus>"
        "<BaseTransfer><copCode>1501L00001</copCode><copName>Post</copName><dxpMode>DXP</dxpMode>"
        "<dxpId>DXPENT0000000003</dxpId></BaseTransfer></CEB513Message>\n",
        status, time, status, time, time, status, time);
    tu_write(p, xml, -1);
    g_free(xml);
    g_free(name);
    return p;
}

/* shipment.status follows the newest 513 whatever the order of arrival: a status sent
 * before its waybill is picked up by the waybill, an older one never replaces a newer. */
START_TEST(waybill_status_follows_latest_513)
{
    char *dir = tu_tmpdir(), *db = tu_path(dir, "t.db");
    char *s2 = status_513(dir, "T", "20261125130000"), *s1 = status_513(dir, "S", "20261125120000");
    char *s3 = status_513(dir, "D", "20261126090000"), *w = fixture("waybill_511.xml");

    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "ingest", "--db", db, s2, NULL), 0);
    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "ingest", "--db", db, w, NULL), 0);
    assert_sql_str(db, "SELECT status || ' ' || status_time FROM shipment WHERE logistics_no='LX123456785CN'",
                   "T 2026-11-25T13:00:00+08:00");
    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "ingest", "--db", db, s1, NULL), 0);
    assert_sql_str(db, "SELECT status || ' ' || status_time FROM shipment WHERE logistics_no='LX123456785CN'",
                   "T 2026-11-25T13:00:00+08:00");
    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "ingest", "--db", db, s3, NULL), 0);
    assert_sql_str(db, "SELECT status || ' ' || status_time FROM shipment WHERE logistics_no='LX123456785CN'",
                   "D 2026-11-26T09:00:00+08:00");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment_event WHERE logistics_no='LX123456785CN'"), 3);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment WHERE logistics_no='YT0000000002' AND status IS NULL"), 1);
    g_free(s1);
    g_free(s2);
    g_free(s3);
    g_free(w);
    g_free(db);
    g_free(dir);
}
END_TEST

START_TEST(export_flow)
{
    char *dir = tu_tmpdir(), *db = tu_path(dir, "t.db");
    const char *names[] = {"export_303.xml", "export_403.xml", "export_505.xml", "export_509.xml", "export_603.xml"};
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(names); i++) {
        char *f = fixture(names[i]);
        int rc = tu_run(NULL, NULL, "ingest", "--db", db, f, NULL);
        ck_assert_msg(rc == (i == 3 ? 3 : 0), "%s: exit %d", names[i], rc);
        g_free(f);
    }
    /* 303 in USD (customs 502): 45.60 USD = 4560 cents. */
    assert_sql_str(db, "SELECT direction || ' ' || order_type || ' ' || currency || '/' || currency_code FROM orders",
                   "export E USD/502");
    ck_assert_int_eq(SQLI(db, "SELECT goods_value FROM orders WHERE order_no='HH-303-0001'"), 4560);
    ck_assert_int_eq(SQLI(db, "SELECT freight FROM orders WHERE order_no='HH-303-0001'"), 500);
    /* 403: a payment keyed by payNo, export direction. */
    assert_sql_str(db, "SELECT pay_transaction_id || ' ' || direction || ' ' || currency || ' ' || pay_time FROM payment",
                   "PN-303-0001 export USD 2026-11-24T10:10:10+08:00");
    ck_assert_int_eq(SQLI(db, "SELECT amount FROM payment"), 5060);
    /* 505: 0.8 kg, no order number in an export waybill. */
    ck_assert_int_eq(SQLI(db, "SELECT weight_g FROM shipment WHERE logistics_no='EX0001'"), 800);
    ck_assert_int_eq(SQLI(db, "SELECT insured_fee FROM shipment WHERE logistics_no='EX0001'"), 50);
    assert_sql_str(db, "SELECT direction FROM shipment", "export");
    /* 509: two departures stored, the line without logisticsNo quarantined with its path. */
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM shipment_event WHERE event='departure' AND "
                              "event_time='2026-11-26T06:00:00+08:00' AND reference='DEP-0001'"), 2);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine WHERE reason_code='MISSING_KEY' AND "
                              "locator='CEB509Message/Departure[1]/DepartureList[3]/logisticsNo'"), 1);
    /* 603: destination 344 = Russia; goods in USD from the lines, freight in CNY. */
    assert_sql_str(db, "SELECT country || '/' || country_code || ' ' || currency || ' ' || direction || ' ' || "
                       "order_no || ' ' || logistics_no FROM customs_list",
                   "RU/344 USD export HH-303-0001 EX0001");
    ck_assert_int_eq(SQLI(db, "SELECT total_value FROM customs_list"), 4560);
    ck_assert_int_eq(SQLI(db, "SELECT freight FROM customs_list"), 500);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding"), 0);
    g_free(db);
    g_free(dir);
}
END_TEST

START_TEST(resend_change_and_conflict)
{
    char *dir = tu_tmpdir(), *db = tu_path(dir, "t.db"), *a = fixture("orders_311.xml"), *b = fixture("resend_311.xml");

    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, a, NULL), 3);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, b, NULL), 0);
    /* No second trade: the same keys were updated. */
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM orders"), 2);
    /* appType 2: freight 12, paid 332.17, revision 2, no conflict finding. */
    ck_assert_int_eq(SQLI(db, "SELECT actual_paid FROM orders WHERE order_no='HH-311-0001'"), 33217);
    ck_assert_int_eq(SQLI(db, "SELECT revision FROM orders WHERE order_no='HH-311-0001'"), 2);
    assert_sql_str(db, "SELECT app_type FROM orders WHERE order_no='HH-311-0001'", "2");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding f JOIN orders o ON f.row_id=o.order_id AND "
                              "f.kind='orders' WHERE o.order_no='HH-311-0001' AND f.code='DUPLICATE_KEY'"), 0);
    /* appType 1 with other content: kept, flagged as a conflicting resend. */
    ck_assert_int_eq(SQLI(db, "SELECT actual_paid FROM orders WHERE order_no='HH-311-0002'"), 9819);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding f JOIN orders o ON f.row_id=o.order_id AND "
                              "f.kind='orders' WHERE o.order_no='HH-311-0002' AND f.code='DUPLICATE_KEY'"), 1);
    /* Its lines were replaced: one line of 90.00. */
    ck_assert_int_eq(SQLI(db, "SELECT sum(total) FROM order_item i JOIN orders o USING(order_id) "
                              "WHERE o.order_no='HH-311-0002'"), 9000);
    g_free(a);
    g_free(b);
    g_free(db);
    g_free(dir);
}
END_TEST

START_TEST(dxp_envelope_and_malformed)
{
    char *dir = tu_tmpdir(), *db = tu_path(dir, "t.db"), *src = fixture("payment_411.xml"), *body = NULL, *b64, *env,
         *envf = tu_path(dir, "dxp.xml"), *bad = fixture("malformed_411.xml");
    gsize len = 0;

    ck_assert(g_file_get_contents(src, &body, &len, NULL));
    b64 = g_base64_encode((const guchar *)body, len);
    env = g_strdup_printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<dxp:DxpMsg xmlns:dxp=\"http://www.chinaport.gov.cn/dxp\" ver=\"1.0\">\n"
                          "  <dxp:TransInfo><dxp:CopMsgId>6f1d2c3b-0411-4a5b-8c7d-9e0f1a2b3c4d</dxp:CopMsgId>"
                          "<dxp:SenderId>DXPENT0000000002</dxp:SenderId><dxp:ReceiverIds><dxp:ReceiverId>"
                          "DXPEDCCEB0000002</dxp:ReceiverId></dxp:ReceiverIds><dxp:CreatTime>2026-11-25T08:31:00"
                          "</dxp:CreatTime><dxp:MsgType>CEB411Message</dxp:MsgType></dxp:TransInfo>\n"
                          "  <dxp:Data>%s</dxp:Data>\n</dxp:DxpMsg>\n", b64);
    tu_write(envf, env, -1);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, envf, NULL), 3);
    ck_assert_int_eq(SQLI(db, "SELECT amount FROM payment WHERE pay_transaction_id='PAY-0001'"), 33017);
    assert_sql_str(db, "SELECT locator FROM payment", "DxpMsg/Data/CEB411Message/Payment[1]");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine WHERE locator="
                              "'DxpMsg/Data/CEB411Message/Payment[2]/PaymentHead/payTransactionId'"), 1);

    /* Malformed mid-file: the two records before it are kept, the rest is quarantined with its line. */
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, bad, NULL), 3);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM payment WHERE pay_transaction_id IN ('PAY-M-1','PAY-M-2')"), 2);
    ck_assert_int_eq(SQLI(db, "SELECT amount FROM payment WHERE pay_transaction_id='PAY-M-2'"), 2000);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM payment WHERE pay_transaction_id IN ('PAY-M-3','PAY-M-4')"), 0);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine WHERE reason_code='MALFORMED_XML' AND "
                              "locator LIKE 'line 6, CEB411Message%' AND message LIKE '%tag mismatch%'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT records_read - records_stored - records_quarantined - records_duplicate "
                              "FROM source_file WHERE path LIKE '%malformed_411.xml'"), 0);
    g_free(body);
    g_free(b64);
    g_free(env);
    g_free(envf);
    g_free(bad);
    g_free(src);
    g_free(db);
    g_free(dir);
}
END_TEST

START_TEST(receipts_and_edges)
{
    char *dir = tu_tmpdir(), *db = tu_path(dir, "t.db");
    const char *names[] = {"receipt_514.xml", "receipt_622.xml", "receipt_624.xml", "receipt_626.xml",
                           "receipt_712.xml", "receipt_900.xml"};
    char *edge = fixture("edge_311.xml");
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(names); i++) {
        char *f = fixture(names[i]);
        ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, f, NULL), 0);
        g_free(f);
    }
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM customs_receipt"), 6);
    assert_sql_str(db, "SELECT doc_kind || ' ' || return_status || ' ' || logistics_no FROM customs_receipt "
                       "WHERE message_type='CEB514'", "shipment_status 120 LX123456785CN");
    assert_sql_str(db, "SELECT return_status || ' ' || cop_no || ' ' || invt_no || ' ' || return_time FROM "
                       "customs_receipt WHERE message_type='CEB622'",
                   "800 COP-0001 070120261125000001 2026-11-26T09:30:00.500+08:00");
    assert_sql_str(db, "SELECT doc_kind || ' ' || return_status FROM customs_receipt WHERE message_type='CEB624'",
                   "list_cancel 100");
    assert_sql_str(db, "SELECT doc_kind FROM customs_receipt WHERE message_type='CEB626'", "list_refund");
    assert_sql_str(db, "SELECT doc_kind || ' ' || cop_no FROM customs_receipt WHERE message_type='CEB712'",
                   "warehouse_entry RK-COP-1");
    assert_sql_str(db, "SELECT doc_kind || ' ' || return_status || ' ' || return_time FROM customs_receipt "
                       "WHERE message_type='CEB900'", "message -1 2026-11-25T08:31:00.999+08:00");

    /* Overflow is a record error; a bad time and a repeated gnum are findings; an empty Order has no key. */
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, edge, NULL), 3);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine WHERE reason_code='BAD_AMOUNT' AND "
                              "locator='CEB311Message/Order[1]/OrderHead/goodsValue' AND message LIKE '%too large%'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine WHERE reason_code='MISSING_KEY' AND "
                              "locator='CEB311Message/Order[3]/orderNo'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM orders WHERE order_no='HH-E-2' AND order_time IS NULL"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding WHERE code='BAD_TIME'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding WHERE code='BAD_GNUM'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM order_item i JOIN orders o USING(order_id) WHERE "
                              "o.order_no='HH-E-2'"), 2);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM finding f JOIN orders o ON f.kind='orders' AND "
                              "f.row_id=o.order_id WHERE o.order_no='HH-E-4' AND f.code='DELETE_REQUEST'"), 1);
    assert_sql_str(db, "SELECT app_type FROM orders WHERE order_no='HH-E-4'", "3");
    ck_assert_int_eq(SQLI(db, "SELECT records_read FROM source_file WHERE path LIKE '%edge_311.xml'"), 4);
    g_free(edge);
    g_free(db);
    g_free(dir);
}
END_TEST

START_TEST(hostile_inputs_end_to_end)
{
    char *dir = tu_tmpdir(), *db = tu_path(dir, "t.db"), *xxe = tu_path(dir, "xxe.xml"), *gz = tu_path(dir, "bomb.xml.gz"),
         *cmd;
    gint64 t0;
    int status = 0;

    /* XXE: claimed by ceb (chinaport namespace), refused before parsing, nothing stored. */
    tu_write(xxe, "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                  "<CEB311Message xmlns=\"http://www.chinaport.gov.cn/ceb\"><Order><OrderHead><orderNo>&x;</orderNo>"
                  "</OrderHead></Order></CEB311Message>\n", -1);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, xxe, NULL), 3);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine WHERE reason_code='DOCTYPE_FORBIDDEN'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM source_file WHERE plugin='ceb'"), 1);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM orders"), 0);
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM quarantine WHERE raw_excerpt LIKE '%root:%' OR message LIKE "
                              "'%root:%'"), 0);

    /* A gzip bomb (64 MiB of XML from ~65 KiB): bounded by the core's ratio limit or the plugin's budget. */
    cmd = g_strdup_printf("{ printf '<CEB311Message xmlns=\"http://www.chinaport.gov.cn/ceb\"><Order><OrderHead>"
                          "<orderNo>'; head -c 67108864 /dev/zero | tr '\\000' 'A'; } | gzip -1 -c > '%s'", gz);
    {
        char *argv[] = {"/bin/sh", "-c", cmd, NULL};
        ck_assert(g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, NULL));
    }
    t0 = g_get_monotonic_time();
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", db, gz, NULL), 3);
    ck_assert_msg(g_get_monotonic_time() - t0 < 60 * G_USEC_PER_SEC, "took too long");
    ck_assert_int_eq(SQLI(db, "SELECT count(*) FROM orders"), 0);
    ck_assert_int_ge(SQLI(db, "SELECT count(*) FROM quarantine WHERE path LIKE '%bomb.xml.gz%'"), 1);
    g_free(cmd);
    g_free(gz);
    g_free(xxe);
    g_free(db);
    g_free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ceb");
    TCase *tc = tcase_create("ceb");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, import_orders_values_findings_quarantine);
    tcase_add_test(tc, import_flow_payment_waybill_list_receipts);
    tcase_add_test(tc, waybill_status_follows_latest_513);
    tcase_add_test(tc, export_flow);
    tcase_add_test(tc, resend_change_and_conflict);
    tcase_add_test(tc, dxp_envelope_and_malformed);
    tcase_add_test(tc, receipts_and_edges);
    tcase_add_test(tc, hostile_inputs_end_to_end);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
