/* bench_extract OUTDIR ARCHIVE...: write every member of the archives (zip,
 * tar, tar.gz; nested archives opened recursively) as a flat file under OUTDIR,
 * so `xmllint --stream` can time the bare parse of exactly the XML that
 * `cbecflow ingest` reads.  Members stream to disk; a nested archive is read
 * from memory (the demo's nested receipts zips are small). */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

static long long files, bytes;

static int is_archive(const char *name)
{
    return g_str_has_suffix(name, ".zip") || g_str_has_suffix(name, ".tar.gz") || g_str_has_suffix(name, ".tgz") ||
           g_str_has_suffix(name, ".tar");
}

/* Extract one archive (from a file, or from memory when file is NULL); returns 0 or -1. */
static int extract(const char *outdir, const char *file, const void *mem, size_t len)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    char buf[65536];
    la_ssize_t n;
    int rc = -1, r;

    archive_read_support_format_zip(a);
    archive_read_support_format_tar(a);
    archive_read_support_filter_gzip(a);
    if ((file ? archive_read_open_filename(a, file, 65536) : archive_read_open_memory(a, mem, len)) != ARCHIVE_OK) {
        fprintf(stderr, "bench_extract: %s: %s\n", file ? file : "(nested)", archive_error_string(a));
        goto done;
    }
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        const char *name = archive_entry_pathname(e);
        const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
        if (archive_entry_filetype(e) != AE_IFREG)
            continue;
        if (is_archive(name)) {
            GByteArray *b = g_byte_array_new();
            while ((n = archive_read_data(a, buf, sizeof buf)) > 0)
                g_byte_array_append(b, (const guint8 *)buf, (guint)n);
            r = n < 0 ? -1 : extract(outdir, NULL, b->data, b->len);
            g_byte_array_free(b, TRUE);
            if (r < 0)
                goto done;
        } else {
            char *fn = g_strdup_printf("%s/%08lld_%s", outdir, files, base);
            FILE *f = fopen(fn, "wb");
            if (!f) {
                perror(fn);
                g_free(fn);
                goto done;
            }
            while ((n = archive_read_data(a, buf, sizeof buf)) > 0) {
                if (fwrite(buf, 1, (size_t)n, f) != (size_t)n)
                    n = -1;
                if (n < 0)
                    break;
                bytes += n;
            }
            if (fclose(f) != 0 || n < 0) {
                fprintf(stderr, "bench_extract: %s: cannot extract\n", fn);
                g_free(fn);
                goto done;
            }
            g_free(fn);
            files++;
        }
    }
    rc = r == ARCHIVE_EOF ? 0 : -1;
    if (rc)
        fprintf(stderr, "bench_extract: %s: %s\n", file ? file : "(nested)", archive_error_string(a));
done:
    archive_read_free(a);
    return rc;
}

int main(int argc, char **argv)
{
    int i;
    if (argc < 3) {
        fprintf(stderr, "usage: bench_extract OUTDIR ARCHIVE...\n");
        return 2;
    }
    for (i = 2; i < argc; i++)
        if (extract(argv[1], argv[i], NULL, 0) < 0)
            return 1;
    printf("%lld files, %lld bytes\n", files, bytes);
    return 0;
}
