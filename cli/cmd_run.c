/* `cbecflow run --config FILE [--date D]`: a whole night -- ingest the night's
 * drop folder, reconcile, analyse, render the reports, write the run manifest.
 * A lock keeps two runs from overlapping; without --date, missed nights since
 * the last finished run are caught up (at most core.catch_up_days). */
#include "cbecflow-build.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/commands.h"
#include "core/base/json.h"
#include "cli/session.h"
#include "core/base/dates.h"
#include "core/base/log.h"
#include "core/base/progress.h"
#include "core/pagecache.h"
#include "core/summary.h"
#include "analysis/reconcile/reconcile.h"
#include "analysis/credit_risk/analyse.h"
#include "reports/report.h"

static void json_kv(GString *s, const char *k, const char *v, int comma)
{
    if (comma)
        g_string_append(s, ", ");
    cbec_json_key(s, k);
    cbec_json_str(s, v ? v : "");
}

static char *file_sha(const char *path)
{
    char *data = NULL, *hex = NULL;
    gsize len;
    if (g_file_get_contents(path, &data, &len, NULL))
        hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
    g_free(data);
    return hex;
}

/* Write the manifest atomically: the night's inputs with hashes and counts, this run's
 * counts, rule versions, outputs with hashes. */
static void write_manifest(cbec_store *st, int64_t run_id, const char *date, const char *outdir,
                           const cbec_ingest_totals *t, GPtrArray *outputs, const char *status)
{
    GString *s = g_string_new("{\n");
    sqlite3_stmt *q;
    char *path = g_build_filename(outdir, "manifest.json", NULL);
    char *tmp = g_strconcat(path, ".tmp", NULL);
    guint i;
    int first = 1;

    g_string_append_printf(s, "  \"run_id\": %lld,\n  ", (long long)run_id);
    json_kv(s, "business_date", date, 0);
    g_string_append(s, ",\n  ");
    json_kv(s, "status", status, 0);
    g_string_append(s, ",\n  ");
    json_kv(s, "cbecflow_version", PACKAGE_VERSION, 0);
    g_string_append_printf(s, ",\n  \"counts\": {\"files\": %lld, \"skipped\": %lld, \"read\": %lld, \"stored\": "
                              "%lld, \"quarantined\": %lld, \"duplicate\": %lld, \"statements_unbalanced\": %lld},\n",
                           (long long)t->files_seen, (long long)t->files_skipped, (long long)t->records.read,
                           (long long)t->records.stored, (long long)t->records.quarantined,
                           (long long)t->records.duplicate, (long long)t->statements_unbalanced);
    g_string_append(s, "  \"inputs\": [");
    if (sqlite3_prepare_v2(cbec_store_db(st),
                           "SELECT path, coalesce(member,''), sha256, coalesce(plugin,''), status, records_read, "
                           "records_stored, records_quarantined, records_duplicate FROM source_file WHERE run_id IN "
                           "(SELECT run_id FROM run WHERE command='run' AND business_date=?) ORDER BY source_id",
                           -1, &q, NULL) == SQLITE_OK) {
        /* Every input of the night, whichever run of it read them: a rerun after an
         * interrupted run skips the files that run stored, yet they are the night's. */
        sqlite3_bind_text(q, 1, date, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(q) == SQLITE_ROW) {
            g_string_append(s, first ? "\n    {" : ",\n    {");
            first = 0;
            json_kv(s, "path", (const char *)sqlite3_column_text(q, 0), 0);
            json_kv(s, "member", (const char *)sqlite3_column_text(q, 1), 1);
            json_kv(s, "sha256", (const char *)sqlite3_column_text(q, 2), 1);
            json_kv(s, "plugin", (const char *)sqlite3_column_text(q, 3), 1);
            json_kv(s, "status", (const char *)sqlite3_column_text(q, 4), 1);
            g_string_append_printf(s, ", \"read\": %lld, \"stored\": %lld, \"quarantined\": %lld, \"duplicate\": %lld}",
                                   (long long)sqlite3_column_int64(q, 5), (long long)sqlite3_column_int64(q, 6),
                                   (long long)sqlite3_column_int64(q, 7), (long long)sqlite3_column_int64(q, 8));
        }
        sqlite3_finalize(q);
    }
    g_string_append(s, "\n  ],\n  \"rule_versions\": {");
    first = 1;
    if (sqlite3_prepare_v2(cbec_store_db(st),
                           "SELECT 'reconcile', rule_version FROM flow WHERE rule_version IS NOT NULL "
                           "UNION SELECT 'risk', rule_version FROM alert WHERE rule_version IS NOT NULL "
                           "UNION SELECT 'credit', rule_version FROM credit_score WHERE rule_version IS NOT NULL",
                           -1, &q, NULL) == SQLITE_OK) {
        while (sqlite3_step(q) == SQLITE_ROW) {
            json_kv(s, (const char *)sqlite3_column_text(q, 0), (const char *)sqlite3_column_text(q, 1), !first);
            first = 0;
        }
        sqlite3_finalize(q);
    }
    g_string_append(s, "},\n  \"outputs\": [");
    for (i = 0; i < outputs->len; i++) {
        const char *o = g_ptr_array_index(outputs, i);
        char *h = file_sha(o);
        g_string_append(s, i ? ",\n    {" : "\n    {");
        json_kv(s, "path", o, 0);
        json_kv(s, "sha256", h, 1);
        g_string_append(s, "}");
        g_free(h);
    }
    g_string_append(s, "\n  ]\n}\n");
    if (g_file_set_contents(tmp, s->str, (gssize)s->len, NULL) && g_rename(tmp, path) == 0)
        cbec_info("run manifest: %s", path);
    else
        cbec_warn("cannot write the run manifest %s", path);
    g_free(path);
    g_free(tmp);
    g_string_free(s, TRUE);
}

/* Bounded memory over a whole night in one process: when a step ends, SQLite frees the
 * pages it cached and the heap they left is handed back to the system, so the next step
 * (Pango with the CJK fonts for the PDFs: about 100 MB of its own) starts from the baseline
 * instead of stacking on the previous step's peak (195-214 MB at 100k trades without this). */
static void release_memory(cbec_store *st)
{
    sqlite3_db_release_memory(cbec_store_db(st));
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

/* Page cache of the connection (PRAGMA SCHEMA.cache_size), 0 when it cannot be read. */
static int64_t cache_size(cbec_store *st, const char *schema)
{
    char *sql = g_strdup_printf("PRAGMA %s.cache_size", schema);
    int64_t v = cbec_db_int(cbec_store_db(st), sql, 0);
    g_free(sql);
    return v;
}

static void set_cache_size(cbec_store *st, const char *schema, int64_t pages)
{
    char *sql = g_strdup_printf("PRAGMA %s.cache_size=%lld", schema, (long long)pages);
    cbec_db_exec(cbec_store_db(st), sql, NULL);
    g_free(sql);
}

static int worst(int a, int b)
{
    /* 1 (failed) beats 4 (stored, not published) beats 3 (quarantined) beats 0. */
    if (a == CBEC_EXIT_FAILED || b == CBEC_EXIT_FAILED)
        return CBEC_EXIT_FAILED;
    if (a == CBEC_EXIT_PUBLISH || b == CBEC_EXIT_PUBLISH)
        return CBEC_EXIT_PUBLISH;
    if (a == CBEC_EXIT_QUARANTINE || b == CBEC_EXIT_QUARANTINE)
        return CBEC_EXIT_QUARANTINE;
    return a ? a : b;
}

/* One report of the night: rendered atomically, its path booked for the manifest, the memory
 * its model took handed back; a CBEC_EXIT_* status. */
static int render_report(cbec_store *st, const cbec_config *cfg, const char *kind, const char *format,
                         const char *lang, const char *date, const char *period, const char *outdir,
                         GPtrArray *outputs)
{
    char *written = NULL;
    int step = cbec_step_report_period(st, cfg, kind, format, lang, date, period, outdir, &written);
    if (written)
        g_ptr_array_add(outputs, written);
    release_memory(st);
    return step;
}

static int run_night(cbec_global *g, cbec_session *ses, const char *date, cbec_summary *sum)
{
    static const char *const reports[][2] = {{"statistics", "xlsx"}, {"statistics", "pdf"},
                                             {"reconciliation", "xlsx"}, {"reconciliation", "pdf"},
                                             {"credit", "xlsx"}, {"credit", "pdf"},
                                             {"risk", "xlsx"}, {"risk", "pdf"}};
    cbec_ingest_opts o = {0};
    cbec_ingest *ig;
    char *drop = cbec_config_get_path(g->cfg, "core", "drop_dir");
    char *outbase = cbec_config_get_path(g->cfg, "core", "out_dir");
    char *night = NULL, *outdir = NULL;
    const char *lang = cbec_config_get_def(g->cfg, "report", "lang", "zh");
    GPtrArray *outputs = g_ptr_array_new_with_free_func(g_free);
    int64_t run_id;
    int rc = CBEC_EXIT_OK, step, no_input = 0;
    size_t i;

    run_id = cbec_store_run_begin(ses->st, "run", date);
    if (run_id < 0) {
        rc = CBEC_EXIT_FAILED;
        goto done;
    }
    cbec_info("night %s: run %lld", date, (long long)run_id);
    cbec_session_remember_key(ses, run_id);
    ig = cbec_ingest_new(ses->st, ses->reg, g->cfg, &o, run_id);
    if (drop) {
        /* Only drop_dir/<date>: a missed night never borrows the files of another night
         * (falling back to the whole drop folder booked 12-06's files as 12-05). */
        night = g_build_filename(drop, date, NULL);
        if (!g_file_test(night, G_FILE_TEST_IS_DIR)) {
            cbec_warn("night %s: no input folder %s; nothing ingested", date, night);
            no_input = 1;
        } else
            cbec_ingest_path(ig, night);
        cbec_ingest_end(ig);
    } else {
        cbec_warn("no [core] drop_dir configured; nothing to ingest");
        no_input = 1;
    }
    cbec_progress_done();
    rc = cbec_ingest_exit_status(ig);
    /* Finished, but the operator must look: 3, as for quarantined records. */
    if (no_input)
        rc = worst(rc, CBEC_EXIT_QUARANTINE);
    cbec_session_log_totals(cbec_ingest_get_totals(ig), 0);
    cbec_summary_add(sum, date, cbec_ingest_get_totals(ig));
    cbec_session_log_statements(ses->st, run_id);
    release_memory(ses->st);
    if (rc != CBEC_EXIT_FAILED) {
        step = cbec_step_reconcile(ses->st, g->cfg, date);
        rc = worst(rc, step == CBEC_EXIT_OK ? rc : step);
        release_memory(ses->st);
        step = cbec_step_analyse(ses->st, g->cfg, date);
        rc = worst(rc, step == CBEC_EXIT_OK ? rc : step);
        release_memory(ses->st);
    }
    outdir = g_build_filename(outbase ? outbase : "out", date, NULL);
    if (rc != CBEC_EXIT_FAILED && g_mkdir_with_parents(outdir, 0755) == 0) {
        /* The reports only read: they get the page caches of a `cbecflow report` reader (SQLite's
         * default, 2 MB; the writer's 32 MB would be filled by the statistics scans), and so
         * sorter buffers of that size, instead of inheriting the writer's. */
        int64_t main_cache = cache_size(ses->st, "main"), temp_cache = cache_size(ses->st, "temp");
        set_cache_size(ses->st, "main", -2000);
        set_cache_size(ses->st, "temp", -2000);
        for (i = 0; i < G_N_ELEMENTS(reports); i++)
            if (render_report(ses->st, g->cfg, reports[i][0], reports[i][1], lang, date, NULL, outdir, outputs) ==
                CBEC_EXIT_FAILED)
                rc = CBEC_EXIT_FAILED;
        {
            /* the night that closes a quarter, half-year or year also writes that period's statistics */
            const char *cp = cbec_config_get(g->cfg, "report", "closing_periods");
            char **wanted = g_strsplit(!cp ? "quarter,half,year" : strcmp(cp, "none") == 0 ? "" : cp, ",", -1);
            const char **closing;
            for (char **w = wanted; *w; w++)
                g_strstrip(*w);
            closing = cbec_report_closing_periods(date, wanted);
            for (const char **per = closing; *per; per++)
                for (i = 0; i < 2; i++)
                    if (render_report(ses->st, g->cfg, "statistics", i ? "pdf" : "xlsx", lang, date, *per, outdir,
                                      outputs) == CBEC_EXIT_FAILED)
                        rc = CBEC_EXIT_FAILED;
            g_free(closing);
            g_strfreev(wanted);
        }
        if (main_cache)
            set_cache_size(ses->st, "main", main_cache);
        if (temp_cache)
            set_cache_size(ses->st, "temp", temp_cache);
    } else if (rc != CBEC_EXIT_FAILED) {
        cbec_error("cannot create the output folder %s: %s", outdir, g_strerror(errno));
        rc = CBEC_EXIT_FAILED;
    }
    {
        const cbec_ingest_totals *t = cbec_ingest_get_totals(ig);
        const char *status = rc == CBEC_EXIT_FAILED ? "failed" : no_input ? "no input" : rc == 3 ? "quarantined" : "ok";
        cbec_store_run_finish(ses->st, run_id, status, &t->records, t->files_seen, t->files_skipped, t->bytes,
                              NULL);
        if (g_file_test(outdir, G_FILE_TEST_IS_DIR))
            write_manifest(ses->st, run_id, date, outdir, t, outputs, status);
    }
    cbec_ingest_free(ig);
done:
    g_ptr_array_free(outputs, TRUE);
    g_free(drop);
    g_free(outbase);
    g_free(night);
    g_free(outdir);
    return rc;
}

/* Nights to run: D when given; else every night after the last finished run up to yesterday. */
static GPtrArray *nights_to_run(cbec_global *g, cbec_session *ses, const char *date)
{
    GPtrArray *dates = g_ptr_array_new_with_free_func(g_free);
    char yesterday[16];
    sqlite3_stmt *s;
    int max_days = (int)cbec_config_get_int(g->cfg, "core", "catch_up_days", 7, NULL);
    GDate last, end;

    if (date) {
        g_ptr_array_add(dates, g_strdup(date));
        return dates;
    }
    cbec_business_yesterday(yesterday, sizeof yesterday);
    g_date_clear(&last, 1);
    g_date_clear(&end, 1);
    cbec_date_to_gdate(yesterday, &end);
    if (sqlite3_prepare_v2(cbec_store_db(ses->st),
                           "SELECT max(business_date) FROM run WHERE command='run' AND status IN ('ok','quarantined')",
                           -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
            cbec_date_to_gdate((const char *)sqlite3_column_text(s, 0), &last);
        sqlite3_finalize(s);
    }
    if (g_date_valid(&last) && g_date_valid(&end) && g_date_compare(&last, &end) < 0) {
        GDate d = last;
        g_date_add_days(&d, 1);
        if (g_date_days_between(&d, &end) >= max_days) {
            d = end;
            g_date_subtract_days(&d, (guint)(max_days > 0 ? max_days - 1 : 0));
        }
        for (; g_date_compare(&d, &end) <= 0; g_date_add_days(&d, 1)) {
            char buf[CBEC_DATE_LEN];
            cbec_date_from_gdate(&d, buf);
            g_ptr_array_add(dates, g_strdup(buf));
        }
    } else if (!g_date_valid(&last) || g_date_compare(&last, &end) < 0)
        g_ptr_array_add(dates, g_strdup(yesterday));
    else
        g_ptr_array_add(dates, g_strdup(yesterday)); /* rerun of the same night is idempotent */
    return dates;
}

int cbec_cmd_run(cbec_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {{"date", required_argument, NULL, 'D'},
                                             {"db", required_argument, NULL, 'd'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *date = NULL, *db_opt = NULL, *zone = NULL, *to = NULL;
    cbec_session ses;
    cbec_summary sum;
    GPtrArray *dates = NULL;
    int c, rc;
    guint i;

    optind = 1;
    while ((c = getopt_long(argc, argv, "+D:d:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'D': date = optarg; break;
        case 'd': db_opt = optarg; break;
        case 'h':
            printf("usage: cbecflow run --config FILE [--date YYYY-MM-DD]\n"
                   "Ingest the night's drop folder, reconcile, analyse and write the reports.\n");
            return CBEC_EXIT_OK;
        default: return CBEC_EXIT_USAGE;
        }
    }
    if (date && !g_regex_match_simple("^\\d{4}-\\d{2}-\\d{2}$", date, 0, 0)) {
        fprintf(stderr, "cbecflow run: --date wants YYYY-MM-DD, got \"%s\"\n", date);
        return CBEC_EXIT_USAGE;
    }
    if (!g->config_path)
        cbec_warn("no --config given: using defaults (./cbecflow.db, no drop folder)");
    /* A [publish] section that cannot work is a configuration error before the night, not after it. */
    rc = cbec_publish_settings(g, NULL, NULL, &zone, &to);
    if (rc != CBEC_EXIT_OK)
        return rc;
    /* A nightly run does not queue behind another one: it exits at once (status 75). */
    cbec_summary_begin(&sum, "run");
    {
        /* Before the dataset opens, when the drop folder holds enough to fill SQLite's page
         * cache (a real night does; the walk stops once it has seen that much). */
        char *drop = cbec_config_get_path(g->cfg, "core", "drop_dir");
        const char *dp = drop;
        if (drop && cbec_pagecache_worth(&dp, 1))
            cbec_pagecache_setup();
        g_free(drop);
    }
    rc = cbec_session_open(g, db_opt, "run", 0, &ses);
    if (rc != CBEC_EXIT_OK) {
        cbec_summary_end(&sum, rc);
        return rc;
    }
    dates = nights_to_run(g, &ses, date);
    for (i = 0; i < dates->len; i++)
        rc = worst(rc, run_night(g, &ses, g_ptr_array_index(dates, i), &sum));
    if (to) {
        /* The nights stay in the dataset whatever the warehouse says; exit 4 tells the operator
         * that the region does not have them yet (the next publish sends what is missing). */
        cbec_progress_done();
        if (cbec_publish_dataset(g, cbec_store_db(ses.st), ses.db_path, zone, to) != CBEC_EXIT_OK) {
            cbec_error("run: the night is in the dataset, but publishing it to the warehouse failed: exit 4; "
                       "`cbecflow publish` sends what is missing");
            rc = worst(rc, CBEC_EXIT_PUBLISH);
        }
    }
    if (dates)
        g_ptr_array_free(dates, TRUE);
    cbec_session_close(&ses);
    cbec_summary_end(&sum, rc);
    return rc;
}
