/* Personal data out of quarantine excerpts and messages (see excerpt.h). */
#include <string.h>
#include <glib.h>

#include <cbecflow/host.h>

#include "core/base/excerpt.h"
#include "core/base/personal.h"

/* Shorter values could be any number in the excerpt (a quantity, a year). */
#define MIN_CLEAR_LEN 4

static void replace_all(GString *s, const char *clear, const char *mask)
{
    size_t cl = strlen(clear), ml = strlen(mask), pos = 0;
    char *hit;

    while (pos < s->len && (hit = memmem(s->str + pos, s->len - pos, clear, cl)) != NULL) {
        size_t at = (size_t)(hit - s->str);
        g_string_erase(s, (gssize)at, (gssize)cl);
        g_string_insert_len(s, (gssize)at, mask, (gssize)ml);
        pos = at + ml;
    }
}

/* An excerpt cut to its size limit may end inside a value: star what is left of it. */
static void mask_cut_tail(GString *s, const char *clear)
{
    size_t cl = strlen(clear), k;

    for (k = cl - 1; k >= MIN_CLEAR_LEN; k--)
        if (s->len >= k && memcmp(s->str + s->len - k, clear, k) == 0) {
            memset(s->str + s->len - k, '*', k);
            return;
        }
}

/* GB 11643: 17 digits and an ISO 7064 MOD 11-2 check character. */
static int resident_id(const char *p)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[] = "10X98765432";
    int i, sum = 0;

    for (i = 0; i < 17; i++) {
        if (!g_ascii_isdigit(p[i]))
            return 0;
        sum += (p[i] - '0') * w[i];
    }
    return g_ascii_toupper(p[17]) == check[sum % 11];
}

static void mask_id_shapes(GString *s)
{
    size_t i;

    for (i = 0; i + 18 <= s->len; i++) {
        if ((i > 0 && g_ascii_isalnum(s->str[i - 1])) || !g_ascii_isdigit(s->str[i]))
            continue;
        if (i + 18 < s->len && g_ascii_isalnum(s->str[i + 18]))
            continue;
        if (resident_id(s->str + i)) {
            char clear[19], *mask;
            memcpy(clear, s->str + i, 18);
            clear[18] = 0;
            mask = cbec_personal_mask(CBEC_PERSONAL_ID, clear);
            if (strlen(mask) == 18)
                memcpy(s->str + i, mask, 18);
            g_free(mask);
            i += 17;
        }
    }
}

static void scrub_buf(const cbec_record *rec, char *buf, size_t size)
{
    char *clean = cbec_excerpt_scrub(rec, buf, strlen(buf));
    g_strlcpy(buf, clean, size);   /* a mask is as long as its value, or shorter */
    g_free(clean);
}

void cbec_excerpt_scrub_record(cbec_record *rec, cbec_error *err)
{
    if (rec->raw->len) {
        char *clean = cbec_excerpt_scrub(rec, rec->raw->str, rec->raw->len);
        g_string_assign(rec->raw, clean);
        g_free(clean);
    }
    scrub_buf(rec, rec->error, sizeof rec->error);
    if (err)
        scrub_buf(rec, err->message, sizeof err->message);
}

char *cbec_excerpt_scrub(const cbec_record *rec, const char *text, size_t len)
{
    GString *s;
    guint i;

    if (!text)
        return NULL;
    s = g_string_new_len(text, (gssize)len);
    for (i = 0; rec && i < rec->personal->len; i++) {
        const cbec_personal_seen *p = &g_array_index(rec->personal, cbec_personal_seen, i);
        char *mask;
        if (strlen(p->value) < MIN_CLEAR_LEN)
            continue;
        mask = cbec_personal_mask(p->kind, p->value);
        replace_all(s, p->value, mask);
        g_free(mask);
        mask_cut_tail(s, p->value);
    }
    mask_id_shapes(s);
    return g_string_free(s, FALSE);
}
