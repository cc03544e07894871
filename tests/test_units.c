/* Unit tests: exact decimals, locale-free money, personal-data masking and hashing, config. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include <cbecflow/host.h>

#include "config.h"
#include "decimal.h"
#include "personal.h"
#include "record.h"
#include "testutil.h"

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
    char *h1, *h2, *h3, *m;
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

int main(void)
{
    Suite *s = suite_create("units");
    TCase *tc = tcase_create("units");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, decimal_exact);
    tcase_add_test(tc, money_locale_free);
    tcase_add_test(tc, currency_exponents);
    tcase_add_test(tc, personal_masks_and_keyed_hash);
    tcase_add_test(tc, config_file_and_overrides);
    tcase_add_test(tc, record_builder);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
