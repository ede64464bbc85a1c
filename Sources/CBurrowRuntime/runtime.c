#include "burrow_runtime.h"
