// The functions of this module are `static inline` in include/CPrefetch.h; this file only
// makes the target a C library SwiftPM can build.
#include "CPrefetch.h"
