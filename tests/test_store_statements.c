/* The statements the store runs per record and per file (issue 22): a new record is its
 * INSERT and its lines, with no lookup before; a link that cannot change anything is not
 * run; a statement asked once per input file is prepared once.  Each test also checks
 * that what is stored is what the longer way stored. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "core/base/record.h"
#include "core/reingest.h"
#include "core/store.h"
#include "testutil.h"

/* The statements run while tracing, by their first words. */
typedef struct trace {
    int on;
    GPtrArray *sql;
    int64_t sealed_runs[4];   /* SQLITE_STMTSTATUS_RUN of the sealed check, at each call */
    int sealed_calls;
} trace;

static int on_stmt(unsigned type, void *ud, void *p, void *x)
{
    trace *t = ud;
    const char *sql = sqlite3_sql(p);
    (void)type, (void)x;
    if (!t->on || !sql)
        return 0;
    g_ptr_array_add(t->sql, g_strdup(sql));
    if (g_str_has_prefix(sql, "SELECT 1 FROM source_file WHERE sha256") && t->sealed_calls < 4)
        t->sealed_runs[t->sealed_calls++] = sqlite3_stmt_status(p, SQLITE_STMTSTATUS_RUN, 0);
    return 0;
}

static int count_prefix(const trace *t, const char *prefix)
{
    int n = 0;
    for (guint i = 0; i < t->sql->len; i++)
        n += g_str_has_prefix(g_ptr_array_index(t->sql, i), prefix);
    return n;
}

typedef struct fixture {
    char *dir, *path;
    cbec_store *st;
    cbec_record rec;
    trace t;
    int64_t run;
} fixture;

static void fx_open(fixture *f)
{
    char *why = NULL;
    memset(f, 0, sizeof *f);
    f->dir = tu_tmpdir();
    f->path = tu_path(f->dir, "s.db");
    ck_assert_int_eq(cbec_store_open(f->path, 0, &f->st, &why), CBEC_ERR_NONE);
    cbec_record_init(&f->rec);
    f->t.sql = g_ptr_array_new_with_free_func(g_free);
    sqlite3_trace_v2(cbec_store_db(f->st), SQLITE_TRACE_STMT, on_stmt, &f->t);
    f->run = cbec_store_run_begin(f->st, "test", NULL);
}

static void fx_close(fixture *f)
{
    cbec_record_free(&f->rec);
    cbec_store_close(f->st);
    g_ptr_array_unref(f->t.sql);
    g_free(f->path);
    g_free(f->dir);
}

static void file_begin(fixture *f, const char *name)
{
    int64_t sid;
    ck_assert_int_eq(cbec_store_file_begin(f->st, f->run, name, NULL, -1, &sid), CBEC_ERR_NONE);
    cbec_store_file_plugin(f->st, "ceb", "1");
}

static void file_commit(fixture *f)
{
    cbec_counts c = {0, 0, 0, 0, 0};
    ck_assert_int_eq(cbec_store_file_commit(f->st, "", 0, &c, "ok", NULL), CBEC_ERR_NONE);
}

/* Store the record built in f->rec, tracing only its statements. */
static cbec_store_result store(fixture *f)
{
    char why[300] = "";
    cbec_store_result r;
    g_ptr_array_set_size(f->t.sql, 0);
    f->t.on = 1;
    r = cbec_store_record(f->st, &f->rec, why, sizeof why);
    f->t.on = 0;
    return r;
}

static void build_order(cbec_record *rec, const char *no, const char *value, int lines)
{
    cbec_record_reset(rec);
    cbec_record_begin(rec, "orders");
    cbec_record_set_text(rec, "order_no", no);
    cbec_record_set_text(rec, "platform_code", "P1");
    cbec_record_set_text(rec, "seller_name", value);
    for (int i = 0; i < lines; i++) {
        cbec_record_child(rec, "order_item");
        cbec_record_set_text(rec, "name", i ? "felt" : "camel hair");
    }
}

static int64_t q(fixture *f, const char *sql) { return cbec_db_int(cbec_store_db(f->st), sql, -1); }

/* A new order with two lines: three INSERTs, no SELECT first.  The same order again is a
 * duplicate, and a changed one updates the stored row, as before. */
START_TEST(new_record_is_one_statement_and_its_lines)
{
    fixture f;
    fx_open(&f);
    file_begin(&f, "a.xml");
    build_order(&f.rec, "O0", "warm-up: the shapes are read from the schema once", 2);
    ck_assert_int_eq(store(&f), CBEC_STORED_NEW);
    build_order(&f.rec, "O1", "Erdos", 2);
    ck_assert_int_eq(store(&f), CBEC_STORED_NEW);
    ck_assert_int_eq(f.t.sql->len, 3);
    ck_assert_int_eq(count_prefix(&f.t, "SELECT"), 0);
    ck_assert_int_eq(count_prefix(&f.t, "INSERT INTO \"orders\""), 1);
    ck_assert_int_eq(count_prefix(&f.t, "INSERT INTO \"order_item\""), 2);

    ck_assert_int_eq(store(&f), CBEC_STORED_DUP);
    build_order(&f.rec, "O1", "Erdos Cashmere", 1);
    ck_assert_int_eq(store(&f), CBEC_STORED_UPDATE);
    build_order(&f.rec, "O2", "Ordos", 1);
    ck_assert_int_eq(store(&f), CBEC_STORED_NEW);
    file_commit(&f);

    ck_assert_int_eq(q(&f, "SELECT count(*) FROM orders"), 3);
    ck_assert_int_eq(q(&f, "SELECT order_id FROM orders WHERE order_no='O1'"), 2);
    ck_assert_int_eq(q(&f, "SELECT revision FROM orders WHERE order_no='O1'"), 2);
    ck_assert_int_eq(q(&f, "SELECT count(*) FROM orders WHERE order_no='O1' AND seller_name='Erdos Cashmere'"), 1);
    ck_assert_int_eq(q(&f, "SELECT count(*) FROM order_item WHERE order_id=2"), 1);
    ck_assert_int_eq(q(&f, "SELECT count(*) FROM order_item"), 4);
    ck_assert_int_eq(q(&f, "SELECT count(*) FROM finding WHERE code='DUPLICATE_KEY'"), 0);
    fx_close(&f);
}
END_TEST

/* A record without every key column keeps the lookup (an unset key column matches its
 * default, which a UNIQUE index cannot tell): stored once, then found as a duplicate. */
START_TEST(record_without_its_whole_key_is_looked_up)
{
    fixture f;
    fx_open(&f);
    file_begin(&f, "a.xml");
    cbec_record_reset(&f.rec);
    cbec_record_begin(&f.rec, "payment");
    cbec_record_set_text(&f.rec, "pay_transaction_id", "T1");   /* pay_code: its default '' */
    ck_assert_int_eq(store(&f), CBEC_STORED_NEW);
    ck_assert_int_eq(count_prefix(&f.t, "SELECT rowid"), 1);
    ck_assert_int_eq(store(&f), CBEC_STORED_DUP);
    file_commit(&f);
    ck_assert_int_eq(q(&f, "SELECT count(*) FROM payment"), 1);
    fx_close(&f);
}
END_TEST

static void build_payment(cbec_record *rec, const char *txn, const char *settlement_ref)
{
    cbec_record_reset(rec);
    cbec_record_begin(rec, "payment");
    cbec_record_set_text(rec, "pay_transaction_id", txn);
    cbec_record_set_text(rec, "pay_code", "PAY1");
    cbec_record_set_text(rec, "order_no", "O1");
    if (settlement_ref)
        cbec_record_set_text(rec, "settlement_ref", settlement_ref);
}

/* A payment that names no settlement runs no settlement link; one that names a stored
 * settlement is linked to it. */
START_TEST(payment_link_runs_only_with_a_settlement)
{
    fixture f;
    fx_open(&f);
    file_begin(&f, "a.xml");
    cbec_record_reset(&f.rec);
    cbec_record_begin(&f.rec, "settlement");
    cbec_record_set_text(&f.rec, "settlement_ref", "S1");
    cbec_record_set_text(&f.rec, "platform_code", "AMZ");
    ck_assert_int_eq(store(&f), CBEC_STORED_NEW);

    build_payment(&f.rec, "T0", NULL);   /* warm-up: the shape is read from the schema once */
    ck_assert_int_eq(store(&f), CBEC_STORED_NEW);
    build_payment(&f.rec, "T1", NULL);
    ck_assert_int_eq(store(&f), CBEC_STORED_NEW);
    ck_assert_int_eq(f.t.sql->len, 1);
    ck_assert_int_eq(count_prefix(&f.t, "UPDATE"), 0);

    build_payment(&f.rec, "T2", "S1");
    ck_assert_int_eq(store(&f), CBEC_STORED_NEW);
    ck_assert_int_eq(count_prefix(&f.t, "UPDATE payment SET settlement_id"), 1);
    file_commit(&f);
    ck_assert_int_eq(q(&f, "SELECT settlement_id FROM payment WHERE pay_transaction_id='T2'"), 1);
    ck_assert_int_eq(q(&f, "SELECT count(*) FROM payment WHERE pay_transaction_id='T1' AND settlement_id IS NULL"),
                     1);
    fx_close(&f);
}
END_TEST

static void build_shipment(cbec_record *rec, const char *no)
{
    cbec_record_reset(rec);
    cbec_record_begin(rec, "shipment");
    cbec_record_set_text(rec, "logistics_no", no);
    cbec_record_set_text(rec, "logistics_code", "EMS");
}

static void build_event(cbec_record *rec, const char *no, const char *event)
{
    cbec_record_reset(rec);
    cbec_record_begin(rec, "shipment_event");
    cbec_record_set_text(rec, "logistics_no", no);
    cbec_record_set_text(rec, "logistics_code", "EMS");
    cbec_record_set_text(rec, "event", event);
    cbec_record_set_text(rec, "event_time", "2026-11-20T10:00:00+08:00");
}

/* A waybill takes the status of an event that came before it.  While the dataset holds no
 * event, a waybill runs no such link; once one is stored (in this file or an earlier
 * one), the link runs again. */
START_TEST(shipment_status_link_runs_only_with_events)
{
    fixture f;
    fx_open(&f);
    file_begin(&f, "a.xml");
    build_shipment(&f.rec, "W0");      /* warm-up: the shape is read from the schema once */
    ck_assert_int_eq(store(&f), CBEC_STORED_NEW);
    build_shipment(&f.rec, "W1");
    ck_assert_int_eq(store(&f), CBEC_STORED_NEW);
    ck_assert_int_eq(f.t.sql->len, 1);
    build_event(&f.rec, "W2", "delivered");
    ck_assert_int_eq(store(&f), CBEC_STORED_NEW);
    build_shipment(&f.rec, "W2");
    ck_assert_int_eq(store(&f), CBEC_STORED_NEW);
    ck_assert_int_eq(count_prefix(&f.t, "UPDATE shipment"), 1);
    file_commit(&f);

    file_begin(&f, "b.xml");
    build_event(&f.rec, "W3", "delivered");
    ck_assert_int_eq(store(&f), CBEC_STORED_NEW);
    file_commit(&f);
    file_begin(&f, "c.xml");
    build_shipment(&f.rec, "W3");
    ck_assert_int_eq(store(&f), CBEC_STORED_NEW);
    ck_assert_int_eq(count_prefix(&f.t, "UPDATE shipment"), 1);
    file_commit(&f);

    ck_assert_int_eq(q(&f, "SELECT count(*) FROM shipment WHERE status='delivered'"), 2);
    ck_assert_int_eq(q(&f, "SELECT count(*) FROM shipment WHERE logistics_no='W1' AND status IS NULL"), 1);
    fx_close(&f);
}
END_TEST

/* The content hash is the SHA-256 of the row's bytes, as datasets of earlier versions hold
 * it: kind, then \x1e name \x1f value per field (#n for a number), \x1d, then the lines. */
START_TEST(content_hash_bytes_are_unchanged)
{
#define RS "\x1e"   /* (apart: a hex escape would swallow the letters after it) */
#define US "\x1f"
#define GS "\x1d"
    static const char bytes[] = "orders" RS "order_no" US "O9" RS "platform_code" US "P1" RS "seller_name" US "Erdos"
                                RS "goods_value" US "#-1250" GS "order_item" RS "name" US "camel hair" GS;
#undef RS
#undef US
#undef GS
    char *want = g_compute_checksum_for_string(G_CHECKSUM_SHA256, bytes, -1), *got;
    fixture f;
    fx_open(&f);
    file_begin(&f, "a.xml");
    cbec_record_reset(&f.rec);
    cbec_record_begin(&f.rec, "orders");
    cbec_record_set_text(&f.rec, "order_no", "O9");
    cbec_record_set_text(&f.rec, "platform_code", "P1");
    cbec_record_set_text(&f.rec, "seller_name", "Erdos");
    cbec_record_set_int(&f.rec, "goods_value", -1250);
    cbec_record_child(&f.rec, "order_item");
    cbec_record_set_text(&f.rec, "name", "camel hair");
    ck_assert_int_eq(store(&f), CBEC_STORED_NEW);
    file_commit(&f);
    got = tu_sql_text(f.path, "SELECT content_hash FROM orders WHERE order_no='O9'");
    ck_assert_str_eq(got, want);
    g_free(got);
    g_free(want);
    fx_close(&f);
}
END_TEST

/* The check made once per input file is prepared once, not once per file. */
START_TEST(per_file_statement_is_prepared_once)
{
    fixture f;
    fx_open(&f);
    f.t.on = 1;
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(cbec_reingest_sealed(f.st, "00ff", f.run, 0), 0);
    f.t.on = 0;
    ck_assert_int_eq(f.t.sealed_calls, 3);
    /* a statement prepared anew starts its run count again at every call */
    ck_assert_int_lt(f.t.sealed_runs[0], f.t.sealed_runs[2]);
    fx_close(&f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("store_statements");
    TCase *tc = tcase_create("store_statements");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, new_record_is_one_statement_and_its_lines);
    tcase_add_test(tc, record_without_its_whole_key_is_looked_up);
    tcase_add_test(tc, payment_link_runs_only_with_a_settlement);
    tcase_add_test(tc, shipment_status_link_runs_only_with_events);
    tcase_add_test(tc, per_file_statement_is_prepared_once);
    tcase_add_test(tc, content_hash_bytes_are_unchanged);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
