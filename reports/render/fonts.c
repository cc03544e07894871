/* The PDF bulletin's fonts, checked before a page is drawn.  Without a font that has
 * Chinese characters Pango falls back to whatever fontconfig offers (DejaVu, or nothing)
 * and cairo writes a PDF of empty boxes that looks like success: refuse instead, naming
 * the family and the Debian package that provides it. */
#include <glib.h>
#include <pango/pangocairo.h>

#include "reports/render/render.h"

/* 中: any font that draws it covers the bulletin's Chinese. */
#define CJK_PROBE 0x4E2D

cbec_err cbec_pdf_font_check(const char *family, const char *key, char **why)
{
    PangoFontMap *map = pango_cairo_font_map_get_default();
    PangoContext *ctx = pango_font_map_create_context(map);
    PangoFontDescription *fd = pango_font_description_new();
    PangoFont *font;
    char *got = NULL;
    int ok = 0;

    pango_font_description_set_family(fd, family);
    pango_font_description_set_absolute_size(fd, 10 * PANGO_SCALE);
    font = pango_font_map_load_font(map, ctx, fd);
    if (font) {
        PangoFontDescription *d = pango_font_describe(font);
        got = g_strdup(pango_font_description_get_family(d));
        pango_font_description_free(d);
        ok = pango_font_has_char(font, CJK_PROBE);
        g_object_unref(font);
    }
    pango_font_description_free(fd);
    g_object_unref(ctx);
    if (!ok)
        *why = g_strdup_printf("the PDF font \"%s\" (template [report] %s) has no Chinese characters here: "
                               "fontconfig gives %s%s%s; install the Debian package fonts-noto-cjk (or name an "
                               "installed CJK font in %s); no PDF written",
                               family, key, got ? "\"" : "", got ? got : "no font at all", got ? "\"" : "", key);
    g_free(got);
    /* A machine without the fonts, not a wrong setting: the report failed (exit 1), it
     * is not a usage error (2) and not skipped like a kind without a template. */
    return ok ? CBEC_ERR_NONE : CBEC_ERR_IO;
}
