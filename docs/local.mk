# The design contract (docs/*.md): in the release tarball and installed in $(docdir).
dist_doc_DATA += docs/README.md docs/architecture.md docs/dataset.md docs/exit-codes.md docs/exports.md \
	docs/plugin-abi.md
