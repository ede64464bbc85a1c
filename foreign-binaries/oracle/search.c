/* <search.h> and <uchar.h> against glibc: tsearch/tfind/tdelete/twalk/tdestroy on 2,000 random keys
   with deletions (the sorted order twalk gives, the finds, the deletes' results as found/not
   found), lsearch/lfind, hcreate/hsearch/hdestroy (finds, duplicates, a full table's ENOMEM, a
   missing key's ESRCH), insque/remque; mbrtoc16/c16rtomb/mbrtoc32/c32rtomb in C.UTF-8 (surrogate
   pairs, (size_t)-3, partial input, a lone low surrogate). */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <search.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uchar.h>

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static unsigned long walked, walk_sum, walk_prev_ok = 1;
static int walk_prev = -1;
static void visit(const void *node, VISIT which, int depth) {
    (void)depth;
    if (which != postorder && which != leaf) return;
    int v = **(int *const *)node;
    if (v <= walk_prev) walk_prev_ok = 0;
    walk_prev = v;
    walked++;
    walk_sum += (unsigned long)v;
}

static unsigned long freed;
static void free_key(void *p) { freed++; free(p); }

static uint64_t rng = 88172645463325252ull;
static unsigned next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return (unsigned)(rng >> 11); }

struct q { struct q *next, *prev; int v; };

int main(void) {
    /* trees */
    void *root = NULL;
    int inserted = 0, dups = 0;
    for (int i = 0; i < 2000; i++) {
        int *k = malloc(sizeof *k);
        *k = (int)(next() % 3000);
        void *r = tsearch(k, &root, cmp_int);
        if (*(int **)r != k) { dups++; free(k); } else inserted++;
    }
    printf("tsearch: %d inserted, %d already there\n", inserted, dups);
    int found = 0;
    for (int v = 0; v < 3000; v++) if (tfind(&v, &root, cmp_int)) found++;
    printf("tfind: %d of 0..2999 found\n", found);
    int deleted = 0, missing = 0;
    for (int v = 0; v < 3000; v += 3) {
        void *f = tfind(&v, &root, cmp_int);
        int *key = f ? *(int **)f : NULL;
        void *r = tdelete(&v, &root, cmp_int);
        if ((r != NULL) != (f != NULL)) printf("tdelete(%d): %s but tfind said %s\n", v, r ? "deleted" : "NULL", f ? "there" : "absent");
        if (r) { deleted++; free(key); } else missing++;
    }
    printf("tdelete: %d deleted, %d not there\n", deleted, missing);
    found = 0;
    for (int v = 0; v < 3000; v++) if (tfind(&v, &root, cmp_int)) { found++; if (v % 3 == 0) printf("%d still there\n", v); }
    twalk(root, visit);
    printf("twalk: %lu nodes in order: %s, sum %lu; tfind finds %d\n", walked, walk_prev_ok ? "yes" : "no", walk_sum, found);
    tdestroy(root, free_key);
    printf("tdestroy freed %lu keys\n", freed);
    root = NULL;
    int one = 1;
    /* (One call a statement: the order in which a call's arguments are evaluated is unspecified.) */
    void *f1 = tfind(&one, &root, cmp_int), *d1 = tdelete(&one, &root, cmp_int);
    printf("empty tree: tfind %s, tdelete %s\n", f1 ? "found" : "NULL", d1 ? "deleted" : "NULL");
    tsearch(&one, &root, cmp_int);
    void *d2 = tdelete(&one, &root, cmp_int);
    printf("root deleted: %s, tree now %s\n", d2 ? "non-NULL" : "NULL", root ? "not empty" : "empty");

    /* linear */
    int arr[10] = {5, 3, 9};
    size_t n = 3;
    int key = 9, *p = lfind(&key, arr, &n, sizeof(int), cmp_int);
    printf("lfind 9: index %td\n", p ? p - arr : -1);
    key = 4;
    printf("lfind 4: %s\n", lfind(&key, arr, &n, sizeof(int), cmp_int) ? "found" : "NULL");
    p = lsearch(&key, arr, &n, sizeof(int), cmp_int);
    printf("lsearch 4: index %td, n %zu, arr[3] %d\n", p - arr, n, arr[3]);
    p = lsearch(&key, arr, &n, sizeof(int), cmp_int);
    printf("lsearch 4 again: index %td, n %zu\n", p - arr, n);

    /* hash table */
    int h1 = hcreate(10), h2 = hcreate(10);
    printf("hcreate(10): %d, again: %d\n", h1, h2);
    char names[20][8];
    int entered = 0;
    for (int i = 0; i < 20; i++) {
        snprintf(names[i], sizeof names[i], "k%d", i);
        errno = 0;
        ENTRY e = { names[i], (void *)(intptr_t)(i * 10) };
        ENTRY *r = hsearch(e, ENTER);
        if (!r) { printf("ENTER k%d: NULL, %s\n", i, strerror(errno)); break; }
        entered++;
    }
    printf("entered %d\n", entered);
    ENTRY q = { "k3", NULL }, *r = hsearch(q, FIND);
    printf("FIND k3: %s data %ld\n", r ? r->key : "NULL", r ? (long)(intptr_t)r->data : -1L);
    ENTRY dup = { "k3", (void *)(intptr_t)999 };
    r = hsearch(dup, ENTER);
    printf("ENTER k3 again: data %ld\n", r ? (long)(intptr_t)r->data : -1L);
    errno = 0;
    ENTRY absent = { "nope", NULL };
    r = hsearch(absent, FIND);
    printf("FIND nope: %s, %s\n", r ? "found" : "NULL", strerror(errno));
    hdestroy();
    printf("hcreate after hdestroy: %d\n", hcreate(100));
    hdestroy();

    /* queues */
    struct q a = { .v = 1 }, b = { .v = 2 }, c = { .v = 3 };
    insque(&a, NULL);
    insque(&c, &a);
    insque(&b, &a);
    printf("queue:");
    for (struct q *e = &a; e; e = e->next) printf(" %d", e->v);
    remque(&b);
    printf("; without 2:");
    for (struct q *e = &a; e; e = e->next) printf(" %d", e->v);
    printf("; back from 3: %d\n", c.prev->v);

    /* uchar */
    if (!setlocale(LC_ALL, "C.UTF-8")) { printf("no C.UTF-8\n"); return 1; }
    const char *text = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";
    mbstate_t st;
    memset(&st, 0, sizeof st);
    const char *s = text;
    size_t left = strlen(text) + 1;
    printf("mbrtoc16:");
    for (;;) {
        char16_t u;
        size_t k = mbrtoc16(&u, s, left, &st);
        if (k == (size_t)-3) { printf(" %04x(-3)", u); continue; }
        if (k == (size_t)-1 || k == (size_t)-2) { printf(" error %zd", (ssize_t)k); break; }
        printf(" %04x(%zu)", u, k);
        if (k == 0) break;
        s += k;
        left -= k;
    }
    printf("\n");
    char32_t c32;
    memset(&st, 0, sizeof st);
    size_t m1 = mbrtoc32(&c32, "\xf0\x9f", 2, &st), m2 = mbrtoc32(&c32, "\x98\x80", 2, &st);
    printf("mbrtoc32 of 2 then 2 bytes of an emoji: %zd, %zd -> U+%04X\n", (ssize_t)m1, (ssize_t)m2, (unsigned)c32);
    char out[16];
    memset(&st, 0, sizeof st);
    size_t k1 = c16rtomb(out, 0xd83d, &st), k2 = c16rtomb(out, 0xde00, &st);
    printf("c16rtomb pair: %zu then %zu bytes: %02x %02x %02x %02x\n", k1, k2, (unsigned char)out[0], (unsigned char)out[1],
           (unsigned char)out[2], (unsigned char)out[3]);
    memset(&st, 0, sizeof st);
    errno = 0;
    size_t bad = c16rtomb(out, 0xdc00, &st);
    printf("c16rtomb lone low half: %zd %s\n", (ssize_t)bad, strerror(errno));
    size_t k3 = c32rtomb(out, 0x20ac, &st);
    printf("c32rtomb U+20AC: %zu bytes %02x %02x %02x\n", k3, (unsigned char)out[0], (unsigned char)out[1], (unsigned char)out[2]);
    errno = 0;
    size_t k4 = c32rtomb(out, 0xd800, &st);
    printf("c32rtomb U+D800: %zd %s\n", (ssize_t)k4, strerror(errno));
    return 0;
}
