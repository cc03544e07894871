# plugin camt053: sources and tests (see plugins/ceb/local.mk for the pattern once it lands)
