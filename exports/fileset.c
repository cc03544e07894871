/* The files of one export, written into a hidden temporary folder beside the final one and
 * renamed into place when the manifest is written: a reader of --out never sees half an
 * export, and a failed export leaves nothing behind (exports/fileset.h). */
#include "cbecflow-build.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "core/base/dates.h"
#include "core/base/digest.h"
#include "core/base/json.h"
#include "core/store.h"
#include "exports/fileset.h"
#include "reports/render/render.h"

typedef struct xfile {
    char *name, *format;
    int64_t rows;
} xfile;

struct cbec_xset {
    char *outdir, *name, *tmp, *target;
    unsigned formats;
    GPtrArray *files;      /* of xfile*, in the order written */
    GString *extra;        /* manifest members added by the target */
    lxw_workbook *wb;
    lxw_format *f_head;
    char *wb_file;
    time_t stamp;          /* the workbook's creation time: the business date, 00:00 UTC */
    int finished;
};

unsigned cbec_xset_formats(const char *list, char **bad)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"csv", CBEC_XF_CSV}, {"json", CBEC_XF_JSON}, {"xlsx", CBEC_XF_XLSX}, {"pdf", CBEC_XF_PDF}};
    char **items = g_strsplit(list ? list : "", ",", -1);
    unsigned bits = 0;

    for (char **p = items; *p; p++) {
        unsigned bit = 0;
        g_strstrip(*p);
        for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
            if (strcmp(*p, names[i].name) == 0)
                bit = names[i].bit;
        if (!bit) {
            *bad = g_strdup(*p);
            g_strfreev(items);
            return 0;
        }
        bits |= bit;
    }
    g_strfreev(items);
    if (!bits)
        *bad = g_strdup(list ? list : "");
    return bits;
}

/* Remove a flat folder of files (an export never has subfolders). */
static void remove_dir(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *n;
    if (d) {
        while ((n = g_dir_read_name(d))) {
            char *p = g_build_filename(dir, n, NULL);
            g_unlink(p);
            g_free(p);
        }
        g_dir_close(d);
    }
    g_rmdir(dir);
}

cbec_xset *cbec_xset_new(const char *outdir, const char *name, const char *target, unsigned formats, char **why)
{
    cbec_xset *x;
    char *tmp;

    if (g_mkdir_with_parents(outdir, 0755) != 0) {
        *why = g_strdup_printf("cannot create %s: %s", outdir, g_strerror(errno));
        return NULL;
    }
    /* hidden, in the same folder as the final name: the rename is atomic on one file system */
    tmp = g_strdup_printf("%s/.%s.XXXXXX", outdir, name);
    if (!g_mkdtemp_full(tmp, 0755)) {
        *why = g_strdup_printf("cannot create a folder in %s: %s", outdir, g_strerror(errno));
        g_free(tmp);
        return NULL;
    }
    x = g_new0(cbec_xset, 1);
    x->outdir = g_strdup(outdir);
    x->name = g_strdup(name);
    x->tmp = tmp;
    x->target = g_strdup(target);
    x->formats = formats;
    x->files = g_ptr_array_new();
    x->extra = g_string_new(NULL);
    return x;
}

const char *cbec_xset_dir(const cbec_xset *x) { return x->tmp; }

void cbec_xset_stamp(cbec_xset *x, const char *date)
{
    int y, m, d;
    if (cbec_date_parse(date, &y, &m, &d)) {
        GDateTime *t = g_date_time_new_utc(y, m, d, 0, 0, 0);
        x->stamp = (time_t)g_date_time_to_unix(t);
        g_date_time_unref(t);
    }
}
unsigned cbec_xset_formats_of(const cbec_xset *x) { return x->formats; }

void cbec_xset_bind(sqlite3_stmt *q, GHashTable *params)
{
    int n = sqlite3_bind_parameter_count(q);
    for (int i = 1; i <= n; i++) {
        const char *p = sqlite3_bind_parameter_name(q, i);
        const char *v = p && params ? g_hash_table_lookup(params, p + 1) : NULL;
        if (v)
            sqlite3_bind_text(q, i, v, -1, SQLITE_TRANSIENT);
    }
}

static void book(cbec_xset *x, const char *file, const char *format, int64_t rows)
{
    xfile *f = g_new0(xfile, 1);
    f->name = g_strdup(file);
    f->format = g_strdup(format);
    f->rows = rows;
    g_ptr_array_add(x->files, f);
}

/* RFC 4180: a field with a comma, a quote, CR or LF is quoted, its quotes doubled. */
static void csv_field(GString *s, const char *v)
{
    if (!v)
        return;
    if (!strpbrk(v, ",\"\r\n")) {
        g_string_append(s, v);
        return;
    }
    g_string_append_c(s, '"');
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            g_string_append_c(s, '"');
        g_string_append_c(s, *p);
    }
    g_string_append_c(s, '"');
}

static void json_value(GString *s, sqlite3_stmt *q, int c)
{
    switch (sqlite3_column_type(q, c)) {
    case SQLITE_NULL:
        g_string_append(s, "null");
        break;
    case SQLITE_INTEGER:
        g_string_append_printf(s, "%lld", (long long)sqlite3_column_int64(q, c));
        break;
    case SQLITE_FLOAT:
        /* SQLite's own shortest rendering: the same text on every run */
        g_string_append(s, (const char *)sqlite3_column_text(q, c));
        break;
    default:
        cbec_json_str(s, (const char *)sqlite3_column_text(q, c));
        break;
    }
}

static int open_workbook(cbec_xset *x, char **why)
{
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = x->outdir, .use_zip64 = LXW_FALSE};
    char *path;
    if (x->wb)
        return 1;
    x->wb_file = g_strdup_printf("%s.xlsx", x->target);
    path = g_build_filename(x->tmp, x->wb_file, NULL);
    x->wb = workbook_new_opt(path, &opt);
    g_free(path);
    if (!x->wb) {
        *why = g_strdup_printf("cannot create %s", x->wb_file);
        return 0;
    }
    x->f_head = workbook_add_format(x->wb);
    format_set_bold(x->f_head);
    return 1;
}

static void xlsx_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, sqlite3_stmt *q, int col)
{
    int cut = 0;
    char *t;
    switch (sqlite3_column_type(q, col)) {
    case SQLITE_NULL:
        break;
    case SQLITE_INTEGER:
    case SQLITE_FLOAT:
        worksheet_write_number(ws, r, c, sqlite3_column_double(q, col), NULL);
        break;
    default:
        /* always a string cell: a value starting with = stays text, never a formula */
        t = cbec_xlsx_cell_text((const char *)sqlite3_column_text(q, col), CBEC_XLSX_MAX_TEXT, &cut);
        worksheet_write_string(ws, r, c, t, NULL);
        g_free(t);
        break;
    }
}

cbec_err cbec_xset_table(cbec_xset *x, sqlite3 *db, const char *name, const char *sql, GHashTable *params,
                         char **why)
{
    sqlite3_stmt *q = NULL;
    FILE *csv = NULL, *json = NULL;
    GString *line = g_string_new(NULL);
    lxw_worksheet *ws = NULL;
    char *csv_name = g_strdup_printf("%s.csv", name), *json_name = g_strdup_printf("%s.json", name);
    int64_t rows = 0;
    cbec_err rc = CBEC_ERR_IO;
    int ncols, step;

    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
        *why = g_strdup_printf("%s: %s", name, sqlite3_errmsg(db));
        rc = CBEC_ERR_DB;
        goto done;
    }
    cbec_xset_bind(q, params);
    ncols = sqlite3_column_count(q);
    if (x->formats & CBEC_XF_CSV) {
        char *p = g_build_filename(x->tmp, csv_name, NULL);
        csv = fopen(p, "wb");
        g_free(p);
        if (!csv)
            goto io;
        for (int c = 0; c < ncols; c++) {
            if (c)
                g_string_append_c(line, ',');
            csv_field(line, sqlite3_column_name(q, c));
        }
        g_string_append(line, "\r\n");
        fwrite(line->str, 1, line->len, csv);
    }
    if (x->formats & CBEC_XF_JSON) {
        char *p = g_build_filename(x->tmp, json_name, NULL);
        json = fopen(p, "wb");
        g_free(p);
        if (!json)
            goto io;
        fputs("[", json);
    }
    if (x->formats & CBEC_XF_XLSX) {
        if (!open_workbook(x, why))
            goto done;
        ws = workbook_add_worksheet(x->wb, name);
        if (!ws) {
            *why = g_strdup_printf("cannot add the sheet %s", name);
            goto done;
        }
        for (int c = 0; c < ncols; c++)
            worksheet_write_string(ws, 0, (lxw_col_t)c, sqlite3_column_name(q, c), x->f_head);
    }
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        rows++;
        if (csv) {
            g_string_truncate(line, 0);
            for (int c = 0; c < ncols; c++) {
                if (c)
                    g_string_append_c(line, ',');
                csv_field(line, (const char *)sqlite3_column_text(q, c));
            }
            g_string_append(line, "\r\n");
            fwrite(line->str, 1, line->len, csv);
        }
        if (json) {
            g_string_assign(line, rows > 1 ? ",\n{" : "\n{");
            for (int c = 0; c < ncols; c++) {
                if (c)
                    g_string_append(line, ", ");
                cbec_json_key(line, sqlite3_column_name(q, c));
                json_value(line, q, c);
            }
            g_string_append_c(line, '}');
            fwrite(line->str, 1, line->len, json);
        }
        if (ws && rows < (int64_t)CBEC_XLSX_DETAIL_ROWS)
            for (int c = 0; c < ncols; c++)
                xlsx_cell(ws, (lxw_row_t)rows, (lxw_col_t)c, q, c);
    }
    if (step != SQLITE_DONE) {
        *why = g_strdup_printf("%s: %s", name, sqlite3_errmsg(db));
        rc = CBEC_ERR_DB;
        goto done;
    }
    if (json)
        fputs(rows ? "\n]\n" : "]\n", json);
    if ((csv && (ferror(csv) || fclose(csv) != 0)) || (json && (ferror(json) || fclose(json) != 0))) {
        csv = json = NULL;
        goto io;
    }
    csv = json = NULL;
    if (x->formats & CBEC_XF_CSV)
        book(x, csv_name, "csv", rows);
    if (x->formats & CBEC_XF_JSON)
        book(x, json_name, "json", rows);
    if (ws && rows >= (int64_t)CBEC_XLSX_DETAIL_ROWS) {
        *why = g_strdup_printf("%s: %lld rows do not fit one sheet; export it as csv or json", name,
                               (long long)rows);
        goto done;
    }
    rc = CBEC_ERR_NONE;
    goto done;
io:
    *why = g_strdup_printf("cannot write %s in %s: %s", name, x->tmp, g_strerror(errno));
done:
    if (csv)
        fclose(csv);
    if (json)
        fclose(json);
    sqlite3_finalize(q);
    g_string_free(line, TRUE);
    g_free(csv_name);
    g_free(json_name);
    return rc;
}

cbec_err cbec_xset_add_file(cbec_xset *x, const char *file, const char *format, int64_t rows, char **why)
{
    char *p = g_build_filename(x->tmp, file, NULL);
    int ok = g_file_test(p, G_FILE_TEST_IS_REGULAR);
    g_free(p);
    if (!ok) {
        *why = g_strdup_printf("%s was not written", file);
        return CBEC_ERR_IO;
    }
    book(x, file, format, rows);
    return CBEC_ERR_NONE;
}

void cbec_xset_manifest_raw(cbec_xset *x, const char *key, const char *json_value)
{
    g_string_append(x->extra, ",\n  ");
    cbec_json_key(x->extra, key);
    g_string_append(x->extra, json_value);
}

/* SHA-256 and size of a file, read in blocks (an export may be large). */
static int file_digest(const char *path, char hex[65], int64_t *bytes)
{
    FILE *f = fopen(path, "rb");
    char buf[65536];
    size_t n;
    cbec_sha256 h;
    if (!f)
        return 0;
    cbec_sha256_init(&h);
    *bytes = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        cbec_sha256_update(&h, buf, n);
        *bytes += (int64_t)n;
    }
    n = (size_t)ferror(f);
    fclose(f);
    cbec_sha256_hex(&h, hex);
    return n == 0;
}

cbec_err cbec_xset_finish(cbec_xset *x, char **final_dir, char **why)
{
    GString *s = g_string_new("{\n  ");
    char now[40], *mpath = NULL, *final = NULL, *old = NULL;
    cbec_err rc = CBEC_ERR_IO;

    if (x->wb) {
        lxw_doc_properties props = {0};
        lxw_error le;
        props.created = x->stamp ? x->stamp : 1;   /* 0 would mean "now" */
        props.author = "cbecflow";
        workbook_set_properties(x->wb, &props);
        le = workbook_close(x->wb);
        x->wb = NULL;
        if (le != LXW_NO_ERROR) {
            *why = g_strdup_printf("cannot write %s: %s", x->wb_file, lxw_strerror(le));
            goto done;
        }
        book(x, x->wb_file, "xlsx", -1);
    }
    cbec_json_key(s, "target");
    cbec_json_str(s, x->target);
    g_string_append(s, x->extra->str);
    g_string_append(s, ",\n  \"files\": [");
    for (guint i = 0; i < x->files->len; i++) {
        const xfile *f = g_ptr_array_index(x->files, i);
        char *p = g_build_filename(x->tmp, f->name, NULL), hex[65];
        int64_t bytes = 0;
        int ok = file_digest(p, hex, &bytes);
        g_free(p);
        if (!ok) {
            *why = g_strdup_printf("cannot read back %s", f->name);
            goto done;
        }
        g_string_append(s, i ? ",\n    {" : "\n    {");
        cbec_json_key(s, "name");
        cbec_json_str(s, f->name);
        g_string_append(s, ", ");
        cbec_json_key(s, "format");
        cbec_json_str(s, f->format);
        if (f->rows >= 0)
            g_string_append_printf(s, ", \"rows\": %lld", (long long)f->rows);
        g_string_append_printf(s, ", \"bytes\": %lld, \"sha256\": \"%s\"}", (long long)bytes, hex);
    }
    g_string_append(s, "\n  ],\n  ");
    /* last, on a line of its own: the one line two exports of the same dataset differ in */
    cbec_now_iso(now, sizeof now);
    cbec_json_key(s, "generated_at");
    cbec_json_str(s, now);
    g_string_append(s, "\n}\n");
    mpath = g_build_filename(x->tmp, "manifest.json", NULL);
    if (!g_file_set_contents(mpath, s->str, (gssize)s->len, NULL)) {
        *why = g_strdup_printf("cannot write %s", mpath);
        goto done;
    }
    final = g_build_filename(x->outdir, x->name, NULL);
    if (g_file_test(final, G_FILE_TEST_EXISTS)) {
        /* an earlier export of the same name: moved aside (rename onto an empty folder), then removed */
        old = g_strdup_printf("%s/.%s.old.XXXXXX", x->outdir, x->name);
        if (!g_mkdtemp_full(old, 0755) || g_rename(final, old) != 0) {
            *why = g_strdup_printf("cannot replace %s: %s", final, g_strerror(errno));
            goto done;
        }
    }
    if (g_chmod(x->tmp, 0755) != 0 || g_rename(x->tmp, final) != 0) {
        *why = g_strdup_printf("cannot rename %s to %s: %s", x->tmp, final, g_strerror(errno));
        if (old)
            g_rename(old, final);
        goto done;
    }
    if (old)
        remove_dir(old);
    x->finished = 1;
    *final_dir = final;
    final = NULL;
    rc = CBEC_ERR_NONE;
done:
    g_string_free(s, TRUE);
    g_free(mpath);
    g_free(final);
    g_free(old);
    return rc;
}

void cbec_xset_free(cbec_xset *x)
{
    if (!x)
        return;
    if (x->wb)
        workbook_close(x->wb);
    if (!x->finished)
        remove_dir(x->tmp);
    for (guint i = 0; i < x->files->len; i++) {
        xfile *f = g_ptr_array_index(x->files, i);
        g_free(f->name);
        g_free(f->format);
        g_free(f);
    }
    g_ptr_array_free(x->files, TRUE);
    g_string_free(x->extra, TRUE);
    g_free(x->outdir);
    g_free(x->name);
    g_free(x->tmp);
    g_free(x->target);
    g_free(x->wb_file);
    g_free(x);
}
