/* libFuzzer target: one input through the real ingest path, as `cbecflow ingest
 * --dry-run [--source NAME]` takes it: the walk (archives, nesting, budgets), the
 * probe or a forced plugin, the plugin's parser on its reader thread, the records
 * validated against the live schema and stored in a transaction that is rolled back.
 *
 * One source, four targets (tests/fuzz/local.mk):
 *   fuzz_walk     no plugin forced: archives and every plugin's probe
 *   fuzz_ceb      the customs CEB XML parser
 *   fuzz_bank     camt053 / mt940 / bankcsv, chosen by the first byte
 *   fuzz_tabular  the CSV/XLSX reader under the tabular plugins, chosen by the first byte
 * The first byte of a family target picks the plugin; tests/fuzz/seeds makes the seed
 * corpora from the test fixtures with that byte in front.  Findings come from ASan/UBSan
 * (the whole build is instrumented) and from libFuzzer's own timeout and RSS limits. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "config.h"
#include "ingest.h"
#include "loader.h"
#include "log.h"
#include "personal.h"
#include "store.h"

#ifndef FUZZ_FAMILY
#define FUZZ_FAMILY NULL
#endif

static const char *const family_ceb[] = {"ceb", NULL};
static const char *const family_bank[] = {"camt053", "mt940", "bankcsv", NULL};
static const char *const family_tabular[] = {"shopify_orders", "ebay_orders", "ozon_postings", "wildberries_report",
                                             "amazon_orders", "amazon_settlement", "postal_manifest", "enterprise",
                                             "fx_rates", NULL};

static cbec_config *cfg;
static cbec_registry *reg;
static cbec_store *st;
static char *dir, *input;
static const char *const *family;
static size_t family_n;

static void cleanup(void)
{
    cbec_store_close(st);
    cbec_registry_free(reg);
    cbec_config_free(cfg);
    if (dir) {
        char *cmd = g_strdup_printf("rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "fuzz: could not remove %s\n", dir);
        g_free(cmd);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *name = FUZZ_FAMILY;
    char *why = NULL, *db, *key;

    (void)argc;
    (void)argv;
    if (name && strcmp(name, "ceb") == 0)
        family = family_ceb;
    else if (name && strcmp(name, "bank") == 0)
        family = family_bank;
    else if (name && strcmp(name, "tabular") == 0)
        family = family_tabular;
    for (family_n = 0; family && family[family_n]; family_n++)
        ;
    cbec_log_set_level(getenv("FUZZ_VERBOSE") ? 3 : -1);
    dir = g_dir_make_tmp("cbecfuzz-XXXXXX", NULL);
    if (!dir)
        abort();
    db = g_build_filename(dir, "fuzz.db", NULL);
    key = g_build_filename(dir, "site.key", NULL);
    input = g_build_filename(dir, "input", NULL);
    if (cbec_config_load(NULL, &cfg, &why) != CBEC_ERR_NONE)
        abort();
    cbec_config_set(cfg, "core", "key_file", key);
    if (cbec_personal_init(cfg, &why) != CBEC_ERR_NONE || cbec_store_open(db, 0, &st, &why) != CBEC_ERR_NONE) {
        fprintf(stderr, "fuzz: %s\n", why);
        abort();
    }
    cbec_registry_load(NULL, &reg);
    for (size_t i = 0; i < family_n; i++)
        if (!cbec_registry_find(reg, family[i])) {
            fprintf(stderr, "fuzz: plugin %s not found in %s (set CBECFLOW_PLUGIN_PATH)\n", family[i],
                    cbec_plugin_path());
            abort();
        }
    g_free(db);
    g_free(key);
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cbec_ingest_opts o = {0};
    cbec_ingest *ig;
    int64_t run;

    if (family) {
        if (size < 1)
            return 0;
        o.force_source = family[data[0] % family_n];
        data++;
        size--;
    }
    if (!g_file_set_contents(input, (const char *)data, (gssize)size, NULL))
        abort();
    o.dry_run = 1;
    run = cbec_store_run_begin(st, "fuzz", NULL);
    ig = cbec_ingest_new(st, reg, cfg, &o, run);
    cbec_ingest_path(ig, input);
    cbec_ingest_end(ig);
    /* read = stored + quarantined + duplicate, whatever the input */
    {
        const cbec_ingest_totals *t = cbec_ingest_get_totals(ig);
        if (t->records.read != t->records.stored + t->records.quarantined + t->records.duplicate) {
            fprintf(stderr, "fuzz: counts not conserved: read %lld stored %lld quarantined %lld duplicate %lld\n",
                    (long long)t->records.read, (long long)t->records.stored, (long long)t->records.quarantined,
                    (long long)t->records.duplicate);
            abort();
        }
    }
    cbec_ingest_free(ig);
    cbec_store_run_forget(st, run);
    return 0;
}
