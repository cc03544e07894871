/**
 * @file version.h
 * @brief ABI version numbers of the cbecflow plugin SDK.
 *
 * The major number changes only on an incompatible change: the loader refuses
 * plugins built for another major.  The minor number grows when members are
 * appended to a struct or to the host table: older plugins keep loading.
 */
#ifndef CBECFLOW_VERSION_H
#define CBECFLOW_VERSION_H

/** Incompatible ABI generation; the loader refuses every other major. */
#define CBEC_PLUGIN_ABI_MAJOR 1
/** Members appended within this major; plugins built for a lower minor load. */
#define CBEC_PLUGIN_ABI_MINOR 1

/** Folder suffix for installed plugins: `$(pkglibdir)/plugins-1`. */
#define CBEC_PLUGIN_ABI_STRING "1"

#endif /* CBECFLOW_VERSION_H */
