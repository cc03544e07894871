/* The report step of `cbecflow run` and `cbecflow report`: template + provider -> model -> file (report.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "core/base/dates.h"
#include "core/base/log.h"
#include "reports/providers/statistics.h"
#include "reports/report.h"

/* One cached model: `cbecflow run` renders the XLSX and then the PDF of a kind from the same figures. */
static struct {
    cbec_rmodel *model;
    void *db;
    char *key;
    int changes;
} cache;

void cbec_report_cache_clear(void)
{
    cbec_rmodel_free(cache.model);
    g_free(cache.key);
    memset(&cache, 0, sizeof cache);
}

static cbec_err get_model(cbec_store *st, const cbec_config *cfg, const cbec_report_opts *o, cbec_template *t,
                          cbec_rmodel **out, char **why)
{
    sqlite3 *db = cbec_store_db(st);
    char *key = g_strdup_printf("%s|%s|%s|%s|%s|%d|%s", cbec_store_path(st), t->provider, o->date, t->lang, t->dir,
                                o->scale, o->period ? o->period : "month");
    cbec_report_provider fn;
    cbec_report_ctx ctx;
    cbec_rmodel *m = NULL;
    cbec_err rc = CBEC_ERR_NONE;

    if (cache.model && cache.db == (void *)db && strcmp(cache.key, key) == 0 &&
        cache.changes == sqlite3_total_changes(db)) {
        *out = cache.model;
        goto done;
    }
    cbec_report_cache_clear();
    fn = cbec_report_find_provider(t->provider);
    if (!fn) {
        *why = g_strdup_printf("no data provider '%s' for report kind %s in this build", t->provider, o->kind);
        rc = CBEC_ERR_NOT_FOUND;
        goto done;
    }
    m = cbec_rmodel_new(o->kind, t->lang, o->date);
    m->db = db;
    ctx.db = db;
    ctx.cfg = cfg;
    ctx.date = o->date;
    ctx.lang = t->lang;
    ctx.tpl = t;
    ctx.model = m;
    ctx.period = o->period;
    rc = fn(&ctx, why);
    if (rc != CBEC_ERR_NONE)
        goto done;
    {
        /* every kind gets the date parts for its title block ("2026年第11期") */
        char part[8];
        cbec_rmodel_meta(m, "date", o->date);
        g_snprintf(part, sizeof part, "%.4s", o->date);
        cbec_rmodel_meta(m, "year", part);
        g_snprintf(part, sizeof part, "%d", atoi(o->date + 5));
        cbec_rmodel_meta(m, "month", part);
        g_snprintf(part, sizeof part, "%d", atoi(o->date + 8));
        cbec_rmodel_meta(m, "day", part);
    }
    if (o->scale > 1)
        cbec_rmodel_scale(m, o->scale);
    /* the cache owns the model from here */
    cache.model = m;
    cache.db = db;
    cache.key = key;
    cache.changes = sqlite3_total_changes(db);
    key = NULL;
    *out = m;
    m = NULL;
done:
    cbec_rmodel_free(m);
    g_free(key);
    return rc;
}

cbec_err cbec_report_render(cbec_store *st, const cbec_config *cfg, const cbec_report_opts *o, char **written,
                            cbec_render_stats *stats, char **why)
{
    const char *conf_dir = cfg ? cbec_config_get(cfg, "report", "templates") : NULL;
    char *tdir = NULL, *cfg_tdir = NULL, *final = NULL, *tmp = NULL, *name = NULL;
    const char *lang = o->lang && *o->lang ? o->lang : "zh";
    cbec_template *t = NULL;
    cbec_rmodel *m = NULL;
    cbec_render_stats local = {0};
    cbec_err rc = CBEC_ERR_USAGE;
    int fd, pdf;

    *written = NULL;
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    if (!o->kind || !o->format || !o->outdir || !cbec_date_valid(o->date)) {
        *why = g_strdup("report needs --kind, --format, --out and a date YYYY-MM-DD");
        goto done;
    }
    if (strspn(o->kind, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(o->kind) || !*o->kind) {
        /* the kind names a template file: no paths */
        *why = g_strdup_printf("unknown report kind '%s'", o->kind);
        goto done;
    }
    if (strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0) {
        *why = g_strdup_printf("unknown language '%s' (zh or en)", lang);
        goto done;
    }
    if (o->period && !cbec_stats_period_valid(o->period)) {
        *why = g_strdup_printf("unknown period '%s' (day, month, quarter, half, year or ytd)", o->period);
        goto done;
    }
    if (strcmp(o->format, "xlsx") != 0 && strcmp(o->format, "pdf") != 0) {
        *why = g_strdup_printf("unknown format '%s' (xlsx or pdf)", o->format);
        goto done;
    }
    pdf = strcmp(o->format, "pdf") == 0;
    if (conf_dir && cfg)
        cfg_tdir = cbec_config_get_path(cfg, "report", "templates");
    tdir = cbec_template_dir(o->templates ? o->templates : cfg_tdir);
    t = cbec_template_load(tdir, o->kind, lang, why);
    if (!t) {
        rc = CBEC_ERR_NOT_FOUND;
        goto done;
    }
    if (cfg && cbec_config_get(cfg, "report", "issuer") && *cbec_config_get(cfg, "report", "issuer")) {
        /* the issuing body is the site's, not the template's: red header, footers, metadata */
        g_free(t->issuer);
        t->issuer = g_strdup(cbec_config_get(cfg, "report", "issuer"));
    }
    if (o->detail_rows > 0 && o->detail_rows < t->detail_rows)
        t->detail_rows = o->detail_rows;
    rc = get_model(st, cfg, o, t, &m, why);
    if (rc != CBEC_ERR_NONE)
        goto done;
    if (g_mkdir_with_parents(o->outdir, 0755) != 0) {
        *why = g_strdup_printf("cannot create %s: %s", o->outdir, g_strerror(errno));
        rc = CBEC_ERR_IO;
        goto done;
    }
    /* write under a hidden temporary name in the same folder, then rename: never half a file */
    /* a period other than the month names itself: statistics-ytd-2026-11-30.pdf beside the month's */
    name = g_strdup_printf("%s%s%s-%s%s.%s", t->file_stem, o->period && strcmp(o->period, "month") != 0 ? "-" : "",
                           o->period && strcmp(o->period, "month") != 0 ? o->period : "", o->date,
                           strcmp(lang, "en") == 0 ? "-en" : "", o->format);
    final = g_build_filename(o->outdir, name, NULL);
    tmp = g_strdup_printf("%s/.%s.XXXXXX", o->outdir, name);
    fd = g_mkstemp(tmp);
    if (fd < 0) {
        *why = g_strdup_printf("cannot create a temporary file in %s: %s", o->outdir, g_strerror(errno));
        rc = CBEC_ERR_IO;
        g_free(tmp);
        tmp = NULL;
        goto done;
    }
    close(fd);
    rc = pdf ? cbec_render_pdf(t, m, tmp, stats, why) : cbec_render_xlsx(t, m, tmp, stats, why);
    if (rc != CBEC_ERR_NONE)
        goto done;
    if (g_chmod(tmp, 0644) != 0 || g_rename(tmp, final) != 0) {
        *why = g_strdup_printf("cannot move the report into place as %s: %s", final, g_strerror(errno));
        rc = CBEC_ERR_IO;
        goto done;
    }
    g_free(tmp);
    tmp = NULL;
    *written = final;
    final = NULL;
done:
    if (tmp)
        g_unlink(tmp);
    g_free(tmp);
    g_free(final);
    g_free(name);
    g_free(tdir);
    g_free(cfg_tdir);
    cbec_template_free(t);
    return rc;
}

int cbec_step_report(cbec_store *st, const cbec_config *cfg, const char *kind, const char *format,
                     const char *lang, const char *date, const char *outdir, char **written_path)
{
    return cbec_step_report_period(st, cfg, kind, format, lang, date, NULL, outdir, written_path);
}

int cbec_step_report_period(cbec_store *st, const cbec_config *cfg, const char *kind, const char *format,
                            const char *lang, const char *date, const char *period, const char *outdir,
                            char **written_path)
{
    cbec_report_opts o = {kind, format, lang, date, outdir, NULL, 0, 0, period};
    cbec_render_stats stats;
    char *why = NULL, *written = NULL;
    cbec_err rc;
    GTimer *timer = g_timer_new();
    int ret = CBEC_EXIT_OK;

    if (written_path)
        *written_path = NULL;
    rc = cbec_report_render(st, cfg, &o, &written, &stats, &why);
    if (rc == CBEC_ERR_NOT_FOUND) {
        /* a kind this build has no template or provider for (yet) is skipped, not a failed night */
        cbec_info("report %s/%s skipped: %s", kind, format, why ? why : "not available");
        goto done;
    }
    if (rc != CBEC_ERR_NONE) {
        cbec_error("report %s/%s failed: %s", kind, format, why ? why : cbec_strerror(rc));
        ret = CBEC_EXIT_FAILED;
        goto done;
    }
    if (stats.pages)
        cbec_info("report %s: %d pages, %.1f s", written, stats.pages, g_timer_elapsed(timer, NULL));
    else
        cbec_info("report %s: %d sheets, %lld detail rows, %.1f s", written, stats.sheets,
                  (long long)stats.detail_rows, g_timer_elapsed(timer, NULL));
    if (stats.overflows)
        cbec_warn("report %s: %d text boxes had to be cut to fit", written, stats.overflows);
    if (written_path) {
        *written_path = written;
        written = NULL;
    }
done:
    g_free(written);
    g_free(why);
    g_timer_destroy(timer);
    return ret;
}

const char **cbec_report_closing_periods(const char *date, char **wanted)
{
    const char **out = g_new0(const char *, (wanted ? g_strv_length(wanted) : 0) + 1);
    int y, m, d, n = 0;

    if (!wanted || !cbec_date_parse(date, &y, &m, &d) ||
        g_date_get_days_in_month((GDateMonth)m, (GDateYear)y) != d)
        return out;
    /* a period longer than the month closes on the last day of a month that ends one of its
     * stretches (the statistics' own table of lengths: quarter 3, half 6, year 12) */
    for (char **w = wanted; *w; w++) {
        int months = cbec_stats_period_months(*w);
        if (months > 1 && m % months == 0)
            out[n++] = *w;
    }
    return out;
}
