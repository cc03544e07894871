/**
 * @file chart.h
 * @brief The numbers of a chart: axis scales, tick and value labels, units, bar order.
 *
 * Kept apart from the drawing (pdf.c) so that what a reader sees on an axis can be tested
 * without a PDF: counts are integers ("4", never "4.00") on integer ticks, every label is
 * grouped like the tables ("1,314.02"), money is shown in one unit for a chart and its table,
 * and bars are sorted by value unless their categories are ordered (days, months).
 */
#ifndef CBEC_CHART_H
#define CBEC_CHART_H

#include "reports/model/model.h"

/**
 * A nice axis over [vmin, vmax] with about `ticks` intervals: lo and hi are multiples of step
 * and include 0.  When integral (counts), step is a whole number >= 1.
 */
void cbec_chart_scale(double vmin, double vmax, int ticks, int integral, double *lo, double *hi, double *step);

/** A tick label: grouped, with as many decimals as the step needs (none for whole steps). g_free. */
char *cbec_chart_tick(double v, double step);

/**
 * The label of one value: a count as a grouped integer, money in hundredths of its unit
 * (fen / 10^money_digits, grouped, 2 decimals, exact), a ratio in percent (1 decimal), a
 * measure with 1 decimal.  g_free; "—" for a null cell.
 */
char *cbec_chart_value(const cbec_rcell *c, cbec_rtype type, cbec_rkind kind, int money_digits);

/**
 * The digits fen are divided by for a money unit name of [report] pdf_money (yuan 0, wan 4,
 * m 6, yi 8; anything else: wan) and the [words] key naming it (unit_yuan ...).
 */
int cbec_chart_money_digits(const char *unit, const char **word_key);

/**
 * The money unit a chart without a table picks for its largest value (fen): 亿元 from 1 亿,
 * 万元 from 1 万 in Chinese; CNY million from 1 million in English; else yuan.
 */
int cbec_chart_money_auto(int64_t max_fen, int en, const char **word_key);

/** 1 when category labels are ordered in time (YYYY-MM, YYYY-MM-DD, "12月1—6日"): keep their order. */
int cbec_chart_ordered_category(const char *label);

/**
 * Row order for a bar chart: by value descending (ties keep their order, nulls last).
 * values has n entries; order receives the indices 0..n-1.
 */
void cbec_chart_sort_desc(const double *values, const char *nulls, int n, int *order);

#endif
