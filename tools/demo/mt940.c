/* The zone's second settlement account in MT940, written as its entries come (the FIN
 * envelope and opening balance first, the fee and the closing balance last). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "tools/demo/catalog.h"
#include "tools/demo/gen.h"

/* The zone's second settlement account, at a port bank in Erenhot that reports in MT940:
 * the B2B buyers of Russia and Kazakhstan wire there instead of into the first account
 * (each credit in one statement only). */
#define SECOND_ACCOUNT "1507520170000000231"
#define SECOND_BIC "EPBKCNB1XXX"
#define SECOND_LT "EPBKCNB1AXXX" /* logical terminal of the FIN header */
#define MT_FEE 3000             /* the second account's monthly fee, 30.00 CNY */

/* An MT940 amount: decimal comma, two decimals, no sign (the mark carries it). */
static const char *mt_amount(char *b, int64_t fen)
{
    g_snprintf(b, 32, "%" G_GINT64_FORMAT ",%02d", fen / 100, (int)(fen % 100));
    return b;
}

/* A field wrapped at 65 characters a line, never inside a UTF-8 sequence (a reader decodes line by line). */
static void mt_field(GString *s, const char *tag, const char *text)
{
    const char *p = text;
    int n, room = 65 - (int)strlen(tag) - 2;

    g_string_append_printf(s, ":%s:", tag);
    do {
        const char *end = p;
        for (n = 0; *end && n < room; n++)
            end = g_utf8_next_char(end);
        g_string_append_len(s, p, end - p);
        g_string_append_c(s, '\n');
        p = end;
        room = 65;
    } while (*p);
}

static int mt_write(gen *g, const GString *s)
{
    if (fwrite(s->str, 1, s->len, g->mt) != s->len)
        return demo_fail(g, "%s: %s", g->mt_path, g_strerror(errno));
    return 0;
}

/* The FIN envelope, the statement's references and its opening balance (from the MT940's own stream). */
int demo_mt_begin(gen *g)
{
    GString *s = g_string_new(NULL);
    char acct[64];
    char *name = g_strdup_printf("mt940_%s_%s.sta", demo_account(g, acct, sizeof acct, SECOND_ACCOUNT), g->ymd), b[32];
    GDate *d = g_date_new_dmy((GDateDay)g->o->day, (GDateMonth)g->o->month, (GDateYear)g->o->year);
    int rc = 0;

    g->mt_path = g_build_filename(g->night_tmp, "bank", name, NULL);
    g_free(name);
    g->mt_opening = (int64_t)g_rand_int_range(g->r3, 30000, 300000) * 1000 + g_rand_int_range(g->r3, 0, 100);
    if (!(g->mt = fopen(g->mt_path, "wb")))
        rc = demo_fail(g, "%s: %s", g->mt_path, g_strerror(errno));
    else {
        /* output message: receiver = the zone (block 1), sender = the bank (MIR in block 2) */
        g_string_append_printf(s, "{1:F01HHPZCNB1AXXX0000000000}{2:O9402359%s%s0000000000%s2359N}{4:\n", g->ymd + 2,
                               SECOND_LT, g->ymd + 2);
        g_string_append_printf(s, ":20:EPSTMT%s\n:25:%s\n:28C:%05u/1\n", g->ymd, acct,
                               g_date_get_day_of_year(d));
        g_string_append_printf(s, ":60F:C%sCNY%s\n", g->ymd + 2, mt_amount(b, g->mt_opening));
        rc = mt_write(g, s);
    }
    g_date_free(d);
    g_string_free(s, TRUE);
    return rc;
}

/* One :61: statement line with its :86: (SWIFT structured codes: /EREF/ end-to-end reference,
 * /ORDP/ or /BENM/ with //NAME/ the counterparty, /REMI/USTD// the remittance text). */
int demo_mt_entry(gen *g, int64_t amount, int credit, const char *eref, const char *party, const char *text)
{
    GString *s = g_string_new(NULL), *info = g_string_new(NULL);
    char b[32];
    int rc;

    g->mt_seq++;
    g_string_append_printf(s, ":61:%s%s%c%sNTRFNONREF//EP%s%06" G_GINT64_FORMAT "\n", g->ymd + 2, g->ymd + 4,
                           credit ? 'C' : 'D', mt_amount(b, amount), g->ymd + 2, g->mt_seq);
    g_string_append_printf(info, "/EREF/%s/%s//NAME/%s/REMI/USTD//%s/", eref, credit ? "ORDP" : "BENM", party, text);
    mt_field(s, "86", info->str);
    rc = mt_write(g, s);
    if (credit) {
        g->mt_credits += amount;
        g->c->bank_credits_minor += amount;
    } else
        g->mt_debits += amount;
    g->c->mt940_entries++;
    g_string_free(s, TRUE);
    g_string_free(info, TRUE);
    return rc;
}

/* The account fee, the closing balance. */
int demo_mt_end(gen *g)
{
    GString *s = g_string_new(NULL);
    char b[32];
    int64_t closing;
    int rc;

    rc = demo_mt_entry(g, MT_FEE, 0, "NOTPROVIDED", "账户管理费", "账户管理费");
    if (rc == 0) {
        closing = g->mt_opening + g->mt_credits - g->mt_debits;
        g_string_append_printf(s, ":62F:C%sCNY%s\n", g->ymd + 2, mt_amount(b, closing));
        g_string_append_printf(s, ":64:C%sCNY%s\n-}\n", g->ymd + 2, mt_amount(b, closing));
        rc = mt_write(g, s);
    }
    if (fclose(g->mt) != 0 && rc == 0)
        rc = demo_fail(g, "%s: %s", g->mt_path, g_strerror(errno));
    g->mt = NULL;
    g_string_free(s, TRUE);
    return rc;
}
