/* qsort: a stable merge sort through a temporary buffer, as glibc (up to 2.36) does when the memory
   is available, so that elements that compare equal come out in the same order as with glibc. If the
   buffer cannot be had: introsort (median-of-three quicksort, insertion sort for short runs,
   heapsort when the recursion gets too deep), O(n log n) even on adversarial input, not stable. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int (*cmp_fn)(const void *, const void *);
typedef int (*cmp_r_fn)(const void *, const void *, void *);

static void swap(char *a, char *b, size_t size) {
    if (a == b) return;
    while (size >= 8) {
        uint64_t t;
        memcpy(&t, a, 8); memcpy(a, b, 8); memcpy(b, &t, 8);
        a += 8; b += 8; size -= 8;
    }
    while (size--) { char t = *a; *a++ = *b; *b++ = t; }
}

static void insertion(char *base, size_t n, size_t size, cmp_r_fn cmp, void *arg) {
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && cmp(base + (j - 1) * size, base + j * size, arg) > 0; j--)
            swap(base + (j - 1) * size, base + j * size, size);
}

static void sift(char *base, size_t root, size_t n, size_t size, cmp_r_fn cmp, void *arg) {
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n) return;
        if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size, arg) < 0) child++;
        if (cmp(base + root * size, base + child * size, arg) >= 0) return;
        swap(base + root * size, base + child * size, size);
        root = child;
    }
}

static void heapsort(char *base, size_t n, size_t size, cmp_r_fn cmp, void *arg) {
    for (size_t i = n / 2; i-- > 0;) sift(base, i, n, size, cmp, arg);
    for (size_t end = n; end-- > 1;) {
        swap(base, base + end * size, size);
        sift(base, 0, end, size, cmp, arg);
    }
}

static void introsort(char *base, size_t n, size_t size, cmp_r_fn cmp, void *arg, int depth) {
    while (n > 16) {
        if (depth-- == 0) { heapsort(base, n, size, cmp, arg); return; }
        char *lo = base, *mid = base + (n / 2) * size, *hi = base + (n - 1) * size;
        /* Median of three into lo: lo <= mid <= hi, then the median (mid) is the pivot at lo. */
        if (cmp(mid, lo, arg) < 0) swap(mid, lo, size);
        if (cmp(hi, mid, arg) < 0) {
            swap(hi, mid, size);
            if (cmp(mid, lo, arg) < 0) swap(mid, lo, size);
        }
        swap(lo, mid, size);
        /* Hoare partition around the pivot at lo; equal keys split evenly. */
        size_t i = 0, j = n;
        for (;;) {
            do i++; while (i < n && cmp(base + i * size, lo, arg) < 0);
            do j--; while (cmp(base + j * size, lo, arg) > 0);
            if (i >= j) break;
            swap(base + i * size, base + j * size, size);
        }
        swap(lo, base + j * size, size);
        /* Recurse into the smaller side, loop on the larger: O(log n) stack. */
        size_t left = j, right = n - j - 1;
        if (left < right) {
            introsort(base, left, size, cmp, arg, depth);
            base += (j + 1) * size;
            n = right;
        } else {
            introsort(base + (j + 1) * size, right, size, cmp, arg, depth);
            n = left;
        }
    }
    insertion(base, n, size, cmp, arg);
}

/* Merge sort of n elements at base, using tmp (n * size bytes). */
static void merge_sort(char *base, size_t n, size_t size, cmp_r_fn cmp, void *arg, char *tmp) {
    if (n <= 8) { insertion(base, n, size, cmp, arg); return; }
    size_t n1 = n / 2, n2 = n - n1;
    char *b2 = base + n1 * size;
    merge_sort(base, n1, size, cmp, arg, tmp);
    merge_sort(b2, n2, size, cmp, arg, tmp);
    if (cmp(b2 - size, b2, arg) <= 0) return;          /* already in order */
    char *a = base, *b = b2, *out = tmp;
    while (n1 && n2) {
        if (cmp(a, b, arg) <= 0) { memcpy(out, a, size); a += size; n1--; }
        else { memcpy(out, b, size); b += size; n2--; }
        out += size;
    }
    memcpy(out, a, n1 * size);                           /* the rest of the first half */
    memcpy(base, tmp, (size_t)(out - tmp) + n1 * size);  /* the second half's rest is in place */
}

/* qsort_r (POSIX 2024, glibc's argument order): the comparison gets arg as its third argument. */
void qsort_r(void *base, size_t n, size_t size, cmp_r_fn cmp, void *arg) {
    if (n < 2 || size == 0) return;
    if (n <= ((size_t)64 << 20) / size) {
        char stackbuf[1024];
        char *tmp = n * size <= sizeof stackbuf ? stackbuf : malloc(n * size);
        if (tmp) {
            merge_sort(base, n, size, cmp, arg, tmp);
            if (tmp != stackbuf) free(tmp);
            return;
        }
    }
    int depth = 0;
    for (size_t k = n; k; k >>= 1) depth += 2;
    introsort(base, n, size, cmp, arg, depth);
}

static int call_plain(const void *a, const void *b, void *fn) { return ((cmp_fn)fn)(a, b); }

void qsort(void *base, size_t n, size_t size, cmp_fn cmp) { qsort_r(base, n, size, call_plain, (void *)cmp); }

void *bsearch(const void *key, const void *base, size_t n, size_t size, cmp_fn cmp) {
    const char *lo = base;
    while (n) {
        const char *mid = lo + (n / 2) * size;
        int c = cmp(key, mid);
        if (c == 0) return (void *)mid;
        if (c > 0) { lo = mid + size; n -= n / 2 + 1; }
        else n /= 2;
    }
    return NULL;
}
