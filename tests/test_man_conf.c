/* cbecflow.conf(5) cannot drift from the table the validator uses (issue 17 item 6): every
 * key of cbec_conf_table is described in its section of man/cbecflow.conf.5.in with the
 * table's type, default and one-line meaning, and the page describes no key the table
 * lacks.  The entry format is in the comment at the top of the page. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "core/confmap.h"
#include "testutil.h"

/* One documented key: the `.TP` header line and the text lines after it. */
typedef struct man_key {
    char *section, *key, *header, *text;
} man_key;

static GPtrArray *keys;     /* man_key, in page order */
static GPtrArray *sections; /* every `.SS [name]` of the page */

static void man_key_free(gpointer p)
{
    man_key *k = p;
    g_free(k->section);
    g_free(k->key);
    g_free(k->header);
    g_free(k->text);
    g_free(k);
}

/* Text of a roff line without font changes, the way a reader sees it. */
static char *plain(const char *roff)
{
    GString *s = g_string_new(NULL);
    for (const char *p = roff; *p; p++) {
        if (p[0] == '\\' && p[1] == 'f' && p[2]) {
            p += 2;
        } else if (p[0] == '\\' && (p[1] == '-' || p[1] == '&')) {
            if (p[1] == '-')
                g_string_append_c(s, '-');
            p++;
        } else
            g_string_append_c(s, *p);
    }
    return g_string_free(s, FALSE);
}

/* The page's key entries: `.TP` then `\fBKEY\fR = ...` inside a `.SS [section]`. */
static void parse_page(void)
{
    char *path = tu_src("man/cbecflow.conf.5.in"), *data = NULL, **lines, *section = NULL;
    GError *e = NULL;
    GRegex *entry = g_regex_new("^\\\\fB([a-z_]+)\\\\fR = ", 0, 0, NULL);
    GRegex *ss = g_regex_new("^\\.SS \"?\\[([a-zA-Z_.]+)\\]", 0, 0, NULL);
    man_key *cur = NULL;

    if (!g_file_get_contents(path, &data, NULL, &e))
        ck_abort_msg("cannot read %s: %s", path, e->message);
    keys = g_ptr_array_new_with_free_func(man_key_free);
    sections = g_ptr_array_new_with_free_func(g_free);
    lines = g_strsplit(data, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        GMatchInfo *m = NULL, *km = NULL;
        const char *l = lines[i];
        if (g_regex_match(ss, l, 0, &m)) {
            g_free(section);
            section = g_match_info_fetch(m, 1);
            g_ptr_array_add(sections, g_strdup(section));
            cur = NULL;
        } else if (g_str_has_prefix(l, ".SH") || g_str_has_prefix(l, ".SS")) {
            g_free(section);
            section = NULL;
            cur = NULL;
        } else if (strcmp(l, ".TP") == 0 && section && lines[i + 1] && g_regex_match(entry, lines[i + 1], 0, &km)) {
            cur = g_new0(man_key, 1);
            cur->section = g_strdup(section);
            cur->key = g_match_info_fetch(km, 1);
            cur->header = g_strdup(lines[i + 1]);
            cur->text = g_strdup("");
            g_ptr_array_add(keys, cur);
            i++;
        } else if (l[0] == '.' && strcmp(l, ".TP") != 0 && l[1] != '\\' && (l[1] == 'P' || l[1] == 'S')) {
            cur = NULL; /* .PP, .SH ... end the entry's paragraph */
        } else if (cur && l[0] != '.') {
            char *t = plain(l), *joined = g_strconcat(cur->text, " ", t, NULL);
            g_free(cur->text);
            cur->text = joined;
            g_free(t);
        } else if (strcmp(l, ".TP") == 0)
            cur = NULL;
        g_match_info_free(m);
        g_match_info_free(km);
    }
    g_strfreev(lines);
    g_free(section);
    g_free(data);
    g_free(path);
    g_regex_unref(entry);
    g_regex_unref(ss);
}

static void setup(void)
{
    parse_page();
}

static void teardown(void)
{
    g_ptr_array_free(keys, TRUE);
    g_ptr_array_free(sections, TRUE);
}

/* How the page writes a kind; a kind added to cbec_conf_kind without a word here is a
 * compiler warning (-Wswitch), so the page's TYPES section gets it too. */
static const char *kind_word(cbec_conf_kind k)
{
    switch (k) {
    case CBEC_CK_STRING: return "string";
    case CBEC_CK_PATH: return "path";
    case CBEC_CK_INT: return "integer";
    case CBEC_CK_SIZE: return "size";
    case CBEC_CK_BOOL: return "boolean";
    case CBEC_CK_ENUM: return NULL;
    case CBEC_CK_SECONDS: return "seconds";
    case CBEC_CK_LIST: return "list";
    }
    return "?";
}

/* The header line the page must have for e. */
static char *expected_header(const cbec_conf_entry *e)
{
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "\\fB%s\\fR = ", e->key);
    if (e->kind == CBEC_CK_ENUM) {
        char **set = g_strsplit(e->allowed, "|", -1);
        g_string_append(s, "one of ");
        for (int i = 0; set[i]; i++)
            g_string_append_printf(s, "%s\\fB%s\\fR", i ? ", " : "", set[i]);
        g_strfreev(set);
    } else
        g_string_append_printf(s, "\\fI%s\\fR", kind_word(e->kind));
    if (e->def)
        g_string_append_printf(s, "; default: \\fB%s\\fR", e->def);
    else
        g_string_append(s, "; default: unset");
    return g_string_free(s, FALSE);
}

static const man_key *find(const char *section, const char *key, int *count)
{
    const man_key *hit = NULL;
    *count = 0;
    for (guint i = 0; i < keys->len; i++) {
        const man_key *k = g_ptr_array_index(keys, i);
        if (strcmp(k->section, section) == 0 && strcmp(k->key, key) == 0) {
            hit = k;
            (*count)++;
        }
    }
    return hit;
}

START_TEST(page_parses)
{
    /* A page the parser misreads would pass the other tests with nothing checked. */
    ck_assert_uint_ge(keys->len, 19);
    ck_assert(g_ptr_array_find_with_equal_func(sections, "core", g_str_equal, NULL));
    ck_assert(g_ptr_array_find_with_equal_func(sections, "accounts", g_str_equal, NULL));
    ck_assert(g_ptr_array_find_with_equal_func(sections, "plugin.NAME", g_str_equal, NULL));
}
END_TEST

START_TEST(every_table_key_documented)
{
    GString *problems = g_string_new(NULL);
    for (const cbec_conf_entry *e = cbec_conf_table; e->key; e++) {
        int n;
        const man_key *k = find(e->section, e->key, &n);
        char *want = expected_header(e), *meaning, *text;
        if (!k) {
            g_string_append_printf(problems, "[%s] %s: not in the page; add\n.TP\n%s\n", e->section, e->key, want);
            g_free(want);
            continue;
        }
        if (n > 1)
            g_string_append_printf(problems, "[%s] %s: described %d times\n", e->section, e->key, n);
        if (strcmp(k->header, want) != 0)
            g_string_append_printf(problems, "[%s] %s: the page says\n  %s\nthe table says\n  %s\n", e->section,
                                   e->key, k->header, want);
        /* The meaning, as `config check` prints it, minus its backticks. */
        meaning = g_ascii_strdown(e->meaning, -1);
        g_strdelimit(meaning, "`", ' ');
        {
            char **w = g_strsplit(meaning, " ", -1), *j;
            GPtrArray *nonempty = g_ptr_array_new();
            for (int i = 0; w[i]; i++)
                if (*w[i])
                    g_ptr_array_add(nonempty, w[i]);
            g_ptr_array_add(nonempty, NULL);
            j = g_strjoinv(" ", (char **)nonempty->pdata);
            g_free(meaning);
            meaning = j;
            g_ptr_array_free(nonempty, TRUE);
            g_strfreev(w);
        }
        text = g_ascii_strdown(k->text, -1);
        if (!strstr(text, meaning))
            g_string_append_printf(problems, "[%s] %s: the text does not say the table's meaning \"%s\"\n",
                                   e->section, e->key, e->meaning);
        g_free(text);
        g_free(meaning);
        g_free(want);
    }
    ck_assert_msg(problems->len == 0, "man/cbecflow.conf.5.in and cbec_conf_table (core/confmap.c) differ:\n%s",
                  problems->str);
    g_string_free(problems, TRUE);
}
END_TEST

START_TEST(no_key_the_table_lacks)
{
    GString *problems = g_string_new(NULL);
    for (guint i = 0; i < keys->len; i++) {
        const man_key *k = g_ptr_array_index(keys, i);
        int known_section = 0, known_key = 0;
        if (strcmp(k->section, "accounts") == 0 || g_str_has_prefix(k->section, "plugin."))
            continue; /* free keys, and the plugins' own */
        for (const cbec_conf_entry *e = cbec_conf_table; e->key; e++) {
            known_section |= strcmp(e->section, k->section) == 0;
            known_key |= strcmp(e->section, k->section) == 0 && strcmp(e->key, k->key) == 0;
        }
        if (!known_section)
            g_string_append_printf(problems, "section [%s]: not in the table\n", k->section);
        else if (!known_key)
            g_string_append_printf(problems, "[%s] %s: not in the table (removed or renamed?)\n", k->section,
                                   k->key);
    }
    ck_assert_msg(problems->len == 0, "man/cbecflow.conf.5.in describes keys the validator refuses:\n%s",
                  problems->str);
    g_string_free(problems, TRUE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("man_conf");
    TCase *tc = tcase_create("table");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, page_parses);
    tcase_add_test(tc, every_table_key_documented);
    tcase_add_test(tc, no_key_the_table_lacks);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
