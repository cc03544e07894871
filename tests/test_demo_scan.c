/* Test-side reader of a generated demo night (see test_demo_scan.h). */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <string.h>
#include <libxml/xmlreader.h>

#include "test_demo_scan.h"

/* ---------------------------------------------------------------- */

int64_t ds_fen(const char *t)
{
    int64_t v = 0, frac = 0;
    int neg = 0, nd = 0, nf = 0;
    if (!t || !*t)
        return INT64_MIN;
    if (*t == '-') {
        neg = 1;
        t++;
    }
    for (; *t >= '0' && *t <= '9'; t++, nd++)
        v = v * 10 + (*t - '0');
    if (*t == '.')
        for (t++; *t >= '0' && *t <= '9'; t++, nf++) {
            if (nf >= 2) {
                if (*t != '0')
                    return INT64_MIN; /* more than fen precision */
                continue;
            }
            frac = frac * 10 + (*t - '0');
        }
    if (*t || !nd)
        return INT64_MIN;
    if (nf == 1)
        frac *= 10;
    v = v * 100 + frac;
    return neg ? -v : v;
}

const char *ds_get(const ds_rec *r, const char *name)
{
    const char *v = g_hash_table_lookup(r->f, name);
    return v ? v : "";
}

const char *ds_line(const ds_rec *r, guint i, const char *name)
{
    const char *v;
    if (i >= r->lines->len)
        return "";
    v = g_hash_table_lookup(g_ptr_array_index(r->lines, i), name);
    return v ? v : "";
}

static void rec_free(gpointer p)
{
    ds_rec *r = p;
    g_hash_table_destroy(r->f);
    g_ptr_array_free(r->lines, TRUE);
    g_free(r->member);
    g_free(r->raw);
    g_free(r);
}

static void msg_free(gpointer p)
{
    ds_msg *m = p;
    g_free(m->member);
    g_free(m);
}

static void ntry_free(gpointer p)
{
    ds_ntry *e = p;
    g_free(e->e2e);
    g_free(e->party);
    g_free(e->text);
    g_free(e);
}

static void stmt_free(gpointer p)
{
    ds_stmt *t = p;
    g_free(t->format);
    g_free(t->account);
    g_free(t->owner);
    g_free(t->path);
    g_free(t);
}

static ds_stmt *stmt_new(ds_night *n, const char *format, const char *path)
{
    ds_stmt *t = g_new0(ds_stmt, 1);
    t->format = g_strdup(format);
    t->account = g_strdup("");
    t->owner = g_strdup("");
    t->path = g_strdup(path);
    g_ptr_array_add(n->stmts, t);
    n->statements++;
    return t;
}

/* An entry of statement t: counted in it and in the night's totals. */
static void stmt_entry(ds_night *n, ds_stmt *t, ds_ntry *e)
{
    e->stmt = (int)n->stmts->len - 1;
    if (e->credit) {
        t->credits += e->amount;
        n->sum_credits += e->amount;
    } else {
        t->debits += e->amount;
        n->sum_debits += e->amount;
    }
    t->entries++;
    g_ptr_array_add(n->ntry, e);
}

void ds_free(ds_night *n)
{
    if (!n)
        return;
    g_ptr_array_free(n->recs, TRUE);
    g_ptr_array_free(n->msgs, TRUE);
    g_ptr_array_free(n->ntry, TRUE);
    g_ptr_array_free(n->stmts, TRUE);
    g_ptr_array_free(n->archives, TRUE);
    g_ptr_array_free(n->xml_members, TRUE);
    g_ptr_array_free(n->tables, TRUE);
    g_free(n);
}

static void table_free(gpointer p)
{
    ds_table *t = p;
    g_free(t->path);
    g_free(t->name);
    g_ptr_array_free(t->rows, TRUE);
    g_free(t);
}

/* RFC 4180 records of a decoded text separated by sep (quoted separators, doubled quotes, quoted
 * newlines); blank lines skipped. */
static GPtrArray *csv_rows(const char *text, char sep)
{
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    GPtrArray *cells = g_ptr_array_new();
    GString *cell = g_string_new(NULL);
    const char *p = text;
    int quoted = 0, any = 0;

    for (;; p++) {
        if (quoted) {
            if (!*p)
                break;
            if (*p == '"' && p[1] == '"')
                g_string_append_c(cell, *p++);
            else if (*p == '"')
                quoted = 0;
            else
                g_string_append_c(cell, *p);
            continue;
        }
        if (*p == '"') {
            quoted = any = 1;
        } else if (*p == sep) {
            g_ptr_array_add(cells, g_strdup(cell->str));
            g_string_truncate(cell, 0);
            any = 1;
        } else if (*p == '\n' || *p == '\r' || !*p) {
            if (any || cell->len) {
                g_ptr_array_add(cells, g_strdup(cell->str));
                g_ptr_array_add(cells, NULL);
                g_ptr_array_add(rows, g_ptr_array_free(cells, FALSE));
                cells = g_ptr_array_new();
            }
            g_string_truncate(cell, 0);
            any = 0;
            if (!*p)
                break;
        } else {
            g_string_append_c(cell, *p);
            any = 1;
        }
    }
    g_ptr_array_free(cells, TRUE);
    g_string_free(cell, TRUE);
    return rows;
}

/* A CSV file: UTF-8 (a BOM dropped), else GB18030 as Chinese manifests are; separated by ';'
 * (Russian exports, where the comma is the decimal sign) when its header line has more ';' than ','. */
static void read_table(ds_night *n, const char *path, const char *name)
{
    char *buf = NULL, *text;
    const char *p;
    gsize len = 0;
    int semi = 0, comma = 0;
    ds_table *t;

    if (!g_file_get_contents(path, &buf, &len, NULL)) {
        n->errors++;
        return;
    }
    if (g_utf8_validate(buf, (gssize)len, NULL))
        text = g_strdup(g_str_has_prefix(buf, "\xef\xbb\xbf") ? buf + 3 : buf);
    else if (!(text = g_convert(buf, (gssize)len, "UTF-8", "GB18030", NULL, NULL, NULL))) {
        n->errors++;
        g_free(buf);
        return;
    }
    t = g_new0(ds_table, 1);
    t->path = g_strdup(path);
    t->name = g_strdup(name);
    for (p = text; *p && *p != '\n'; p++) {
        semi += *p == ';';
        comma += *p == ',';
    }
    t->rows = csv_rows(text, semi > comma ? ';' : ',');
    g_ptr_array_add(n->tables, t);
    g_free(text);
    g_free(buf);
}

int ds_col(const ds_table *t, const char *header)
{
    char **h = t->rows->len ? g_ptr_array_index(t->rows, 0) : NULL;
    int i;
    for (i = 0; h && h[i]; i++)
        if (strcmp(h[i], header) == 0)
            return i;
    return -1;
}

ds_table *ds_table_named(const ds_night *n, const char *part)
{
    guint i;
    for (i = 0; i < n->tables->len; i++) {
        ds_table *t = g_ptr_array_index(n->tables, i);
        if (strstr(t->name, part))
            return t;
    }
    return NULL;
}

/* ---------------------------------------------------------------- */
/* One XML document                                                   */

static int is_container(const char *n)
{
    static const char *const c[] = {"Order", "Payment", "Logistics", "Inventory", "Receipts", "OrderReturn",
                                    "InventoryReturn", NULL};
    int i;
    for (i = 0; c[i]; i++)
        if (strcmp(n, c[i]) == 0)
            return 1;
    return 0;
}

static void read_ceb(ds_night *n, xmlTextReaderPtr rd, const char *member, const char *type)
{
    ds_msg *m = g_new0(ds_msg, 1);
    ds_rec *r = NULL;
    GHashTable *line = NULL;
    GString *text = g_string_new(NULL), *raw = g_string_new(NULL);
    char *cur = NULL;
    int pending = 0, ret;

    g_strlcpy(m->type, type, sizeof m->type);
    m->member = g_strdup(member);
    while ((ret = xmlTextReaderRead(rd)) == 1) {
        int t = xmlTextReaderNodeType(rd), depth = xmlTextReaderDepth(rd);
        const char *name = (const char *)xmlTextReaderConstLocalName(rd);
        if (t == XML_READER_TYPE_ELEMENT) {
            if (depth == 1 && strcmp(name, "BaseTransfer") == 0)
                m->base_transfers++;
            if (depth == 1 && strcmp(name, "Signature") == 0)
                m->signatures++;
            if (depth == 1 && is_container(name)) {
                r = g_new0(ds_rec, 1);
                g_strlcpy(r->type, type, sizeof r->type);
                r->member = g_strdup(member);
                r->f = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
                r->lines = g_ptr_array_new_with_free_func((GDestroyNotify)g_hash_table_destroy);
                g_string_truncate(raw, 0);
                m->records++;
                continue;
            }
            if (!r)
                continue;
            if (strcmp(name, "OrderList") == 0 || strcmp(name, "InventoryList") == 0) {
                line = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
                g_ptr_array_add(r->lines, line);
                continue;
            }
            g_free(cur);
            cur = g_strdup(name);
            g_string_truncate(text, 0);
            pending = 1;
            if (xmlTextReaderIsEmptyElement(rd)) {
                g_hash_table_replace(line ? line : r->f, g_strdup(cur), g_strdup(""));
                pending = 0;
            }
        } else if ((t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA) && pending) {
            g_string_append(text, (const char *)xmlTextReaderConstValue(rd));
        } else if (t == XML_READER_TYPE_END_ELEMENT && r) {
            if (depth == 1 && is_container(name)) {
                r->raw = g_strdup(raw->str);
                g_ptr_array_add(n->recs, r);
                r = NULL;
                line = NULL;
                continue;
            }
            if (strcmp(name, "OrderList") == 0 || strcmp(name, "InventoryList") == 0) {
                line = NULL;
                continue;
            }
            if (pending && cur && strcmp(name, cur) == 0) {
                /* guid and appType/appTime differ between a resend and its original only when it is not identical */
                g_hash_table_replace(line ? line : r->f, g_strdup(cur), g_strdup(text->str));
                g_string_append_printf(raw, "%s=%s;", cur, text->str);
            }
            pending = 0;
        }
    }
    if (ret < 0)
        n->errors++;
    if (r)
        rec_free(r);
    g_ptr_array_add(n->msgs, m);
    g_free(cur);
    g_string_free(text, TRUE);
    g_string_free(raw, TRUE);
}

static void read_camt(ds_night *n, xmlTextReaderPtr rd, const char *file)
{
    GPtrArray *path = g_ptr_array_new_with_free_func(g_free);
    GString *text = g_string_new(NULL);
    ds_ntry *e = NULL;
    ds_stmt *st = stmt_new(n, "camt053", file);
    char bal_cd[8] = "";
    int64_t bal_amt = 0;
    int bal_credit = 1, ret;

    while ((ret = xmlTextReaderRead(rd)) == 1) {
        int t = xmlTextReaderNodeType(rd);
        const char *name = (const char *)xmlTextReaderConstLocalName(rd);
        if (t == XML_READER_TYPE_ELEMENT) {
            if (strcmp(name, "Ntry") == 0) {
                e = g_new0(ds_ntry, 1);
                e->e2e = g_strdup("");
                e->party = g_strdup("");
                e->text = g_strdup("");
            }
            if (strcmp(name, "Bal") == 0) {
                bal_cd[0] = 0;
                bal_credit = 1;
            }
            if (!xmlTextReaderIsEmptyElement(rd))
                g_ptr_array_add(path, g_strdup(name));
            g_string_truncate(text, 0);
        } else if (t == XML_READER_TYPE_TEXT) {
            g_string_append(text, (const char *)xmlTextReaderConstValue(rd));
        } else if (t == XML_READER_TYPE_END_ELEMENT) {
            const char *parent = path->len >= 2 ? g_ptr_array_index(path, path->len - 2) : "";
            if (e && strcmp(parent, "Ntry") == 0 && strcmp(name, "Amt") == 0)
                e->amount = ds_fen(text->str);
            else if (e && strcmp(parent, "Ntry") == 0 && strcmp(name, "CdtDbtInd") == 0)
                e->credit = strcmp(text->str, "CRDT") == 0;
            else if (e && strcmp(name, "EndToEndId") == 0) {
                g_free(e->e2e);
                e->e2e = g_strdup(text->str);
            } else if (e && strcmp(name, "Nm") == 0) {
                g_free(e->party);
                e->party = g_strdup(text->str);
            } else if (e && strcmp(name, "Ustrd") == 0) {
                g_free(e->text);
                e->text = g_strdup(text->str);
            } else if (!e && strcmp(parent, "Ownr") == 0 && strcmp(name, "Nm") == 0) {
                g_free(st->owner);
                st->owner = g_strdup(text->str); /* Acct/Ownr/Nm */
            } else if (strcmp(parent, "CdOrPrtry") == 0 && strcmp(name, "Cd") == 0)
                g_strlcpy(bal_cd, text->str, sizeof bal_cd);
            else if (strcmp(parent, "Bal") == 0 && strcmp(name, "Amt") == 0)
                bal_amt = ds_fen(text->str);
            else if (strcmp(parent, "Bal") == 0 && strcmp(name, "CdtDbtInd") == 0)
                bal_credit = strcmp(text->str, "CRDT") == 0;
            else if (!e && strcmp(parent, "Othr") == 0 && strcmp(name, "Id") == 0) {
                g_free(st->account);
                st->account = g_strdup(text->str); /* Acct/Id/Othr/Id */
            } else if (strcmp(name, "Bal") == 0) {
                if (strcmp(bal_cd, "OPBD") == 0)
                    st->opening = bal_credit ? bal_amt : -bal_amt;
                else if (strcmp(bal_cd, "CLBD") == 0)
                    st->closing = bal_credit ? bal_amt : -bal_amt;
            } else if (strcmp(name, "Ntry") == 0 && e) {
                stmt_entry(n, st, e);
                e = NULL;
            }
            if (path->len)
                g_ptr_array_remove_index(path, path->len - 1);
            g_string_truncate(text, 0);
        }
    }
    if (ret < 0)
        n->errors++;
    if (e)
        ntry_free(e);
    n->opening += st->opening;
    n->closing += st->closing;
    g_ptr_array_free(path, TRUE);
    g_string_free(text, TRUE);
}

/* "C261125CNY1234,56" -> signed fen; INT64_MIN when malformed. */
static int64_t mt_balance(const char *v)
{
    char *t;
    int64_t a;
    if (strlen(v) < 11 || (v[0] != 'C' && v[0] != 'D'))
        return INT64_MIN;
    t = g_strdup(v + 10);
    g_strdelimit(t, ",", '.');
    a = ds_fen(t);
    g_free(t);
    return a == INT64_MIN ? a : v[0] == 'D' ? -a : a;
}

/* The value after a structured :86: code ("/EREF/", "//NAME/") up to the next '/'. */
static char *mt_code(const char *info, const char *code)
{
    const char *p = strstr(info, code), *e;
    if (!p)
        return g_strdup("");
    p += strlen(code);
    e = strchr(p, '/');
    return e ? g_strndup(p, (gsize)(e - p)) : g_strdup(p);
}

/* One MT940 field, its continuation lines joined. */
static void mt_field_done(ds_night *n, ds_stmt *st, const char *tag, const char *v, ds_ntry **last)
{
    if (!strcmp(tag, "25")) {
        g_free(st->account);
        st->account = g_strdup(v);
    } else if (!strcmp(tag, "60F") || !strcmp(tag, "62F")) {
        int64_t b = mt_balance(v);
        if (b == INT64_MIN)
            n->errors++;
        else if (tag[1] == '0')
            st->opening = b;
        else
            st->closing = b;
    } else if (!strcmp(tag, "61")) {
        /* YYMMDD MMDD C|D amount N... */
        ds_ntry *e = g_new0(ds_ntry, 1);
        const char *p = v + 10;
        GString *a = g_string_new(NULL);
        e->e2e = g_strdup("");
        e->party = g_strdup("");
        e->text = g_strdup("");
        e->credit = *p == 'C';
        if (strlen(v) < 12 || (*p != 'C' && *p != 'D'))
            n->errors++;
        for (p++; g_ascii_isdigit(*p) || *p == ','; p++)
            g_string_append_c(a, *p == ',' ? '.' : *p);
        e->amount = ds_fen(a->str);
        if (e->amount == INT64_MIN)
            n->errors++;
        g_string_free(a, TRUE);
        stmt_entry(n, st, e);
        *last = e;
    } else if (!strcmp(tag, "86") && *last) {
        g_free((*last)->e2e);
        g_free((*last)->party);
        g_free((*last)->text);
        (*last)->e2e = mt_code(v, "/EREF/");
        (*last)->party = mt_code(v, "//NAME/");
        (*last)->text = mt_code(v, "/REMI/USTD//");
    }
}

/* A SWIFT MT940 (FIN envelope, one statement): fields start with :tag: at the start of a
 * line, other lines continue the field (joined without the line break). */
static void read_mt940(ds_night *n, const char *file)
{
    char *buf = NULL, **lines;
    ds_stmt *st;
    ds_ntry *last = NULL;
    GString *v = g_string_new(NULL);
    char tag[8] = "";
    int i, ended = 0;

    if (!g_file_get_contents(file, &buf, NULL, NULL) || !g_utf8_validate(buf, -1, NULL)) {
        n->errors++;
        g_free(buf);
        g_string_free(v, TRUE);
        return;
    }
    st = stmt_new(n, "mt940", file);
    lines = g_strsplit(buf, "\n", -1);
    for (i = 0; lines[i]; i++) {
        const char *l = lines[i], *c = l[0] == ':' ? strchr(l + 1, ':') : NULL;
        if (c || !strcmp(l, "-}") || (i == 0 && g_str_has_prefix(l, "{1:"))) {
            if (*tag)
                mt_field_done(n, st, tag, v->str, &last);
            tag[0] = 0;
            g_string_truncate(v, 0);
            if (!strcmp(l, "-}"))
                ended = 1;
            if (c && c - l - 1 < (int)sizeof tag) {
                g_strlcpy(tag, l + 1, (gsize)(c - l));
                g_string_append(v, c + 1);
            }
        } else if (*tag)
            g_string_append(v, l);
        else if (*l)
            n->errors++;
    }
    if (!ended)
        n->errors++;
    n->opening += st->opening;
    n->closing += st->closing;
    g_strfreev(lines);
    g_string_free(v, TRUE);
    g_free(buf);
}

static void read_xml(ds_night *n, const char *member, const char *buf, size_t len, const char *extract_dir)
{
    xmlTextReaderPtr rd;
    const char *base = strrchr(member, '!') ? strrchr(member, '!') + 1 : member;
    const char *slash = strrchr(base, '/');
    char type[4] = "";

    if (slash)
        base = slash + 1;
    if (extract_dir) {
        char *p = g_build_filename(extract_dir, base, NULL);
        g_file_set_contents(p, buf, (gssize)len, NULL);
        g_ptr_array_add(n->xml_members, p);
    }
    rd = xmlReaderForMemory(buf, (int)len, member, NULL, XML_PARSE_NONET);
    if (!rd) {
        n->errors++;
        return;
    }
    if (g_str_has_prefix(base, "CEB") && strlen(base) > 6) {
        memcpy(type, base + 3, 3);
        read_ceb(n, rd, member, type);
    } else if (g_str_has_prefix(base, "camt053"))
        read_camt(n, rd, member);
    else
        n->errors++;
    xmlFreeTextReader(rd);
}

/* Read every member of an archive held in memory or in a file; recurse into nested archives. */
static void read_archive(ds_night *n, const char *display, const char *file, const void *mem, size_t memlen,
                         const char *extract_dir)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    int rc;

    archive_read_support_format_zip(a);
    archive_read_support_format_tar(a);
    archive_read_support_filter_gzip(a);
    rc = file ? archive_read_open_filename(a, file, 65536) : archive_read_open_memory(a, mem, memlen);
    if (rc != ARCHIVE_OK) {
        n->errors++;
        archive_read_free(a);
        return;
    }
    while ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        const char *name = archive_entry_pathname(e);
        GByteArray *b = g_byte_array_new();
        char chunk[65536];
        la_ssize_t k;
        char *shown = g_strdup_printf("%s!%s", display, name);
        while ((k = archive_read_data(a, chunk, sizeof chunk)) > 0)
            g_byte_array_append(b, (const guint8 *)chunk, (guint)k);
        if (k < 0)
            n->errors++;
        else if (g_str_has_suffix(name, ".zip") || g_str_has_suffix(name, ".tar.gz"))
            read_archive(n, shown, NULL, b->data, b->len, extract_dir);
        else
            read_xml(n, shown, (const char *)b->data, b->len, extract_dir);
        g_free(shown);
        g_byte_array_free(b, TRUE);
    }
    if (rc != ARCHIVE_EOF)
        n->errors++;
    archive_read_free(a);
}

/* g_ptr_array_sort hands the comparator pointers to the elements. */
static gint cmp_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(ds_night *n, const char *dir, const char *extract_dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *nm;
    guint i;

    if (!d) {
        n->errors++;
        g_ptr_array_free(names, TRUE);
        return;
    }
    while ((nm = g_dir_read_name(d)))
        g_ptr_array_add(names, g_strdup(nm));
    g_dir_close(d);
    g_ptr_array_sort(names, cmp_names); /* the order an ingest walks them in */
    for (i = 0; i < names->len; i++) {
        char *p = g_build_filename(dir, *(char **)&names->pdata[i], NULL);
        const char *base = names->pdata[i];
        if (g_file_test(p, G_FILE_TEST_IS_DIR))
            walk(n, p, extract_dir);
        else if (g_str_has_suffix(base, ".zip") || g_str_has_suffix(base, ".tar.gz")) {
            g_ptr_array_add(n->archives, g_strdup(p));
            read_archive(n, p, p, NULL, 0, extract_dir);
        } else if (g_str_has_suffix(base, ".xml")) {
            char *buf = NULL;
            gsize len = 0;
            if (g_file_get_contents(p, &buf, &len, NULL))
                read_xml(n, p, buf, len, extract_dir);
            else
                n->errors++;
            g_free(buf);
        } else if (g_str_has_suffix(base, ".csv"))
            read_table(n, p, base);
        else if (g_str_has_suffix(base, ".sta"))
            read_mt940(n, p);
        else
            n->errors++; /* nothing else belongs in a drop */
        g_free(p);
    }
    g_ptr_array_free(names, TRUE);
}

ds_night *ds_scan(const char *night_dir, const char *extract_dir)
{
    ds_night *n = g_new0(ds_night, 1);
    n->recs = g_ptr_array_new_with_free_func(rec_free);
    n->msgs = g_ptr_array_new_with_free_func(msg_free);
    n->ntry = g_ptr_array_new_with_free_func(ntry_free);
    n->stmts = g_ptr_array_new_with_free_func(stmt_free);
    n->archives = g_ptr_array_new_with_free_func(g_free);
    n->xml_members = g_ptr_array_new_with_free_func(g_free);
    n->tables = g_ptr_array_new_with_free_func(table_free);
    walk(n, night_dir, extract_dir);
    return n;
}
