# plugins/bankkit: what the bank plugins camt053, mt940 and bankcsv share (exact amounts,
# the balance check, statement identity, record emission); compiled into each of them.
BANKKIT_SOURCES = plugins/bankkit/bankstmt.c plugins/bankkit/bankstmt.h
EXTRA_DIST += plugins/bankkit/README.md
