/* What a second port trial found wanting, against glibc: <libintl.h> (GNU programs call gettext and
   bindtextdomain even when built with --disable-nls; glibc has them in libc), and open without an
   access mode, which means read-only wherever O_RDONLY is 0 (GNU patch opens directories so), and
   <netdb.h>'s resolver messages (cpio's remote-tape code needs gethostbyname, which fails honestly
   on ToyOS and is not called here). In the C locale (run.sh's LC_ALL=C) glibc reads no catalog either. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <locale.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *show(const char *s) { return s ? s : "(null)"; }

int main(void) {
    const char *hello = "hello";
    errno = EINTR;
    printf("gettext same pointer %d, errno kept %d\n", gettext(hello) == hello, errno == EINTR);
    printf("dgettext %s, dcgettext %s\n", dgettext("zz", "one"), dcgettext("zz", "two", LC_MESSAGES));
    for (unsigned long n = 0; n < 3; n++)
        printf("ngettext %lu: %s %s %s\n", n, ngettext("file", "files", n), dngettext("zz", "dir", "dirs", n),
               dcngettext("zz", "link", "links", n, LC_MESSAGES));
    /* One call per statement: the order in which a printf's arguments are evaluated is unspecified
       (gcc and clang differ), and these calls change what the next one says. */
    printf("textdomain: %s\n", show(textdomain(NULL)));
    printf("set: %s\n", show(textdomain("coreutils")));
    printf("now: %s\n", show(textdomain(NULL)));
    printf("again: %s\n", show(textdomain("coreutils")));
    printf("reset with \"\": %s\n", show(textdomain("")));
    printf("now: %s\n", show(textdomain(NULL)));
    printf("bindtextdomain unbound: %s\n", show(bindtextdomain("zz", NULL)));
    printf("bound: %s\n", show(bindtextdomain("zz", "/opt/zz/locale")));
    printf("asked: %s\n", show(bindtextdomain("zz", NULL)));
    printf("rebound: %s\n", show(bindtextdomain("zz", "/srv/locale")));
    printf("other domain still: %s\n", show(bindtextdomain("yy", NULL)));
    printf("empty domain: %s\n", show(bindtextdomain("", "/x")));
    printf("NULL domain: %s\n", show(bindtextdomain(NULL, "/x")));
    printf("codeset unset: %s\n", show(bind_textdomain_codeset("zz", NULL)));
    printf("codeset: %s\n", show(bind_textdomain_codeset("zz", "UTF-8")));
    printf("asked: %s\n", show(bind_textdomain_codeset("zz", NULL)));
    printf("codeset of a new domain: %s\n", show(bind_textdomain_codeset("ww", NULL)));

    /* Access mode 0: read-only. */
    mkdir("d", 0755);
    int fd = open("d", O_DIRECTORY | O_NOFOLLOW);
    printf("open dir without an access mode: %s\n", fd >= 0 ? "ok" : strerror(errno));
    if (fd >= 0) {
        int fl = fcntl(fd, F_GETFL);
        printf("its access mode is O_RDONLY: %d\n", (fl & O_ACCMODE) == O_RDONLY);
        int sub = openat(fd, ".", O_DIRECTORY | O_NOFOLLOW);
        printf("openat in it without an access mode: %s\n", sub >= 0 ? "ok" : strerror(errno));
        if (sub >= 0) close(sub);
        close(fd);
    }
    FILE *f = fopen("d/f", "w");
    fputs("content\n", f);
    fclose(f);
    fd = open("d/f", 0);
    char buf[16] = {0};
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
    printf("open(file, 0) reads: %zd %s", n, buf);
    errno = 0;
    ssize_t w = write(fd, "x", 1);
    printf("write to it fails: %zd %s\n", w, strerror(errno));

    for (int e = 0; e < 6; e++) printf("hstrerror %d: %s\n", e, hstrerror(e));
    fflush(stdout);
    h_errno = TRY_AGAIN;
    herror("herror");
    herror("");
    return 0;
}
