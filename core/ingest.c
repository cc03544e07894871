/* Ingest: the walk calls on_input for every leaf; each input is probed,
 * parsed by its plugin and stored in one transaction.  Counts are conserved:
 * read = stored + quarantined + duplicate, for every file and in total.
 *
 * Two threads (readahead.h): the reader thread walks, probes and parses and
 * puts records and control messages about each input (file_job); this thread
 * stores them in that order, so the next file is parsed while the previous one
 * is stored and committed.  Only this thread touches the dataset. */
#include <string.h>
#include <sys/resource.h>
#include <glib.h>
#include <cbecflow/record.h>

#include "core/host.h"
#include "core/ingest.h"
#include "core/base/json.h"
#include "core/input/input.h"
#include "core/crash.h"
#include "core/isolate.h"
#include "core/base/log.h"
#include "core/probe.h"
#include "core/reingest.h"
#include "core/base/progress.h"
#include "core/input/readahead.h"
#include "core/base/record.h"
#include "core/base/excerpt.h"

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
    cbec_record rec;            /* isolation mode's record */
    cbec_readahead *ra;         /* the read-ahead ring, from the first path to cbec_ingest_end */
    const char *const *walk_paths; /* the paths the reader thread walks, in order */
    int walk_n;
    cbec_err walk_rc;           /* the first error their walks returned (set by the reader thread) */
    int64_t jobs;               /* inputs met by the reader thread */
    GPtrArray *hashes;          /* --force: the walk's inputs hashed beforehand (cbec_input_hash) */
    guint next_hash;            /* the reader thread's place in hashes */
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
    return ig;
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
    cbec_json_str(ig->json_files, display);
    g_string_append(ig->json_files, ", \"plugin\": ");
    cbec_json_str(ig->json_files, plugin);
    g_string_append(ig->json_files, ", \"status\": ");
    cbec_json_str(ig->json_files, status);
    g_string_append_printf(ig->json_files,
                           ", \"read\": %lld, \"stored\": %lld, \"quarantined\": %lld, \"duplicate\": %lld",
                           (long long)c->read, (long long)c->stored, (long long)c->quarantined,
                           (long long)c->duplicate);
    g_string_append(ig->json_files, ", \"sha256\": ");
    cbec_json_str(ig->json_files, sha && *sha ? sha : NULL);
    g_string_append(ig->json_files, ", \"message\": ");
    cbec_json_str(ig->json_files, message);
    g_string_append_c(ig->json_files, '}');
}

/* After a reading replaced earlier ones: say what went, and that derived tables follow later. */
static void report_replaced(cbec_ingest *ig, const char *display, const char *plugin, const cbec_replaced *r)
{
    if (!r->readings || ig->opts.dry_run)
        return;
    cbec_logf(CBEC_L_INFO, plugin, display,
              "%s, %lld earlier row(s) replaced (%s); revision %d of this file; flows, alerts and credit "
              "scores follow at the next reconcile and analyse",
              ig->opts.reread ? "re-read (--force)" : "probed again after being unrecognised", (long long)r->rows,
              r->desc && *r->desc ? r->desc : "none", r->revision);
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
    cbec_replaced r;
    int64_t sid = 0;

    if (cbec_store_file_begin(ig->st, ig->run_id, path, member, size, &sid) != CBEC_ERR_NONE) {
        ig->t.db_failed = 1;
        return;
    }
    if (plugin)
        cbec_store_file_plugin(ig->st, plugin, NULL);
    /* Refused again: this refusal takes the place of the earlier one (--force: of any
     * earlier reading), so a file probed every night is one row, not one per night. */
    if (cbec_reingest_replace(ig->st, sha, path, member, ig->opts.reread, ig->run_id, sid, &r) != CBEC_ERR_NONE) {
        cbec_store_file_rollback(ig->st);
        ig->t.db_failed = 1;
        cbec_replaced_clear(&r);
        return;
    }
    cbec_store_quarantine(ig->st, ig->run_id, display, "whole input", reason, message, NULL, 0);
    finish_file(ig, sha ? sha : "", size, &c, status, message);
    add_totals(ig, &c);
    report_file(ig, display, plugin, status, &c, sha, message);
    report_replaced(ig, display, plugin, &r);
    cbec_replaced_clear(&r);
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
    char *raw, *clean;

    if (!locator || !*locator) {
        if (err->line)
            g_snprintf(loc, sizeof loc, "line %llu", (unsigned long long)err->line);
        else if (err->record)
            g_snprintf(loc, sizeof loc, "record %llu", (unsigned long long)err->record);
        else
            g_snprintf(loc, sizeof loc, "unknown position");
        locator = loc;
    }
    /* The excerpt and the message may quote the input: no clear identifier in either. */
    raw = rec->raw->len ? cbec_excerpt_scrub(rec, rec->raw->str, rec->raw->len) : NULL;
    clean = message ? cbec_excerpt_scrub(rec, message, strlen(message)) : NULL;
    cbec_store_quarantine(ig->st, ig->run_id, display, locator, err->reason[0] ? err->reason : fallback_reason,
                          clean, raw, raw ? strlen(raw) : 0);
    cbec_logf(CBEC_L_WARN, NULL, display, "quarantined %s: %s", locator, clean ? clean : "no reason given");
    g_free(raw);
    g_free(clean);
}

/* Control messages from the reader thread to the storing thread (readahead.h). */
enum {
    MSG_BEGIN = 1,  /* a parsed file's records follow: open its transaction */
    MSG_END,        /* the file is read (job->sha, size, drain_error): commit it */
    MSG_WHOLE,      /* the input is quarantined as a whole (job->reason, message, ...) */
    MSG_KNOWN,      /* ask: was this plain file (job->pre) ingested before?  1 = skipped */
    MSG_ISOLATED,   /* ask: parse job->in in isolation here while the reader waits */
};

/* One input, from the reader thread's first message about it to its last.  The
 * reader sets the fields above the line before putting the message that needs
 * them and never touches the job after its last message; the storing thread owns
 * the fields below the line and frees the job. */
typedef struct file_job {
    cbec_ingest *ig;
    int64_t id;
    char *display, *path, *member;
    const cbec_plugin *plugin;
    char *pre;                  /* SHA-256 of a plain file, hashed before parsing, or NULL */
    char *reread_sha;           /* --force: the input's SHA-256 known before parsing (pre, or the
                                 * walk hashed beforehand), NULL when it is not */
    int64_t size_hint;          /* MSG_BEGIN, MSG_ISOLATED: the input's size if known before reading, else -1 */
    char *sha;                  /* MSG_END, MSG_WHOLE: the input's SHA-256 (NULL: none) */
    int64_t size;               /* MSG_END, MSG_WHOLE */
    char *reason, *message;     /* MSG_WHOLE */
    const char *whole_status;   /* MSG_WHOLE: "failed" or "unrecognised" */
    int log_error;              /* MSG_WHOLE: log message as an error (a walk error) */
    char *fatal_input_error;    /* the input's error, set before a last record item */
    char *drain_error;          /* MSG_END: the rest of the input could not be read */
    cbec_input *in;             /* MSG_ISOLATED only */
    /* ---- the storing thread's */
    int seen;                   /* counted in files_seen */
    int in_tx;                  /* its transaction is open */
    int skip;                   /* ignore its records (stopped, or no transaction) */
    cbec_counts c;
    const char *status;
    int unbalanced;
    int64_t stuck;
    int64_t last_bytes;
    int64_t bytes_now;          /* input position after the record in hand; -1: ask job->in */
    char last_locator[256];
    int64_t source_id;          /* its reading's source_file row */
    cbec_replaced replaced;     /* the earlier readings its reading took the place of */
} file_job;

static void job_free(file_job *job)
{
    g_free(job->display);
    g_free(job->path);
    g_free(job->member);
    g_free(job->pre);
    g_free(job->reread_sha);
    cbec_replaced_clear(&job->replaced);
    g_free(job->sha);
    g_free(job->reason);
    g_free(job->message);
    g_free(job->fatal_input_error);
    g_free(job->drain_error);
    g_free(job);
}

static int64_t input_pos(const file_job *job)
{
    return job->bytes_now >= 0 || !job->in ? job->bytes_now : cbec_input_bytes(job->in);
}

/* Account for one result of next(): store, count, quarantine.  Returns 1 to stop. */
static int handle_result(void *ud, cbec_status s, cbec_error *err, cbec_record *rec)
{
    file_job *job = ud;
    cbec_ingest *ig = job->ig;
    cbec_counts *c = &job->c;
    char why[600];

    if (s == CBEC_EOF)
        return 1;
    c->read++;
    if (s == CBEC_OK || s == CBEC_WARN) {
        cbec_store_result r;
        if (s == CBEC_WARN && err->message[0])
            cbec_logf(CBEC_L_WARN, job->plugin->desc->name, job->display, "%s%s%s",
                      err->locator[0] ? err->locator : "", err->locator[0] ? ": " : "", err->message);
        if (has_finding(rec, CBEC_FINDING_BALANCE_MISMATCH))
            job->unbalanced++;
        r = cbec_store_record(ig->st, rec, why, sizeof why);
        if (r == CBEC_STORED_NEW || r == CBEC_STORED_UPDATE)
            c->stored++;
        else if (r == CBEC_STORED_DUP)
            c->duplicate++;
        else {
            c->quarantined++;
            quarantine_record(ig, job->display, err, rec, "INVALID_RECORD", why);
        }
        job->stuck = 0;
    } else if (s == CBEC_RECORD_ERROR) {
        c->quarantined++;
        quarantine_record(ig, job->display, err, rec, "RECORD_ERROR", NULL);
        /* Progress = more input read or a new position reported (XLSX is read ahead at open). */
        if (input_pos(job) == job->last_bytes && strcmp(err->locator, job->last_locator) == 0 &&
            ++job->stuck > STUCK_LIMIT) {
            c->read++;
            c->quarantined++;
            cbec_store_quarantine(ig->st, ig->run_id, job->display, "rest of input", "PLUGIN_STUCK",
                                  "the plugin kept reporting errors without reading further; "
                                  "the rest of the input is quarantined", NULL, 0);
            job->status = "partial";
            return 1;
        }
        if (input_pos(job) != job->last_bytes || strcmp(err->locator, job->last_locator) != 0)
            job->stuck = 0;
        job->last_bytes = input_pos(job);
        g_strlcpy(job->last_locator, err->locator, sizeof job->last_locator);
    } else {
        /* FATAL (or an unknown status): what was stored stays, the rest is quarantined. */
        const char *ierr = job->in ? cbec_input_error(job->in) : job->fatal_input_error;
        g_snprintf(why, sizeof why, "cannot go on%s%s: %s", err->locator[0] ? " at " : "", err->locator,
                   err->message[0] ? err->message : ierr ? ierr : "the plugin gave no reason");
        c->quarantined++;
        if (!err->reason[0])
            g_strlcpy(err->reason, ierr ? "INPUT_ERROR" : "INPUT_FATAL", sizeof err->reason);
        quarantine_record(ig, job->display, err, rec, "INPUT_FATAL", why);
        job->status = "partial";
        return 1;
    }
    if ((c->read & 1023) == 0)
        cbec_progress_update(ig->t.files_seen, ig->t.bytes + input_pos(job), job->display);
    return 0;
}

/* ---- reader thread: walk, probe, open, next, close ---- */

/* The input's SHA-256: hashed before parsing (plain files), else while it was read. */
static const char *input_sha(const file_job *job, cbec_input *in)
{
    return job->pre ? job->pre : cbec_input_sha256(in);
}

static file_job *job_new(cbec_ingest *ig, const char *display, const char *path, const char *member)
{
    file_job *job = g_new0(file_job, 1);
    job->ig = ig;
    job->id = ++ig->jobs;
    job->display = g_strdup(display);
    job->path = g_strdup(path);
    job->member = g_strdup(member);
    job->status = "ok";
    job->size_hint = -1;
    job->last_bytes = -1;
    job->bytes_now = -1;
    return job;
}

/* Put a control message about job; returns 1 when the run is cancelled. */
static int send_msg(cbec_readahead *ra, file_job *job, int msg)
{
    cbec_ra_item *it = cbec_readahead_slot(ra);
    it->control = msg;
    it->job = job;
    it->job_id = job->id;
    return cbec_readahead_put(ra);
}

/* A whole input the reader could not parse; takes message. */
static void send_whole(cbec_readahead *ra, file_job *job, const char *plugin, const char *reason, char *message,
                       const char *sha, int64_t size, const char *status)
{
    job->plugin = plugin ? cbec_registry_find(job->ig->reg, plugin) : NULL;
    job->reason = g_strdup(reason);
    job->message = message;
    if (sha && !job->sha)
        job->sha = g_strdup(sha);
    job->size = size;
    job->whole_status = status;
    send_msg(ra, job, MSG_WHOLE);
}

static void on_error(const char *display, const char *path, const char *member, const char *reason,
                     const char *message, void *ud)
{
    cbec_ingest *ig = ud;
    file_job *job = job_new(ig, display, path, member);
    job->log_error = 1;
    send_whole(ig->ra, job, NULL, reason, g_strdup(message), NULL, -1, "failed");
}

/* Parse one input with its plugin on this (the reader) thread. */
static void read_input(cbec_ingest *ig, file_job *job, cbec_input *in, const cbec_plugin *plugin)
{
    cbec_readahead *ra = ig->ra;
    const cbec_source_plugin *d = plugin->desc;
    cbec_source *src = NULL;
    cbec_error err;
    cbec_status s;

    memset(&err, 0, sizeof err);
    s = d->open(&src, in, cbec_host_table(), &err);
    if (s < 0 && s != CBEC_WARN) {
        char *msg;
        cbec_input_drain(in);
        msg = g_strdup_printf("%s cannot read it: %s", d->name,
                              err.message[0] ? err.message : cbec_input_error(in) ? cbec_input_error(in)
                                                                                    : "no reason given");
        send_whole(ra, job, d->name, err.reason[0] ? err.reason : "OPEN_FAILED", msg,
                   input_sha(job, in), cbec_input_bytes(in), "failed");
        return;
    }
    send_msg(ra, job, MSG_BEGIN);
    for (;;) {
        cbec_ra_item *it = cbec_readahead_slot(ra);
        int last, stop;
        it->job = job;
        it->job_id = job->id;
        /* A record a setter refused a value of is quarantined, even if the plugin went on. */
        it->status = cbec_record_settle(&it->rec, d->next(src, &it->rec, &it->err), &it->err);
        it->bytes = cbec_input_bytes(in);
        last = cbec_readahead_is_last(it->status);
        if (last && it->status != CBEC_EOF && cbec_input_error(in))
            job->fatal_input_error = g_strdup(cbec_input_error(in));
        stop = cbec_readahead_put(ra);
        if (last || stop)
            break;
    }
    d->close(src);
    if (cbec_input_drain(in) != 0)
        job->drain_error = g_strdup(cbec_input_error(in) ? cbec_input_error(in) : "read error");
    job->sha = g_strdup(input_sha(job, in));
    job->size = cbec_input_bytes(in);
    send_msg(ra, job, MSG_END);
}

/* --force, on the reader thread: the SHA-256 the walk beforehand found for this input.
 * The walk meets inputs in the same order; an input that is not where it was (a file
 * changed or added in between) gets NULL and is not replaced before its records are stored. */
static const char *hashed_before(cbec_ingest *ig, const char *display)
{
    guint i;

    for (i = ig->hashes ? ig->next_hash : 0; ig->hashes && i < ig->hashes->len; i++) {
        const cbec_input_hash *h = g_ptr_array_index(ig->hashes, i);
        if (strcmp(h->display, display) == 0) {
            ig->next_hash = i + 1;
            return h->sha256;
        }
    }
    return NULL;
}

static int on_input(cbec_input *in, void *ud)
{
    cbec_ingest *ig = ud;
    cbec_readahead *ra = ig->ra;
    cbec_probe_result pr;
    const cbec_plugin *plugin = NULL;
    cbec_input_ctx ictx;
    file_job *job;
    size_t head_len;
    int timeout;

    if (cbec_readahead_cancelled(ra, -1))
        return -1;
    job = job_new(ig, cbec_input_name(in), cbec_input_path(in), cbec_input_member(in));
    job->size_hint = cbec_input_size(in);

    /* A plain file already ingested is skipped before any parsing. */
    job->pre = cbec_input_prehash(in);
    if (ig->opts.reread) {
        const char *before = hashed_before(ig, job->display);   /* every input: keeps the walks in step */
        job->reread_sha = g_strdup(job->pre ? job->pre : before);
    }
    if (job->pre && !ig->opts.dry_run) {
        send_msg(ra, job, MSG_KNOWN);
        if (cbec_readahead_ask(ra))
            goto done;              /* skipped: the storing thread has freed the job */
    }
    if (job->pre)
        cbec_input_skip_hash(in);   /* hashed once already: do not hash the bytes again while parsing */
    cbec_input_head(in, &head_len);
    if (head_len == 0) {
        cbec_input_drain(in);
        send_whole(ra, job, NULL, "EMPTY", g_strdup("the input is empty (0 bytes)"),
                   input_sha(job, in), 0, "unrecognised");
        goto done;
    }
    if (ig->opts.force_source) {
        plugin = cbec_registry_find(ig->reg, ig->opts.force_source);
    } else {
        cbec_probe(ig->reg, in, &pr);
        if (pr.best && pr.tie) {
            char *msg = g_strdup_printf("plugins %s and %s both recognise this input with score %d; "
                                        "choose one with --source %s or --source %s",
                                        pr.best->desc->name, pr.tie->desc->name, pr.best_score,
                                        pr.best->desc->name, pr.tie->desc->name);
            cbec_input_drain(in);
            send_whole(ra, job, NULL, "PROBE_TIE", msg, input_sha(job, in),
                       cbec_input_bytes(in), "failed");
            goto done;
        }
        plugin = pr.best;
    }
    if (!plugin) {
        cbec_input_drain(in);
        send_whole(ra, job, NULL, "UNRECOGNISED",
                   g_strdup("unrecognised input: no plugin recognises it (see `cbecflow plugins`, "
                            "or force one with --source NAME)"),
                   input_sha(job, in), cbec_input_bytes(in), "unrecognised");
        goto done;
    }
    job->plugin = plugin;
    /* From here to the end of the input its plugin runs (here, or in an isolated
     * child forked with this context): a crash says which plugin and input. */
    cbec_crash_context(plugin->desc->name, "reading", cbec_input_name(in));
    ictx.plugin = plugin;
    ictx.cfg = ig->cfg;
    cbec_input_set_user(in, &ictx);
    if (plugin_isolated(ig->cfg, plugin->desc->name, &timeout)) {
        /* A child process parses it; the storing thread runs that while this one waits. */
        job->in = in;
        send_msg(ra, job, MSG_ISOLATED);
        cbec_readahead_ask(ra);
    } else
        read_input(ig, job, in, plugin);
    cbec_crash_context(NULL, NULL, NULL);
    cbec_input_set_user(in, NULL);
done:
    return cbec_readahead_cancelled(ra, -1) ? -1 : 0;
}

static void produce(cbec_readahead *ra, void *ud)
{
    static const cbec_walk_ops ops = {on_input, on_error};
    cbec_ingest *ig = ud;
    int i;

    /* One walk after the other on the same reader thread: the next path's first files are
     * read while the storing thread finishes the last one's. */
    for (i = 0; i < ig->walk_n && !cbec_readahead_cancelled(ra, -1); i++) {
        cbec_err rc = cbec_walk(ig->walk_paths[i], &ig->walk, &ops, ig);
        if (ig->walk_rc == CBEC_ERR_NONE)
            ig->walk_rc = rc;
    }
}

/* ---- storing thread ---- */

/* Commit a parsed file (its records are stored): count, check, report. */
static void finish_parsed(cbec_ingest *ig, file_job *job)
{
    const char *name = job->plugin->desc->name;
    char *msg = NULL;

    if (job->drain_error && strcmp(job->status, "ok") == 0) {
        /* The plugin stopped early and the rest could not be read: say so. */
        job->c.read++;
        job->c.quarantined++;
        cbec_store_quarantine(ig->st, ig->run_id, job->display, "rest of input", "INPUT_ERROR", job->drain_error,
                              NULL, 0);
        job->status = "partial";
    }
    if (!job->pre && !ig->opts.dry_run && !job->replaced.readings &&
        cbec_reingest_sealed(ig->st, job->sha, ig->run_id, ig->opts.reread && job->reread_sha) != 0) {
        /* An archive member we have seen before: undo, report as skipped.  (--force: one this
         * run read already, or one whose hash was not known before its records were stored:
         * its earlier rows could not be replaced first.) */
        cbec_store_file_rollback(ig->st);
        ig->t.files_skipped++;
        memset(&job->c, 0, sizeof job->c);
        report_file(ig, job->display, name, "skipped", &job->c, job->sha, NULL);
        return;
    }
    if (job->c.quarantined && strcmp(job->status, "ok") == 0)
        job->status = "partial";
    if (job->c.stored == 0 && job->c.duplicate == 0 && job->c.quarantined > 0)
        job->status = "failed";
    if (job->unbalanced) {
        msg = g_strdup_printf("%d statement(s) do not tie out", job->unbalanced);
        ig->t.statements_unbalanced += job->unbalanced;
    }
    ig->t.bytes += job->size;
    if (!job->replaced.readings &&
        cbec_reingest_replace(ig->st, job->sha, job->path, job->member, 0, ig->run_id, job->source_id,
                              &job->replaced) != CBEC_ERR_NONE) {
        cbec_store_file_rollback(ig->st);
        ig->t.db_failed = 1;
        g_free(msg);
        return;
    }
    finish_file(ig, job->sha, job->size, &job->c, job->status, msg);
    add_totals(ig, &job->c);
    report_file(ig, job->display, name, job->status, &job->c, job->sha, msg);
    report_replaced(ig, job->display, name, &job->replaced);
    g_free(msg);
}

static int begin_file(cbec_ingest *ig, file_job *job)
{
    int64_t sid = 0;
    if (cbec_store_file_begin(ig->st, ig->run_id, job->path, job->member, job->size_hint, &sid) != CBEC_ERR_NONE) {
        ig->t.db_failed = 1;
        cbec_readahead_cancel(ig->ra, -1);
        return -1;
    }
    cbec_store_file_plugin(ig->st, job->plugin->desc->name, job->plugin->desc->version);
    job->source_id = sid;
    job->in_tx = 1;
    /* --force: the earlier readings go before the first record is stored, in the same
     * transaction, or the new records would count as duplicates of the rows being replaced. */
    if (job->reread_sha && cbec_reingest_replace(ig->st, job->reread_sha, job->path, job->member, 1, ig->run_id, sid,
                                                 &job->replaced) != CBEC_ERR_NONE) {
        cbec_store_file_rollback(ig->st);
        job->in_tx = 0;
        ig->t.db_failed = 1;
        cbec_readahead_cancel(ig->ra, -1);
        return -1;
    }
    return 0;
}

/* Isolation mode: a child process parses job->in, its records are stored here. */
static void run_isolated(cbec_ingest *ig, file_job *job)
{
    char why_iso[600] = "";
    int timeout, r;

    plugin_isolated(ig->cfg, job->plugin->desc->name, &timeout);
    if (begin_file(ig, job) != 0)
        return;
    r = cbec_isolate_run(job->in, job->plugin, cbec_host_table(), timeout, &ig->rec, handle_result, job, why_iso,
                         sizeof why_iso);
    if (r != 0) {
        /* Crashed, hung or could not start: what it produced stays, the rest is quarantined. */
        job->c.read++;
        job->c.quarantined++;
        cbec_store_quarantine(ig->st, ig->run_id, job->display, "rest of input",
                              r > 0 ? "PLUGIN_CRASHED" : "ISOLATION_FAILED", why_iso, NULL, 0);
        cbec_logf(CBEC_L_ERROR, job->plugin->desc->name, job->display, "%s", why_iso);
        job->status = "partial";
    }
    if (cbec_input_drain(job->in) != 0)
        job->drain_error = g_strdup(cbec_input_error(job->in) ? cbec_input_error(job->in) : "read error");
    job->sha = g_strdup(input_sha(job, job->in));
    job->size = cbec_input_bytes(job->in);
    finish_parsed(ig, job);
}

static void consume(cbec_readahead *ra, cbec_ra_item *it, void *ud)
{
    cbec_ingest *ig = ud;
    file_job *job = it->job;
    int known;

    if (!job->seen) {
        job->seen = 1;
        ig->t.files_seen++;
        cbec_progress_update(ig->t.files_seen, ig->t.bytes, job->display);
    }
    switch (it->control) {
    case 0:
        if (job->skip)
            break;
        job->bytes_now = it->bytes;
        if (handle_result(job, it->status, &it->err, &it->rec) != 0) {
            /* Stop parsing this file; what the reader still produced for it is ignored. */
            job->skip = 1;
            cbec_readahead_cancel(ra, job->id);
        }
        break;
    case MSG_BEGIN:
        if (ig->t.db_failed || begin_file(ig, job) != 0)
            job->skip = 1;
        break;
    case MSG_END:
        if (job->in_tx)
            finish_parsed(ig, job);
        job_free(job);
        break;
    case MSG_WHOLE:
        if (!ig->t.db_failed) {
            if (job->log_error)
                cbec_logf(CBEC_L_ERROR, NULL, job->display, "%s", job->message);
            quarantine_whole(ig, job->display, job->path, job->member,
                             job->plugin ? job->plugin->desc->name : NULL, job->reason, job->message, job->sha,
                             job->size, job->whole_status);
        }
        job_free(job);
        break;
    case MSG_KNOWN:
        known = ig->t.db_failed || cbec_reingest_sealed(ig->st, job->pre, ig->run_id, ig->opts.reread) != 0;
        if (known && !ig->t.db_failed) {
            ig->t.files_skipped++;
            report_file(ig, job->display, NULL, "skipped", &job->c, job->pre, NULL);
        }
        if (known)
            job_free(job);
        cbec_readahead_answer(ra, known);
        break;
    case MSG_ISOLATED:
        if (!ig->t.db_failed)
            run_isolated(ig, job);
        job_free(job);
        cbec_readahead_answer(ra, 0);
        break;
    }
}

cbec_err cbec_ingest_paths(cbec_ingest *ig, const char *const *paths, int n)
{
    if (n < 1)
        return CBEC_ERR_NONE;
    if (ig->opts.reread && n > 1) {
        /* --force: an archive member's hash is known only once it is read, after its
         * records are stored; its earlier rows must go first.  So each path is walked and
         * hashed once beforehand (what --force costs: reading it twice), one path at a time. */
        cbec_err rc = CBEC_ERR_NONE;
        for (int i = 0; i < n; i++) {
            cbec_err r = cbec_ingest_paths(ig, &paths[i], 1);
            if (rc == CBEC_ERR_NONE)
                rc = r;
        }
        return rc;
    }
    if (!ig->ra) {
        /* Once per ingest, not per path: savepoint journals in memory, a bigger page
         * cache and grouped commits while storing (cbec_ingest_end gives them back). */
        cbec_store_ingest_mode(ig->st, 1);
        ig->ra = cbec_readahead_new();
    }
    ig->walk_paths = paths;
    ig->walk_n = n;
    ig->walk_rc = CBEC_ERR_NONE;
    if (ig->opts.reread) {
        if (ig->hashes)
            g_ptr_array_unref(ig->hashes);
        ig->hashes = cbec_reingest_hash_walk(paths[0], &ig->walk);
        ig->next_hash = 0;
    }
    /* All the paths in one read-ahead run: a run per path drained the ring at every path's
     * end, and the storing thread waited for the reader at every start (17 archives of a
     * 50k-trade night: 0.5 s of waiting). */
    cbec_readahead_run(ig->ra, produce, ig, consume, ig);
    return ig->walk_rc;
}

cbec_err cbec_ingest_path(cbec_ingest *ig, const char *path)
{
    return cbec_ingest_paths(ig, &path, 1);
}

void cbec_ingest_end(cbec_ingest *ig)
{
    if (!ig->ra)
        return;
    /* The ring's records keep the capacity of the widest ones seen (tens of MB over
     * 3072 records), and reconcile's temp tables want the connection's defaults. */
    cbec_readahead_free(ig->ra);
    ig->ra = NULL;
    if (cbec_store_ingest_mode(ig->st, 0) != CBEC_ERR_NONE && !ig->opts.dry_run)
        ig->t.db_failed = 1;
#ifdef RUSAGE_THREAD
    {
        /* This thread stores (SQLite); the reader threads parse.  What it spent tells the two
         * apart when a night is timed (make bench, issue 22). */
        struct rusage ru;
        if (getrusage(RUSAGE_THREAD, &ru) == 0)
            cbec_debug("ingest: the storing thread used %.2f s of CPU (user %.2f, system %.2f)",
                       (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
                           ru.ru_stime.tv_usec / 1e6,
                       (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6,
                       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
    }
#endif
    if (ig->t.db_failed && !ig->opts.dry_run) {
        /* A commit failed (disk full, I/O error): the files of its group were counted
         * when they were stored and are gone since.  The totals (the run row, the log
         * line, the manifest) are then what the dataset holds, not what was counted. */
        cbec_counts c;
        int64_t files_q = 0, bytes = 0;
        if (cbec_store_run_committed(ig->st, ig->run_id, &c, &files_q, &bytes) == CBEC_ERR_NONE) {
            ig->t.records = c;
            ig->t.files_quarantined = files_q;
            ig->t.bytes = bytes;
        } else
            memset(&ig->t.records, 0, sizeof ig->t.records); /* nothing can be vouched for */
    }
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
    cbec_ingest_end(ig);
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
    if (ig->hashes)
        g_ptr_array_unref(ig->hashes);
    cbec_record_free(&ig->rec);
    g_free(ig);
}
