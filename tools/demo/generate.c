/* `cbecflow demo --out DIR [--trades N] [--seed S] [--date D]`: a deterministic,
 * realistic night of the Hohhot pilot zone (see demo.h).
 *
 * Layout written under DIR:
 *   drop/<date>/platforms/<ebpCode>_<date>.zip      CEB311 + CEB303 messages of the platform,
 *                                                   and a nested zip of the customs receipts (312, 622)
 *   drop/<date>/payments/<payCode>_<date>.tar.gz    CEB411 + CEB403 of the payment company
 *   drop/<date>/logistics/<logisticsCode>_<date>.zip CEB511 + CEB505 waybills, CEB621 + CEB603 lists
 *                                                   (the carrier declares the lists as the customs agent)
 *   drop/<date>/bank/camt053_<account>_<date>.xml   the zone settlement account's statement (B2B wires),
 *                                                   and one per platform's settlement account (batch credits)
 *   drop/<date>/bank/mt940_<account>_<date>.sta     the second bank's MT940 of the zone's second account
 *   drop/<date>/postal/<code>_manifest_<date>.csv    the post's e-packet manifest of its parcels (export, import)
 *   drop/<date>/stores/<ebpCode>_{shopify,ebay}_orders_<date>.csv
 *                                                   two platforms' storefront exports of their 9610 exports
 *   drop/<date>/stores/<ebpCode>_ozon_postings_<date>.csv
 *                                                   a third platform's Ozon postings of its 9610 exports to Russia
 *   drop/<date>/credit/enterprise_register_<date>.csv the enterprise register of the cast (enterprise plugin)
 *   drop/<date>/credit/credit_events_<date>.csv      their credit events (penalties, complaints ...)
 *   truth.tsv                                        ground truth: one row per trade (+ the bank anomaly)
 *   cbecflow.conf                                    runs the night: cbecflow run --config DIR/cbecflow.conf
 *
 * Money is integer fen throughout; times are Asia/Shanghai wall-clock of the date. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <archive.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "tools/demo/catalog.h"
#include "core/base/dates.h"
#include "tools/demo/gen.h"

const char *cbec_demo_strerror(cbec_demo_err err)
{
    static const char *const msg[] = {"ok", "the night's drop folder exists already", "cannot write a file",
                                      "the archive writer failed"};
    return (unsigned)err < CBEC_DEMO_ERR_MAX ? msg[err] : "unknown demo error";
}

static int rm_tree(const char *path)
{
    GDir *d;
    const char *n;
    if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
        if ((d = g_dir_open(path, 0, NULL))) {
            while ((n = g_dir_read_name(d))) {
                char *p = g_build_filename(path, n, NULL);
                rm_tree(p);
                g_free(p);
            }
            g_dir_close(d);
        }
        return g_rmdir(path);
    }
    return g_unlink(path);
}

static int open_outputs(gen *g)
{
    const char *sub[] = {"platforms", "payments", "logistics", "bank"};
    char *p;
    int i, k;

    for (i = 0; i < 4; i++) {
        p = g_build_filename(g->night_tmp, sub[i], NULL);
        if (g_mkdir_with_parents(p, 0755) != 0) {
            demo_fail(g, "%s: %s", p, g_strerror(errno));
            g_free(p);
            return -1;
        }
        g_free(p);
    }
    for (i = 0; i < NP; i++) {
        char *name = g_strdup_printf("%s_%s.zip", cbec_demo_platforms[i].code, g->ymd);
        p = g_build_filename(g->night_tmp, "platforms", name, NULL);
        g_free(name);
        k = demo_sink_open(g, &g->plat[i], p, 0);
        g_free(p);
        if (k < 0)
            return -1;
        name = g_strdup_printf(".%s_receipts.zip", cbec_demo_platforms[i].code);
        p = g_build_filename(g->night_tmp, "platforms", name, NULL);
        g_free(name);
        k = demo_sink_open(g, &g->rcpt[i], p, 0);
        g_free(p);
        if (k < 0)
            return -1;
        name = g_strdup_printf("%s_%s.tar.gz", cbec_demo_paycos[i].code, g->ymd);
        p = g_build_filename(g->night_tmp, "payments", name, NULL);
        g_free(name);
        k = demo_sink_open(g, &g->pay[i], p, 1);
        g_free(p);
        if (k < 0)
            return -1;
        name = g_strdup_printf("%s_%s.zip", cbec_demo_carriers[i].code, g->ymd);
        p = g_build_filename(g->night_tmp, "logistics", name, NULL);
        g_free(name);
        k = demo_sink_open(g, &g->carr[i], p, 0);
        g_free(p);
        if (k < 0)
            return -1;
        g->plat[i].rotate = g->carr[i].rotate = 1;
    }
    for (i = 0; i < NP; i++) {
        for (k = 0; k < K_N; k++) {
            mbuf *m = &g->buf[i][k];
            m->s = g_string_sized_new(256 * 1024);
            m->kind = k;
            switch (k) {
            case K311: case K303: m->to = &g->plat[i]; m->sender = &cbec_demo_platforms[i]; break;
            case K312: case K622: m->to = &g->rcpt[i]; m->sender = NULL; break;
            case K411: case K403: m->to = &g->pay[i]; m->sender = &cbec_demo_paycos[i]; break;
            default: m->to = &g->carr[i]; m->sender = &cbec_demo_carriers[i]; break;
            }
        }
        for (k = 0; k < 2; k++) {
            mbuf *m = &g->late[i][k];
            m->s = g_string_sized_new(64 * 1024);
            m->kind = k ? K303 : K311;
            m->to = &g->plat[i];
            m->sender = &cbec_demo_platforms[i];
        }
    }
    return 0;
}

/* Flush every message, nest the receipts zips into the platform zips, close the archives. */
static int close_outputs(gen *g)
{
    int i, k, rc = 0;
    for (i = 0; i < NP; i++) {
        for (k = 0; k < K_N; k++)
            if (g->buf[i][k].s && demo_msg_flush(g, &g->buf[i][k]) < 0)
                rc = -1;
        for (k = 0; k < 2; k++)
            if (g->late[i][k].s && demo_msg_flush(g, &g->late[i][k]) < 0)
                rc = -1;
    }
    for (i = 0; i < NP; i++) {
        int had = g->rcpt[i].entries > 0;
        char *member = g_strdup_printf("receipts/%s_customs_receipts_%s.zip", cbec_demo_platforms[i].code, g->ymd);
        if (demo_sink_close(g, &g->rcpt[i]) < 0)
            rc = -1;
        if (had && rc == 0 && demo_sink_add_file(g, &g->plat[i], member, g->rcpt[i].path) < 0)
            rc = -1;
        if (g->rcpt[i].path)
            g_unlink(g->rcpt[i].path);
        if (!had && g->c)
            g->c->archives--;
        g_free(member);
        if (demo_sink_close(g, &g->plat[i]) < 0 || demo_sink_close(g, &g->pay[i]) < 0 || demo_sink_close(g, &g->carr[i]) < 0)
            rc = -1;
    }
    return rc;
}

static void free_outputs(gen *g)
{
    int i, k;
    sink *all[] = {g->plat, g->rcpt, g->pay, g->carr};
    tabout *tabs[] = {&g->shop, &g->ebay, &g->post, &g->ozon};

    for (i = 0; i < (int)G_N_ELEMENTS(tabs); i++) {
        if (tabs[i]->f)
            fclose(tabs[i]->f);
        g_free(tabs[i]->path);
    }
    for (i = 0; i < NP; i++) {
        for (k = 0; k < K_N; k++)
            if (g->buf[i][k].s)
                g_string_free(g->buf[i][k].s, TRUE);
        for (k = 0; k < 2; k++)
            if (g->late[i][k].s)
                g_string_free(g->late[i][k].s, TRUE);
        for (k = 0; k < 4; k++) {
            if (all[k][i].a)
                archive_write_free(all[k][i].a);
            g_free(all[k][i].path);
        }
    }
}

cbec_demo_err cbec_demo_generate(const cbec_demo_opts *o, cbec_demo_counts *counts, char **why)
{
    gen G, *g = &G;
    cbec_demo_counts local;
    cbec_demo_err err = CBEC_DEMO_IO;
    char *drop = NULL, *truth_tmp = NULL, *truth = NULL, *conf = NULL, *text = NULL, *stmt = NULL;

    memset(g, 0, sizeof *g);
    memset(&local, 0, sizeof local);
    g->o = o;
    g->c = counts ? counts : &local;
    memset(g->c, 0, sizeof *g->c);
    /* the stream depends on the seed and the date only */
    g->r = g_rand_new_with_seed(o->seed ^ (uint32_t)(o->year * 10000 + o->month * 100 + o->day) * 2654435761u);
    g->phone_b = g_rand_int(g->r);
    g->id_b = g_rand_int(g->r);
    {
        guint32 s2[3] = {o->seed, (guint32)(o->year * 10000 + o->month * 100 + o->day), 0x45585054u /* EXPT */};
        g->r2 = g_rand_new_with_seed_array(s2, 3);
        s2[2] = 0x4D543934u; /* MT94 */
        g->r3 = g_rand_new_with_seed_array(s2, 3);
        s2[2] = 0x42414E4Bu; /* BANK */
        g->r4 = g_rand_new_with_seed_array(s2, 3);
    }
    g_snprintf(g->ymd, sizeof g->ymd, "%04d%02d%02d", o->year, o->month, o->day);
    cbec_date_format(o->year, o->month, o->day, g->iso);
    cbec_date_add_days(g->iso, -1, g->prev_iso);

    drop = g_build_filename(o->out_dir, "drop", NULL);
    g->night = g_build_filename(drop, g->iso, NULL);
    text = g_strdup_printf(".%s.partial", g->iso);
    g->night_tmp = g_build_filename(drop, text, NULL);
    g_free(text);
    text = NULL;
    if (g_file_test(g->night, G_FILE_TEST_EXISTS)) {
        demo_fail(g, "%s exists already: remove it or choose another --out", g->night);
        err = CBEC_DEMO_EXISTS;
        goto done;
    }
    if (g_file_test(g->night_tmp, G_FILE_TEST_EXISTS))
        rm_tree(g->night_tmp); /* our own leftover from an interrupted run */
    if (g_mkdir_with_parents(g->night_tmp, 0755) != 0) {
        demo_fail(g, "%s: %s", g->night_tmp, g_strerror(errno));
        goto done;
    }
    if (open_outputs(g) < 0) {
        err = CBEC_DEMO_ARCHIVE;
        goto done;
    }
    g->bank_tmp_path = g_build_filename(g->night_tmp, "bank", ".entries.tmp", NULL);
    truth = g_build_filename(o->out_dir, "truth.tsv", NULL);
    truth_tmp = g_strconcat(truth, ".tmp", NULL);
    if (!(g->bank_tmp = fopen(g->bank_tmp_path, "w+b")) || !(g->truth = fopen(truth_tmp, "wb"))) {
        demo_fail(g, "%s: %s", g->bank_tmp ? truth_tmp : g->bank_tmp_path, g_strerror(errno));
        goto done;
    }
    fputs("order_no\tplatform_code\tscenario\texpected_status\texpected_reasons\texpected_risk_rules\n", g->truth);
    if (demo_mt_begin(g) < 0)
        goto done;

    /* the trades, spread as the anomaly plan says (scenarios.c) */
    if (demo_trades(g) < 0) {
        err = CBEC_DEMO_ARCHIVE;
        goto done;
    }
    if (close_outputs(g) < 0) {
        err = CBEC_DEMO_ARCHIVE;
        goto done;
    }
    if (demo_close_tables(g) < 0 || demo_mt_end(g) < 0 || demo_write_credit(g) < 0)
        goto done;
    for (int p = 0; p < NP; p++)
        if (demo_write_platform_statement(g, p) < 0)
            goto done;
    /* the bank's view of the night, with the one credit nothing explains */
    {
        int64_t unexplained = (int64_t)demo_rnd(g, 1000, 90000) * 100 + 37;
        char acct[64];
        char *name = g_strdup_printf("camt053_%s_%s.xml", demo_account(g, acct, sizeof acct, SETTLEMENT_ACCOUNT), g->ymd);
        stmt = g_build_filename(g->night_tmp, "bank", name, NULL);
        g_free(name);
        fclose(g->bank_tmp);
        g->bank_tmp = fopen(g->bank_tmp_path, "rb");
        if (!g->bank_tmp || demo_write_statement(g, stmt, unexplained) < 0) {
            demo_fail(g, "%s: %s", g->bank_tmp_path, g_strerror(errno));
            goto done;
        }
        fclose(g->bank_tmp);
        g->bank_tmp = NULL;
        g_unlink(g->bank_tmp_path);
        if (fprintf(g->truth, "\t\tbank_unexplained\tBANK_UNEXPLAINED\tBANK_UNEXPLAINED\tR-BANK-UNEXPLAINED\n") < 0) {
            demo_fail(g, "%s: %s", truth_tmp, g_strerror(errno));
            goto done;
        }
    }
    if (fclose(g->truth) != 0) {
        g->truth = NULL;
        demo_fail(g, "%s: %s", truth_tmp, g_strerror(errno));
        goto done;
    }
    g->truth = NULL;
    /* publish: the night folder appears complete, then the truth and the config */
    if (g_rename(g->night_tmp, g->night) != 0 || g_rename(truth_tmp, truth) != 0) {
        demo_fail(g, "%s: %s", g->night, g_strerror(errno));
        goto done;
    }
    conf = g_build_filename(o->out_dir, "cbecflow.conf", NULL);
    text = demo_conf_text(g);
    if (demo_write_small(g, conf, text) < 0)
        goto done;
    err = CBEC_DEMO_OK;
done:
    if (g->truth)
        fclose(g->truth);
    if (g->bank_tmp)
        fclose(g->bank_tmp);
    if (g->mt)
        fclose(g->mt);
    free_outputs(g);
    if (err != CBEC_DEMO_OK) {
        if (g->night_tmp && g_file_test(g->night_tmp, G_FILE_TEST_EXISTS))
            rm_tree(g->night_tmp);
        if (truth_tmp)
            g_unlink(truth_tmp);
        if (why)
            *why = g->why ? g->why : g_strdup(cbec_demo_strerror(err));
        else
            g_free(g->why);
    } else
        g_free(g->why);
    g_rand_free(g->r);
    g_rand_free(g->r2);
    g_rand_free(g->r3);
    g_rand_free(g->r4);
    g_free(g->mt_path);
    g_free(g->night);
    g_free(g->night_tmp);
    g_free(g->bank_tmp_path);
    g_free(drop);
    g_free(truth);
    g_free(truth_tmp);
    g_free(conf);
    g_free(text);
    g_free(stmt);
    return err;
}
