/* The ceb plugin against hostile XML, through the real module (dlopen) and a host
 * table whose input is a memory buffer: XXE (file and network), billion laughs
 * (UTF-8 and UTF-16), a gzip bomb, deep nesting, truncation, the byte budget, and
 * probe scores.  Each refusal must be quick, clear and in bounded memory. */
#include <check.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include <cbecflow/plugin.h>
#include "core/host.h"
#include "core/base/record.h"

#define CEB_NS "http://www.chinaport.gov.cn/ceb"

/* ---- a memory input behind the real host table ---- */

struct cbec_input {
    const char *data;
    size_t len, pos;
    const char *max_bytes;
};

static ssize_t mem_read(cbec_input *in, void *buf, size_t len)
{
    size_t n = in->len - in->pos;
    if (n > len)
        n = len;
    memcpy(buf, in->data + in->pos, n);
    in->pos += n;
    return (ssize_t)n;
}
static const char *mem_name(cbec_input *in) { (void)in; return "memory.xml"; }
static const char *mem_error(cbec_input *in) { (void)in; return NULL; }
static const char *mem_config(cbec_input *in, const char *key)
{
    return strcmp(key, "max_bytes") == 0 ? in->max_bytes : NULL;
}
static void mem_log(cbec_input *in, int level, const char *fmt, ...)
{
    (void)in;
    (void)level;
    (void)fmt;
}

static cbec_host host;
static const cbec_source_plugin *plugin;

static void load_plugin(void)
{
    const char *dir = getenv("CBECFLOW_PLUGIN_PATH");
    char *path = g_build_filename(dir ? dir : ".libs", "ceb.so", NULL);
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    cbec_plugin_entry_fn entry;
    const char *why = NULL;

    ck_assert_msg(h != NULL, "dlopen %s: %s", path, dlerror());
    *(void **)&entry = dlsym(h, CBEC_PLUGIN_ENTRY_SYMBOL);
    ck_assert_ptr_nonnull(entry);
    host = *cbec_host_table();
    host.read = mem_read;
    host.input_name = mem_name;
    host.input_error = mem_error;
    host.config = mem_config;
    host.log = mem_log;
    plugin = entry(&host, &why);
    ck_assert_ptr_nonnull(plugin);
    g_free(path);
}

typedef struct outcome {
    int records;               /* OK/WARN */
    int record_errors;
    cbec_status last;          /* EOF or FATAL */
    cbec_error err;            /* of the FATAL */
    cbec_error first_error;    /* of the first RECORD_ERROR */
    double seconds;
    long rss_growth_kb;
} outcome;

static long max_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static outcome run(const char *data, size_t len, const char *max_bytes)
{
    cbec_input in = {data, len, 0, max_bytes};
    cbec_source *src = NULL;
    cbec_record rec;
    cbec_error err;
    outcome o;
    gint64 t0 = g_get_monotonic_time();
    long rss0 = max_rss_kb();
    cbec_status s;

    if (!plugin)
        load_plugin();
    memset(&o, 0, sizeof o);
    memset(&err, 0, sizeof err);
    cbec_record_init(&rec);
    s = plugin->open(&src, &in, &host, &err);
    ck_assert_int_eq(s, CBEC_OK);
    for (;;) {
        cbec_record_reset(&rec);
        memset(&err, 0, sizeof err);
        s = plugin->next(src, &rec, &err);
        if (s == CBEC_OK || s == CBEC_WARN)
            o.records++;
        else if (s == CBEC_RECORD_ERROR) {
            if (o.record_errors++ == 0)
                o.first_error = err;
        }
        else
            break;
    }
    o.last = s;
    o.err = err;
    plugin->close(src);
    cbec_record_free(&rec);
    o.seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
    o.rss_growth_kb = max_rss_kb() - rss0;
    return o;
}

static void expect_refused(const outcome *o, const char *reason)
{
    ck_assert_int_eq(o->last, CBEC_FATAL);
    ck_assert_msg(strcmp(o->err.reason, reason) == 0, "reason %s (%s), want %s", o->err.reason, o->err.message,
                  reason);
    ck_assert_msg(o->err.message[0] != 0, "no message");
    ck_assert_msg(o->seconds < 5.0, "took %.2f s", o->seconds);
    ck_assert_msg(o->rss_growth_kb < 64 * 1024, "memory grew by %ld KiB", o->rss_growth_kb);
}

static const char ORDER[] =
    "<Order><OrderHead><guid>G</guid><appType>1</appType><orderNo>N%d</orderNo><ebpCode>P</ebpCode>"
    "<goodsValue>10</goodsValue><freight>0</freight><discount>0</discount><taxTotal>0</taxTotal>"
    "<acturalPaid>10</acturalPaid><currency>142</currency></OrderHead><OrderList><gnum>1</gnum><itemName>x</itemName>"
    "<qty>1</qty><price>10</price><totalPrice>10</totalPrice><currency>142</currency><country>124</country>"
    "</OrderList></Order>";

/* A valid CEB311 message with n orders (no personal data: the host has no site key here). */
static GString *orders_doc(int n, int close)
{
    GString *s = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CEB311Message xmlns=\"" CEB_NS
                              "\" guid=\"6F1D2C3B-0001-4A5B-8C7D-9E0F1A2B3C4D\" version=\"1.0\">\n");
    int i;
    for (i = 1; i <= n; i++) {
        g_string_append_printf(s, ORDER, i);
        g_string_append_c(s, '\n');
    }
    if (close)
        g_string_append(s, "<BaseTransfer><copCode>P</copCode><copName>P</copName><dxpMode>DXP</dxpMode>"
                           "<dxpId>D</dxpId></BaseTransfer></CEB311Message>\n");
    return s;
}

START_TEST(baseline_reads_records)
{
    GString *d = orders_doc(3, 1);
    outcome o = run(d->str, d->len, NULL);
    ck_assert_int_eq(o.last, CBEC_EOF);
    ck_assert_int_eq(o.records, 3);
    g_string_free(d, TRUE);
}
END_TEST

START_TEST(xxe_local_file_refused)
{
    const char *x = "<?xml version=\"1.0\"?>\n<!DOCTYPE CEB311Message [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                    "<CEB311Message xmlns=\"" CEB_NS "\"><Order><OrderHead><orderNo>&x;</orderNo></OrderHead>"
                    "</Order></CEB311Message>";
    outcome o = run(x, strlen(x), NULL);
    expect_refused(&o, "DOCTYPE_FORBIDDEN");
    ck_assert_int_eq(o.records, 0);
    ck_assert_ptr_nonnull(strstr(o.err.message, "DOCTYPE"));
}
END_TEST

START_TEST(xxe_network_refused)
{
    /* Port 9 on loopback: nothing must even try to connect, and it must not wait. */
    const char *x = "<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"http://127.0.0.1:9/evil.dtd\">"
                    "<CEB311Message xmlns=\"" CEB_NS "\"/>";
    const char *y = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/p\"> %p;]>"
                    "<CEB311Message xmlns=\"" CEB_NS "\"/>";
    outcome o = run(x, strlen(x), NULL);
    expect_refused(&o, "DOCTYPE_FORBIDDEN");
    ck_assert_msg(o.seconds < 1.0, "took %.2f s", o.seconds);
    o = run(y, strlen(y), NULL);
    expect_refused(&o, "DOCTYPE_FORBIDDEN");
}
END_TEST

static const char LAUGHS[] =
    "<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
    "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
    "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
    "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
    "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
    "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
    "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
    "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
    "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>"
    "<CEB311Message xmlns=\"" CEB_NS "\" a=\"&lol9;\"><Order><OrderHead><orderNo>&lol9;</orderNo></OrderHead>"
    "</Order></CEB311Message>";

START_TEST(billion_laughs_refused)
{
    char *x = g_strconcat("<?xml version=\"1.0\"?>\n", LAUGHS, NULL);
    outcome o = run(x, strlen(x), NULL);
    expect_refused(&o, "DOCTYPE_FORBIDDEN");
    ck_assert_msg(o.seconds < 1.0, "took %.2f s", o.seconds);
    g_free(x);
}
END_TEST

START_TEST(utf16_doctype_refused_by_the_reader)
{
    /* UTF-16 hides "<!DOCTYPE" from the byte scan: the reader must still refuse it unexpanded. */
    char *x = g_strconcat("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n", LAUGHS, NULL);
    gsize n = 0;
    char *u16 = g_convert(x, -1, "UTF-16LE", "UTF-8", NULL, &n, NULL);
    char *bom = g_malloc(n + 2);
    outcome o;

    ck_assert_ptr_nonnull(u16);
    bom[0] = (char)0xFF;
    bom[1] = (char)0xFE;
    memcpy(bom + 2, u16, n);
    o = run(bom, n + 2, NULL);
    ck_assert_int_eq(o.last, CBEC_FATAL);
    ck_assert_int_eq(o.records, 0);
    ck_assert_msg(strcmp(o.err.reason, "DOCTYPE_FORBIDDEN") == 0 || strcmp(o.err.reason, "MALFORMED_XML") == 0,
                  "reason %s: %s", o.err.reason, o.err.message);
    ck_assert_msg(o.seconds < 2.0, "took %.2f s", o.seconds);
    ck_assert_msg(o.rss_growth_kb < 64 * 1024, "memory grew by %ld KiB", o.rss_growth_kb);
    g_free(bom);
    g_free(u16);
    g_free(x);
}
END_TEST

START_TEST(gzip_bomb_not_inflated)
{
    /* 128 MiB of XML-ish bytes compress to ~130 KiB; the reader must see gzip bytes, not inflate them. */
    char *dir = g_dir_make_tmp("cebgz-XXXXXX", NULL), *cmd, *gz = g_build_filename(dir, "b.gz", NULL), *data = NULL;
    gsize len = 0;
    int status = 0;
    outcome o;

    cmd = g_strdup_printf("{ printf '<CEB311Message xmlns=\"%s\">'; head -c 134217728 /dev/zero | tr '\\000' ' '; } "
                          "| gzip -1 -c > '%s'", CEB_NS, gz);
    {
        char *argv[] = {"/bin/sh", "-c", cmd, NULL};
        ck_assert(g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, NULL));
        ck_assert_int_eq(status, 0);
    }
    ck_assert(g_file_get_contents(gz, &data, &len, NULL));
    ck_assert_int_lt(len, 2 * 1024 * 1024);
    o = run(data, len, NULL);
    ck_assert_int_eq(o.last, CBEC_FATAL);
    ck_assert_int_eq(o.records, 0);
    ck_assert_msg(strcmp(o.err.reason, "MALFORMED_XML") == 0 || strcmp(o.err.reason, "NOT_CEB") == 0,
                  "reason %s: %s", o.err.reason, o.err.message);
    ck_assert_msg(o.seconds < 1.0, "took %.2f s", o.seconds);
    ck_assert_msg(o.rss_growth_kb < 32 * 1024, "memory grew by %ld KiB", o.rss_growth_kb);
    g_remove(gz);
    g_rmdir(dir);
    g_free(data);
    g_free(gz);
    g_free(cmd);
    g_free(dir);
}
END_TEST

START_TEST(deep_nesting_refused)
{
    GString *s = g_string_new("<CEB311Message xmlns=\"" CEB_NS "\"><Order><OrderHead>");
    int i;
    outcome o;
    /* 100 levels: within libxml2's own limit (256), so max_depth (64) must be what stops it. */
    for (i = 0; i < 100; i++)
        g_string_append(s, "<a>");
    for (i = 0; i < 100; i++)
        g_string_append(s, "</a>");
    g_string_append(s, "</OrderHead></Order></CEB311Message>");
    o = run(s->str, s->len, NULL);
    expect_refused(&o, "TOO_DEEP");
    ck_assert_ptr_nonnull(strstr(o.err.message, "64"));
    /* 100000 levels: refused as quickly, by whichever bound the parser meets first. */
    g_string_truncate(s, 0);
    g_string_append(s, "<CEB311Message xmlns=\"" CEB_NS "\"><Order><OrderHead>");
    for (i = 0; i < 100000; i++)
        g_string_append(s, "<a>");
    o = run(s->str, s->len, NULL);
    ck_assert_int_eq(o.last, CBEC_FATAL);
    ck_assert_msg(strcmp(o.err.reason, "TOO_DEEP") == 0 || (strcmp(o.err.reason, "MALFORMED_XML") == 0 &&
                  strstr(o.err.message, "depth")), "reason %s: %s", o.err.reason, o.err.message);
    ck_assert_msg(o.seconds < 1.0, "took %.2f s", o.seconds);
    ck_assert_msg(o.rss_growth_kb < 64 * 1024, "memory grew by %ld KiB", o.rss_growth_kb);
    g_string_free(s, TRUE);
}
END_TEST

START_TEST(truncated_keeps_complete_records)
{
    GString *d = orders_doc(40, 1);
    outcome o = run(d->str, d->len / 2, NULL);
    ck_assert_int_eq(o.last, CBEC_FATAL);
    ck_assert_str_eq(o.err.reason, "MALFORMED_XML");
    ck_assert_ptr_nonnull(strstr(o.err.locator, "line "));
    /* About 20 complete orders precede the cut; libxml2 reads ahead by up to a chunk. */
    ck_assert_int_ge(o.records, 15);
    ck_assert_int_le(o.records, 20);
    g_string_free(d, TRUE);
}
END_TEST

/* Issue 22: the SAX parser that replaced xmlTextReader keeps what the reader did on a
 * malformed input: the records kept before the bad spot and the element path named in
 * the locator (the reader's position when it asked for the failing 512-byte chunk). */
START_TEST(malformed_chunk_as_the_reader)
{
    GString *d = orders_doc(40, 1);
    outcome o = run(d->str, d->len / 2, NULL);
    ck_assert_int_eq(o.last, CBEC_FATAL);
    ck_assert_str_eq(o.err.reason, "MALFORMED_XML");
    /* What the xmlTextReader build gave: order 20 was still open when the cut's chunk failed. */
    ck_assert_int_eq(o.records, 19);
    ck_assert_str_eq(o.err.locator, "line 22, CEB311Message/Order[20]/OrderList[1]/country");
    g_string_free(d, TRUE);
}
END_TEST

/* An element with an undeclared prefix keeps its prefix in the name the messages quote. */
START_TEST(undeclared_prefix_named_as_before)
{
    const char *x = "<CEB311Message xmlns=\"" CEB_NS "\"><Order><OrderHead><orderNo>N1</orderNo>"
                    "<zz:extra>1</zz:extra></OrderHead></Order></CEB311Message>";
    outcome o = run(x, strlen(x), NULL);
    ck_assert_int_eq(o.record_errors, 1);
    ck_assert_str_eq(o.first_error.message, "unexpected element <zz:extra> at depth 3");
    ck_assert_str_eq(o.first_error.locator, "CEB311Message/Order[1]/OrderHead");
}
END_TEST

/* libxml2's tree builder refused a text node over 10 MB (no XML_PARSE_HUGE): the input
 * stops there, as before, rather than the value being cut into a quarantined record. */
START_TEST(huge_text_node_refused)
{
    GString *s = g_string_new("<CEB311Message xmlns=\"" CEB_NS "\"><Order><OrderHead><orderNo>");
    outcome o;
    while (s->len < 10500000)
        g_string_append(s, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    g_string_append(s, "</orderNo></OrderHead></Order></CEB311Message>");
    o = run(s->str, s->len, NULL);
    expect_refused(&o, "MALFORMED_XML");
    ck_assert_msg(strstr(o.err.message, "huge text node"), "message: %s", o.err.message);
    g_string_free(s, TRUE);
}
END_TEST

START_TEST(byte_budget_enforced)
{
    GString *d = orders_doc(20000, 1);        /* about 9 MB */
    outcome o;
    ck_assert_int_gt(d->len, 4 * 1024 * 1024);
    o = run(d->str, d->len, "1M");
    expect_refused(&o, "TOO_LARGE");
    ck_assert_ptr_nonnull(strstr(o.err.message, "max_bytes"));
    ck_assert_int_gt(o.records, 1000);           /* what came before the limit is kept */
    ck_assert_int_lt(o.records, 3000);
    g_string_free(d, TRUE);
}
END_TEST

START_TEST(probe_scores)
{
    struct { const char *head; int score; } cases[] = {
        {"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<ceb:CEB311Message guid=\"x\" version=\"1.0\"\n"
         "   xmlns:ceb=\"" CEB_NS "\">", CBEC_SCORE_CERTAIN},
        {"<?xml version=\"1.0\"?><!-- receipt --><CEB312Message xmlns=\"" CEB_NS "\" guid=\"x\">", CBEC_SCORE_CERTAIN},
        {"<dxp:DxpMsg xmlns:dxp=\"http://www.chinaport.gov.cn/dxp\" ver=\"1.0\"><dxp:TransInfo>", CBEC_SCORE_CERTAIN},
        {"<?xml version=\"1.0\"?><CEB311Message guid=\"x\"><Order>", CBEC_SCORE_NONE},
        {"<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">",
         CBEC_SCORE_NONE},
        {"\x1f\x8b\x08\x00\x00\x00\x00\x00", CBEC_SCORE_NONE},
        {"orderNo,amount\n1,2\n", CBEC_SCORE_NONE},
    };
    size_t i;

    if (!plugin)
        load_plugin();
    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        cbec_probe_input in;
        memset(&in, 0, sizeof in);
        in.struct_size = sizeof in;
        in.name = "x.xml";
        in.extension = "xml";
        in.head = (const unsigned char *)cases[i].head;
        in.head_len = strlen(cases[i].head);
        in.size = -1;
        ck_assert_msg(plugin->probe(&in, &host) == cases[i].score, "case %zu", i);
    }
}
END_TEST

START_TEST(envelope_inner_is_as_safe)
{
    char *inner = g_strconcat("<?xml version=\"1.0\"?>\n", LAUGHS, NULL);
    char *b64 = g_base64_encode((const guchar *)inner, strlen(inner));
    char *env = g_strdup_printf("<dxp:DxpMsg xmlns:dxp=\"http://www.chinaport.gov.cn/dxp\" ver=\"1.0\">"
                                "<dxp:TransInfo><dxp:MsgType>CEB311Message</dxp:MsgType></dxp:TransInfo>"
                                "<dxp:Data>%s</dxp:Data></dxp:DxpMsg>", b64);
    const char *bad = "<dxp:DxpMsg xmlns:dxp=\"http://www.chinaport.gov.cn/dxp\"><dxp:Data>PD94bW$$</dxp:Data>"
                      "</dxp:DxpMsg>";
    outcome o = run(env, strlen(env), NULL);
    expect_refused(&o, "DOCTYPE_FORBIDDEN");
    ck_assert_ptr_nonnull(strstr(o.err.locator, "DxpMsg Data"));
    o = run(bad, strlen(bad), NULL);
    expect_refused(&o, "BAD_ENVELOPE");
    g_free(env);
    g_free(b64);
    g_free(inner);
}
END_TEST

/* A message is read as a stream: its first record comes before the parser has read
 * much past it, not after the whole message (and all its containers) was taken in. */
START_TEST(first_record_before_the_whole_message)
{
    GString *d = orders_doc(2000, 1);
    cbec_input in = {d->str, d->len, 0, NULL};
    cbec_source *src = NULL;
    cbec_record rec;
    cbec_error err;
    int i;

    if (!plugin)
        load_plugin();
    memset(&err, 0, sizeof err);
    cbec_record_init(&rec);
    ck_assert_int_eq(plugin->open(&src, &in, &host, &err), CBEC_OK);
    for (i = 1; i <= 3; i++) {
        cbec_record_reset(&rec);
        ck_assert_int_eq(plugin->next(src, &rec, &err), CBEC_OK);
        ck_assert_msg(in.pos < 16 * 1024, "record %d came after %zu of %zu bytes were read", i, in.pos, in.len);
    }
    plugin->close(src);
    cbec_record_free(&rec);
    g_string_free(d, TRUE);
}
END_TEST

START_TEST(unqualified_containers_are_quarantined)
{
    const char *x = "<ceb:CEB311Message xmlns:ceb=\"" CEB_NS "\"><Order><OrderHead><orderNo>N1</orderNo></OrderHead>"
                    "</Order><Order><OrderHead><orderNo>N2</orderNo></OrderHead></Order></ceb:CEB311Message>";
    outcome o = run(x, strlen(x), NULL);
    ck_assert_int_eq(o.last, CBEC_EOF);
    ck_assert_int_eq(o.records, 0);
    ck_assert_int_eq(o.record_errors, 2);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ceb_safety");
    TCase *tc = tcase_create("ceb_safety");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, baseline_reads_records);
    tcase_add_test(tc, xxe_local_file_refused);
    tcase_add_test(tc, xxe_network_refused);
    tcase_add_test(tc, billion_laughs_refused);
    tcase_add_test(tc, utf16_doctype_refused_by_the_reader);
    tcase_add_test(tc, gzip_bomb_not_inflated);
    tcase_add_test(tc, deep_nesting_refused);
    tcase_add_test(tc, truncated_keeps_complete_records);
    tcase_add_test(tc, byte_budget_enforced);
    tcase_add_test(tc, probe_scores);
    tcase_add_test(tc, envelope_inner_is_as_safe);
    tcase_add_test(tc, unqualified_containers_are_quarantined);
    tcase_add_test(tc, malformed_chunk_as_the_reader);
    tcase_add_test(tc, undeclared_prefix_named_as_before);
    tcase_add_test(tc, huge_text_node_refused);
    tcase_add_test(tc, first_record_before_the_whole_message);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_FORK);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
