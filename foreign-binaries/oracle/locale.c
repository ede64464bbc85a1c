/* Locales and wide characters against glibc: setlocale names ("C", "POSIX", "C.UTF-8", "C.utf8",
   names no system has (so glibc fails them on any machine),
   "", composite LC_ALL names, unknown ones), localeconv, nl_langinfo, MB_CUR_MAX; UTF-8 in
   C.UTF-8 (mbrtowc with partial, overlong, surrogate and out-of-range sequences, the mbstate
   carried between calls, wcrtomb, mbsrtowcs/wcsrtombs, mbtowc/wctomb/mbstowcs/wcstombs), classes,
   case mapping and widths of every code point (summed per plane), wide stdio and %ls/%lc. */
#define _GNU_SOURCE
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

/* errno by name: ToyOS numbers EILSEQ differently from Linux. */
static const char *en(int e) { return e == 0 ? "0" : e == EILSEQ ? "EILSEQ" : e == EINVAL ? "EINVAL" : "other"; }

static void show_setlocale(int cat, const char *name) {
    errno = 0;
    const char *r = setlocale(cat, name);
    printf("setlocale(%d, %s%s%s) = %s\n", cat, name ? "\"" : "", name ? name : "NULL", name ? "\"" : "",
           r ? r : "NULL");
}

static void show_mbrtowc(const char *s, size_t n, mbstate_t *st) {
    wchar_t wc = 0x5a5a;
    errno = 0;
    size_t r = mbrtowc(&wc, s, n, st);
    printf("  mbrtowc(");
    for (size_t i = 0; i < n; i++) printf("%02x", (unsigned char)s[i]);
    printf(", %zu) = %ld wc=%lx errno=%s init=%d\n", n, (long)r, (unsigned long)wc, en(errno), mbsinit(st));
}

static void conversions(void) {
    static const char *seqs[] = {
        "A", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80",
        "\xe0\x9f\xbf", "\xed\xa0\x80", "\xed\x9f\xbf", "\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80",
        "\xf5\x80\x80\x80", "\xf8\x88\x80\x80\x80", "\x80", "\xbf", "\xc3\x28", "\xe2\x28\xa1", "\xfe", "\xff", "",
    };
    for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++) {
        mbstate_t st;
        memset(&st, 0, sizeof st);
        size_t n = strlen(seqs[i]) + (seqs[i][0] == 0);
        show_mbrtowc(seqs[i], n, &st);
        memset(&st, 0, sizeof st);
        for (size_t k = 0; k < n; k++) {           /* one byte at a time, the state in between */
            show_mbrtowc(seqs[i] + k, 1, &st);
            if (mbsinit(&st)) break;
        }
    }
    mbstate_t st;
    memset(&st, 0, sizeof st);
    show_mbrtowc("\xe2\x82", 2, &st);
    show_mbrtowc("\xac" "B", 2, &st);
    printf("  mbrlen %ld\n", (long)mbrlen("\xf0\x9f\x98\x80", 4, NULL));
    static const wchar_t wcs[] = { 0x41, 0xe9, 0x7ff, 0x800, 0x20ac, 0xd7ff, 0xd800, 0xdfff, 0xe000, 0xfffd, 0xffff,
                                   0x10000, 0x1f600, 0x10ffff, 0x110000, 0x7fffffff, -1 };
    for (size_t i = 0; i < sizeof wcs / sizeof wcs[0]; i++) {
        char b[8] = { 0 };
        errno = 0;
        size_t r = wcrtomb(b, wcs[i], NULL);
        printf("  wcrtomb(%lx) = %ld errno=%s bytes", (unsigned long)wcs[i], (long)r, en(errno));
        for (size_t k = 0; k < (r == (size_t)-1 ? 0 : r); k++) printf(" %02x", (unsigned char)b[k]);
        errno = 0;
        int t = wctomb(b, wcs[i]);
        printf(" wctomb %d errno=%s btowc/wctob %lx %d\n", t, en(errno), (unsigned long)btowc((int)(wcs[i] & 0xff)),
               wctob((wint_t)wcs[i]));
    }
    const char *src = "h\xc3\xa9llo \xe2\x82\xac\xf0\x9f\x98\x80!";
    wchar_t w[32];
    const char *p = src;
    memset(&st, 0, sizeof st);
    size_t n = mbsrtowcs(w, &p, 32, &st);
    printf("  mbsrtowcs %ld rest %s:", (long)n, p ? "set" : "NULL");
    for (size_t i = 0; i < n; i++) printf(" %lx", (unsigned long)w[i]);
    printf("\n  mbsrtowcs(NULL) %ld mbstowcs %ld\n", (long)mbsrtowcs(NULL, &(const char *){ src }, 0, &st),
           (long)mbstowcs(NULL, src, 0));
    p = src;
    n = mbsrtowcs(w, &p, 3, &st);
    printf("  mbsrtowcs(3) %ld rest at %ld\n", (long)n, p ? (long)(p - src) : -1L);
    const char *bad = "ab\xff" "cd";
    p = bad;
    errno = 0;
    n = mbsrtowcs(w, &p, 32, &st);
    printf("  mbsrtowcs(bad) %ld errno=%s at %ld\n", (long)n, en(errno), p ? (long)(p - bad) : -1L);
    char out[64];
    const wchar_t *wp = w;
    p = src;
    mbsrtowcs(w, &p, 32, &st);
    wp = w;
    n = wcsrtombs(out, &wp, sizeof out, &st);
    printf("  wcsrtombs %ld %s same=%d\n", (long)n, wp ? "set" : "NULL", strcmp(out, src) == 0);
    wp = w;
    n = wcsrtombs(out, &wp, 4, &st);
    printf("  wcsrtombs(4) %ld at %ld\n", (long)n, wp ? (long)(wp - w) : -1L);
    printf("  wcstombs(NULL) %ld mblen %d %d %d\n", (long)wcstombs(NULL, w, 0), mblen("\xe2\x82\xac", 3),
           mblen("\xe2\x82", 2), mblen(NULL, 0));
    printf("  %%ls [%ls] %%lc [%lc] %%5ls [%5ls] %%.2ls [%.2ls]\n", w, (wint_t)0x20ac, L"\xe9", w);
}

static void classes(void) {
    /* Every code point: how many are in each class, the sum of widths and case changes, per plane. */
    static int (*const fn[])(wint_t) = { iswalpha, iswdigit, iswalnum, iswupper, iswlower, iswspace,
                                         iswblank, iswcntrl, iswpunct, iswgraph, iswprint, iswxdigit };
    for (unsigned plane = 0; plane < 0x11; plane++) {
        long cnt[12] = { 0 }, wsum = 0, wneg = 0, w2 = 0, up = 0, lo = 0;
        for (wint_t c = plane << 16; c < (plane + 1) << 16; c++) {
            for (int k = 0; k < 12; k++) cnt[k] += fn[k](c) != 0;
            int w = wcwidth((wchar_t)c);
            if (w < 0) wneg++; else wsum += w;
            w2 += w == 2;
            up += (long)towupper(c) - (long)c;
            lo += (long)towlower(c) - (long)c;
        }
        printf("  plane %u:", plane);
        for (int k = 0; k < 12; k++) printf(" %ld", cnt[k]);
        printf(" width %ld/%ld/%ld case %ld %ld\n", wsum, wneg, w2, up, lo);
    }
    static const wint_t some[] = { 'a', 'Z', '5', ' ', 0xa0, 0xad, 0xe9, 0xc9, 0x3a3, 0x3c2, 0x1e9e, 0xdf, 0x300,
                                   0x200b, 0x3000, 0x4e00, 0xac00, 0xff21, 0x1f600, 0xe0001, 0x10ffff, WEOF };
    for (size_t i = 0; i < sizeof some / sizeof some[0]; i++) {
        wint_t c = some[i];
        printf("  %lx: alpha %d upper %d lower %d space %d punct %d print %d width %d up %lx lo %lx\n",
               (unsigned long)c, !!iswalpha(c), !!iswupper(c), !!iswlower(c), !!iswspace(c), !!iswpunct(c),
               !!iswprint(c), wcwidth((wchar_t)c), (unsigned long)towupper(c), (unsigned long)towlower(c));
    }
    printf("  wcswidth %d %d iswctype %d %d wctype(bogus) %lu\n", wcswidth(L"h\xe9\x4e00\x300x", 10),
           wcswidth(L"a\x7f", 2), !!iswctype(0x4e00, wctype("alpha")), !!iswctype(0x3000, wctype("space")),
           (unsigned long)wctype("bogus"));
}

static void langinfo(void) {
    static const nl_item items[] = { CODESET, D_T_FMT, D_FMT, T_FMT, T_FMT_AMPM, AM_STR, PM_STR, DAY_1, DAY_7,
                                     ABDAY_1, ABDAY_7, MON_1, MON_12, ABMON_1, ABMON_12, RADIXCHAR, THOUSEP,
                                     YESEXPR, NOEXPR, CRNCYSTR, ERA, ERA_D_FMT, ALT_DIGITS, ERA_D_T_FMT, ERA_T_FMT };
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) printf(" [%s]", nl_langinfo(items[i]));
    struct lconv *l = localeconv();
    printf("\n  lconv [%s] [%s] [%s] [%s] [%s] [%s] [%s] [%s] [%s] [%s] %d %d %d %d %d %d %d %d\n",
           l->decimal_point, l->thousands_sep, l->grouping, l->int_curr_symbol, l->currency_symbol,
           l->mon_decimal_point, l->mon_thousands_sep, l->mon_grouping, l->positive_sign, l->negative_sign,
           l->int_frac_digits, l->frac_digits, l->p_cs_precedes, l->p_sep_by_space, l->n_cs_precedes,
           l->n_sep_by_space, l->p_sign_posn, l->n_sign_posn);
    printf("  MB_CUR_MAX %d MB_LEN_MAX %d __STDC_ISO_10646__ %ld\n", (int)MB_CUR_MAX, MB_LEN_MAX, (long)__STDC_ISO_10646__);
}

int main(void) {
    setvbuf(stdout, NULL, _IOFBF, 0);
    show_setlocale(LC_ALL, NULL);
    printf("C locale:");
    langinfo();
    mbstate_t st;
    memset(&st, 0, sizeof st);
    show_mbrtowc("\xc3\xa9", 2, &st);
    printf("  wcwidth(e9) %d iswalpha(e9) %d towupper(e9) %lx\n", wcwidth(0xe9), !!iswalpha(0xe9),
           (unsigned long)towupper(0xe9));
    static const char *names[] = { "C", "POSIX", "C.UTF-8", "C.utf8", "C.UTF8", "c.utf8", "xx_XX.UTF-8",
                                   "xx_YY", "C.ISO-8859-1", "", NULL };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        show_setlocale(LC_ALL, names[i]);
        show_setlocale(LC_ALL, NULL);
    }
    show_setlocale(LC_ALL, "C");
    show_setlocale(LC_CTYPE, "C.UTF-8");
    show_setlocale(LC_ALL, NULL);
    show_setlocale(LC_NUMERIC, NULL);
    show_setlocale(LC_TIME, "POSIX");
    char *composite = strdup(setlocale(LC_ALL, NULL));
    show_setlocale(LC_ALL, "C");
    show_setlocale(LC_ALL, composite);
    show_setlocale(LC_CTYPE, NULL);
    show_setlocale(LC_ALL, "LC_CTYPE=C.UTF-8;bogus");
    show_setlocale(99, "C");
    static const char *env[][3] = { { "LANG", "C.UTF-8", NULL }, { "LC_ALL", "C", "C.UTF-8" },
                                    { "LC_CTYPE", "C.UTF-8", "yy_YY.UTF-8" } };
    for (size_t i = 0; i < 3; i++) {
        unsetenv("LC_ALL"); unsetenv("LC_CTYPE"); unsetenv("LANG");
        setenv(env[i][0], env[i][1], 1);
        if (env[i][2]) setenv("LANG", env[i][2], 1);
        printf("%s=%s LANG=%s: ", env[i][0], env[i][1], getenv("LANG"));
        show_setlocale(LC_ALL, "");
        show_setlocale(LC_ALL, NULL);
    }
    show_setlocale(LC_ALL, "C.UTF-8");
    printf("C.UTF-8:");
    langinfo();
    conversions();
    classes();
    /* Wide stdio on a wide-oriented stream, read back as bytes and as wide characters. */
    FILE *f = fopen("wide.txt", "w");
    if (!f) return 1;
    printf("fwide %d", fwide(f, 1));
    fputws(L"wide \xe9\x20ac\x1f600\n", f);
    fputwc(0x4e00, f);
    fwprintf(f, L"|%ls %d %lc|", L"\xfc", 42, (wint_t)0xe9);
    wchar_t buf[64];
    printf(" swprintf %d", swprintf(buf, 64, L"sw %ls %s \x4e00", L"\x20ac", "x\xc3\xa9"));
    fputws(buf, f);
    printf(" swprintf(small) %d\n", swprintf(buf, 4, L"%ls", L"\x20ac\x20ac\x20ac\x20ac"));
    fclose(f);
    f = fopen("wide.txt", "r");
    int c;
    printf("bytes:");
    while ((c = getc(f)) != EOF) printf(" %02x", c);
    fclose(f);
    f = fopen("wide.txt", "w");
    fputs("a\xc3\xa9\xe2\x82\xac\n\x7f" "z\xe2\x82", f);
    fclose(f);
    f = fopen("wide.txt", "r");
    printf("\nwide read:");
    wint_t w;
    for (int k = 0; k < 20 && (errno = 0, (w = fgetwc(f)) != WEOF); k++) printf(" %lx", (unsigned long)w);
    printf(" end errno=%s\n", en(errno));
    fclose(f);
    return 0;
}
