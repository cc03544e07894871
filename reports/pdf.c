/* PDF renderer (placeholder while it is written). */
#include "render.h"
cbec_err cbec_render_pdf(cbec_template *t, const cbec_rmodel *m, const char *path, cbec_render_stats *stats,
                         char **why)
{
    (void)t; (void)m; (void)path; (void)stats;
    *why = g_strdup("pdf not yet");
    return CBEC_ERR_IO;
}
