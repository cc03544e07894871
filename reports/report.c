/* `cbecflow report` and the report step of `cbecflow run`: template + provider -> model -> file (report.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "commands.h"
#include "common.h"
#include "core/stats/stats.h"
#include "log.h"
#include "report.h"

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

cbec_err cbec_report_provide_statistics(cbec_report_ctx *ctx, char **why)
{
    char *path = cbec_stats_conf_path(ctx->cfg);
    cbec_stats_conf *conf = cbec_stats_conf_load(path, why);
    cbec_err rc;
    static cbec_stats_conf *live;   /* the SQL functions keep a pointer to it: keep the last one alive */

    g_free(path);
    if (!conf)
        return CBEC_ERR_CONFIG;
    rc = cbec_stats_build(ctx->db, conf, ctx->date, ctx->model, why);
    cbec_stats_conf_free(live);
    live = conf;
    return rc;
}

static cbec_err get_model(cbec_store *st, const cbec_config *cfg, const cbec_report_opts *o, cbec_template *t,
                          cbec_rmodel **out, char **why)
{
    sqlite3 *db = cbec_store_db(st);
    char *key = g_strdup_printf("%s|%s|%s|%s|%s|%d", cbec_store_path(st), t->provider, o->date, t->lang, t->dir,
                                o->scale);
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
    name = g_strdup_printf("%s-%s%s.%s", t->file_stem, o->date, strcmp(lang, "en") == 0 ? "-en" : "", o->format);
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
    cbec_report_opts o = {kind, format, lang, date, outdir, NULL, 0, 0};
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

static void usage(void)
{
    fprintf(stderr,
            "usage: cbecflow report [--db F] --kind statistics|credit|risk|reconciliation --format xlsx|pdf\n"
            "                       [--lang zh|en] [--date YYYY-MM-DD] [--templates DIR] --out DIR\n"
            "Render one report atomically into DIR (default date: yesterday, Asia/Shanghai).\n");
}

int cbec_cmd_report(cbec_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},        {"kind", required_argument, NULL, 'k'},
        {"format", required_argument, NULL, 'f'},    {"lang", required_argument, NULL, 'l'},
        {"date", required_argument, NULL, 'D'},      {"out", required_argument, NULL, 'o'},
        {"templates", required_argument, NULL, 't'}, {"scale", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},            {NULL, 0, NULL, 0}};
    cbec_report_opts o = {0};
    const char *db_opt = NULL;
    char date[16], *path = NULL, *why = NULL, *written = NULL;
    cbec_store *st = NULL;
    cbec_render_stats stats;
    cbec_err rc;
    int c, ret = CBEC_EXIT_USAGE;

    o.lang = cbec_config_get_def(g->cfg, "report", "lang", "zh");
    optind = 1;
    while ((c = getopt_long(argc, argv, "+d:k:f:l:D:o:t:s:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db_opt = optarg; break;
        case 'k': o.kind = optarg; break;
        case 'f': o.format = optarg; break;
        case 'l': o.lang = optarg; break;
        case 'D': o.date = optarg; break;
        case 'o': o.outdir = optarg; break;
        case 't': o.templates = optarg; break;
        case 's': o.scale = atoi(optarg); break;
        case 'h': usage(); return CBEC_EXIT_OK;
        default: usage(); return CBEC_EXIT_USAGE;
        }
    }
    if (optind < argc || !o.kind || !o.format || !o.outdir) {
        usage();
        return CBEC_EXIT_USAGE;
    }
    if (!o.date) {
        cbec_business_yesterday(date, sizeof date);
        o.date = date;
    }
    path = cbec_db_path(g, db_opt);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        fprintf(stderr, "cbecflow report: no dataset at %s\n", path);
        ret = CBEC_EXIT_USAGE;
        goto done;
    }
    if (cbec_store_open(path, 1, &st, &why) != CBEC_ERR_NONE) {
        fprintf(stderr, "cbecflow report: %s\n", why);
        ret = CBEC_EXIT_FAILED;
        goto done;
    }
    rc = cbec_report_render(st, g->cfg, &o, &written, &stats, &why);
    if (rc == CBEC_ERR_NONE) {
        printf("%s\n", written);
        if (stats.overflows)
            cbec_warn("%d text boxes had to be cut to fit", stats.overflows);
        ret = CBEC_EXIT_OK;
    } else {
        fprintf(stderr, "cbecflow report: %s\n", why ? why : cbec_strerror(rc));
        ret = (rc == CBEC_ERR_USAGE || rc == CBEC_ERR_NOT_FOUND || rc == CBEC_ERR_CONFIG) ? CBEC_EXIT_USAGE
                                                                                          : CBEC_EXIT_FAILED;
    }
done:
    cbec_report_cache_clear();
    if (st)
        cbec_store_close(st);
    g_free(path);
    g_free(why);
    g_free(written);
    return ret;
}
