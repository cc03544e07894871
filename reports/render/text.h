/**
 * @file text.h
 * @brief Numbers to display text and sentences generated from the model.
 *
 * Money is formatted from exact fen with integer arithmetic (rounding half
 * away from zero), never through floating point.
 *
 * Sentence placeholders (template [sentence.X] text):
 *   {ID}          current value of scalar ID, with its unit (money picks yuan / 万元 / 亿元)
 *   {ID|FMT}      FMT = yi (亿元, 2 dp), wan (万元, 2 dp), m (million, 2 dp), yuan (2 dp),
 *                 int, pct (1 dp), num (1 dp) -- the number only
 *   {ID.yoy} {ID.mom}   change phrase: "增长 12.3%" / "下降 1.2%" / "持平" (percentage
 *                 points for ratios); [words] nobase when there is no base figure
 *   {ID.prev|FMT} {ID.ly|FMT}  the base figures
 *   {TABLE[N].COL} {TABLE[N].COL|FMT}  row N (1-based) of a model table
 *   {meta:KEY}    a meta value (period, date ...)
 * A sentence whose placeholder has no value (missing scalar or row) is dropped.
 * A sentence may have a fallback pattern, used when one of its changes has no base.
 */
#ifndef CBEC_RTEXT_H
#define CBEC_RTEXT_H

#include <stdint.h>

#include "reports/model/model.h"
#include "reports/model/template.h"

/** Money fen as yuan with grouping and 2 decimals ("1,234,567.89"). g_free. */
char *cbec_text_yuan(int64_t fen);
/** Money fen divided by 10^div_digits (2 decimals, rounded half away from zero), grouped. g_free. */
char *cbec_text_money_scaled(int64_t fen, int div_digits);
/** An integer with grouping ("1,234,567"). g_free. */
char *cbec_text_int(int64_t v);
/** A number with grouping and `decimals` decimals ("1,314.02"; never "-0"). g_free; "-" when not finite. */
char *cbec_text_number(double v, int decimals);
/** Money with the unit the magnitude calls for, in the template's language ("1.23 亿元"). g_free. */
char *cbec_text_money_auto(cbec_template *t, int64_t fen);
/** A cell as display text for tables (money in the unit given by [report] pdf_money). g_free. */
char *cbec_text_cell(cbec_template *t, const cbec_rcell *c, cbec_rtype type);
/** A scalar's current value with unit ("1.23 亿元", "12.3%", "45.6 小时"). g_free. */
char *cbec_text_scalar(cbec_template *t, const cbec_rscalar *s, int period);
/** The change phrase of a scalar on period p (CBEC_P_PREV / CBEC_P_LY), or NULL when unknown. g_free. */
char *cbec_text_change(cbec_template *t, const cbec_rscalar *s, int p);
/**
 * Expand one sentence pattern against the model.
 * @return the sentence (g_free), or NULL when a placeholder has no value
 */
char *cbec_text_sentence(cbec_template *t, const cbec_rmodel *m, const char *pattern);

/**
 * The sentences of a text section: each pattern expanded; when it has a
 * fallback, a change without a base figure selects the fallback instead of the
 * "no comparable figure" word; sentences without values are dropped.
 * @return array of g_malloc'd strings (g_ptr_array_unref)
 */
GPtrArray *cbec_text_sentences(cbec_template *t, const cbec_rmodel *m, const cbec_tsection *s);
/**
 * Dates in prose, the Chinese way (zh) or the English way (en), for providers and sentences:
 *   day   "2026-12-06"               -> 2026年12月6日            | 6 December 2026
 *   days  "2026-12-01".."2026-12-06" -> 2026年12月1日至6日       | 1-6 December 2026
 *         "2026-11-28".."2026-12-06" -> 2026年11月28日至12月6日  | 28 November - 6 December 2026
 *         "2025-12-28".."2026-01-03" -> 2025年12月28日至2026年1月3日
 *   months "2026-01".."2026-11"      -> 2026年1—11月            | January-November 2026
 *         "2025-12".."2026-02"       -> 2025年12月—2026年2月
 * Months accept YYYY-MM or a date (its month).  A range of one day or month is that day or
 * month.  Sentences: {date:KEY} and {dates:FROM_KEY,TO_KEY} (meta keys, days) and
 * {months:FROM_KEY,TO_KEY}.
 * @return the text (g_free), or NULL when a date is not valid
 */
char *cbec_text_date(const char *date, int en);
/** A range of days in prose (see cbec_text_date). g_free; NULL when a date is not valid. */
char *cbec_text_date_range(const char *from, const char *to, int en);
/** A range of months in prose (see cbec_text_date). g_free; NULL when a month is not valid. */
char *cbec_text_month_range(const char *from, const char *to, int en);

/** An indicator's display name: the template's [indicators], else the model's definition name, else the id. */
const char *cbec_text_indicator_name(cbec_template *t, const cbec_rmodel *m, const char *id);

#endif
