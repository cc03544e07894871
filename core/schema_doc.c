/* The dataset's reference from the comments of core/schema.sql (convention: schema_doc.h).
 * A line-by-line reader, not an SQL parser: the schema source is ours and written to the
 * convention, and a column the reader misses is caught by test_schema, which compares
 * every table's columns with what SQLite made of the same text. */
#include <string.h>
#include <glib.h>

#include "core/schema_doc.h"

extern const char cbec_schema_sql[];

typedef struct column {
    char *name, *def;
    GString *doc;
} column;

typedef struct table {
    char *name;
    int view;
    GString *doc;
    GPtrArray *cols;     /* column* */
    GPtrArray *keys;     /* char*: table constraints as written */
    GPtrArray *indexes;  /* char*: "name ON table(cols)" */
} table;

struct cbec_schema_doc {
    GPtrArray *tables;   /* table*, in schema order */
    GHashTable *common;  /* column name -> text of its `-- column NAME:` entry */
};

static void free_column(gpointer p)
{
    column *c = p;
    g_free(c->name);
    g_free(c->def);
    g_string_free(c->doc, TRUE);
    g_free(c);
}

static void free_table(gpointer p)
{
    table *t = p;
    g_free(t->name);
    g_string_free(t->doc, TRUE);
    g_ptr_array_free(t->cols, TRUE);
    g_ptr_array_free(t->keys, TRUE);
    g_ptr_array_free(t->indexes, TRUE);
    g_free(t);
}

/* Append a comment's text to a description, one space between the lines of a block. */
static void add_text(GString *doc, const char *text)
{
    char *t = g_strstrip(g_strdup(text));
    if (*t) {
        if (doc->len)
            g_string_append_c(doc, ' ');
        g_string_append(doc, t);
    }
    g_free(t);
}

/* Split a line into its SQL and its trailing comment (the first "--" outside quotes). */
static void split_comment(const char *line, char **code, char **comment)
{
    int quote = 0;
    const char *p;
    for (p = line; *p; p++) {
        if (*p == '\'')
            quote = !quote;
        else if (!quote && p[0] == '-' && p[1] == '-')
            break;
    }
    *code = g_strstrip(g_strndup(line, (gsize)(p - line)));
    *comment = *p ? g_strstrip(g_strdup(p + 2)) : NULL;
}

/* The pieces of a column line separated by commas outside parentheses and quotes. */
static GPtrArray *split_top(const char *code)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    int depth = 0, quote = 0;
    const char *p, *start = code;
    for (p = code;; p++) {
        if (*p == '\'')
            quote = !quote;
        else if (!quote && *p == '(')
            depth++;
        else if (!quote && *p == ')')
            depth--;
        if (!*p || (!quote && depth == 0 && *p == ',')) {
            char *piece = g_strstrip(g_strndup(start, (gsize)(p - start)));
            if (*piece)
                g_ptr_array_add(out, piece);
            else
                g_free(piece);
            if (!*p)
                break;
            start = p + 1;
        }
    }
    return out;
}

static int starts_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    return g_ascii_strncasecmp(s, word, n) == 0 && !g_ascii_isalnum(s[n]) && s[n] != '_';
}

static table *find_table(const cbec_schema_doc *d, const char *name)
{
    for (guint i = 0; i < d->tables->len; i++) {
        table *t = g_ptr_array_index(d->tables, i);
        if (g_ascii_strcasecmp(t->name, name) == 0)
            return t;
    }
    return NULL;
}

static table *new_table(cbec_schema_doc *d, const char *name, int view, GString *pending)
{
    table *t = g_new0(table, 1);
    t->name = g_strdup(name);
    t->view = view;
    t->doc = g_string_new(pending->str);
    t->cols = g_ptr_array_new_with_free_func(free_column);
    t->keys = g_ptr_array_new_with_free_func(g_free);
    t->indexes = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(d->tables, t);
    return t;
}

static column *add_column(table *t, const char *name, const char *def, const char *comment)
{
    column *c = g_new0(column, 1);
    c->name = g_strdup(name);
    c->def = g_strdup(def);
    c->doc = g_string_new(NULL);
    if (comment)
        add_text(c->doc, comment);
    g_ptr_array_add(t->cols, c);
    return c;
}

/* One line of a CREATE TABLE body. */
static void table_line(table *t, const char *code, const char *comment)
{
    GPtrArray *pieces = split_top(code);
    for (guint i = 0; i < pieces->len; i++) {
        const char *piece = g_ptr_array_index(pieces, i);
        if (starts_word(piece, "PRIMARY") || starts_word(piece, "UNIQUE") || starts_word(piece, "CHECK") ||
            starts_word(piece, "FOREIGN") || starts_word(piece, "CONSTRAINT")) {
            g_ptr_array_add(t->keys, comment ? g_strdup_printf("%s  (%s)", piece, comment) : g_strdup(piece));
        } else {
            const char *sp = piece + strcspn(piece, " \t");
            char *name = g_strndup(piece, (gsize)(sp - piece));
            char *def = g_strstrip(g_strdup(sp));
            add_column(t, name, def, comment);
            g_free(name);
            g_free(def);
        }
    }
    g_ptr_array_free(pieces, TRUE);
}

/* A view's column: a line "EXPRESSION AS name" (a comma may follow). */
static void view_line(table *t, GRegex *as_name, const char *code, const char *comment)
{
    GMatchInfo *m = NULL;
    if (g_regex_match(as_name, code, 0, &m)) {
        char *expr = g_match_info_fetch(m, 1), *name = g_match_info_fetch(m, 2);
        add_column(t, name, expr, comment);   /* the expression tells how it is computed */
        g_free(expr);
        g_free(name);
    }
    g_match_info_free(m);
}

/* "CREATE [UNIQUE] INDEX name ON table(cols)": listed with its table. */
static void index_line(cbec_schema_doc *d, const char *code, const char *comment)
{
    char **w = g_regex_split_simple("\\s+", code, 0, 0);
    int i = 1;
    if (w[i] && starts_word(w[i], "UNIQUE"))
        i++;
    if (w[i] && starts_word(w[i], "INDEX") && w[i + 1] && w[i + 2] && starts_word(w[i + 2], "ON") && w[i + 3]) {
        char *rest = g_strjoinv(" ", w + i + 3), *paren = strchr(rest, '('), *tname, *semi;
        table *t;
        tname = g_strstrip(paren ? g_strndup(rest, (gsize)(paren - rest)) : g_strdup(rest));
        if ((semi = strrchr(rest, ';')))
            *semi = 0;
        if ((t = find_table(d, tname)))
            g_ptr_array_add(t->indexes, g_strdup_printf("%s%s ON %s%s%s", i == 2 ? "UNIQUE " : "", w[i + 1], rest,
                                                        comment ? "  -- " : "", comment ? comment : ""));
        g_free(tname);
        g_free(rest);
    }
    g_strfreev(w);
}

cbec_schema_doc *cbec_schema_doc_parse(const char *sql)
{
    cbec_schema_doc *d = g_new0(cbec_schema_doc, 1);
    char **lines = g_strsplit(sql ? sql : cbec_schema_sql, "\n", -1);
    GString *pending = g_string_new(NULL);
    GRegex *create = g_regex_new("^CREATE\\s+(TABLE|VIEW)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([A-Za-z_][A-Za-z0-9_]*)",
                                 G_REGEX_CASELESS, 0, NULL);
    GRegex *as_name = g_regex_new("^(.*?)\\s+AS\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*,?\\s*$", G_REGEX_CASELESS, 0, NULL);
    GRegex *common = g_regex_new("^column\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*:\\s*(.*)$", 0, 0, NULL);
    table *cur = NULL;
    column *last = NULL;

    d->tables = g_ptr_array_new_with_free_func(free_table);
    d->common = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (char **l = lines; *l; l++) {
        char *code, *comment;
        GMatchInfo *m = NULL;

        split_comment(*l, &code, &comment);
        if (cur && !cur->view) {                       /* inside CREATE TABLE ( ... ) */
            if (code[0] == ')')
                cur = NULL;
            else if (!*code && comment)
                add_text(last ? last->doc : cur->doc, comment);
            else if (*code) {
                guint before = cur->cols->len;
                table_line(cur, code, comment);
                if (cur->cols->len > before)
                    last = g_ptr_array_index(cur->cols, cur->cols->len - 1);
            }
        } else if (cur) {                              /* inside CREATE VIEW ... ; */
            if (!*code && comment)
                add_text(last ? last->doc : cur->doc, comment);
            else {
                guint before = cur->cols->len;
                view_line(cur, as_name, code, comment);
                if (cur->cols->len > before)
                    last = g_ptr_array_index(cur->cols, cur->cols->len - 1);
                if (strchr(code, ';'))
                    cur = NULL;
            }
        } else if (!*code && !comment) {               /* a blank line ends a comment block */
            g_string_truncate(pending, 0);
        } else if (!*code) {
            if (g_regex_match(common, comment, 0, &m)) {
                char *name = g_match_info_fetch(m, 1), *text = g_match_info_fetch(m, 2);
                g_hash_table_replace(d->common, name, text);
            } else
                add_text(pending, comment);
        } else if (g_regex_match(create, code, 0, &m)) {
            char *kind = g_match_info_fetch(m, 1), *name = g_match_info_fetch(m, 2);
            cur = new_table(d, name, g_ascii_strcasecmp(kind, "VIEW") == 0, pending);
            last = NULL;
            if (comment)
                add_text(cur->doc, comment);
            if (cur->view && strchr(code, ';'))
                cur = NULL;
            g_string_truncate(pending, 0);
            g_free(kind);
            g_free(name);
        } else {
            if (g_ascii_strncasecmp(code, "CREATE", 6) == 0)
                index_line(d, code, comment);
            g_string_truncate(pending, 0);
        }
        g_match_info_free(m);
        g_free(code);
        g_free(comment);
    }
    g_regex_unref(create);
    g_regex_unref(common);
    g_regex_unref(as_name);
    g_string_free(pending, TRUE);
    g_strfreev(lines);
    return d;
}

void cbec_schema_doc_free(cbec_schema_doc *d)
{
    if (!d)
        return;
    g_ptr_array_free(d->tables, TRUE);
    g_hash_table_destroy(d->common);
    g_free(d);
}

char *cbec_schema_doc_names(const cbec_schema_doc *d)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < d->tables->len; i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "", ((table *)g_ptr_array_index(d->tables, i))->name);
    return g_string_free(s, FALSE);
}

static const char *column_doc(const cbec_schema_doc *d, const column *c)
{
    return c->doc->len ? c->doc->str : g_hash_table_lookup(d->common, c->name);
}

/* Text wrapped at 100 characters (counted in characters, not bytes: the Chinese words). */
static void wrap(FILE *out, int indent, const char *text)
{
    char **words = g_strsplit(text, " ", -1);
    long col = 0;
    for (char **w = words; *w; w++) {
        long n = g_utf8_strlen(*w, -1);
        if (!n)
            continue;
        if (col && col + 1 + n > 100) {
            fputc('\n', out);
            col = 0;
        }
        if (!col) {
            fprintf(out, "%*s%s", indent, "", *w);
            col = indent + n;
        } else {
            fprintf(out, " %s", *w);
            col += 1 + n;
        }
    }
    if (col)
        fputc('\n', out);
    g_strfreev(words);
}

static void print_table(const cbec_schema_doc *d, const table *t, FILE *out)
{
    fprintf(out, "%s (%s)\n", t->name, t->view ? "view" : "table");
    if (t->doc->len)
        wrap(out, 4, t->doc->str);
    for (guint i = 0; i < t->keys->len; i++)
        fprintf(out, "    key: %s\n", (char *)g_ptr_array_index(t->keys, i));
    for (guint i = 0; i < t->indexes->len; i++)
        fprintf(out, "    index: %s\n", (char *)g_ptr_array_index(t->indexes, i));
    fputc('\n', out);
    for (guint i = 0; i < t->cols->len; i++) {
        const column *c = g_ptr_array_index(t->cols, i);
        const char *doc = column_doc(d, c);
        fprintf(out, "    %-22s %s\n", c->name, c->def);
        wrap(out, 8, doc ? doc : "(not described)");
    }
}

int cbec_schema_doc_print(const cbec_schema_doc *d, const char *name, FILE *out)
{
    if (name) {
        const table *t = find_table(d, name);
        if (!t)
            return -1;
        print_table(d, t, out);
        return 0;
    }
    for (guint i = 0; i < d->tables->len; i++) {
        if (i)
            fputc('\n', out);
        print_table(d, g_ptr_array_index(d->tables, i), out);
    }
    return 0;
}
