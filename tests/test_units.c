/* Unit tests: exact decimals, locale-free money, personal-data masking and hashing, config,
 * the record builder, time values, the store's row shapes and the byte pump. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <glib.h>

#include <cbecflow/host.h>

#include "core/checkpoint.h"
#include "core/base/config.h"
#include "core/base/decimal.h"
#include "core/host.h"
#include "core/base/json.h"
#include "core/base/personal.h"
#include "core/input/pump.h"
#include "core/base/record.h"
#include "core/store.h"
#include "testutil.h"
#include "warehouse/region.h"

START_TEST(decimal_exact)
{
    int64_t v = 0;
    ck_assert_int_eq(cbec_decimal_parse("19050", 2, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 1905000);
    ck_assert_int_eq(cbec_decimal_parse("-12.5", 2, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, -1250);
    ck_assert_int_eq(cbec_decimal_parse(".5", 2, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 50);
    ck_assert_int_eq(cbec_decimal_parse("0.00001", 5, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 1);
    ck_assert_int_eq(cbec_decimal_parse("1.005", 2, &v), CBEC_DEC_ROUNDED);
    ck_assert_int_eq(v, 101);
    ck_assert_int_eq(cbec_decimal_parse("-1.005", 2, &v), CBEC_DEC_ROUNDED);
    ck_assert_int_eq(v, -101);
    ck_assert_int_eq(cbec_decimal_parse("1.0040", 2, &v), CBEC_DEC_ROUNDED);
    ck_assert_int_eq(v, 100);
    ck_assert_int_eq(cbec_decimal_parse("1.00000", 2, &v), CBEC_DEC_EXACT);
    /* N19,5 at 5 decimals reaches past int64: the edge is exact, one more is an overflow. */
    ck_assert_int_eq(cbec_decimal_parse("92233720368547.75807", 5, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, INT64_MAX);
    ck_assert_int_eq(cbec_decimal_parse("92233720368547.75808", 5, &v), CBEC_DEC_OVERFLOW);
    ck_assert_int_eq(cbec_decimal_parse("99999999999999.99999", 5, &v), CBEC_DEC_OVERFLOW);
    ck_assert_int_eq(cbec_decimal_parse("999999999999999999999", 2, &v), CBEC_DEC_OVERFLOW);
    ck_assert_int_eq(cbec_decimal_parse("12a", 2, &v), CBEC_DEC_INVALID);
    ck_assert_int_eq(cbec_decimal_parse("", 2, &v), CBEC_DEC_INVALID);
    ck_assert_int_eq(cbec_decimal_parse("1e3", 2, &v), CBEC_DEC_INVALID);
    ck_assert_int_eq(cbec_decimal_parse("-", 2, &v), CBEC_DEC_INVALID);
}
END_TEST

START_TEST(money_locale_free)
{
    int64_t v = 0;
    ck_assert_int_eq(cbec_money_parse("1 234,56", 2, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 123456);
    ck_assert_int_eq(cbec_money_parse("1,234.56", 2, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 123456);
    ck_assert_int_eq(cbec_money_parse("1.234,56", 2, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 123456);
    ck_assert_int_eq(cbec_money_parse("$900.00", 2, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 90000);
    ck_assert_int_eq(cbec_money_parse("1\xc2\xa0" "234,5", 2, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 123450);
    ck_assert_int_eq(cbec_money_parse("(12.00)", 2, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, -1200);
    ck_assert_int_eq(cbec_money_parse("12.00-", 2, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, -1200);
    ck_assert_int_eq(cbec_money_parse("1,234,567", 2, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 123456700);
    ck_assert_int_eq(cbec_money_parse("-45,5", 2, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, -4550);
    ck_assert_int_eq(cbec_money_parse("US $900.00", 2, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 90000);
    ck_assert_int_eq(cbec_money_parse("C $5.00", 2, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 500);
    ck_assert_int_eq(cbec_money_parse("abc", 2, &v), CBEC_DEC_INVALID);
}
END_TEST

/* Issue 14 item 5: what a value proves about its decimal mark, and parsing by a known mark. */
START_TEST(decimal_mark_evidence_and_convention)
{
    int64_t v = 0;
    /* decimal comma proved */
    ck_assert_int_eq(cbec_decimal_evidence("12,5"), ',');
    ck_assert_int_eq(cbec_decimal_evidence("0,48"), ',');
    ck_assert_int_eq(cbec_decimal_evidence("0,480"), ',');           /* a group never follows a leading zero */
    ck_assert_int_eq(cbec_decimal_evidence("1 250,00"), ',');
    ck_assert_int_eq(cbec_decimal_evidence("1 250,000"), ',');       /* space groups, so ',' is the mark */
    ck_assert_int_eq(cbec_decimal_evidence("1250,000"), ',');        /* 4 digits before a group: no group */
    ck_assert_int_eq(cbec_decimal_evidence("1.234,56"), ',');
    ck_assert_int_eq(cbec_decimal_evidence("1.234.567"), ',');
    ck_assert_int_eq(cbec_decimal_evidence("1\xc2\xa0" "250,5"), ',');  /* NBSP */
    ck_assert_int_eq(cbec_decimal_evidence("1\xe2\x80\xaf" "250,50 ₽"), ','); /* narrow NBSP */
    /* decimal point proved */
    ck_assert_int_eq(cbec_decimal_evidence("0.5"), '.');
    ck_assert_int_eq(cbec_decimal_evidence("1,234.56"), '.');
    ck_assert_int_eq(cbec_decimal_evidence("1,234,567"), '.');
    ck_assert_int_eq(cbec_decimal_evidence("0.480"), '.');
    ck_assert_int_eq(cbec_decimal_evidence("1'250.75"), '.');        /* Swiss apostrophe grouping */
    ck_assert_int_eq(cbec_decimal_evidence("$12.00"), '.');
    /* nothing proved */
    ck_assert_int_eq(cbec_decimal_evidence("1,250"), 0);
    ck_assert_int_eq(cbec_decimal_evidence("1.250"), 0);
    ck_assert_int_eq(cbec_decimal_evidence("1250"), 0);
    ck_assert_int_eq(cbec_decimal_evidence("Box 1,250"), 0);
    ck_assert_int_eq(cbec_decimal_evidence(""), 0);

    /* money_parse: a value's own evidence is used; "0,480" is no longer 480 */
    ck_assert_int_eq(cbec_money_parse("0,480", 3, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 480);
    ck_assert_int_eq(cbec_money_parse("1 250,000", 3, &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 1250000);
    ck_assert_int_eq(cbec_money_parse("1,250", 3, &v), CBEC_DEC_EXACT);   /* ambiguous: US reading */
    ck_assert_int_eq(v, 1250000);
    /* a known mark decides the ambiguous ones */
    ck_assert_int_eq(cbec_money_parse_mark("1,250", 3, ',', &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 1250);
    ck_assert_int_eq(cbec_money_parse_mark("1.250", 3, ',', &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 1250000);
    ck_assert_int_eq(cbec_money_parse_mark("1.250", 3, '.', &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 1250);
    ck_assert_int_eq(cbec_money_parse_mark("1 250,00", 2, ',', &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 125000);
    ck_assert_int_eq(cbec_money_parse_mark("1'250,00", 2, ',', &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 125000);
    ck_assert_int_eq(cbec_money_parse_mark("1\xe2\x80\xaf" "250,00", 2, ',', &v), CBEC_DEC_EXACT);
    ck_assert_int_eq(v, 125000);
    /* a value proving the other mark is refused, never rescaled */
    v = 7;
    ck_assert_int_eq(cbec_money_parse_mark("12,5", 3, '.', &v), CBEC_DEC_INVALID);
    ck_assert_int_eq(cbec_money_parse_mark("0,480", 3, '.', &v), CBEC_DEC_INVALID);
    ck_assert_int_eq(cbec_money_parse_mark("1,234.56", 2, ',', &v), CBEC_DEC_INVALID);
    ck_assert_int_eq(cbec_money_parse_mark("1,2,3", 2, ',', &v), CBEC_DEC_INVALID);
    ck_assert_int_eq(v, 7);
}
END_TEST

START_TEST(currency_exponents)
{
    ck_assert_int_eq(cbec_currency_exponent("CNY"), 2);
    ck_assert_int_eq(cbec_currency_exponent("JPY"), 0);
    ck_assert_int_eq(cbec_currency_exponent("KWD"), 3);
    ck_assert_int_eq(cbec_currency_exponent(NULL), 2);
}
END_TEST

START_TEST(personal_masks_and_keyed_hash)
{
    char *dir = tu_tmpdir(), *key = tu_path(dir, "k/site.key"), *why = NULL;
    char *h1, *h2, *h3, *h4, *m;
    cbec_config *cfg = NULL;

    ck_assert_int_eq(cbec_config_load(NULL, &cfg, &why), CBEC_ERR_NONE);
    cbec_config_set(cfg, "core", "key_file", key);
    cbec_personal_reset();
    ck_assert_int_eq(cbec_personal_init(cfg, &why), CBEC_ERR_NONE);
    ck_assert(g_file_test(key, G_FILE_TEST_EXISTS));
    m = cbec_personal_mask(CBEC_PERSONAL_ID, "130681136250023332");
    ck_assert_str_eq(m, "130681********3332");
    g_free(m);
    m = cbec_personal_mask(CBEC_PERSONAL_PHONE, "+86 188-1302-5940");
    ck_assert_str_eq(m, "188****5940");
    g_free(m);
    h1 = cbec_personal_hash(CBEC_PERSONAL_ID, "130681136250023332");
    h2 = cbec_personal_hash(CBEC_PERSONAL_ID, "1306 8113 6250 0233 32");
    h3 = cbec_personal_hash(CBEC_PERSONAL_PHONE, "130681136250023332");
    ck_assert_int_eq(strlen(h1), 64);
    ck_assert_str_eq(h1, h2);           /* normalised before hashing */
    ck_assert_str_ne(h1, h3);           /* domain-separated */
    ck_assert_ptr_null(strstr(h1, "130681"));
    {
        /* both forms at once (what a personal field stores) are the two forms one by one */
        char both[65];
        m = cbec_personal_hash_mask(CBEC_PERSONAL_PHONE, "+86 188-1302-5940", both);
        ck_assert_str_eq(m, "188****5940");
        g_free(m);
        h4 = cbec_personal_hash(CBEC_PERSONAL_PHONE, "+86 188-1302-5940");
        ck_assert_str_eq(both, h4);
        g_free(h4);
        m = cbec_personal_hash_mask(CBEC_PERSONAL_ID, "1306 8113 6250 0233 32", both);
        ck_assert_str_eq(m, "130681********3332");
        ck_assert_str_eq(both, h1);
        g_free(m);
    }
    {
        /* the keyed hash is standard HMAC-SHA256 over "id:" + the normalised value */
        char *hex = NULL, *want;
        guchar raw[32];
        int i;
        ck_assert(g_file_get_contents(key, &hex, NULL, NULL));
        for (i = 0; i < 32; i++)
            raw[i] = (guchar)(g_ascii_xdigit_value(hex[2 * i]) << 4 | g_ascii_xdigit_value(hex[2 * i + 1]));
        want = g_compute_hmac_for_string(G_CHECKSUM_SHA256, raw, sizeof raw, "id:130681136250023332", -1);
        ck_assert_str_eq(h1, want);
        g_free(want);
        g_free(hex);
    }
    /* A different key gives a different hash: the dataset alone never reveals an id. */
    cbec_personal_reset();
    g_free(key);
    key = tu_path(dir, "other.key");
    cbec_config_set(cfg, "core", "key_file", key);
    ck_assert_int_eq(cbec_personal_init(cfg, &why), CBEC_ERR_NONE);
    g_free(h2);
    h2 = cbec_personal_hash(CBEC_PERSONAL_ID, "130681136250023332");
    ck_assert_str_ne(h1, h2);
    g_free(h1);
    g_free(h2);
    g_free(h3);
    g_free(key);
    g_free(dir);
    cbec_config_free(cfg);
}
END_TEST

/* The record builder: set order kept, a second set replaces (also for names that
 * share a Bloom bit), child rows and strings survive reuse across resets. */
START_TEST(record_builder)
{
    cbec_record rec;
    char name[32], val[32];
    int round, i;

    cbec_record_init(&rec);
    for (round = 0; round < 3; round++) {
        cbec_record_reset(&rec);
        cbec_record_begin(&rec, "orders");
        for (i = 0; i < 300; i++) {            /* more names than Bloom bits: collisions happen */
            g_snprintf(name, sizeof name, "f%d", i);
            g_snprintf(val, sizeof val, "v%d.%d", round, i);
            cbec_record_set_text(&rec, name, val);
        }
        for (i = 0; i < 300; i += 7) {
            g_snprintf(name, sizeof name, "f%d", i);
            cbec_record_set_int(&rec, name, i * 10 + round);
        }
        cbec_record_set_text(&rec, "f1", "");     /* empty = unset: keeps the old value */
        ck_assert_uint_eq(rec.main.fields->len, 300);
        for (i = 0; i < 300; i++) {
            const cbec_field *f = &g_array_index(rec.main.fields, cbec_field, i);
            g_snprintf(name, sizeof name, "f%d", i);
            ck_assert_str_eq(f->name, name);
            if (i % 7 == 0) {
                ck_assert_int_eq(f->type, CBEC_FIELD_INT);
                ck_assert_int_eq(f->ival, i * 10 + round);
            } else {
                g_snprintf(val, sizeof val, "v%d.%d", round, i);
                ck_assert_int_eq(f->type, CBEC_FIELD_TEXT);
                ck_assert_str_eq(f->text, val);
            }
        }
        for (i = 0; i < 5 + round; i++) {
            cbec_record_child(&rec, "order_item");
            cbec_record_set_int(&rec, "line_no", i + 1);
            cbec_record_set_text(&rec, "item_name", "cashmere");
            cbec_record_set_text(&rec, "item_name", "camel hair");
        }
        ck_assert_uint_eq(rec.children->len, (guint)(5 + round));
        for (i = 0; i < 5 + round; i++) {
            const cbec_row *r = g_ptr_array_index(rec.children, i);
            ck_assert_str_eq(r->kind, "order_item");
            ck_assert_uint_eq(r->fields->len, 2);
            ck_assert_int_eq(cbec_row_get(r, "line_no")->ival, i + 1);
            ck_assert_str_eq(cbec_row_get(r, "item_name")->text, "camel hair");
        }
        ck_assert_ptr_null(cbec_row_get(&rec.main, "item_name"));
    }
    cbec_record_free(&rec);
}
END_TEST

/* Field names are interned for the process: two records share one copy of a name, a
 * name set from a reused buffer keeps the text it had, and names past the intern
 * table's bound (many, or long) are copied into the record as before. */
START_TEST(record_field_names_interned)
{
    cbec_record a, b;
    char name[128];
    int i;

    cbec_record_init(&a);
    cbec_record_init(&b);
    cbec_record_begin(&a, "orders");
    cbec_record_begin(&b, "orders");
    g_strlcpy(name, "order_no", sizeof name);
    cbec_record_set_text(&a, name, "A1");
    g_strlcpy(name, "platform_code", sizeof name);    /* the same buffer, another name */
    cbec_record_set_text(&a, name, "P1");
    cbec_record_set_text(&b, "order_no", "B1");
    ck_assert_str_eq(g_array_index(a.main.fields, cbec_field, 0).name, "order_no");
    ck_assert_str_eq(g_array_index(a.main.fields, cbec_field, 1).name, "platform_code");
    ck_assert_ptr_eq(g_array_index(a.main.fields, cbec_field, 0).name,
                     g_array_index(b.main.fields, cbec_field, 0).name);
    /* More distinct names than the table takes, and names longer than it keeps. */
    cbec_record_reset(&a);
    cbec_record_begin(&a, "orders");
    for (i = 0; i < 5000; i++) {
        if (i % 10 == 0)
            g_snprintf(name, sizeof name, "a_rather_long_made_up_column_name_that_nobody_would_choose_%06d", i);
        else
            g_snprintf(name, sizeof name, "col_%d", i);
        cbec_record_set_int(&a, name, i);
    }
    ck_assert_uint_eq(a.main.fields->len, 5000);
    for (i = 0; i < 5000; i++) {
        const cbec_field *f = &g_array_index(a.main.fields, cbec_field, i);
        if (i % 10 == 0)
            g_snprintf(name, sizeof name, "a_rather_long_made_up_column_name_that_nobody_would_choose_%06d", i);
        else
            g_snprintf(name, sizeof name, "col_%d", i);
        ck_assert_str_eq(f->name, name);
        ck_assert_int_eq(f->type, CBEC_FIELD_INT);
        ck_assert_int_eq(f->ival, i);
    }
    cbec_record_free(&a);
    cbec_record_free(&b);
}
END_TEST

/* A refusal is the record's until reset: the next record built in it is not refused
 * (the refusal is remembered in a flag word, cleared by reset), and prefetching a
 * record in any state, fresh or used, changes nothing in it. */
START_TEST(record_refusal_until_reset)
{
    cbec_record rec;
    cbec_error err;
    int stage, round;

    cbec_record_init(&rec);
    for (stage = 5; stage >= 0; stage--)
        cbec_record_prefetch(&rec, stage);       /* nothing allocated yet */
    for (round = 0; round < 2; round++) {
        memset(&err, 0, sizeof err);
        cbec_record_begin(&rec, "orders");
        cbec_record_set_text(&rec, "order_no", "X1");
        cbec_record_refuse(&rec, "BAD_AMOUNT", "field total: not a decimal");
        cbec_record_set_text(&rec, "platform_code", "P1");   /* gone past the refusal */
        ck_assert_int_eq(cbec_record_settle(&rec, CBEC_OK, &err), CBEC_RECORD_ERROR);
        ck_assert_str_eq(err.reason, "BAD_AMOUNT");
        cbec_record_reset(&rec);
        for (stage = 5; stage >= 0; stage--)
            cbec_record_prefetch(&rec, stage);
        memset(&err, 0, sizeof err);
        cbec_record_begin(&rec, "orders");
        cbec_record_set_text(&rec, "order_no", "X2");
        cbec_record_child(&rec, "order_item");
        cbec_record_set_int(&rec, "line_no", 1);
        ck_assert_int_eq(cbec_record_settle(&rec, CBEC_OK, &err), CBEC_OK);
        ck_assert_str_eq(err.reason, "");
        /* a refusal acknowledged by a finding is forgotten */
        cbec_record_refuse(&rec, "BAD_DATE", "field pay_time: not a time");
        cbec_record_acknowledge(&rec);
        cbec_record_set_text(&rec, "item_name", "tea");
        ck_assert_int_eq(cbec_record_settle(&rec, CBEC_OK, &err), CBEC_OK);
        cbec_record_reset(&rec);
    }
    cbec_record_free(&rec);
}
END_TEST

/* A record lent its first text block (the read-ahead ring's slab) writes its values
 * there, spills past it into blocks of its own, keeps it across resets, and leaves it
 * to its owner when freed. */
START_TEST(record_lent_block)
{
    cbec_record rec;
    char *block = g_malloc(CBEC_RECORD_BLOCK), name[32], val[64];
    const cbec_field *f;
    int round, i;

    cbec_record_init(&rec);
    cbec_record_lend_block(&rec, block);
    for (round = 0; round < 2; round++) {
        cbec_record_begin(&rec, "orders");
        cbec_record_set_text(&rec, "order_no", "L1");
        f = cbec_row_get(&rec.main, "order_no");
        ck_assert_ptr_nonnull(f);
        ck_assert(f->text >= block && f->text < block + CBEC_RECORD_BLOCK);
        for (i = 0; i < 200; i++) {             /* 200 x 60 bytes: past the lent block */
            g_snprintf(name, sizeof name, "c%d", i);
            g_snprintf(val, sizeof val, "%057d", i);
            cbec_record_set_text(&rec, name, val);
        }
        for (i = 0; i < 200; i++) {
            g_snprintf(name, sizeof name, "c%d", i);
            g_snprintf(val, sizeof val, "%057d", i);
            ck_assert_str_eq(cbec_row_get(&rec.main, name)->text, val);
        }
        cbec_record_reset(&rec);
        ck_assert_ptr_eq(rec.strings.first, block);
    }
    cbec_record_free(&rec);
    memset(block, 0, CBEC_RECORD_BLOCK);         /* still the owner's */
    g_free(block);
}
END_TEST

START_TEST(host_time_values)
{
    static const char *const good[] = {"2026-11-25", "2026-11-25T08:30", "2026-11-25T08:30:15",
                                       "2026-11-25T08:30:15.5", "2026-11-25T08:30:15.123456789",
                                       "2026-11-25T08:30:15Z", "2026-11-25T08:30+08:00", "2026-11-25T08:30:15.25-03:00"};
    static const char *const bad[] = {"2026-11-2", "20261125", "2026-11-25 08:30", "2026-11-25T08",
                                      "2026-11-25T08:30:1", "2026-11-25T08:30:15.", "2026-11-25T08:30:15.1234567890",
                                      "2026-11-25T08:30:15+0800", "2026-11-25T08:30:15+08:00x", "2026-11-25Z",
                                      "2026-11-25T08:30:15ZZ", "２０２６-11-25", "2026-11-25T08:30:15+08"};
    const cbec_host *h = cbec_host_table();
    cbec_record rec;
    size_t i;

    cbec_record_init(&rec);
    cbec_record_begin(&rec, "orders");
    for (i = 0; i < G_N_ELEMENTS(good); i++) {
        ck_assert_msg(h->rec_set_time(&rec, "order_time", good[i]) == CBEC_OK, "refused %s", good[i]);
        ck_assert_str_eq(cbec_row_get(&rec.main, "order_time")->text, good[i]);
    }
    for (i = 0; i < G_N_ELEMENTS(bad); i++) {
        ck_assert_msg(h->rec_set_time(&rec, "pay_time", bad[i]) == CBEC_RECORD_ERROR, "accepted %s", bad[i]);
        ck_assert_ptr_null(cbec_row_get(&rec.main, "pay_time"));
    }
    cbec_record_free(&rec);
}
END_TEST

/* Build an order with the given fields ("name=value", ints as "name=#123") and lines. */
static void order(cbec_record *rec, const char *const *fields, int lines, int line_no)
{
    int i;
    cbec_record_reset(rec);
    cbec_record_begin(rec, "orders");
    for (i = 0; fields[i]; i++) {
        char **kv = g_strsplit(fields[i], "=", 2);
        if (kv[1][0] == '#')
            cbec_record_set_int(rec, kv[0], g_ascii_strtoll(kv[1] + 1, NULL, 10));
        else
            cbec_record_set_text(rec, kv[0], kv[1]);
        g_strfreev(kv);
    }
    for (i = 0; i < lines; i++) {
        cbec_record_child(rec, "order_item");
        if (line_no)
            cbec_record_set_int(rec, "line_no", 10 + i);
        cbec_record_set_text(rec, "name", "camel hair");
    }
}

/* Store one order in its own file: begin (size as given), the record, then commit or roll back. */
static void file_with_order(cbec_store *st, int64_t run, const char *order_no, int64_t size, int commit)
{
    const char *fields[] = {NULL, "platform_code=P1", NULL};
    char *no = g_strconcat("order_no=", order_no, NULL), err[300];
    cbec_counts cnt = {1, 1, 0, 0, 0};
    cbec_record rec;
    int64_t sid;

    fields[0] = no;
    cbec_record_init(&rec);
    ck_assert_int_eq(cbec_store_file_begin(st, run, order_no, NULL, size, &sid), CBEC_ERR_NONE);
    order(&rec, fields, 1, 0);
    ck_assert_int_eq(cbec_store_record(st, &rec, err, sizeof err), CBEC_STORED_NEW);
    if (commit)
        ck_assert_int_eq(cbec_store_file_commit(st, order_no, size, &cnt, "ok", NULL), CBEC_ERR_NONE);
    else
        cbec_store_file_rollback(st);
    cbec_record_free(&rec);
    g_free(no);
}

/* A version-10 dataset: no run.reconcile_key and its bank counts, order-number indexes of payment and
 * customs_list without the platform (version 11). */
static void downgrade_to_v10(const char *path)
{
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "ALTER TABLE run DROP COLUMN reconcile_ambiguous; "
                                      "ALTER TABLE run DROP COLUMN reconcile_explained; "
                                      "ALTER TABLE run DROP COLUMN reconcile_credits; "
                                      "ALTER TABLE run DROP COLUMN reconcile_key; "
                                      "DROP INDEX payment_order; CREATE INDEX payment_order ON payment(order_no); "
                                      "DROP INDEX customs_list_order; "
                                      "CREATE INDEX customs_list_order ON customs_list(order_no); PRAGMA user_version=10",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* A version-9 dataset: no source_file.origin_zone, no region_zone or region_overlap (version 10). */
static void downgrade_to_v9(const char *path)
{
    sqlite3 *db;
    downgrade_to_v10(path);
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "DROP TABLE region_overlap; DROP TABLE region_zone; "
                                      "ALTER TABLE source_file DROP COLUMN origin_zone; PRAGMA user_version=9",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* A version-8 dataset: no alert_action table, no v_alert_status view (version 9). */
static void downgrade_to_v8(const char *path)
{
    sqlite3 *db;
    downgrade_to_v9(path);
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "DROP VIEW v_alert_status; DROP TABLE alert_action; PRAGMA user_version=8",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* A version-7 dataset: no flow.exception_since (version 8). */
static void downgrade_to_v7(const char *path)
{
    sqlite3 *db;
    downgrade_to_v8(path);
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "ALTER TABLE flow DROP COLUMN exception_since; PRAGMA user_version=7", NULL,
                                  NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
}

/* A version-6 dataset: no site_key table, no local-date views (version 7). */
static void downgrade_to_v6(const char *path)
{
    sqlite3 *db;
    downgrade_to_v7(path);
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "DROP VIEW v_orders; DROP VIEW v_payments; DROP VIEW v_shipments; "
                                  "DROP VIEW v_customs_lists; DROP TABLE site_key; PRAGMA user_version=6",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* A version-5 dataset: no source_file.revision ... removed_rows, no source_id indexes
 * (version 6, core/reingest.c). */
static void downgrade_to_v5(const char *path)
{
    sqlite3 *db;
    downgrade_to_v6(path);
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "DROP INDEX orders_source; DROP INDEX payment_source; DROP INDEX shipment_source; "
                                  "DROP INDEX shipment_event_source; DROP INDEX customs_list_source; "
                                  "DROP INDEX customs_receipt_source; DROP INDEX settlement_source; "
                                  "DROP INDEX bank_statement_source; DROP INDEX bank_txn_source; DROP INDEX enterprise_source; "
                                  "DROP INDEX enterprise_event_source; DROP INDEX fx_rate_source; DROP INDEX quarantine_source; "
                                  "DROP INDEX finding_source; ALTER TABLE source_file DROP COLUMN revision; "
                                  "ALTER TABLE source_file DROP COLUMN superseded_by; "
                                  "ALTER TABLE source_file DROP COLUMN removed_at; "
                                  "ALTER TABLE source_file DROP COLUMN removed_run; "
                                  "ALTER TABLE source_file DROP COLUMN removed_rows; PRAGMA user_version=5",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* A version-4 dataset as reconcile left it before version 5 (or as one created before
 * core/schema.sql had them): flow without flow_key, precheck and detail, no flow_candidate,
 * none of the three flow indexes. */
static void downgrade_to_v4(const char *path)
{
    sqlite3 *db;
    downgrade_to_v5(path);
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "DROP TABLE flow_candidate; DROP INDEX flow_key_idx; DROP INDEX flow_bank; "
                                  "DROP INDEX flow_change_flow; ALTER TABLE flow DROP COLUMN flow_key; "
                                  "ALTER TABLE flow DROP COLUMN precheck; ALTER TABLE flow DROP COLUMN detail; "
                                  "PRAGMA user_version=4", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* A version-3 dataset: no run.pid / run.pid_start (version 4). */
static void downgrade_to_v3(const char *path)
{
    sqlite3 *db;
    downgrade_to_v4(path);
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "ALTER TABLE run DROP COLUMN pid; ALTER TABLE run DROP COLUMN pid_start; "
                                  "PRAGMA user_version=3", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* Turn a dataset of the current schema into a version-2 one: bank_txn keyed by
 * (account, entry_ref), without statement_key and entry_seq. */
static void downgrade_to_v2(const char *path)
{
    sqlite3 *db;
    downgrade_to_v3(path);
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "DROP INDEX bank_txn_key; ALTER TABLE bank_txn DROP COLUMN statement_key; "
                                  "ALTER TABLE bank_txn DROP COLUMN entry_seq; "
                                  "CREATE INDEX bank_txn_key ON bank_txn(account, entry_ref); PRAGMA user_version=2",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* The store turns SQLite's allocation statistics off before SQLite's first use: they take
 * a process-wide mutex on every malloc and free, and nothing reads them (issue 22). */
START_TEST(store_keeps_no_allocation_statistics)
{
    char *dir = tu_tmpdir(), *path = tu_path(dir, "m.db"), *why = NULL;
    cbec_store *st = NULL;

    ck_assert_int_eq(cbec_store_open(path, 0, &st, &why), CBEC_ERR_NONE);
    ck_assert_int_eq(sqlite3_exec(cbec_store_db(st), "CREATE TEMP TABLE t(x); INSERT INTO t VALUES (randomblob(100000))",
                                  NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_memory_used(), 0);
    cbec_store_close(st);
    g_free(path);
    g_free(dir);
}
END_TEST

/* A dataset of an older schema version is upgraded step by step when opened for
 * writing: here a version-1 dataset (no bank_statement.owner_name) gets the newest. */
START_TEST(store_migrates_older_datasets)
{
    char *dir = tu_tmpdir(), *path = tu_path(dir, "old.db"), *why = NULL;
    cbec_store *st = NULL;
    sqlite3 *db;

    ck_assert_int_eq(cbec_store_open(path, 0, &st, &why), CBEC_ERR_NONE);
    cbec_store_close(st);
    downgrade_to_v2(path);
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "ALTER TABLE bank_statement DROP COLUMN owner_name; PRAGMA user_version=1",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);

    ck_assert_int_eq(cbec_store_open(path, 0, &st, &why), CBEC_ERR_NONE);
    cbec_store_close(st);
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    ck_assert_int_eq(cbec_db_int(db, "PRAGMA user_version", -1), CBEC_SCHEMA_VERSION);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM pragma_table_info('bank_statement') "
                                     "WHERE name='owner_name'", -1), 1);
    /* the last step: handling of alerts (alert_action, v_alert_status) */
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM pragma_table_info('alert_action') WHERE name IN "
                                     "('evidence','actor','acted_at')", -1), 3);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM pragma_table_info('v_alert_status')", -1), 7);
    /* version 10: a region's dataset (source_file.origin_zone, region_zone, region_overlap) */
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM pragma_table_info('source_file') WHERE name='origin_zone'",
                                 -1), 1);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('region_zone','region_overlap')",
                                 -1), 2);
    /* version 11: the reconciliation's key on its run row, index-only links of an order */
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM pragma_table_info('run') WHERE name IN ('reconcile_key',"
                                     "'reconcile_credits','reconcile_explained','reconcile_ambiguous')", -1), 4);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM pragma_index_info('payment_order')", -1), 2);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM pragma_index_info('customs_list_order')", -1), 2);
    sqlite3_close(db);
    g_free(why);
    g_free(path);
    g_free(dir);
}
END_TEST

/* Version 4 records a run's process (pid + start time).  A version-3 dataset gets the columns;
 * a run it left `running` (no pid: its process cannot be alive, the lock is free) is marked
 * aborted when the next run begins, and the new run records this process. */
START_TEST(store_migrates_run_process)
{
    char *dir = tu_tmpdir(), *path = tu_path(dir, "v3.db"), *why = NULL;
    cbec_store *st = NULL;
    sqlite3 *db;
    int64_t id;

    ck_assert_int_eq(cbec_store_open(path, 0, &st, &why), CBEC_ERR_NONE);
    cbec_store_close(st);
    downgrade_to_v3(path);
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO run(command, started_at, business_date) VALUES "
                                  "('run', '2026-11-25T01:00:00+08:00', '2026-11-24')", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);

    ck_assert_int_eq(cbec_store_open(path, 0, &st, &why), CBEC_ERR_NONE);
    ck_assert_int_eq(cbec_db_int(cbec_store_db(st), "PRAGMA user_version", -1), CBEC_SCHEMA_VERSION);
    ck_assert_int_eq(cbec_db_int(cbec_store_db(st), "SELECT count(*) FROM pragma_table_info('run') "
                                                    "WHERE name IN ('pid','pid_start')", -1), 2);
    id = cbec_store_run_begin(st, "ingest", NULL);
    ck_assert_int_gt(id, 1);
    cbec_store_close(st);
    ck_assert_int_eq(tu_sql_int(path, "SELECT count(*) FROM run WHERE run_id=1 AND status='aborted' AND "
                                      "finished_at IS NOT NULL"), 1);
    ck_assert_int_eq(tu_sql_int(path, "SELECT pid FROM run WHERE status='running'"), (int64_t)getpid());
    ck_assert_int_gt(tu_sql_int(path, "SELECT pid_start FROM run WHERE status='running'"), 0);
    g_free(why);
    g_free(path);
    g_free(dir);
}
END_TEST

/* Version 5: the store, not reconcile, gives a dataset the reconciliation columns, table and
 * indexes.  A version-4 dataset without them gets them when opened for writing, and keeps
 * its flows (precheck '' as the column's default says). */
START_TEST(store_migrates_flow_identity)
{
    char *dir = tu_tmpdir(), *path = tu_path(dir, "v4.db"), *why = NULL;
    cbec_store *st = NULL;
    sqlite3 *db;

    ck_assert_int_eq(cbec_store_open(path, 0, &st, &why), CBEC_ERR_NONE);
    cbec_store_close(st);
    downgrade_to_v4(path);
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO flow(order_no, platform_code, status) VALUES ('O1', 'P1', 'ok')",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    ck_assert_int_eq(tu_sql_int(path, "SELECT count(*) FROM pragma_table_info('flow') WHERE "
                                      "name IN ('flow_key','precheck','detail')"), 0);

    ck_assert_msg(cbec_store_open(path, 0, &st, &why) == CBEC_ERR_NONE, "%s", why);
    cbec_store_close(st);
    ck_assert_int_eq(tu_sql_int(path, "PRAGMA user_version"), CBEC_SCHEMA_VERSION);
    ck_assert_int_eq(tu_sql_int(path, "SELECT count(*) FROM pragma_table_info('flow') WHERE "
                                      "name IN ('flow_key','precheck','detail')"), 3);
    ck_assert_int_eq(tu_sql_int(path, "SELECT count(*) FROM pragma_table_info('flow_candidate')"), 5);
    ck_assert_int_eq(tu_sql_int(path, "SELECT count(*) FROM pragma_index_list('flow') WHERE "
                                      "name='flow_key_idx' AND \"unique\"=1"), 1);
    ck_assert_int_eq(tu_sql_int(path, "SELECT count(*) FROM sqlite_schema WHERE type='index' AND "
                                      "name IN ('flow_bank','flow_change_flow')"), 2);
    ck_assert_int_eq(tu_sql_int(path, "SELECT count(*) FROM flow WHERE order_no='O1' AND precheck='' AND "
                                      "flow_key IS NULL"), 1);
    g_free(why);
    g_free(path);
    g_free(dir);
}
END_TEST

/* A version-4 dataset created after core/schema.sql had the reconciliation columns already
 * has them: version 5 skips adding a column that is there and the upgrade goes through. */
START_TEST(store_migrates_flow_identity_present)
{
    char *dir = tu_tmpdir(), *path = tu_path(dir, "v4new.db"), *why = NULL;
    cbec_store *st = NULL;
    sqlite3 *db;

    ck_assert_int_eq(cbec_store_open(path, 0, &st, &why), CBEC_ERR_NONE);
    cbec_store_close(st);
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO flow(flow_key, order_no, platform_code, status, precheck) "
                                  "VALUES ('O:P1:O1', 'O1', 'P1', 'ok', 'PAYER'); PRAGMA user_version=4",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);

    ck_assert_msg(cbec_store_open(path, 0, &st, &why) == CBEC_ERR_NONE, "%s", why);
    cbec_store_close(st);
    ck_assert_int_eq(tu_sql_int(path, "PRAGMA user_version"), CBEC_SCHEMA_VERSION);
    ck_assert_int_eq(tu_sql_int(path, "SELECT count(*) FROM flow WHERE flow_key='O:P1:O1' AND precheck='PAYER'"), 1);
    g_free(why);
    g_free(path);
    g_free(dir);
}
END_TEST

/* Version 8: flow.exception_since, the night a trade's latest exception was first seen.  A
 * version-7 dataset's trades get it from their history: the last change from MATCHED to an
 * exception, else the trade's first night; a trade never an exception keeps NULL, and changes
 * logged before a REMOVED row belong to an earlier trade with the same flow_id. */
START_TEST(store_migrates_exception_since)
{
    char *dir = tu_tmpdir(), *path = tu_path(dir, "v7.db"), *why = NULL, *got;
    cbec_store *st = NULL;
    sqlite3 *db;

    ck_assert_int_eq(cbec_store_open(path, 0, &st, &why), CBEC_ERR_NONE);
    cbec_store_close(st);
    downgrade_to_v7(path);
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(
        sqlite3_exec(db,
                     "INSERT INTO flow(flow_id, flow_key, status, reasons, first_seen, resolved_on) VALUES "
                     "(1, 'O:P:A', 'PAYMENT_MISSING', 'PAYMENT_MISSING', '2026-11-20', NULL),"  /* open from the start */
                     "(2, 'O:P:B', 'MATCHED', '', '2026-11-20', NULL),"                         /* never an exception */
                     "(3, 'O:P:C', 'MATCHED', '', '2026-11-20', '2026-11-23'),"                 /* resolved */
                     "(4, 'O:P:D', 'UNSETTLED', 'UNSETTLED', '2026-11-20', NULL),"              /* matched, then open */
                     "(5, 'O:P:E', 'UNSETTLED', 'UNSETTLED', '2026-11-18', NULL),"              /* open, resolved, open */
                     "(6, 'O:P:F', 'LIST_MISSING', 'LIST_MISSING', '2026-11-15', NULL);"        /* reused flow_id */
                     "INSERT INTO flow_change(flow_id, changed_at, business_date, old_status, new_status) VALUES "
                     "(3, 't', '2026-11-23', 'PAYMENT_MISSING', 'MATCHED'),"
                     "(4, 't', '2026-11-22', 'MATCHED', 'UNSETTLED'),"
                     "(5, 't', '2026-11-19', 'PAYMENT_MISSING', 'MATCHED'),"
                     "(5, 't', '2026-11-21', 'MATCHED', 'UNSETTLED'),"
                     "(5, 't', '2026-11-22', 'UNSETTLED', 'UNSETTLED'),"
                     "(6, 't', '2026-11-10', 'MATCHED', 'UNSETTLED'),"
                     "(6, 't', '2026-11-12', 'UNSETTLED', 'REMOVED');",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);

    ck_assert_msg(cbec_store_open(path, 0, &st, &why) == CBEC_ERR_NONE, "%s", why);
    cbec_store_close(st);
    ck_assert_int_eq(tu_sql_int(path, "PRAGMA user_version"), CBEC_SCHEMA_VERSION);
    got = tu_sql_text(path, "SELECT group_concat(flow_id||'='||coalesce(exception_since,'-'), ' ') FROM "
                            "(SELECT * FROM flow ORDER BY flow_id)");
    ck_assert_str_eq(got, "1=2026-11-20 2=- 3=2026-11-20 4=2026-11-22 5=2026-11-21 6=2026-11-15");
    g_free(got);
    g_free(why);
    g_free(path);
    g_free(dir);
}
END_TEST

/* JSON strings per RFC 8259: escapes, UTF-8 through, an invalid byte as U+FFFD. */
START_TEST(json_strings)
{
    GString *s = g_string_new(NULL);
    cbec_json_str(s, "a\"b\\c\n\t\x01\x7f 订单 Заказ \xe9\xe2\x82 end");
    ck_assert_str_eq(s->str, "\"a\\\"b\\\\c\\n\\t\\u0001\x7f 订单 Заказ \\ufffd\\ufffd\\ufffd end\"");
    g_string_truncate(s, 0);
    cbec_json_str(s, NULL);
    ck_assert_str_eq(s->str, "null");
    g_string_truncate(s, 0);
    cbec_json_key(s, "k");
    ck_assert_str_eq(s->str, "\"k\": ");
    g_string_free(s, TRUE);
}
END_TEST

/* Version 3 keys a bank entry by its statement and its place there.  A version-2 dataset's
 * entries get the keys the plugins now give (camt: statement number|opening date and the
 * row's place; bank CSV: its reference), so a statement stored before the upgrade and
 * re-sent after it is recognised as a duplicate, not stored twice. */
START_TEST(store_migrates_bank_entry_keys)
{
    char *dir = tu_tmpdir(), *path = tu_path(dir, "v2.db"), *why = NULL, *keys, *after;
    char *camt = tu_src("tests/fixtures/bank/camt/ch_ubs_v04.xml");
    char *csv = tu_src("tests/fixtures/bank/csv/icbc_20261125.csv");
    char *copy = tu_path(dir, "ubs_resent.xml"), *data = NULL;
    const char *keys_sql = "SELECT group_concat(txn_id||':'||statement_key||'#'||entry_seq, ',') FROM "
                           "(SELECT * FROM bank_txn ORDER BY txn_id)";
    gsize len = 0;
    GString *g;
    cbec_store *st = NULL;
    int64_t rows;

    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", path, camt, csv, NULL), 0);
    keys = tu_sql_text(path, keys_sql);
    ck_assert_ptr_nonnull(strstr(keys, ":12|2026-11-25#4"));          /* UBS: 3 TxDtls rows + the fee */
    ck_assert_ptr_nonnull(strstr(keys, ":ref:ICBC0001#1"));
    rows = tu_sql_int(path, "SELECT count(*) FROM bank_txn");
    downgrade_to_v2(path);

    ck_assert_int_eq(cbec_store_open(path, 0, &st, &why), CBEC_ERR_NONE);
    cbec_store_close(st);
    ck_assert_int_eq(tu_sql_int(path, "PRAGMA user_version"), CBEC_SCHEMA_VERSION);
    after = tu_sql_text(path, keys_sql);
    ck_assert_str_eq(after, keys);
    ck_assert_int_eq(tu_sql_int(path, "SELECT count(*) FROM pragma_index_info('bank_txn_key') WHERE "
                                      "name IN ('account','statement_key','entry_seq')"), 3);

    /* the UBS statement re-sent after the upgrade (other bytes, same statement): duplicates only */
    ck_assert(g_file_get_contents(camt, &data, &len, NULL));
    g = g_string_new_len(data, (gssize)len);
    g_string_append(g, "\n<!-- resent -->\n");
    tu_write(copy, g->str, (ssize_t)g->len);
    ck_assert_int_eq(tu_run(NULL, NULL, "ingest", "--db", path, copy, NULL), 0);
    ck_assert_int_eq(tu_sql_int(path, "SELECT count(*) FROM bank_txn"), rows);
    ck_assert_int_eq(tu_sql_int(path, "SELECT records_stored FROM source_file WHERE path LIKE '%ubs_resent.xml'"), 0);
    ck_assert_int_eq(tu_sql_int(path, "SELECT count(*) FROM finding WHERE code='CHANGED_RESEND'"), 0);
    g_string_free(g, TRUE);
    g_free(data);
    g_free(after);
    g_free(keys);
    g_free(copy);
    g_free(csv);
    g_free(camt);
    g_free(why);
    g_free(path);
    g_free(dir);
}
END_TEST

/* Store one bank_txn record in a file of its own; returns what the store did with it. */
static cbec_store_result file_with_bank_txn(cbec_store *st, int64_t run, const char *name, const char *const *fields)
{
    cbec_counts cnt = {1, 1, 0, 0, 0};
    cbec_record rec;
    cbec_store_result r;
    char err[300];
    int64_t sid;
    int i;

    cbec_record_init(&rec);
    ck_assert_int_eq(cbec_store_file_begin(st, run, name, NULL, 100, &sid), CBEC_ERR_NONE);
    cbec_record_begin(&rec, "bank_txn");
    for (i = 0; fields[i]; i++) {
        char **kv = g_strsplit(fields[i], "=", 2);
        if (kv[1][0] == '#')
            cbec_record_set_int(&rec, kv[0], g_ascii_strtoll(kv[1] + 1, NULL, 10));
        else
            cbec_record_set_text(&rec, kv[0], kv[1]);
        g_strfreev(kv);
    }
    r = cbec_store_record(st, &rec, err, sizeof err);
    ck_assert_int_eq(cbec_store_file_commit(st, name, 100, &cnt, "ok", NULL), CBEC_ERR_NONE);
    cbec_record_free(&rec);
    return r;
}

/* A bank plugin built before statement_key/entry_seq still has its entries recognised by
 * the earlier key (account, entry_ref), among rows stored the same way only. */
START_TEST(store_bank_txn_without_statement_key)
{
    char *dir = tu_tmpdir(), *path = tu_path(dir, "legacy.db"), *why = NULL;
    const char *old1[] = {"account=A1", "entry_ref=R1", "amount=#100", "direction=C", NULL};
    const char *old2[] = {"account=A1", "entry_ref=R1", "amount=#150", "direction=C", NULL};
    const char *new1[] = {"account=A1", "entry_ref=R1", "statement_key=7|2026-11-25", "entry_seq=#1", "amount=#100",
                          "direction=C", NULL};
    cbec_store *st = NULL;
    int64_t run;

    ck_assert_int_eq(cbec_store_open(path, 0, &st, &why), CBEC_ERR_NONE);
    run = cbec_store_run_begin(st, "test", NULL);
    ck_assert_int_eq(file_with_bank_txn(st, run, "a", old1), CBEC_STORED_NEW);
    ck_assert_int_eq(file_with_bank_txn(st, run, "b", old1), CBEC_STORED_DUP);
    ck_assert_int_eq(file_with_bank_txn(st, run, "c", old2), CBEC_STORED_UPDATE);
    /* keyed the new way: another row, never the old-style one */
    ck_assert_int_eq(file_with_bank_txn(st, run, "d", new1), CBEC_STORED_NEW);
    ck_assert_int_eq(file_with_bank_txn(st, run, "e", old2), CBEC_STORED_DUP);
    cbec_store_close(st);
    ck_assert_int_eq(tu_sql_int(path, "SELECT count(*) FROM bank_txn"), 2);
    ck_assert_int_eq(tu_sql_int(path, "SELECT amount FROM bank_txn WHERE statement_key IS NULL"), 150);
    g_free(why);
    g_free(path);
    g_free(dir);
}
END_TEST

/* In ingest mode small files share a transaction, each still stored whole or not at
 * all: a rolled-back file leaves nothing, the others are all there once ingest mode
 * ends, also around a big file (a transaction of its own) and a file left open. */
START_TEST(store_file_groups)
{
    char *dir = tu_tmpdir(), *path = tu_path(dir, "groups.db"), *why = NULL;
    cbec_store *st = NULL;
    sqlite3 *db;
    int64_t run, sid;

    ck_assert_int_eq(cbec_store_open(path, 0, &st, &why), CBEC_ERR_NONE);
    run = cbec_store_run_begin(st, "test", NULL);
    cbec_store_ingest_mode(st, 1);
    file_with_order(st, run, "A", 100, 1);
    file_with_order(st, run, "B", 100, 0);
    file_with_order(st, run, "C", 5 << 20, 1);     /* big: its own transaction */
    file_with_order(st, run, "D", -1, 0);          /* unknown size, rolled back */
    file_with_order(st, run, "E", 100, 1);
    ck_assert_int_eq(cbec_store_file_begin(st, run, "F", NULL, 100, &sid), CBEC_ERR_NONE);  /* never finished */
    cbec_store_ingest_mode(st, 0);
    cbec_store_close(st);

    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM orders WHERE order_no IN ('A','C','E')", -1), 3);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM orders", -1), 3);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM order_item", -1), 3);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM source_file WHERE status='ok'", -1), 3);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM source_file", -1), 3);
    sqlite3_close(db);
    g_free(why);
    g_free(path);
    g_free(dir);
}
END_TEST

/* Rows of one kind with other field sets and orders each get their own columns; a
 * row's shape is checked even when rows of its kind were stored before. */
START_TEST(store_row_shapes)
{
    static const char *const a[] = {"order_no=A1", "platform_code=P1", "currency=CNY", "goods_value=#100", NULL};
    static const char *const b[] = {"goods_value=#200", "order_no=B1", "platform_code=P1", NULL};
    static const char *const c[] = {"order_no=C1", "seller_name=Erdos", NULL};   /* platform_code: its default */
    static const char *const d[] = {"order_no=D1", "platform_code=P1", "no_such_column=x", NULL};
    static const char *const e[] = {"order_no=E1", "platform_code=P1", "order_id=#5", NULL};
    static const char *const f[] = {"platform_code=P1", "currency=CNY", NULL};  /* no order_no */
    char *dir = tu_tmpdir(), *path = tu_path(dir, "shapes.db"), *why = NULL, err[300];
    cbec_store *st = NULL;
    cbec_record rec;
    cbec_counts cnt = {0, 0, 0, 0, 0};
    int64_t run, sid;
    sqlite3 *db;

    ck_assert_int_eq(cbec_store_open(path, 0, &st, &why), CBEC_ERR_NONE);
    cbec_record_init(&rec);
    run = cbec_store_run_begin(st, "test", NULL);
    ck_assert_int_eq(cbec_store_file_begin(st, run, path, NULL, -1, &sid), CBEC_ERR_NONE);
    cbec_store_file_plugin(st, "test", "1");
    order(&rec, a, 2, 0);
    ck_assert_int_eq(cbec_store_record(st, &rec, err, sizeof err), CBEC_STORED_NEW);
    order(&rec, b, 1, 1);
    ck_assert_int_eq(cbec_store_record(st, &rec, err, sizeof err), CBEC_STORED_NEW);
    order(&rec, c, 0, 0);
    ck_assert_int_eq(cbec_store_record(st, &rec, err, sizeof err), CBEC_STORED_NEW);
    order(&rec, a, 2, 0);
    ck_assert_int_eq(cbec_store_record(st, &rec, err, sizeof err), CBEC_STORED_DUP);
    order(&rec, d, 0, 0);
    ck_assert_int_eq(cbec_store_record(st, &rec, err, sizeof err), CBEC_STORED_INVALID);
    ck_assert_ptr_nonnull(strstr(err, "no_such_column"));
    order(&rec, e, 0, 0);
    ck_assert_int_eq(cbec_store_record(st, &rec, err, sizeof err), CBEC_STORED_INVALID);
    ck_assert_ptr_nonnull(strstr(err, "order_id"));
    order(&rec, f, 0, 0);
    ck_assert_int_eq(cbec_store_record(st, &rec, err, sizeof err), CBEC_STORED_INVALID);
    ck_assert_ptr_nonnull(strstr(err, "order_no"));
    order(&rec, a, 2, 0);
    cbec_record_child(&rec, "payment");                 /* not a child kind of orders */
    ck_assert_int_eq(cbec_store_record(st, &rec, err, sizeof err), CBEC_STORED_INVALID);
    ck_assert_int_eq(cbec_store_file_commit(st, "", 0, &cnt, "ok", NULL), CBEC_ERR_NONE);

    db = cbec_store_db(st);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM orders", -1), 3);
    ck_assert_int_eq(cbec_db_int(db, "SELECT goods_value FROM orders WHERE order_no='A1'", -1), 100);
    ck_assert_int_eq(cbec_db_int(db, "SELECT goods_value FROM orders WHERE order_no='B1'", -1), 200);
    ck_assert_int_eq(cbec_db_int(db, "SELECT currency IS NULL FROM orders WHERE order_no='B1'", -1), 1);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM orders WHERE order_no='C1' AND platform_code='' "
                                     "AND seller_name='Erdos'", -1), 1);
    ck_assert_int_eq(cbec_db_int(db, "SELECT sum(line_no) FROM order_item JOIN orders USING (order_id) "
                                     "WHERE order_no='A1'", -1), 3);
    ck_assert_int_eq(cbec_db_int(db, "SELECT line_no FROM order_item JOIN orders USING (order_id) "
                                     "WHERE order_no='B1'", -1), 10);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM orders WHERE content_hash IS NULL OR source_id IS NULL",
                                 -1), 0);
    cbec_record_free(&rec);
    cbec_store_close(st);
    g_free(why);
    g_free(path);
    g_free(dir);
}
END_TEST

/* An order whose second line is refused (its line number repeats) is stored not at all:
 * a new order leaves no row or line behind, a changed resend leaves the stored order as
 * it was; the file goes on.  Both in a file of its own and in a group of small files. */
static void order_with_lines(cbec_record *rec, const char *order_no, int64_t goods_value, const int *line_nos)
{
    cbec_record_reset(rec);
    cbec_record_begin(rec, "orders");
    cbec_record_set_text(rec, "order_no", order_no);
    cbec_record_set_text(rec, "platform_code", "P1");
    cbec_record_set_int(rec, "goods_value", goods_value);
    for (; *line_nos; line_nos++) {
        cbec_record_child(rec, "order_item");
        cbec_record_set_int(rec, "line_no", *line_nos);
        cbec_record_set_text(rec, "name", "cashmere scarf");
    }
}

START_TEST(store_refused_line_leaves_nothing)
{
    static const int one[] = {1, 0}, repeated[] = {1, 1, 0}, two[] = {1, 2, 0};
    char *dir = tu_tmpdir(), *path = tu_path(dir, "lines.db"), *why = NULL, err[300];
    cbec_store *st = NULL;
    cbec_record rec;
    cbec_counts cnt = {0, 0, 0, 0, 0};
    int64_t run, sid, size;
    sqlite3 *db;
    int pass;

    ck_assert_int_eq(cbec_store_open(path, 0, &st, &why), CBEC_ERR_NONE);
    cbec_record_init(&rec);
    run = cbec_store_run_begin(st, "test", NULL);
    cbec_store_ingest_mode(st, 1);
    for (pass = 0; pass < 2; pass++) {
        const char *stored = pass ? "S2" : "S1", *refused = pass ? "R2" : "R1", *after = pass ? "T2" : "T1";
        size = pass ? 100 : 5 << 20;   /* a file of its own, then a savepoint in a group */
        ck_assert_int_eq(cbec_store_file_begin(st, run, stored, NULL, size, &sid), CBEC_ERR_NONE);
        cbec_store_file_plugin(st, "test", "1");
        order_with_lines(&rec, stored, 100, one);
        ck_assert_int_eq(cbec_store_record(st, &rec, err, sizeof err), CBEC_STORED_NEW);
        order_with_lines(&rec, refused, 100, repeated);
        ck_assert_int_eq(cbec_store_record(st, &rec, err, sizeof err), CBEC_STORED_INVALID);
        ck_assert_ptr_nonnull(strstr(err, "line 2"));
        order_with_lines(&rec, stored, 999, repeated);    /* a changed resend, refused */
        ck_assert_int_eq(cbec_store_record(st, &rec, err, sizeof err), CBEC_STORED_INVALID);
        order_with_lines(&rec, after, 100, two);
        ck_assert_int_eq(cbec_store_record(st, &rec, err, sizeof err), CBEC_STORED_NEW);
        ck_assert_int_eq(cbec_store_file_commit(st, "", size, &cnt, "ok", NULL), CBEC_ERR_NONE);
    }
    cbec_store_ingest_mode(st, 0);
    cbec_record_free(&rec);
    cbec_store_close(st);

    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM orders WHERE order_no LIKE 'R%'", -1), 0);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM orders", -1), 4);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM orders WHERE order_no LIKE 'S%' AND goods_value=100 "
                                     "AND revision=1", -1), 2);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM order_item JOIN orders USING (order_id) "
                                     "WHERE order_no LIKE 'S%'", -1), 2);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM order_item", -1), 6);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM order_item WHERE order_id NOT IN "
                                     "(SELECT order_id FROM orders)", -1), 0);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM source_file WHERE status='ok'", -1), 2);
    sqlite3_close(db);
    g_free(why);
    g_free(path);
    g_free(dir);
}
END_TEST

/* The checkpointer copies the log on its own thread, and the log stays bounded although
 * the writer starts each transaction right after the last (so a passive checkpoint never
 * finds it idle); afterwards the connection has SQLite's automatic checkpoints back. */
START_TEST(checkpoint_bounds_the_wal)
{
    char *dir = tu_tmpdir(), *path = tu_path(dir, "wal.db"), *wal = g_strconcat(path, "-wal", NULL), *why = NULL;
    cbec_store *st = NULL;
    cbec_checkpointer *ck;
    sqlite3 *db;
    sqlite3_stmt *ins;
    struct stat sb;
    gint64 biggest = 0;
    int i, j;

    ck_assert_int_eq(cbec_store_open(path, 0, &st, &why), CBEC_ERR_NONE);
    db = cbec_store_db(st);
    ck_assert_int_eq(sqlite3_exec(db, "CREATE TABLE scratch(x BLOB)", NULL, NULL, NULL), SQLITE_OK);
    ck = cbec_checkpointer_start(db, path, 20, 200);
    ck_assert_ptr_nonnull(ck);
    ck_assert_int_eq(sqlite3_prepare_v2(db, "INSERT INTO scratch VALUES (randomblob(3000))", -1, &ins, NULL),
                     SQLITE_OK);
    for (i = 0; i < 300; i++) {             /* about 2,700 pages of log without checkpoints */
        ck_assert_int_eq(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
        for (j = 0; j < 8; j++) {
            ck_assert_int_eq(sqlite3_step(ins), SQLITE_DONE);
            sqlite3_reset(ins);
        }
        ck_assert_int_eq(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
        if (stat(wal, &sb) == 0 && sb.st_size > biggest)
            biggest = sb.st_size;
    }
    sqlite3_finalize(ins);
    ck_assert_int_gt(cbec_checkpointer_stop(ck), 0);
    ck_assert_int_lt(biggest, (gint64)(200 + 40) * (4096 + 24) + 32);   /* max_pages, one commit more */
    ck_assert_int_eq(cbec_db_int(db, "PRAGMA wal_autocheckpoint", -1), 1000);
    ck_assert_int_eq(cbec_db_int(db, "SELECT count(*) FROM scratch", -1), 2400);
    cbec_store_close(st);
    g_free(why);
    g_free(wal);
    g_free(path);
    g_free(dir);
}
END_TEST

/* A source for the pump: `total` bytes of a fixed pattern in uneven reads, then the end
 * or an error. */
typedef struct pattern_src {
    size_t total, pos;
    int fail;
} pattern_src;

static ssize_t pattern_fill(void *ud, void *buf, size_t len, char **error)
{
    pattern_src *ps = ud;
    size_t i, n = len < 7777 ? len : 7777;
    if (ps->pos >= ps->total) {
        if (ps->fail) {
            *error = g_strdup("cannot decompress: truncated");
            return -1;
        }
        return 0;
    }
    if (n > ps->total - ps->pos)
        n = ps->total - ps->pos;
    for (i = 0; i < n; i++)
        ((unsigned char *)buf)[i] = (unsigned char)((ps->pos + i) * 31 % 251);
    ps->pos += n;
    return (ssize_t)n;
}

/* The pump delivers every byte once, in order, hashed in order; an error ends the job
 * with its message; a job stopped early leaves the pump ready for the next one. */
START_TEST(pump_bytes_in_order)
{
    cbec_pump *p = cbec_pump_new();
    pattern_src src = {3 * 1000 * 1000 + 17, 0, 0};
    cbec_sha256 got, want;
    char got_hex[65], want_hex[65], *error = NULL;
    unsigned char buf[5000];
    size_t total = 0, i;
    ssize_t n;
    int round;

    ck_assert_ptr_nonnull(p);
    for (round = 0; round < 2; round++) {
        src.pos = 0;
        src.fail = round == 1;
        total = 0;
        cbec_sha256_init(&got);
        cbec_sha256_init(&want);
        cbec_pump_start(p, pattern_fill, &src, &got, NULL, NULL);
        ck_assert(cbec_pump_busy(p));
        while ((n = cbec_pump_read(p, buf, 1 + total % sizeof buf, &error)) > 0) {
            for (i = 0; i < (size_t)n; i++)
                if (buf[i] != (unsigned char)((total + i) * 31 % 251))
                    ck_abort_msg("byte %zu is %u", total + i, buf[i]);
            cbec_sha256_update(&want, buf, (size_t)n);
            total += (size_t)n;
        }
        ck_assert_uint_eq(total, src.total);
        ck_assert(!cbec_pump_busy(p));
        if (round == 0) {
            ck_assert_int_eq(n, 0);
            cbec_sha256_hex(&got, got_hex);
            cbec_sha256_hex(&want, want_hex);
            ck_assert_str_eq(got_hex, want_hex);
        } else {
            ck_assert_int_eq(n, -1);
            ck_assert_str_eq(error, "cannot decompress: truncated");
            g_free(error);
            error = NULL;
        }
        ck_assert_int_eq(cbec_pump_read(p, buf, sizeof buf, &error), 0);   /* the job has ended */
    }
    /* stopped after a little: the next job starts from its own beginning */
    src.pos = 0;
    src.fail = 0;
    cbec_pump_start(p, pattern_fill, &src, NULL, NULL, NULL);
    ck_assert_int_gt(cbec_pump_read(p, buf, 100, &error), 0);
    cbec_pump_stop(p);
    ck_assert(!cbec_pump_busy(p));
    src.pos = 0;
    cbec_pump_start(p, pattern_fill, &src, NULL, NULL, NULL);
    ck_assert_int_gt(cbec_pump_read(p, buf, 1, &error), 0);
    ck_assert_uint_eq(buf[0], 0);
    cbec_pump_free(p);   /* with a job running */
}
END_TEST

/* pattern_fill, slowly: the consumer outruns the pump. */
static ssize_t slow_fill(void *ud, void *buf, size_t len, char **error)
{
    g_usleep(300);
    return pattern_fill(ud, buf, len, error);
}

/* Neither side of the pump is woken for every chunk (issue 22: a futex call and a context
 * switch per 64 KiB cost more than inflating it): a fast consumer sleeps until half the
 * ring is filled, a fast pump until half of it is free. 64 chunks, a ring of 16: each
 * sleep of either side is followed by 8 chunks of progress, so at most 2 x 64 / 8 sleeps
 * (plus the ends) even when the machine's load stalls a side; a wake-up per chunk is ~64. */
START_TEST(pump_sleeps_rarely)
{
    cbec_pump *p = cbec_pump_new();
    pattern_src src = {64 * 7777, 0, 0};
    unsigned char buf[8192];
    char *error = NULL;
    size_t total = 0;
    ssize_t n;
    int64_t before;

    ck_assert_ptr_nonnull(p);
    /* a slow pump: the consumer waits for 8 chunks (or the end) at a time */
    before = cbec_pump_sleeps(p);
    cbec_pump_start(p, slow_fill, &src, NULL, NULL, NULL);
    while ((n = cbec_pump_read(p, buf, sizeof buf, &error)) > 0)
        total += (size_t)n;
    ck_assert_int_eq(n, 0);
    ck_assert_uint_eq(total, src.total);
    ck_assert_int_le(cbec_pump_sleeps(p) - before, 2 * (64 / 8) + 2);
    /* a slow consumer: the pump waits for 8 free chunks at a time */
    src.pos = 0;
    total = 0;
    before = cbec_pump_sleeps(p);
    cbec_pump_start(p, pattern_fill, &src, NULL, NULL, NULL);
    g_usleep(20000);   /* the ring fills */
    while ((n = cbec_pump_read(p, buf, sizeof buf, &error)) > 0) {
        total += (size_t)n;
        g_usleep(300);
    }
    ck_assert_int_eq(n, 0);
    ck_assert_uint_eq(total, src.total);
    ck_assert_int_le(cbec_pump_sleeps(p) - before, 2 * (64 / 8) + 2);
    cbec_pump_free(p);
}
END_TEST

START_TEST(config_file_and_overrides)
{
    char *dir = tu_tmpdir(), *path = tu_path(dir, "c.conf"), *why = NULL, *p;
    cbec_config *cfg = NULL;
    int bad = 0;

    tu_write(path, "[core]\ndb = data/x.db\nmax_expanded_bytes = 10M\n[plugin.ceb]\nmax_depth = 64\n", -1);
    ck_assert_int_eq(cbec_config_load(path, &cfg, &why), CBEC_ERR_NONE);
    p = cbec_config_get_path(cfg, "core", "db");
    ck_assert(g_str_has_suffix(p, "/data/x.db"));
    ck_assert(g_path_is_absolute(p));
    g_free(p);
    ck_assert_int_eq(cbec_config_get_int(cfg, "core", "max_expanded_bytes", 0, &bad), 10 * 1048576);
    ck_assert_int_eq(cbec_config_override(cfg, "plugin.ceb.max_depth=8"), CBEC_ERR_NONE);
    ck_assert_str_eq(cbec_config_get(cfg, "plugin.ceb", "max_depth"), "8");
    ck_assert_int_eq(cbec_config_override(cfg, "nodot"), CBEC_ERR_USAGE);
    ck_assert_int_eq(cbec_parse_size("1G"), 1073741824LL);
    ck_assert_int_eq(cbec_parse_size("12x"), -1);
    cbec_config_free(cfg);
    ck_assert_int_eq(cbec_config_load("/nonexistent/c.conf", &cfg, &why), CBEC_ERR_CONFIG);
    ck_assert_ptr_nonnull(strstr(why, "/nonexistent/c.conf"));
    g_free(why);
    g_free(path);
    g_free(dir);
}
END_TEST

/* The region's dataset moves every zone's row numbers (warehouse/region.h): each INTEGER PRIMARY
 * KEY (found from the schema) and each column referring to one (the reference list).  A column of
 * core/schema.sql named like a row number (*_id, *_run) that is neither in the list nor declared
 * "not an id" would keep one zone's numbers among another's: this fails, naming it. */
START_TEST(region_refs_cover_the_schema)
{
    char *dir = tu_tmpdir(), *path = tu_path(dir, "ids.db"), *why = NULL;
    cbec_store *st = NULL;
    sqlite3 *db;
    sqlite3_stmt *t, *c;
    GString *missing = g_string_new(NULL);
    const cbec_region_ref *refs;
    size_t n;

    ck_assert_int_eq(cbec_store_open(path, 0, &st, &why), CBEC_ERR_NONE);
    db = cbec_store_db(st);
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE "
                                            "'sqlite\\_%' ESCAPE '\\' ORDER BY name", -1, &t, NULL), SQLITE_OK);
    while (sqlite3_step(t) == SQLITE_ROW) {
        const char *table = (const char *)sqlite3_column_text(t, 0);
        char *sql = sqlite3_mprintf("SELECT name, upper(type), pk, (SELECT count(*) FROM pragma_table_info(%Q) "
                                    "WHERE pk > 0) FROM pragma_table_info(%Q)", table, table);
        ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &c, NULL), SQLITE_OK);
        while (sqlite3_step(c) == SQLITE_ROW) {
            const char *col = (const char *)sqlite3_column_text(c, 0), *type = (const char *)sqlite3_column_text(c, 1);
            int rowid = strcmp(type, "INTEGER") == 0 && sqlite3_column_int(c, 2) == 1 && sqlite3_column_int(c, 3) == 1;
            int named = g_str_has_suffix(col, "_id") || g_str_has_suffix(col, "_run");
            int declared = 0;
            char *full = g_strdup_printf("%s.%s", table, col);
            for (const char *const *x = cbec_region_not_ids(); *x; x++)
                declared |= strcmp(*x, full) == 0;
            if (strcmp(type, "INTEGER") == 0 && named && !rowid && !declared && !cbec_region_ref_of(table, col))
                g_string_append_printf(missing, " %s", full);
            g_free(full);
        }
        sqlite3_finalize(c);
        sqlite3_free(sql);
    }
    sqlite3_finalize(t);
    ck_assert_msg(missing->len == 0, "columns neither moved nor declared not an id (warehouse/region.c refs[] or "
                                     "not_ids[]):%s", missing->str);
    /* and every entry of the list names a column and a target with a row number that exist */
    refs = cbec_region_refs(&n);
    for (size_t i = 0; i < n; i++) {
        char *sql;
        if (strcmp(refs[i].table, "*") != 0) {
            sql = sqlite3_mprintf("SELECT count(*) FROM pragma_table_info(%Q) WHERE name=%Q", refs[i].table,
                                  refs[i].column);
            ck_assert_msg(cbec_db_int(db, sql, -1) == 1, "refs[]: no column %s.%s", refs[i].table, refs[i].column);
            sqlite3_free(sql);
        }
        if (strcmp(refs[i].target, "@kind") != 0) {
            sql = sqlite3_mprintf("SELECT count(*) FROM pragma_table_info(%Q) WHERE pk=1 AND upper(type)='INTEGER'",
                                  refs[i].target);
            ck_assert_msg(cbec_db_int(db, sql, -1) == 1, "refs[]: %s has no row number", refs[i].target);
            sqlite3_free(sql);
        }
    }
    g_string_free(missing, TRUE);
    cbec_store_close(st);
    g_free(why);
    g_free(path);
    g_free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("units");
    TCase *tc = tcase_create("units");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, decimal_exact);
    tcase_add_test(tc, money_locale_free);
    tcase_add_test(tc, decimal_mark_evidence_and_convention);
    tcase_add_test(tc, currency_exponents);
    tcase_add_test(tc, personal_masks_and_keyed_hash);
    tcase_add_test(tc, config_file_and_overrides);
    tcase_add_test(tc, record_builder);
    tcase_add_test(tc, record_field_names_interned);
    tcase_add_test(tc, record_refusal_until_reset);
    tcase_add_test(tc, record_lent_block);
    tcase_add_test(tc, host_time_values);
    tcase_add_test(tc, store_row_shapes);
    tcase_add_test(tc, store_migrates_older_datasets);
    tcase_add_test(tc, store_migrates_bank_entry_keys);
    tcase_add_test(tc, store_migrates_run_process);
    tcase_add_test(tc, store_migrates_flow_identity);
    tcase_add_test(tc, store_migrates_flow_identity_present);
    tcase_add_test(tc, store_migrates_exception_since);
    tcase_add_test(tc, json_strings);
    tcase_add_test(tc, store_bank_txn_without_statement_key);
    tcase_add_test(tc, store_file_groups);
    tcase_add_test(tc, store_refused_line_leaves_nothing);
    tcase_add_test(tc, checkpoint_bounds_the_wal);
    tcase_add_test(tc, store_keeps_no_allocation_statistics);
    tcase_add_test(tc, pump_bytes_in_order);
    tcase_add_test(tc, pump_sleeps_rarely);
    tcase_add_test(tc, region_refs_cover_the_schema);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
