/* string.h and stdlib.h against glibc: strsep, memmem, strtok_r, qsort (stability included), qsort_r,
   bsearch, strtol family edge cases, random/srandom/rand/rand_r/drand48 sequences. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <inttypes.h>

struct rec { int key; int seq; };

static int by_key(const void *a, const void *b) {
    const struct rec *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

static int by_mod(const void *a, const void *b, void *arg) {
    int m = *(int *)arg, x = *(const int *)a % m, y = *(const int *)b % m;
    return (x > y) - (x < y);
}

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main(void) {
    char text[] = "a,b,,c;d";
    char *p = text, *tok;
    while ((tok = strsep(&p, ",;")) != NULL) printf("strsep [%s]\n", tok);
    printf("strsep NULL %p\n", (void *)strsep(&p, ","));

    const char hay[] = "abcabcabd\0xyz";
    printf("memmem %td %td %d %td\n", (char *)memmem(hay, sizeof hay, "abd", 3) - hay,
           (char *)memmem(hay, sizeof hay, "\0xy", 3) - hay, memmem(hay, sizeof hay, "abe", 3) == NULL,
           (char *)memmem(hay, sizeof hay, "", 0) - hay);

    char t2[] = "  one two  three ";
    char *save;
    for (tok = strtok_r(t2, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) printf("strtok_r [%s]\n", tok);

    /* qsort: 2000 records with many equal keys; glibc's merge sort keeps equal keys in order. */
    static struct rec recs[2000];
    unsigned x = 12345;
    for (int i = 0; i < 2000; i++) {
        x = x * 1103515245 + 12345;
        recs[i].key = (int)(x >> 16) % 17;
        recs[i].seq = i;
    }
    qsort(recs, 2000, sizeof recs[0], by_key);
    unsigned long h = 0;
    for (int i = 0; i < 2000; i++) h = h * 31 + (unsigned long)(recs[i].key * 10000 + recs[i].seq);
    printf("qsort hash %lx first %d/%d last %d/%d\n", h, recs[0].key, recs[0].seq, recs[1999].key, recs[1999].seq);

    int nums[] = { 15, 3, 22, 7, 10, 1, 8, 30, 4 };
    int mod = 5;
    qsort_r(nums, 9, sizeof nums[0], by_mod, &mod);
    for (int i = 0; i < 9; i++) printf("%d ", nums[i]);
    printf("(qsort_r mod 5)\n");
    qsort(nums, 9, sizeof nums[0], cmp_int);
    int key = 22;
    int *found = bsearch(&key, nums, 9, sizeof nums[0], cmp_int);
    printf("bsearch %td\n", found ? found - nums : -1);

    const char *ins[] = { "123", "-0x1F", "0777", "  +42abc", "9223372036854775808", "-9223372036854775809", "zz", "0x", "1e5" };
    for (int i = 0; i < 9; i++) {
        char *end;
        errno = 0;
        long v = strtol(ins[i], &end, 0);
        int e = errno;
        errno = 0;
        unsigned long u = strtoul(ins[i], NULL, 16);
        printf("strtol [%s] %ld end+%td erange %d strtoul16 %lu erange %d\n", ins[i], v, end - ins[i], e == ERANGE, u, errno == ERANGE);
    }
    printf("atoi %d %d atol %ld\n", atoi("  -17x"), atoi("x"), atol("123456789012"));

    srandom(42);
    for (int i = 0; i < 5; i++) printf("%ld ", random());
    printf("(random 42)\n");
    srand(1);
    for (int i = 0; i < 5; i++) printf("%d ", rand());
    printf("(rand 1)\n");
    srandom(0);
    printf("random seed0 %ld\n", random());
    char state[64];
    char *old = initstate(7, state, sizeof state);
    for (int i = 0; i < 5; i++) printf("%ld ", random());
    printf("(initstate 64)\n");
    setstate(old);
    printf("setstate back %ld\n", random());
    unsigned seed = 99;
    for (int i = 0; i < 4; i++) printf("%d ", rand_r(&seed));
    printf("(rand_r)\n");
    srand48(2024);
    double d1 = drand48();
    double d2 = drand48();
    long l1 = lrand48();
    long m1 = mrand48();
    printf("drand48 %.17g %.17g lrand48 %ld mrand48 %ld\n", d1, d2, l1, m1);
    unsigned short xs[3] = { 1, 2, 3 };
    double e1 = erand48(xs);
    long n1 = nrand48(xs);
    long j1 = jrand48(xs);
    printf("erand48 %.17g nrand48 %ld jrand48 %ld\n", e1, n1, j1);
    div_t dv = div(-7, 2);
    lldiv_t ld = lldiv(-7000000000LL, 3);
    printf("div %d %d lldiv %lld %lld\n", dv.quot, dv.rem, ld.quot, ld.rem);
    /* strtod: hard cases and random long inputs, compared bit for bit. */
    const char *hard[] = { "3.14159265358979323846264338327950288", "2.2250738585072011e-308", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "1.7976931348623158e308", "1.7976931348623159e308", "9007199254740993",
        "0.1000000000000000055511151231257827021181583404541015625", "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203126", "1e23", "123456789012345678901234567890e-20", "1e-400", "-0x1.8p-3" };
    for (size_t i = 0; i < sizeof hard / sizeof hard[0]; i++) {
        errno = 0;
        double d = strtod(hard[i], NULL);
        unsigned long long b;
        memcpy(&b, &d, 8);
        printf("strtod %s %016llx erange %d\n", hard[i], b, errno == ERANGE);
    }
    unsigned long long xs2 = 88172645463325252ull, h2 = 0;
    for (int i = 0; i < 5000; i++) {
        xs2 ^= xs2 << 13; xs2 ^= xs2 >> 7; xs2 ^= xs2 << 17;
        char buf[64];
        snprintf(buf, sizeof buf, "%llu.%llue%d", xs2 % 1000000000000ull, (xs2 >> 20) % 100000000000ull, (int)((xs2 >> 40) % 640) - 330);
        double d = strtod(buf, NULL);
        unsigned long long b;
        memcpy(&b, &d, 8);
        h2 = h2 * 1099511628211ull ^ b;
    }
    printf("strtod random hash %llx\n", h2);
    /* strtof at float halfway points, where rounding through double goes wrong. */
    const char *fh[] = { "1.00000005960464477539062500000001", "1.000000059604644775390625", "1.00000005960464477539062499999999",
                         "3.4028235677973366e38", "3.4028235677973367e38", "7.0064923216240854e-46", "16777217.000000000001" };
    for (size_t i = 0; i < sizeof fh / sizeof fh[0]; i++) {
        float f = strtof(fh[i], NULL);
        unsigned fb;
        memcpy(&fb, &f, 4);
        printf("strtof %s %08x\n", fh[i], fb);
    }
    /* strtold (x87): hard cases and random inputs over the whole exponent range; sscanf %Lf. */
    const char *lh[] = { "0.1", "3.14159265358979323846264338327950288", "1.18973149535723176502e4932", "1.18973149535723176508e4932",
                         "3.6451995318824746025e-4951", "1.8225997659412373013e-4951", "1e-5000", "18446744073709551616.5" };
    for (size_t i = 0; i < sizeof lh / sizeof lh[0]; i++) {
        errno = 0;
        long double v = strtold(lh[i], NULL);
        unsigned long long lo;
        unsigned short hi;
        memcpy(&lo, &v, 8);
        memcpy(&hi, (char *)&v + 8, 2);
        printf("strtold %s %04x%016llx erange %d\n", lh[i], hi, lo, errno == ERANGE);
    }
    unsigned long long xs3 = 99991, h3 = 0;
    for (int i = 0; i < 400; i++) {
        xs3 ^= xs3 << 13; xs3 ^= xs3 >> 7; xs3 ^= xs3 << 17;
        char buf[80];
        snprintf(buf, sizeof buf, "%llu%llu.%llue%d", xs3 % 1000000000ull, (xs3 >> 10) % 1000000000ull, (xs3 >> 25) % 100000ull, (int)((xs3 >> 40) % 9800) - 4900);
        long double v = strtold(buf, NULL);
        unsigned long long lo;
        unsigned short hi;
        memcpy(&lo, &v, 8);
        memcpy(&hi, (char *)&v + 8, 2);
        h3 = h3 * 1099511628211ull ^ lo ^ ((unsigned long long)hi << 48);
    }
    printf("strtold random hash %llx\n", h3);
    long double sl;
    sscanf("2.718281828459045235360287", "%Lf", &sl);
    printf("sscanf %%Lf %.25Lf\n", sl);
    time_t t = 1234567890;
    printf("asctime %s", asctime(gmtime(&t)));
    printf("ctime %s", ctime(&t));
    char cb[26];
    printf("ctime_r %s", ctime_r(&t, cb));
    struct timespec ts;
    printf("timespec_get %d\n", timespec_get(&ts, TIME_UTC));
    imaxdiv_t q = imaxdiv(-17, 5);
    printf("imaxdiv %jd %jd imaxabs %jd\n", q.quot, q.rem, imaxabs(-4));
    return 0;
}
