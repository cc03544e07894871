/* Ingest: the walk calls on_input for every leaf; each input is probed,
 * parsed by its plugin and stored in one transaction.  Counts are conserved:
 * read = stored + quarantined + duplicate, for every file and in total. */
#include <string.h>
#include <glib.h>

#include "host.h"
#include "ingest.h"
#include "input.h"
#include "isolate.h"
#include "log.h"
#include "probe.h"
#include "progress.h"
#include "readahead.h"
#include "record.h"

/* A plugin that returns errors this many times in a row without consuming input is stuck. */
#define STUCK_LIMIT 10000

struct cbec_ingest {
    cbec_store *st;
    const cbec_registry *reg;
    const cbec_config *cfg;
    cbec_ingest_opts opts;
    int64_t run_id;
    cbec_walk_opts walk;
    cbec_ingest_totals t;
    GString *json_files;
    cbec_record rec;
    cbec_readahead *ra;         /* reused for every input */
};

cbec_ingest *cbec_ingest_new(cbec_store *st, const cbec_registry *reg, const cbec_config *cfg,
                             const cbec_ingest_opts *opts, int64_t run_id)
{
    cbec_ingest *ig = g_new0(cbec_ingest, 1);
    char *why = NULL;

    ig->st = st;
    ig->reg = reg;
    ig->cfg = cfg;
    ig->opts = *opts;
    ig->run_id = run_id;
    if (cbec_walk_opts_from_config(cfg, &ig->walk, &why) != CBEC_ERR_NONE) {
        cbec_warn("%s; using defaults", why);
        g_free(why);
        ig->walk.max_expanded = 8LL << 30;
        ig->walk.max_ratio = 200;
        ig->walk.max_depth = 4;
    }
    ig->json_files = g_string_new(NULL);
    /* [core] source_precedence: whose copy of a business record wins (store.h). */
    cbec_store_set_precedence(st, cbec_config_get_def(cfg, "core", "source_precedence", "ceb"));
    cbec_record_init(&ig->rec);
    ig->ra = cbec_readahead_new();
    return ig;
}

static void json_str(GString *s, const char *v)
{
    const char *p;
    if (!v) {
        g_string_append(s, "null");
        return;
    }
    g_string_append_c(s, '"');
    for (p = v; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\')
            g_string_append_printf(s, "\\%c", c);
        else if (c < 0x20)
            g_string_append_printf(s, "\\u%04x", c);
        else
            g_string_append_c(s, (char)c);
    }
    g_string_append_c(s, '"');
}

static void report_file(cbec_ingest *ig, const char *display, const char *plugin, const char *status,
                        const cbec_counts *c, const char *sha, const char *message)
{
    if (strcmp(status, "skipped") == 0)
        cbec_logf(CBEC_L_INFO, plugin, display, "already ingested (same SHA-256); skipped");
    else
        cbec_logf(strcmp(status, "ok") == 0 ? CBEC_L_INFO : CBEC_L_WARN, plugin, display,
                  "%s: read %lld, stored %lld, quarantined %lld, duplicate %lld%s%s", status,
                  (long long)c->read, (long long)c->stored, (long long)c->quarantined, (long long)c->duplicate,
                  message ? "; " : "", message ? message : "");
    if (!ig->opts.json)
        return;
    if (ig->json_files->len)
        g_string_append(ig->json_files, ",\n    ");
    g_string_append(ig->json_files, "{\"input\": ");
    json_str(ig->json_files, display);
    g_string_append(ig->json_files, ", \"plugin\": ");
    json_str(ig->json_files, plugin);
    g_string_append(ig->json_files, ", \"status\": ");
    json_str(ig->json_files, status);
    g_string_append_printf(ig->json_files,
                           ", \"read\": %lld, \"stored\": %lld, \"quarantined\": %lld, \"duplicate\": %lld",
                           (long long)c->read, (long long)c->stored, (long long)c->quarantined,
                           (long long)c->duplicate);
    g_string_append(ig->json_files, ", \"sha256\": ");
    json_str(ig->json_files, sha && *sha ? sha : NULL);
    g_string_append(ig->json_files, ", \"message\": ");
    json_str(ig->json_files, message);
    g_string_append_c(ig->json_files, '}');
}

static void add_totals(cbec_ingest *ig, const cbec_counts *c)
{
    ig->t.records.read += c->read;
    ig->t.records.stored += c->stored;
    ig->t.records.quarantined += c->quarantined;
    ig->t.records.duplicate += c->duplicate;
    if (c->quarantined)
        ig->t.files_quarantined++;
}

/* Finish the current file's transaction (or roll it back for a dry run). */
static void finish_file(cbec_ingest *ig, const char *sha, int64_t size, const cbec_counts *c, const char *status,
                        const char *message)
{
    if (ig->opts.dry_run) {
        cbec_store_file_rollback(ig->st);
        return;
    }
    if (cbec_store_file_commit(ig->st, sha, size, c, status, message) != CBEC_ERR_NONE)
        ig->t.db_failed = 1;
}

/* A whole input that cannot be parsed: one quarantine row, counted as one record read and quarantined. */
static void quarantine_whole(cbec_ingest *ig, const char *display, const char *path, const char *member,
                             const char *plugin, const char *reason, const char *message, const char *sha,
                             int64_t size, const char *status)
{
    cbec_counts c = {1, 0, 1, 0, 0};
    int64_t sid = 0;

    if (cbec_store_file_begin(ig->st, ig->run_id, path, member, &sid) != CBEC_ERR_NONE) {
        ig->t.db_failed = 1;
        return;
    }
    if (plugin)
        cbec_store_file_plugin(ig->st, plugin, NULL);
    cbec_store_quarantine(ig->st, ig->run_id, display, "whole input", reason, message, NULL, 0);
    finish_file(ig, sha ? sha : "", size, &c, status, message);
    add_totals(ig, &c);
    report_file(ig, display, plugin, status, &c, sha, message);
}

static void on_error(const char *display, const char *path, const char *member, const char *reason,
                     const char *message, void *ud)
{
    cbec_ingest *ig = ud;
    ig->t.files_seen++;
    cbec_logf(CBEC_L_ERROR, NULL, display, "%s", message);
    quarantine_whole(ig, display, path, member, NULL, reason, message, NULL, -1, "failed");
}

/* [core] isolation = on|off (default off), overridable per plugin in [plugin.NAME]
 * isolation; [core] plugin_timeout = seconds without progress before a plugin is killed. */
static int plugin_isolated(const cbec_config *cfg, const char *name, int *timeout)
{
    char *section = g_strconcat("plugin.", name, NULL);
    const char *v = cbec_config_get(cfg, section, "isolation");
    int on;

    if (!v)
        v = cbec_config_get_def(cfg, "core", "isolation", "off");
    on = g_ascii_strcasecmp(v, "on") == 0 || g_ascii_strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0;
    *timeout = (int)cbec_config_get_int(cfg, "core", "plugin_timeout", 300, NULL);
    g_free(section);
    return on;
}

static int has_finding(const cbec_record *rec, const char *code)
{
    guint i;
    for (i = 0; i < rec->findings->len; i++)
        if (strcmp(g_array_index(rec->findings, cbec_finding, i).code, code) == 0)
            return 1;
    return 0;
}

static void quarantine_record(cbec_ingest *ig, const char *display, const cbec_error *err, const cbec_record *rec,
                              const char *fallback_reason, const char *why)
{
    char loc[300];
    const char *locator = err->locator[0] ? err->locator : rec->locator;
    const char *message = why && *why ? why : err->message[0] ? err->message : rec->error[0] ? rec->error : NULL;

    if (!locator || !*locator) {
        if (err->line)
            g_snprintf(loc, sizeof loc, "line %llu", (unsigned long long)err->line);
        else if (err->record)
            g_snprintf(loc, sizeof loc, "record %llu", (unsigned long long)err->record);
        else
            g_snprintf(loc, sizeof loc, "unknown position");
        locator = loc;
    }
    cbec_store_quarantine(ig->st, ig->run_id, display, locator, err->reason[0] ? err->reason : fallback_reason,
                          message, rec->raw->len ? rec->raw->str : NULL, rec->raw->len);
    cbec_logf(CBEC_L_WARN, NULL, display, "quarantined %s: %s", locator, message ? message : "no reason given");
}

/* State of the file being parsed, shared by the in-process loop and isolation mode. */
typedef struct file_state {
    cbec_ingest *ig;
    cbec_input *in;
    const char *display;
    const cbec_source_plugin *d;
    cbec_counts *c;
    const char **status;
    int unbalanced;
    int64_t stuck;
    int64_t last_bytes;
    int64_t bytes_now;          /* input position after the record in hand; -1: ask the input */
    char last_locator[256];
} file_state;

static int64_t input_pos(const file_state *fs)
{
    return fs->bytes_now >= 0 ? fs->bytes_now : cbec_input_bytes(fs->in);
}

/* Account for one result of next(): store, count, quarantine.  Returns 1 to stop. */
static int handle_result(void *ud, cbec_status s, cbec_error *err, cbec_record *rec)
{
    file_state *fs = ud;
    cbec_ingest *ig = fs->ig;
    cbec_counts *c = fs->c;
    char why[600];

    if (s == CBEC_EOF)
        return 1;
    c->read++;
    if (s == CBEC_OK || s == CBEC_WARN) {
        cbec_store_result r;
        if (s == CBEC_WARN && err->message[0])
            cbec_logf(CBEC_L_WARN, fs->d->name, fs->display, "%s%s%s", err->locator[0] ? err->locator : "",
                      err->locator[0] ? ": " : "", err->message);
        if (has_finding(rec, "BALANCE_MISMATCH"))
            fs->unbalanced++;
        r = cbec_store_record(ig->st, rec, why, sizeof why);
        if (r == CBEC_STORED_NEW || r == CBEC_STORED_UPDATE)
            c->stored++;
        else if (r == CBEC_STORED_DUP)
            c->duplicate++;
        else {
            c->quarantined++;
            quarantine_record(ig, fs->display, err, rec, "INVALID_RECORD", why);
        }
        fs->stuck = 0;
    } else if (s == CBEC_RECORD_ERROR) {
        c->quarantined++;
        quarantine_record(ig, fs->display, err, rec, "RECORD_ERROR", NULL);
        /* Progress = more input read or a new position reported (XLSX is read ahead at open). */
        if (input_pos(fs) == fs->last_bytes && strcmp(err->locator, fs->last_locator) == 0 &&
            ++fs->stuck > STUCK_LIMIT) {
            c->read++;
            c->quarantined++;
            cbec_store_quarantine(ig->st, ig->run_id, fs->display, "rest of input", "PLUGIN_STUCK",
                                  "the plugin kept reporting errors without reading further; "
                                  "the rest of the input is quarantined", NULL, 0);
            *fs->status = "partial";
            return 1;
        }
        if (input_pos(fs) != fs->last_bytes || strcmp(err->locator, fs->last_locator) != 0)
            fs->stuck = 0;
        fs->last_bytes = input_pos(fs);
        g_strlcpy(fs->last_locator, err->locator, sizeof fs->last_locator);
    } else {
        /* FATAL (or an unknown status): what was stored stays, the rest is quarantined. */
        const char *ierr = cbec_input_error(fs->in);
        g_snprintf(why, sizeof why, "cannot go on%s%s: %s", err->locator[0] ? " at " : "", err->locator,
                   err->message[0] ? err->message : ierr ? ierr : "the plugin gave no reason");
        c->quarantined++;
        if (!err->reason[0])
            g_strlcpy(err->reason, ierr ? "INPUT_ERROR" : "INPUT_FATAL", sizeof err->reason);
        quarantine_record(ig, fs->display, err, rec, "INPUT_FATAL", why);
        *fs->status = "partial";
        return 1;
    }
    if ((c->read & 1023) == 0)
        cbec_progress_update(ig->t.files_seen, ig->t.bytes + input_pos(fs), fs->display);
    return 0;
}

static int on_input(cbec_input *in, void *ud)
{
    cbec_ingest *ig = ud;
    const char *display = cbec_input_name(in);
    cbec_probe_result pr;
    const cbec_plugin *plugin = NULL;
    const cbec_source_plugin *d;
    cbec_input_ctx ictx;
    cbec_source *src = NULL;
    cbec_error err;
    cbec_counts c = {0, 0, 0, 0, 0};
    cbec_status s;
    char *pre = NULL, *msg = NULL;
    const char *status = "ok", *sha;
    int64_t sid = 0;
    size_t head_len;
    int unbalanced = 0, isolate, timeout;

    ig->t.files_seen++;
    cbec_progress_update(ig->t.files_seen, ig->t.bytes, display);

    /* A plain file already ingested is skipped before any parsing. */
    pre = cbec_input_prehash(in);
    if (pre && !ig->opts.dry_run && cbec_store_known_sha(ig->st, pre)) {
        ig->t.files_skipped++;
        report_file(ig, display, NULL, "skipped", &c, pre, NULL);
        goto done;
    }
    if (pre)
        cbec_input_skip_hash(in);   /* hashed once already: do not hash the bytes again while parsing */
    cbec_input_head(in, &head_len);
    if (head_len == 0) {
        cbec_input_drain(in);
        quarantine_whole(ig, display, cbec_input_path(in), cbec_input_member(in), NULL, "EMPTY",
                         "the input is empty (0 bytes)", pre ? pre : cbec_input_sha256(in), 0, "unrecognised");
        goto done;
    }
    if (ig->opts.force_source) {
        plugin = cbec_registry_find(ig->reg, ig->opts.force_source);
    } else {
        cbec_probe(ig->reg, in, &pr);
        if (pr.best && pr.tie) {
            msg = g_strdup_printf("plugins %s and %s both recognise this input with score %d; "
                                  "choose one with --source %s or --source %s",
                                  pr.best->desc->name, pr.tie->desc->name, pr.best_score, pr.best->desc->name,
                                  pr.tie->desc->name);
            cbec_input_drain(in);
            quarantine_whole(ig, display, cbec_input_path(in), cbec_input_member(in), NULL, "PROBE_TIE", msg,
                             pre ? pre : cbec_input_sha256(in), cbec_input_bytes(in), "failed");
            goto done;
        }
        plugin = pr.best;
    }
    if (!plugin) {
        cbec_input_drain(in);
        quarantine_whole(ig, display, cbec_input_path(in), cbec_input_member(in), NULL, "UNRECOGNISED",
                         "unrecognised input: no plugin recognises it (see `cbecflow plugins`, "
                         "or force one with --source NAME)",
                         pre ? pre : cbec_input_sha256(in), cbec_input_bytes(in), "unrecognised");
        goto done;
    }
    d = plugin->desc;
    isolate = plugin_isolated(ig->cfg, d->name, &timeout);
    ictx.plugin = plugin;
    ictx.cfg = ig->cfg;
    cbec_input_set_user(in, &ictx);

    if (cbec_store_file_begin(ig->st, ig->run_id, cbec_input_path(in), cbec_input_member(in), &sid) !=
        CBEC_ERR_NONE) {
        ig->t.db_failed = 1;
        goto done;
    }
    cbec_store_file_plugin(ig->st, d->name, d->version);

    if (isolate) {
        char why_iso[600] = "";
        file_state fs = {ig, in, display, d, &c, &status, 0, 0, -1, -1, ""};
        int r;
        d = plugin->desc;
        r = cbec_isolate_run(in, plugin, cbec_host_table(), timeout, &ig->rec, handle_result, &fs, why_iso,
                             sizeof why_iso);
        unbalanced = fs.unbalanced;
        if (r != 0) {
            /* Crashed, hung or could not start: what it produced stays, the rest is quarantined. */
            c.read++;
            c.quarantined++;
            cbec_store_quarantine(ig->st, ig->run_id, display, "rest of input",
                                  r > 0 ? "PLUGIN_CRASHED" : "ISOLATION_FAILED", why_iso, NULL, 0);
            cbec_logf(CBEC_L_ERROR, d->name, display, "%s", why_iso);
            status = "partial";
        }
    } else {
        file_state fs = {ig, in, display, d, &c, &status, 0, 0, -1, -1, ""};
        cbec_readahead *ra = ig->ra;
        int threaded;
        memset(&err, 0, sizeof err);
        s = d->open(&src, in, cbec_host_table(), &err);
        if (s < 0 && s != CBEC_WARN) {
            cbec_store_file_rollback(ig->st);
            cbec_input_drain(in);
            msg = g_strdup_printf("%s cannot read it: %s", d->name,
                                  err.message[0] ? err.message : cbec_input_error(in) ? cbec_input_error(in)
                                                                                        : "no reason given");
            quarantine_whole(ig, display, cbec_input_path(in), cbec_input_member(in), d->name,
                             err.reason[0] ? err.reason : "OPEN_FAILED", msg, pre ? pre : cbec_input_sha256(in),
                             cbec_input_bytes(in), "failed");
            src = NULL;
            goto done;
        }
        /* Parse on the reader thread, store here; in order, one record at a time per thread. */
        threaded = cbec_readahead_start(ra, d, src, in) == 0;
        while (threaded) {
            cbec_ra_item *it = cbec_readahead_next(ra);
            int stop;
            fs.bytes_now = it->bytes;
            stop = handle_result(&fs, it->status, &it->err, &it->rec) != 0 || cbec_readahead_is_last(it->status);
            cbec_readahead_release(ra, it);
            if (stop)
                break;
        }
        if (threaded)
            cbec_readahead_stop(ra);
        fs.bytes_now = -1;
        while (!threaded) {
            /* No thread could be started: the same loop in this thread. */
            cbec_record_reset(&ig->rec);
            memset(&err, 0, sizeof err);
            s = d->next(src, &ig->rec, &err);
            if (handle_result(&fs, s, &err, &ig->rec) != 0)
                break;
        }
        unbalanced = fs.unbalanced;
        d->close(src);
        src = NULL;
    }
    if (cbec_input_drain(in) != 0 && strcmp(status, "ok") == 0) {
        /* The plugin stopped early and the rest could not be read: say so. */
        c.read++;
        c.quarantined++;
        cbec_store_quarantine(ig->st, ig->run_id, display, "rest of input", "INPUT_ERROR", cbec_input_error(in),
                              NULL, 0);
        status = "partial";
    }
    sha = pre ? pre : cbec_input_sha256(in);
    if (!pre && !ig->opts.dry_run && cbec_store_known_sha(ig->st, sha)) {
        /* An archive member we have seen before: undo, report as skipped. */
        cbec_store_file_rollback(ig->st);
        ig->t.files_skipped++;
        memset(&c, 0, sizeof c);
        report_file(ig, display, d->name, "skipped", &c, sha, NULL);
        goto done;
    }
    if (c.quarantined && strcmp(status, "ok") == 0)
        status = "partial";
    if (c.stored == 0 && c.duplicate == 0 && c.quarantined > 0)
        status = "failed";
    if (unbalanced) {
        msg = g_strdup_printf("%d statement(s) do not tie out", unbalanced);
        ig->t.statements_unbalanced += unbalanced;
    }
    ig->t.bytes += cbec_input_bytes(in);
    finish_file(ig, sha, cbec_input_bytes(in), &c, status, msg);
    add_totals(ig, &c);
    report_file(ig, display, d->name, status, &c, sha, msg);
done:
    if (src)
        plugin->desc->close(src);
    cbec_input_set_user(in, NULL);
    g_free(pre);
    g_free(msg);
    return ig->t.db_failed ? -1 : 0;
}

cbec_err cbec_ingest_path(cbec_ingest *ig, const char *path)
{
    static const cbec_walk_ops ops = {on_input, on_error};
    cbec_err rc;

    /* Savepoint journals in memory while storing; the steps after ingest (reconcile's
     * temp tables) get the connection's defaults back. */
    cbec_store_ingest_mode(ig->st, 1);
    rc = cbec_walk(path, &ig->walk, &ops, ig);
    cbec_store_ingest_mode(ig->st, 0);
    return rc;
}

const cbec_ingest_totals *cbec_ingest_get_totals(cbec_ingest *ig) { return &ig->t; }

int cbec_ingest_exit_status(cbec_ingest *ig)
{
    if (ig->t.db_failed)
        return 1;
    if (ig->t.records.quarantined || ig->t.statements_unbalanced)
        return 3;
    return 0;
}

void cbec_ingest_free(cbec_ingest *ig)
{
    if (!ig)
        return;
    if (ig->opts.json) {
        const cbec_counts *r = &ig->t.records;
        fprintf(ig->opts.json,
                "{\n  \"dry_run\": %s,\n  \"files\": [\n    %s\n  ],\n  \"totals\": {\"files\": %lld, "
                "\"skipped\": %lld, \"read\": %lld, \"stored\": %lld, \"quarantined\": %lld, \"duplicate\": %lld, "
                "\"bytes\": %lld, \"statements_unbalanced\": %lld}\n}\n",
                ig->opts.dry_run ? "true" : "false", ig->json_files->str, (long long)ig->t.files_seen,
                (long long)ig->t.files_skipped, (long long)r->read, (long long)r->stored,
                (long long)r->quarantined, (long long)r->duplicate, (long long)ig->t.bytes,
                (long long)ig->t.statements_unbalanced);
        fflush(ig->opts.json);
    }
    g_string_free(ig->json_files, TRUE);
    cbec_record_free(&ig->rec);
    cbec_readahead_free(ig->ra);
    g_free(ig);
}
