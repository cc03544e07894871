/* Best guess of an MT940 narrative's code page: see codepage.h. */
#include <string.h>

#include "codepage.h"

/* Windows code page a bank of the country usually writes (ISO 3166 alpha-2).  Countries
 * not listed are Western European or unknown: CP1252, the commonest legacy default. */
static const struct {
    const char *countries;
    const char *cp;
} CP_BY_COUNTRY[] = {
    {"HU CZ SK PL SI HR RO BA RS ME AL", "CP1250"},   /* Central European Latin */
    {"RU BY UA BG KZ MN KG UZ TJ MK", "CP1251"},       /* Cyrillic */
    {"LT LV EE", "CP1257"},                           /* Baltic */
    {"GR CY", "CP1253"},
    {"TR AZ", "CP1254"},
};

static const char *cp_of_country(const char *cc)
{
    size_t i;
    for (i = 0; i < G_N_ELEMENTS(CP_BY_COUNTRY); i++) {
        const char *p = CP_BY_COUNTRY[i].countries;
        for (; *p; p += p[2] ? 3 : 2)
            if (p[0] == cc[0] && p[1] == cc[1])
                return CP_BY_COUNTRY[i].cp;
    }
    return "CP1252";
}

/* "OTPVHUHB", "OTPVHUHBXXX" or a 12-character logical terminal address: its country, or 0. */
static int bic_country(const char *s, size_t len, char cc[3])
{
    size_t i;
    if (!s || (len != 8 && len != 11 && len != 12))
        return 0;
    for (i = 0; i < len; i++)
        if (!g_ascii_isupper(s[i]) && !g_ascii_isdigit(s[i]))
            return 0;
    if (!g_ascii_isupper(s[4]) || !g_ascii_isupper(s[5]))
        return 0;
    cc[0] = s[4];
    cc[1] = s[5];
    cc[2] = 0;
    return 1;
}

/* An IBAN starts with its country and two check digits. */
static int iban_country(const char *s, char cc[3])
{
    size_t i, n = s ? strlen(s) : 0;
    if (n < 15 || n > 34 || !g_ascii_isupper(s[0]) || !g_ascii_isupper(s[1]) || !g_ascii_isdigit(s[2]) ||
        !g_ascii_isdigit(s[3]))
        return 0;
    for (i = 4; i < n; i++)
        if (!g_ascii_isalnum(s[i]))
            return 0;
    cc[0] = s[0];
    cc[1] = s[1];
    cc[2] = 0;
    return 1;
}

/* Without any evidence of origin: look at the bytes.  Cyrillic words are runs of bytes
 * 0xC0-0xFF and outnumber ASCII letters; a few bytes are letters of Central European
 * languages in CP1250 and (almost) never appear in Western text in CP1252. */
static const char *cp_of_bytes(const unsigned char *b, size_t len, const char **why)
{
    size_t i, ascii = 0, high = 0, ce = 0;
    for (i = 0; i < len; i++) {
        if (g_ascii_isalpha(b[i]))
            ascii++;
        else if (b[i] >= 0xC0)
            high++;
        switch (b[i]) {
        case 0x8D: case 0x8F: case 0x9D:   /* Ť Ź ť: undefined in CP1252 */
        case 0xB3: case 0xB9: case 0xA5:   /* ł ą Ą (CP1252: ³ ¹ ¥) */
        case 0x9F:                         /* ź (CP1252: Ÿ) */
        case 0xF5: case 0xFB: case 0xD5: case 0xDB:   /* ő ű Ő Ű (CP1252: õ û Õ Û) */
            ce++;
            break;
        default:
            break;
        }
    }
    if (high > ascii) {
        *why = "the bytes (most letters are 0xC0-0xFF, as in Cyrillic text)";
        return "CP1251";
    }
    if (ce) {
        *why = "the bytes (letters of Central European languages: ő ű ł ą ź ť)";
        return "CP1250";
    }
    *why = "nothing (no BIC, IBAN or national currency names the bank's country: the Western default)";
    return "CP1252";
}

/* Decode with cp; bytes cp does not define become U+FFFD (counted in *bad). */
static char *decode_with(const char *cp, const char *bytes, size_t len, size_t *bad)
{
    char *out = g_convert(bytes, (gssize)len, "UTF-8", cp, NULL, NULL, NULL);
    GString *s;
    GIConv cd;
    size_t i;

    *bad = 0;
    if (out)
        return out;
    /* a single-byte code page: byte by byte, so one undefined byte costs only itself */
    s = g_string_sized_new(len * 2);
    cd = g_iconv_open("UTF-8", cp);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        char in[1] = {(char)c}, buf[8], *ip = in, *op = buf;
        gsize il = 1, ol = sizeof buf;
        if (c < 0x80) {
            g_string_append_c(s, (char)c);
            continue;
        }
        if (cd != (GIConv)-1 && g_iconv(cd, &ip, &il, &op, &ol) != (gsize)-1 && il == 0) {
            g_string_append_len(s, buf, (gssize)(sizeof buf - ol));
        } else {
            g_string_append(s, "\xEF\xBF\xBD");
            (*bad)++;
        }
    }
    if (cd != (GIConv)-1)
        g_iconv_close(cd);
    return g_string_free(s, FALSE);
}

char *mt_cp_guess_decode(const char *bytes, size_t len, const mt_cp_evidence *ev, char **note)
{
    char cc[3] = {0}, *text, *why = NULL;
    const char *cp = NULL, *bytes_why = NULL, *slash;
    size_t bad;

    if (ev->bic && bic_country(ev->bic, strlen(ev->bic), cc))
        why = g_strdup_printf("the sender BIC %.8s of the %s block (country %s)", ev->bic, ev->bic_from, cc);
    else if (ev->bic2 && bic_country(ev->bic2, strlen(ev->bic2), cc))
        why = g_strdup_printf("the BIC %.8s of the %s block (country %s)", ev->bic2, ev->bic2_from, cc);
    else if (ev->account && (slash = strchr(ev->account, '/')) != NULL &&
             bic_country(ev->account, (size_t)(slash - ev->account), cc))
        why = g_strdup_printf("the BIC %.*s of :25: (country %s)", (int)(slash - ev->account), ev->account, cc);
    else if (ev->account && (iban_country(ev->account, cc) ||
                             ((slash = strrchr(ev->account, '/')) != NULL && iban_country(slash + 1, cc))))
        why = g_strdup_printf("the IBAN of :25: (country %s)", cc);
    else if (ev->currency && strlen(ev->currency) == 3 && strcmp(ev->currency, "EUR") != 0 &&
             ev->currency[0] != 'X') {
        /* ISO 4217: a national currency's code starts with its country's code */
        cc[0] = ev->currency[0];
        cc[1] = ev->currency[1];
        why = g_strdup_printf("the statement currency %s (country %s)", ev->currency, cc);
    }
    if (why)
        cp = cp_of_country(cc);
    else {
        cp = cp_of_bytes((const unsigned char *)bytes, len, &bytes_why);
        why = g_strdup(bytes_why);
    }
    text = decode_with(cp, bytes, len, &bad);
    if (bad)
        *note = g_strdup_printf("text is not UTF-8 and no encoding is configured: decoded as %s, guessed from %s; "
                                "%zu byte(s) undefined in %s stored as U+FFFD", cp, why, bad, cp);
    else
        *note = g_strdup_printf("text is not UTF-8 and no encoding is configured: decoded as %s, guessed from %s",
                                cp, why);
    g_free(why);
    return text;
}
