/* Handling of risk alerts: one alert_action row per `cbecflow alert ack|close` (handling.h). */
#include <string.h>
#include <glib.h>

#include "analysis/credit_risk/handling.h"

cbec_err cbec_alert_act(sqlite3 *db, int64_t alert_id, cbec_alert_verb verb, const char *note, const char *actor,
                        char **why)
{
    sqlite3_stmt *s = NULL;
    GDateTime *now;
    char *at, *bare = g_strstrip(g_strdup(note ? note : ""));
    int rc, blank = !*bare;

    g_free(bare);
    if (blank || !actor || !*actor) {
        /* an action without a note or a name cannot be audited later */
        *why = g_strdup(!actor || !*actor ? "who acted is unknown: give --by NAME" : "an action needs --note TEXT");
        return CBEC_ERR_USAGE;
    }
    now = g_date_time_new_now_local();
    at = g_date_time_format(now, "%Y-%m-%dT%H:%M:%S%:z");
    g_date_time_unref(now);
    /* The key and the evidence are copied from the alert as it is now: they, not the row id,
     * tie the action to the alert across nights. */
    rc = sqlite3_prepare_v2(db,
                            "INSERT INTO alert_action(alert_id, rule_id, entity_kind, entity_key, business_date,"
                            " evidence, action, note, actor, acted_at) SELECT alert_id, rule_id, entity_kind,"
                            " entity_key, business_date, evidence, ?2, ?3, ?4, ?5 FROM alert WHERE alert_id=?1",
                            -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, alert_id);
        sqlite3_bind_text(s, 2, verb == CBEC_ALERT_CLOSE ? "close" : "ack", -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, note, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, actor, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, at, -1, SQLITE_STATIC);
        rc = sqlite3_step(s);
    }
    g_free(at);
    if (rc != SQLITE_DONE) {
        *why = g_strdup_printf("cannot record the action: %s", sqlite3_errmsg(db));
        sqlite3_finalize(s);
        return CBEC_ERR_DB;
    }
    sqlite3_finalize(s);
    if (sqlite3_changes(db) == 0) {
        *why = g_strdup_printf("no alert %lld (cbecflow alert list shows the alerts and their ids)",
                               (long long)alert_id);
        return CBEC_ERR_NOT_FOUND;
    }
    return CBEC_ERR_NONE;
}
