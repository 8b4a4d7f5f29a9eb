// zlib (the system's libz), for the optional compressed provenance of a .rdq file.
#include <zlib.h>
