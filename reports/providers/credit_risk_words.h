/**
 * @file credit_risk_words.h
 * @brief Codes of the credit and risk data in the reader's words (issue 19 item 1).
 *
 * Rule ids, severities, enterprise roles, entity kinds, reasons and handling states are
 * codes of the dataset; a report shows the template's words for them (Chinese, or English
 * with --lang en) and keeps the code only in an XLSX column of its own.  Evidence (JSON)
 * becomes a sentence by the template's [evidence] pattern of its rule.
 */
#ifndef CBEC_CREDIT_RISK_WORDS_H
#define CBEC_CREDIT_RISK_WORDS_H

#include <sqlite3.h>

#include "reports/model/template.h"

/**
 * An SQL expression giving the template's label of the code in column expr:
 * CASE expr WHEN 'code' THEN 'label' ... ELSE expr END, over the keys of group (g_free).
 */
char *cbec_words_case_sql(cbec_template *t, const char *group, const char *expr);
/** A date YYYY-MM-DD in prose: 2026年12月6日, or 6 December 2026 in English (g_free); NULL when not a date. */
char *cbec_words_day(const char *date, int zh);
/**
 * The evidence of an alert of rule_id in words: the [evidence] pattern of the rule with
 * {key} / {key|yuan} / {key|int} / {$.json.path|FMT} taken from the JSON; a value the
 * evidence lacks reads "—".  Without a pattern: the template's word evidence_see_detail.
 */
char *cbec_words_evidence(cbec_template *t, sqlite3 *db, const char *rule_id, const char *evidence);
/** A locator in words: "line 12" is 第 12 行 in Chinese; an XML path or other locator as it is (g_free). */
char *cbec_words_locator(const char *locator, int zh);
/** Decimal text ("12345.6", "-7") with thousands separators and two decimals: 12,345.60 (g_free). */
char *cbec_words_yuan(const char *decimal);

#endif
