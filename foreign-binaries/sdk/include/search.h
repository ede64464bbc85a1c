/* Search tables (POSIX <search.h>): binary search trees (tsearch and its family, GNU's tdestroy),
   linear search (lsearch, lfind), one hash table (hcreate, hsearch, hdestroy) and doubly linked
   queues (insque, remque). Both targets, the same code (libc/common/search.c). */
#ifndef _SEARCH_H
#define _SEARCH_H

#include <stddef.h>

typedef enum { FIND, ENTER } ACTION;
typedef enum { preorder, postorder, endorder, leaf } VISIT;
typedef struct entry {
    char *key;
    void *data;
} ENTRY;

/* The trees are balanced (AVL): twalk's preorder/postorder/endorder visits follow that shape, which
   differs from glibc's red-black trees; the order of postorder and leaf visits (sorted) does not. */
void *tsearch(const void *key, void **rootp, int (*compar)(const void *, const void *));
void *tfind(const void *key, void *const *rootp, int (*compar)(const void *, const void *));
void *tdelete(const void *restrict key, void **restrict rootp, int (*compar)(const void *, const void *));
void twalk(const void *root, void (*action)(const void *node, VISIT which, int depth));
void tdestroy(void *root, void (*free_key)(void *key));

void *lsearch(const void *key, void *base, size_t *nelp, size_t width, int (*compar)(const void *, const void *));
void *lfind(const void *key, const void *base, size_t *nelp, size_t width, int (*compar)(const void *, const void *));

/* One table per process. hsearch(FIND) of a missing key: NULL and ESRCH; ENTER into a full table:
   NULL and ENOMEM; ENTER of a key already there returns the entry there, unchanged. */
int hcreate(size_t nel);
void hdestroy(void);
ENTRY *hsearch(ENTRY item, ACTION action);

/* Elements begin with two pointers: next, then previous. */
void insque(void *element, void *pred);
void remque(void *element);

#endif
