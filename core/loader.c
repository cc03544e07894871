/* The plugin loader: scan, dlopen, validate.  Validation is defensive: the
 * descriptor is read only after its size and version are known to cover the
 * members we touch, so a short or foreign struct is refused, never read past. */
#include <dlfcn.h>
#include <stddef.h>
#include <string.h>
#include <glib.h>

#include "core/crash.h"
#include "core/host.h"
#include "core/loader.h"
#include "core/base/log.h"

/* Size of the 1.0 descriptor: everything up to and including reserved[]. */
#define MIN_DESC_SIZE (offsetof(cbec_source_plugin, reserved) + sizeof(((cbec_source_plugin *)0)->reserved))

const char *cbec_plugin_path(void)
{
    /* The environment adds folders before the installed one instead of
     * replacing it: a site plugin (or a build tree's) can stand in for an
     * installed one of the same name, since the first one loaded wins and a
     * later duplicate is refused with its reason, while the installed plugins
     * stay available.  Built once per process, kept for its lifetime. */
    static gsize once;
    static char *path;
    if (g_once_init_enter(&once)) {
        const char *env = g_getenv("CBECFLOW_PLUGIN_PATH");
        path = env && *env ? g_strconcat(env, ":", CBEC_PLUGINDIR, NULL) : g_strdup(CBEC_PLUGINDIR);
        g_once_init_leave(&once, 1);
    }
    return path;
}

static int name_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void refuse(GArray *refused, const char *path, char *reason)
{
    cbec_refusal r = {g_strdup(path), reason};
    cbec_logf(CBEC_L_WARN, NULL, path, "plugin refused: %s", reason);
    g_array_append_val(refused, r);
}

/* Check a descriptor; returns a malloc'd reason or NULL when acceptable. */
static char *validate(const cbec_source_plugin *d, const char *stem, GArray *loaded)
{
    guint i;

    if (d->abi_major != CBEC_PLUGIN_ABI_MAJOR)
        return g_strdup_printf("built for plugin ABI %u.%u, this cbecflow speaks %d.x", d->abi_major,
                               d->abi_minor, CBEC_PLUGIN_ABI_MAJOR);
    if (d->struct_size < MIN_DESC_SIZE)
        return g_strdup_printf("descriptor is %u bytes, shorter than the %zu bytes of ABI %d.0", d->struct_size,
                               (size_t)MIN_DESC_SIZE, CBEC_PLUGIN_ABI_MAJOR);
    if (!d->name || !*d->name)
        return g_strdup("descriptor has no name");
    if (strcmp(d->name, stem) != 0)
        return g_strdup_printf("descriptor name \"%s\" differs from the file name \"%s\"", d->name, stem);
    if (!d->probe || !d->open || !d->next || !d->close)
        return g_strdup_printf("missing callback%s%s%s%s", d->probe ? "" : " probe", d->open ? "" : " open",
                               d->next ? "" : " next", d->close ? "" : " close");
    for (i = 0; i < loaded->len; i++) {
        const cbec_plugin *p = &g_array_index(loaded, cbec_plugin, i);
        if (strcmp(p->desc->name, d->name) == 0)
            return g_strdup_printf("a plugin named \"%s\" is already loaded from %s", d->name, p->path);
    }
    return NULL;
}

static void load_one(const char *file, GArray *loaded, GArray *refused)
{
    char *base = g_path_get_basename(file), *stem, *why = NULL;
    void *h;
    cbec_plugin_entry_fn entry;
    const cbec_source_plugin *d;
    const char *why_not = NULL;
    cbec_plugin p;

    stem = g_strndup(base, strlen(base) - 3);
    h = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        refuse(refused, file, g_strdup_printf("cannot be loaded: %s", dlerror()));
        goto done;
    }
    *(void **)(&entry) = dlsym(h, CBEC_PLUGIN_ENTRY_SYMBOL);
    if (!entry) {
        refuse(refused, file, g_strdup("does not export " CBEC_PLUGIN_ENTRY_SYMBOL));
        dlclose(h);
        goto done;
    }
    d = entry(cbec_host_table(), &why_not);
    if (!d) {
        refuse(refused, file, g_strdup_printf("declined to load: %s", why_not ? why_not : "no reason given"));
        dlclose(h);
        goto done;
    }
    why = validate(d, stem, loaded);
    if (why) {
        refuse(refused, file, why);
        dlclose(h);
        goto done;
    }
    p.desc = d;
    p.path = g_strdup(file);
    p.handle = h;
    g_array_append_val(loaded, p);
    cbec_debug("loaded plugin %s %s from %s", d->name, d->version ? d->version : "?", file);
done:
    g_free(stem);
    g_free(base);
}

cbec_err cbec_registry_load(const char *path, cbec_registry **out)
{
    GArray *loaded = g_array_new(FALSE, TRUE, sizeof(cbec_plugin));
    GArray *refused = g_array_new(FALSE, TRUE, sizeof(cbec_refusal));
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    char **dirs;
    cbec_registry *reg;
    guint i, j;

    /* Plugin code runs from here on: a crash in it names the plugin and input. */
    cbec_crash_install();
    if (!path)
        path = cbec_plugin_path();
    dirs = g_strsplit(path, ":", -1);
    for (i = 0; dirs[i]; i++) {
        GDir *d;
        const char *name;
        GPtrArray *here = g_ptr_array_new_with_free_func(g_free);
        if (!*dirs[i])
            continue;
        d = g_dir_open(dirs[i], 0, NULL);
        if (!d) {
            cbec_debug("plugin folder %s cannot be read", dirs[i]);
            g_ptr_array_free(here, TRUE);
            continue;
        }
        while ((name = g_dir_read_name(d)))
            if (g_str_has_suffix(name, ".so") && strlen(name) > 3)
                g_ptr_array_add(here, g_build_filename(dirs[i], name, NULL));
        g_dir_close(d);
        /* Stable order: folders in path order, files by name. */
        g_ptr_array_sort(here, name_cmp);
        for (j = 0; j < here->len; j++)
            g_ptr_array_add(files, g_strdup(g_ptr_array_index(here, j)));
        g_ptr_array_free(here, TRUE);
    }
    g_strfreev(dirs);
    for (i = 0; i < files->len; i++)
        load_one(g_ptr_array_index(files, i), loaded, refused);
    g_ptr_array_free(files, TRUE);

    reg = g_new0(cbec_registry, 1);
    reg->count = loaded->len;
    reg->plugins = (cbec_plugin *)g_array_free(loaded, FALSE);
    reg->refused_count = refused->len;
    reg->refused = (cbec_refusal *)g_array_free(refused, FALSE);
    *out = reg;
    return CBEC_ERR_NONE;
}

void cbec_registry_free(cbec_registry *reg)
{
    size_t i;
    if (!reg)
        return;
    for (i = 0; i < reg->count; i++) {
        g_free(reg->plugins[i].path);
        /* Not dlclose'd: libraries a plugin pulled in (libxml2) may hold global hooks. */
    }
    for (i = 0; i < reg->refused_count; i++) {
        g_free(reg->refused[i].path);
        g_free(reg->refused[i].reason);
    }
    g_free(reg->plugins);
    g_free(reg->refused);
    g_free(reg);
}

const cbec_plugin *cbec_registry_find(const cbec_registry *reg, const char *name)
{
    size_t i;
    for (i = 0; i < reg->count; i++)
        if (strcmp(reg->plugins[i].desc->name, name) == 0)
            return &reg->plugins[i];
    return NULL;
}
