/* The record builder: fields are kept in set order; setting a field twice
 * replaces its value.  A record's names and values are copied into its text
 * arena, emptied in one go by reset, and child rows are recycled: building a
 * record that fits in the arena's first block allocates nothing.  (A
 * GStringChunk freed its block at every reset -- on the storing thread -- and
 * allocated a new one for the next record on the reader thread: a malloc and a
 * cross-thread free per record.) */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/base/record.h"

/* Prefetch for writing (a no-op where the compiler has no such builtin). */
#if defined(__GNUC__)
#define PREFETCH_W(p) __builtin_prefetch((p), 1, 3)
#else
#define PREFETCH_W(p) ((void)(p))
#endif

/* Most records fit in the first block; larger ones take blocks of at least this size. */
#define ARENA_FIRST CBEC_RECORD_BLOCK
#define ARENA_BLOCK 8192

static void arena_init(cbec_text_arena *a)
{
    memset(a, 0, sizeof *a);
    a->extra = g_ptr_array_new_with_free_func(g_free);
}

/* Empty the arena; its first block stays for the next record. */
static void arena_clear(cbec_text_arena *a)
{
    a->last_used = a->cur == a->first ? a->cur_used : ARENA_FIRST;
    g_ptr_array_set_size(a->extra, 0);
    a->cur = a->first;
    a->cur_size = a->first ? ARENA_FIRST : 0;
    a->cur_used = 0;
}

static void arena_free(cbec_text_arena *a)
{
    g_ptr_array_free(a->extra, TRUE);
    if (!a->first_lent)
        g_free(a->first);
    memset(a, 0, sizeof *a);
}

/* A NUL-terminated copy of len bytes of s, valid until the next clear. */
static const char *arena_insert_len(cbec_text_arena *a, const char *s, size_t len)
{
    char *p;

    if (a->cur_size - a->cur_used < len + 1) {
        if (!a->first && len + 1 <= ARENA_FIRST) {
            a->first = g_malloc(ARENA_FIRST);
            a->cur = a->first;
            a->cur_size = ARENA_FIRST;
        } else {
            size_t size = len + 1 > ARENA_BLOCK ? len + 1 : ARENA_BLOCK;
            a->cur = g_malloc(size);
            a->cur_size = size;
            g_ptr_array_add(a->extra, a->cur);
        }
        a->cur_used = 0;
    }
    p = a->cur + a->cur_used;
    memcpy(p, s, len);
    p[len] = 0;
    a->cur_used += len + 1;
    return p;
}

static const char *arena_insert(cbec_text_arena *a, const char *s)
{
    return arena_insert_len(a, s, strlen(s));
}

static void row_init(cbec_row *row)
{
    memset(row, 0, sizeof *row);
    row->fields = g_array_new(FALSE, FALSE, sizeof(cbec_field));   /* slot() sets every member */
}

static void row_clear(cbec_row *row)
{
    row->last_len = row->fields->len;
    g_array_set_size(row->fields, 0);
    memset(row->names, 0, sizeof row->names);
    row->shape = 0;
    row->kind = NULL;
}

static void row_free(gpointer p)
{
    cbec_row *row = p;
    g_array_free(row->fields, TRUE);
    g_free(row);
}

void cbec_record_init(cbec_record *rec)
{
    memset(rec, 0, sizeof *rec);
    row_init(&rec->main);
    rec->children = g_ptr_array_new();
    rec->spare = g_ptr_array_new_with_free_func(row_free);
    arena_init(&rec->strings);
    rec->findings = g_array_new(FALSE, TRUE, sizeof(cbec_finding));
    rec->raw = g_string_new(NULL);
    rec->personal = g_array_new(FALSE, FALSE, sizeof(cbec_personal_seen));
    rec->cur = &rec->main;
}

void cbec_record_lend_block(cbec_record *rec, char *block)
{
    cbec_text_arena *a = &rec->strings;
    if (a->first || !block)
        return;                /* not fresh: it keeps the block it has */
    a->first = a->cur = block;
    a->cur_size = ARENA_FIRST;
    a->cur_used = 0;
    a->first_lent = 1;
}

void cbec_record_reset(cbec_record *rec)
{
    guint i;
    row_clear(&rec->main);
    /* Child rows go to the spare pool (bounded by the widest record seen). */
    for (i = 0; i < rec->children->len; i++) {
        cbec_row *r = g_ptr_array_index(rec->children, i);
        row_clear(r);
        g_ptr_array_add(rec->spare, r);
    }
    g_ptr_array_set_size(rec->children, 0);
    arena_clear(&rec->strings);
    for (i = 0; i < rec->findings->len; i++) {
        cbec_finding *f = &g_array_index(rec->findings, cbec_finding, i);
        g_free(f->code);
        g_free(f->message);
    }
    g_array_set_size(rec->findings, 0);
    rec->locator = NULL;
    g_string_truncate(rec->raw, 0);
    g_array_set_size(rec->personal, 0);
    rec->error[0] = 0;
    if (rec->refusals) {
        rec->refused_reason[0] = 0;
        rec->refused[0] = 0;
        rec->pending_reason[0] = 0;
        rec->pending[0] = 0;
        rec->refusals = 0;
    }
    rec->cur = &rec->main;
    rec->begun = 0;
}

void cbec_record_free(cbec_record *rec)
{
    cbec_record_reset(rec);
    g_array_free(rec->main.fields, TRUE);
    g_ptr_array_free(rec->children, TRUE);   /* empty after reset: its rows are spares now */
    g_ptr_array_free(rec->spare, TRUE);
    arena_free(&rec->strings);
    g_array_free(rec->findings, TRUE);
    g_string_free(rec->raw, TRUE);
    g_array_free(rec->personal, TRUE);
}

void cbec_record_add_personal(cbec_record *rec, int kind, const char *value)
{
    cbec_personal_seen p;
    if (!value || !*value)
        return;
    p.kind = kind;
    p.value = arena_insert(&rec->strings, value);
    g_array_append_val(rec->personal, p);
}

/* A field name's hash, a word at a time (a byte at a time, FNV-1a was a tenth of the
 * record building); only this process compares it (Bloom bit, row shape key). */
static guint32 name_hash(const char *name, size_t len)
{
    guint64 h = G_GUINT64_CONSTANT(0x9E3779B97F4A7C15) ^ len, w;
    while (len >= 8) {
        memcpy(&w, name, 8);
        h = (h ^ w) * G_GUINT64_CONSTANT(0xff51afd7ed558ccd);
        h ^= h >> 32;
        name += 8;
        len -= 8;
    }
    if (len >= 4) {            /* the last 1..7 bytes: two 4-byte reads that may overlap */
        guint32 x, y;
        memcpy(&x, name, 4);
        memcpy(&y, name + len - 4, 4);
        h = (h ^ ((guint64)x << 32 | y)) * G_GUINT64_CONSTANT(0xc4ceb9fe1a85ec53);
    } else if (len) {
        w = (guint64)(guchar)name[0] << 16 | (guint64)(guchar)name[len / 2] << 8 | (guchar)name[len - 1];
        h = (h ^ w) * G_GUINT64_CONSTANT(0xc4ceb9fe1a85ec53);
    }
    h ^= h >> 29;
    h *= G_GUINT64_CONSTANT(0xff51afd7ed558ccd);
    return (guint32)(h ^ (h >> 32));
}

/* Field names, interned once for the whole process.  A night sets a few hundred
 * distinct names millions of times; copied into each record's arena they were about
 * a third of the bytes the reader thread writes per record, into memory that is cold
 * by then (the ring holds thousands of records).  The table is bounded: a name that
 * finds no place (a plugin making up names from its input) is copied as before.
 * Lookups take no lock: a slot's hash and length are written before its string is
 * published (release), and never change after. */
#define NAME_SLOTS 4096
#define NAME_MAX_INTERNED (NAME_SLOTS / 2)
#define NAME_MAX_LEN 64
#define NAME_PROBES 8

typedef struct name_slot {
    const char *str;           /* NULL: free */
    guint32 hash, len;
} name_slot;

static name_slot name_tab[NAME_SLOTS];
static int name_count;
static GMutex name_lock;

/* The interned copy of name (len bytes, hash h), or NULL if the table has no room for it. */
static const char *name_intern(const char *name, size_t len, guint32 h)
{
    const char *s = NULL;
    guint i, k;

    if (len > NAME_MAX_LEN)
        return NULL;
    for (k = 0, i = h & (NAME_SLOTS - 1); k < NAME_PROBES; k++, i = (i + 1) & (NAME_SLOTS - 1)) {
        const char *t = __atomic_load_n(&name_tab[i].str, __ATOMIC_ACQUIRE);
        if (!t)
            break;
        if (name_tab[i].hash == h && name_tab[i].len == len && memcmp(t, name, len) == 0)
            return t;
    }
    g_mutex_lock(&name_lock);
    for (k = 0, i = h & (NAME_SLOTS - 1); k < NAME_PROBES; k++, i = (i + 1) & (NAME_SLOTS - 1)) {
        const char *t = name_tab[i].str;
        if (t && name_tab[i].hash == h && name_tab[i].len == len && memcmp(t, name, len) == 0) {
            s = t;             /* another thread put it there meanwhile */
            break;
        }
        if (!t) {
            if (name_count < NAME_MAX_INTERNED) {
                name_tab[i].hash = h;
                name_tab[i].len = (guint32)len;
                s = g_strndup(name, len);
                __atomic_store_n(&name_tab[i].str, s, __ATOMIC_RELEASE);
                name_count++;
            }
            break;
        }
    }
    g_mutex_unlock(&name_lock);
    return s;
}

static cbec_field *slot(cbec_record *rec, const char *name)
{
    cbec_row *row = rec->cur;
    GArray *a = row->fields;
    cbec_field *nf;
    size_t len = strlen(name);
    guint32 h = name_hash(name, len), bit = h & 255;
    guint64 mask = G_GUINT64_CONSTANT(1) << (bit & 63);
    guint i;

    if (row->names[bit >> 6] & mask) {
        for (i = 0; i < a->len; i++) {
            cbec_field *f = &g_array_index(a, cbec_field, i);
            if (strcmp(f->name, name) == 0) {
                f->ival = 0;
                return f;
            }
        }
    }
    row->names[bit >> 6] |= mask;
    row->shape = (row->shape ^ h) * G_GUINT64_CONSTANT(1099511628211);
    /* The new field is written in place: built on the stack and copied in by
     * g_array_append_val, its 32 bytes were read back right after four smaller stores,
     * a store-forwarding stall that was a tenth of the reader thread (perf, issue 22). */
    g_array_set_size(a, a->len + 1);
    nf = &g_array_index(a, cbec_field, a->len - 1);
    nf->name = name_intern(name, len, h);
    if (!nf->name)
        nf->name = arena_insert_len(&rec->strings, name, len);
    nf->type = 0;
    nf->ival = 0;
    return nf;
}

void cbec_record_set_text(cbec_record *rec, const char *field, const char *value)
{
    if (value && *value)
        cbec_record_set_text_len(rec, field, value, strlen(value));
}

void cbec_record_set_text_len(cbec_record *rec, const char *field, const char *value, size_t len)
{
    cbec_field *f;
    if (len == 0)
        return;
    f = slot(rec, field);
    f->type = CBEC_FIELD_TEXT;
    f->text = arena_insert_len(&rec->strings, value, len);
}

void cbec_record_set_int(cbec_record *rec, const char *field, int64_t value)
{
    cbec_field *f = slot(rec, field);
    f->type = CBEC_FIELD_INT;
    f->ival = value;
}

const cbec_field *cbec_row_get(const cbec_row *row, const char *name)
{
    guint i;
    for (i = 0; i < row->fields->len; i++) {
        const cbec_field *f = &g_array_index(row->fields, cbec_field, i);
        if (strcmp(f->name, name) == 0)
            return f;
    }
    return NULL;
}

void cbec_record_set_locator(cbec_record *rec, const char *locator)
{
    rec->locator = locator ? arena_insert(&rec->strings, locator) : NULL;
}

void cbec_record_add_finding(cbec_record *rec, const char *code, const char *message)
{
    cbec_finding f;
    f.code = g_strdup(code);
    f.message = g_strdup(message);
    g_array_append_val(rec->findings, f);
}

/* Prefetch len bytes from p (at most max), for writing. */
static void prefetch_span(const void *p, size_t len, size_t max)
{
    const char *c = p;
    size_t off;
    if (!p)
        return;
    if (len > max)
        len = max;
    for (off = 0; off < len; off += 64)
        PREFETCH_W(c + off);
}

/* The reader thread fills the read-ahead ring's records one after another; by the time
 * it comes back to one, the ring's other records (thousands) have pushed it out of the
 * caches, and each line of it missed: the record's members, its field arrays, its text
 * block, its child rows.  Fetched a few records ahead, the misses overlap the work on
 * the records before it. */
void cbec_record_prefetch(const cbec_record *rec, int stage)
{
    guint i, n = 0;
    const cbec_row *const *spare = NULL;

    if (stage <= 3) {          /* the record's members are in the caches by now */
        /* Child rows are taken from the end of the spare pool: its last ones come first. */
        n = rec->spare->len < 8 ? rec->spare->len : 8;
        if (n)                 /* (pdata may be NULL while the pool is empty) */
            spare = (const cbec_row *const *)rec->spare->pdata + (rec->spare->len - n);
    }
    switch (stage) {
    case 5:                    /* the record's own hot members */
        prefetch_span(rec, offsetof(cbec_record, error) + 64, 512);
        break;
    case 4:                    /* what they point to: array headers, the text block */
        PREFETCH_W(rec->main.fields);
        PREFETCH_W(rec->spare);
        PREFETCH_W(rec->personal);
        prefetch_span(rec->strings.first, rec->strings.last_used, ARENA_FIRST);
        break;
    case 3:                    /* the main row's fields; the spare pool's pointers */
        prefetch_span(rec->main.fields->data, rec->main.last_len * sizeof(cbec_field), 2048);
        prefetch_span(spare, n * sizeof *spare, 64);
        break;
    case 2:                    /* the child rows */
        for (i = 0; i < n; i++)
            PREFETCH_W(spare[i]);
        break;
    case 1:                    /* their field arrays' headers */
        for (i = 0; i < n; i++)
            PREFETCH_W(spare[i]->fields);
        break;
    default:                   /* their fields */
        for (i = 0; i < n; i++)
            prefetch_span(spare[i]->fields->data, spare[i]->last_len * sizeof(cbec_field), 512);
        break;
    }
}

void cbec_record_begin(cbec_record *rec, const char *kind)
{
    rec->main.kind = arena_insert(&rec->strings, kind);
    rec->begun = 1;
    rec->cur = &rec->main;
}

void cbec_record_child(cbec_record *rec, const char *kind)
{
    cbec_row *r;
    if (rec->spare->len) {
        r = g_ptr_array_steal_index_fast(rec->spare, rec->spare->len - 1);
    } else {
        r = g_new(cbec_row, 1);
        row_init(r);
    }
    r->kind = arena_insert(&rec->strings, kind);
    g_ptr_array_add(rec->children, r);
    rec->cur = r;
}

void cbec_record_touch(cbec_record *rec)
{
    if (!(rec->refusals & CBEC_REC_PENDING))
        return;
    if (!(rec->refusals & CBEC_REC_REFUSED)) {
        g_strlcpy(rec->refused_reason, rec->pending_reason, sizeof rec->refused_reason);
        g_strlcpy(rec->refused, rec->pending, sizeof rec->refused);
        rec->refusals |= CBEC_REC_REFUSED;
    }
    rec->pending_reason[0] = 0;
    rec->pending[0] = 0;
    rec->refusals &= ~CBEC_REC_PENDING;
}

void cbec_record_acknowledge(cbec_record *rec)
{
    if (!(rec->refusals & CBEC_REC_PENDING))
        return;
    rec->pending_reason[0] = 0;
    rec->pending[0] = 0;
    rec->refusals &= ~CBEC_REC_PENDING;
}

void cbec_record_refuse(cbec_record *rec, const char *reason, const char *message)
{
    cbec_record_touch(rec);
    g_strlcpy(rec->error, message, sizeof rec->error);
    g_strlcpy(rec->pending_reason, reason && *reason ? reason : "REFUSED_VALUE", sizeof rec->pending_reason);
    g_strlcpy(rec->pending, message, sizeof rec->pending);
    rec->refusals |= CBEC_REC_PENDING;
}

cbec_status cbec_record_settle(cbec_record *rec, cbec_status s, cbec_error *err)
{
    cbec_record_touch(rec);   /* returned right after a refusal: gone past it too */
    if ((s != CBEC_OK && s != CBEC_WARN) || !(rec->refusals & CBEC_REC_REFUSED))
        return s;
    g_strlcpy(err->reason, rec->refused_reason, sizeof err->reason);
    g_snprintf(err->message, sizeof err->message, "a value was refused and the plugin went on: %s", rec->refused);
    if (rec->locator && *rec->locator)
        g_strlcpy(err->locator, rec->locator, sizeof err->locator);
    return CBEC_RECORD_ERROR;
}
