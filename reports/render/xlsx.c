/* XLSX renderer: libxlsxwriter in constant-memory mode (render.h). */
#include "cbecflow-build.h"

#include <string.h>
#include <sqlite3.h>
#include <xlsxwriter.h>

#include "core/base/dates.h"
#include "reports/render/render.h"
#include "core/store.h"
#include "reports/render/text.h"

typedef struct xctx {
    cbec_template *t;
    const cbec_rmodel *m;
    lxw_workbook *wb;
    lxw_format *f_title, *f_head, *f_money, *f_int, *f_pct, *f_num, *f_pp, *f_text, *f_wrap, *f_note;
    lxw_format *f_date, *f_month;  /* days and months as Excel dates, so they sort, filter and chart as dates */
    GHashTable *names;         /* sheet names in use */
    lxw_worksheet *summary;    /* figures and text sections share one sheet */
    lxw_row_t summary_row;
    cbec_render_stats *stats;
    char **why;
} xctx;

char *cbec_xlsx_cell_text(const char *text, size_t max, int *truncated)
{
    char *valid = g_utf8_make_valid(text ? text : "", -1), *r;
    glong mark = g_utf8_strlen(CBEC_XLSX_TRUNC_MARK, -1), keep;

    /* Excel counts characters, not bytes */
    if ((size_t)g_utf8_strlen(valid, -1) <= max)
        return valid;
    keep = (glong)max > mark ? (glong)max - mark : 0;
    r = g_strdup_printf("%.*s%s", (int)(g_utf8_offset_to_pointer(valid, keep) - valid), valid, CBEC_XLSX_TRUNC_MARK);
    g_free(valid);
    if (truncated)
        (*truncated)++;
    return r;
}

/* Text cells are always strings: a leading = + - @ stays text, never a formula. */
static void put_text(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *text, lxw_format *f)
{
    int tr = 0;
    char *s = cbec_xlsx_cell_text(text, CBEC_XLSX_MAX_TEXT, &tr);
    worksheet_write_string(ws, r, c, s, f);
    if (tr && x->stats)
        x->stats->truncated++;
    g_free(s);
}

/* A day (YYYY-MM-DD) or a month (YYYY-MM) as an Excel date with its format; any other label
 * (a partial month "11月1—20日") stays text. */
static void put_date(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s)
{
    lxw_datetime dt = {0};
    int y, m, d;
    size_t n = s ? strlen(s) : 0;

    if (n == 10 && cbec_date_parse(s, &y, &m, &d)) {
        dt.year = y, dt.month = m, dt.day = d;
        worksheet_write_datetime(ws, r, c, &dt, x->f_date);
    } else if (n == 7 && cbec_month_parse(s, &y, &m)) {
        dt.year = y, dt.month = m, dt.day = 1;
        worksheet_write_datetime(ws, r, c, &dt, x->f_month);
    } else {
        put_text(x, ws, r, c, s ? s : "", x->f_text);
    }
}

/* Money: the raw figure in yuan (fen / 100) with a 2-decimal format, so fen = value * 100 exactly. */
static void put_cell(xctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const cbec_rcell *cell, cbec_rtype type)
{
    if (cell->null)
        return;
    switch (type) {
    case CBEC_RT_MONEY:
        worksheet_write_number(ws, r, c, (double)cell->i / 100.0, x->f_money);
        break;
    case CBEC_RT_INT:
        worksheet_write_number(ws, r, c, (double)cell->i, x->f_int);
        break;
    case CBEC_RT_PCT:
        worksheet_write_number(ws, r, c, cell->d, x->f_pct);
        break;
    case CBEC_RT_NUM:
        worksheet_write_number(ws, r, c, cell->d, x->f_num);
        break;
    case CBEC_RT_DATE:
        put_date(x, ws, r, c, cell->s);
        break;
    default:
        put_text(x, ws, r, c, cell->s ? cell->s : "", x->f_text);
    }
}

static double col_width(cbec_rtype t)
{
    switch (t) {
    case CBEC_RT_MONEY:
        return 18;
    case CBEC_RT_INT:
        return 12;
    case CBEC_RT_PCT:
    case CBEC_RT_NUM:
        return 11;
    case CBEC_RT_DATE:
        return 12;
    default:
        return 22;
    }
}

/* A valid, unique sheet name: no []:*?/\, at most 31 characters. */
static lxw_worksheet *add_sheet(xctx *x, const char *want)
{
    GString *s = g_string_new(NULL);
    const char *p;
    char *base, *name;
    int k = 2;
    lxw_worksheet *ws;

    for (p = want && *want ? want : "Sheet"; *p; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char(p);
        if (ch == '[' || ch == ']' || ch == ':' || ch == '*' || ch == '?' || ch == '/' || ch == '\\')
            ch = '_';
        if (g_utf8_strlen(s->str, -1) >= 27)
            break;
        g_string_append_unichar(s, ch);
    }
    if (s->str[0] == '\'')
        s->str[0] = '_';
    base = g_string_free(s, FALSE);
    name = g_strdup(base);
    while (g_hash_table_contains(x->names, name)) {
        g_free(name);
        name = g_strdup_printf("%s (%d)", base, k++);
    }
    g_free(base);
    ws = workbook_add_worksheet(x->wb, name);
    g_hash_table_add(x->names, name);
    if (x->stats)
        x->stats->sheets++;
    return ws;
}

static const char *sheet_name(lxw_worksheet *ws)
{
    return ws->name;
}

static void write_title(xctx *x, lxw_worksheet *ws, const char *title)
{
    char *period = g_strdup_printf("%s %s ~ %s", cbec_template_word(x->t, "period", "Period:"),
                                   cbec_rmodel_get_meta(x->m, "period_from") ? cbec_rmodel_get_meta(x->m, "period_from")
                                                                             : x->m->date,
                                   cbec_rmodel_get_meta(x->m, "period_to") ? cbec_rmodel_get_meta(x->m, "period_to")
                                                                           : x->m->date);
    put_text(x, ws, 0, 0, title, x->f_title);
    put_text(x, ws, 1, 0, period, x->f_note);
    g_free(period);
}

static void ensure_summary(xctx *x)
{
    if (x->summary)
        return;
    x->summary = add_sheet(x, cbec_template_word(x->t, "summary_sheet", "Summary"));
    worksheet_set_column(x->summary, 0, 0, 30, NULL);
    worksheet_set_column(x->summary, 1, 1, 10, NULL);
    worksheet_set_column(x->summary, 2, 6, 18, NULL);
    write_title(x, x->summary, x->t->title);
    x->summary_row = 3;
}

static void figures_section(xctx *x, const cbec_tsection *s)
{
    static const char *const heads[] = {"indicator", "unit", "current", "prev", "mom", "ly", "yoy"};
    lxw_worksheet *ws;
    lxw_row_t r;
    guint i;
    int c;

    ensure_summary(x);
    ws = x->summary;
    r = x->summary_row;
    put_text(x, ws, r++, 0, s->title, x->f_title);
    for (c = 0; c < 7; c++)
        put_text(x, ws, r, (lxw_col_t)c, cbec_template_label(x->t, "figure_columns", heads[c], heads[c]), x->f_head);
    r++;
    for (i = 0; s->indicators[i]; i++) {
        const cbec_rscalar *sc = cbec_rmodel_get_scalar(x->m, s->indicators[i]);
        double ch;
        if (!sc)
            continue;
        put_text(x, ws, r, 0, cbec_text_indicator_name(x->t, x->m, sc->id), x->f_text);
        put_text(x, ws, r, 1, cbec_template_label(x->t, "xlsx_units", sc->id, ""), x->f_text);
        put_cell(x, ws, r, 2, &sc->v[CBEC_P_CUR], sc->type);
        put_cell(x, ws, r, 3, &sc->v[CBEC_P_PREV], sc->type);
        if (sc->type == CBEC_RT_PCT) {
            if (!sc->v[CBEC_P_CUR].null && !sc->v[CBEC_P_PREV].null)
                worksheet_write_number(ws, r, 4, (sc->v[CBEC_P_CUR].d - sc->v[CBEC_P_PREV].d) * 100.0, x->f_pp);
        } else if (cbec_rscalar_change(sc, CBEC_P_PREV, &ch))
            worksheet_write_number(ws, r, 4, ch, x->f_pct);
        put_cell(x, ws, r, 5, &sc->v[CBEC_P_LY], sc->type);
        if (sc->type == CBEC_RT_PCT) {
            if (!sc->v[CBEC_P_CUR].null && !sc->v[CBEC_P_LY].null)
                worksheet_write_number(ws, r, 6, (sc->v[CBEC_P_CUR].d - sc->v[CBEC_P_LY].d) * 100.0, x->f_pp);
        } else if (cbec_rscalar_change(sc, CBEC_P_LY, &ch))
            worksheet_write_number(ws, r, 6, ch, x->f_pct);
        r++;
    }
    x->summary_row = r + 1;
}

static void text_section(xctx *x, const cbec_tsection *s)
{
    GPtrArray *lines = cbec_text_sentences(x->t, x->m, s);
    guint i;
    lxw_row_t r;
    ensure_summary(x);
    r = x->summary_row;
    put_text(x, x->summary, r++, 0, s->title, x->f_title);
    for (i = 0; i < lines->len; i++)
        put_text(x, x->summary, r++, 0, g_ptr_array_index(lines, i), x->f_text);
    g_ptr_array_unref(lines);
    x->summary_row = r + 1;
}

static int chart_type(const char *name)
{
    if (strcmp(name, "line") == 0)
        return LXW_CHART_LINE;
    if (strcmp(name, "bar") == 0)
        return LXW_CHART_BAR;
    if (strcmp(name, "pie") == 0)
        return LXW_CHART_PIE;
    if (strcmp(name, "column") == 0)
        return LXW_CHART_COLUMN;
    return -1;
}

static void table_section(xctx *x, const cbec_tsection *s)
{
    const cbec_rtable *tb = cbec_rmodel_get_table(x->m, s->table);
    lxw_worksheet *ws;
    const lxw_row_t head = 3;
    int cols[64], n = 0, c, ct;
    guint i, r;

    if (!tb)
        return;
    /* the template's columns, or every column of the table */
    for (i = 0; s->columns[i] && n < 64; i++) {
        int k = cbec_rtable_col(tb, s->columns[i]);
        if (k >= 0)
            cols[n++] = k;
    }
    if (n == 0)
        for (c = 0; c < tb->ncols && n < 64; c++)
            cols[n++] = c;
    ws = add_sheet(x, s->sheet);
    for (c = 0; c < n; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, col_width(tb->col_types[cols[c]]), NULL);
    write_title(x, ws, s->title);
    if (s->note)
        put_text(x, ws, 2, 0, s->note, x->f_note);
    for (c = 0; c < n; c++)
        put_text(x, ws, head, (lxw_col_t)c, cbec_template_column(x->t, s, tb->col_ids[cols[c]]), x->f_head);
    for (r = 0; r < tb->rows->len; r++) {
        const cbec_rcell *cells = g_ptr_array_index(tb->rows, r);
        for (c = 0; c < n; c++)
            put_cell(x, ws, head + 1 + r, (lxw_col_t)c, &cells[cols[c]], tb->col_types[cols[c]]);
    }
    worksheet_freeze_panes(ws, head + 1, 0);
    worksheet_autofilter(ws, head, 0, head + (tb->rows->len > 0 ? tb->rows->len : 1), (lxw_col_t)(n - 1));
    /* a native chart next to the table */
    ct = chart_type(s->chart);
    if (ct >= 0 && tb->rows->len > 0) {
        lxw_chart *ch = workbook_add_chart(x->wb, (uint8_t)ct);
        int cat = -1;
        guint last = tb->rows->len;
        if (s->top > 0 && last > (guint)s->top)
            last = (guint)s->top;
        for (c = 0; c < n; c++)
            if (s->chart_category && strcmp(tb->col_ids[cols[c]], s->chart_category) == 0)
                cat = c;
        if (cat < 0)
            cat = 0;
        for (i = 0; s->chart_series[i]; i++)
            for (c = 0; c < n; c++)
                if (strcmp(tb->col_ids[cols[c]], s->chart_series[i]) == 0) {
                    lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
                    chart_series_set_categories(se, sheet_name(ws), head + 1, (lxw_col_t)cat, head + last,
                                                (lxw_col_t)cat);
                    chart_series_set_values(se, sheet_name(ws), head + 1, (lxw_col_t)c, head + last, (lxw_col_t)c);
                    chart_series_set_name_range(se, sheet_name(ws), head, (lxw_col_t)c);
                }
        chart_title_set_name(ch, s->chart_title);
        if (ct != LXW_CHART_PIE && !s->chart_series[1])
            chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
        {
            lxw_chart_options o = {0};
            o.x_scale = 1.6;
            o.y_scale = 1.4;
            worksheet_insert_chart_opt(ws, head, (lxw_col_t)(n + 1), ch, &o);
        }
    }
}

/* Detail rows stream from SQLite straight into the sheet; past Excel's row limit a next sheet starts. */
static int detail_section(xctx *x, const cbec_tsection *s)
{
    const cbec_rdetail *d = cbec_rmodel_get_detail(x->m, s->detail);
    sqlite3 *db = x->m->db;
    sqlite3_stmt *st = NULL;
    lxw_worksheet *ws = NULL;
    lxw_row_t r = 0;
    int64_t total = 0;
    int part = 1, c, rc, ok = 0;
    guint i;

    if (!d || !db)
        return 1;
    if (sqlite3_prepare_v2(db, d->sql, -1, &st, NULL) != SQLITE_OK) {
        *x->why = g_strdup_printf("detail %s: %s", d->id, sqlite3_errmsg(db));
        goto done;
    }
    for (i = 0; i < d->params->len; i++)
        sqlite3_bind_text(st, (int)i + 1, g_ptr_array_index(d->params, i), -1, SQLITE_STATIC);
    for (;;) {
        rc = sqlite3_step(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            *x->why = g_strdup_printf("detail %s: %s", d->id, sqlite3_errmsg(db));
            goto done;
        }
        if (!ws || (rc == SQLITE_ROW && r > (lxw_row_t)x->t->detail_rows)) {
            if (ws) {
                worksheet_autofilter(ws, 0, 0, r - 1, (lxw_col_t)(d->ncols - 1));
                part++;
            }
            {
                char *name = part == 1 ? g_strdup(s->sheet) : g_strdup_printf("%s %d", s->sheet, part);
                ws = add_sheet(x, name);
                g_free(name);
            }
            for (c = 0; c < d->ncols; c++) {
                worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, col_width(d->col_types[c]), NULL);
            }
            for (c = 0; c < d->ncols; c++)
                put_text(x, ws, 0, (lxw_col_t)c, cbec_template_column(x->t, s, d->col_ids[c]), x->f_head);
            worksheet_freeze_panes(ws, 1, 0);
            r = 1;
        }
        if (rc == SQLITE_DONE)
            break;
        for (c = 0; c < d->ncols; c++) {
            cbec_rcell cell = {0};
            int ty = sqlite3_column_type(st, c);
            if (ty == SQLITE_NULL)
                continue;
            if (d->col_types[c] == CBEC_RT_MONEY || d->col_types[c] == CBEC_RT_INT)
                cell.i = sqlite3_column_int64(st, c);
            else if (d->col_types[c] == CBEC_RT_PCT || d->col_types[c] == CBEC_RT_NUM)
                cell.d = sqlite3_column_double(st, c);
            else
                cell.s = (char *)sqlite3_column_text(st, c);
            put_cell(x, ws, r, (lxw_col_t)c, &cell, d->col_types[c]);
        }
        r++;
        total++;
    }
    worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, (lxw_col_t)(d->ncols - 1));
    if (x->stats)
        x->stats->detail_rows += total;
    ok = 1;
done:
    sqlite3_finalize(st);
    return ok;
}

static void definitions_section(xctx *x, const cbec_tsection *s)
{
    static const char *const heads[] = {"id", "name", "unit", "dims", "definition"};
    lxw_worksheet *ws = add_sheet(x, s->sheet);
    guint i;
    int c;

    worksheet_set_column(ws, 0, 0, 20, NULL);
    worksheet_set_column(ws, 1, 1, 24, NULL);
    worksheet_set_column(ws, 2, 2, 14, NULL);
    worksheet_set_column(ws, 3, 3, 30, x->f_wrap);
    worksheet_set_column(ws, 4, 4, 90, x->f_wrap);
    put_text(x, ws, 0, 0, s->title, x->f_title);
    for (c = 0; c < 5; c++)
        put_text(x, ws, 2, (lxw_col_t)c, cbec_template_label(x->t, "definition_columns", heads[c], heads[c]), x->f_head);
    for (i = 0; i < x->m->defs->len; i++) {
        const cbec_rdef *d = g_ptr_array_index(x->m->defs, i);
        lxw_row_t r = 3 + i;
        put_text(x, ws, r, 0, d->id, x->f_text);
        put_text(x, ws, r, 1, cbec_template_indicator(x->t, d->id, d->name), x->f_text);
        put_text(x, ws, r, 2, d->unit, x->f_text);
        put_text(x, ws, r, 3, d->dims, x->f_wrap);
        put_text(x, ws, r, 4, d->definition, x->f_wrap);
    }
    worksheet_freeze_panes(ws, 3, 0);
    worksheet_autofilter(ws, 2, 0, 2 + (x->m->defs->len ? x->m->defs->len : 1), 4);
}

static lxw_format *fmt(lxw_workbook *wb, const char *num, int bold)
{
    lxw_format *f = workbook_add_format(wb);
    if (num)
        format_set_num_format(f, num);
    if (bold)
        format_set_bold(f);
    return f;
}

cbec_err cbec_render_xlsx(cbec_template *t, const cbec_rmodel *m, const char *path, cbec_render_stats *stats,
                          char **why)
{
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE};
    lxw_doc_properties props = {0};
    char *tmpdir = g_path_get_dirname(path), now[40], *subject = NULL, *comments = NULL;
    xctx x = {0};
    cbec_err rc = CBEC_ERR_IO;
    lxw_error le;
    guint i;

    x.t = t;
    x.m = m;
    x.stats = stats;
    x.why = why;
    x.names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    opt.tmpdir = tmpdir;   /* temp files beside the output, not in a RAM-backed /tmp */
    x.wb = workbook_new_opt(path, &opt);
    if (!x.wb) {
        *why = g_strdup_printf("cannot create %s", path);
        goto done;
    }
    x.f_title = fmt(x.wb, NULL, 1);
    format_set_font_size(x.f_title, 13);
    x.f_head = fmt(x.wb, NULL, 1);
    format_set_bg_color(x.f_head, 0xDDE6F0);
    format_set_border(x.f_head, LXW_BORDER_THIN);
    format_set_text_wrap(x.f_head);
    x.f_money = fmt(x.wb, "#,##0.00", 0);
    x.f_int = fmt(x.wb, "#,##0", 0);
    x.f_pct = fmt(x.wb, "0.0%", 0);
    x.f_num = fmt(x.wb, "0.0", 0);
    x.f_pp = fmt(x.wb, "0.0\" pp\"", 0);   /* ratios change in percentage points */
    x.f_text = fmt(x.wb, "@", 0);
    x.f_date = fmt(x.wb, "yyyy-mm-dd", 0);
    x.f_month = fmt(x.wb, "yyyy-mm", 0);
    x.f_wrap = fmt(x.wb, "@", 0);
    format_set_text_wrap(x.f_wrap);
    format_set_align(x.f_wrap, LXW_ALIGN_VERTICAL_TOP);
    x.f_note = fmt(x.wb, NULL, 0);
    format_set_italic(x.f_note);
    format_set_font_color(x.f_note, 0x555555);

    for (i = 0; i < t->sections->len; i++) {
        const cbec_tsection *s = g_ptr_array_index(t->sections, i);
        if (!s->in_xlsx)
            continue;
        switch (s->type) {
        case CBEC_SEC_FIGURES:
            figures_section(&x, s);
            break;
        case CBEC_SEC_TEXT:
            text_section(&x, s);
            break;
        case CBEC_SEC_TABLE:
            table_section(&x, s);
            break;
        case CBEC_SEC_DETAIL:
            if (!detail_section(&x, s))
                goto done;
            break;
        case CBEC_SEC_DEFINITIONS:
            definitions_section(&x, s);
            break;
        }
    }
    if (g_hash_table_size(x.names) == 0)
        add_sheet(&x, "Sheet1");
    cbec_now_iso(now, sizeof now);
    subject = g_strdup_printf("%s %s", t->title, m->date);
    comments = g_strdup_printf("cbecflow %s, business date %s, generated %s", PACKAGE_VERSION, m->date, now);
    props.title = t->title;
    props.subject = subject;
    props.author = *t->issuer ? t->issuer : "cbecflow";
    props.manager = t->issuer;
    props.company = t->issuer;
    props.category = t->kind;
    props.keywords = "cbecflow, cross-border e-commerce";
    props.comments = comments;
    workbook_set_properties(x.wb, &props);
    le = workbook_close(x.wb);
    x.wb = NULL;
    if (le != LXW_NO_ERROR) {
        *why = g_strdup_printf("cannot write %s: %s", path, lxw_strerror(le));
        goto done;
    }
    rc = CBEC_ERR_NONE;
done:
    if (x.wb)
        workbook_close(x.wb);   /* frees it; the caller removes the partial file */
    g_hash_table_destroy(x.names);
    g_free(tmpdir);
    g_free(subject);
    g_free(comments);
    return rc;
}
