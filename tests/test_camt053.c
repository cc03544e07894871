/* The camt053 plugin end to end: fixtures written from the ISO 20022 camt.05x
 * specifications for a German, a Dutch, a Swiss and a Czech bank, versions 02/03/04/08,
 * camt.052/054, and every refusal.  Expected figures are computed by hand from the
 * fixtures (see the comments at each assertion). */
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "testutil.h"

static char *dir, *db;

static void setup(void)
{
    dir = tu_tmpdir();
    db = tu_path(dir, "t.db");
}

static void teardown(void)
{
    g_free(db);
    g_free(dir);
}

/* Ingest fixtures (names under tests/fixtures/bank/camt/); returns the exit status. */
static int ingest(const char *a, const char *b)
{
    char *fa = g_strconcat("tests/fixtures/bank/camt/", a, NULL), *pa = tu_src(fa);
    char *fb = b ? g_strconcat("tests/fixtures/bank/camt/", b, NULL) : NULL, *pb = fb ? tu_src(fb) : NULL;
    char *args[] = {"ingest", "--db", db, pa, pb, NULL};
    int rc = tu_runv(NULL, NULL, args);
    g_free(fa);
    g_free(pa);
    g_free(fb);
    g_free(pb);
    return rc;
}

static int64_t q(const char *sql)
{
    return tu_sql_int(db, sql);
}

static void text_eq(const char *sql, const char *want)
{
    tu_assert_sql_text(db, sql, want);
}

START_TEST(ingest_says_per_statement_whether_it_ties_out)
{
    char *f1 = tu_src("tests/fixtures/bank/camt/de_sparkasse_v08.xml"),
         *f2 = tu_src("tests/fixtures/bank/camt/cz_csob_v03.xml"), *err = NULL;
    ck_assert_int_eq(tu_run(NULL, &err, "ingest", "--db", db, f1, f2, NULL), 3);
    ck_assert_ptr_nonnull(strstr(err, ": ties out"));
    ck_assert_ptr_nonnull(strstr(err, "does NOT tie out"));
    ck_assert_int_eq(q("SELECT count(*) FROM bank_statement WHERE balanced=0"), 1);
    g_free(err);
    g_free(f1);
    g_free(f2);
}
END_TEST

START_TEST(probe_scores)
{
    char *out = NULL, *f1 = tu_src("tests/fixtures/bank/camt/de_sparkasse_v08.xml"),
         *f2 = tu_src("tests/fixtures/bank/camt/cz_csob_v03.xml");
    ck_assert_int_eq(tu_run(&out, NULL, "probe", f1, f2, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "de_sparkasse_v08.xml\tcamt053\t100"));
    /* wrong namespace: recognised by its element names only */
    ck_assert_ptr_nonnull(strstr(out, "cz_csob_v03.xml\tcamt053\t80"));
    g_free(out);
    g_free(f1);
    g_free(f2);
}
END_TEST

/* camt.053.001.08 in a business message envelope, two accounts. */
START_TEST(german_v08_envelope_two_accounts)
{
    ck_assert_int_eq(ingest("de_sparkasse_v08.xml", NULL), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_statement"), 2);
    /* 12500.00 + 3450.75 - (120.40 + 250.00) = 15580.35; the PDNG 999.99 does not count */
    ck_assert_int_eq(q("SELECT opening_balance FROM bank_statement WHERE account='DE89370400440532013000'"), 1250000);
    ck_assert_int_eq(q("SELECT closing_balance FROM bank_statement WHERE account='DE89370400440532013000'"), 1558035);
    ck_assert_int_eq(q("SELECT credits_total FROM bank_statement WHERE account='DE89370400440532013000'"), 345075);
    ck_assert_int_eq(q("SELECT debits_total FROM bank_statement WHERE account='DE89370400440532013000'"), 37040);
    ck_assert_int_eq(q("SELECT entry_count FROM bank_statement WHERE account='DE89370400440532013000'"), 3);
    ck_assert_int_eq(q("SELECT balanced FROM bank_statement WHERE account='DE89370400440532013000'"), 1);
    ck_assert_int_eq(q("SELECT difference FROM bank_statement WHERE account='DE89370400440532013000'"), 0);
    text_eq("SELECT statement_no||'|'||format||'|'||currency||'|'||bank||'|'||opening_date FROM bank_statement "
            "WHERE account='DE89370400440532013000'", "231|camt.053.001.08|EUR|COLSDE33XXX|2026-11-25");
    /* Acct/Ownr/Nm names whose money the account receives (not Ownr/PstlAdr or Svcr/Nm) */
    text_eq("SELECT owner_name FROM bank_statement WHERE account='DE89370400440532013000'",
            "Hohhot Steppe Trading Co., Ltd.");
    text_eq("SELECT owner_name FROM bank_statement WHERE account='DE02120300000000202051'", NULL);
    /* DBIT opening balance = overdraft: -500.00 + 1200.00 = 700.00 */
    ck_assert_int_eq(q("SELECT opening_balance FROM bank_statement WHERE account='DE02120300000000202051'"), -50000);
    ck_assert_int_eq(q("SELECT closing_balance FROM bank_statement WHERE account='DE02120300000000202051'"), 70000);
    ck_assert_int_eq(q("SELECT balanced FROM bank_statement WHERE account='DE02120300000000202051'"), 1);
    /* entries: 3 booked + 1 on the second account; 3450.75+120.40+250.00+1200.00 */
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn"), 4);
    ck_assert_int_eq(q("SELECT sum(amount) FROM bank_txn"), 502115);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn WHERE entry_ref='DE-2026112500003'"), 0);
    /* every entry is linked to the statement of its own account */
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn t JOIN bank_statement s USING(statement_id) "
                       "WHERE s.account=t.account"), 4);
    /* v08 Dbtr/Pty/Nm; EndToEndId; remittance */
    text_eq("SELECT counterparty||'|'||reference||'|'||remittance||'|'||direction||'|'||counterparty_account "
            "FROM bank_txn WHERE entry_ref='DE-2026112500001'",
            "Ozon Marketplace LLC|E2E-ORD-1001|Payout order 1001|C|DE21500105170648489890");
    /* NOTPROVIDED is filler: no reference; DtTm booking date */
    text_eq("SELECT reference FROM bank_txn WHERE entry_ref='DE-2026112500002'", NULL);
    text_eq("SELECT counterparty||'|'||booking_date||'|'||direction FROM bank_txn WHERE "
            "entry_ref='DE-2026112500002'", "DHL Express Germany GmbH|2026-11-25|D");
    /* reversal of a credit: money out */
    text_eq("SELECT direction||reversal||'|'||value_date FROM bank_txn WHERE entry_ref='DE-2026112500004'",
            "D1|2026-11-24");
    text_eq("SELECT counterparty FROM bank_txn WHERE entry_ref='DE-2026112588001'", "Wildberries & Co");
}
END_TEST

/* camt.053.001.02: PRCD as opening, v02 Dbtr/Nm, NOTPROVIDED, NtryRef fallback. */
START_TEST(dutch_v02_prcd)
{
    ck_assert_int_eq(ingest("nl_ing_v02.xml", NULL), 0);
    /* 2000.00 + 1500.00 + 10.00 - 35.50 = 3474.50 */
    text_eq("SELECT opening_balance||'|'||closing_balance||'|'||credits_total||'|'||debits_total||'|'||entry_count"
            "||'|'||balanced||'|'||opening_date||'|'||closing_date||'|'||format||'|'||statement_no FROM bank_statement",
            "200000|347450|151000|3550|3|1|2026-11-24|2026-11-25|camt.053.001.02|45");
    text_eq("SELECT info FROM bank_statement", "Dagafschrift 45");
    text_eq("SELECT counterparty||'|'||remittance||'|'||counterparty_account FROM bank_txn WHERE entry_ref='INGB-0001'",
            "Bol.com B.V.|Settlement 2026-11-24 batch 7781|NL20INGB0001234567");
    text_eq("SELECT reference FROM bank_txn WHERE entry_ref='INGB-0001'", NULL);
    text_eq("SELECT counterparty||'|'||reference||'|'||remittance FROM bank_txn WHERE entry_ref='INGB-0002'",
            "KPN B.V.|KPN-INV-2026-11|RF18539007547034");
    text_eq("SELECT amount||'|'||remittance FROM bank_txn WHERE entry_ref='NTRY3'", "1000|Rente");
}
END_TEST

/* camt.053.001.04: batch entry split per TxDtls, instructed amount, 5 decimals. */
START_TEST(swiss_v04_batch_five_decimals)
{
    ck_assert_int_eq(ingest("ch_ubs_v04.xml", NULL), 0);
    /* 10000.00000 + 3000.50 - 12.34567 = 12988.15433 exactly: balanced; stored in Rappen */
    text_eq("SELECT opening_balance||'|'||closing_balance||'|'||credits_total||'|'||debits_total||'|'||entry_count"
            "||'|'||balanced||'|'||difference||'|'||currency FROM bank_statement",
            "1000000|1298815|300050|1235|2|1|0|CHF");
    /* one bank_txn per TxDtls: 1000.25 + 1500.00 + 500.25 = 3000.50, and the fee */
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn"), 4);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn WHERE batch_ref='UBS-1'"), 3);
    ck_assert_int_eq(q("SELECT sum(amount) FROM bank_txn WHERE batch_ref='UBS-1'"), 300050);
    text_eq("SELECT group_concat(entry_ref||'='||amount||':'||reference, ',') FROM "
            "(SELECT * FROM bank_txn WHERE batch_ref='UBS-1' ORDER BY entry_ref)",
            "UBS-1/1=100025:E2E-A,UBS-1/2=150000:E2E-B,UBS-1/3=50025:E2E-C");
    text_eq("SELECT instructed_amount||' '||instructed_currency||'|'||counterparty FROM bank_txn WHERE entry_ref='UBS-1/2'",
            "156000 EUR|Kunde B GmbH");
    /* 12.34567 CHF: stored as 12.35 with a ROUNDED finding */
    text_eq("SELECT amount||direction||'|'||remittance FROM bank_txn WHERE entry_ref='UBS-2'",
            "1235D|Kontofuehrungsgebuehr");
    ck_assert_int_ge(q("SELECT count(*) FROM finding WHERE code='ROUNDED'"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM finding WHERE code='BALANCE_MISMATCH'"), 0);
    /* its TxsSummry (1 credit 3000.50, 1 debit 12.34567) agrees */
    ck_assert_int_eq(q("SELECT count(*) FROM finding WHERE code='SUMMARY_MISMATCH'"), 0);
}
END_TEST

/* camt.053.001.03 under a wrong namespace, closing 100.00 CZK off: stored, flagged, exit 3. */
START_TEST(czech_v03_wrong_namespace_unbalanced)
{
    ck_assert_int_eq(ingest("cz_csob_v03.xml", NULL), 3);
    /* 50000.00 + 12000.00 - 2500.00 = 59500.00, the bank says 59600.00 */
    text_eq("SELECT opening_balance||'|'||closing_balance||'|'||credits_total||'|'||debits_total||'|'||balanced"
            "||'|'||difference||'|'||format FROM bank_statement",
            "5000000|5960000|1200000|250000|0|10000|camt.053.001.03");
    ck_assert_int_eq(q("SELECT count(*) FROM finding WHERE code='BALANCE_MISMATCH' AND kind='bank_statement'"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM finding WHERE code='NONSTANDARD_NAMESPACE'"), 1);
    /* TxsSummry announces 2 credits, 1 was booked */
    ck_assert_int_eq(q("SELECT count(*) FROM finding WHERE code='SUMMARY_MISMATCH'"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn WHERE statement_id IS NOT NULL"), 2);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine"), 0);
}
END_TEST

/* camt.052 report and camt.054 notification: entries, nothing to balance. */
START_TEST(report_052_and_notification_054)
{
    ck_assert_int_eq(ingest("de_report_052_v08.xml", "de_ntfctn_054_v08.xml"), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_statement WHERE balanced IS NULL"), 2);
    text_eq("SELECT format||'|'||entry_count||'|'||credits_total FROM bank_statement WHERE format LIKE 'camt.052%'",
            "camt.052.001.08|1|30000");
    /* pending 40.00 not stored */
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn WHERE entry_ref='DB-INTRA-2'"), 0);
    text_eq("SELECT amount||'|'||counterparty||'|'||reference FROM bank_txn WHERE entry_ref='DB-NTF-ENTRY-1'",
            "7525|AliExpress Payments|E2E-AE-9");
}
END_TEST

START_TEST(refusals)
{
    ck_assert_int_eq(ingest("refusals_v08.xml", NULL), 3);
    /* balance without currency: statement refused, its entry not loaded */
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine WHERE locator='Stmt[1]' AND reason_code='BALANCE_NO_CURRENCY'"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn WHERE entry_ref='RB1-1'"), 0);
    /* a signed amount, an exponent, an impossible date */
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine WHERE locator='Stmt[2]/Ntry[2]' AND reason_code='BAD_AMOUNT'"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine WHERE locator='Stmt[2]/Ntry[3]' AND reason_code='BAD_AMOUNT'"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine WHERE locator='Stmt[2]/Ntry[4]' AND reason_code='BAD_DATE'"), 1);
    /* Othr/Id account; 100.00 + 50.00 = 150.00 */
    text_eq("SELECT entry_count||'|'||balanced FROM bank_statement WHERE account='1265098002'", "1|1");
    /* conflicting repeat refused with its entry; the DUPL copy is stored once */
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine WHERE locator='Stmt[4]' AND reason_code='CONFLICTING_DUPLICATE'"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn WHERE entry_ref='RB3-9'"), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_statement WHERE account='CZ5855000000001265098003'"), 1);
    ck_assert_int_eq(q("SELECT closing_balance FROM bank_statement WHERE account='CZ5855000000001265098003'"), 3000);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn WHERE entry_ref='RB3-1'"), 1);
    /* read = stored + quarantined + duplicate: 2 stmts + 2 txns stored, 5 refused, DUPL stmt + entry */
    text_eq("SELECT records_read||'='||records_stored||'+'||records_quarantined||'+'||records_duplicate FROM source_file",
            "11=4+5+2");
}
END_TEST

START_TEST(dtd_and_malformed_refused)
{
    ck_assert_int_eq(ingest("dtd_refused.xml", "truncated.xml"), 3);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine WHERE reason_code='DTD_REFUSED'"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine WHERE reason_code='MALFORMED_XML'"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_statement"), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine WHERE message LIKE '%root:%'"), 0);
}
END_TEST

/* The byte budget stops a file that is larger than configured. */
START_TEST(byte_budget)
{
    char *path = tu_src("tests/fixtures/bank/camt/de_sparkasse_v08.xml");
    char *args[] = {"-o", "plugin.camt053.max_bytes=2K", "ingest", "--db", db, path, NULL};
    ck_assert_int_eq(tu_runv(NULL, NULL, args), 3);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine WHERE reason_code='TOO_LARGE'"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_statement"), 0);
    g_free(path);
}
END_TEST

/* A budget too large for int64 is no limit: it used to wrap around (2^54 + 1 KiB = 1 KiB). */
START_TEST(byte_budget_overflow)
{
    char *path = tu_src("tests/fixtures/bank/camt/de_sparkasse_v08.xml");
    char *args[] = {"-o", "plugin.camt053.max_bytes=18014398509481985K", "ingest", "--db", db, path, NULL};
    ck_assert_int_eq(tu_runv(NULL, NULL, args), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine"), 0);
    ck_assert_int_gt(q("SELECT count(*) FROM bank_statement"), 0);
    g_free(path);
}
END_TEST

/* Ingest the Dutch v02 statement, then a second delivery of it named copy_name: the
 * same bytes with from replaced by to (from NULL: to appended), so its hash differs. */
static void deliver_twice(const char *copy_name, const char *from, const char *to)
{
    char *src = tu_src("tests/fixtures/bank/camt/nl_ing_v02.xml"), *copy = tu_path(dir, copy_name), *data = NULL;
    char *args[] = {"ingest", "--db", db, copy, NULL};
    gsize len = 0;
    GString *g;

    ck_assert(g_file_get_contents(src, &data, &len, NULL));
    g = g_string_new_len(data, (gssize)len);
    if (from)
        ck_assert_int_eq(g_string_replace(g, from, to, 1), 1);
    else
        g_string_append(g, to);
    tu_write(copy, g->str, (ssize_t)g->len);
    ck_assert_int_eq(ingest("nl_ing_v02.xml", NULL), 0);
    ck_assert_int_eq(tu_runv(NULL, NULL, args), 0);
    g_string_free(g, TRUE);
    g_free(data);
    g_free(src);
    g_free(copy);
}

/* The same statement file delivered twice under another name: nothing booked twice. */
START_TEST(redelivery_not_booked_twice)
{
    /* a different byte stream (so not skipped by hash), same statement */
    deliver_twice("copy.xml", NULL, "\n<!-- resent -->\n");
    ck_assert_int_eq(q("SELECT count(*) FROM bank_statement"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn"), 3);
    ck_assert_int_eq(q("SELECT records_duplicate FROM source_file WHERE path LIKE '%copy.xml'"), 4);
}
END_TEST

/* The same statement re-issued with one entry changed: the later copy is kept and the
 * change is a finding on that entry, nothing is booked twice. */
START_TEST(changed_reissue_is_a_finding)
{
    deliver_twice("reissued.xml", "batch 7781", "batch 7782");
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn"), 3);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn WHERE remittance LIKE '%batch 7782%'"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM finding WHERE code='CHANGED_RESEND' AND kind='bank_txn'"), 1);
    ck_assert_int_eq(q("SELECT count(*) FROM finding WHERE code='CHANGED_RESEND' AND kind='bank_statement'"), 0);
}
END_TEST

/* Opening + stored credits - stored debits = closing, per statement, from the stored
 * rows alone (an independent check of what the plugin's balance check said). */
#define TIES_OUT_SQL                                                                                          \
    "SELECT count(*) FROM bank_statement s WHERE s.closing_balance = s.opening_balance + (SELECT "          \
    "coalesce(sum(CASE direction WHEN 'C' THEN amount ELSE -amount END), 0) FROM bank_txn t "              \
    "WHERE t.statement_id=s.statement_id)"

/* PostFinance books three ESR batch credits as three entries under one AcctSvcrRef: three
 * rows, none a "changed resend" of another, and the stored rows tie out. */
START_TEST(same_reference_entries_all_kept)
{
    ck_assert_int_eq(ingest("ch_postfinance_esr_v04.xml", NULL), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn"), 4);
    /* 120.50 + 80.00 + 45.25 */
    text_eq("SELECT count(*)||'|'||sum(amount)||'|'||group_concat(entry_seq, ',') FROM "
            "(SELECT * FROM bank_txn WHERE entry_ref='PF-ESR-20261125' ORDER BY entry_seq)", "3|24575|1,2,3");
    text_eq("SELECT DISTINCT statement_key FROM bank_txn", "231|2026-11-24");
    ck_assert_int_eq(q("SELECT count(*) FROM finding WHERE code='CHANGED_RESEND'"), 0);
    text_eq("SELECT balanced||'|'||entry_count||'|'||closing_balance FROM bank_statement", "1|4|124335");
    ck_assert_int_eq(q(TIES_OUT_SQL), 1);
}
END_TEST

/* Deliver fixture name again as copy_name, the same bytes with from replaced by to (one
 * pair per two strings; none: a comment appended), in a later file. */
static void deliver_again(const char *name, const char *copy_name, int rc2, ...)
{
    char *rel = g_strconcat("tests/fixtures/bank/camt/", name, NULL), *src = tu_src(rel);
    char *copy = tu_path(dir, copy_name), *data = NULL;
    char *args[] = {"ingest", "--db", db, copy, NULL};
    const char *from, *to;
    gsize len = 0;
    GString *g;
    va_list ap;
    int n = 0;

    ck_assert(g_file_get_contents(src, &data, &len, NULL));
    g = g_string_new_len(data, (gssize)len);
    va_start(ap, rc2);
    while ((from = va_arg(ap, const char *)) != NULL) {
        to = va_arg(ap, const char *);
        ck_assert_int_eq(g_string_replace(g, from, to, 1), 1);
        n++;
    }
    va_end(ap);
    if (!n)
        g_string_append(g, "\n<!-- resent -->\n");
    tu_write(copy, g->str, (ssize_t)g->len);
    ck_assert_int_eq(ingest(name, NULL), 0);
    ck_assert_int_eq(tu_runv(NULL, NULL, args), rc2);
    g_string_free(g, TRUE);
    g_free(data);
    g_free(src);
    g_free(rel);
    g_free(copy);
}

/* The whole statement re-sent in a later file: every record a duplicate, nothing doubled. */
START_TEST(same_reference_statement_resent)
{
    deliver_again("ch_postfinance_esr_v04.xml", "resent.xml", 0, NULL);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn"), 4);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_statement"), 1);
    text_eq("SELECT records_stored||'+'||records_duplicate FROM source_file WHERE path LIKE '%resent.xml'", "0+5");
    ck_assert_int_eq(q("SELECT count(*) FROM finding WHERE code='CHANGED_RESEND'"), 0);
    ck_assert_int_eq(q(TIES_OUT_SQL), 1);
}
END_TEST

/* A later file re-sends the statement with the second ESR credit corrected (80.00 -> 85.00,
 * closing 1248.35): that entry is revised in place with a CHANGED_RESEND finding, the
 * others are duplicates, and there is still one row per entry. */
START_TEST(same_reference_statement_revised)
{
    deliver_again("ch_postfinance_esr_v04.xml", "revised.xml", 0, "<Amt Ccy=\"CHF\">80.00</Amt>",
                  "<Amt Ccy=\"CHF\">85.00</Amt>", "<Amt Ccy=\"CHF\">1243.35</Amt>", "<Amt Ccy=\"CHF\">1248.35</Amt>",
                  NULL);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn"), 4);
    text_eq("SELECT group_concat(amount, ',') FROM (SELECT amount FROM bank_txn WHERE entry_ref='PF-ESR-20261125' "
            "ORDER BY entry_seq)", "12050,8500,4525");
    text_eq("SELECT records_stored||'+'||records_duplicate FROM source_file WHERE path LIKE '%revised.xml'", "2+3");
    text_eq("SELECT t.entry_seq FROM finding f JOIN bank_txn t ON t.txn_id=f.row_id "
            "WHERE f.code='CHANGED_RESEND' AND f.kind='bank_txn'", "2");
    text_eq("SELECT revision||'|'||balanced||'|'||closing_balance FROM bank_statement", "2|1|124835");
    ck_assert_int_eq(q(TIES_OUT_SQL), 1);
}
END_TEST

/* Entries without BookgDt/ValDt (a Latvian converter) take the statement's date with a
 * finding, are stored and count toward the balance check. */
START_TEST(undated_entries_take_statement_date)
{
    ck_assert_int_eq(ingest("lv_undated_v02.xml", NULL), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine"), 0);
    /* statement 1: FrToDt/ToDtTm; statement 2 has none: its CreDtTm */
    text_eq("SELECT group_concat(entry_ref||'='||booking_date||'/'||coalesce(value_date,'-'), ',') FROM "
            "(SELECT * FROM bank_txn ORDER BY entry_ref)",
            "LV-E-1=2026-11-25/-,LV-E-2=2026-11-25/-,LV-E-3=2026-11-25/-,LV-E-4=2026-11-26/-");
    ck_assert_int_eq(q("SELECT count(*) FROM finding WHERE code='DATE_FROM_STATEMENT' AND kind='bank_txn'"), 4);
    ck_assert_int_eq(q("SELECT count(*) FROM finding WHERE code='DATE_FROM_STATEMENT' AND message LIKE "
                       "'%2026-11-26 (CreDtTm)%'"), 1);
    text_eq("SELECT group_concat(balanced||':'||entry_count||':'||credits_total||':'||debits_total, ',') FROM "
            "(SELECT * FROM bank_statement ORDER BY opening_date)", "1:3:31999:2550,1:1:551:0");
    ck_assert_int_eq(q(TIES_OUT_SQL), 2);
}
END_TEST

/* A notification with no balances and no Acct/Ccy (a held-out real camt.054 is like this):
 * the statement and its entries take the entries' Amt@Ccy, so 200000 JPY is 200000 minor
 * units (JPY has none), not 2000000 as with a guessed exponent of 2. */
START_TEST(notification_currency_from_entries)
{
    ck_assert_int_eq(ingest("jp_ntfctn_054_no_ccy_v02.xml", NULL), 0);
    text_eq("SELECT currency||'|'||credits_total||'|'||debits_total||'|'||entry_count FROM bank_statement",
            "JPY|1500|200000|2");
    text_eq("SELECT group_concat(currency||':'||direction||amount, ',') FROM (SELECT * FROM bank_txn ORDER BY entry_seq)",
            "JPY:D200000,JPY:C1500");
}
END_TEST

/* Version 01 (camt.052.001.01, as in a held-out real report): the message element is
 * BkToCstmrAcctRptV01 and the account a PrtryAcct.  Before, the file was "ok" with 0
 * records read: both booked entries were lost without a word. */
START_TEST(report_052_version_01)
{
    ck_assert_int_eq(ingest("se_report_052_v01.xml", NULL), 0);
    text_eq("SELECT account||'|'||statement_no||'|'||format||'|'||currency||'|'||credits_total||'|'||debits_total||'|'||"
            "entry_count FROM bank_statement", "5432-1098765|4411|camt.052.001.01|SEK|30050|125000|2");
    text_eq("SELECT group_concat(account||':'||direction||amount, ',') FROM (SELECT * FROM bank_txn ORDER BY entry_seq)",
            "5432-1098765:D125000,5432-1098765:C30050");
}
END_TEST

/* A statement message without any statement is refused loudly, not "ok, 0 records". */
START_TEST(message_without_statement_refused)
{
    ck_assert_int_eq(ingest("no_statement_v02.xml", NULL), 3);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine WHERE reason_code='NO_STATEMENT'"), 1);
    text_eq("SELECT records_read||'='||records_stored||'+'||records_quarantined FROM source_file", "1=0+1");
}
END_TEST

/* A camt.053 with no OPBD/PRCD and no CLBD (a held-out real statement has only CLAV): its
 * entries are streamed before its end, so refusing the statement left them stored without
 * one.  Now it is stored unchecked with a MISSING_BALANCE finding and owns its entries. */
START_TEST(statement_without_balances_keeps_its_entries)
{
    ck_assert_int_eq(ingest("ch_no_balance_v02.xml", NULL), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM quarantine"), 0);
    text_eq("SELECT currency||'|'||credits_total||'|'||debits_total||'|'||coalesce(balanced,'NULL')||'|'||"
            "coalesce(opening_balance,'NULL') FROM bank_statement", "EUR|885|200|NULL|NULL");
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn WHERE statement_id IS NULL"), 0);
    ck_assert_int_eq(q("SELECT count(*) FROM bank_txn t JOIN bank_statement s USING (statement_id)"), 2);
    ck_assert_int_eq(q("SELECT count(*) FROM finding WHERE code='MISSING_BALANCE' AND kind='bank_statement'"), 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("camt053");
    TCase *tc = tcase_create("camt053");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, probe_scores);
    tcase_add_test(tc, ingest_says_per_statement_whether_it_ties_out);
    tcase_add_test(tc, german_v08_envelope_two_accounts);
    tcase_add_test(tc, dutch_v02_prcd);
    tcase_add_test(tc, swiss_v04_batch_five_decimals);
    tcase_add_test(tc, czech_v03_wrong_namespace_unbalanced);
    tcase_add_test(tc, report_052_and_notification_054);
    tcase_add_test(tc, notification_currency_from_entries);
    tcase_add_test(tc, report_052_version_01);
    tcase_add_test(tc, message_without_statement_refused);
    tcase_add_test(tc, statement_without_balances_keeps_its_entries);
    tcase_add_test(tc, refusals);
    tcase_add_test(tc, dtd_and_malformed_refused);
    tcase_add_test(tc, redelivery_not_booked_twice);
    tcase_add_test(tc, changed_reissue_is_a_finding);
    tcase_add_test(tc, byte_budget);
    tcase_add_test(tc, byte_budget_overflow);
    tcase_add_test(tc, same_reference_entries_all_kept);
    tcase_add_test(tc, same_reference_statement_resent);
    tcase_add_test(tc, same_reference_statement_revised);
    tcase_add_test(tc, undated_entries_take_statement_date);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
