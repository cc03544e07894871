/* `cbecflow alert list|ack|close` (analysis/credit_risk/handling.h): an alert is taken in hand or
 * closed with a note, by whom and when; the status survives analyse raising the alert again on
 * a later night, and changed evidence opens it again.  Hand-built datasets (test_risk_data.h). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "test_risk_data.h"
#include "testutil.h"

#define DATE "2026-11-26"

static cbec_store *st;
static char *db;

static void setup(void)
{
    st = rd_open(&db);
    rd_clean(st);
}

static void teardown(void)
{
    cbec_store_close(st);
    g_free(db);
}

/* One buyer over the annual limit: six purchases of 4,500.00 in 2026 (R-ANNUAL-LIMIT, crossed on 2026-11-02). */
static void annual_buyer(int from, int to)
{
    for (int i = from; i < to; i++) {
        char no[8], time[32];
        rd_trade t = {.buyer = "BUYER-A", .hs = "8471300000", .unit_fen = 450000, .qty = 1, .weight_g = 2000};
        g_snprintf(no, sizeof no, "A%d", i + 1);
        g_snprintf(time, sizeof time, "2026-%02d-02T10:00:00+08:00", i + 1 < 7 ? 2 * i + 1 : 11);
        if (i == 5)
            g_strlcpy(time, "2026-11-02T10:00:00+08:00", sizeof time);
        if (i == 6)
            g_strlcpy(time, "2026-11-20T10:00:00+08:00", sizeof time);
        t.order_no = no;
        t.time = time;
        rd_trade_add(st, &t);
    }
}

static char *alert_id(const char *rule)
{
    char *sql = g_strdup_printf("SELECT alert_id FROM alert WHERE rule_id='%s'", rule), *id = rd_text(st, sql);
    ck_assert_ptr_nonnull(id);
    g_free(sql);
    return id;
}

static char *status_of(const char *rule)
{
    char *sql = g_strdup_printf("SELECT v.status FROM alert a JOIN v_alert_status v USING(alert_id) WHERE"
                                " a.rule_id='%s'", rule);
    char *s = rd_text(st, sql);
    g_free(sql);
    return s;
}

START_TEST(ack_and_close_record_who_when_and_note)
{
    rd_trade s1 = {.order_no = "S1", .hs = "8471300000", .unit_fen = 520000, .qty = 1, .weight_g = 2000};
    char *single, *annual, *out = NULL, *err = NULL, *s;

    rd_trade_add(st, &s1);
    annual_buyer(0, 6);
    rd_analyse(st, DATE);
    single = alert_id("R-SINGLE-LIMIT");
    annual = alert_id("R-ANNUAL-LIMIT");
    s = status_of("R-SINGLE-LIMIT");
    ck_assert_str_eq(s, "open");
    g_free(s);

    /* --by names who; without it the login name ($USER) acts */
    ck_assert_int_eq(tu_run(&out, &err, "-q", "alert", "close", single, "--note", "price checked: a laptop",
                            "--by", "王芳", "--db", db, NULL), 0);
    g_free(out);
    g_free(err);
    g_setenv("USER", "zhangwei", TRUE);
    ck_assert_int_eq(tu_run(&out, &err, "-q", "alert", "ack", annual, "--note", "asked the platform", "--db", db,
                            NULL), 0);
    g_free(out);
    g_free(err);
    s = status_of("R-SINGLE-LIMIT");
    ck_assert_str_eq(s, "closed");
    g_free(s);
    s = status_of("R-ANNUAL-LIMIT");
    ck_assert_str_eq(s, "in_hand");
    g_free(s);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM alert_action WHERE actor='王芳' AND action='close' AND"
                                " note='price checked: a laptop' AND rule_id='R-SINGLE-LIMIT' AND"
                                " acted_at GLOB '20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'"),
                     1);
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM alert_action WHERE actor='zhangwei' AND action='ack'"), 1);

    /* list: every alert with its status, who and when; --status picks one state */
    ck_assert_int_eq(tu_run(&out, &err, "alert", "list", "--db", db, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "\tclosed\t王芳\t"));
    ck_assert_ptr_nonnull(strstr(out, "\tin_hand\tzhangwei\t"));
    g_free(out);
    g_free(err);
    ck_assert_int_eq(tu_run(&out, &err, "alert", "list", "--status", "closed", "--db", db, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "R-SINGLE-LIMIT"));
    ck_assert_ptr_null(strstr(out, "R-ANNUAL-LIMIT"));
    g_free(out);
    g_free(err);
    g_free(single);
    g_free(annual);
}
END_TEST

START_TEST(status_survives_reanalysis_until_the_evidence_changes)
{
    rd_trade s1 = {.order_no = "S1", .hs = "8471300000", .unit_fen = 520000, .qty = 1, .weight_g = 2000};
    char *single, *annual, *again, *s;

    rd_trade_add(st, &s1);
    annual_buyer(0, 6);
    rd_analyse(st, DATE);
    single = alert_id("R-SINGLE-LIMIT");
    annual = alert_id("R-ANNUAL-LIMIT");
    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "alert", "close", single, "--note", "ok", "--by", "a", "--db", db,
                            NULL), 0);
    ck_assert_int_eq(tu_run(NULL, NULL, "-q", "alert", "ack", annual, "--note", "ok", "--by", "b", "--db", db, NULL),
                     0);

    /* the next night: the same alerts, the same evidence */
    rd_analyse(st, "2026-11-27");
    s = status_of("R-SINGLE-LIMIT");
    ck_assert_str_eq(s, "closed");
    g_free(s);

    /* an alert removed (its condition stopped holding) and raised again has a new row: still closed */
    rd_sql(st, "DELETE FROM alert WHERE rule_id='R-SINGLE-LIMIT'");
    rd_analyse(st, "2026-11-27");
    again = alert_id("R-SINGLE-LIMIT");
    ck_assert_str_ne(again, single);
    s = status_of("R-SINGLE-LIMIT");
    ck_assert_str_eq(s, "closed");
    g_free(s);

    /* a seventh purchase changes the annual alert's evidence (7 orders, 31,500.00): open again */
    annual_buyer(6, 7);
    rd_analyse(st, "2026-11-27");
    s = status_of("R-ANNUAL-LIMIT");
    ck_assert_str_eq(s, "open");
    g_free(s);
    ck_assert_int_eq(rd_int(st, "SELECT v.reopened FROM alert a JOIN v_alert_status v USING(alert_id) WHERE"
                                " a.rule_id='R-ANNUAL-LIMIT'"),
                     1);
    /* the history stays: who acted on it before */
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM alert_action WHERE rule_id='R-ANNUAL-LIMIT' AND actor='b'"), 1);
    g_free(single);
    g_free(annual);
    g_free(again);
}
END_TEST

START_TEST(refusals_exit_2)
{
    rd_trade s1 = {.order_no = "S1", .hs = "8471300000", .unit_fen = 520000, .qty = 1, .weight_g = 2000};
    char *err = NULL, *single, *tmp = tu_tmpdir();
    char *nodb = tu_path(tmp, "none.db");

    rd_trade_add(st, &s1);
    rd_analyse(st, DATE);
    single = alert_id("R-SINGLE-LIMIT");
    ck_assert_int_eq(tu_run(NULL, &err, "alert", "close", "9999", "--note", "x", "--by", "a", "--db", db, NULL), 2);
    ck_assert_ptr_nonnull(strstr(err, "no alert 9999"));
    g_free(err);
    ck_assert_int_eq(tu_run(NULL, &err, "alert", "close", single, "--by", "a", "--db", db, NULL), 2);
    ck_assert_ptr_nonnull(strstr(err, "--note"));
    g_free(err);
    ck_assert_int_eq(tu_run(NULL, NULL, "alert", "close", single, "--note", "  ", "--by", "a", "--db", db, NULL), 2);
    ck_assert_int_eq(tu_run(NULL, NULL, "alert", "close", "S1", "--note", "x", "--by", "a", "--db", db, NULL), 2);
    ck_assert_int_eq(tu_run(NULL, NULL, "alert", "reopen", single, "--note", "x", "--db", db, NULL), 2);
    ck_assert_int_eq(tu_run(NULL, NULL, "alert", "list", "--status", "done", "--db", db, NULL), 2);
    ck_assert_int_eq(tu_run(NULL, NULL, "alert", NULL), 2);
    ck_assert_int_eq(tu_run(NULL, NULL, "alert", "list", "--db", nodb, NULL), 1);
    /* nothing was recorded by a refusal */
    ck_assert_int_eq(rd_int(st, "SELECT count(*) FROM alert_action"), 0);
    g_free(single);
    g_free(nodb);
    g_free(tmp);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("alert");
    TCase *tc = tcase_create("handling");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, ack_and_close_record_who_when_and_note);
    tcase_add_test(tc, status_survives_reanalysis_until_the_evidence_changes);
    tcase_add_test(tc, refusals_exit_2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
