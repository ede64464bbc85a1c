#ifndef BURROW_CLIBELF_SHIM_H
#define BURROW_CLIBELF_SHIM_H
#include <libelf.h>
#include <gelf.h>
#endif
