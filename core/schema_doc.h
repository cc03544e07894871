/**
 * @file schema_doc.h
 * @brief The dataset's reference: tables, views and columns with their meaning, read from
 * the comments of the schema source (core/schema.sql, compiled in) -- one text for
 * `cbecflow schema` and the installed document, so they cannot drift from the schema.
 *
 * The comment convention of core/schema.sql:
 * - the `--` lines directly above `CREATE TABLE` / `CREATE VIEW` (no blank line between)
 *   describe the table or view;
 * - a trailing `-- text` on a column line describes the column(s) declared on that line;
 *   a comment-only line inside the table continues the previous column's text;
 * - in a view, a trailing comment on a line with `AS name` describes the column `name`;
 * - `-- column NAME: text` at the top level describes every column NAME that has no
 *   comment of its own (the lineage columns every business table shares);
 * - table constraints (UNIQUE, PRIMARY KEY) and `CREATE INDEX` lines are listed as keys
 *   and indexes of their table.
 */
#ifndef CBEC_SCHEMA_DOC_H
#define CBEC_SCHEMA_DOC_H

#include <stdio.h>

typedef struct cbec_schema_doc cbec_schema_doc;

/** Parse the schema source text (cbec_schema_sql when sql is NULL). */
cbec_schema_doc *cbec_schema_doc_parse(const char *sql);
void cbec_schema_doc_free(cbec_schema_doc *d);
/** Names of the tables and views in schema order, comma-separated (g_free). */
char *cbec_schema_doc_names(const cbec_schema_doc *d);
/**
 * Print one table or view (name), or all of them (name NULL), to out.
 * @return 0, or -1 when there is no table or view of that name
 */
int cbec_schema_doc_print(const cbec_schema_doc *d, const char *name, FILE *out);

#endif
