/* Thread helpers; see thread.h. */
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "core/base/thread.h"

void cbec_thread_name(const char *name)
{
#ifdef __linux__
    prctl(PR_SET_NAME, name, 0, 0, 0);
#else
    (void)name;
#endif
}
