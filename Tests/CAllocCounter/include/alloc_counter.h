// Counts heap allocations made by the calling thread between begin and end (tests only).
#ifndef BURROW_ALLOC_COUNTER_H
#define BURROW_ALLOC_COUNTER_H

/// Starts counting this thread's allocations (malloc, calloc, realloc, aligned allocations) from 0.
void burrow_alloc_count_begin(void);
/// Stops counting and returns how many allocations this thread made since begin.
long burrow_alloc_count_end(void);

#endif
