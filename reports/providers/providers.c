/* The table of report data providers.  A new report kind = a template + one line here. */
#include <string.h>
#include <glib.h>

#include "reports/providers/providers.h"

static const struct {
    const char *name;
    cbec_report_provider fn;
} providers[] = {
    {"statistics", cbec_report_provide_statistics},
    {"reconciliation", cbec_report_provide_reconciliation},
    {"credit", cbec_report_provide_credit},
    {"risk", cbec_report_provide_risk},
};

cbec_report_provider cbec_report_find_provider(const char *name)
{
    size_t i;
    for (i = 0; name && i < G_N_ELEMENTS(providers); i++)
        if (strcmp(providers[i].name, name) == 0)
            return providers[i].fn;
    return NULL;
}
