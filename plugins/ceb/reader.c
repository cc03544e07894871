/* Safe streaming reader of CEB messages (see reader.h).
 *
 * The XML goes through libxml2's SAX2 push parser: element and text callbacks
 * fill the containers directly, no tree is built (xmlTextReader, used before,
 * built and freed a node per element and per text and cost as much CPU as the
 * rest of the parse).  The parser is fed exactly as xmlTextReader fed it -- the
 * first 4 bytes when the parser is created, then chunks of 512 bytes out of
 * reads of 4096 -- and a container is handed out only once the chunk it was
 * completed in has parsed without error, as the reader did: the records kept
 * before a malformed spot, the reasons and the locators stay what they were.
 *
 * Safety, with Debian's libxml2 2.9.14 in mind (no XML_PARSE_NO_XXE, no
 * amplification switches):
 *   - the parser reads only the bytes we push from the host's stream: never a file
 *     name (which would be silently gunzipped), never the network;
 *   - options never include XML_PARSE_NOENT, DTDLOAD, DTDATTR, DTDVALID, HUGE or
 *     XINCLUDE; NONET is set;
 *   - the byte source refuses a DOCTYPE in the prolog before the parser sees it
 *     (CEB messages never carry one), and a DOCTYPE or an entity reference that
 *     gets past that scan (e.g. a UTF-16 input) stops the parser at once;
 *   - an external entity loader that denies everything while this plugin parses;
 *   - a byte budget per input and per DxpMsg Data, a depth bound, and bounds on
 *     one value, one container and its number of lines; libxml2's 10 MB bound on
 *     one text node (enforced by its tree builder, which SAX bypasses) is kept here.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "reader.h"

#define CEB_NS "http://www.chinaport.gov.cn/ceb"
#define DXP_NS "http://www.chinaport.gov.cn/dxp"
/* xmlTextReader's options: ours, plus the COMPACT it adds itself. */
#define PARSER_OPTIONS \
    (XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING | XML_PARSE_COMPACT)
/* xmlTextReader's feeding (xmlreader.c): the first bytes when the parser is created,
 * then chunks of this size out of reads of FEED_READ. */
#define FEED_FIRST 4
#define FEED_CHUNK 512
#define FEED_READ 4096

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

static void name_table_init(void);

static void install_loader(void)
{
    name_table_init();
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

/* Where the reader stood, cheap to take: the path is written out only if needed. */
typedef struct ceb_view {
    ceb_container *cont;           /* the container being filled, when in one */
    int group;                     /* -1 none, -2 the head, n: line n */
    int fgroup, field;             /* the field's group (-2 head, n line) and index; field -1: none */
    int have_msg, root;
} ceb_view;

/* Where the reader stood, as pointers: taken at every end of a leaf element, made a
 * ceb_view only when a chunk that follows fails.  Until then only blank text can come
 * (anything else clears the defer), so the container's arrays have not moved. */
typedef struct ceb_spot {
    ceb_container *cont;           /* the container being filled, when in one */
    ceb_group *group;
    ceb_field *field;
} ceb_spot;

/* Field numbers of element names by the address the parser's dictionary gives them. */
#define NAME_SLOTS_BITS 8
typedef struct ceb_name_slot {
    const char *name;
    unsigned id;
} ceb_name_slot;

typedef struct ceb_layer {
    ceb_reader *r;
    xmlParserCtxtPtr ctxt;
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
    int skipping, skip_depth;      /* dropping the subtree of the element at skip_depth */
    int in_container;
    ceb_group *group;              /* Head/List being filled */
    ceb_field *field;              /* leaf being filled */
    int in_data;
    GString *data;                 /* outer: base64 text of Data */
    /* the parser's side */
    int depth;                     /* elements open */
    int empty_open;                /* the element just started is <x/>: the reader gave no end for it */
    size_t run;                    /* bytes of the text node libxml2's tree builder would be growing */
    size_t frun, frun_base;        /* the field's text node so far, and the field's length before it */
    size_t drun;                   /* the Data text node so far */
    unsigned char *buf;            /* bytes read and not yet parsed (xmlTextReader's input buffer) */
    size_t buf_len, buf_cur, buf_cap;
    int src_eof;                   /* the byte source ended and the last chunk was parsed */
    int stop;                      /* this layer failed: the rest of the chunk is parsed, its events ignored */
    int halted;                    /* xmlStopParser on a DOCTYPE or entity: our refusal stands */
    int huge;                      /* a text node beyond libxml2's bound: its own error, as the tree builder's */
    int last_was_start;            /* since the last element started: only text, if anything */
    int defer;                     /* the chunk's last event so far is the end of an element with no
                                    * content but text (<a>x</a>, <a></a>): xmlTextReader went past
                                    * its start only once it saw what follows, so a failing next chunk
                                    * found it there (the path still names the element) */
    ceb_container *defer_cont;     /* ... the pending container, the keep rule and the place then */
    int defer_keep;
    ceb_spot defer_spot;
    int fatal;                     /* err holds why this layer stopped */
    int locate;                    /* err's locator still needs the line (the parser's after the chunk) */
    char where[220];               /* err's element path, for that locator */
    cbec_error err;
    ceb_name_slot names[1 << NAME_SLOTS_BITS];
} ceb_layer;

struct ceb_reader {
    const cbec_host *host;
    cbec_input *in;
    ceb_limits lim;
    ceb_layer outer, inner;
    unsigned char *decoded;
    ceb_container *cont;           /* being filled, or complete and pending (NULL: take one) */
    int pending;                   /* cont holds a complete container not yet emitted */
    /* Emitted containers in order: q[qhead, qready) can be handed out, q[qready, qlen)
     * wait for the chunk they were completed in to parse without error. */
    ceb_container **q;
    size_t qhead, qready, qlen, qcap;
    GPtrArray *spare;              /* containers to reuse */
    GPtrArray *all;                /* every container allocated: freed with the reader */
    ceb_container *out_last;       /* handed out to a caller without spares: reused at the next call */
    int fatal;
    cbec_error fatal_err;
    int eof;
};

/* ---- containers ---- */

const char *const ceb_field_names[CEB_F_COUNT] = {
    "",
#define CEB_F_NAME(n) #n,
    CEB_FIELD_NAMES(CEB_F_NAME)
#undef CEB_F_NAME
};

/* Element name -> field number: an open-addressed table of the looked-up names, built once. */
#define NAME_TABLE 256
static unsigned char name_table[NAME_TABLE];   /* field number, 0: empty */

static unsigned name_hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void name_table_init(void)
{
    unsigned id, k;
    for (id = 1; id < CEB_F_COUNT; id++) {
        for (k = name_hash(ceb_field_names[id]) % NAME_TABLE; name_table[k]; k = (k + 1) % NAME_TABLE)
            ;
        name_table[k] = (unsigned char)id;
    }
}

static unsigned name_id(const char *name)
{
    unsigned k;
    for (k = name_hash(name) % NAME_TABLE; name_table[k]; k = (k + 1) % NAME_TABLE)
        if (strcmp(ceb_field_names[name_table[k]], name) == 0)
            return name_table[k];
    return CEB_F_OTHER;
}

static const char *field_name(const ceb_container *c, const ceb_field *f)
{
    return f->id ? ceb_field_names[f->id] : c->text + f->name_off;
}

static void group_clear(ceb_group *g)
{
    size_t i;
    for (i = 0; i < g->n; i++)
        g->first[g->f[i].id] = 0;
    g->n = 0;
    g->name[0] = 0;
    g->ordinal = 0;
}

static void group_free(ceb_group *g)
{
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
    c->text_len = 0;
    c->bytes = 0;
    c->last = 0;
    c->base_transfers = 0;
    c->bad = 0;
    c->bad_reason[0] = c->bad_locator[0] = c->bad_message[0] = 0;
    c->name[0] = 0;
    c->index = 0;
}

/* Room for add more bytes (and a NUL) at the end of the container's text. */
static int text_reserve(ceb_container *c, size_t add)
{
    size_t ncap;
    char *nt;
    if (c->text_len + add + 1 <= c->text_cap)
        return 0;
    ncap = c->text_cap ? c->text_cap : 1024;
    while (ncap < c->text_len + add + 1)
        ncap *= 2;
    nt = realloc(c->text, ncap);
    if (!nt)
        return -1;
    c->text = nt;
    c->text_cap = ncap;
    return 0;
}

/* The container is complete: its fields' names and values get their addresses (the
 * text does not move any more). */
static void cont_seal(ceb_container *c)
{
    size_t l, i;
    for (l = 0; l <= c->nlines; l++) {
        ceb_group *g = l == 0 ? &c->head : &c->lines[l - 1];
        for (i = 0; i < g->n; i++) {
            ceb_field *f = &g->f[i];
            f->name = field_name(c, f);
            f->val = f->off + f->len < c->text_len ? c->text + f->off : "";
        }
    }
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

/* A field named name (number id) starts in g; its value will be the tail of the text. */
static ceb_field *group_add(ceb_container *c, ceb_group *g, const char *name, unsigned id)
{
    ceb_field *f;
    if (g->n == g->cap) {
        size_t ncap = g->cap ? g->cap * 2 : 32;
        ceb_field *nf = realloc(g->f, ncap * sizeof *nf);
        if (!nf)
            return NULL;
        g->f = nf;
        g->cap = ncap;
    }
    if (!id) {
        /* Other names are kept with the values (cut as the name arrays cut them before). */
        size_t n = strlen(name);
        if (n >= CEB_NAME_MAX)
            n = CEB_NAME_MAX - 1;
        if (text_reserve(c, n) != 0)
            return NULL;
        memcpy(c->text + c->text_len, name, n);
        c->text[c->text_len + n] = 0;
        g->f[g->n].name_off = c->text_len;
        c->text_len += n + 1;
    }
    if (text_reserve(c, 0) != 0)
        return NULL;
    if (id && !g->first[id])
        g->first[id] = (uint32_t)g->n + 1;
    f = &g->f[g->n++];
    f->id = id;
    f->name = NULL;
    f->val = NULL;
    f->off = c->text_len;
    f->len = 0;
    c->text[f->off] = 0;
    return f;
}

/* The field's value is complete: it keeps its NUL, the next value starts after it. */
static void field_close(ceb_container *c, ceb_field *f)
{
    c->text_len = f->off + f->len + 1;
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

/* A piece of text of the field being read.  xmlTextReader handed over a text node
 * whole, and the bounds were checked on it: the pieces are collected (no further than
 * max_field_bytes), and field_run_end() makes the same checks once the node is complete. */
static void field_piece(ceb_reader *r, ceb_layer *L, const char *text, size_t add)
{
    ceb_container *c = r->cont;
    ceb_field *f = L->field;

    if (L->frun == 0)
        L->frun_base = f->len;
    L->frun += add;
    if (c->bad || L->frun > r->lim.max_field || f->len + add > r->lim.max_field)
        return;                    /* refused at the end of the node: no need to keep it */
    /* The field being read is the tail of the container's text. */
    if (text_reserve(c, f->off + f->len + add - c->text_len) != 0) {
        mark_bad(c, NULL, NULL, "OUT_OF_MEMORY", "out of memory");
        return;
    }
    memcpy(c->text + f->off + f->len, text, add);
    f->len += add;
    c->text[f->off + f->len] = 0;
    c->text_len = f->off + f->len;
}

/* The field's text node is complete: within the value and container bounds it is kept. */
static void field_run_end(ceb_reader *r, ceb_layer *L)
{
    ceb_container *c = r->cont;
    ceb_field *f = L->field;
    size_t add = L->frun;

    L->frun = 0;
    if (!f)
        return;
    if (!c->bad && L->frun_base + add <= r->lim.max_field && c->bytes + add <= r->lim.max_record &&
        f->len == L->frun_base + add) {
        c->bytes += add;           /* kept whole */
        return;
    }
    /* Taken back: the node breaks a bound (or the container is refused already). */
    f->len = L->frun_base;
    c->text[f->off + f->len] = 0;
    c->text_len = f->off + f->len;
    if (c->bad)
        return;
    if (f->len + add > r->lim.max_field) {
        mark_bad(c, L->group ? L->group : &c->head, field_name(c, f), "FIELD_TOO_LONG",
                 "value longer than %zu bytes (plugin.ceb max_field_bytes)", r->lim.max_field);
        return;
    }
    if (c->bytes + add > r->lim.max_record) {
        mark_bad(c, L->group ? L->group : &c->head, field_name(c, f), "RECORD_TOO_LARGE",
                 "business record larger than %zu bytes (plugin.ceb max_record_bytes)", r->lim.max_record);
        return;
    }
    mark_bad(c, NULL, NULL, "OUT_OF_MEMORY", "out of memory");   /* a piece could not be kept */
}

/* The field's element ends: its value is trimmed and closed. */
static void field_finish(ceb_container *c, ceb_field *f)
{
    const char *v = c->text + f->off;
    size_t a = 0, b = f->len;
    while (a < b && (v[a] == ' ' || v[a] == '\t' || v[a] == '\r' || v[a] == '\n'))
        a++;
    while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\t' || v[b - 1] == '\r' || v[b - 1] == '\n'))
        b--;
    f->off += a;
    f->len = b - a;
    c->text[f->off + f->len] = 0;
    field_close(c, f);
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


/* libxml2's errors: the first one is kept, with its line. */
static void layer_error(void *ctx, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = ctx;
    ceb_layer *L = ctxt ? ctxt->_private : NULL;
    size_t n;
    if (!L || !e || e->level < XML_ERR_ERROR || L->xml_error[0])
        return;
    g_strlcpy(L->xml_error, e->message ? e->message : "XML error", sizeof L->xml_error);
    n = strlen(L->xml_error);
    while (n && (L->xml_error[n - 1] == '\n' || L->xml_error[n - 1] == ' '))
        L->xml_error[--n] = 0;
    L->xml_error_line = e->line;
}

/* ---- fatal errors ---- */

static int parser_line(const ceb_layer *L)
{
    return L->ctxt && L->ctxt->input ? L->ctxt->input->line : 0;
}

static void spot_take(const ceb_reader *r, const ceb_layer *L, ceb_spot *s)
{
    s->cont = L->in_container ? r->cont : NULL;
    s->group = L->group;
    s->field = L->field;
}

static void view_of(const ceb_layer *L, const ceb_spot *s, ceb_view *v)
{
    const ceb_container *c = s->cont;
    v->cont = s->cont;
    v->group = v->fgroup = v->field = -1;
    if (c) {
        const ceb_group *fg = s->group ? s->group : &c->head;
        v->group = !s->group ? -1 : s->group == &c->head ? -2 : (int)(s->group - c->lines);
        if (s->field) {
            v->fgroup = fg == &c->head ? -2 : (int)(fg - c->lines);
            v->field = (int)(s->field - fg->f);
        }
    }
    v->have_msg = L->msg_name[0] != 0;
    v->root = L->root;
}

static void view_take(const ceb_reader *r, const ceb_layer *L, ceb_view *v)
{
    ceb_spot s;
    spot_take(r, L, &s);
    view_of(L, &s, v);
}

static void view_where(const ceb_layer *L, const ceb_view *v, char *buf, size_t len)
{
    if (v->cont) {
        const ceb_container *c = v->cont;
        const ceb_group *g = v->group == -2 ? &c->head : v->group >= 0 ? &c->lines[v->group] : NULL;
        const ceb_group *fg = v->fgroup == -2 ? &c->head : v->fgroup >= 0 ? &c->lines[v->fgroup] : NULL;
        ceb_path(c, g, fg && v->field >= 0 ? field_name(c, &fg->f[v->field]) : NULL, buf, len);
    } else {
        snprintf(buf, len, "%s%s", L->inner ? "DxpMsg/Data/" : "",
                 v->have_msg ? L->msg_name : v->root == ROOT_DXP ? "DxpMsg" : "document");
    }
}

static void layer_where(ceb_reader *r, ceb_layer *L, char *buf, size_t len)
{
    if (L->in_container && r->cont)
        ceb_path(r->cont, L->group, L->field ? field_name(r->cont, L->field) : NULL, buf, len);
    else
        snprintf(buf, len, "%s%s", L->inner ? "DxpMsg/Data/" : "",
                 L->msg_name[0] ? L->msg_name : L->root == ROOT_DXP ? "DxpMsg" : "document");
}

/* "line N[ of DxpMsg Data], path": the line where the parser is, as the reader reported it. */
static void layer_locate(ceb_layer *L)
{
    int line = L->xml_error_line ? L->xml_error_line : parser_line(L);
    snprintf(L->err.locator, sizeof L->err.locator, "line %d%s, %.200s", line, L->inner ? " of DxpMsg Data" : "",
             L->where);
    L->err.line = (uint64_t)(line > 0 ? line : 0);
    L->locate = 0;
}

/* The layer stops with reason; the locator's line is filled in after the chunk being parsed. */
static int fail(ceb_reader *r, ceb_layer *L, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(ceb_reader *r, ceb_layer *L, const char *reason, const char *fmt, ...)
{
    va_list ap;
    memset(&L->err, 0, sizeof L->err);
    g_strlcpy(L->err.reason, reason, sizeof L->err.reason);
    layer_where(r, L, L->where, sizeof L->where);
    va_start(ap, fmt);
    vsnprintf(L->err.message, sizeof L->err.message, fmt, ap);
    va_end(ap);
    L->fatal = 1;
    L->locate = 1;
    return STEP_FATAL;
}

/* libxml2 or the byte source failed: explain with what our callback or the parser recorded.
 * where: the element path as the reader last reported it (NULL: the current one). */
static int fail_parse(ceb_reader *r, ceb_layer *L, const char *where)
{
    if (L->io_failed)
        fail(r, L, L->io_reason, "%s", L->io_message);
    else
        fail(r, L, "MALFORMED_XML", "malformed XML: %s; the records before this point are kept",
             L->xml_error[0] ? L->xml_error : "the parser stopped");
    if (where)
        g_strlcpy(L->where, where, sizeof L->where);
    layer_locate(L);
    return STEP_FATAL;
}

/* ---- emitted containers ---- */

/* Containers outlive their input: a night is thousands of small files, and a container
 * grown for one (field arrays, value buffers) is as good for the next.  Bounded in
 * number and in the memory one may keep. */
#define CACHE_MAX 64
#define CACHE_KEEP_BYTES (64u << 10)
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static ceb_container *cache[CACHE_MAX];
static int ncache;

static size_t group_held(const ceb_group *g)
{
    return g->cap * sizeof *g->f + sizeof *g;
}

/* Keep c for another input, or free it. */
static void cache_put(ceb_container *c)
{
    size_t held = c->text_cap + group_held(&c->head), i;
    for (i = 0; i < c->lines_cap && held <= CACHE_KEEP_BYTES; i++)
        held += group_held(&c->lines[i]);
    if (held <= CACHE_KEEP_BYTES) {
        pthread_mutex_lock(&cache_lock);
        if (ncache < CACHE_MAX) {
            cache[ncache++] = c;
            c = NULL;
        }
        pthread_mutex_unlock(&cache_lock);
    }
    if (c) {
        ceb_container_free(c);
        free(c);
    }
}

static ceb_container *cache_get(void)
{
    ceb_container *c = NULL;
    pthread_mutex_lock(&cache_lock);
    if (ncache)
        c = cache[--ncache];
    pthread_mutex_unlock(&cache_lock);
    return c ? c : calloc(1, sizeof *c);
}

__attribute__((destructor)) static void cache_free(void)
{
    while (ncache) {
        ceb_container_free(cache[--ncache]);
        free(cache[ncache]);
    }
}

static ceb_container *take_container(ceb_reader *r)
{
    ceb_container *c;
    if (r->spare->len) {
        c = g_ptr_array_steal_index_fast(r->spare, r->spare->len - 1);
    } else {
        c = cache_get();
        if (!c)
            return NULL;
        g_ptr_array_add(r->all, c);
    }
    cont_clear(c);
    return c;
}

static void give_back(ceb_reader *r, ceb_container *c)
{
    if (c)
        g_ptr_array_add(r->spare, c);
}

/* The pending container is emitted: it waits for its chunk. */
static void emit(ceb_reader *r)
{
    if (r->qlen == r->qcap) {
        size_t ncap = r->qcap ? r->qcap * 2 : 32;
        r->q = g_renew(ceb_container *, r->q, ncap);
        r->qcap = ncap;
    }
    r->q[r->qlen++] = r->cont;
    r->cont = NULL;
    r->pending = 0;
}

/* A fatal error: the reader kept a complete container not yet handed out unless it
 * was refused or the error came inside another one. */
static void keep_pending(ceb_reader *r, ceb_layer *L)
{
    if (r->pending && r->cont && !r->cont->bad && !L->in_container)
        emit(r);
}

/* ---- the DxpMsg envelope ---- */

static int layer_open(ceb_reader *r, ceb_layer *L, int inner, size_t mem_len, const char *url);
static void layer_close_all(ceb_layer *L);
static void layer_step(ceb_reader *r, ceb_layer *L);

/* Data is complete: its message is parsed now, to its end, as the reader did before
 * going on with the envelope.  Its containers wait for the envelope's chunk. */
static int start_inner(ceb_reader *r, ceb_layer *L)
{
    gsize i, n = L->data->len, out_len;
    gint state = 0;
    guint save = 0;
    const char *p = L->data->str;
    ceb_layer *I = &r->inner;

    for (i = 0; i < n; i++) {
        char ch = p[i];
        if (!(g_ascii_isalnum(ch) || ch == '+' || ch == '/' || ch == '=' || g_ascii_isspace(ch)))
            return fail(r, L, "BAD_ENVELOPE", "DxpMsg Data is not base64 (byte 0x%02x at offset %zu)",
                        (unsigned char)ch, (size_t)i);
    }
    g_free(r->decoded);
    r->decoded = g_malloc(n / 4 * 3 + 4);
    out_len = g_base64_decode_step(p, n, r->decoded, &state, &save);
    g_string_free(L->data, TRUE);
    L->data = NULL;
    if (layer_open(r, I, 1, out_len, "DxpMsg/Data") != 0)
        return fail(r, L, "OUT_OF_MEMORY", "cannot start a parser for DxpMsg Data");
    while (!I->fatal && !I->src_eof)
        layer_step(r, I);
    if (I->fatal) {
        /* The message's error is the input's, unless the envelope's chunk fails too. */
        L->err = I->err;
        L->fatal = 1;
        L->locate = 0;
    }
    layer_close_all(I);
    g_free(r->decoded);
    r->decoded = NULL;
    return L->fatal ? STEP_FATAL : STEP_CONTINUE;
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

/* Skip the current element's subtree: its events are dropped, the depth bound
 * still applies to them. */
static int skip_subtree(ceb_layer *L, int depth)
{
    if (!L->empty_open) {
        L->skipping = 1;
        L->skip_depth = depth;
    }
    return STEP_CONTINUE;
}

/* Field number of an element name.  Names the parser hands over are interned in its
 * dictionary, so a name seen before is known by its address. */
static unsigned layer_name_id(ceb_layer *L, const char *local, int interned)
{
    ceb_name_slot *s;
    if (!interned)
        return name_id(local);
    s = &L->names[((uint64_t)(uintptr_t)local * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - NAME_SLOTS_BITS)];
    if (s->name != local) {
        s->name = local;
        s->id = name_id(local);
    }
    return s->id;
}

/* An element starts; ns is its namespace URI (interned in the parser's dictionary); local
 * is interned there too unless it is a name built here ("prefix:local"). */
static int on_element(ceb_reader *r, ceb_layer *L, int depth, const char *local, const xmlChar *ns, int interned)
{
    int empty = L->empty_open;
    int is_ceb = ns && (ns == L->ns_ceb || strcmp((const char *)ns, CEB_NS) == 0);
    ceb_container *c = r->cont;

    if (!local)
        local = "";
    if (depth + 1 > r->lim.max_depth)
        return fail(r, L, "TOO_DEEP", "elements nested deeper than %d levels (plugin.ceb max_depth); refused",
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
        return fail(r, L, "NOT_CEB",
                    "the root element {%s}%s is not a CEB message (CEBnnnMessage in namespace " CEB_NS
                    ")%s", ns ? (const char *)ns : "", local,
                    L->inner ? " inside the DxpMsg envelope" : " nor a DxpMsg envelope");
    }
    if (L->root == ROOT_DXP) {
        if (depth == 1 && ns && (ns == L->ns_dxp || strcmp((const char *)ns, DXP_NS) == 0) &&
            strcmp(local, "Data") == 0) {
            if (empty)
                return fail(r, L, "BAD_ENVELOPE", "DxpMsg Data is empty");
            L->in_data = 1;
            if (!L->data)
                L->data = g_string_sized_new(4096);
            g_string_truncate(L->data, 0);
            return STEP_CONTINUE;
        }
        if (L->in_data)
            return fail(r, L, "BAD_ENVELOPE", "element <%s> inside DxpMsg Data, where base64 text is due",
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
        if (r->pending)
            return STEP_EMIT;                /* the previous container first; then this element again */
        if (!c) {
            c = r->cont = take_container(r);
            if (!c)
                return fail(r, L, "OUT_OF_MEMORY", "out of memory");
        }
        g_strlcpy(c->msg_name, L->msg_name, sizeof c->msg_name);
        c->msg_type = L->msg_type;
        g_strlcpy(c->name, local, sizeof c->name);
        c->index = ++L->ncontainers;
        g_strlcpy(c->prefix, L->inner ? "DxpMsg/Data/" : "", sizeof c->prefix);
        c->line = (uint64_t)parser_line(L);
        L->group = NULL;
        L->field = NULL;
        L->in_container = !empty;
        if (no_ns)
            mark_bad(c, NULL, NULL, "NO_NAMESPACE", "<%s> is not in the CEB namespace " CEB_NS
                     " (unqualified element under a prefixed root?)", local);
        if (empty) {
            cont_seal(c);
            r->pending = 1;
        }
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
                return fail(r, L, "OUT_OF_MEMORY", "out of memory");
            L->group = empty ? NULL : g;
            return STEP_CONTINUE;
        }
        L->group = NULL;
        L->field = group_add(c, &c->head, local, layer_name_id(L, local, interned));
        if (!L->field)
            return fail(r, L, "OUT_OF_MEMORY", "out of memory");
        if (empty) {
            field_close(c, L->field);
            L->field = NULL;
        }
        return STEP_CONTINUE;
    }
    if (depth == 3 && L->group && !L->field && is_ceb) {
        if (L->group->n >= 256) {
            mark_bad(c, L->group, NULL, "RECORD_TOO_LARGE", "more than 256 fields in one group");
            return skip_subtree(L, depth);
        }
        L->field = group_add(c, L->group, local, layer_name_id(L, local, interned));
        if (!L->field)
            return fail(r, L, "OUT_OF_MEMORY", "out of memory");
        if (empty) {
            field_close(c, L->field);
            L->field = NULL;
        }
        return STEP_CONTINUE;
    }
    mark_bad(c, L->group, L->field ? field_name(c, L->field) : NULL, "UNEXPECTED_ELEMENT",
             "unexpected element <%s> at depth %d", local, depth);
    return skip_subtree(L, depth);
}

static int on_end(ceb_reader *r, ceb_layer *L, int depth)
{
    if (L->root == ROOT_DXP) {
        if (depth == 1 && L->in_data) {
            L->in_data = 0;
            return start_inner(r, L);
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
        cont_seal(r->cont);
        r->pending = 1;
        return STEP_CONTINUE;
    }
    if (L->field) {
        field_finish(r->cont, L->field);
        L->field = NULL;
    } else if (depth == 2) {
        L->group = NULL;
    }
    return STEP_CONTINUE;
}


/* ---- the parser's callbacks ---- */

/* A text node ends (an element starts or ends, a comment or PI comes): the checks the
 * reader made on whole text nodes. */
static void text_run_end_slow(ceb_reader *r, ceb_layer *L)
{
    if (L->stop) {
        L->frun = L->drun = 0;
        return;
    }
    if (L->frun)
        field_run_end(r, L);
    if (L->drun) {
        L->drun = 0;
        if (L->data && L->data->len > r->lim.max_envelope)
            fail(r, L, "TOO_LARGE", "DxpMsg Data larger than %zu bytes (plugin.ceb max_envelope_bytes)",
                 r->lim.max_envelope);
    }
}

static inline void text_run_end(ceb_reader *r, ceb_layer *L)
{
    L->run = 0;
    if (L->stop | (L->frun != 0) | (L->drun != 0))
        text_run_end_slow(r, L);
}

/* A callback refused the input: the rest of this chunk is parsed (a parse error in it
 * wins, as with the reader) but nothing more is read. */
static void sax_fatal(ceb_reader *r, ceb_layer *L)
{
    L->stop = 1;
    keep_pending(r, L);
}

/* A DOCTYPE or an entity reference: stop the parser at once. */
static void sax_halt(ceb_reader *r, ceb_layer *L)
{
    L->halted = 1;
    sax_fatal(r, L);
    layer_locate(L);
    xmlStopParser(L->ctxt);
}

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
                      int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                      const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    ceb_layer *L = ctxt->_private;
    ceb_reader *r = L->r;
    const xmlChar *cur = ctxt->input ? ctxt->input->cur : NULL;
    int depth = L->depth++, step;

    (void)nb_namespaces;
    (void)namespaces;
    (void)nb_attributes;
    (void)nb_defaulted;
    (void)attributes;
    /* The parser calls this before it looks at "/>" (xmlTextReader tells empty elements the same way). */
    L->empty_open = cur && cur[0] == '/' && cur[1] == '>';
    L->last_was_start = 1;
    L->defer = 0;
    text_run_end(r, L);
    if (L->stop)
        return;
    if (L->skipping) {
        if (depth + 1 > r->lim.max_depth) {
            fail(r, L, "TOO_DEEP", "elements nested deeper than %d levels (plugin.ceb max_depth); refused",
                 r->lim.max_depth);
            sax_fatal(r, L);
        }
        return;
    }
    if (!URI && prefix && localname) {
        /* An undeclared prefix: the tree builder named the element "prefix:local", and so
         * did the reader (NO_NAMESPACE, UNEXPECTED_ELEMENT messages quote it). */
        xmlChar buf[256], *q = xmlBuildQName(localname, prefix, buf, sizeof buf);
        while ((step = on_element(r, L, depth, q ? (const char *)q : "", URI, 0)) == STEP_EMIT)
            emit(r);
        if (q && q != buf && q != localname)
            xmlFree(q);
    } else {
        while ((step = on_element(r, L, depth, localname ? (const char *)localname : "", URI, localname != NULL)) ==
               STEP_EMIT)
            emit(r);
    }
    if (step == STEP_FATAL)
        sax_fatal(r, L);
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
    xmlParserCtxtPtr ctxt = ctx;
    ceb_layer *L = ctxt->_private;
    ceb_reader *r = L->r;
    int depth, step;

    (void)localname;
    (void)prefix;
    (void)URI;
    depth = --L->depth;
    text_run_end(r, L);
    if (L->empty_open) {
        L->empty_open = 0;         /* <x/>: no end node */
        L->last_was_start = 0;
        L->defer = 0;
        return;
    }
    L->defer = 0;
    if (L->last_was_start && !L->stop) {
        /* <a>x</a>: as the reader saw it until something follows */
        L->defer = 1;
        L->defer_cont = r->pending ? r->cont : NULL;
        L->defer_keep = L->defer_cont && !L->defer_cont->bad && !L->in_container;
        spot_take(r, L, &L->defer_spot);
    }
    L->last_was_start = 0;
    if (L->stop)
        return;
    if (L->skipping) {
        if (depth == L->skip_depth)
            L->skipping = 0;
        return;
    }
    step = on_end(r, L, depth);
    if (step == STEP_EMIT)
        emit(r);
    else if (step == STEP_FATAL)
        sax_fatal(r, L);
}

static void sax_characters(void *ctx, const xmlChar *ch, int len)
{
    xmlParserCtxtPtr ctxt = ctx;
    ceb_layer *L = ctxt->_private;
    ceb_reader *r = L->r;

    if (L->stop || len <= 0)
        return;
    if (L->defer) {
        int i;
        for (i = 0; i < len && (ch[i] == ' ' || ch[i] == '\t' || ch[i] == '\r' || ch[i] == '\n'); i++)
            ;
        if (i < len)
            L->defer = 0;          /* text follows: the reader went past that end (blanks it dropped) */
    }
    /* xmlSAX2Characters refuses to grow a text node past XML_MAX_TEXT_LENGTH without
     * XML_PARSE_HUGE ("huge text node", a fatal error): the same bound, the same error. */
    if (L->run > 0 && L->run + (size_t)len > XML_MAX_TEXT_LENGTH) {
        if (!L->xml_error[0]) {
            g_strlcpy(L->xml_error, "Memory allocation failed : xmlSAX2Characters: huge text node",
                      sizeof L->xml_error);
            L->xml_error_line = parser_line(L);
        }
        L->huge = 1;
        L->stop = 1;
        xmlStopParser(ctxt);
        return;
    }
    L->run += (size_t)len;
    if (L->skipping)
        return;
    if (L->in_data) {
        L->drun += (size_t)len;
        g_string_append_len(L->data, (const char *)ch, len);
    } else if (L->field) {
        field_piece(r, L, (const char *)ch, (size_t)len);
    }
}

static void sax_other(void *ctx, const xmlChar *a, const xmlChar *b)
{
    xmlParserCtxtPtr ctxt = ctx;
    ceb_layer *L = ctxt->_private;
    (void)a;
    (void)b;
    L->last_was_start = 0;
    L->defer = 0;
    text_run_end(L->r, L);         /* a comment or PI ends a text node */
}

static void sax_comment(void *ctx, const xmlChar *value)
{
    sax_other(ctx, value, NULL);
}

static void sax_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
    xmlParserCtxtPtr ctxt = ctx;
    ceb_layer *L = ctxt->_private;
    (void)name;
    (void)external_id;
    (void)system_id;
    if (L->stop)
        return;
    fail(L->r, L, "DOCTYPE_FORBIDDEN",
         "a DOCTYPE (DTD) declaration is not allowed in a CEB message; refused (no entity expanded)");
    sax_halt(L->r, L);
}

static void sax_reference(void *ctx, const xmlChar *name)
{
    xmlParserCtxtPtr ctxt = ctx;
    ceb_layer *L = ctxt->_private;
    (void)name;
    if (L->stop)
        return;
    fail(L->r, L, "ENTITY_FORBIDDEN", "entity references are not allowed in a CEB message");
    sax_halt(L->r, L);
}

/* ---- feeding the parser ---- */

/* Parse one chunk.  Containers completed in it are handed out only if it parses
 * without error: the reader saw none of a failing chunk's nodes. */
static int layer_chunk(ceb_reader *r, ceb_layer *L, const unsigned char *p, size_t n, int terminate)
{
    size_t mark = r->qlen, i, k;
    ceb_container *snap;
    int snap_keep, was = ceb_parsing, rc;
    ceb_view view;
    char where[220];

    /* What the reader had seen when it asked for this chunk. */
    if (L->defer) {
        snap = L->defer_cont;
        snap_keep = L->defer_keep;
        view_of(L, &L->defer_spot, &view);
    } else {
        snap = r->pending ? r->cont : NULL;
        snap_keep = snap && !snap->bad && !L->in_container;
        view_take(r, L, &view);
    }
    L->defer = 0;
    ceb_parsing = 1;
    rc = xmlParseChunk(L->ctxt, (const char *)p, (int)n, terminate);
    ceb_parsing = was;
    if (L->halted)
        return -1;
    if (rc != 0 || L->huge) {
        /* Nothing of this chunk reached the reader; a container complete before it is
         * kept as the reader kept it. */
        for (i = k = mark; i < r->qlen; i++) {
            if (r->q[i] == snap && snap_keep)
                r->q[k++] = r->q[i];
            else
                give_back(r, r->q[i]);
        }
        r->qlen = k;
        if (r->pending && r->cont == snap && snap_keep)
            emit(r);
        view_where(L, &view, where, sizeof where);
        fail_parse(r, L, where);
        return -1;
    }
    if (L->fatal) {
        if (L->locate)
            layer_locate(L);
        return -1;
    }
    return 0;
}

/* One step of xmlTextReader's xmlTextReaderPushData: read when less than a chunk is
 * left, then parse a chunk, what is left after a short read, or the last bytes. */
static void layer_step(ceb_reader *r, ceb_layer *L)
{
    if (L->buf_len < L->buf_cur + FEED_CHUNK) {
        int n;
        if (L->buf_cur) {
            memmove(L->buf, L->buf + L->buf_cur, L->buf_len - L->buf_cur);
            L->buf_len -= L->buf_cur;
            L->buf_cur = 0;
        }
        if (L->buf_cap < L->buf_len + FEED_READ) {
            L->buf_cap = L->buf_len + FEED_READ;
            L->buf = g_realloc(L->buf, L->buf_cap);
        }
        n = layer_read(L, (char *)L->buf + L->buf_len, FEED_READ);
        if (n < 0) {
            char where[220];
            if (L->defer) {        /* the reader was still before that end */
                if (L->defer_keep)
                    emit(r);
                ceb_view view;
                view_of(L, &L->defer_spot, &view);
                view_where(L, &view, where, sizeof where);
            } else {
                keep_pending(r, L);
                layer_where(r, L, where, sizeof where);
            }
            fail_parse(r, L, where);
            return;
        }
        if (n == 0) {
            /* The end: the rest goes to the parser with terminate set. */
            L->src_eof = 1;
            layer_chunk(r, L, L->buf + L->buf_cur, L->buf_len - L->buf_cur, 1);
            L->buf_cur = L->buf_len;
            return;
        }
        L->buf_len += (size_t)n;
    }
    if (L->buf_len >= L->buf_cur + FEED_CHUNK) {
        L->buf_cur += FEED_CHUNK;
        layer_chunk(r, L, L->buf + L->buf_cur - FEED_CHUNK, FEED_CHUNK, 0);
    } else {
        size_t s = L->buf_len - L->buf_cur;
        L->buf_cur = L->buf_len;
        layer_chunk(r, L, L->buf + L->buf_cur - s, s, 0);
    }
}

static int layer_open(ceb_reader *r, ceb_layer *L, int inner, size_t mem_len, const char *url)
{
    xmlSAXHandler sax;
    int n, was = ceb_parsing;

    memset(L, 0, sizeof *L);
    L->r = r;
    L->inner = inner;
    if (inner) {
        L->mem = r->decoded;
        L->mem_len = mem_len;
    }
    /* The reader's SAX2 defaults for what we do not handle; no tree, no document. */
    memset(&sax, 0, sizeof sax);
    xmlSAXVersion(&sax, 2);
    sax.startDocument = NULL;
    sax.endDocument = NULL;
    sax.startElementNs = sax_start;
    sax.endElementNs = sax_end;
    sax.characters = sax_characters;
    sax.ignorableWhitespace = sax_characters;   /* NOBLANKS makes it xmlSAX2IgnorableWhitespace, as in the reader */
    sax.cdataBlock = sax_characters;            /* NOCDATA: CDATA comes as characters */
    sax.comment = sax_comment;
    sax.processingInstruction = sax_other;
    sax.internalSubset = sax_doctype;
    sax.reference = sax_reference;
    sax.serror = layer_error;
    sax.error = NULL;
    sax.warning = NULL;
    L->buf_cap = FEED_READ + FEED_CHUNK;
    L->buf = g_malloc(L->buf_cap);
    /* xmlReaderForIO read the first 4 bytes at once and created the parser with them. */
    n = layer_read(L, (char *)L->buf, FEED_FIRST);
    if (n > 0)
        L->buf_len = (size_t)n;
    ceb_parsing = 1;
    if (L->buf_len >= FEED_FIRST) {
        L->ctxt = xmlCreatePushParserCtxt(&sax, NULL, (const char *)L->buf, FEED_FIRST, url);
        L->buf_cur = FEED_FIRST;
    } else {
        L->ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, url);
    }
    ceb_parsing = was;
    if (!L->ctxt) {
        g_free(L->buf);
        L->buf = NULL;
        return -1;
    }
    L->ctxt->_private = L;
    L->ctxt->linenumbers = 1;
    L->ctxt->dictNames = 1;
    L->ctxt->parseMode = XML_PARSE_READER;
    xmlCtxtUseOptions(L->ctxt, PARSER_OPTIONS);
    L->ns_ceb = xmlDictLookup(L->ctxt->dict, BAD_CAST CEB_NS, -1);
    L->ns_dxp = xmlDictLookup(L->ctxt->dict, BAD_CAST DXP_NS, -1);
    return 0;
}

static void layer_close_all(ceb_layer *L)
{
    if (L->ctxt) {
        if (L->ctxt->myDoc)
            xmlFreeDoc(L->ctxt->myDoc);
        L->ctxt->myDoc = NULL;
        xmlFreeParserCtxt(L->ctxt);
    }
    L->ctxt = NULL;
    g_free(L->buf);
    L->buf = NULL;
    if (L->data)
        g_string_free(L->data, TRUE);
    L->data = NULL;
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
    r->spare = g_ptr_array_new();
    r->all = g_ptr_array_new();
    ceb_reader_global_init();
    if (layer_open(r, &r->outer, 0, 0, host->input_name ? host->input_name(in) : "input") != 0) {
        g_ptr_array_free(r->spare, TRUE);
        g_ptr_array_free(r->all, TRUE);
        free(r);
        return NULL;
    }
    return r;
}

/* Parse on until a container can be handed out, the input ends or fails.  (Until
 * issue 22 the loop went on while the chunk's containers had been made ready, that is
 * always: a whole input was parsed, and all its containers held, before its first
 * record -- 30,692 containers for one 58 MB message.) */
static void reader_advance(ceb_reader *r)
{
    ceb_layer *L = &r->outer;

    while (r->qhead == r->qready && !r->fatal && !r->eof) {
        layer_step(r, L);
        if (L->fatal) {
            r->fatal = 1;
            r->fatal_err = L->err;
        } else if (L->src_eof) {
            if (L->root == ROOT_NONE) {
                fail(r, L, "NOT_CEB", "the input holds no XML element");
                layer_locate(L);
                r->fatal = 1;
                r->fatal_err = L->err;
            } else {
                r->eof = 1;
                if (r->pending)
                    emit(r);
            }
        }
        /* The chunk is through: what it completed can go (after a fatal error, what was kept). */
        r->qready = r->qlen;
    }
}

int ceb_reader_next(ceb_reader *r, ceb_container **spare, ceb_container **out, cbec_error *err)
{
    *out = NULL;
    if (spare) {
        if (*spare)
            give_back(r, *spare);
        *spare = NULL;
    } else {
        give_back(r, r->out_last);
    }
    r->out_last = NULL;
    if (r->qhead == r->qready)
        reader_advance(r);
    if (r->qhead < r->qready) {
        *out = r->q[r->qhead++];
        if (r->qhead == r->qlen)
            r->qhead = r->qready = r->qlen = 0;
        if (!spare)
            r->out_last = *out;
        return CEB_READ_CONTAINER;
    }
    if (r->fatal) {
        *err = r->fatal_err;
        return CEB_READ_FATAL;
    }
    return CEB_READ_EOF;
}

void ceb_container_free(ceb_container *c)
{
    size_t i;
    group_free(&c->head);
    for (i = 0; i < c->lines_cap; i++)
        group_free(&c->lines[i]);
    free(c->lines);
    free(c->text);
    memset(c, 0, sizeof *c);
}

void ceb_reader_free(ceb_reader *r)
{
    guint i;
    if (!r)
        return;
    layer_close_all(&r->inner);
    layer_close_all(&r->outer);
    g_free(r->decoded);
    for (i = 0; i < r->all->len; i++)
        cache_put(g_ptr_array_index(r->all, i));
    g_ptr_array_free(r->all, TRUE);
    g_ptr_array_free(r->spare, TRUE);
    g_free(r->q);
    free(r);
}
