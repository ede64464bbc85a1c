/* glibc's feature-selection header, which some programs include by name: the SDK has nothing to
   select beyond what <sys/cdefs.h> gives (the feature macros matter only where the headers say). */
#ifndef _FEATURES_H
#define _FEATURES_H
#include <sys/cdefs.h>
#endif
