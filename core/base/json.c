/* JSON strings per RFC 8259 section 7. */
#include <string.h>

#include "core/base/json.h"

void cbec_json_str(GString *s, const char *v)
{
    const char *p, *end;

    if (!v) {
        g_string_append(s, "null");
        return;
    }
    end = v + strlen(v);
    g_string_append_c(s, '"');
    for (p = v; p < end;) {
        unsigned char c = (unsigned char)*p;
        gunichar u;

        if (c < 0x80) {
            switch (c) {
            case '"': g_string_append(s, "\\\""); break;
            case '\\': g_string_append(s, "\\\\"); break;
            case '\b': g_string_append(s, "\\b"); break;
            case '\f': g_string_append(s, "\\f"); break;
            case '\n': g_string_append(s, "\\n"); break;
            case '\r': g_string_append(s, "\\r"); break;
            case '\t': g_string_append(s, "\\t"); break;
            default:
                if (c < 0x20)
                    g_string_append_printf(s, "\\u%04x", c);
                else
                    g_string_append_c(s, (char)c);
            }
            p++;
            continue;
        }
        /* A name from disk may be any bytes (Latin-1, GBK, cut UTF-8): what cannot be
         * decoded is replaced byte by byte, never copied into invalid JSON. */
        u = g_utf8_get_char_validated(p, end - p);
        if (u == (gunichar)-1 || u == (gunichar)-2) {
            g_string_append(s, "\\ufffd");
            p++;
            continue;
        }
        {
            const char *next = g_utf8_next_char(p);
            g_string_append_len(s, p, next - p);
            p = next;
        }
    }
    g_string_append_c(s, '"');
}

void cbec_json_key(GString *s, const char *key)
{
    cbec_json_str(s, key);
    g_string_append(s, ": ");
}
