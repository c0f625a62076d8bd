// glibc's malloc tuning (mallopt) and auxiliary vector (getauxval, to learn whether the process
// runs in secure-execution mode), which Swift's Glibc module does not include.
#include <malloc.h>
#include <sys/auxv.h>
