# etc: the sample config is installed as $(sysconfdir)/cbecflow/cbecflow.conf.sample;
# systemd units and the cron line go to $(pkgdatadir) to be copied into place (README).
cbecconfdir = $(sysconfdir)/cbecflow
cbecconf_DATA = etc/cbecflow.conf.sample
etc/cbecflow.conf.sample: $(top_srcdir)/etc/cbecflow.conf
	$(AM_V_GEN)mkdir -p etc && cp $(top_srcdir)/etc/cbecflow.conf $@
CLEANFILES += etc/cbecflow.conf.sample
EXTRA_DIST += etc/cbecflow.conf
dist_pkgdata_DATA += etc/cbecflow.service etc/cbecflow.timer etc/cbecflow.cron
