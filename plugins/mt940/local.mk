# plugin mt940: sources and tests (see plugins/ceb/local.mk for the pattern once it lands)
