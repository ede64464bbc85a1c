/* malloc on the map (mmap) system call.
 *
 * Small requests (up to 128 KiB) are served from segregated size classes: 16-byte steps up to 256,
 * then powers of two. Each class has a LIFO free list, so malloc and free are O(1); fresh blocks are
 * carved from 1 MiB regions obtained with mmap. Memory of small classes is reused but never given back
 * to the system. Larger requests get their own mapping and are unmapped by free.
 *
 * Every block is preceded by a 16-byte header (keeping the 16-byte alignment C requires) recording
 * its class and a tag that catches double frees and wild pointers early, with a clear message. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define HDR 16
#define NSMALL 16                 /* classes 16, 32, ..., 256 */
#define NCLASS (NSMALL + 9)       /* then 512, 1K, ..., 128K */
#define LARGE_CLASS 0xffff
#define REGION (1u << 20)
#define TAG_USED 0x6b6f6f6cu
#define TAG_FREE 0x65657266u
#define TAG_ALIGNED 0x6e67696cu   /* aligned_alloc: header.size is the distance back to the block */

struct header {
    uint32_t cls;
    uint32_t tag;
    size_t size;                  /* usable bytes (class size, or the large mapping minus HDR) */
};
_Static_assert(sizeof(struct header) == HDR, "header size");

struct free_block { struct free_block *next; };

static struct free_block *free_list[NCLASS];
static char *bump, *bump_end;

static size_t class_size(unsigned c) {
    return c < NSMALL ? (c + 1) * 16 : (size_t)512 << (c - NSMALL);
}

static unsigned class_of(size_t n) {
    if (n <= 256) return n == 0 ? 0 : (unsigned)((n - 1) / 16);
    unsigned c = NSMALL;
    size_t s = 512;
    while (s < n) { s <<= 1; c++; }
    return c;
}

static _Noreturn void heap_panic(const char *what) {
    static const char prefix[] = "malloc: ";
    write(2, prefix, sizeof prefix - 1);
    write(2, what, strlen(what));
    write(2, "\n", 1);
    abort();
}

static void *map_pages(size_t n) {
    void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void *malloc(size_t n) {
    if (n > ((size_t)1 << 48)) { errno = ENOMEM; return NULL; }
    if (n > class_size(NCLASS - 1)) {
        size_t total = (n + HDR + 4095) & ~(size_t)4095;
        struct header *h = map_pages(total);
        if (!h) { errno = ENOMEM; return NULL; }
        h->cls = LARGE_CLASS;
        h->tag = TAG_USED;
        h->size = total - HDR;
        return (char *)h + HDR;
    }
    unsigned c = class_of(n);
    struct header *h;
    if (free_list[c]) {
        h = (struct header *)((char *)free_list[c] - HDR);
        free_list[c] = free_list[c]->next;
    } else {
        size_t need = HDR + class_size(c);
        if ((size_t)(bump_end - bump) < need) {
            /* The tail of the old region is abandoned (at most one block's worth). */
            char *r = map_pages(REGION);
            if (!r) { errno = ENOMEM; return NULL; }
            bump = r;
            bump_end = r + REGION;
        }
        h = (struct header *)bump;
        bump += need;
        h->cls = c;
        h->size = class_size(c);
    }
    h->tag = TAG_USED;
    return (char *)h + HDR;
}

static struct header *header_of(void *p, const char *op) {
    struct header *h = (struct header *)((char *)p - HDR);
    if (h->tag == TAG_FREE) heap_panic(op[0] == 'f' ? "double free" : "realloc of a freed block");
    if (h->tag != TAG_USED || (h->cls >= NCLASS && h->cls != LARGE_CLASS))
        heap_panic("pointer not from malloc (or heap corrupted)");
    return h;
}

/* A pointer from aligned_alloc/posix_memalign: the block malloc returned starts `size` bytes before
   it; a pseudo-header right before the aligned pointer says so. */
static void *unalign(void *p, size_t *lost) {
    struct header *h = (struct header *)((char *)p - HDR);
    *lost = 0;
    if (h->tag != TAG_ALIGNED) return p;
    *lost = h->size;
    return (char *)p - h->size;
}

void free(void *p) {
    if (!p) return;
    size_t lost;
    p = unalign(p, &lost);
    struct header *h = header_of(p, "free");
    if (h->cls == LARGE_CLASS) {
        h->tag = TAG_FREE;
        munmap(h, h->size + HDR);
        return;
    }
    h->tag = TAG_FREE;
    struct free_block *b = p;
    b->next = free_list[h->cls];
    free_list[h->cls] = b;
}

void *calloc(size_t n, size_t size) {
    size_t total;
    if (__builtin_mul_overflow(n, size, &total)) { errno = ENOMEM; return NULL; }
    void *p = malloc(total);
    if (p) memset(p, 0, total);
    return p;
}

void *realloc(void *p, size_t n) {
    if (!p) return malloc(n);
    if (n == 0) { free(p); return NULL; }
    size_t lost;
    void *base = unalign(p, &lost);
    if (lost) {
        struct header *h = header_of(base, "realloc");
        void *q = malloc(n);
        if (!q) return NULL;
        memcpy(q, p, h->size - lost < n ? h->size - lost : n);
        free(base);
        return q;
    }
    struct header *h = header_of(p, "realloc");
    /* Keep the block if it fits and is not grossly oversized (so shrinking can release memory). */
    if (n <= h->size && (h->cls != LARGE_CLASS || n > h->size / 2)) return p;
    void *q = malloc(n);
    if (!q) return NULL;
    memcpy(q, p, h->size < n ? h->size : n);
    free(p);
    return q;
}

void *reallocarray(void *p, size_t n, size_t size) {
    size_t total;
    if (__builtin_mul_overflow(n, size, &total)) { errno = ENOMEM; return NULL; }
    return realloc(p, total);
}

/* Alignments up to 16 are what malloc gives anyway; larger ones over-allocate and hand out an
   aligned pointer inside the block (free and realloc find the block again). */
int posix_memalign(void **out, size_t align, size_t size) {
    if (align < sizeof(void *) || (align & (align - 1))) return EINVAL;
    if (align <= HDR) {
        void *p = malloc(size);
        if (!p) return ENOMEM;
        *out = p;
        return 0;
    }
    size_t total;
    if (__builtin_add_overflow(size, align + HDR, &total)) return ENOMEM;
    char *p = malloc(total);
    if (!p) return ENOMEM;
    char *a = (char *)(((uintptr_t)p + HDR + align - 1) & ~(uintptr_t)(align - 1));
    struct header *h = (struct header *)(a - HDR);
    h->cls = 0;
    h->tag = TAG_ALIGNED;
    h->size = (size_t)(a - p);
    *out = a;
    return 0;
}

void *aligned_alloc(size_t align, size_t size) {
    void *p;
    if (align == 0 || (align & (align - 1))) { errno = EINVAL; return NULL; }
    int e = posix_memalign(&p, align < sizeof(void *) ? sizeof(void *) : align, size);
    if (e) { errno = e; return NULL; }
    return p;
}
