/* Site key + HMAC-SHA256 (nettle) for personal identifiers. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <nettle/hmac.h>

#include <cbecflow/host.h>

#include "core/base/log.h"
#include "core/base/personal.h"

#define KEY_BYTES 32

static guchar site_key[KEY_BYTES];
/* The HMAC context keyed once: each hash copies it instead of re-keying (two
 * SHA-256 blocks saved per identifier). */
static struct hmac_sha256_ctx keyed;
static int key_loaded;
static char *key_path;

static char *default_key_path(void)
{
    if (geteuid() == 0)
        return g_strdup("/etc/cbecflow/site.key");
    return g_build_filename(g_get_user_config_dir(), "cbecflow", "site.key", NULL);
}

static void key_ready(void)
{
    hmac_sha256_set_key(&keyed, KEY_BYTES, site_key);
    key_loaded = 1;
}

static int hexval(int c)
{
    return g_ascii_xdigit_value((char)c);
}

static cbec_err read_key(const char *path, char **why)
{
    char *text = NULL;
    gsize len = 0;
    GError *gerr = NULL;
    cbec_err rc = CBEC_ERR_CONFIG;
    size_t i;

    if (!g_file_get_contents(path, &text, &len, &gerr)) {
        *why = g_strdup_printf("cannot read key file %s: %s", path, gerr->message);
        g_error_free(gerr);
        goto done;
    }
    g_strstrip(text);
    if (strlen(text) != KEY_BYTES * 2) {
        *why = g_strdup_printf("key file %s: expected %d hex digits", path, KEY_BYTES * 2);
        goto done;
    }
    for (i = 0; i < KEY_BYTES; i++) {
        int hi = hexval(text[2 * i]), lo = hexval(text[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            *why = g_strdup_printf("key file %s: not hexadecimal", path);
            goto done;
        }
        site_key[i] = (guchar)(hi << 4 | lo);
    }
    key_ready();
    rc = CBEC_ERR_NONE;
done:
    if (text)
        memset(text, 0, len);
    g_free(text);
    return rc;
}

static cbec_err create_key(const char *path, char **why)
{
    char hex[KEY_BYTES * 2 + 2];
    char *dir = g_path_get_dirname(path);
    int fd = -1, i, urnd;
    cbec_err rc = CBEC_ERR_CONFIG;
    ssize_t got;

    if (g_mkdir_with_parents(dir, 0700) != 0) {
        *why = g_strdup_printf("cannot create %s: %s", dir, g_strerror(errno));
        goto done;
    }
    urnd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (urnd < 0 || (got = read(urnd, site_key, KEY_BYTES)) != KEY_BYTES) {
        *why = g_strdup("cannot read /dev/urandom for a new site key");
        if (urnd >= 0)
            close(urnd);
        goto done;
    }
    close(urnd);
    for (i = 0; i < KEY_BYTES; i++)
        snprintf(hex + 2 * i, 3, "%02x", site_key[i]);
    hex[KEY_BYTES * 2] = '\n';
    hex[KEY_BYTES * 2 + 1] = 0;
    /* O_EXCL: two first runs racing must not overwrite each other's key. */
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) {
            rc = read_key(path, why);
            goto done;
        }
        *why = g_strdup_printf("cannot create key file %s: %s", path, g_strerror(errno));
        goto done;
    }
    if (write(fd, hex, strlen(hex)) != (ssize_t)strlen(hex) || fsync(fd) != 0) {
        *why = g_strdup_printf("cannot write key file %s: %s", path, g_strerror(errno));
        goto done;
    }
    key_ready();
    cbec_info("created a new site key for personal identifiers: %s (keep it; the dataset's hashes depend on it)",
              path);
    rc = CBEC_ERR_NONE;
done:
    if (fd >= 0)
        close(fd);
    memset(hex, 0, sizeof hex);
    g_free(dir);
    return rc;
}

cbec_err cbec_personal_init(const cbec_config *cfg, char **why)
{
    char *path = cfg ? cbec_config_get_path(cfg, "core", "key_file") : NULL;
    const char *env = g_getenv("CBECFLOW_KEY_FILE");

    if (key_loaded)
        return CBEC_ERR_NONE;
    if (!path && env && *env)
        path = g_strdup(env);
    if (!path)
        path = default_key_path();
    g_free(key_path);
    key_path = path;
    if (g_file_test(path, G_FILE_TEST_EXISTS))
        return read_key(path, why);
    return create_key(path, why);
}

int cbec_personal_ready(void) { return key_loaded; }
const char *cbec_personal_key_path(void) { return key_path; }

void cbec_personal_reset(void)
{
    memset(site_key, 0, sizeof site_key);
    memset(&keyed, 0, sizeof keyed);
    key_loaded = 0;
}

/* Normalise: ASCII upper case, drop spaces, hyphens, dots, parentheses; phones lose +86/0086.
 * Written in one buffer of the value's size (a GString grown a byte at a time was most of
 * the cost of a personal value besides the HMAC itself). */
static char *normalise(int kind, const char *value)
{
    char *out = g_malloc(strlen(value) + 1), *q = out;
    const char *p;
    size_t skip = 0;

    for (p = value; *p; p++) {
        char c = *p;
        if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '\t')
            continue;
        *q++ = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
    }
    *q = 0;
    if (kind == CBEC_PERSONAL_PHONE) {
        if (g_str_has_prefix(out, "+86"))
            skip = 3;
        else if (g_str_has_prefix(out, "0086"))
            skip = 4;
        if (skip) {
            size_t n = (size_t)(q - out);
            memmove(out, out + skip, n - skip + 1);
            memset(out + n - skip + 1, 0, skip);    /* no copy of the digits left behind */
        }
    }
    return out;
}

/* The keyed hash of a normalised identifier into out (64 hex digits and a NUL). */
static void hash_normalised(int kind, const char *norm, char *out)
{
    static const char hex[] = "0123456789abcdef";
    struct hmac_sha256_ctx h;
    uint8_t mac[SHA256_DIGEST_SIZE];
    const char *domain = kind == CBEC_PERSONAL_PHONE ? "phone:" : "id:";
    int i;

    /* nettle's HMAC-SHA256 (CPU SHA extensions); same value as any HMAC-SHA256. */
    h = keyed;
    hmac_sha256_update(&h, strlen(domain), (const uint8_t *)domain);
    hmac_sha256_update(&h, strlen(norm), (const uint8_t *)norm);
    hmac_sha256_digest(&h, sizeof mac, mac);
    for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
        out[2 * i] = hex[mac[i] >> 4];
        out[2 * i + 1] = hex[mac[i] & 15];
    }
    out[2 * SHA256_DIGEST_SIZE] = 0;
}

/* The masked form of a normalised identifier (g_free). */
static char *mask_normalised(int kind, const char *norm)
{
    size_t len = strlen(norm), keep_head, keep_tail, i;
    char *out = g_malloc(len + 1);

    if (kind == CBEC_PERSONAL_PHONE) {
        keep_head = len >= 11 ? 3 : len >= 7 ? 2 : 0;
        keep_tail = len >= 7 ? 4 : 0;
    } else {
        keep_head = len >= 15 ? 6 : len >= 8 ? 2 : 0;
        keep_tail = len >= 8 ? 4 : 0;
    }
    for (i = 0; i < len; i++)
        out[i] = (i < keep_head || i >= len - keep_tail) ? norm[i] : '*';
    out[len] = 0;
    return out;
}

char *cbec_personal_hash(int kind, const char *value)
{
    char *norm, *out;

    if (!key_loaded || !value)
        return NULL;
    norm = normalise(kind, value);
    out = g_malloc(2 * SHA256_DIGEST_SIZE + 1);
    hash_normalised(kind, norm, out);
    memset(norm, 0, strlen(norm));
    g_free(norm);
    return out;
}

char *cbec_personal_hash_mask(int kind, const char *value, char hash[65])
{
    char *norm, *mask;

    if (!key_loaded || !value)
        return NULL;
    norm = normalise(kind, value);
    hash_normalised(kind, norm, hash);
    mask = mask_normalised(kind, norm);
    memset(norm, 0, strlen(norm));
    g_free(norm);
    return mask;
}

char *cbec_personal_fingerprint(void)
{
    /* A keyed hash of a fixed text: equal for equal keys, and it tells nothing about the key
     * (HMAC); its own text, so it is no hash of any identifier (those start "id:"/"phone:"). */
    static const char text[] = "cbecflow site key fingerprint";
    static const char hex[] = "0123456789abcdef";
    struct hmac_sha256_ctx h;
    uint8_t mac[SHA256_DIGEST_SIZE];
    char *out;

    if (!key_loaded)
        return NULL;
    h = keyed;
    hmac_sha256_update(&h, strlen(text), (const uint8_t *)text);
    hmac_sha256_digest(&h, sizeof mac, mac);
    out = g_malloc(2 * SHA256_DIGEST_SIZE + 1);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        out[2 * i] = hex[mac[i] >> 4];
        out[2 * i + 1] = hex[mac[i] & 15];
    }
    out[2 * SHA256_DIGEST_SIZE] = 0;
    return out;
}

char *cbec_personal_mask(int kind, const char *value)
{
    char *norm = normalise(kind, value), *out = mask_normalised(kind, norm);

    memset(norm, 0, strlen(norm));
    g_free(norm);
    return out;
}
