/* Bank statements in camt.053.001.08: the zone's settlement account (the B2B wires streamed
 * through a temp file during the night, then the one unexplained credit, the fee and a payout)
 * and each platform's settlement account (the payment companies' batch credits).  The B2B
 * buyers of Russia and Kazakhstan wire into the second account instead (mt940.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "tools/demo/catalog.h"
#include "tools/demo/gen.h"

static void bank_entry(GString *s, gen *g, camt_sums *sum, int64_t amount, int credit, const char *ref,
                       const char *e2e, const char *party, const char *text, int64_t batch_n)
{
    char b[32];
    g->bank_seq++;
    g_string_append(s, "      <Ntry>\n");
    g_string_append_printf(s, "        <NtryRef>%" G_GINT64_FORMAT "</NtryRef>\n", g->bank_seq);
    g_string_append_printf(s, "        <Amt Ccy=\"CNY\">%s</Amt>\n", demo_money(b, amount));
    g_string_append_printf(s, "        <CdtDbtInd>%s</CdtDbtInd>\n", credit ? "CRDT" : "DBIT");
    g_string_append_printf(s, "        <Sts><Cd>BOOK</Cd></Sts>\n"
                              "        <BookgDt><Dt>%s</Dt></BookgDt>\n"
                              "        <ValDt><Dt>%s</Dt></ValDt>\n", g->iso, g->iso);
    g_string_append(s, "        <AcctSvcrRef>");
    demo_esc(s, ref);
    g_string_append(s, "</AcctSvcrRef>\n");
    g_string_append_printf(s, "        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>%s</Cd><SubFmlyCd>%s</SubFmlyCd></Fmly>"
                              "</Domn></BkTxCd>\n",
                           credit ? "RCDT" : "ICDT", credit ? (batch_n > 1 ? "ESCT" : "XBCT") : "ESCT");
    g_string_append(s, "        <NtryDtls>\n");
    if (batch_n > 1)
        g_string_append_printf(s, "          <Btch><NbOfTxs>%" G_GINT64_FORMAT "</NbOfTxs><TtlAmt Ccy=\"CNY\">%s</TtlAmt>"
                                  "<CdtDbtInd>CRDT</CdtDbtInd></Btch>\n",
                               batch_n, demo_money(b, amount));
    g_string_append(s, "          <TxDtls>\n            <Refs><EndToEndId>");
    demo_esc(s, e2e);
    g_string_append(s, "</EndToEndId></Refs>\n");
    g_string_append_printf(s, "            <Amt Ccy=\"CNY\">%s</Amt>\n            <CdtDbtInd>%s</CdtDbtInd>\n",
                           demo_money(b, amount), credit ? "CRDT" : "DBIT");
    g_string_append_printf(s, "            <AmtDtls><InstdAmt><Amt Ccy=\"CNY\">%s</Amt></InstdAmt></AmtDtls>\n",
                           demo_money(b, amount));
    g_string_append_printf(s, "            <RltdPties><%s><Pty><Nm>", credit ? "Dbtr" : "Cdtr");
    demo_esc(s, party);
    g_string_append_printf(s, "</Nm></Pty></%s></RltdPties>\n", credit ? "Dbtr" : "Cdtr");
    g_string_append(s, "            <RmtInf><Ustrd>");
    demo_esc(s, text);
    g_string_append(s, "</Ustrd></RmtInf>\n          </TxDtls>\n        </NtryDtls>\n      </Ntry>\n");
    if (credit) {
        sum->credits += amount;
        sum->n_credits++;
        g->c->bank_credits_minor += amount;
    } else {
        sum->debits += amount;
        sum->n_debits++;
    }
    g->c->bank_entries++;
}

/* The statement's head: group header, account (with its holder's name when the bank prints it),
 * opening and closing balances, the entry totals. */
static void camt_head(GString *head, const gen *g, const char *account, const char *owner, const char *bic,
                      int64_t opening, const camt_sums *sum)
{
    char b[32];
    int64_t net = sum->credits - sum->debits;

    g_string_append_printf(head,
                           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n"
                           "  <BkToCstmrStmt>\n"
                           "    <GrpHdr>\n"
                           "      <MsgId>STMT-%s-%s</MsgId>\n"
                           "      <CreDtTm>%sT23:59:59+08:00</CreDtTm>\n"
                           "      <MsgPgntn><PgNb>1</PgNb><LastPgInd>true</LastPgInd></MsgPgntn>\n"
                           "    </GrpHdr>\n"
                           "    <Stmt>\n"
                           "      <Id>%s-%s</Id>\n"
                           "      <ElctrncSeqNb>%s</ElctrncSeqNb>\n"
                           "      <CreDtTm>%sT23:59:59+08:00</CreDtTm>\n"
                           "      <FrToDt><FrDtTm>%sT00:00:00+08:00</FrDtTm><ToDtTm>%sT23:59:59+08:00</ToDtTm></FrToDt>\n"
                           "      <Acct>\n"
                           "        <Id><Othr><Id>%s</Id></Othr></Id>\n"
                           "        <Ccy>CNY</Ccy>\n",
                           account, g->ymd, g->iso, account, g->ymd, g->ymd, g->iso, g->iso, g->iso, account);
    if (owner) {
        g_string_append(head, "        <Ownr><Nm>");
        demo_esc(head, owner);
        g_string_append(head, "</Nm></Ownr>\n");
    }
    g_string_append_printf(head,
                           "        <Svcr><FinInstnId><BICFI>%s</BICFI></FinInstnId></Svcr>\n"
                           "      </Acct>\n",
                           bic);
    g_string_append_printf(head,
                           "      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"CNY\">%s</Amt>"
                           "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%s</Dt></Dt></Bal>\n",
                           demo_money(b, opening), g->iso);
    g_string_append_printf(head,
                           "      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"CNY\">%s</Amt>"
                           "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%s</Dt></Dt></Bal>\n",
                           demo_money(b, opening + net), g->iso);
    g_string_append_printf(head, "      <TxsSummry>\n        <TtlNtries><NbOfNtries>%" G_GINT64_FORMAT
                                 "</NbOfNtries><Sum>%s</Sum>",
                           sum->n_credits + sum->n_debits, demo_money(b, sum->credits + sum->debits));
    g_string_append_printf(head, "<TtlNetNtry><Amt>%s</Amt><CdtDbtInd>%s</CdtDbtInd></TtlNetNtry></TtlNtries>\n",
                           demo_money(b, net >= 0 ? net : -net), net >= 0 ? "CRDT" : "DBIT");
    g_string_append_printf(head, "        <TtlCdtNtries><NbOfNtries>%" G_GINT64_FORMAT "</NbOfNtries><Sum>%s</Sum>"
                                 "</TtlCdtNtries>\n",
                           sum->n_credits, demo_money(b, sum->credits));
    g_string_append_printf(head, "        <TtlDbtNtries><NbOfNtries>%" G_GINT64_FORMAT "</NbOfNtries><Sum>%s</Sum>"
                                 "</TtlDbtNtries>\n      </TxsSummry>\n",
                           sum->n_debits, demo_money(b, sum->debits));
}

/* Write a statement: the head, the entries streamed to body during the night (NULL: none), the
 * entries of tail, under a temporary name renamed when complete. */
static int camt_write(gen *g, const char *path, const GString *head, FILE *body, const char *body_path,
                      const GString *tail)
{
    static const char end[] = "    </Stmt>\n  </BkToCstmrStmt>\n</Document>\n";
    gchar *tmp = g_strconcat(path, ".tmp", NULL);
    FILE *f = NULL;
    char buf[65536];
    size_t n;
    int rc = -1;

    if (!(f = fopen(tmp, "wb")) || fwrite(head->str, 1, head->len, f) != head->len) {
        demo_fail(g, "%s: %s", tmp, g_strerror(errno));
        goto done;
    }
    if (body) {
        if (fflush(body) != 0 || fseek(body, 0, SEEK_SET) != 0) {
            demo_fail(g, "%s: %s", body_path, g_strerror(errno));
            goto done;
        }
        while ((n = fread(buf, 1, sizeof buf, body)) > 0)
            if (fwrite(buf, 1, n, f) != n) {
                demo_fail(g, "%s: %s", tmp, g_strerror(errno));
                goto done;
            }
    }
    {
        int bad = fwrite(tail->str, 1, tail->len, f) != tail->len || fwrite(end, 1, sizeof end - 1, f) != sizeof end - 1;
        bad |= fclose(f) != 0;
        f = NULL;
        if (bad) {
            demo_fail(g, "%s: %s", tmp, g_strerror(errno));
            goto done;
        }
    }
    if (g_rename(tmp, path) != 0) {
        demo_fail(g, "%s: %s", path, g_strerror(errno));
        goto done;
    }
    rc = 0;
done:
    if (f)
        fclose(f);
    g_free(tmp);
    return rc;
}

/* Money that reaches the zone's second account: the B2B buyers of Russia and Kazakhstan wire
 * through the Erenhot port bank. */
static int second_bank_trade(const trade *t)
{
    const char *c = cbec_demo_partners[t->partner].country;
    return strcmp(c, "344") == 0 || strcmp(c, "137") == 0;
}

/* A B2B export paid by the foreign buyer's wire, as buyers write them: the remittance text names
 * the order number among the buyer's own contract and invoice numbers; the end-to-end id is the
 * order number, NOTPROVIDED (the buyer's bank filled nothing in) or the buyer's invoice number.
 * The wording is drawn from the bank stream (g->r4), so the other files do not depend on it.
 * The MT940's structured :86: uses '/' as its separator: texts for it carry '-' instead. */
int demo_b2b_wire(gen *g, const trade *t)
{
    GString *s;
    char ref[48], text[200], e2e[48], inv[32], inv_id[32], contract[24];
    int second = second_bank_trade(t), rc = 0;
    int form = g_rand_int_range(g->r4, 0, 4), id_kind = g_rand_int_range(g->r4, 0, 100);
    int inv_no = g_rand_int_range(g->r4, 1, 1000);
    const cbec_demo_partner *buyer = &cbec_demo_partners[t->partner];

    g_snprintf(inv, sizeof inv, "INV %d%c%03d", g->o->year, second ? '-' : '/', inv_no);
    g_snprintf(inv_id, sizeof inv_id, "INV%d%03d", g->o->year, inv_no);
    g_snprintf(contract, sizeof contract, "HT-%05d", g_rand_int_range(g->r4, 1, 100000));
    switch (form) {
    case 0:
        g_snprintf(text, sizeof text, "PAYMENT FOR ORDER %s", t->order_no);
        break;
    case 1:
        g_snprintf(text, sizeof text, "%s CONTRACT %s ORDER %s", inv, contract, t->order_no);
        break;
    case 2:
        g_snprintf(text, sizeof text, "%s PREPAYMENT", t->order_no);
        break;
    default:
        g_snprintf(text, sizeof text, "CONTRACT %s %s GOODS PER ORDER %s", contract, second ? "-" : "/", t->order_no);
        break;
    }
    if (id_kind < 40)
        g_strlcpy(e2e, t->order_no, sizeof e2e);
    else if (id_kind < 75)
        g_strlcpy(e2e, "NOTPROVIDED", sizeof e2e);
    else
        g_strlcpy(e2e, inv_id, sizeof e2e);
    g->c->b2b_wires++;
    if (second)
        return demo_mt_entry(g, t->paid, 1, e2e, buyer->buyer, text);
    s = g_string_new(NULL);
    g_snprintf(ref, sizeof ref, "HHPZ%s%08" G_GINT64_FORMAT, g->ymd, g->bank_seq + 1);
    bank_entry(s, g, &g->zone, t->paid, 1, ref, e2e, buyer->buyer, text, 1);
    if (fwrite(s->str, 1, s->len, g->bank_tmp) != s->len)
        rc = demo_fail(g, "%s: %s", g->bank_tmp_path, g_strerror(errno));
    g_string_free(s, TRUE);
    return rc;
}

/* The zone's settlement account: the B2B wires (streamed during the night), the one credit
 * nothing explains, the account fee and a payout to an exporter. */
int demo_write_statement(gen *g, const char *path, int64_t unexplained)
{
    GString *tail = g_string_new(NULL), *head = g_string_new(NULL);
    char ref[48], acct[64];
    int64_t opening, payout;
    int rc;

    opening = (int64_t)demo_rnd(g, 100000, 500000) * 10000; /* 1-5 million CNY */
    g_snprintf(ref, sizeof ref, "HHPZ%s%08" G_GINT64_FORMAT, g->ymd, g->bank_seq + 1);
    bank_entry(tail, g, &g->zone, unexplained, 1, ref, "NOTPROVIDED", "Altan Bulag Trading LLC", "TRANSFER", 1);
    payout = g->zone.credits / 10 / 100 * 100;
    g_snprintf(ref, sizeof ref, "HHPZ%s%08" G_GINT64_FORMAT, g->ymd, g->bank_seq + 1);
    bank_entry(tail, g, &g->zone, 5000, 0, ref, "NOTPROVIDED", "账户管理费", "账户管理费", 1);
    g_snprintf(ref, sizeof ref, "HHPZ%s%08" G_GINT64_FORMAT, g->ymd, g->bank_seq + 1);
    bank_entry(tail, g, &g->zone, payout, 0, ref, "PAYOUT", cbec_demo_sellers[0].name, "出口收汇结算划转", 1);
    camt_head(head, g, demo_account(g, acct, sizeof acct, SETTLEMENT_ACCOUNT), SETTLEMENT_OWNER, SETTLEMENT_BIC,
              opening, &g->zone);
    rc = camt_write(g, path, head, g->bank_tmp, g->bank_tmp_path, tail);
    g_string_free(head, TRUE);
    g_string_free(tail, TRUE);
    return rc;
}

/* A platform's settlement account: each payment company settles the platform's day in one batch
 * credit = the sum of its payments for that platform (N:1, counterparty = the company, the text
 * names the company and the count).  The holder is the platform as its CEB messages name it
 * (Acct/Ownr/Nm = ebpName), unless its bank does not print it (then cbecflow.conf [accounts] says).
 * The opening balance comes from the bank stream (g->r4).  A few entries: built in memory. */
int demo_write_platform_statement(gen *g, int p)
{
    const cbec_demo_account *a = &cbec_demo_platform_accounts[p];
    const cbec_demo_ent *pf = &cbec_demo_platforms[p];
    GString *tail = g_string_new(NULL), *head = g_string_new(NULL);
    camt_sums sum = {0, 0, 0, 0};
    char ref[48], e2e[64], text[200];
    char acct[64];
    char *name = g_strdup_printf("camt053_%s_%s.xml", demo_account(g, acct, sizeof acct, a->number), g->ymd);
    char *path = g_build_filename(g->night_tmp, "bank", name, NULL);
    int64_t opening = (int64_t)g_rand_int_range(g->r4, 20000, 200000) * 10000;
    int i, rc;

    for (i = 0; i < NP; i++) {
        if (!g->pay_n[i][p])
            continue;
        g_snprintf(ref, sizeof ref, "%s%s%08" G_GINT64_FORMAT, a->ref, g->ymd, g->bank_seq + 1);
        g_snprintf(e2e, sizeof e2e, "STL%s%s%s", cbec_demo_paycos[i].tag, pf->tag, g->ymd);
        g_snprintf(text, sizeof text, "%s 跨境支付结算 %s %s 共%" G_GINT64_FORMAT "笔", cbec_demo_paycos[i].name,
                   cbec_demo_paycos[i].code, g->iso, g->pay_n[i][p]);
        bank_entry(tail, g, &sum, g->pay_sum[i][p], 1, ref, e2e, cbec_demo_paycos[i].name, text, g->pay_n[i][p]);
    }
    camt_head(head, g, acct, a->owner_named ? pf->name : NULL, a->bic, opening, &sum);
    rc = camt_write(g, path, head, NULL, NULL, tail);
    g->c->platform_statements++;
    g_free(name);
    g_free(path);
    g_string_free(head, TRUE);
    g_string_free(tail, TRUE);
    return rc;
}
