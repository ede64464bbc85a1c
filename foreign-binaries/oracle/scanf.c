/* The scanf family against glibc: conversions, widths, suppression, length modifiers, literal
   matching, failures, %n, %[ sets, numbers in every base and floating-point forms. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void ints(const char *in, const char *fmt) {
    long long a = -7, b = -7, c = -7;
    int r = sscanf(in, fmt, &a, &b, &c);
    printf("[%s] [%s] -> %d: %lld %lld %lld\n", in, fmt, r, a, b, c);
}

static void dbl(const char *in, const char *fmt) {
    double a = -7, b = -7;
    int n = -1;
    int r = sscanf(in, fmt, &a, &b, &n);
    printf("[%s] [%s] -> %d: %.17g %.17g n=%d\n", in, fmt, r, a, b, n);
}

int main(void) {
    ints("12 34 56", "%lld %lld %lld");
    ints("  -12\t+34\n0x1f", "%lld%lld%lli");
    ints("0x1f 017 10", "%lli %lli %lli");
    ints("ff FF 0x10", "%llx %llX %llx");
    ints("777 8", "%llo %llo");
    ints("12345", "%2lld%2lld%lld");
    ints("1,2,3", "%lld,%lld,%lld");
    ints("1, 2 ,3", "%lld , %lld ,%lld");
    ints("abc", "%lld");
    ints("", "%lld");
    ints("   ", "%lld");
    ints("5 x", "%lld %lld");
    ints("-", "%lld");
    ints("+-3", "%lld");
    ints("0x", "%llx");
    ints("0xg", "%lli");
    ints("99999999999999999999", "%lld");
    ints("-99999999999999999999", "%lld");
    ints("12 34", "%*lld %lld");
    ints("4294967296", "%lld");
    ints("100%", "%lld%%");
    ints("100 %", "%lld %%");
    ints("100x", "%lld%%");
    ints("7", "%lld%lld");
    {
        unsigned char hh; short h; int i; long l; size_t z; intmax_t j; ptrdiff_t t;
        int r = sscanf("300 70000 -5 123456789012 42 -9 77", "%hhu %hd %d %ld %zu %jd %td", &hh, &h, &i, &l, &z, &j, &t);
        printf("modifiers %d: %u %d %d %ld %zu %jd %td\n", r, hh, h, i, l, z, j, t);
        unsigned u;
        r = sscanf("-1", "%u", &u);
        printf("%%u of -1: %d %u\n", r, u);
    }
    dbl("3.25 -1e3", "%lf %lf%n");
    dbl("1e", "%lf%lf%n");
    dbl("1e+x", "%lf%n");
    dbl(".5 5.", "%lf %lf%n");
    dbl("-.e1", "%lf%n");
    dbl("inf -Infinity", "%lf %lf%n");
    dbl("nan NAN(123)", "%lf %lf%n");
    dbl("infinit", "%lf%n");
    dbl("0x1.8p3 0X.8", "%lf %lf%n");
    dbl("1.5e300 2.5e-300", "%lf %lf%n");
    dbl("123.456789", "%4lf%lf%n");
    dbl("0.1 0.2", "%lf %lf%n");
    dbl("  +7.", "%lf%n");
    dbl("1e-400 1e400", "%lf %lf%n");
    {
        float f; long double ld;
        int r = sscanf("2.5 3.75", "%f %Lf", &f, &ld);
        printf("float %d %.9g %.17g\n", r, f, (double)ld);
    }
    {
        char s1[32] = "?", s2[32] = "?", s3[32] = "?";
        int n1 = -1, n2 = -1;
        int r = sscanf("hello world  again", "%s %n%5s%n %s", s1, &n1, s2, &n2, s3);
        printf("strings %d [%s] [%s] [%s] %d %d\n", r, s1, s2, s3, n1, n2);
        r = sscanf("abc123def", "%[a-z]%[0-9]%s", s1, s2, s3);
        printf("sets %d [%s] [%s] [%s]\n", r, s1, s2, s3);
        r = sscanf("key=value;rest", "%[^=]=%[^;];%s", s1, s2, s3);
        printf("negsets %d [%s] [%s] [%s]\n", r, s1, s2, s3);
        r = sscanf("]]]x", "%[]]%s", s1, s2);
        printf("bracket %d [%s] [%s]\n", r, s1, s2);
        r = sscanf("a-b", "%[-a]%s", s1, s2);
        printf("dash %d [%s] [%s]\n", r, s1, s2);
        r = sscanf("123", "%[a-z]", s1);
        printf("emptyset %d\n", r);
        memset(s1, 0, sizeof s1);
        r = sscanf("abcdef", "%3c%c", s1, s2);
        printf("chars %d [%s] [%c]\n", r, s1, s2[0]);
        r = sscanf("ab", "%5c", s1);
        printf("short chars %d\n", r);
        r = sscanf(" x", "%c", s1);
        printf("c no skip %d [%c]\n", r, s1[0]);
        r = sscanf(" x", " %c", s1);
        printf("c skip %d [%c]\n", r, s1[0]);
        void *p = NULL;
        r = sscanf("0x1234abcd", "%p", &p);
        printf("pointer %d %lx\n", r, (unsigned long)(uintptr_t)p);
        r = sscanf("abc", "abd");
        printf("literal mismatch %d\n", r);
        r = sscanf("", "abc");
        printf("literal eof %d\n", r);
        r = sscanf("x", "%*s");
        printf("suppressed only %d\n", r);
        int hh = 0;
        r = sscanf("12:34:56", "%d:%d:%d", &hh, &n1, &n2);
        printf("time %d %d %d %d\n", r, hh, n1, n2);
    }
    {
        /* fscanf on a stream, mixed with getc. */
        FILE *f = tmpfile();
        fputs("10 20\nname: Alice age: 30\n3.5e2 rest\n", f);
        rewind(f);
        int a, b, age;
        char name[16];
        double d;
        int r = fscanf(f, "%d %d", &a, &b);
        printf("fscanf %d %d %d next=%d\n", r, a, b, getc(f));
        r = fscanf(f, "name: %15s age: %d", name, &age);
        printf("fscanf %d %s %d\n", r, name, age);
        r = fscanf(f, "%lf", &d);
        char rest[16];
        printf("fscanf %d %g", r, d);
        r = fscanf(f, "%15s", rest);
        printf(" %d %s", r, rest);
        r = fscanf(f, "%15s", rest);
        printf(" eof %d\n", r);
        fclose(f);
    }
    return 0;
}
