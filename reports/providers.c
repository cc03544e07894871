/* The table of report data providers.  A new report kind = a template + one line here. */
#include <string.h>
#include <glib.h>

#include "report.h"

/* Providers of other modules (their own files). */
cbec_err cbec_report_provide_credit(cbec_report_ctx *ctx, char **why);
cbec_err cbec_report_provide_risk(cbec_report_ctx *ctx, char **why);

static const struct {
    const char *name;
    cbec_report_provider fn;
} providers[] = {
    {"statistics", cbec_report_provide_statistics},
    {"reconciliation", cbec_report_provide_reconciliation},
    {"credit", cbec_report_provide_credit}, /* core/analyse/report.c (issue 8) */
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
