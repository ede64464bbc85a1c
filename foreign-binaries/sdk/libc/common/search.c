/* <search.h>: AVL trees behind the tsearch family, linear search, the one hash table of hsearch
   (open addressing, linear probing), and insque/remque. Both targets. */
#include "../internal.h"
#include <errno.h>
#include <search.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* tsearch's result points at a node whose first member is the key pointer, as POSIX has callers
   read it (*(void **)node). */
struct tnode {
    const void *key;
    struct tnode *child[2];
    int height;
};

typedef int (*tcompare)(const void *, const void *);

static int height(const struct tnode *n) { return n ? n->height : 0; }

static void fix_height(struct tnode *n) {
    int l = height(n->child[0]), r = height(n->child[1]);
    n->height = 1 + (l > r ? l : r);
}

/* Rotates n's `dir` child up into n's place; returns the new subtree root. */
static struct tnode *rotate(struct tnode *n, int dir) {
    struct tnode *c = n->child[dir];
    n->child[dir] = c->child[!dir];
    c->child[!dir] = n;
    fix_height(n);
    fix_height(c);
    return c;
}

static struct tnode *rebalance(struct tnode *n) {
    fix_height(n);
    int balance = height(n->child[1]) - height(n->child[0]);
    if (balance > 1 || balance < -1) {
        int dir = balance > 1;
        struct tnode *c = n->child[dir];
        if (height(c->child[!dir]) > height(c->child[dir])) n->child[dir] = rotate(c, !dir);
        return rotate(n, dir);
    }
    return n;
}

/* The path from the root to where `key` is or would go: slots[i] is the link that holds the i-th
   node of the path. AVL height stays below 1.45 log2(n + 2), so 96 levels hold any tree in memory. */
#define TMAX 96

void *tsearch(const void *key, void **rootp, tcompare compar) {
    if (!rootp) return NULL;
    struct tnode **slots[TMAX];
    int depth = 0;
    struct tnode **slot = (struct tnode **)rootp;
    while (*slot) {
        int c = compar(key, (*slot)->key);
        if (c == 0) return *slot;
        slots[depth++] = slot;
        slot = &(*slot)->child[c > 0];
    }
    struct tnode *n = malloc(sizeof *n);
    if (!n) return NULL;
    *n = (struct tnode){ key, { NULL, NULL }, 1 };
    *slot = n;
    while (depth > 0) {
        struct tnode **s = slots[--depth];
        *s = rebalance(*s);
    }
    return n;
}

void *tfind(const void *key, void *const *rootp, tcompare compar) {
    if (!rootp) return NULL;
    struct tnode *n = *rootp;
    while (n) {
        int c = compar(key, n->key);
        if (c == 0) return n;
        n = n->child[c > 0];
    }
    return NULL;
}

/* Returns the deleted node's parent, or (the root deleted) an unspecified non-NULL pointer: the
   new root's slot, rootp. NULL when the key is not there. */
void *tdelete(const void *restrict key, void **restrict rootp, tcompare compar) {
    if (!rootp || !*rootp) return NULL;
    struct tnode **slots[TMAX];
    int depth = 0;
    struct tnode **slot = (struct tnode **)rootp;
    for (;;) {
        if (!*slot) return NULL;
        int c = compar(key, (*slot)->key);
        if (c == 0) break;
        slots[depth++] = slot;
        slot = &(*slot)->child[c > 0];
    }
    void *parent = depth > 0 ? (void *)*slots[depth - 1] : (void *)rootp;
    struct tnode *dead = *slot;
    if (!dead->child[0] || !dead->child[1]) {
        *slot = dead->child[0] ? dead->child[0] : dead->child[1];
    } else {
        /* Two children: the in-order successor takes the dead node's place in the tree. */
        int at = depth;
        slots[depth++] = slot;
        struct tnode **s = &dead->child[1];
        while ((*s)->child[0]) {
            slots[depth++] = s;
            s = &(*s)->child[0];
        }
        struct tnode *succ = *s;
        *s = succ->child[1];
        succ->child[0] = dead->child[0];
        succ->child[1] = dead->child[1];
        *slot = succ;
        /* The links below `at` that pointed into the dead node now belong to the successor. */
        if (at + 1 < depth) slots[at + 1] = &succ->child[1];
    }
    free(dead);
    while (depth > 0) {
        struct tnode **s = slots[--depth];
        if (*s) *s = rebalance(*s);
    }
    return parent;
}

static void walk(const struct tnode *n, void (*action)(const void *, VISIT, int), int depth) {
    if (!n->child[0] && !n->child[1]) {
        action(n, leaf, depth);
        return;
    }
    action(n, preorder, depth);
    if (n->child[0]) walk(n->child[0], action, depth + 1);
    action(n, postorder, depth);
    if (n->child[1]) walk(n->child[1], action, depth + 1);
    action(n, endorder, depth);
}

void twalk(const void *root, void (*action)(const void *, VISIT, int)) {
    if (root && action) walk(root, action, 0);
}

void tdestroy(void *root, void (*free_key)(void *)) {
    struct tnode *n = root;
    if (!n) return;
    tdestroy(n->child[0], free_key);
    tdestroy(n->child[1], free_key);
    if (free_key) free_key((void *)n->key);
    free(n);
}

void *lfind(const void *key, const void *base, size_t *nelp, size_t width, tcompare compar) {
    const char *p = base;
    for (size_t i = 0; i < *nelp; i++, p += width)
        if (compar(key, p) == 0) return (void *)p;
    return NULL;
}

void *lsearch(const void *key, void *base, size_t *nelp, size_t width, tcompare compar) {
    void *found = lfind(key, base, nelp, width, compar);
    if (found) return found;
    char *end = (char *)base + *nelp * width;
    memcpy(end, key, width);
    ++*nelp;
    return end;
}

/* hsearch: a power of two of slots, at least 3/2 of what the table may hold, so probing stays short. */
static ENTRY *htab;
static size_t hsize, hused, hlimit;

int hcreate(size_t nel) {
    if (htab) return 0;
    if (nel > SIZE_MAX / 4) { errno = ENOMEM; return 0; }
    size_t want = (nel < 3 ? 3 : nel) * 3 / 2 + 2, size = 8;
    while (size < want) {
        if (size > SIZE_MAX / 2 / sizeof(ENTRY)) { errno = ENOMEM; return 0; }
        size <<= 1;
    }
    htab = calloc(size, sizeof(ENTRY));
    if (!htab) return 0;
    hsize = size;
    hused = 0;
    /* Full, as glibc's, at the first odd prime >= nel (at least 3). */
    size_t limit = nel < 3 ? 3 : nel | 1;
    for (;; limit += 2) {
        size_t d = 3;
        while (d * d <= limit && limit % d != 0) d += 2;
        if (d * d > limit) break;
    }
    hlimit = limit;
    return 1;
}

void hdestroy(void) {
    free(htab);
    htab = NULL;
    hsize = hused = 0;
}

static size_t hhash(const char *s) {
    size_t h = 2166136261u;   /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

ENTRY *hsearch(ENTRY item, ACTION action) {
    if (!htab) { errno = ESRCH; return NULL; }
    size_t mask = hsize - 1;
    for (size_t i = hhash(item.key) & mask;; i = (i + 1) & mask) {
        if (!htab[i].key) {
            if (action == FIND) { errno = ESRCH; return NULL; }
            if (hused >= hlimit) { errno = ENOMEM; return NULL; }
            htab[i] = item;
            hused++;
            return &htab[i];
        }
        if (strcmp(htab[i].key, item.key) == 0) return &htab[i];
    }
}

struct qelem {
    struct qelem *next, *prev;
};

void insque(void *element, void *pred) {
    struct qelem *e = element, *p = pred;
    if (!p) {
        e->next = e->prev = NULL;   /* the first element of a linear list */
        return;
    }
    e->next = p->next;
    e->prev = p;
    p->next = e;
    if (e->next) e->next->prev = e;
}

void remque(void *element) {
    struct qelem *e = element;
    if (e->next) e->next->prev = e->prev;
    if (e->prev) e->prev->next = e->next;
}
