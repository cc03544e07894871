/* Deliberately broken plugins, one per BROKEN_* define, for the loader tests. */
#include <string.h>

#include <cbecflow/plugin.h>

static int probe(const cbec_probe_input *in, const cbec_host *host) { (void)in; (void)host; return 0; }
static cbec_status op(cbec_source **out, cbec_input *in, const cbec_host *host, cbec_error *err)
{
    (void)out; (void)in; (void)host; (void)err;
    return CBEC_FATAL;
}
static cbec_status nx(cbec_source *src, cbec_record *rec, cbec_error *err) { (void)src; (void)rec; (void)err; return CBEC_EOF; }
static void cl(cbec_source *src) { (void)src; }

static cbec_source_plugin desc = {
    .abi_major = CBEC_PLUGIN_ABI_MAJOR,
    .abi_minor = CBEC_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(cbec_source_plugin),
    .name = BROKEN_NAME,
    .version = "0",
    .probe = probe,
    .open = op,
    .next = nx,
    .close = cl,
};

const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not);
const cbec_source_plugin *cbec_plugin_entry(const cbec_host *host, const char **why_not)
{
    (void)host;
#if defined(BROKEN_ABI)
    desc.abi_major = 99;
#elif defined(BROKEN_SHORT)
    desc.struct_size = 16;
#elif defined(BROKEN_NOCB)
    desc.next = NULL;
#elif defined(BROKEN_DECLINE)
    *why_not = "needs a newer host";
    return NULL;
#endif
    (void)why_not;
    return &desc;
}
