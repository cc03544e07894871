/* Customs code tables.  Currency codes: the customs currency code list (币制代码),
 * which reuses the issuing country's three-digit code (142 CNY, 502 USD, 110 HKD,
 * 116 JPY, 300 EUR, 303 GBP, 344 RUB ...).  Country codes: the customs country and
 * region list (国别（地区）代码, 101..702), which is NOT ISO 3166 numeric. */
#include <ctype.h>
#include <string.h>

#include "codes.h"

typedef struct code_map {
    const char *code;
    const char *iso;
} code_map;

/* Sorted by code (bsearch). */
static const code_map currencies[] = {
    {"110", "HKD"}, {"113", "IRR"}, {"116", "JPY"}, {"118", "KWD"}, {"121", "MOP"}, {"122", "MYR"},
    {"127", "PKR"}, {"129", "PHP"}, {"132", "SGD"}, {"133", "KRW"}, {"136", "THB"}, {"142", "CNY"},
    {"143", "TWD"}, {"300", "EUR"}, {"302", "DKK"}, {"303", "GBP"}, {"326", "NOK"}, {"330", "SEK"},
    {"331", "CHF"}, {"344", "RUB"}, {"501", "CAD"}, {"502", "USD"}, {"601", "AUD"}, {"609", "NZD"},
};

/* ISO alpha codes accepted verbatim (senders that ignore the numeric list). */
static const char *const iso_currencies[] = {
    "AUD", "BGN", "BYN", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "GBP", "HKD", "HUF", "JPY", "KRW",
    "KZT", "MNT", "MOP", "MYR", "NOK", "NZD", "PLN", "RON", "RUB", "SEK", "SGD", "THB", "TWD", "UAH",
    "USD", NULL};

/* Sorted by code (bsearch).  Regions without an ISO code (Canary Islands, Ceuta,
 * "other ..." buckets) are left out and reported as unknown. */
static const code_map countries[] = {
    {"101", "AF"}, {"102", "BH"}, {"103", "BD"}, {"104", "BT"}, {"105", "BN"}, {"106", "MM"},
    {"107", "KH"}, {"108", "CY"}, {"109", "KP"}, {"110", "HK"}, {"111", "IN"}, {"112", "ID"},
    {"113", "IR"}, {"114", "IQ"}, {"115", "IL"}, {"116", "JP"}, {"117", "JO"}, {"118", "KW"},
    {"119", "LA"}, {"120", "LB"}, {"121", "MO"}, {"122", "MY"}, {"123", "MV"}, {"124", "MN"},
    {"125", "NP"}, {"126", "OM"}, {"127", "PK"}, {"128", "PS"}, {"129", "PH"}, {"130", "QA"},
    {"131", "SA"}, {"132", "SG"}, {"133", "KR"}, {"134", "LK"}, {"135", "SY"}, {"136", "TH"},
    {"137", "TR"}, {"138", "AE"}, {"139", "YE"}, {"141", "VN"}, {"142", "CN"}, {"143", "TW"},
    {"144", "TL"}, {"145", "KZ"}, {"146", "KG"}, {"147", "TJ"}, {"148", "TM"}, {"149", "UZ"},
    {"201", "DZ"}, {"202", "AO"}, {"203", "BJ"}, {"204", "BW"}, {"205", "BI"}, {"206", "CM"},
    {"208", "CV"}, {"209", "CF"}, {"211", "TD"}, {"212", "KM"}, {"213", "CG"}, {"214", "DJ"},
    {"215", "EG"}, {"216", "GQ"}, {"217", "ET"}, {"218", "GA"}, {"219", "GM"}, {"220", "GH"},
    {"221", "GN"}, {"222", "GW"}, {"223", "CI"}, {"224", "KE"}, {"225", "LR"}, {"226", "LY"},
    {"227", "MG"}, {"228", "MW"}, {"229", "ML"}, {"230", "MR"}, {"231", "MU"}, {"232", "MA"},
    {"233", "MZ"}, {"234", "NA"}, {"235", "NE"}, {"236", "NG"}, {"237", "RE"}, {"238", "RW"},
    {"239", "ST"}, {"240", "SN"}, {"241", "SC"}, {"242", "SL"}, {"243", "SO"}, {"244", "ZA"},
    {"245", "EH"}, {"246", "SD"}, {"247", "TZ"}, {"248", "TG"}, {"249", "TN"}, {"250", "UG"},
    {"251", "BF"}, {"252", "CD"}, {"253", "ZM"}, {"254", "ZW"}, {"255", "LS"}, {"257", "SZ"},
    {"258", "ER"}, {"259", "YT"},
    {"301", "BE"}, {"302", "DK"}, {"303", "GB"}, {"304", "DE"}, {"305", "FR"}, {"306", "IE"},
    {"307", "IT"}, {"308", "LU"}, {"309", "NL"}, {"310", "GR"}, {"311", "PT"}, {"312", "ES"},
    {"313", "AL"}, {"314", "AD"}, {"315", "AT"}, {"316", "BG"}, {"318", "FI"}, {"320", "GI"},
    {"321", "HU"}, {"322", "IS"}, {"323", "LI"}, {"324", "MT"}, {"325", "MC"}, {"326", "NO"},
    {"327", "PL"}, {"328", "RO"}, {"329", "SM"}, {"330", "SE"}, {"331", "CH"}, {"334", "EE"},
    {"335", "LV"}, {"336", "LT"}, {"337", "GE"}, {"338", "AM"}, {"339", "AZ"}, {"340", "BY"},
    {"343", "MD"}, {"344", "RU"}, {"347", "UA"}, {"350", "SI"}, {"351", "HR"}, {"352", "CZ"},
    {"353", "SK"}, {"354", "MK"}, {"355", "BA"}, {"356", "VA"}, {"357", "FO"}, {"358", "RS"},
    {"359", "ME"},
    {"401", "AG"}, {"402", "AR"}, {"403", "AW"}, {"404", "BS"}, {"405", "BB"}, {"406", "BZ"},
    {"408", "BO"}, {"410", "BR"}, {"411", "KY"}, {"412", "CL"}, {"413", "CO"}, {"414", "DM"},
    {"415", "CR"}, {"416", "CU"}, {"417", "CW"}, {"418", "DO"}, {"419", "EC"}, {"420", "GF"},
    {"421", "GD"}, {"422", "GP"}, {"423", "GT"}, {"424", "GY"}, {"425", "HT"}, {"426", "HN"},
    {"427", "JM"}, {"428", "MQ"}, {"429", "MX"}, {"430", "MS"}, {"431", "NI"}, {"432", "PA"},
    {"433", "PY"}, {"434", "PE"}, {"435", "PR"}, {"437", "LC"}, {"439", "VC"}, {"440", "SV"},
    {"441", "SR"}, {"442", "TT"}, {"443", "TC"}, {"444", "UY"}, {"445", "VE"}, {"446", "VG"},
    {"447", "KN"}, {"448", "PM"},
    {"501", "CA"}, {"502", "US"}, {"503", "GL"}, {"504", "BM"},
    {"601", "AU"}, {"602", "CK"}, {"603", "FJ"}, {"606", "NR"}, {"607", "NC"}, {"608", "VU"},
    {"609", "NZ"}, {"610", "NF"}, {"611", "PG"}, {"613", "SB"}, {"614", "TO"}, {"617", "WS"},
    {"618", "KI"}, {"619", "TV"}, {"620", "FM"}, {"621", "MH"}, {"622", "PW"}, {"623", "PF"},
    {"625", "WF"},
};

static int cmp_code(const void *key, const void *elem)
{
    return strcmp(key, ((const code_map *)elem)->code);
}

static const char *lookup(const code_map *table, size_t n, const char *code)
{
    size_t lo = 0, hi = n;

    if (!code || strlen(code) != 3)
        return NULL;
    while (lo < hi) {                      /* bsearch without the void* casts */
        size_t mid = (lo + hi) / 2;
        int c = cmp_code(code, &table[mid]);
        if (c == 0)
            return table[mid].iso;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *ceb_currency_iso(const char *code)
{
    const char *iso = lookup(currencies, sizeof currencies / sizeof currencies[0], code);
    int i;

    if (iso || !code)
        return iso;
    for (i = 0; iso_currencies[i]; i++)
        if (strcmp(code, iso_currencies[i]) == 0)
            return iso_currencies[i];
    return NULL;
}

const char *ceb_country_iso(const char *code)
{
    return lookup(countries, sizeof countries / sizeof countries[0], code);
}

int ceb_code_is_placeholder(const char *code)
{
    size_t i, n;
    int digits = 1, same = 1;

    if (!code || !*code)
        return 0;
    n = strlen(code);
    for (i = 0; i < n; i++) {
        if (!isdigit((unsigned char)code[i]))
            digits = 0;
        if (code[i] != code[0])
            same = 0;
    }
    if (!digits) {
        /* An ISO alpha currency is a real code, not filler. */
        return ceb_currency_iso(code) == NULL;
    }
    if (same && n > 1)
        return 1;
    return n == 3 && code[0] == '0';
}

int ceb_id_checksum_ok(const char *id)
{
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char checks[] = "10X98765432";
    int i, sum = 0;
    char last;

    if (!id || strlen(id) != 18)
        return 0;
    for (i = 0; i < 17; i++) {
        if (!isdigit((unsigned char)id[i]))
            return 0;
        sum += (id[i] - '0') * weights[i];
    }
    last = (char)toupper((unsigned char)id[17]);
    return checks[sum % 11] == last;
}
