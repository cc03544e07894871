/**
 * @file demo.h
 * @brief The demo night generator (`cbecflow demo`): a deterministic, realistic
 * night of the Hohhot pilot zone as customs CEB messages packed in drops per
 * sender, bank statements (the zone's settlement accounts with the B2B wires, camt.053
 * and MT940; each platform's settlement account with its batch settlements, camt.053),
 * platform exports (Shopify, eBay, Ozon) and the post's manifest of trades it declares,
 * a ground-truth file of the injected anomalies and a config that runs the night.
 *
 * Everything is derived from the seed and the date: the same arguments give
 * byte-identical files.  Generation streams: each message is written to its
 * archive when it holds 100 records, so memory does not grow with the number
 * of trades.
 */
#ifndef CBEC_DEMO_H
#define CBEC_DEMO_H

#include <stdint.h>

#include "core/base/error.h"

/** What to generate. */
typedef struct cbec_demo_opts {
    const char *out_dir;   /**< DIR: gets drop/<date>/, truth.tsv, cbecflow.conf */
    int64_t trades;        /**< number of trades (orders) of the night */
    uint32_t seed;         /**< GRand seed */
    int year, month, day;  /**< business date (Asia/Shanghai) */
    int compact;           /**< CEB messages without indentation, as the single window writes them */
    const char *prefix;    /**< NULL or "": the default numbers; else in front of every business number
                                (order, payment, waybill, list, bill, bank account) and mixed into the post's
                                S10 serials and the message guids, so several zones' nights never share one */
} cbec_demo_opts;

/** What was generated (record counts per message type, for the summary and tests). */
typedef struct cbec_demo_counts {
    int64_t trades;            /**< trades (distinct orders, incl. orphans without an order) */
    int64_t anomalies;         /**< trades with a scenario other than clean */
    int64_t ceb[10];           /**< business records written per type, see cbec_demo_types */
    int64_t resends;           /**< identical resends among them */
    int64_t changes;           /**< appType 2 changes among them */
    int64_t messages;          /**< CEB messages (files) */
    int64_t archives;          /**< drop archives */
    int64_t bank_entries;      /**< camt.053 Ntry elements (all camt.053 statements) */
    int64_t mt940_entries;     /**< MT940 :61: lines (the second account) */
    int64_t bank_credits_minor;/**< sum of the credits of all statements, in fen */
    int64_t shop_orders;       /**< orders in the Shopify orders export */
    int64_t ebay_orders;       /**< orders in the eBay orders report */
    int64_t ebay_tracked;      /**< of which with a tracking number (the order's CEB505 waybill) */
    int64_t ozon_postings;     /**< postings in the Ozon postings export */
    int64_t manifest_parcels;  /**< parcels in the post's manifest (exports and imports) */
    int64_t manifest_imports;  /**< of which inbound parcels (the post's CEB511 waybills) */
    int64_t credit_events;     /**< rows of the credit events file */
    int64_t b2b_wires;         /**< B2B exports paid by the buyer's wire (no CEB403) */
    int64_t b2b_unpaid;        /**< B2B exports without a wire yet (truth scenario b2b_unpaid) */
    int64_t platform_statements; /**< camt.053 statements of the platforms' settlement accounts */
} cbec_demo_counts;

/** Message types, in the order of cbec_demo_counts.ceb. */
extern const char *const cbec_demo_types[10];

/** Error codes of the generator. */
typedef enum cbec_demo_err {
    CBEC_DEMO_OK = 0,
    CBEC_DEMO_EXISTS,      /**< the night's drop folder exists already */
    CBEC_DEMO_IO,          /**< a file or folder could not be written */
    CBEC_DEMO_ARCHIVE,     /**< libarchive refused a write */
    CBEC_DEMO_ERR_MAX
} cbec_demo_err;

/** A sentence for a generator error code. */
const char *cbec_demo_strerror(cbec_demo_err err);

/**
 * Generate a night.
 * @param o      what to generate
 * @param counts receives the counts (may be NULL)
 * @param why    receives a malloc'd reason on failure (g_free)
 * @return CBEC_DEMO_OK or an error
 */
cbec_demo_err cbec_demo_generate(const cbec_demo_opts *o, cbec_demo_counts *counts, char **why);

/** GB 11643 check character of the first 17 digits of a resident ID number. */
char cbec_demo_id_check(const char *first17);
/** UPU S10 check digit of an 8-digit serial. */
int cbec_demo_s10_check(const char *serial8);

#endif
