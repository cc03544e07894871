# tabular platform and postal plugins: each plugins/<name>/local.mk is included from here
