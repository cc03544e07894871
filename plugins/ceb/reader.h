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

/** One leaf element: local name and trimmed text. */
typedef struct ceb_field {
    char name[CEB_NAME_MAX];
    char *val;                 /**< NUL-terminated, trimmed */
    size_t len, cap;
} ceb_field;

/** A group of leaf fields: the container's head (flat fields and *Head) or one *List line. */
typedef struct ceb_group {
    char name[CEB_NAME_MAX];   /**< "OrderHead", "OrderList" or "" for flat fields */
    unsigned ordinal;          /**< 1-based among the container's lines */
    ceb_field *f;
    size_t n, cap;
    size_t next;               /**< where ceb_get looks first: after its last hit */
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

/** Value of the first field named name in g, or NULL when absent (never NULL for present-but-empty). */
const char *ceb_get(const ceb_group *g, const char *name);

#endif
