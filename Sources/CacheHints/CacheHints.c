// The target's only function is inline, in include/CacheHints.h; SwiftPM needs a source file.
#include "CacheHints.h"
