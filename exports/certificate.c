/* The bank's one-page certificate of an enterprise's verified trade (真实交易背景证明), in
 * Chinese, drawn with cairo + Pango: the figures of temp.x_bank and temp.x_bank_credit, the
 * same rows bank_statement.csv and bank_credit.csv hold, so the page and the files agree to
 * the fen.  The PDF carries the business date as its creation date: the same dataset gives
 * the same bytes. */
#include "cbecflow-build.h"

#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "core/store.h"
#include "exports/target.h"
#include "reports/render/render.h"

#define FONT "Noto Sans CJK SC"
#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 50.0

/* fen -> "12,345.67" (exact: integer arithmetic, never a double) */
static char *yuan(int64_t fen)
{
    GString *s = g_string_new(NULL);
    uint64_t a = fen < 0 ? (uint64_t)(-(fen + 1)) + 1 : (uint64_t)fen;
    char digits[32];
    int n, lead;
    g_snprintf(digits, sizeof digits, "%llu", (unsigned long long)(a / 100));
    n = (int)strlen(digits);
    lead = n % 3 ? n % 3 : 3;
    if (fen < 0)
        g_string_append_c(s, '-');
    for (int i = 0; i < n; i++) {
        if (i >= lead && (i - lead) % 3 == 0)
            g_string_append_c(s, ',');
        g_string_append_c(s, digits[i]);
    }
    g_string_append_printf(s, ".%02u", (unsigned)(a % 100));
    return g_string_free(s, FALSE);
}

/* The period kind as the certificate names it. */
static const char *period_zh(const char *kind)
{
    static const char *const names[][2] = {{"day", "日"},           {"month", "本月"},     {"quarter", "本季度"},
                                           {"half", "本半年"},        {"year", "本年"},      {"ytd", "年初至今"}};
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (strcmp(kind, names[i][0]) == 0)
            return names[i][1];
    return kind;
}

/* Draw text at (x, y) (top), width w (0: unbounded), aligned left (0), centre (1) or right (2);
 * returns its height. */
static double text(cairo_t *cr, double x, double y, double w, const char *t, double size, int bold, int align)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_new();
    int pw, ph;
    pango_font_description_set_family(fd, FONT);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    if (bold)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l, fd);
    if (w > 0) {
        pango_layout_set_width(l, (int)(w * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(l, align == 1 ? PANGO_ALIGN_CENTER : align == 2 ? PANGO_ALIGN_RIGHT
                                                                                  : PANGO_ALIGN_LEFT);
    }
    pango_layout_set_text(l, t ? t : "", -1);
    pango_layout_get_size(l, &pw, &ph);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
    return (double)ph / PANGO_SCALE;
}

static void hline(cairo_t *cr, double y, double width)
{
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, MARGIN, y);
    cairo_line_to(cr, PAGE_W - MARGIN, y);
    cairo_stroke(cr);
}

static const char *col_text(sqlite3_stmt *q, int c)
{
    const char *t = (const char *)sqlite3_column_text(q, c);
    return t ? t : "";
}

/* The statement table: the period, then the 12 months. */
static double statement_table(cbec_xctx *c, cairo_t *cr, const char *code, double y)
{
    static const char *const head[] = {"期间", "交易笔数", "交易额（元）", "三单匹配笔数", "匹配金额（元）",
                                       "银行回款笔数", "回款金额（元）"};
    /* right-aligned columns: colx + colw is each column's right edge; the last ends at the margin */
    static const double colx[] = {MARGIN, 145, 190, 265, 320, 395, 450};
    static const double colw[] = {95, 45, 75, 55, 75, 55, 95};
    sqlite3_stmt *q;
    double rowh = 15;

    cairo_set_source_rgb(cr, 0.87, 0.90, 0.94);
    cairo_rectangle(cr, MARGIN, y, PAGE_W - 2 * MARGIN, rowh + 4);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (size_t i = 0; i < G_N_ELEMENTS(head); i++)
        text(cr, colx[i], y + 2, i ? colw[i] : 0, head[i], 8, 1, i ? 2 : 0);
    y += rowh + 6;
    if (sqlite3_prepare_v2(c->db,
                           "SELECT span, label, date_from, date_to, trades, value_cny, matched_trades,"
                           " matched_value_cny, bank_settled_trades, bank_settled_value_cny"
                           " FROM x_bank WHERE enterprise_code = ?1 ORDER BY ord",
                           -1, &q, NULL) != SQLITE_OK)
        return y;
    sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
    while (sqlite3_step(q) == SQLITE_ROW) {
        int period = strcmp(col_text(q, 0), "period") == 0;
        char *label = period ? g_strdup_printf("本期 %s 至 %s", col_text(q, 2), col_text(q, 3))
                             : g_strdup(col_text(q, 1));
        char *cells[6];
        cells[0] = g_strdup_printf("%lld", (long long)sqlite3_column_int64(q, 4));
        cells[1] = yuan(sqlite3_column_int64(q, 5));
        cells[2] = g_strdup_printf("%lld", (long long)sqlite3_column_int64(q, 6));
        cells[3] = yuan(sqlite3_column_int64(q, 7));
        cells[4] = g_strdup_printf("%lld", (long long)sqlite3_column_int64(q, 8));
        cells[5] = yuan(sqlite3_column_int64(q, 9));
        text(cr, colx[0], y, period ? 100 : 0, label, period ? 7.5 : 8, period, 0);
        for (int i = 0; i < 6; i++)
            text(cr, colx[i + 1], y, colw[i + 1], cells[i], 8, period, 2);
        y += period ? 2 * rowh : rowh;
        if (period) {
            cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
            hline(cr, y - 3, 0.5);
            cairo_set_source_rgb(cr, 0, 0, 0);
        }
        for (int i = 0; i < 6; i++)
            g_free(cells[i]);
        g_free(label);
    }
    sqlite3_finalize(q);
    hline(cr, y + 2, 0.8);
    return y + 10;
}

/* "PAYMENT_MISSING 3 笔；UNSETTLED 1 笔" for the period, or 无. */
static char *exceptions_line(cbec_xctx *c, const char *code)
{
    GString *s = g_string_new(NULL);
    sqlite3_stmt *q;
    const char *sql =
        "WITH RECURSIVE cut(rest, reason) AS ("
        "  SELECT reasons || ' ', NULL FROM x_trade WHERE ent = ?1 AND reasons <> '' AND bdate BETWEEN ?2 AND ?3"
        "  UNION ALL SELECT substr(rest, instr(rest, ' ') + 1), substr(rest, 1, instr(rest, ' ') - 1) FROM cut"
        "  WHERE rest <> '')"
        " SELECT reason, count(*) FROM cut WHERE reason <> '' GROUP BY reason ORDER BY reason";
    if (sqlite3_prepare_v2(c->db, sql, -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, c->from, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, c->date, -1, SQLITE_STATIC);
        while (sqlite3_step(q) == SQLITE_ROW)
            g_string_append_printf(s, "%s%s %lld 笔", s->len ? "；" : "", col_text(q, 0),
                                   (long long)sqlite3_column_int64(q, 1));
        sqlite3_finalize(q);
    }
    if (!s->len)
        g_string_append(s, "无");
    return g_string_free(s, FALSE);
}

cbec_err cbec_export_certificate(cbec_xctx *c, const char *code, const char *file, char **why)
{
    static int font_ok;
    char *path = g_build_filename(cbec_xset_dir(c->set), file, NULL), *t, *stamp;
    cairo_surface_t *surf;
    cairo_t *cr;
    sqlite3_stmt *q;
    double y = MARGIN;
    cbec_err rc = CBEC_ERR_NONE;
    int64_t files = 0;

    if (!font_ok) {
        if ((rc = cbec_pdf_font_check(FONT, "certificate font", why)) != CBEC_ERR_NONE) {
            g_free(path);
            return rc;
        }
        font_ok = 1;
    }
    surf = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
    stamp = g_strdup_printf("%sT00:00:00+08:00", c->date);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, stamp);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, stamp);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, "跨境电子商务真实交易背景证明");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "cbecflow " PACKAGE_VERSION);
    g_free(stamp);
    cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 0, 0, 0);

    y += text(cr, MARGIN, y, PAGE_W - 2 * MARGIN, "跨境电子商务真实交易背景证明", 20, 1, 1) + 4;
    y += text(cr, MARGIN, y, PAGE_W - 2 * MARGIN, "Verified cross-border e-commerce trade statement", 9, 0, 1) + 14;
    hline(cr, y, 1.2);
    y += 10;

    if (sqlite3_prepare_v2(c->db, "SELECT enterprise_name, credit_grade, credit_score, credit_as_of, on_negative_list,"
                                  " negative_listings FROM x_bank_credit WHERE enterprise_code = ?1",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW) {
            t = g_strdup_printf("企业名称：%s", sqlite3_column_type(q, 0) == SQLITE_NULL ? "（登记簿无名称）"
                                                                                     : col_text(q, 0));
            y += text(cr, MARGIN, y, PAGE_W - 2 * MARGIN, t, 11, 1, 0) + 4;
            g_free(t);
            t = g_strdup_printf("企业代码：%s　　统计期间：%s 至 %s（%s）　　数据截止：%s", code, c->from, c->date,
                                period_zh(c->period), c->date);
            y += text(cr, MARGIN, y, PAGE_W - 2 * MARGIN, t, 9, 0, 0) + 4;
            g_free(t);
            if (sqlite3_column_type(q, 1) == SQLITE_NULL)
                t = g_strdup("信用等级：尚未评定");
            else
                t = g_strdup_printf("信用等级：%s（评分 %.2f，评定日 %s）", col_text(q, 1), sqlite3_column_double(q, 2),
                                    col_text(q, 3));
            y += text(cr, MARGIN, y, PAGE_W - 2 * MARGIN, t, 9, 0, 0) + 4;
            g_free(t);
            t = sqlite3_column_int(q, 4) ? g_strdup_printf("失信名单：已列入（%s）", col_text(q, 5))
                                         : g_strdup("失信名单：未列入");
            y += text(cr, MARGIN, y, PAGE_W - 2 * MARGIN, t, 9, sqlite3_column_int(q, 4), 0) + 12;
            g_free(t);
        }
        sqlite3_finalize(q);
    }

    y = statement_table(c, cr, code, y);
    t = exceptions_line(c, code);
    {
        char *line = g_strdup_printf("本期对账异常（按原因）：%s", t);
        y += text(cr, MARGIN, y, PAGE_W - 2 * MARGIN, line, 9, 0, 0) + 6;
        g_free(line);
    }
    g_free(t);
    if (sqlite3_prepare_v2(c->db,
                           "SELECT count(DISTINCT source_id) FROM (SELECT o.source_id FROM x_trade t JOIN orders o"
                           " ON o.order_id = t.order_id WHERE t.ent = ?1 AND t.bdate >= ?2"
                           " UNION SELECT l.source_id FROM x_trade t JOIN customs_list l ON l.list_id = t.list_id"
                           " WHERE t.ent = ?1 AND t.bdate >= ?2 UNION SELECT p.source_id FROM x_trade t JOIN payment p"
                           " ON p.payment_id = t.payment_id WHERE t.ent = ?1 AND t.bdate >= ?2"
                           " UNION SELECT s.source_id FROM x_trade t JOIN shipment s ON s.shipment_id = t.shipment_id"
                           " WHERE t.ent = ?1 AND t.bdate >= ?2 UNION SELECT b.source_id FROM x_trade t JOIN bank_txn b"
                           " ON b.txn_id = t.bank_txn_id WHERE t.ent = ?1 AND t.bdate >= ?2)",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, g_hash_table_lookup(c->params, "win_from"), -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW)
            files = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    t = g_strdup_printf("数据来源：%lld 个输入文件（订单、支付、运单、清单申报与银行流水），各文件 SHA-256 见 "
                        "bank_sources.csv，本证明及各文件的 SHA-256 见 manifest.json。",
                        (long long)files);
    y += text(cr, MARGIN, y, PAGE_W - 2 * MARGIN, t, 9, 0, 0) + 12;
    g_free(t);

    y += text(cr, MARGIN, y, PAGE_W - 2 * MARGIN,
              "说明：交易以电子商务企业（清单/订单的电商企业代码）归属，按交易日（北京时间）计入期间；交易额为"
              "人民币元，外币按交易日中国人民银行中间价折算，无汇率的交易计笔数不计金额。“三单匹配”指订单、"
              "支付、物流与清单四项单证齐全且核对一致；“银行回款”指交易已与企业账户的银行入账流水逐笔关联。"
              "信用等级与失信名单为数据截止日的状态。",
              8, 0, 0) +
         8;
    (void)y;
    t = g_strdup_printf("cbecflow %s · 导出格式 %s · 数据集结构版本 %lld · 数据截止 %s", PACKAGE_VERSION,
                        CBEC_EXPORT_FORMAT_VERSION, (long long)cbec_db_int(c->db, "PRAGMA user_version", 0),
                        c->date);
    text(cr, MARGIN, PAGE_H - MARGIN - 12, PAGE_W - 2 * MARGIN, t, 7, 0, 1);
    g_free(t);

    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        *why = g_strdup_printf("cannot write %s: %s", file, cairo_status_to_string(cairo_surface_status(surf)));
        rc = CBEC_ERR_IO;
    }
    cairo_surface_destroy(surf);
    g_free(path);
    return rc;
}
