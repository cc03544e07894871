/**
 * @file commands.h
 * @brief The `cbecflow` subcommands and the steps `cbecflow run` chains.
 *
 * Each command parses its own options and returns a CBEC_EXIT_* status.
 */
#ifndef CBEC_COMMANDS_H
#define CBEC_COMMANDS_H

#include "core/base/config.h"
#include "core/store.h"

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
int cbec_cmd_forget(cbec_global *g, int argc, char **argv);
int cbec_cmd_schema(cbec_global *g, int argc, char **argv);
int cbec_cmd_export(cbec_global *g, int argc, char **argv);
int cbec_cmd_publish(cbec_global *g, int argc, char **argv);

/**
 * The [publish] settings in effect (zone_opt / to_opt from the command line win over
 * [publish] zone / to); 0 when usable, else logged, CBEC_EXIT_USAGE.  *to NULL: none set.
 */
int cbec_publish_settings(cbec_global *g, const char *zone_opt, const char *to_opt, const char **zone,
                          const char **to);
/** Publish the open dataset db (path: its file) as the settings say; a CBEC_EXIT_* status. */
int cbec_publish_dataset(cbec_global *g, sqlite3 *db, const char *path, const char *zone, const char *to);
int cbec_cmd_alert(cbec_global *g, int argc, char **argv);

#endif
