/* qsort: introsort (median-of-three quicksort, insertion sort for short runs, heapsort when the
   recursion gets too deep), so it is O(n log n) even on adversarial input. Not stable, as C allows. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int (*cmp_fn)(const void *, const void *);

static void swap(char *a, char *b, size_t size) {
    if (a == b) return;
    while (size >= 8) {
        uint64_t t;
        memcpy(&t, a, 8); memcpy(a, b, 8); memcpy(b, &t, 8);
        a += 8; b += 8; size -= 8;
    }
    while (size--) { char t = *a; *a++ = *b; *b++ = t; }
}

static void insertion(char *base, size_t n, size_t size, cmp_fn cmp) {
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && cmp(base + (j - 1) * size, base + j * size) > 0; j--)
            swap(base + (j - 1) * size, base + j * size, size);
}

static void sift(char *base, size_t root, size_t n, size_t size, cmp_fn cmp) {
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n) return;
        if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0) child++;
        if (cmp(base + root * size, base + child * size) >= 0) return;
        swap(base + root * size, base + child * size, size);
        root = child;
    }
}

static void heapsort(char *base, size_t n, size_t size, cmp_fn cmp) {
    for (size_t i = n / 2; i-- > 0;) sift(base, i, n, size, cmp);
    for (size_t end = n; end-- > 1;) {
        swap(base, base + end * size, size);
        sift(base, 0, end, size, cmp);
    }
}

static void introsort(char *base, size_t n, size_t size, cmp_fn cmp, int depth) {
    while (n > 16) {
        if (depth-- == 0) { heapsort(base, n, size, cmp); return; }
        char *lo = base, *mid = base + (n / 2) * size, *hi = base + (n - 1) * size;
        /* Median of three into lo: lo <= mid <= hi, then the median (mid) is the pivot at lo. */
        if (cmp(mid, lo) < 0) swap(mid, lo, size);
        if (cmp(hi, mid) < 0) {
            swap(hi, mid, size);
            if (cmp(mid, lo) < 0) swap(mid, lo, size);
        }
        swap(lo, mid, size);
        /* Hoare partition around the pivot at lo; equal keys split evenly. */
        size_t i = 0, j = n;
        for (;;) {
            do i++; while (i < n && cmp(base + i * size, lo) < 0);
            do j--; while (cmp(base + j * size, lo) > 0);
            if (i >= j) break;
            swap(base + i * size, base + j * size, size);
        }
        swap(lo, base + j * size, size);
        /* Recurse into the smaller side, loop on the larger: O(log n) stack. */
        size_t left = j, right = n - j - 1;
        if (left < right) {
            introsort(base, left, size, cmp, depth);
            base += (j + 1) * size;
            n = right;
        } else {
            introsort(base + (j + 1) * size, right, size, cmp, depth);
            n = left;
        }
    }
    insertion(base, n, size, cmp);
}

void qsort(void *base, size_t n, size_t size, cmp_fn cmp) {
    if (n < 2 || size == 0) return;
    int depth = 0;
    for (size_t k = n; k; k >>= 1) depth += 2;
    introsort(base, n, size, cmp, depth);
}

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
