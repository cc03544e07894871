/* `cbecflow ingest [--db F] [--source NAME] [--force] [--dry-run] [--json] PATH...` */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "cli/commands.h"
#include "cli/session.h"
#include "core/ingest.h"
#include "core/pagecache.h"
#include "core/base/log.h"
#include "core/base/personal.h"
#include "core/base/progress.h"
#include "core/summary.h"

int cbec_cmd_ingest(cbec_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},   {"source", required_argument, NULL, 's'},
        {"dry-run", no_argument, NULL, 'n'},    {"json", no_argument, NULL, 'j'},
        {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0}};
    cbec_ingest_opts o = {0};
    const char *db_opt = NULL;
    cbec_session ses;
    cbec_summary sum;
    cbec_ingest *ig = NULL;
    int c, rc = CBEC_EXIT_USAGE;
    int64_t run_id = 0;

    optind = 1;
    while ((c = getopt_long(argc, argv, "+d:s:njfh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db_opt = optarg; break;
        case 's': o.force_source = optarg; break;
        case 'n': o.dry_run = 1; break;
        case 'j': o.json = stdout; break;
        case 'f': o.reread = 1; break;
        case 'h':
            printf("usage: cbecflow ingest [--db FILE] [--source NAME] [--force] [--dry-run] [--json] PATH...\n"
                   "Store every input under PATH (files, folders, archives) in the dataset.\n"
                   "--force reads files already ingested again: their earlier rows are replaced by the new\n"
                   "reading (the earlier source_file row stays, status replaced); the next reconcile\n"
                   "recomputes the flows.\n");
            return CBEC_EXIT_OK;
        default: return CBEC_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "cbecflow ingest: give at least one PATH (file, folder or archive)\n");
        return CBEC_EXIT_USAGE;
    }
    cbec_summary_begin(&sum, "ingest");
    /* Before the dataset opens, when the inputs are big enough to fill SQLite's page cache. */
    if (cbec_pagecache_worth((const char *const *)(argv + optind), argc - optind))
        cbec_pagecache_setup();
    /* A dry run writes nothing lasting, but it adds and removes a run row: it waits too. */
    rc = cbec_session_open(g, db_opt, "ingest", -1, &ses);
    if (rc != CBEC_EXIT_OK) {
        cbec_summary_end(&sum, rc);
        return rc;
    }
    if (o.force_source && !cbec_registry_find(ses.reg, o.force_source)) {
        fprintf(stderr, "cbecflow ingest: --source %s: no such plugin (see `cbecflow plugins`)\n", o.force_source);
        rc = CBEC_EXIT_USAGE;
        goto done;
    }
    /* A dry run has a run row too (lineage needs one) and removes it at the end. */
    run_id = cbec_store_run_begin(ses.st, o.dry_run ? "ingest --dry-run" : o.reread ? "ingest --force" : "ingest",
                                  NULL);
    if (run_id < 0) {
        rc = CBEC_EXIT_FAILED;
        goto done;
    }
    if (!o.dry_run)
        cbec_session_remember_key(&ses, run_id);
    ig = cbec_ingest_new(ses.st, ses.reg, g->cfg, &o, run_id);
    cbec_ingest_paths(ig, (const char *const *)(argv + optind), argc - optind);
    cbec_ingest_end(ig);
    cbec_progress_done();
    rc = cbec_ingest_exit_status(ig);
    cbec_session_log_totals(cbec_ingest_get_totals(ig), o.dry_run);
    cbec_summary_add(&sum, NULL, cbec_ingest_get_totals(ig));
    if (!o.dry_run)
        cbec_session_log_statements(ses.st, run_id);
    if (o.dry_run)
        cbec_store_run_forget(ses.st, run_id);
    else {
        const cbec_ingest_totals *t = cbec_ingest_get_totals(ig);
        cbec_store_run_finish(ses.st, run_id, rc == 0 ? "ok" : rc == 3 ? "quarantined" : "failed", &t->records,
                              t->files_seen, t->files_skipped, t->bytes, NULL);
    }
done:
    cbec_ingest_free(ig);
    cbec_session_close(&ses);
    cbec_summary_end(&sum, rc);
    return rc;
}
