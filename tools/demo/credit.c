/* The enterprise register of the cast and its credit events (read by the enterprise plugin). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "tools/demo/catalog.h"
#include "tools/demo/gen.h"

/* Credit events of the cast, dated days before the first of the night's month: the nights
 * of a month carry the same file (its rows are duplicates the second time).  None puts an
 * enterprise on the negative list in force (truth.tsv expects no R-NEGATIVE-LIST): the
 * serious violation is older than its listing period (listed, expired), and there is no
 * IP infringement, fraud or counterfeit finding.  %d in a detail is the event's year. */
static const struct credit_event {
    const char *code, *kind, *detail;
    int days_before;
} credit_events[] = {
    {"1501960108", "行政处罚", "呼关缉违字〔%d〕118号：申报商品价格不实", 120},
    {"1501960108", "消费者投诉", "12315投诉：商品与描述不符", 20},
    {"1501960109", "列入经营异常名录", "通过登记的住所或者经营场所无法联系", 45},
    {"1501980003", "消费者投诉", "12363投诉：退款未及时到账", 60},
    {"1501980003", "消费者投诉", "12363投诉：重复扣款", 12},
    {"1501970002", "行政处罚", "二关缉违字〔%d〕042号：未按规定办理运输工具申报", 400},
    {"1501968004", "消费者投诉", "12315投诉：跨境商品延迟发货", 30},
    {"1501968004", "行政处罚", "呼市监处字〔%d〕207号：网络交易平台未履行核验义务", 250},
    {"1501960111", "严重违法失信", "列入严重违法失信名单（期满移出）", 1400},
};

static const cbec_demo_ent *ent_of(const char *code)
{
    const cbec_demo_ent *const lists[] = {cbec_demo_platforms, cbec_demo_sellers, cbec_demo_paycos, cbec_demo_carriers};
    const int sizes[] = {cbec_demo_n_platforms, cbec_demo_n_sellers, cbec_demo_n_paycos, cbec_demo_n_carriers};
    int i, k;
    for (k = 0; k < 4; k++)
        for (i = 0; i < sizes[k]; i++)
            if (strcmp(lists[k][i].code, code) == 0)
                return &lists[k][i];
    return NULL;
}

/* Both files, UTF-8 with a BOM as a spreadsheet saves them: the register (code, name, role,
 * region) of every enterprise of the cast, and the credit events. */
int demo_write_credit(gen *g)
{
    static const char *const roles[] = {"电商平台", "电商企业", "支付企业", "物流企业"};
    const cbec_demo_ent *const lists[] = {cbec_demo_platforms, cbec_demo_sellers, cbec_demo_paycos, cbec_demo_carriers};
    const int sizes[] = {cbec_demo_n_platforms, cbec_demo_n_sellers, cbec_demo_n_paycos, cbec_demo_n_carriers};
    GString *s = g_string_new("\xef\xbb\xbf企业代码,企业名称,企业类型,所在地区\n");
    char *d = g_build_filename(g->night_tmp, "credit", NULL), *name, *path;
    GDate *anchor = g_date_new_dmy(1, (GDateMonth)g->o->month, (GDateYear)g->o->year);
    size_t e;
    int i, k, rc = 0;

    if (g_mkdir_with_parents(d, 0755) != 0)
        rc = demo_fail(g, "%s: %s", d, g_strerror(errno));
    for (k = 0; k < 4; k++)
        for (i = 0; i < sizes[k]; i++)
            g_string_append_printf(s, "%s,%s,%s,%s\n", lists[k][i].code, lists[k][i].name, roles[k],
                                   lists[k][i].region);
    name = g_strdup_printf("enterprise_register_%s.csv", g->ymd);
    path = g_build_filename(d, name, NULL);
    if (rc == 0)
        rc = demo_write_small(g, path, s->str);
    g_free(name);
    g_free(path);
    g_string_assign(s, "\xef\xbb\xbf企业代码,企业名称,事件类型,事件日期,事件说明\n");
    for (e = 0; e < G_N_ELEMENTS(credit_events); e++) {
        const struct credit_event *ev = &credit_events[e];
        GDate *when = g_date_copy(anchor);
        char detail[200];
        g_date_subtract_days(when, (guint)ev->days_before);
        g_snprintf(detail, sizeof detail, ev->detail, (int)g_date_get_year(when));
        g_string_append_printf(s, "%s,%s,%s,%04d-%02d-%02d,%s\n", ev->code, ent_of(ev->code)->name, ev->kind,
                               g_date_get_year(when), g_date_get_month(when), g_date_get_day(when), detail);
        g_date_free(when);
    }
    name = g_strdup_printf("credit_events_%s.csv", g->ymd);
    path = g_build_filename(d, name, NULL);
    if (rc == 0)
        rc = demo_write_small(g, path, s->str);
    g->c->credit_events = (int64_t)G_N_ELEMENTS(credit_events);
    g_free(name);
    g_free(path);
    g_free(d);
    g_date_free(anchor);
    g_string_free(s, TRUE);
    return rc;
}
