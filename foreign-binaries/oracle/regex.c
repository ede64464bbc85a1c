/* regex.h against glibc: basic and extended syntax, submatches, anchors, bracket expressions and
   classes, back references, REG_ICASE/REG_NEWLINE/REG_NOSUB/REG_NOTBOL/REG_NOTEOL, GNU escapes, and
   the error codes and messages of malformed patterns. */
#include <regex.h>
#include <stdio.h>
#include <string.h>

static void t(const char *pat, int cflags, const char *s, int eflags) {
    regex_t re;
    int e = regcomp(&re, pat, cflags);
    printf("/%s/%d [%s] ", pat, cflags, s);
    if (e) {
        char msg[128];
        regerror(e, &re, msg, sizeof msg);
        printf("compile error %d: %s\n", e, msg);
        return;
    }
    regmatch_t m[10];
    memset(m, 0x55, sizeof m);
    int r = regexec(&re, s, 10, m, eflags);
    printf("nsub %zu -> %d", re.re_nsub, r);
    if (r == 0 && !(cflags & REG_NOSUB))
        for (size_t i = 0; i <= re.re_nsub && i < 10; i++) {
            if (m[i].rm_so < 0) printf(" (%d,%d)", m[i].rm_so, m[i].rm_eo);
            else printf(" (%d,%d)'%.*s'", m[i].rm_so, m[i].rm_eo, m[i].rm_eo - m[i].rm_so, s + m[i].rm_so);
        }
    printf("\n");
    regfree(&re);
}

#define E REG_EXTENDED

int main(void) {
    /* Basic syntax. */
    t("abc", 0, "xxabcxx", 0);
    t("a.c", 0, "a\nc abc", 0);
    t("a*b", 0, "caaab", 0);
    t("^ab", 0, "abab", 0);
    t("ab$", 0, "abab", 0);
    t("a^b", 0, "a^b", 0);
    t("a$b", 0, "a$b", 0);
    t("*a", 0, "x*a", 0);
    t("^*a", 0, "*a", 0);
    t("\\(ab\\)*c", 0, "ababc", 0);
    t("\\(a\\)\\(b\\)\\2\\1", 0, "xabba", 0);
    t("a\\{2,3\\}", 0, "aaaa", 0);
    t("a\\{2\\}", 0, "aaa", 0);
    t("a\\{1,\\}b", 0, "aaab", 0);
    t("a\\+b\\?", 0, "aaab", 0);
    t("a\\|b", 0, "xb", 0);
    t("a+", 0, "a+", 0);
    t("a|b", 0, "a|b", 0);
    t("\\(a\\|ab\\)\\(c\\|bcd\\)", 0, "abcd", 0);
    /* Extended syntax. */
    t("(a|ab)(c|bcd)(d*)", E, "abcd", 0);
    t("a+b?c*", E, "aaabccc", 0);
    t("(a*)*", E, "aaa", 0);
    t("(a*)+", E, "b", 0);
    t("(a|b)*c", E, "abac", 0);
    t("([0-9]+)-([0-9]+)", E, "tel 555-1234!", 0);
    t("(x)?y", E, "y", 0);
    t("a{2,}", E, "caaaa", 0);
    t("a{,2}", E, "aaa", 0);
    t("a{1", E, "a{1", 0);
    t("x{", E, "x{", 0);
    t("(foo|foobar)baz", E, "foobarbaz", 0);
    t("^(.*)/(.*)$", E, "/usr/local/bin", 0);
    t("(.*)(.*)", E, "abc", 0);
    t("(a|ab)(bc|c)", E, "abc", 0);
    t("()", E, "x", 0);
    t("a|", E, "b", 0);
    t("(a)(b)(c)(d)(e)(f)(g)(h)(i)", E, "abcdefghi", 0);
    t("(.)\\1", E, "abccd", 0);
    t("[[:digit:]]+", E, "ab123c", 0);
    t("[[:alpha:]_][[:alnum:]_]*", E, "1 _id9 x", 0);
    t("[^a-c]+", E, "abcdefabc", 0);
    t("[]a]+", E, "x]a]", 0);
    t("[a-]+", E, "x-a-", 0);
    t("[[.a.]-c]+", E, "xabc", 0);
    t("[[=e=]]", E, "hello", 0);
    t("\\w+\\s\\W", E, "hi there!", 0);
    t("\\bfoo\\b", E, "a foobar foo", 0);
    t("\\<b", E, "ab b", 0);
    t("o\\>", E, "foo bar", 0);
    t("\\Boo", E, "oo foo", 0);
    /* Flags. */
    t("HeLLo", E | REG_ICASE, "say hello", 0);
    t("[a-c]+", E | REG_ICASE, "xABCd", 0);
    t("(a)\\1", E | REG_ICASE, "aA", 0);
    t("^b", E, "a\nb", 0);
    t("^b", E | REG_NEWLINE, "a\nb", 0);
    t("a$", E | REG_NEWLINE, "a\nb", 0);
    t("a.b", E | REG_NEWLINE, "a\nb", 0);
    t("a[^x]b", E | REG_NEWLINE, "a\nb", 0);
    t("a[^x]b", E, "a\nb", 0);
    t("^a", E, "a", REG_NOTBOL);
    t("a$", E, "a", REG_NOTEOL);
    t("^b", E | REG_NEWLINE, "a\nb", REG_NOTBOL);
    t("b+", E | REG_NOSUB, "abbb", 0);
    t("z", E | REG_NOSUB, "abbb", 0);
    t("", E, "abc", 0);
    t("", 0, "", 0);
    t("x*", E, "", 0);
    /* Errors. */
    t("a[bc", E, "", 0);
    t("a(bc", E, "", 0);
    t("a\\(bc", 0, "", 0);
    t("a)", E, "a)", 0);
    t("a\\)", 0, "", 0);
    t("a{2,1}", E, "", 0);
    t("a\\{2", 0, "", 0);
    t("a{x}", E, "a{x}", 0);
    t("[[:nope:]]", E, "", 0);
    t("[z-a]", E, "", 0);
    t("abc\\", E, "", 0);
    t("(a)\\2", E, "", 0);
    t("*a", E, "", 0);
    t("a**", E, "aaa", 0);
    t("+", E, "", 0);
    t("a|*b", E, "", 0);
    char buf[8];
    size_t n = regerror(REG_EBRACK, NULL, buf, sizeof buf);
    printf("regerror truncated %zu [%s]\n", n, buf);
    return 0;
}
