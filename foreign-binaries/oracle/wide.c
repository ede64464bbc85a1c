/* Wide characters in the C locale against glibc: %ls/%lc, wide stdio, wprintf/swprintf, mbrtowc,
   wcrtomb, mbstowcs, wcwidth, and EILSEQ for bytes above 127. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

int main(void) {
    printf("[%ls] [%lc] [%5ls] [%-4lc] [%.2ls]\n", L"wide", L'x', L"ab", L'y', L"trunc");
    errno = 0;
    int r = printf("%ls\n", L"caf\u00e9");
    printf("non-ASCII %%ls: %d EILSEQ %d\n", r, errno == EILSEQ);
    wchar_t wb[32];
    r = swprintf(wb, 32, L"%d-%ls-%c", 42, L"w", 'z');
    printf("swprintf %d %ls\n", r, wb);
    r = swprintf(wb, 4, L"%s", "toolong");
    printf("swprintf overflow %d\n", r);
    /* stdout is byte-oriented now: the wide functions refuse it. */
    fflush(stdout);
    int w1 = wprintf(L"wprintf %d %ls\n", 7, L"ok");
    int w2 = fputws(L"fputws line\n", stdout);
    printf("on a byte stream: wprintf %d fputws %d fwide %d\n", w1, w2, fwide(stdout, 0));
    FILE *t = tmpfile();
    int w3 = fwprintf(t, L"%ls=%d\n", L"key", 5);
    int w4 = fputws(L"more\n", t);
    int w5 = fprintf(t, "bytes");
    printf("on a wide stream: fwprintf %d fputws %d fprintf %d fwide %d\n", w3, w4, w5, fwide(t, 0));
    fclose(t);
    mbstate_t st;
    memset(&st, 0, sizeof st);
    wchar_t wc;
    size_t n = mbrtowc(&wc, "A", 1, &st);
    printf("mbrtowc %zu %d mbsinit %d\n", n, (int)wc, mbsinit(&st));
    errno = 0;
    n = mbrtowc(&wc, "\xc3\xa9", 2, &st);
    printf("mbrtowc high %zd EILSEQ %d\n", (ssize_t)n, errno == EILSEQ);
    char mb[8];
    n = wcrtomb(mb, L'Q', NULL);
    printf("wcrtomb %zu %c\n", n, mb[0]);
    wchar_t ws[16];
    n = mbstowcs(ws, "hello", 16);
    printf("mbstowcs %zu %ls len %zu cmp %d\n", n, ws, wcslen(ws), wcscmp(ws, L"hello"));
    n = wcstombs(mb, L"bye", sizeof mb);
    printf("wcstombs %zu %s\n", n, mb);
    printf("wcwidth %d %d %d\n", wcwidth(L'a'), wcwidth(L'\t'), wcwidth(0));
    printf("isw %d %d %d towupper %lc\n", iswalpha(L'a') != 0, iswdigit(L'5') != 0, iswspace(L'x') != 0, (wint_t)towupper(L'q'));
    printf("btowc %d wctob %d\n", (int)btowc('z'), wctob(L'z'));
    printf("wcschr %ls wcsstr %ls\n", wcschr(L"find.me", L'.'), wcsstr(L"haystack", L"st"));
    return 0;
}
