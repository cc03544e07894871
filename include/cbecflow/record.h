/**
 * @file record.h
 * @brief Record kinds a plugin may produce, and how fields map to the dataset.
 *
 * A record kind is a dataset table (docs/dataset.md); a field is a column of that
 * table.  The core validates every field name against the live schema, so a
 * typo is a clear record error, not a silent loss.  Lineage columns
 * (source_id, locator, run_id, content_hash, revision) are filled by the core.
 *
 * Business keys (a record with the key of a stored row is an update when its
 * content differs, a duplicate when identical):
 *
 * | kind             | key                                   | children            |
 * |------------------|---------------------------------------|---------------------|
 * | orders           | order_no, platform_code               | order_item          |
 * | payment          | pay_transaction_id, pay_code          |                     |
 * | shipment         | logistics_no, logistics_code          | shipment_item       |
 * | shipment_event   | logistics_no, logistics_code, event, event_time, reference | |
 * | customs_list     | cop_no, platform_code                 | customs_list_item   |
 * | customs_receipt  | message_type, guid, return_status, return_time |            |
 * | settlement       | settlement_ref, platform_code         | settlement_component|
 * | bank_statement   | account, statement_no, opening_date   |                     |
 * | bank_txn         | account, statement_key, entry_seq (1) |                     |
 * | enterprise       | code                                  |                     |
 * | enterprise_event | code, event_date, kind, detail        |                     |
 * | fx_rate          | rate_date, currency                   |                     |
 *
 * (1) statement_key identifies the statement within the account (the bank plugins use
 * "statement_no|opening_date", the identity of its bank_statement row), entry_seq is the
 * row's 1-based place in it: banks repeat a reference (entry_ref) within a statement, so
 * only a later file re-sending the statement reaches the same row.  A record without
 * statement_key (a plugin written before schema version 3) is keyed by account,
 * entry_ref among the rows stored without it; none when entry_ref is unset too.
 *
 * Child rows get line_no 1, 2, ... in the order they are added unless the
 * plugin sets line_no itself.  bank_txn records stored before a
 * bank_statement of the same input are linked to it when it arrives, so a
 * plugin streams entries first and emits the statement (with its balance
 * check) last.  A payment with settlement_ref is linked to the settlement of
 * that reference.
 *
 * Money columns (goods_value, amount, ...) take rec_set_money() with the
 * record's currency; personal identifiers (columns ending in _key) take
 * rec_set_personal().
 */
#ifndef CBECFLOW_RECORD_H
#define CBECFLOW_RECORD_H

#define CBEC_KIND_ORDERS "orders"
#define CBEC_KIND_ORDER_ITEM "order_item"
#define CBEC_KIND_PAYMENT "payment"
#define CBEC_KIND_SHIPMENT "shipment"
#define CBEC_KIND_SHIPMENT_ITEM "shipment_item"
#define CBEC_KIND_SHIPMENT_EVENT "shipment_event"
#define CBEC_KIND_CUSTOMS_LIST "customs_list"
#define CBEC_KIND_CUSTOMS_LIST_ITEM "customs_list_item"
#define CBEC_KIND_CUSTOMS_RECEIPT "customs_receipt"
#define CBEC_KIND_SETTLEMENT "settlement"
#define CBEC_KIND_SETTLEMENT_COMPONENT "settlement_component"
#define CBEC_KIND_BANK_STATEMENT "bank_statement"
#define CBEC_KIND_BANK_TXN "bank_txn"
#define CBEC_KIND_ENTERPRISE "enterprise"
#define CBEC_KIND_ENTERPRISE_EVENT "enterprise_event"
#define CBEC_KIND_FX_RATE "fx_rate"

/*
 * Finding codes the core reacts to (rec_finding(rec, CODE, message)).  Any other code a
 * plugin chooses is stored with the record and reported, nothing more; these change what
 * a command does, so a plugin spells them with the macro, never by hand.
 */

/** A bank statement that does not tie out (opening + credits - debits != closing).  The
 *  statement is stored as it is; the core counts it per file and for the run
 *  (statements_unbalanced in the summary and manifest.json) and the command ends with
 *  exit 3 (quarantined), so that an operator looks at it. */
#define CBEC_FINDING_BALANCE_MISMATCH "BALANCE_MISMATCH"

#endif
