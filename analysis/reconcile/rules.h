/* The reconciliation rule pack (rules.c): loading it and reading its values; reconcile.c builds
 * its SQL from them.  It knows nothing of reconcile.c. */
#ifndef CBEC_RC_RULES_H
#define CBEC_RC_RULES_H

#include <stdint.h>
#include <glib.h>
#include <sqlite3.h>

#include "core/base/config.h"
#include "core/base/error.h"
#include "core/rules.h"

/** A tolerance: max(pct_ppm / 1e6 x amount, abs_minor). */
typedef struct rc_tol {
    int64_t pct_ppm;
    int64_t abs_minor;
} rc_tol;

enum { RC_TOL_TRADE = 0, RC_TOL_BANK = 1 };

/** A loaded rule pack (etc/reconcile.rules). */
typedef struct cbec_rc_rules cbec_rc_rules;

/**
 * Load the rule pack: [reconcile] rules from the configuration (must exist when
 * given), else $(pkgdatadir)/reconcile.rules, else $CBECFLOW_SRCDIR/etc/reconcile.rules,
 * else built-in defaults (with a warning).
 * @param cfg configuration (may be NULL)
 * @param out receives the pack
 * @param why receives a malloc'd reason on failure (g_free)
 * @return CBEC_ERR_NONE, or CBEC_ERR_CONFIG for an unreadable or invalid pack
 */
cbec_err cbec_rc_rules_load(const cbec_config *cfg, cbec_rc_rules **out, char **why);
/** Load a rule pack from a file (NULL: built-in defaults). */
cbec_err cbec_rc_rules_load_file(const char *path, cbec_rc_rules **out, char **why);
/** Release a rule pack. */
void cbec_rc_rules_free(cbec_rc_rules *r);
/** The pack's version ([pack] version). */
const char *cbec_rc_rules_version(const cbec_rc_rules *r);


struct cbec_rc_rules {
    cbec_rules *src;              /* the rule file (core/rules.h) */
    const char *version;          /* its version (owned by src) */
    char **order;                 /* reason codes, priority order */
    char **stages;                /* bank stages, in order */
    char **ignore_refs;           /* filler references */
    GHashTable *tol[2];           /* currency -> rc_tol* */
    rc_tol tol_def[2];
    int64_t lead_days, window_days;
    int fees;
    int64_t fee_ppm, fee_abs, fx_ppm;
    int64_t pay_before_h, pay_after_h;
    int64_t single_limit, annual_limit;  /* fen */
    GHashTable *accounts;         /* normalised account number -> enterprise code ([accounts]) */
    char **wire_modes;            /* trade modes paid by a wire naming the order ([bank] wire_trade_modes) */
    int64_t wire_grace;           /* days a wire-paid trade waits for its credit ([PAYMENT_MISSING] grace_days) */
};

/** The contract reason codes, in the default order. */
extern const char *const cbec_rc_codes[];
/** Known bank stages. */
extern const char *const cbec_rc_stage_names[];

/** Tolerance of kind (RC_TOL_*) for an amount in a currency. */
int64_t cbec_rc_tolerance(const cbec_rc_rules *r, int kind, const char *currency, int64_t amount);
/** Whether a reason rule is enabled. */
int cbec_rc_enabled(const cbec_rc_rules *r, const char *code);
/**
 * SQL condition restricting a rule to its directions and trade modes
 * ("1" when unrestricted); dir and mode are the SQL expressions to test (g_free).
 */
char *cbec_rc_scope(const cbec_rc_rules *r, const char *group, const char *dir, const char *mode);
/** Whether the ';' list group.key (default def) contains item. */
int cbec_rc_list_has(const cbec_rc_rules *r, const char *group, const char *key, const char *def,
                     const char *item);
/** Boolean group.key with default. */
int cbec_rc_bool(const cbec_rc_rules *r, const char *group, const char *key, int def);
/** Integer group.key with default. */
int64_t cbec_rc_int(const cbec_rc_rules *r, const char *group, const char *key, int64_t def);
/** An account number as compared: ASCII upper case, no spaces (g_free); SQL: upper(replace(a,' ','')). */
char *cbec_rc_account_norm(const char *account);
/** SQL condition "expr IN (wire trade modes)", "0" when none (g_free). */
char *cbec_rc_wire_cond(const cbec_rc_rules *r, const char *mode);

#endif
