/* XML writing for the CEB messages: escaped elements, the formats of money, weights and times,
 * and the message buffers (a message is opened with its first record and written to its
 * archive when it holds MAX_PER_MESSAGE records, or at the end of the night). */
#include <stdarg.h>
#include <string.h>
#include <glib.h>

#include "tools/demo/gen.h"

void demo_esc(GString *s, const char *v)
{
    const char *p, *run = v;
    for (p = v; *p; p++) {
        const char *rep = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : *p == '"' ? "&quot;" : NULL;
        if (rep) {
            g_string_append_len(s, run, p - run);
            g_string_append(s, rep);
            run = p + 1;
        }
    }
    g_string_append_len(s, run, p - run);
}

/* <pfx:name>value</pfx:name> on its own line, indented by depth tabs (no printf: this is the hot path). */
void demo_el(GString *s, int depth, const char *pfx, const char *name, const char *value)
{
    static const char tabs[] = "\t\t\t\t\t\t\t\t";
    g_string_append_len(s, tabs, depth);
    g_string_append_c(s, '<');
    g_string_append(s, pfx);
    g_string_append(s, name);
    g_string_append_c(s, '>');
    demo_esc(s, value);
    g_string_append_len(s, "</", 2);
    g_string_append(s, pfx);
    g_string_append(s, name);
    g_string_append_len(s, ">\n", 2);
}

void demo_elf(GString *s, int depth, const char *pfx, const char *name, const char *fmt, ...)
{
    char v[256];
    va_list ap;
    va_start(ap, fmt);
    g_vsnprintf(v, sizeof v, fmt, ap);
    va_end(ap);
    demo_el(s, depth, pfx, name, v);
}

/* Money in fen as a decimal with two places. */
const char *demo_money(char *b, int64_t fen)
{
    g_snprintf(b, 32, "%s%" G_GINT64_FORMAT ".%02d", fen < 0 ? "-" : "", (fen < 0 ? -fen : fen) / 100,
               (int)((fen < 0 ? -fen : fen) % 100));
    return b;
}

/* Grams as kilograms with three places. */
const char *demo_kg(char *b, int64_t grams)
{
    g_snprintf(b, 32, "%" G_GINT64_FORMAT ".%03d", grams / 1000, (int)(grams % 1000));
    return b;
}

const char *demo_prefix(const gen *g) { return g->o->prefix ? g->o->prefix : ""; }

guint32 demo_prefix_hash(const gen *g)
{
    const char *p = demo_prefix(g);
    return *p ? g_str_hash(p) : 0;
}

const char *demo_account(const gen *g, char *b, size_t len, const char *number)
{
    g_snprintf(b, len, "%s%s", demo_prefix(g), number);
    return b;
}

void demo_guid(gen *g, char out[37])
{
    guint32 w[4];
    int i;
    for (i = 0; i < 4; i++)
        w[i] = g_rand_int(g->r);
    w[0] ^= demo_prefix_hash(g);   /* another zone's messages never share a guid (0: unchanged) */
    w[1] = (w[1] & 0xFFFF0FFFu) | 0x00004000u;   /* version 4 */
    w[2] = (w[2] & 0x3FFFFFFFu) | 0x80000000u;   /* variant */
    g_snprintf(out, 37, "%08X-%04X-%04X-%04X-%04X%08X", w[0], w[1] >> 16, w[1] & 0xFFFF, w[2] >> 16,
               w[2] & 0xFFFF, w[3]);
}

/* YYYYMMDDhhmmss of second t of the business date. */
const char *demo_stamp(const gen *g, char *b, int t)
{
    if (t > 86399)
        t = 86399; /* the night's last minutes: keep every time on the business date */
    g_snprintf(b, 16, "%s%02d%02d%02d", g->ymd, t / 3600, t / 60 % 60, t % 60);
    return b;
}

static const char *const ceb_ns = "http://www.chinaport.gov.cn/ceb";

static int is_receipt(int kind) { return kind == K312 || kind == K622; }

static void msg_begin(gen *g, mbuf *m)
{
    char id[37];
    demo_guid(g, id);
    g_string_truncate(m->s, 0);
    if (is_receipt(m->kind))
        g_string_append_printf(m->s,
                               "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                               "<CEB%sMessage xmlns=\"%s\" guid=\"%s\" version=\"1.0\">\n",
                               cbec_demo_types[m->kind], ceb_ns, id);
    else
        g_string_append_printf(m->s,
                               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<ceb:CEB%sMessage guid=\"%s\" version=\"1.0\" xmlns:ceb=\"%s\">\n",
                               cbec_demo_types[m->kind], id, ceb_ns);
}

/* The signature block CEB621 requires.  The demo does not hold a customs
 * certificate: the digest is a real SHA-256 of the message body, the value a
 * stand-in derived from it (not a verifiable SM2 signature). */
static void signature(GString *s)
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    guint8 d[32], v[64];
    gsize dl = sizeof d;
    char *b1, *b2;
    int i;

    g_checksum_update(c, (const guchar *)s->str, (gssize)s->len);
    g_checksum_get_digest(c, d, &dl);
    for (i = 0; i < 64; i++)
        v[i] = (guint8)(d[i % 32] ^ (0x5A + i));
    b1 = g_base64_encode(d, sizeof d);
    b2 = g_base64_encode(v, sizeof v);
    g_string_append_printf(s,
                           "\t<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">\n"
                           "\t\t<ds:SignedInfo>\n"
                           "\t\t\t<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"/>\n"
                           "\t\t\t<ds:SignatureMethod Algorithm=\"http://www.chinaport.gov.cn/2022/04/xmldsig#sm2-sm3\"/>\n"
                           "\t\t\t<ds:Reference URI=\"\">\n"
                           "\t\t\t\t<ds:Transforms><ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/></ds:Transforms>\n"
                           "\t\t\t\t<ds:DigestMethod Algorithm=\"http://www.chinaport.gov.cn/2022/04/xmldsig#sm3\"/>\n"
                           "\t\t\t\t<ds:DigestValue>%s</ds:DigestValue>\n"
                           "\t\t\t</ds:Reference>\n"
                           "\t\t</ds:SignedInfo>\n"
                           "\t\t<ds:SignatureValue>%s</ds:SignatureValue>\n"
                           "\t\t<ds:KeyInfo><ds:KeyName>DEMO0001</ds:KeyName></ds:KeyInfo>\n"
                           "\t</ds:Signature>\n",
                           b1, b2);
    g_checksum_free(c);
    g_free(b1);
    g_free(b2);
}

/* Drop the indentation: every run of newlines and tabs between a tag's '>' and the
 * next '<', as the single window's software writes its messages (no whitespace nodes).
 * The demo writes no value that is only newlines and tabs,
 * so only layout goes. */
static void compact(GString *s, gsize from)
{
    gsize r, w = from;
    for (r = from; r < s->len; r++) {
        if ((s->str[r] == '\n' || s->str[r] == '\t') && r > 0 && s->str[r - 1] == '>') {
            gsize e = r + 1;
            while (e < s->len && (s->str[e] == '\n' || s->str[e] == '\t'))
                e++;
            if (e == s->len || s->str[e] == '<') {
                r = e - 1;
                continue;
            }
        }
        s->str[w++] = s->str[r];
    }
    g_string_truncate(s, w);
}

/* Close the open message of m and write it to its archive. */
int demo_msg_flush(gen *g, mbuf *m)
{
    char name[96], id[37];
    const char *p;
    gsize done;
    int rc;

    if (m->n == 0)
        return 0;
    if (m->sender) {
        g_string_append(m->s, "\t<ceb:BaseTransfer>\n");
        demo_el(m->s, 2, "ceb:", "copCode", m->sender->code);
        demo_el(m->s, 2, "ceb:", "copName", m->sender->name);
        demo_el(m->s, 2, "ceb:", "dxpMode", "DXP");
        demo_elf(m->s, 2, "ceb:", "dxpId", "DXPENT%s", m->sender->code);
        g_string_append(m->s, "\t</ceb:BaseTransfer>\n");
    }
    /* compact before signing: the digest covers the body as it is sent */
    if (g->o->compact)
        compact(m->s, 0);
    done = m->s->len;
    if (m->kind == K621)
        signature(m->s);
    g_string_append_printf(m->s, is_receipt(m->kind) ? "</CEB%sMessage>\n" : "</ceb:CEB%sMessage>\n",
                           cbec_demo_types[m->kind]);
    if (g->o->compact)
        compact(m->s, done);
    /* the member is named after the message guid, as the single window does */
    p = strstr(m->s->str, "guid=\"");
    memcpy(id, p ? p + 6 : "00000000-0000-0000-0000-000000000000", 36);
    id[36] = 0;
    g_snprintf(name, sizeof name, "CEB%sMessage_%s.xml", cbec_demo_types[m->kind], id);
    rc = demo_sink_add(g, m->to, name, m->s->str, m->s->len);
    m->n = 0;
    g_string_truncate(m->s, 0);
    if (g->c)
        g->c->messages++;
    return rc;
}

/* Start a business record in m (opening a message when needed); flushes when full. */
GString *demo_rec_begin(gen *g, mbuf *m)
{
    if (m->n == 0)
        msg_begin(g, m);
    m->n++;
    g->c->ceb[m->kind]++;
    return m->s;
}

int demo_rec_end(gen *g, mbuf *m)
{
    return m->n >= MAX_PER_MESSAGE ? demo_msg_flush(g, m) : 0;
}
