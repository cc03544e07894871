/**
 * @file commands.h
 * @brief The `cbecflow` subcommands and the steps `cbecflow run` chains.
 *
 * Each command parses its own options and returns a CBEC_EXIT_* status.
 */
#ifndef CBEC_COMMANDS_H
#define CBEC_COMMANDS_H

#include "config.h"
#include "store.h"

/** Options every command shares, parsed by cli.c before the subcommand. */
typedef struct cbec_global {
    cbec_config *cfg;          /**< loaded config (empty when none given) */
    const char *config_path;   /**< --config value or NULL */
    struct cbec_registry *reg; /**< the plugins, when checking [plugin.*] keys loaded them: a session
                                    reuses them instead of loading every module again (cli frees) */
} cbec_global;

int cbec_cmd_ingest(cbec_global *g, int argc, char **argv);
int cbec_cmd_probe(cbec_global *g, int argc, char **argv);
int cbec_cmd_plugins(cbec_global *g, int argc, char **argv);
int cbec_cmd_status(cbec_global *g, int argc, char **argv);
int cbec_cmd_run(cbec_global *g, int argc, char **argv);
int cbec_cmd_demo(cbec_global *g, int argc, char **argv);
int cbec_cmd_reconcile(cbec_global *g, int argc, char **argv);
int cbec_cmd_analyse(cbec_global *g, int argc, char **argv);
int cbec_cmd_report(cbec_global *g, int argc, char **argv);
int cbec_cmd_config(cbec_global *g, int argc, char **argv);

/* Steps of `cbecflow run`, each owned by its module (reconcile/, analyse/, reports/).
 * date is the business date YYYY-MM-DD.  Each returns a CBEC_EXIT_* status and logs why. */
int cbec_step_reconcile(cbec_store *st, const cbec_config *cfg, const char *date);
int cbec_step_analyse(cbec_store *st, const cbec_config *cfg, const char *date);
/** Render one report into outdir (atomically); kind statistics|credit|risk|reconciliation, format xlsx|pdf, lang zh|en. */
int cbec_step_report(cbec_store *st, const cbec_config *cfg, const char *kind, const char *format,
                     const char *lang, const char *date, const char *outdir, char **written_path);

#endif
