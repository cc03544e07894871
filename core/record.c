/* The record builder: fields are kept in set order; setting a field twice
 * replaces its value.  Rows are small (tens of fields), so a linear scan wins. */
#include <string.h>

#include "record.h"

static void field_clear(cbec_field *f)
{
    g_free(f->name);
    g_free(f->text);
}

static void row_init(cbec_row *row)
{
    row->kind = NULL;
    row->fields = g_array_new(FALSE, TRUE, sizeof(cbec_field));
}

static void row_clear(cbec_row *row)
{
    guint i;
    for (i = 0; i < row->fields->len; i++)
        field_clear(&g_array_index(row->fields, cbec_field, i));
    g_array_set_size(row->fields, 0);
    g_free(row->kind);
    row->kind = NULL;
}

static void row_free(gpointer p)
{
    cbec_row *row = p;
    row_clear(row);
    g_array_free(row->fields, TRUE);
    g_free(row);
}

void cbec_record_init(cbec_record *rec)
{
    memset(rec, 0, sizeof *rec);
    row_init(&rec->main);
    rec->children = g_ptr_array_new_with_free_func(row_free);
    rec->findings = g_array_new(FALSE, TRUE, sizeof(cbec_finding));
    rec->raw = g_string_new(NULL);
    rec->cur = &rec->main;
}

void cbec_record_reset(cbec_record *rec)
{
    guint i;
    row_clear(&rec->main);
    g_ptr_array_set_size(rec->children, 0);
    for (i = 0; i < rec->findings->len; i++) {
        cbec_finding *f = &g_array_index(rec->findings, cbec_finding, i);
        g_free(f->code);
        g_free(f->message);
    }
    g_array_set_size(rec->findings, 0);
    g_free(rec->locator);
    rec->locator = NULL;
    g_string_truncate(rec->raw, 0);
    rec->error[0] = 0;
    rec->cur = &rec->main;
    rec->begun = 0;
}

void cbec_record_free(cbec_record *rec)
{
    cbec_record_reset(rec);
    g_array_free(rec->main.fields, TRUE);
    g_ptr_array_free(rec->children, TRUE);
    g_array_free(rec->findings, TRUE);
    g_string_free(rec->raw, TRUE);
}

static cbec_field *slot(cbec_record *rec, const char *name)
{
    GArray *a = rec->cur->fields;
    cbec_field nf = {0};
    guint i;

    for (i = 0; i < a->len; i++) {
        cbec_field *f = &g_array_index(a, cbec_field, i);
        if (strcmp(f->name, name) == 0) {
            g_free(f->text);
            f->text = NULL;
            return f;
        }
    }
    nf.name = g_strdup(name);
    g_array_append_val(a, nf);
    return &g_array_index(a, cbec_field, a->len - 1);
}

void cbec_record_set_text(cbec_record *rec, const char *field, const char *value)
{
    cbec_field *f;
    if (!value || !*value)
        return;
    f = slot(rec, field);
    f->type = CBEC_FIELD_TEXT;
    f->text = g_strdup(value);
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

void cbec_record_add_finding(cbec_record *rec, const char *code, const char *message)
{
    cbec_finding f;
    f.code = g_strdup(code);
    f.message = g_strdup(message);
    g_array_append_val(rec->findings, f);
}

void cbec_record_begin(cbec_record *rec, const char *kind)
{
    g_free(rec->main.kind);
    rec->main.kind = g_strdup(kind);
    rec->begun = 1;
    rec->cur = &rec->main;
}

void cbec_record_child(cbec_record *rec, const char *kind)
{
    cbec_row *r = g_new0(cbec_row, 1);
    row_init(r);
    r->kind = g_strdup(kind);
    g_ptr_array_add(rec->children, r);
    rec->cur = r;
}
