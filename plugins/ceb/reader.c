/* Safe streaming reader of CEB messages (see reader.h).
 *
 * Safety, with Debian's libxml2 2.9.14 in mind (no XML_PARSE_NO_XXE, no
 * amplification switches):
 *   - the parser reads through xmlReaderForIO and our callback: never a file name
 *     (xmlReaderForFile would silently gunzip), never the network;
 *   - options never include XML_PARSE_NOENT, DTDLOAD, DTDATTR, DTDVALID, HUGE or
 *     XINCLUDE; NONET is set;
 *   - the callback refuses a DOCTYPE in the prolog before the parser sees it
 *     (CEB messages never carry one), and the reader refuses a DOCTYPE node or an
 *     entity reference that gets past that scan (e.g. a UTF-16 input);
 *   - an external entity loader that denies everything while this plugin parses;
 *   - a byte budget per input and per DxpMsg Data, a depth bound, and bounds on
 *     one value, one container and its number of lines.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>

#include "reader.h"

#define CEB_NS "http://www.chinaport.gov.cn/ceb"
#define DXP_NS "http://www.chinaport.gov.cn/dxp"
#define READER_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING)

/* ---- deny-all external entity loader, only while this plugin parses ---- */

static xmlExternalEntityLoader prev_loader;
static pthread_once_t loader_once = PTHREAD_ONCE_INIT;
static _Thread_local int ceb_parsing;

static xmlParserInputPtr deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    if (ceb_parsing || !prev_loader) {
        (void)id;
        (void)ctxt;
        (void)url;
        return NULL;            /* libxml2 reports "failed to load external entity" */
    }
    return prev_loader(url, id, ctxt);
}

static void install_loader(void)
{
    xmlInitParser();
    prev_loader = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(deny_loader);
}

void ceb_reader_global_init(void)
{
    pthread_once(&loader_once, install_loader);
}

/* Put the previous loader back if the module is unloaded. */
__attribute__((destructor)) static void restore_loader(void)
{
    if (prev_loader && xmlGetExternalEntityLoader() == deny_loader)
        xmlSetExternalEntityLoader(prev_loader);
}

/* ---- layers: the input itself, and the CEB message inside a DxpMsg Data ---- */

enum { ROOT_NONE = 0, ROOT_CEB, ROOT_DXP };
enum { SCAN_TEXT = 0, SCAN_LT, SCAN_PI, SCAN_PI_Q, SCAN_BANG, SCAN_BANG_DASH, SCAN_COMMENT, SCAN_DONE };
enum { STEP_CONTINUE = 0, STEP_EMIT = 1, STEP_FATAL = -1 };

typedef struct ceb_layer {
    ceb_reader *r;
    xmlTextReaderPtr xr;
    int inner;
    const unsigned char *mem;      /* inner: decoded Data */
    size_t mem_len, mem_pos;
    int64_t bytes;
    int scan, dashes;              /* prolog scanner */
    int io_failed;
    char io_reason[48];
    char io_message[400];
    char xml_error[400];
    int xml_error_line;
    const xmlChar *ns_ceb, *ns_dxp;
    int root;
    char msg_name[CEB_NAME_MAX];
    int msg_type;
    unsigned ncontainers;
    int base_transfers;
    int resume;                    /* process the current node again (a deferred emit) */
    int skipping, skip_depth;      /* dropping the subtree of the element at skip_depth */
    int in_container;
    ceb_group *group;              /* Head/List being filled */
    ceb_field *field;              /* leaf being filled */
    int in_data;
    GString *data;                 /* outer: base64 text of Data */
} ceb_layer;

struct ceb_reader {
    const cbec_host *host;
    cbec_input *in;
    ceb_limits lim;
    ceb_layer outer, inner;
    int inner_active;
    unsigned char *decoded;
    ceb_container *cont;           /* being filled (a caller's container once swapped) */
    ceb_container own;             /* the first one */
    int pending;                   /* cont holds a complete container not yet returned */
    int returned;                  /* cont was handed out: clear before filling */
    int fatal;                     /* a fatal error waits behind a pending container */
    cbec_error fatal_err;
    int eof;
};

/* ---- containers ---- */

const char *ceb_get(const ceb_group *g, const char *name)
{
    /* The builders ask for fields mostly in the order of the message: start after the
     * last hit and wrap around, so a lookup is usually one comparison.  `next` is a
     * hint only; a group is used by one thread at a time. */
    ceb_group *mg = (ceb_group *)g;
    size_t start = g->next < g->n ? g->next : 0, k, i;
    for (k = 0; k < g->n; k++) {
        i = start + k < g->n ? start + k : start + k - g->n;
        if (g->f[i].name[0] == name[0] && strcmp(g->f[i].name, name) == 0) {   /* first byte filters most */
            mg->next = i + 1 < g->n ? i + 1 : 0;
            return g->f[i].val ? g->f[i].val : "";
        }
    }
    return NULL;
}

static void group_clear(ceb_group *g)
{
    g->n = 0;
    g->next = 0;
    g->name[0] = 0;
    g->ordinal = 0;
}

static void group_free(ceb_group *g)
{
    size_t i;
    for (i = 0; i < g->cap; i++)
        free(g->f[i].val);
    free(g->f);
    memset(g, 0, sizeof *g);
}

static void cont_clear(ceb_container *c)
{
    size_t i;
    group_clear(&c->head);
    for (i = 0; i < c->nlines; i++)
        group_clear(&c->lines[i]);
    c->nlines = 0;
    c->bytes = 0;
    c->last = 0;
    c->base_transfers = 0;
    c->bad = 0;
    c->bad_reason[0] = c->bad_locator[0] = c->bad_message[0] = 0;
    c->name[0] = 0;
    c->index = 0;
}

/* Append s to buf (NUL-terminated, cut at len - 1) at *n. */
static void path_put(char *buf, size_t len, size_t *n, const char *s)
{
    while (*s && *n + 1 < len)
        buf[(*n)++] = *s++;
    buf[*n] = 0;
}

/* Append "[index]". */
static void path_index(char *buf, size_t len, size_t *n, unsigned index)
{
    char num[16], *p = num + sizeof num;
    *--p = 0;
    *--p = ']';
    do
        *--p = (char)('0' + index % 10);
    while ((index /= 10) != 0);
    *--p = '[';
    path_put(buf, len, n, p);
}

/* Built by hand, not with snprintf: every record gets its locator. */
void ceb_path(const ceb_container *c, const ceb_group *g, const char *field, char *buf, size_t len)
{
    size_t n = 0;

    if (len == 0)
        return;
    buf[0] = 0;
    path_put(buf, len, &n, c->prefix);
    path_put(buf, len, &n, c->msg_name);
    path_put(buf, len, &n, "/");
    path_put(buf, len, &n, c->name);
    path_index(buf, len, &n, c->index);
    if (g && g->name[0]) {
        path_put(buf, len, &n, "/");
        path_put(buf, len, &n, g->name);
        if (g->ordinal)
            path_index(buf, len, &n, g->ordinal);
    }
    if (field) {
        path_put(buf, len, &n, "/");
        path_put(buf, len, &n, field);
    }
}

static void mark_bad(ceb_container *c, const ceb_group *g, const char *field, const char *reason,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void mark_bad(ceb_container *c, const ceb_group *g, const char *field, const char *reason,
                     const char *fmt, ...)
{
    va_list ap;
    if (c->bad)
        return;                    /* the first problem is the one reported */
    c->bad = 1;
    g_strlcpy(c->bad_reason, reason, sizeof c->bad_reason);
    ceb_path(c, g, field, c->bad_locator, sizeof c->bad_locator);
    va_start(ap, fmt);
    vsnprintf(c->bad_message, sizeof c->bad_message, fmt, ap);
    va_end(ap);
}

static ceb_field *group_add(ceb_group *g, const char *name)
{
    ceb_field *f;
    size_t n;
    if (g->n == g->cap) {
        size_t ncap = g->cap ? g->cap * 2 : 32;
        ceb_field *nf = realloc(g->f, ncap * sizeof *nf);
        if (!nf)
            return NULL;
        memset(nf + g->cap, 0, (ncap - g->cap) * sizeof *nf);
        g->f = nf;
        g->cap = ncap;
    }
    f = &g->f[g->n++];
    n = strlen(name);
    if (n >= sizeof f->name)
        n = sizeof f->name - 1;
    memcpy(f->name, name, n);
    f->name[n] = 0;
    f->len = 0;
    if (f->val)
        f->val[0] = 0;
    return f;
}

static ceb_group *cont_add_line(ceb_container *c, const char *name)
{
    ceb_group *g;
    if (c->nlines == c->lines_cap) {
        size_t ncap = c->lines_cap ? c->lines_cap * 2 : 8;
        ceb_group *nl = realloc(c->lines, ncap * sizeof *nl);
        if (!nl)
            return NULL;
        memset(nl + c->lines_cap, 0, (ncap - c->lines_cap) * sizeof *nl);
        c->lines = nl;
        c->lines_cap = ncap;
    }
    g = &c->lines[c->nlines++];
    group_clear(g);
    g_strlcpy(g->name, name, sizeof g->name);
    g->ordinal = (unsigned)c->nlines;
    return g;
}

/* Append text to the field being read, within the value and container bounds. */
static void field_append(ceb_reader *r, ceb_layer *L, const char *text)
{
    ceb_container *c = r->cont;
    ceb_field *f = L->field;
    size_t add = strlen(text);

    if (c->bad)
        return;
    if (f->len + add > r->lim.max_field) {
        mark_bad(c, L->group ? L->group : &c->head, f->name, "FIELD_TOO_LONG",
                 "value longer than %zu bytes (plugin.ceb max_field_bytes)", r->lim.max_field);
        return;
    }
    if (c->bytes + add > r->lim.max_record) {
        mark_bad(c, L->group ? L->group : &c->head, f->name, "RECORD_TOO_LARGE",
                 "business record larger than %zu bytes (plugin.ceb max_record_bytes)", r->lim.max_record);
        return;
    }
    if (f->len + add + 1 > f->cap) {
        size_t ncap = f->cap ? f->cap : 32;
        char *nv;
        while (ncap < f->len + add + 1)
            ncap *= 2;
        nv = realloc(f->val, ncap);
        if (!nv) {
            mark_bad(c, NULL, NULL, "OUT_OF_MEMORY", "out of memory");
            return;
        }
        f->val = nv;
        f->cap = ncap;
    }
    memcpy(f->val + f->len, text, add);
    f->len += add;
    f->val[f->len] = 0;
    c->bytes += add;
}

static void field_finish(ceb_field *f)
{
    size_t a = 0, b = f->len;
    if (!f->val)
        return;
    while (a < b && (f->val[a] == ' ' || f->val[a] == '\t' || f->val[a] == '\r' || f->val[a] == '\n'))
        a++;
    while (b > a && (f->val[b - 1] == ' ' || f->val[b - 1] == '\t' || f->val[b - 1] == '\r' ||
                     f->val[b - 1] == '\n'))
        b--;
    if (a)
        memmove(f->val, f->val + a, b - a);
    f->len = b - a;
    f->val[f->len] = 0;
}

/* ---- the byte source of a layer ---- */

/* The prolog may hold an XML declaration, PIs, comments and white space; a
 * DOCTYPE (or any other <!...) is refused here, before libxml2 parses it. */
static int scan_prolog(ceb_layer *L, const char *buf, int n)
{
    int i;
    for (i = 0; i < n && L->scan != SCAN_DONE; i++) {
        char ch = buf[i];
        switch (L->scan) {
        case SCAN_TEXT:
            if (ch == '<')
                L->scan = SCAN_LT;
            break;
        case SCAN_LT:
            L->scan = ch == '?' ? SCAN_PI : ch == '!' ? SCAN_BANG : SCAN_DONE;
            break;
        case SCAN_PI:
            if (ch == '?')
                L->scan = SCAN_PI_Q;
            break;
        case SCAN_PI_Q:
            L->scan = ch == '>' ? SCAN_TEXT : ch == '?' ? SCAN_PI_Q : SCAN_PI;
            break;
        case SCAN_BANG:
            if (ch != '-')
                return -1;
            L->scan = SCAN_BANG_DASH;
            break;
        case SCAN_BANG_DASH:
            if (ch != '-')
                return -1;
            L->scan = SCAN_COMMENT;
            L->dashes = 0;
            break;
        case SCAN_COMMENT:
            if (ch == '-')
                L->dashes++;
            else if (ch == '>' && L->dashes >= 2)
                L->scan = SCAN_TEXT;
            else
                L->dashes = 0;
            break;
        default:
            break;
        }
    }
    return 0;
}

static int layer_read(void *ctx, char *buf, int len)
{
    ceb_layer *L = ctx;
    ceb_reader *r = L->r;
    ssize_t n;

    if (L->io_failed)
        return -1;
    /* Read no further than one byte past the budget, so that the refusal is exact. */
    if (r->lim.max_bytes - L->bytes + 1 < (int64_t)len)
        len = (int)(r->lim.max_bytes - L->bytes + 1);
    if (L->inner) {
        size_t left = L->mem_len - L->mem_pos;
        n = (ssize_t)(left < (size_t)len ? left : (size_t)len);
        memcpy(buf, L->mem + L->mem_pos, (size_t)n);
        L->mem_pos += (size_t)n;
    } else {
        n = r->host->read(r->in, buf, (size_t)len);
        if (n < 0) {
            const char *why = r->host->input_error(r->in);
            L->io_failed = 1;
            g_strlcpy(L->io_reason, "INPUT_ERROR", sizeof L->io_reason);
            snprintf(L->io_message, sizeof L->io_message, "cannot read the input: %s", why ? why : "read error");
            return -1;
        }
    }
    L->bytes += n;
    if (L->bytes > r->lim.max_bytes) {
        L->io_failed = 1;
        g_strlcpy(L->io_reason, "TOO_LARGE", sizeof L->io_reason);
        snprintf(L->io_message, sizeof L->io_message,
                 "%s is larger than %lld bytes (plugin.ceb max_bytes); refused", L->inner ? "DxpMsg Data" : "input",
                 (long long)r->lim.max_bytes);
        return -1;
    }
    if (L->scan != SCAN_DONE && n > 0 && scan_prolog(L, buf, (int)n) < 0) {
        L->io_failed = 1;
        g_strlcpy(L->io_reason, "DOCTYPE_FORBIDDEN", sizeof L->io_reason);
        snprintf(L->io_message, sizeof L->io_message,
                 "a DOCTYPE (DTD) declaration is not allowed in a CEB message; refused before parsing it "
                 "(no entity is expanded, no external entity is loaded)");
        return -1;
    }
    return (int)n;
}

static int layer_close(void *ctx)
{
    (void)ctx;
    return 0;
}

static void layer_error(void *ctx, xmlErrorPtr e)
{
    ceb_layer *L = ctx;
    size_t n;
    if (!e || e->level < XML_ERR_ERROR || L->xml_error[0])
        return;
    g_strlcpy(L->xml_error, e->message ? e->message : "XML error", sizeof L->xml_error);
    n = strlen(L->xml_error);
    while (n && (L->xml_error[n - 1] == '\n' || L->xml_error[n - 1] == ' '))
        L->xml_error[--n] = 0;
    L->xml_error_line = e->line;
}

static int layer_open(ceb_reader *r, ceb_layer *L, int inner, size_t mem_len, const char *url)
{
    memset(L, 0, sizeof *L);
    L->r = r;
    L->inner = inner;
    if (inner) {
        L->mem = r->decoded;   /* set before xmlReaderForIO: it reads the first bytes at once */
        L->mem_len = mem_len;
    }
    ceb_parsing = 1;
    L->xr = xmlReaderForIO(layer_read, layer_close, L, url, NULL, READER_OPTIONS);
    ceb_parsing = 0;
    if (!L->xr)
        return -1;
    xmlTextReaderSetStructuredErrorHandler(L->xr, layer_error, L);
    L->ns_ceb = xmlTextReaderConstString(L->xr, BAD_CAST CEB_NS);
    L->ns_dxp = xmlTextReaderConstString(L->xr, BAD_CAST DXP_NS);
    return 0;
}

static void layer_close_all(ceb_layer *L)
{
    if (L->xr)
        xmlFreeTextReader(L->xr);
    L->xr = NULL;
    if (L->data)
        g_string_free(L->data, TRUE);
    L->data = NULL;
}

/* ---- fatal errors ---- */

static void layer_where(ceb_reader *r, ceb_layer *L, char *buf, size_t len)
{
    char path[200];
    int line = L->xml_error_line ? L->xml_error_line : (L->xr ? xmlTextReaderGetParserLineNumber(L->xr) : 0);

    if (L->in_container)
        ceb_path(r->cont, L->group, L->field ? L->field->name : NULL, path, sizeof path);
    else
        snprintf(path, sizeof path, "%s%s", L->inner ? "DxpMsg/Data/" : "",
                 L->msg_name[0] ? L->msg_name : L->root == ROOT_DXP ? "DxpMsg" : "document");
    snprintf(buf, len, "line %d%s, %.200s", line, L->inner ? " of DxpMsg Data" : "", path);
}

static int fail(ceb_reader *r, ceb_layer *L, cbec_error *err, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int fail(ceb_reader *r, ceb_layer *L, cbec_error *err, const char *reason, const char *fmt, ...)
{
    va_list ap;
    memset(err, 0, sizeof *err);
    g_strlcpy(err->reason, reason, sizeof err->reason);
    layer_where(r, L, err->locator, sizeof err->locator);
    err->line = (uint64_t)(L->xml_error_line > 0 ? L->xml_error_line
                                                 : (L->xr ? xmlTextReaderGetParserLineNumber(L->xr) : 0));
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return STEP_FATAL;
}

/* libxml2 said -1: explain with what our callback or the parser recorded. */
static int fail_parse(ceb_reader *r, ceb_layer *L, cbec_error *err)
{
    if (L->io_failed)
        return fail(r, L, err, L->io_reason, "%s", L->io_message);
    return fail(r, L, err, "MALFORMED_XML", "malformed XML: %s; the records before this point are kept",
                L->xml_error[0] ? L->xml_error : "the parser stopped");
}

/* ---- the DxpMsg envelope ---- */

static int start_inner(ceb_reader *r, ceb_layer *L, cbec_error *err)
{
    gsize i, n = L->data->len, out_len;
    gint state = 0;
    guint save = 0;
    const char *p = L->data->str;

    for (i = 0; i < n; i++) {
        char ch = p[i];
        if (!(g_ascii_isalnum(ch) || ch == '+' || ch == '/' || ch == '=' || g_ascii_isspace(ch)))
            return fail(r, L, err, "BAD_ENVELOPE", "DxpMsg Data is not base64 (byte 0x%02x at offset %zu)",
                        (unsigned char)ch, (size_t)i);
    }
    g_free(r->decoded);
    r->decoded = g_malloc(n / 4 * 3 + 4);
    out_len = g_base64_decode_step(p, n, r->decoded, &state, &save);
    g_string_free(L->data, TRUE);
    L->data = NULL;
    if (layer_open(r, &r->inner, 1, out_len, "DxpMsg/Data") != 0)
        return fail(r, L, err, "OUT_OF_MEMORY", "cannot start a parser for DxpMsg Data");
    r->inner_active = 1;
    return STEP_CONTINUE;
}

/* ---- one node ---- */

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a > b && strcmp(s + a - b, suffix) == 0;
}

static int is_ceb_message(const char *local)
{
    return strlen(local) == 13 && strncmp(local, "CEB", 3) == 0 && g_ascii_isdigit(local[3]) &&
           g_ascii_isdigit(local[4]) && g_ascii_isdigit(local[5]) && strcmp(local + 6, "Message") == 0;
}

/* Skip the current element's subtree: its nodes are read and dropped, the depth
 * bound still applies to them (xmlTextReaderNext would bypass it). */
static int skip_subtree(ceb_layer *L, int depth)
{
    if (!xmlTextReaderIsEmptyElement(L->xr)) {
        L->skipping = 1;
        L->skip_depth = depth;
    }
    return STEP_CONTINUE;
}

static int on_element(ceb_reader *r, ceb_layer *L, int depth, cbec_error *err)
{
    /* The element's namespace from its node: xmlTextReaderConstNamespaceUri would
     * look the URI up in the dictionary for every element. */
    xmlNodePtr node = xmlTextReaderCurrentNode(L->xr);
    const xmlChar *ns = node && node->type == XML_ELEMENT_NODE ? (node->ns ? node->ns->href : NULL)
                                                                : xmlTextReaderConstNamespaceUri(L->xr);
    const char *local = (const char *)xmlTextReaderConstLocalName(L->xr);
    int empty = xmlTextReaderIsEmptyElement(L->xr);
    int is_ceb = ns && (ns == L->ns_ceb || strcmp((const char *)ns, CEB_NS) == 0);
    ceb_container *c = r->cont;

    if (!local)
        local = "";
    if (depth + 1 > r->lim.max_depth)
        return fail(r, L, err, "TOO_DEEP", "elements nested deeper than %d levels (plugin.ceb max_depth); refused",
                    r->lim.max_depth);
    if (depth == 0) {
        if (is_ceb && is_ceb_message(local)) {
            L->root = ROOT_CEB;
            g_strlcpy(L->msg_name, local, sizeof L->msg_name);
            L->msg_type = atoi(local + 3);
            return STEP_CONTINUE;
        }
        if (!L->inner && ns && (ns == L->ns_dxp || strcmp((const char *)ns, DXP_NS) == 0) &&
            strcmp(local, "DxpMsg") == 0) {
            L->root = ROOT_DXP;
            return STEP_CONTINUE;
        }
        return fail(r, L, err, "NOT_CEB",
                    "the root element {%s}%s is not a CEB message (CEBnnnMessage in namespace " CEB_NS
                    ")%s", ns ? (const char *)ns : "", local,
                    L->inner ? " inside the DxpMsg envelope" : " nor a DxpMsg envelope");
    }
    if (L->root == ROOT_DXP) {
        if (depth == 1 && ns && (ns == L->ns_dxp || strcmp((const char *)ns, DXP_NS) == 0) &&
            strcmp(local, "Data") == 0) {
            if (empty)
                return fail(r, L, err, "BAD_ENVELOPE", "DxpMsg Data is empty");
            L->in_data = 1;
            if (!L->data)
                L->data = g_string_sized_new(4096);
            g_string_truncate(L->data, 0);
            return STEP_CONTINUE;
        }
        if (L->in_data)
            return fail(r, L, err, "BAD_ENVELOPE", "element <%s> inside DxpMsg Data, where base64 text is due",
                        local);
        return skip_subtree(L, depth);    /* TransInfo, AddInfo, Signature */
    }
    if (depth == 1) {
        int no_ns = !ns || !*ns;
        /* Other namespaces (ds:Signature) are skipped; an unqualified element is a sender's
         * mistake that must not vanish silently: it becomes a quarantined record below. */
        if ((!is_ceb && !no_ns) || strcmp(local, "BaseSubscribe") == 0 || strcmp(local, "ExtendMessage") == 0)
            return skip_subtree(L, depth);
        if (strcmp(local, "BaseTransfer") == 0) {
            L->base_transfers++;
            return skip_subtree(L, depth);
        }
        if (r->pending) {
            L->resume = 1;                   /* hand out the previous container first */
            return STEP_EMIT;
        }
        if (r->returned) {
            cont_clear(c);
            r->returned = 0;
        }
        g_strlcpy(c->msg_name, L->msg_name, sizeof c->msg_name);
        c->msg_type = L->msg_type;
        g_strlcpy(c->name, local, sizeof c->name);
        c->index = ++L->ncontainers;
        g_strlcpy(c->prefix, L->inner ? "DxpMsg/Data/" : "", sizeof c->prefix);
        c->line = (uint64_t)xmlTextReaderGetParserLineNumber(L->xr);
        L->group = NULL;
        L->field = NULL;
        L->in_container = !empty;
        if (no_ns)
            mark_bad(c, NULL, NULL, "NO_NAMESPACE", "<%s> is not in the CEB namespace " CEB_NS
                     " (unqualified element under a prefixed root?)", local);
        if (empty)
            r->pending = 1;
        return STEP_CONTINUE;
    }
    if (!L->in_container)
        return skip_subtree(L, depth);
    if (depth == 2) {
        if (!is_ceb)
            return skip_subtree(L, depth);
        if (ends_with(local, "Head")) {
            g_strlcpy(c->head.name, local, sizeof c->head.name);
            L->group = empty ? NULL : &c->head;
            return STEP_CONTINUE;
        }
        if (ends_with(local, "List")) {
            ceb_group *g;
            if (c->nlines >= r->lim.max_lines) {
                mark_bad(c, NULL, NULL, "TOO_MANY_LINES", "more than %zu %s lines in one record", r->lim.max_lines,
                         local);
                return skip_subtree(L, depth);
            }
            g = cont_add_line(c, local);
            if (!g)
                return fail(r, L, err, "OUT_OF_MEMORY", "out of memory");
            L->group = empty ? NULL : g;
            return STEP_CONTINUE;
        }
        L->group = NULL;
        L->field = group_add(&c->head, local);
        if (!L->field)
            return fail(r, L, err, "OUT_OF_MEMORY", "out of memory");
        if (empty)
            L->field = NULL;
        return STEP_CONTINUE;
    }
    if (depth == 3 && L->group && !L->field && is_ceb) {
        if (L->group->n >= 256) {
            mark_bad(c, L->group, NULL, "RECORD_TOO_LARGE", "more than 256 fields in one group");
            return skip_subtree(L, depth);
        }
        L->field = group_add(L->group, local);
        if (!L->field)
            return fail(r, L, err, "OUT_OF_MEMORY", "out of memory");
        if (empty)
            L->field = NULL;
        return STEP_CONTINUE;
    }
    mark_bad(c, L->group, L->field ? L->field->name : NULL, "UNEXPECTED_ELEMENT",
             "unexpected element <%s> at depth %d", local, depth);
    return skip_subtree(L, depth);
}

static int on_end(ceb_reader *r, ceb_layer *L, int depth, cbec_error *err)
{
    if (L->root == ROOT_DXP) {
        if (depth == 1 && L->in_data) {
            L->in_data = 0;
            return start_inner(r, L, err);
        }
        return STEP_CONTINUE;
    }
    if (depth == 0) {
        if (r->pending) {
            r->cont->last = 1;
            r->cont->base_transfers = L->base_transfers;
            return STEP_EMIT;
        }
        return STEP_CONTINUE;
    }
    if (!L->in_container)
        return STEP_CONTINUE;
    if (depth == 1) {
        L->in_container = 0;
        L->group = NULL;
        L->field = NULL;
        r->pending = 1;
        return STEP_CONTINUE;
    }
    if (L->field) {
        field_finish(L->field);
        L->field = NULL;
    } else if (depth == 2) {
        L->group = NULL;
    }
    return STEP_CONTINUE;
}

static int on_node(ceb_reader *r, ceb_layer *L, cbec_error *err)
{
    int type = xmlTextReaderNodeType(L->xr);
    int depth = xmlTextReaderDepth(L->xr);

    if (L->skipping) {
        if (type == XML_READER_TYPE_ELEMENT && depth + 1 > r->lim.max_depth)
            return fail(r, L, err, "TOO_DEEP", "elements nested deeper than %d levels (plugin.ceb max_depth); "
                        "refused", r->lim.max_depth);
        if (type == XML_READER_TYPE_END_ELEMENT && depth == L->skip_depth)
            L->skipping = 0;
        if (type != XML_READER_TYPE_DOCUMENT_TYPE && type != XML_READER_TYPE_ENTITY_REFERENCE)
            return STEP_CONTINUE;
    }
    switch (type) {
    case XML_READER_TYPE_ELEMENT:
        return on_element(r, L, depth, err);
    case XML_READER_TYPE_END_ELEMENT:
        return on_end(r, L, depth, err);
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
    case XML_READER_TYPE_WHITESPACE: {
        const char *v;
        if (!L->in_data && !L->field)
            return STEP_CONTINUE;
        v = (const char *)xmlTextReaderConstValue(L->xr);
        if (!v)
            return STEP_CONTINUE;
        if (L->in_data) {
            if (L->data->len + strlen(v) > r->lim.max_envelope)
                return fail(r, L, err, "TOO_LARGE", "DxpMsg Data larger than %zu bytes (plugin.ceb max_envelope_bytes)",
                            r->lim.max_envelope);
            g_string_append(L->data, v);
        } else {
            field_append(r, L, v);
        }
        return STEP_CONTINUE;
    }
    case XML_READER_TYPE_DOCUMENT_TYPE:
        return fail(r, L, err, "DOCTYPE_FORBIDDEN",
                    "a DOCTYPE (DTD) declaration is not allowed in a CEB message; refused (no entity expanded)");
    case XML_READER_TYPE_ENTITY_REFERENCE:
    case XML_READER_TYPE_ENTITY:
        return fail(r, L, err, "ENTITY_FORBIDDEN", "entity references are not allowed in a CEB message");
    default:
        return STEP_CONTINUE;      /* comments, PIs, XML declaration */
    }
}

/* ---- public ---- */

ceb_reader *ceb_reader_new(cbec_input *in, const cbec_host *host, const ceb_limits *lim)
{
    ceb_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->host = host;
    r->in = in;
    r->lim = *lim;
    r->cont = &r->own;
    ceb_reader_global_init();
    if (layer_open(r, &r->outer, 0, 0, host->input_name ? host->input_name(in) : "input") != 0) {
        free(r);
        return NULL;
    }
    return r;
}

int ceb_reader_next(ceb_reader *r, ceb_container **spare, ceb_container **out, cbec_error *err)
{
    *out = NULL;
    if (r->returned) {
        /* The container handed out last time is the caller's now: fill the spare. */
        if (spare && *spare) {
            r->cont = *spare;
            *spare = NULL;
        }
        cont_clear(r->cont);
        r->returned = 0;
    }
    if (r->fatal) {
        *err = r->fatal_err;
        return CEB_READ_FATAL;
    }
    if (r->eof)
        return CEB_READ_EOF;
    for (;;) {
        ceb_layer *L = r->inner_active ? &r->inner : &r->outer;
        int ret, step;

        if (L->resume) {
            L->resume = 0;
            ret = 1;
        } else {
            ceb_parsing = 1;
            ret = xmlTextReaderRead(L->xr);
            ceb_parsing = 0;
        }
        if (ret == 0) {
            if (L->inner) {
                layer_close_all(L);
                r->inner_active = 0;
                g_free(r->decoded);
                r->decoded = NULL;
                continue;
            }
            if (L->root == ROOT_NONE) {
                fail(r, L, err, "NOT_CEB", "the input holds no XML element");
                r->fatal = 1;
                r->fatal_err = *err;
                return CEB_READ_FATAL;
            }
            r->eof = 1;
            if (r->pending)
                goto emit;
            return CEB_READ_EOF;
        }
        step = ret < 0 ? fail_parse(r, L, err) : on_node(r, L, err);
        if (step == STEP_EMIT)
            goto emit;
        if (step == STEP_FATAL) {
            r->fatal = 1;
            r->fatal_err = *err;
            if (r->pending && !r->cont->bad && !L->in_container)
                goto emit;         /* a complete container before the error is kept */
            return CEB_READ_FATAL;
        }
    }
emit:
    r->pending = 0;
    r->returned = 1;
    *out = r->cont;
    return CEB_READ_CONTAINER;
}

void ceb_container_free(ceb_container *c)
{
    size_t i;
    group_free(&c->head);
    for (i = 0; i < c->lines_cap; i++)
        group_free(&c->lines[i]);
    free(c->lines);
    memset(c, 0, sizeof *c);
}

void ceb_reader_free(ceb_reader *r)
{
    if (!r)
        return;
    layer_close_all(&r->inner);
    layer_close_all(&r->outer);
    g_free(r->decoded);
    ceb_container_free(&r->own);
    free(r);
}
