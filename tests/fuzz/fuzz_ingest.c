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
#include <sqlite3.h>

#include "core/base/config.h"
#include "core/ingest.h"
#include "core/loader.h"
#include "core/base/log.h"
#include "core/base/personal.h"
#include "core/store.h"

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
/* One ingest per plugin of the family (one in all for fuzz_walk), for the whole session:
 * starting one costs threads and buffers, ~50 ms, more than most inputs. */
#define FAMILY_MAX 16
static cbec_ingest *igs[FAMILY_MAX];
static cbec_ingest_opts opts[FAMILY_MAX];
static int64_t run;
static char *dir, *input;
static const char *const *family;
static size_t family_n;

static void cleanup(void)
{
    for (size_t i = 0; i < FAMILY_MAX; i++)
        if (igs[i]) {
            cbec_ingest_end(igs[i]);
            cbec_ingest_free(igs[i]);
        }
    cbec_store_run_forget(st, run);
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
    /* Nothing of a dry run reaches the disk: no fsync per input. */
    sqlite3_exec(cbec_store_db(st), "PRAGMA synchronous=OFF", NULL, NULL, NULL);
    run = cbec_store_run_begin(st, "fuzz", NULL);
    if (family_n > FAMILY_MAX)
        abort();
    for (size_t i = 0; i < (family ? family_n : 1); i++) {
        opts[i].dry_run = 1;
        opts[i].force_source = family ? family[i] : NULL;
        igs[i] = cbec_ingest_new(st, reg, cfg, &opts[i], run);
    }
    g_free(db);
    g_free(key);
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cbec_ingest *ig = igs[0];
    cbec_counts before;
    const cbec_ingest_totals *t;

    if (family) {
        if (size < 1)
            return 0;
        ig = igs[data[0] % family_n];
        data++;
        size--;
    }
    if (!g_file_set_contents(input, (const char *)data, (gssize)size, NULL))
        abort();
    before = cbec_ingest_get_totals(ig)->records;
    cbec_ingest_path(ig, input);
    /* read = stored + quarantined + duplicate, whatever the input */
    t = cbec_ingest_get_totals(ig);
    if (t->records.read - before.read != (t->records.stored - before.stored) +
                                             (t->records.quarantined - before.quarantined) +
                                             (t->records.duplicate - before.duplicate)) {
        fprintf(stderr, "fuzz: counts not conserved: read %lld stored %lld quarantined %lld duplicate %lld\n",
                (long long)t->records.read, (long long)t->records.stored, (long long)t->records.quarantined,
                (long long)t->records.duplicate);
        abort();
    }
    return 0;
}
