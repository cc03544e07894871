/**
 * @file handling.h
 * @brief How risk alerts are handled (`cbecflow alert ack|close`): open, in hand, closed.
 *
 * An action is a row of alert_action that names its alert by the alert's key (rule, entity,
 * business date) and keeps the evidence it was taken on.  `analyse` may remove an alert and
 * raise it again on a later night under a new alert_id: the action still applies as long as
 * the evidence is the same.  When the evidence changes (more orders, a larger total) the
 * alert is open again, because what was judged is no longer what the alert says.  The view
 * v_alert_status (core/schema.sql) gives each alert's state.
 */
#ifndef CBEC_HANDLING_H
#define CBEC_HANDLING_H

#include <stdint.h>
#include <sqlite3.h>

#include "core/base/error.h"

/** What an action does to an alert. */
typedef enum cbec_alert_verb {
    CBEC_ALERT_ACK = 0,   /**< taken in hand (status in_hand) */
    CBEC_ALERT_CLOSE      /**< closed (status closed) */
} cbec_alert_verb;

/**
 * Record an action on alert alert_id, now.
 * @param note  what was done or found (required, not empty)
 * @param actor who acted (required, not empty)
 * @param why   receives a reason on failure (g_free)
 * @return CBEC_ERR_NONE; CBEC_ERR_NOT_FOUND when there is no such alert; CBEC_ERR_USAGE for an
 *         empty note or actor; CBEC_ERR_DB
 */
cbec_err cbec_alert_act(sqlite3 *db, int64_t alert_id, cbec_alert_verb verb, const char *note, const char *actor,
                        char **why);

#endif
