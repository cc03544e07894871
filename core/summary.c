/* The closing summary line.  Integers only: the duration is printed from
 * microseconds to a tenth of a second without floating point. */
#include <string.h>

#include "core/base/log.h"
#include "core/summary.h"

void cbec_summary_begin(cbec_summary *s, const char *command)
{
    memset(s, 0, sizeof *s);
    s->command = command;
    s->start_us = g_get_monotonic_time();
}

void cbec_summary_add(cbec_summary *s, const char *night, const cbec_ingest_totals *t)
{
    if (night) {
        if (!s->first_night)
            s->first_night = g_strdup(night);
        g_free(s->last_night);
        s->last_night = g_strdup(night);
    }
    s->t.records.read += t->records.read;
    s->t.records.stored += t->records.stored;
    s->t.records.quarantined += t->records.quarantined;
    s->t.records.duplicate += t->records.duplicate;
    s->t.files_seen += t->files_seen;
    s->t.files_skipped += t->files_skipped;
    s->t.statements_unbalanced += t->statements_unbalanced;
}

void cbec_summary_end(cbec_summary *s, int rc)
{
    gint64 tenths = (g_get_monotonic_time() - s->start_us + 50000) / 100000;
    char *night;

    if (!s->first_night)
        night = g_strdup("-");
    else if (strcmp(s->first_night, s->last_night) == 0)
        night = g_strdup(s->first_night);
    else
        night = g_strconcat(s->first_night, "..", s->last_night, NULL);
    cbec_log_summary("%s night %s duration %lld.%llds files %lld (%lld skipped) read %lld = stored %lld + "
                     "quarantined %lld + duplicate %lld, statements not tying out %lld, exit %d",
                     s->command, night, (long long)(tenths / 10), (long long)(tenths % 10),
                     (long long)s->t.files_seen, (long long)s->t.files_skipped, (long long)s->t.records.read,
                     (long long)s->t.records.stored, (long long)s->t.records.quarantined,
                     (long long)s->t.records.duplicate, (long long)s->t.statements_unbalanced, rc);
    g_free(night);
    g_free(s->first_night);
    g_free(s->last_night);
    memset(s, 0, sizeof *s);
}
