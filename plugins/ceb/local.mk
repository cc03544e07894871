# plugin ceb: sources and tests (see plugins/ceb/local.mk for the pattern once it lands)
