/* One zone of the warehouse back into a SQLite dataset (pull.h). */
#include <glib.h>

#include "warehouse/pull.h"
#include "warehouse/region.h"

int cbec_wh_is_uri(const char *db)
{
    return db && (g_str_has_prefix(db, "postgresql://") || g_str_has_prefix(db, "postgres://"));
}

int cbec_wh_pull(const char *uri, const char *zone, const char *path, char **why)
{
    const char *zones[2] = {zone, NULL};
    cbec_region_totals t;
    return cbec_wh_pull_zones(uri, zones, 0, path, &t, why);
}
