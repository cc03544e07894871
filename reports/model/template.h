/**
 * @file template.h
 * @brief Declarative report templates (GKeyFile INI, zh / en labels).
 *
 * A report is templates/KIND.tpl read together with templates/common.tpl
 * (shared column labels, indicator names and words); the kind's file wins.
 * Templates are read at run time from the templates folder, so reordering
 * sections, renaming a label or dropping a chart needs no rebuild.  See
 * reports/README.md for the format.
 */
#ifndef CBEC_TEMPLATE_H
#define CBEC_TEMPLATE_H

#include <glib.h>

/** Section types. */
typedef enum cbec_sectype {
    CBEC_SEC_FIGURES = 0,   /**< headline figures (indicators with MoM / YoY) */
    CBEC_SEC_TEXT,          /**< sentences generated from the numbers */
    CBEC_SEC_TABLE,         /**< an aggregated table, optionally with a chart */
    CBEC_SEC_DETAIL,        /**< a detail query streamed into the XLSX */
    CBEC_SEC_DEFINITIONS    /**< the indicator definitions (XLSX sheet, PDF notes) */
} cbec_sectype;

/** One section of a template, labels already resolved for the language. */
typedef struct cbec_tsection {
    char *id;
    cbec_sectype type;
    char *title;            /**< heading */
    char *sheet;            /**< XLSX sheet name (defaults to the title) */
    char *note;             /**< optional text under the heading */
    int in_xlsx, in_pdf;    /**< where the section appears */
    char **indicators;      /**< FIGURES: scalar ids */
    int pdf_count;          /**< FIGURES: how many of them the PDF shows as boxes (0 = all) */
    char **sentences;       /**< TEXT: sentence patterns (placeholders, see text.h) */
    char **fallbacks;       /**< TEXT: per sentence, the pattern used when a change has no base ("" = none) */
    char *table;            /**< TABLE: table id in the model */
    char **columns;         /**< TABLE: column ids to show, in order */
    int top;                /**< TABLE: rows shown in the PDF (0 = all) */
    char *chart;            /**< none | line | column | bar | pie */
    char *chart_category;   /**< column id of the categories */
    char **chart_series;    /**< column ids of the series */
    char *chart_title;      /**< chart title (defaults to the section title) */
    int pdf_table;          /**< TABLE: draw the table in the PDF */
    int pdf_chart;          /**< TABLE: draw the chart in the PDF */
    char *detail;           /**< DETAIL: detail id in the model */
    int page_break;         /**< PDF: start the section on a new page */
    char *chart_unit;       /**< the unit word of the chart's counts or measures ("家"), NULL = the model's */
    int chart_sort;         /**< bars by value, descending (chart_sort = value | none; default: value for
                                 bar charts whose categories are not days or months) */
} cbec_tsection;

/** A loaded template. */
typedef struct cbec_template {
    char *kind;
    char *lang;
    char *dir;              /**< the folder it came from */
    char *provider;         /**< data provider name (defaults to kind) */
    char *title, *subtitle, *issuer, *file_stem;
    long detail_rows;       /**< data rows per XLSX detail sheet ([report] detail_rows, at most Excel's limit) */
    GPtrArray *sections;    /**< of cbec_tsection* in report order */
    GKeyFile *kf;           /**< KIND.tpl */
    GKeyFile *common;       /**< common.tpl (may be empty) */
    GHashTable *cache;      /**< resolved labels, owned strings */
} cbec_template;

/**
 * Load templates/KIND.tpl (and common.tpl) from dir for lang (zh | en).
 * @param why receives a g_malloc'd reason on failure
 * @return the template or NULL
 */
cbec_template *cbec_template_load(const char *dir, const char *kind, const char *lang, char **why);
/** Free a template. */
void cbec_template_free(cbec_template *t);
/**
 * A label for lang: group/key in KIND.tpl, then in common.tpl; def when absent.
 * The string is owned by the template.
 */
const char *cbec_template_label(cbec_template *t, const char *group, const char *key, const char *def);
/** The label of a column of a section: "col.ID" in the section, then [columns] ID, then the id. */
const char *cbec_template_column(cbec_template *t, const cbec_tsection *s, const char *col_id);
/** A word of [words] (up, down, page, generated ...), def when absent. */
const char *cbec_template_word(cbec_template *t, const char *key, const char *def);
/** An indicator's display name: [indicators] ID, else def. */
const char *cbec_template_indicator(cbec_template *t, const char *id, const char *def);

/**
 * The templates folder: config [report] templates, else $CBECFLOW_TEMPLATES,
 * else $CBECFLOW_SRCDIR/templates, else the installed $(pkgdatadir)/templates.
 * Returns a g_malloc'd path.
 */
char *cbec_template_dir(const char *configured);

#endif
