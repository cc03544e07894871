/**
 * @file reader.h
 * @brief Safe streaming reader of CEB messages: one business container (Order,
 * Payment, Logistics, ...) at a time out of libxml2's SAX2 push parser fed from
 * the host's byte stream, with a byte budget, a depth bound, no DTDs, no entity
 * expansion, no network, and the DxpMsg transport envelope unwrapped.
 */
#ifndef CEB_READER_H
#define CEB_READER_H

#include <stddef.h>
#include <stdint.h>

#include <cbecflow/host.h>

/** Longest element local name kept (longer names are cut and match nothing). */
#define CEB_NAME_MAX 48

/* The element names the record builders (ceb.c) look up.  Each has a number, and every
 * group an index from number to field, filled as the fields are read: a lookup is one
 * array read instead of a search by name (1.2M lookups on a 5k-trade night). */
#define CEB_FIELD_NAMES(X) \
    X(accountingDate) X(acturalPaid) X(amountPaid) X(appTime) X(appType) X(barCode) X(billNo) \
    X(buyerIdNumber) X(buyerIdType) X(buyerName) X(buyerRegNo) X(buyerTelephone) X(charge) X(consignee) \
    X(consigneeAddress) X(consigneeDistrict) X(consigneeTelephone) X(copNo) X(country) X(currency) \
    X(customsCode) X(declTime) X(discount) X(ebcCode) X(ebcName) X(ebpCode) X(ebpName) X(fCurrency) \
    X(freight) X(gcode) X(gmodel) X(gname) X(gnum) X(goodsInfo) X(goodsValue) X(grossWeight) X(guid) \
    X(iCurrency) X(ieDate) X(ieFlag) X(insuredFee) X(invtNo) X(itemName) X(itemNo) X(leaveTime) \
    X(logisticsCode) X(logisticsName) X(logisticsNo) X(logisticsStatus) X(logisticsTime) X(netWeight) \
    X(orderNo) X(orderType) X(packNo) X(payCode) X(payName) X(payNo) X(payTime) X(payTransactionId) \
    X(payerIdNumber) X(payerIdType) X(payerName) X(portCode) X(preNo) X(price) X(qty) X(rkdNo) \
    X(returnInfo) X(returnStatus) X(returnTime) X(taxTotal) X(telephone) X(totalPrice) X(tradeMode) \
    X(unit) X(weight)

/** Numbers of the looked-up element names; CEB_F_OTHER for any other name. */
enum ceb_field_id {
    CEB_F_OTHER = 0,
#define CEB_F_ENUM(n) CEB_F_##n,
    CEB_FIELD_NAMES(CEB_F_ENUM)
#undef CEB_F_ENUM
    CEB_F_COUNT
};

/** The element name of a field number (CEB_F_orderNo: "orderNo"). */
extern const char *const ceb_field_names[CEB_F_COUNT];

/** One leaf element: local name and trimmed text.  name and val are set once the
 * container is complete (until then the reader keeps offsets into the container's text). */
typedef struct ceb_field {
    const char *name;
    const char *val;           /**< NUL-terminated, trimmed; "" when empty */
    size_t off;                /**< value's offset in the container's text */
    size_t len;                /**< value's length */
    size_t name_off;           /**< CEB_F_OTHER: the name's offset in the container's text */
    unsigned id;               /**< enum ceb_field_id */
} ceb_field;

/** A group of leaf fields: the container's head (flat fields and *Head) or one *List line. */
typedef struct ceb_group {
    char name[CEB_NAME_MAX];   /**< "OrderHead", "OrderList" or "" for flat fields */
    unsigned ordinal;          /**< 1-based among the container's lines */
    ceb_field *f;
    size_t n, cap;
    uint32_t first[CEB_F_COUNT];   /**< 1 + index of the first field of each number, 0: absent */
} ceb_group;

/** Limits of a reader (plugin config keys). */
typedef struct ceb_limits {
    int64_t max_bytes;         /**< bytes read from the input (and from each DxpMsg Data) */
    int max_depth;             /**< element nesting */
    size_t max_field;          /**< bytes of one leaf value */
    size_t max_record;         /**< bytes of one container's values */
    size_t max_lines;          /**< *List lines of one container */
    size_t max_envelope;       /**< bytes of one DxpMsg Data (base64 text) */
} ceb_limits;

/** One business container of a message, as read. */
typedef struct ceb_container {
    char msg_name[CEB_NAME_MAX];   /**< "CEB311Message" */
    int msg_type;                  /**< 311 */
    char name[CEB_NAME_MAX];       /**< "Order" */
    unsigned index;                /**< 1-based among the message's containers */
    char prefix[64];               /**< "" or "DxpMsg/Data/" */
    uint64_t line;                 /**< line where the container starts */
    ceb_group head;
    ceb_group *lines;
    size_t nlines, lines_cap;
    char *text;                    /**< every field's value and other names, NUL-terminated, one block */
    size_t text_len, text_cap;
    size_t bytes;                  /**< bytes of values held */
    int last;                      /**< 1 when it is the message's last container */
    int base_transfers;            /**< BaseTransfer blocks of the message (valid when last) */
    int bad;                       /**< the container broke a limit: quarantine it */
    char bad_reason[48];
    char bad_locator[256];
    char bad_message[512];
} ceb_container;

typedef struct ceb_reader ceb_reader;

/** Outcomes of ceb_reader_next(). */
enum { CEB_READ_EOF = 0, CEB_READ_CONTAINER = 1, CEB_READ_FATAL = -1 };

/**
 * Install the deny-all external entity loader (process-wide, idempotent).
 * Called by the plugin's entry point before any parsing.
 */
void ceb_reader_global_init(void);

/** Start reading an input through host->read. */
ceb_reader *ceb_reader_new(cbec_input *in, const cbec_host *host, const ceb_limits *lim);

/**
 * Next container.  Containers belong to the reader.  Without spare (NULL), *out is
 * valid until the next call.  With spare (non-NULL), *out stays valid until the
 * caller gives it back as *spare to a later call (the reader takes a non-NULL
 * *spare for reuse and sets it to NULL); containers never given back are freed
 * with the reader.
 * On CEB_READ_FATAL err holds reason, locator (line and element path) and message;
 * containers completed before the error were returned first.
 */
int ceb_reader_next(ceb_reader *r, ceb_container **spare, ceb_container **out, cbec_error *err);

/** Release the reader and every container it handed out. */
void ceb_reader_free(ceb_reader *r);

/** Release a container's memory (it is then empty, and reusable); the reader's own use. */
void ceb_container_free(ceb_container *c);

/** Element path of a container, group and field: "CEB311Message/Order[2]/OrderHead/orderNo". */
void ceb_path(const ceb_container *c, const ceb_group *g, const char *field, char *buf, size_t len);

/** Value of the first field numbered id in g, or NULL when absent (never NULL for present-but-empty). */
static inline const char *ceb_get(const ceb_group *g, unsigned id)
{
    return g->first[id] ? g->f[g->first[id] - 1].val : NULL;
}

#endif
