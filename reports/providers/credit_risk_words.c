/* Codes of the credit and risk data in the reader's words (credit_risk_words.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "core/base/dates.h"
#include "reports/providers/credit_risk_words.h"

char *cbec_words_case_sql(cbec_template *t, const char *group, const char *expr)
{
    GString *s = g_string_new("CASE ");
    gchar **keys = NULL;
    int n = 0;

    g_string_append_printf(s, "%s", expr);
    /* the kind's file holds these groups (common.tpl has none of them) */
    if (t->kf && g_key_file_has_group(t->kf, group))
        keys = g_key_file_get_keys(t->kf, group, NULL, NULL);
    for (int i = 0; keys && keys[i]; i++) {
        char *q;
        if (strchr(keys[i], '['))   /* KEY[zh]: a translation of KEY, looked up through KEY */
            continue;
        q = sqlite3_mprintf(" WHEN %Q THEN %Q", keys[i], cbec_template_label(t, group, keys[i], keys[i]));
        g_string_append(s, q);
        sqlite3_free(q);
        n++;
    }
    g_strfreev(keys);
    g_string_append_printf(s, " ELSE %s END", expr);
    if (n == 0) {
        g_string_free(s, TRUE);
        return g_strdup(expr);
    }
    return g_string_free(s, FALSE);
}

char *cbec_words_day(const char *date, int zh)
{
    static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                         "July",    "August",   "September", "October", "November", "December"};
    int y, m, d;
    if (!date || !cbec_date_parse(date, &y, &m, &d))
        return NULL;
    return zh ? g_strdup_printf("%d年%d月%d日", y, m, d) : g_strdup_printf("%d %s %d", d, months[m - 1], y);
}

char *cbec_words_yuan(const char *decimal)
{
    const char *p = decimal, *dot;
    GString *s = g_string_new(NULL);
    size_t ilen;
    char frac[3] = "00";

    /* text, never a double: the evidence holds exact decimal yuan */
    if (*p == '-' || *p == '+') {
        if (*p == '-')
            g_string_append_c(s, '-');
        p++;
    }
    dot = strchr(p, '.');
    ilen = dot ? (size_t)(dot - p) : strlen(p);
    if (ilen == 0)
        g_string_append_c(s, '0');
    for (size_t i = 0; i < ilen; i++) {
        if (i && (ilen - i) % 3 == 0)
            g_string_append_c(s, ',');
        g_string_append_c(s, p[i]);
    }
    if (dot) {
        if (dot[1])
            frac[0] = dot[1];
        if (dot[1] && dot[2])
            frac[1] = dot[2];
    }
    g_string_append_printf(s, ".%s", frac);
    return g_string_free(s, FALSE);
}

static int is_number(const char *v)
{
    return v && *v && g_regex_match_simple("^-?\\d+(\\.\\d+)?$", v, 0, 0);
}

/* One placeholder: path[|fmt] looked up in the JSON through SQLite's json_extract. */
static char *placeholder(sqlite3 *db, const char *evidence, const char *body)
{
    char *b = g_strdup(body), *fmt = strchr(b, '|'), *path, *v = NULL, *out;
    sqlite3_stmt *s = NULL;

    if (fmt)
        *fmt++ = '\0';
    path = b[0] == '$' ? g_strdup(b) : g_strconcat("$.", b, NULL);
    if (sqlite3_prepare_v2(db, "SELECT json_extract(?1, ?2)", -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, evidence, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
            v = g_strdup((const char *)sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
    if (!v || !*v)
        out = g_strdup("—");
    else if (fmt && strcmp(fmt, "yuan") == 0 && is_number(v))
        out = cbec_words_yuan(v);
    else if (fmt && strcmp(fmt, "int") == 0 && is_number(v) && !strchr(v, '.')) {
        char *y = cbec_words_yuan(v);
        y[strlen(y) - 3] = '\0';   /* the grouping of yuan without the cents */
        out = y;
    } else
        out = g_strdup(v);
    g_free(v);
    g_free(path);
    g_free(b);
    return out;
}

char *cbec_words_evidence(cbec_template *t, sqlite3 *db, const char *rule_id, const char *evidence)
{
    const char *pat = rule_id ? cbec_template_label(t, "evidence", rule_id, NULL) : NULL, *p;
    GString *s;

    if (!pat || !evidence)
        return g_strdup(cbec_template_word(t, "evidence_see_detail", "—"));
    s = g_string_new(NULL);
    for (p = pat; *p;) {
        const char *end;
        if (*p == '{' && (end = strchr(p, '}')) != NULL) {
            char *body = g_strndup(p + 1, (gsize)(end - p - 1)), *v = placeholder(db, evidence, body);
            g_string_append(s, v);
            g_free(v);
            g_free(body);
            p = end + 1;
        } else
            g_string_append_c(s, *p++);
    }
    return g_string_free(s, FALSE);
}

char *cbec_words_locator(const char *locator, int zh)
{
    long n;
    char *end = NULL;
    if (!locator)
        return g_strdup("");
    /* the plugins' "line N" (tabular readers); other locators (XML paths, sheet rows) are the link itself */
    if (zh && g_str_has_prefix(locator, "line ")) {
        n = strtol(locator + 5, &end, 10);
        if (end && !*end && n > 0)
            return g_strdup_printf("第 %ld 行", n);
    }
    return g_strdup(locator);
}
