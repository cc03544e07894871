/* PDF renderer: the leadership bulletin, A4, cairo + Pango (render.h).
 *
 * Layout flows top to bottom; every piece of text is drawn into a box and
 * shrunk until it fits (counted as an overflow only when even the smallest
 * size does not), so 10x the figures still stays inside its boxes.  The
 * document is laid out twice: once to count pages ("page 1 of N"), then for
 * real.  Fonts come from fontconfig; cairo embeds a subset of each. */
#include <math.h>
#include <string.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "reports/render/render.h"
#include "core/store.h"
#include "reports/render/chart.h"
#include "reports/render/text.h"

#define A4_W 595.276
#define A4_H 841.890

enum { AL_LEFT = 0, AL_CENTER = 1, AL_RIGHT = 2, AL_JUSTIFY = 3 };

typedef struct pctx {
    cbec_template *t;
    const cbec_rmodel *m;
    cairo_t *cr;
    double W, H, ml, mr, mt, mb, cw;   /* page, margins, content width */
    double y;
    int page, total, overflows;
    const char *sans, *serif;
    const char *latin_sans, *latin_serif;   /* families for Latin runs (see latin_runs) */
    char gen[40];
    int en;
    const char *sec_title;   /* the heading of the section being drawn ... */
    int sec_page;            /* ... and the page it is on (a table continued elsewhere repeats it) */
} pctx;

static const unsigned palette[] = {0x1F4E79, 0xC0504D, 0x4F81BD, 0xF79646, 0x9BBB59, 0x8064A2, 0x4BACC6, 0xB9975B};
#define RED 0xC00000
#define GRAY 0x666666
#define INK 0x222222

static void rgb(cairo_t *cr, unsigned c)
{
    cairo_set_source_rgb(cr, ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0, (c & 0xFF) / 255.0);
}

/* Letters, digits and Latin-1/Greek/Cyrillic punctuation: what a Latin font draws.  CJK and
 * full-width punctuation (，。：“”—…) stay in the CJK family, where they are set on the
 * em square as Chinese typesetting expects. */
static int latin_char(gunichar ch)
{
    return (ch >= 0x20 && ch < 0x250) || (ch >= 0x370 && ch < 0x530);
}

/*
 * Latin runs in a Latin font.  Drawn in the CJK font, a handful of Latin capitals and
 * digits next to Chinese makes cairo embed most of the CJK font's CFF subroutines
 * (about 1 MB for a page of a report); drawn in a Latin font, each font's subset holds
 * only the glyphs used.  Returns NULL when the text has no Latin character.
 */
static PangoAttrList *latin_runs(const char *text, const char *family)
{
    PangoAttrList *al = NULL;
    const char *p = text, *start = NULL;

    for (;;) {
        gunichar ch = *p ? g_utf8_get_char(p) : 0;
        int latin = ch && latin_char(ch);
        if (latin && !start)
            start = p;
        if (!latin && start) {
            PangoAttribute *a = pango_attr_family_new(family);
            a->start_index = (guint)(start - text);
            a->end_index = (guint)(p - text);
            if (!al)
                al = pango_attr_list_new();
            pango_attr_list_insert(al, a);
            start = NULL;
        }
        if (!*p)
            break;
        p = g_utf8_next_char(p);
    }
    return al;
}

static PangoLayout *make_layout(pctx *c, const char *text, const char *family, double size, int bold, double w,
                                int wrap, int align)
{
    PangoAttrList *al;
    PangoLayout *l = pango_cairo_create_layout(c->cr);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, family);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (wrap) {
        pango_layout_set_width(l, (int)(w * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);   /* Chinese breaks between characters */
    }
    pango_layout_set_alignment(l, align == AL_CENTER ? PANGO_ALIGN_CENTER
                                  : align == AL_RIGHT ? PANGO_ALIGN_RIGHT
                                                      : PANGO_ALIGN_LEFT);
    if (align == AL_JUSTIFY)
        pango_layout_set_justify(l, TRUE);
    pango_layout_set_text(l, text, -1);
    al = latin_runs(text, family == c->serif ? c->latin_serif : c->latin_sans);
    if (al) {
        pango_layout_set_attributes(l, al);
        pango_attr_list_unref(al);
    }
    return l;
}

static void layout_size(PangoLayout *l, double *w, double *h)
{
    PangoRectangle ink, logical;
    pango_layout_get_extents(l, &ink, &logical);
    *w = (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
}

/* Height text takes at width w (wrapping). */
static double text_height(pctx *c, const char *text, const char *family, double size, int bold, double w)
{
    PangoLayout *l = make_layout(c, text, family, size, bold, w, 1, AL_LEFT);
    double lw, lh;
    layout_size(l, &lw, &lh);
    g_object_unref(l);
    return lh;
}

/*
 * Draw text inside the box (x, y, w, h): shrink the font (to 50%) until it
 * fits; if it never does, cut with an ellipsis and count an overflow.
 * Returns the height drawn.
 */
static double text_box(pctx *c, double x, double y, double w, double h, const char *text, const char *family,
                       double size, int bold, int align, unsigned color, int wrap)
{
    PangoLayout *l = NULL;
    double s, lw = 0, lh = 0, dx = 0;
    int fits = 0;

    if (!text || !*text)
        return 0;
    for (s = size; s >= size * 0.5; s *= 0.92) {
        if (l)
            g_object_unref(l);
        l = make_layout(c, text, family, s, bold, w, wrap, align);
        layout_size(l, &lw, &lh);
        if (lw <= w + 0.01 && lh <= h + 0.01) {
            fits = 1;
            break;
        }
    }
    if (!fits) {
        g_object_unref(l);
        l = make_layout(c, text, family, size * 0.5, bold, w, 1, align);
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        pango_layout_set_height(l, (int)(h * PANGO_SCALE));
        layout_size(l, &lw, &lh);
        c->overflows++;
    }
    if (!wrap) {
        /* single line: align inside the box ourselves */
        if (align == AL_CENTER)
            dx = (w - lw) / 2;
        else if (align == AL_RIGHT)
            dx = w - lw;
    }
    cairo_save(c->cr);
    cairo_rectangle(c->cr, x - 1, y - 1, w + 2, h + 2);
    cairo_clip(c->cr);
    rgb(c->cr, color);
    cairo_move_to(c->cr, x + dx, y + (h > lh && !wrap ? (h - lh) / 2 : 0));
    pango_cairo_show_layout(c->cr, l);
    cairo_restore(c->cr);
    g_object_unref(l);
    return lh;
}

/* ---- pages ------------------------------------------------------------------------ */

static void footer(pctx *c)
{
    const char *pat = cbec_template_word(c->t, "page", "Page {} of {}");
    char num[16], tot[16], *a, *b;
    const char *p1 = strstr(pat, "{}");
    GString *s = g_string_new(NULL);
    double fy = c->H - c->mb + 14;

    g_snprintf(num, sizeof num, "%d", c->page);
    g_snprintf(tot, sizeof tot, "%d", c->total > 0 ? c->total : c->page);
    if (p1) {
        const char *p2 = strstr(p1 + 2, "{}");
        g_string_append_len(s, pat, p1 - pat);
        g_string_append(s, num);
        if (p2) {
            g_string_append_len(s, p1 + 2, p2 - (p1 + 2));
            g_string_append(s, tot);
            g_string_append(s, p2 + 2);
        } else
            g_string_append(s, p1 + 2);
    } else
        g_string_append(s, num);
    rgb(c->cr, 0xBBBBBB);
    cairo_set_line_width(c->cr, 0.5);
    cairo_move_to(c->cr, c->ml, fy - 4);
    cairo_line_to(c->cr, c->W - c->mr, fy - 4);
    cairo_stroke(c->cr);
    a = g_strdup_printf("%s: %s", cbec_template_word(c->t, "generated", "Generated"), c->gen);
    /* the issuing body on every page: a page passed on alone still says who published it
     * (the title is in the running head) */
    b = g_strdup(*c->t->issuer ? c->t->issuer : c->t->title);
    text_box(c, c->ml, fy, c->cw * 0.32, 12, a, c->sans, 7.5, 0, AL_LEFT, GRAY, 0);
    text_box(c, c->ml + c->cw * 0.38, fy, c->cw * 0.24, 12, s->str, c->sans, 8, 0, AL_CENTER, GRAY, 0);
    text_box(c, c->ml + c->cw * 0.62, fy, c->cw * 0.38, 12, b, c->sans, 7.5, 0, AL_RIGHT, GRAY, 0);
    g_free(a);
    g_free(b);
    g_string_free(s, TRUE);
}

static void new_page(pctx *c)
{
    if (c->page > 0) {
        footer(c);
        cairo_show_page(c->cr);
    }
    c->page++;
    c->y = c->mt;
    if (c->page > 1) {
        /* running head */
        text_box(c, c->ml, c->y - 22, c->cw, 12, c->t->title, c->sans, 8, 0, AL_RIGHT, GRAY, 0);
        rgb(c->cr, RED);
        cairo_set_line_width(c->cr, 0.8);
        cairo_move_to(c->cr, c->ml, c->y - 8);
        cairo_line_to(c->cr, c->W - c->mr, c->y - 8);
        cairo_stroke(c->cr);
    }
}

static void need(pctx *c, double h)
{
    if (c->y + h > c->H - c->mb)
        new_page(c);
}

static void heading(pctx *c, const char *title, double after)
{
    need(c, 26 + after);
    c->sec_title = NULL;   /* a section that is not a table has nothing to continue */
    rgb(c->cr, RED);
    cairo_rectangle(c->cr, c->ml, c->y + 3, 3.5, 14);
    cairo_fill(c->cr);
    text_box(c, c->ml + 9, c->y, c->cw - 9, 20, title, c->sans, 12.5, 1, AL_LEFT, INK, 0);
    c->y += 26;
}

/* ---- title block -------------------------------------------------------------------- */

static char *word_sentence(pctx *c, const char *key, const char *def)
{
    const char *pat = cbec_template_word(c->t, key, def);
    char *s = cbec_text_sentence(c->t, c->m, pat);
    return s ? s : g_strdup(c->m->date);
}

static void title_block(pctx *c)
{
    char *issue = word_sentence(c, "issue_line", "{meta:year}-{meta:month}");
    char *date = word_sentence(c, "date_line", "{meta:date}");
    char *period = NULL;
    const char *from = cbec_rmodel_get_meta(c->m, "period_from"), *to = cbec_rmodel_get_meta(c->m, "period_to");

    text_box(c, c->ml, c->y, c->cw, 34, c->t->issuer, c->serif, 22, 1, AL_CENTER, RED, 0);
    c->y += 38;
    text_box(c, c->ml, c->y, c->cw, 40, c->t->title, c->serif, 28, 1, AL_CENTER, RED, 0);
    c->y += 48;
    text_box(c, c->ml, c->y, c->cw / 2, 16, issue, c->sans, 10.5, 0, AL_LEFT, INK, 0);
    text_box(c, c->ml + c->cw / 2, c->y, c->cw / 2, 16, date, c->sans, 10.5, 0, AL_RIGHT, INK, 0);
    c->y += 20;
    rgb(c->cr, RED);
    cairo_set_line_width(c->cr, 2.2);
    cairo_move_to(c->cr, c->ml, c->y);
    cairo_line_to(c->cr, c->W - c->mr, c->y);
    cairo_stroke(c->cr);
    cairo_set_line_width(c->cr, 0.6);
    cairo_move_to(c->cr, c->ml, c->y + 3.5);
    cairo_line_to(c->cr, c->W - c->mr, c->y + 3.5);
    cairo_stroke(c->cr);
    c->y += 10;
    if (from && to) {
        /* a report over another period than the template's says which (quarter, year to date ...) */
        const char *sub = cbec_rmodel_get_meta(c->m, "period_note") ? cbec_rmodel_get_meta(c->m, "period_note")
                                                                      : c->t->subtitle;
        /* written as a reader writes dates: 2026年12月1日至6日 / 1-6 December 2026 */
        char *range = cbec_text_date_range(from, to, c->en);
        if (!range)
            range = g_strdup_printf("%s ~ %s", from, to);
        period = g_strdup_printf("%s %s%s%s%s", cbec_template_word(c->t, "period", "Period:"), range,
                                 sub && *sub ? (c->en ? " (" : "（") : "", sub ? sub : "",
                                 sub && *sub ? (c->en ? ")" : "）") : "");
        g_free(range);
    }
    if (period) {
        text_box(c, c->ml, c->y, c->cw, 14, period, c->sans, 9, 0, AL_CENTER, GRAY, 0);
        c->y += 20;
    }
    g_free(issue);
    g_free(date);
    g_free(period);
}

/* ---- sections ---------------------------------------------------------------------- */

static void figures(pctx *c, const cbec_tsection *s)
{
    const int cols = 3;
    const double gap = 10, bh = 84;
    double bw = (c->cw - gap * (cols - 1)) / cols;
    int n = 0, i, shown;
    for (i = 0; s->indicators[i]; i++)
        if (cbec_rmodel_get_scalar(c->m, s->indicators[i]))
            n++;
    shown = s->pdf_count > 0 && s->pdf_count < n ? s->pdf_count : n;
    heading(c, s->title, bh);
    for (i = 0, n = 0; s->indicators[i] && n < shown; i++) {
        const cbec_rscalar *sc = cbec_rmodel_get_scalar(c->m, s->indicators[i]);
        double x, y;
        char *val, *yoy, *mom, *l1, *l2;
        if (!sc)
            continue;
        if (n % cols == 0 && n > 0)
            c->y += bh + gap;
        if (n % cols == 0)
            need(c, bh);
        x = c->ml + (n % cols) * (bw + gap);
        y = c->y;
        n++;
        cairo_set_source_rgb(c->cr, 0.96, 0.97, 0.99);
        cairo_rectangle(c->cr, x, y, bw, bh);
        cairo_fill(c->cr);
        rgb(c->cr, 0x1F4E79);
        cairo_rectangle(c->cr, x, y, bw, 2.5);
        cairo_fill(c->cr);
        val = cbec_text_scalar(c->t, sc, CBEC_P_CUR);
        yoy = cbec_text_change(c->t, sc, CBEC_P_LY);
        mom = cbec_text_change(c->t, sc, CBEC_P_PREV);
        l1 = g_strdup_printf("%s %s", cbec_template_word(c->t, "yoy", "YoY"),
                             yoy ? yoy : cbec_template_word(c->t, "nobase", "-"));
        l2 = g_strdup_printf("%s %s", cbec_template_word(c->t, "mom", "MoM"),
                             mom ? mom : cbec_template_word(c->t, "nobase", "-"));
        text_box(c, x + 8, y + 8, bw - 16, 14, cbec_text_indicator_name(c->t, c->m, sc->id), c->sans, 9.5, 0,
                 AL_LEFT, GRAY, 0);
        text_box(c, x + 8, y + 24, bw - 16, 26, val, c->sans, 19, 1, AL_LEFT, 0x1F4E79, 0);
        text_box(c, x + 8, y + 52, bw - 16, 12, l1, c->sans, 8.5, 0, AL_LEFT, 0x444444, 0);
        text_box(c, x + 8, y + 66, bw - 16, 12, l2, c->sans, 8.5, 0, AL_LEFT, 0x444444, 0);
        g_free(val);
        g_free(yoy);
        g_free(mom);
        g_free(l1);
        g_free(l2);
    }
    c->y += bh + 16;
}

static void paragraph(pctx *c, const cbec_tsection *s)
{
    GString *p = g_string_new(NULL);
    GPtrArray *lines = cbec_text_sentences(c->t, c->m, s);
    guint i;
    double h;
    for (i = 0; i < lines->len; i++) {
        if (p->len && c->en)
            g_string_append_c(p, ' ');
        g_string_append(p, g_ptr_array_index(lines, i));
    }
    g_ptr_array_unref(lines);
    if (p->len) {
        /* the paragraph is indented by two characters in Chinese */
        char *text = c->en ? g_strdup(p->str) : g_strconcat("\u3000\u3000", p->str, NULL);
        h = text_height(c, text, c->sans, 11, 0, c->cw);
        heading(c, s->title, MIN(h, 200));
        need(c, h);
        text_box(c, c->ml, c->y, c->cw, h + 2, text, c->sans, 11, 0, c->en ? AL_JUSTIFY : AL_LEFT, INK, 1);
        c->y += h + 14;
        g_free(text);
    }
    g_string_free(p, TRUE);
}

typedef struct series {
    int n;
    const char **cat;
    double *val;       /* in display units (money divided into the unit below) */
    char **lab;        /* each value as its label ("1,314.02", "4"), owned */
    char *gap;         /* 1: no data (a gap in the chart, never a zero) */
    const char *unit;
    cbec_rkind kind;
} series;

/* The unit word of a money unit ([words] unit_wan ...), in the report's language. */
static const char *money_word(pctx *c, const char *key)
{
    static const struct {
        const char *key, *en, *zh;
    } words[] = {{"unit_yuan", "CNY", "元"},
                 {"unit_wan", "CNY 10,000", "万元"},
                 {"unit_m", "CNY million", "百万元"},
                 {"unit_yi", "CNY 100 million", "亿元"}};
    size_t i;
    for (i = 0; i < G_N_ELEMENTS(words); i++)
        if (strcmp(words[i].key, key) == 0)
            return cbec_template_word(c->t, key, c->en ? words[i].en : words[i].zh);
    return "";
}

/*
 * The rows a chart shows, as display numbers with their labels.  Bars are sorted by value
 * (descending) before the top N are taken, unless their categories are days or months.
 * Money is in the table's unit ([report] pdf_money) when the section also shows its table,
 * so a chart and its table never disagree by a factor; a chart alone picks the unit its
 * largest value calls for.  Counts are whole numbers in the unit word of the template
 * (chart_unit), else of the model's column, else [words] orders.
 */
static void get_series(pctx *c, const cbec_tsection *s, const cbec_rtable *tb, int cat, int col, int top,
                       series *sr)
{
    int total = (int)tb->rows->len, r, sort = s->chart_sort, digits = 0;
    int *order = g_new0(int, total + 1);
    double *all = g_new0(double, total + 1);
    char *nulls = g_new0(char, total + 1);
    cbec_rtype type = tb->col_types[col];
    const char *word = NULL;
    int64_t max_fen = 0;

    sr->kind = cbec_rtable_kind(tb, col);
    if (sr->kind == CBEC_RK_MONEY && type != CBEC_RT_MONEY)
        sr->kind = CBEC_RK_MEASURE;   /* money is fen in a MONEY column; anything else is a plain number */
    for (r = 0; r < total; r++) {
        const cbec_rcell *cells = g_ptr_array_index(tb->rows, r);
        all[r] = cells[col].null ? 0 : (type == CBEC_RT_MONEY || type == CBEC_RT_INT) ? (double)cells[col].i
                                                                                       : cells[col].d;
        nulls[r] = (char)cells[col].null;
        if (sort && cells[cat].s && cbec_chart_ordered_category(cells[cat].s))
            sort = 0;   /* days and months keep their order */
    }
    if (sort)
        cbec_chart_sort_desc(all, nulls, total, order);
    else
        for (r = 0; r < total; r++)
            order[r] = r;
    sr->n = top > 0 && total > top ? top : total;
    sr->cat = g_new0(const char *, sr->n + 1);
    sr->val = g_new0(double, sr->n + 1);
    sr->lab = g_new0(char *, sr->n + 1);
    sr->gap = g_new0(char, sr->n + 1);
    for (r = 0; r < sr->n; r++) {
        const cbec_rcell *cells = g_ptr_array_index(tb->rows, order[r]);
        if (!cells[col].null && type == CBEC_RT_MONEY && (cells[col].i < 0 ? -cells[col].i : cells[col].i) > max_fen)
            max_fen = cells[col].i < 0 ? -cells[col].i : cells[col].i;
    }
    if (sr->kind == CBEC_RK_MONEY) {
        digits = s->pdf_table ? cbec_chart_money_digits(cbec_template_label(c->t, "report", "pdf_money", "wan"), &word)
                              : cbec_chart_money_auto(max_fen, c->en, &word);
        sr->unit = money_word(c, word);
    } else if (sr->kind == CBEC_RK_RATIO)
        sr->unit = "%";
    else if (s->chart_unit && *s->chart_unit)
        sr->unit = s->chart_unit;
    else if (cbec_rtable_unit(tb, col))
        sr->unit = cbec_rtable_unit(tb, col);
    else if (sr->kind == CBEC_RK_COUNT)
        sr->unit = cbec_template_word(c->t, "orders", "orders");
    else
        sr->unit = cbec_template_label(c->t, "units", tb->col_ids[col], "");
    for (r = 0; r < sr->n; r++) {
        const cbec_rcell *cells = g_ptr_array_index(tb->rows, order[r]);
        double v = all[order[r]];
        if (sr->kind == CBEC_RK_MONEY)
            v = v / 100.0 / pow(10, digits);
        else if (sr->kind == CBEC_RK_RATIO)
            v *= 100.0;
        sr->cat[r] = cells[cat].s ? cells[cat].s : "";
        sr->val[r] = v;
        sr->gap[r] = nulls[order[r]];
        sr->lab[r] = cbec_chart_value(&cells[col], type, sr->kind, digits);
    }
    g_free(order);
    g_free(all);
    g_free(nulls);
}

static void free_series(series *sr)
{
    int i;
    for (i = 0; i < sr->n; i++)
        g_free(sr->lab[i]);
    g_free(sr->lab);
    g_free(sr->cat);
    g_free(sr->val);
    g_free(sr->gap);
}

/* Short category label: "2026-11" -> "11月"/"Nov" style is left to the data; dates show MM-DD. */
static const char *short_cat(const char *s)
{
    if (strlen(s) == 10 && s[4] == '-' && s[7] == '-')
        return s + 5;
    return s;
}

static void axes_chart(pctx *c, double x, double y, double w, double h, const series *sr, int line)
{
    double lo = 0, hi = 0, step, pl = x + 46, pr = x + w - 8, pt = y + 18, pb = y + h - 22, v;
    int i, k, every;
    char *unit = g_strdup_printf(c->en ? "%s %s" : "%s%s",
                                 cbec_template_word(c->t, "unit_prefix", c->en ? "Unit:" : "单位："), sr->unit);

    for (i = 0; i < sr->n; i++) {
        if (sr->val[i] > hi)
            hi = sr->val[i];
        if (sr->val[i] < lo)
            lo = sr->val[i];
    }
    /* counts get whole-number ticks: no "2.5 alerts" */
    cbec_chart_scale(lo, hi, 5, sr->kind == CBEC_RK_COUNT, &lo, &hi, &step);
    text_box(c, x, y, w * 0.6, 14, unit, c->sans, 8, 0, AL_LEFT, GRAY, 0);
    cairo_set_line_width(c->cr, 0.4);
    for (k = 0; (v = lo + k * step) <= hi + step / 2; k++) {
        double yy = pb - (v - lo) / (hi - lo) * (pb - pt);
        char *lab = cbec_chart_tick(v, step);
        rgb(c->cr, 0xDDDDDD);
        cairo_move_to(c->cr, pl, yy);
        cairo_line_to(c->cr, pr, yy);
        cairo_stroke(c->cr);
        text_box(c, x, yy - 6, 42, 12, lab, c->sans, 7.5, 0, AL_RIGHT, GRAY, 0);
        g_free(lab);
    }
    every = sr->n > 14 ? (sr->n + 13) / 14 : 1;
    {
        double slot = (pr - pl) / (sr->n > 0 ? sr->n : 1);
        for (i = 0; i < sr->n; i++) {
            double cx = pl + slot * (i + 0.5);
            double yy = pb - (sr->val[i] - lo) / (hi - lo) * (pb - pt), y0 = pb - (0 - lo) / (hi - lo) * (pb - pt);
            if (i % every == 0 || i == sr->n - 1)
                text_box(c, cx - slot * every / 2, pb + 4, slot * every, 12, short_cat(sr->cat[i]), c->sans, 7, 0,
                         AL_CENTER, GRAY, 0);
            if (!line && !sr->gap[i]) {
                rgb(c->cr, palette[0]);
                cairo_rectangle(c->cr, cx - slot * 0.32, MIN(yy, y0), slot * 0.64, fabs(y0 - yy));
                cairo_fill(c->cr);
                /* few columns (grades, a week): each carries its value, as the table would */
                if (sr->n <= 12)
                    text_box(c, cx - slot / 2, MIN(yy, y0) - 13, slot, 12, sr->lab[i], c->sans, 7.5, 0, AL_CENTER,
                             GRAY, 0);
            }
        }
        if (line && sr->n > 0) {
            int last = -1;
            rgb(c->cr, palette[1]);
            cairo_set_line_width(c->cr, 1.8);
            /* a month without data breaks the line: the reader sees a gap, not a fall to zero */
            for (i = 0; i < sr->n; i++) {
                double cx = pl + slot * (i + 0.5), yy = pb - (sr->val[i] - lo) / (hi - lo) * (pb - pt);
                if (sr->gap[i])
                    continue;
                if (i == 0 || sr->gap[i - 1])
                    cairo_move_to(c->cr, cx, yy);
                else
                    cairo_line_to(c->cr, cx, yy);
            }
            cairo_stroke(c->cr);
            for (i = 0; i < sr->n; i++) {
                double cx = pl + slot * (i + 0.5), yy = pb - (sr->val[i] - lo) / (hi - lo) * (pb - pt);
                if (sr->gap[i])
                    continue;
                cairo_arc(c->cr, cx, yy, 2.2, 0, 2 * M_PI);
                cairo_fill(c->cr);
                last = i;
            }
            if (last >= 0) {
                /* the last value, labelled */
                double cx = pl + slot * (last + 0.5), yy = pb - (sr->val[last] - lo) / (hi - lo) * (pb - pt);
                text_box(c, cx - 80, yy - 16, 80, 12, sr->lab[last], c->sans, 8, 1, AL_RIGHT, palette[1], 0);
            }
        }
    }
    rgb(c->cr, 0x888888);
    cairo_set_line_width(c->cr, 0.8);
    cairo_move_to(c->cr, pl, pb);
    cairo_line_to(c->cr, pr, pb);
    cairo_stroke(c->cr);
    g_free(unit);
}

static void bar_chart(pctx *c, double x, double y, double w, double h, const series *sr)
{
    double lw = w * 0.30, vw = 70, pl = x + lw + 6, pr = x + w - vw, top = y + 18, max = 0, rh;
    int i;
    char *unit = g_strdup_printf(c->en ? "%s %s" : "%s%s",
                                 cbec_template_word(c->t, "unit_prefix", c->en ? "Unit:" : "单位："), sr->unit);
    text_box(c, x, y, w * 0.6, 14, unit, c->sans, 8, 0, AL_LEFT, GRAY, 0);
    for (i = 0; i < sr->n; i++)
        if (sr->val[i] > max)
            max = sr->val[i];
    if (max <= 0)
        max = 1;
    rh = sr->n > 0 ? MIN(20, (y + h - top) / sr->n) : 20;
    for (i = 0; i < sr->n; i++) {
        double yy = top + i * rh, bw = (pr - pl) * (sr->val[i] > 0 ? sr->val[i] : 0) / max;
        const char *lab = sr->lab[i];
        text_box(c, x, yy, lw, rh - 2, sr->cat[i], c->sans, 8.5, 0, AL_RIGHT, INK, 0);
        rgb(c->cr, palette[i % 2 ? 2 : 0]);
        cairo_rectangle(c->cr, pl, yy + rh * 0.18, bw, rh * 0.64);
        cairo_fill(c->cr);
        text_box(c, pl + bw + 3, yy, MAX(vw - 3, x + w - (pl + bw + 3)), rh - 2, lab, c->sans, 8, 0, AL_LEFT, GRAY,
                 0);
    }
    g_free(unit);
}

static void pie_chart(pctx *c, double x, double y, double w, double h, const series *sr)
{
    double total = 0, a = -M_PI / 2, r = MIN(h - 20, w * 0.4) / 2, cx = x + r + 20, cy = y + 10 + r, lx = cx + r + 30;
    double rowh = sr->n > 0 ? MIN(18, (h - 10) / sr->n) : 18;
    int i;
    for (i = 0; i < sr->n; i++)
        if (sr->val[i] > 0)
            total += sr->val[i];
    for (i = 0; i < sr->n; i++) {
        double share = total > 0 && sr->val[i] > 0 ? sr->val[i] / total : 0, b = a + share * 2 * M_PI;
        char *lab = g_strdup_printf("%s  %.1f%%", sr->cat[i], share * 100);
        if (share > 0) {
            rgb(c->cr, palette[i % G_N_ELEMENTS(palette)]);
            cairo_move_to(c->cr, cx, cy);
            cairo_arc(c->cr, cx, cy, r, a, b);
            cairo_close_path(c->cr);
            cairo_fill(c->cr);
        }
        a = b;
        rgb(c->cr, palette[i % G_N_ELEMENTS(palette)]);
        cairo_rectangle(c->cr, lx, y + 12 + i * rowh + rowh * 0.25, 9, 9);
        cairo_fill(c->cr);
        text_box(c, lx + 14, y + 10 + i * rowh, x + w - lx - 14, rowh, lab, c->sans, 9, 0, AL_LEFT, INK, 0);
        g_free(lab);
    }
    /* donut hole; a fresh path first: the legend text left a current point, and an arc
     * joins it with a line that cut a white sliver through the slices */
    cairo_new_path(c->cr);
    cairo_set_source_rgb(c->cr, 1, 1, 1);
    cairo_arc(c->cr, cx, cy, r * 0.5, 0, 2 * M_PI);
    cairo_fill(c->cr);
}

static int chart_rows(const cbec_tsection *s, const cbec_rtable *tb)
{
    int top = s->top > 0 ? s->top : (strcmp(s->chart, "bar") == 0 || strcmp(s->chart, "pie") == 0 ? 10 : 0);
    int n = (int)tb->rows->len;
    return top > 0 && n > top ? top : n;
}

static double chart_height(const cbec_tsection *s, const cbec_rtable *tb)
{
    if (strcmp(s->chart, "pie") == 0)
        return 150;
    if (strcmp(s->chart, "bar") == 0)
        return 24 + 20 * chart_rows(s, tb);
    return 190;
}

/* The least height a chart still reads at: it gives way to the page end rather than leave
 * a third of a page empty (line and column plots to 70%, bars to 14 pt a row). */
static double chart_min_height(const cbec_tsection *s, const cbec_rtable *tb)
{
    if (strcmp(s->chart, "pie") == 0)
        return 150;
    if (strcmp(s->chart, "bar") == 0)
        return 24 + 14 * chart_rows(s, tb);
    return 190 * 0.7;
}

static void chart(pctx *c, const cbec_tsection *s, const cbec_rtable *tb)
{
    int cat = s->chart_category ? cbec_rtable_col(tb, s->chart_category) : -1;
    int col = s->chart_series[0] ? cbec_rtable_col(tb, s->chart_series[0]) : -1;
    int top = chart_rows(s, tb);
    double h = chart_height(s, tb), room = c->H - c->mb - c->y - 30;
    series sr;

    if (cat < 0)
        cat = 0;
    if (col < 0 || tb->rows->len == 0)
        return;
    get_series(c, s, tb, cat, col, top, &sr);
    if (room < h && room >= chart_min_height(s, tb))
        h = room;   /* fit the rest of this page instead of leaving it empty */
    need(c, h + 20);
    text_box(c, c->ml, c->y, c->cw, 16, s->chart_title, c->sans, 10.5, 1, AL_CENTER, INK, 0);
    c->y += 18;
    if (strcmp(s->chart, "line") == 0 || strcmp(s->chart, "column") == 0)
        axes_chart(c, c->ml, c->y, c->cw, h, &sr, strcmp(s->chart, "line") == 0);
    else if (strcmp(s->chart, "bar") == 0)
        bar_chart(c, c->ml, c->y, c->cw, h, &sr);
    else
        pie_chart(c, c->ml, c->y, c->cw, h, &sr);
    c->y += h + 12;
    free_series(&sr);
}

/*
 * A column's PDF header.  "{unit}" in it becomes the unit the table's money is printed in
 * ([report] pdf_money: "金额（{unit}）" -> 金额（万元）, "Value ({unit})" -> Value (CNY million)),
 * so a header can never state another unit than its figures.  g_free.
 */
static char *pdf_column(pctx *c, const cbec_tsection *s, const char *col)
{
    char *k = g_strconcat("pdf.", col, NULL), *u;
    const char *v = cbec_template_label(c->t, "columns", k, NULL), *word = NULL;
    g_free(k);
    if (!v)
        v = cbec_template_column(c->t, s, col);
    if (!(u = strstr(v, "{unit}")))
        return g_strdup(v);
    cbec_chart_money_digits(cbec_template_label(c->t, "report", "pdf_money", "wan"), &word);
    return g_strdup_printf("%.*s%s%s", (int)(u - v), v, money_word(c, word), u + 6);
}

/* A table that starts on another page than its section's heading repeats the heading,
 * "（续）" / "(continued)": no table without its title. */
static void table_continued(pctx *c)
{
    char *t;
    if (!c->sec_title || c->sec_page == c->page)
        return;
    const char *title = c->sec_title;
    t = g_strconcat(title, c->en ? " (continued)" : "（续）", NULL);
    heading(c, t, 0);
    g_free(t);
    c->sec_title = title;
    c->sec_page = c->page;
}

/* The header row of a table at the current position. */
static void table_header(pctx *c, const cbec_tsection *s, const cbec_rtable *tb, const int *cols, int n,
                         const double *w, double hh)
{
    double x;
    int i;

    rgb(c->cr, 0x1F4E79);
    cairo_rectangle(c->cr, c->ml, c->y, c->cw, hh);
    cairo_fill(c->cr);
    text_box(c, c->ml + 2, c->y + 2, 24, hh - 4, c->en ? "No." : "序号", c->sans, 8.5, 1, AL_CENTER, 0xFFFFFF, 0);
    for (i = 0, x = c->ml + 28; i < n; x += w[i], i++)
    {
        char *label = pdf_column(c, s, tb->col_ids[cols[i]]);
        text_box(c, x + 3, c->y + 2, w[i] - 6, hh - 4, label, c->sans, 8.5, 1,
                 tb->col_types[cols[i]] == CBEC_RT_TEXT ? AL_LEFT : AL_RIGHT, 0xFFFFFF, 0);
        g_free(label);
    }
    c->y += hh;
}

/* Natural width of a single line of text at the table's size. */
static double text_width(pctx *c, const char *text, int bold)
{
    PangoLayout *l;
    double lw, lh;
    if (!text || !*text)
        return 0;
    l = make_layout(c, text, c->sans, 8.5, bold, 0, 0, AL_LEFT);
    layout_size(l, &lw, &lh);
    g_object_unref(l);
    return lw;
}

/*
 * Column widths from their content: each column's natural width (its header and
 * the rows shown, up to 200 of them) plus padding; spare room goes to the text
 * columns; when the content is wider than the page, the widest columns give way
 * first (a common cap) and their cells shrink or wrap there, not everywhere.
 */
static void column_widths(pctx *c, const cbec_tsection *s, const cbec_rtable *tb, const int *cols, int n, int rows,
                          double *w)
{
    double avail = c->cw - 28, total = 0, lo = 0, hi = 0, spare, text_total = 0;
    int i, r, it;

    for (i = 0; i < n; i++) {
        char *label = pdf_column(c, s, tb->col_ids[cols[i]]);
        w[i] = text_width(c, label, 1) + 8;
        g_free(label);
        for (r = 0; r < rows && r < 200; r++) {
            const cbec_rcell *cells = g_ptr_array_index(tb->rows, r);
            char *v = cbec_text_cell(c->t, &cells[cols[i]], tb->col_types[cols[i]]);
            double tw = text_width(c, v, 0) + 8;
            g_free(v);
            if (tw > w[i])
                w[i] = tw;
        }
        if (w[i] < 36)
            w[i] = 36;
        total += w[i];
        if (w[i] > hi)
            hi = w[i];
    }
    if (total > avail) {
        /* Find the cap: sum(min(w, cap)) = avail (bisection; widths are monotone in cap). */
        for (it = 0; it < 40; it++) {
            double cap = (lo + hi) / 2, sum = 0;
            for (i = 0; i < n; i++)
                sum += MIN(w[i], cap);
            if (sum > avail)
                hi = cap;
            else
                lo = cap;
        }
        for (i = 0; i < n; i++)
            w[i] = MIN(w[i], lo);
        total = 0;
        for (i = 0; i < n; i++)
            total += w[i];
    }
    spare = avail - total;
    for (i = 0; i < n; i++)
        if (tb->col_types[cols[i]] == CBEC_RT_TEXT)
            text_total += w[i];
    for (i = 0; i < n; i++) {
        if (text_total > 0)
            w[i] += tb->col_types[cols[i]] == CBEC_RT_TEXT ? spare * w[i] / text_total : 0;
        else
            w[i] += spare / n;
    }
}

static void table(pctx *c, const cbec_tsection *s, const cbec_rtable *tb)
{
    int cols[32], n = 0, i, rows;
    double wsum = 0, w[32], x, rh = 17, hh = 22;
    guint r;

    for (i = 0; s->columns[i] && n < 32; i++) {
        int k = cbec_rtable_col(tb, s->columns[i]);
        if (k >= 0)
            cols[n++] = k;
    }
    if (n == 0)
        return;
    rows = (int)tb->rows->len;
    if (s->top > 0 && rows > s->top)
        rows = s->top;
    column_widths(c, s, tb, cols, n, rows, w);
    (void)wsum;
    /* the header row and at least two rows together; a longer table splits across pages
     * with its header repeated rather than moving whole and leaving a page empty */
    if (c->y + hh + rh * MIN(MAX(rows, 1), 2) > c->H - c->mb ||
        /* a short table (a quarter page) is not split: it moves whole */
        (c->y + hh + rh * rows > c->H - c->mb && hh + rh * rows <= (c->H - c->mt - c->mb) / 4)) {
        new_page(c);
        table_continued(c);
    }
    table_header(c, s, tb, cols, n, w, hh);
    if (rows == 0) {
        /* An empty table says so instead of showing a bare header. */
        text_box(c, c->ml + 28, c->y + 1, c->cw - 34, rh - 2, c->en ? "(none in this period)" : "（本期无）",
                 c->sans, 8.5, 0, AL_LEFT, GRAY, 0);
        c->y += rh;
    }
    for (r = 0; r < (guint)rows; r++) {
        const cbec_rcell *cells = g_ptr_array_index(tb->rows, r);
        char num[16];
        if (c->y + rh > c->H - c->mb) {
            new_page(c);
            table_continued(c);
            table_header(c, s, tb, cols, n, w, hh);   /* the header repeats on the next page */
        }
        if (r % 2) {
            cairo_set_source_rgb(c->cr, 0.95, 0.96, 0.98);
            cairo_rectangle(c->cr, c->ml, c->y, c->cw, rh);
            cairo_fill(c->cr);
        }
        /* a total row is not one of the items: it gets no number */
        g_snprintf(num, sizeof num, "%u", r + 1);
        if (!(tb->last_is_total && r + 1 == tb->rows->len))
            text_box(c, c->ml + 2, c->y + 1, 24, rh - 2, num, c->sans, 8.5, 0, AL_CENTER, GRAY, 0);
        for (i = 0, x = c->ml + 28; i < n; x += w[i], i++) {
            char *v = cbec_text_cell(c->t, &cells[cols[i]], tb->col_types[cols[i]]);
            text_box(c, x + 3, c->y + 1, w[i] - 6, rh - 2, v, c->sans, 8.5, 0,
                     tb->col_types[cols[i]] == CBEC_RT_TEXT ? AL_LEFT : AL_RIGHT, INK, 0);
            g_free(v);
        }
        c->y += rh;
    }
    rgb(c->cr, 0x1F4E79);
    cairo_set_line_width(c->cr, 0.8);
    cairo_move_to(c->cr, c->ml, c->y);
    cairo_line_to(c->cr, c->W - c->mr, c->y);
    cairo_stroke(c->cr);
    c->y += 14;
}

static void table_section(pctx *c, const cbec_tsection *s)
{
    const cbec_rtable *tb = cbec_rmodel_get_table(c->m, s->table);
    if (!tb)
        return;
    if (s->page_break && c->y > c->mt + 1)
        new_page(c);
    /* keep the heading with the first block under it: its note, and the chart at its least
     * height or the table's header row and two rows */
    {
        double note = s->note ? text_height(c, s->note, c->sans, 9, 0, c->cw) + 6 : 0;
        guint rows = s->top > 0 && tb->rows->len > (guint)s->top ? (guint)s->top : tb->rows->len;
        double first = 22 + 17 * MIN(MAX(rows, 1), 2);
        if (22 + 17 * rows <= (c->H - c->mt - c->mb) / 4)
            first = 22 + 17 * MAX(rows, 1);   /* a short table stays whole under its heading */
        heading(c, s->title, note + (s->pdf_chart ? chart_min_height(s, tb) + 30 : first));
        c->sec_title = s->title;
        c->sec_page = c->page;
    }
    if (s->note) {
        double h = text_height(c, s->note, c->sans, 9, 0, c->cw);
        text_box(c, c->ml, c->y, c->cw, h + 1, s->note, c->sans, 9, 0, AL_LEFT, GRAY, 1);
        c->y += h + 6;
    }
    if (s->pdf_chart)
        chart(c, s, tb);
    if (s->pdf_table)
        table(c, s, tb);
}

static void notes(pctx *c, const cbec_tsection *s)
{
    guint i;
    if (s->page_break && c->y > c->mt + 1)
        new_page(c);
    heading(c, s->title, 30);
    for (i = 0; i < c->m->defs->len; i++) {
        const cbec_rdef *d = g_ptr_array_index(c->m->defs, i);
        /* an indicator without a unit (a reason, a band) shows no empty "(-)" */
        int unit = *d->unit && strcmp(d->unit, "-") != 0;
        char *line = unit ? g_strdup_printf(c->en ? "%u. %s (%s): %s" : "%u. %s（%s）：%s", i + 1,
                                            cbec_template_indicator(c->t, d->id, d->name), d->unit, d->definition)
                          : g_strdup_printf(c->en ? "%u. %s: %s" : "%u. %s：%s", i + 1,
                                            cbec_template_indicator(c->t, d->id, d->name), d->definition);
        double h = text_height(c, line, c->sans, 8.5, 0, c->cw);
        need(c, h);
        text_box(c, c->ml, c->y, c->cw, h + 1, line, c->sans, 8.5, 0, AL_LEFT, 0x333333, 1);
        c->y += h + 4;
        g_free(line);
    }
}

static void layout(pctx *c)
{
    guint i;
    c->page = 0;
    c->overflows = 0;
    new_page(c);
    title_block(c);
    for (i = 0; i < c->t->sections->len; i++) {
        const cbec_tsection *s = g_ptr_array_index(c->t->sections, i);
        if (!s->in_pdf)
            continue;
        switch (s->type) {
        case CBEC_SEC_FIGURES:
            figures(c, s);
            break;
        case CBEC_SEC_TEXT:
            paragraph(c, s);
            break;
        case CBEC_SEC_TABLE:
            table_section(c, s);
            break;
        case CBEC_SEC_DEFINITIONS:
            notes(c, s);
            break;
        case CBEC_SEC_DETAIL:
            break;   /* detail rows belong in the workbook */
        }
    }
    footer(c);
    cairo_show_page(c->cr);
}

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int length)
{
    (void)closure;
    (void)data;
    (void)length;
    return CAIRO_STATUS_SUCCESS;
}

cbec_err cbec_render_pdf(cbec_template *t, const cbec_rmodel *m, const char *path, cbec_render_stats *stats,
                         char **why)
{
    pctx c = {0};
    cairo_surface_t *surf;
    cairo_status_t st;
    char *title = NULL, *subject = NULL;
    int pass;

    c.t = t;
    c.m = m;
    c.W = A4_W;
    c.H = A4_H;
    c.ml = c.mr = 56;
    c.mt = 56;
    c.mb = 56;
    c.cw = c.W - c.ml - c.mr;
    c.en = strcmp(t->lang, "en") == 0;
    c.sans = cbec_template_label(t, "report", "font_sans", "Noto Sans CJK SC");
    c.serif = cbec_template_label(t, "report", "font_serif", "Noto Serif CJK SC");
    /* Noto's Latin where installed (fonts-noto-core), else DejaVu (fonts-dejavu-core) */
    c.latin_sans = cbec_template_label(t, "report", "font_latin", "Noto Sans,DejaVu Sans");
    c.latin_serif = cbec_template_label(t, "report", "font_latin_serif", "Noto Serif,DejaVu Serif");
    /* Before anything is drawn: a bulletin without its CJK fonts is blank, not a bulletin. */
    if (cbec_pdf_font_check(c.sans, "font_sans", why) != CBEC_ERR_NONE ||
        cbec_pdf_font_check(c.serif, "font_serif", why) != CBEC_ERR_NONE)
        return CBEC_ERR_IO;
    cbec_now_iso(c.gen, sizeof c.gen);
    c.gen[19] = '\0';   /* to the second; the offset is always +08:00 */
    c.gen[10] = ' ';
    /* pass 0 counts the pages, pass 1 writes them with "page i of N" */
    for (pass = 0; pass < 2; pass++) {
        surf = pass == 0 ? cairo_pdf_surface_create_for_stream(discard, NULL, c.W, c.H)
                         : cairo_pdf_surface_create(path, c.W, c.H);
        if (pass == 1) {
            title = g_strdup_printf("%s %s", t->title, m->date);
            subject = g_strdup_printf("%s, %s", t->issuer, m->date);
            cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
            cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, t->issuer);
            cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT, subject);
            cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "cbecflow");
        }
        c.cr = cairo_create(surf);
        layout(&c);
        if (pass == 0)
            c.total = c.page;
        cairo_destroy(c.cr);
        cairo_surface_finish(surf);
        st = cairo_surface_status(surf);
        cairo_surface_destroy(surf);
        if (st != CAIRO_STATUS_SUCCESS) {
            *why = g_strdup_printf("cannot write %s: %s", path, cairo_status_to_string(st));
            g_free(title);
            g_free(subject);
            return CBEC_ERR_IO;
        }
    }
    if (stats) {
        stats->pages = c.page;
        stats->overflows = c.overflows;
    }
    g_free(title);
    g_free(subject);
    return CBEC_ERR_NONE;
}
