/* errno: under ToyOS it lives in the TLS block crt0 installs with set_tls (%gs), natively in a plain
 * variable. Checks that errno is an lvalue that keeps what is stored, that each failing call sets
 * it to its own value, that a successful call leaves it alone (the SDK's wrappers only write errno
 * on failure), and that &errno is stable. set_tls itself is exercised by crt0: if it were broken,
 * no test could print anything. */
#include "tt.h"

int main(void)
{
    tt_scratch("errno_tls");
    /* __typeof__: under ToyOS &errno is a %gs-relative pointer (address_space 256), which the SDK
       does not let convert to a plain int * (see bits/toyos_tls.h). */
    __typeof__(&errno) where = &errno;
    errno = 0;
    is_int(errno, 0, "errno = 0 reads back 0");
    errno = 12345;
    is_int(errno, 12345, "errno = 12345 reads back 12345");
    is_int(*where, 12345, "through a saved &errno too");
    *where = 77;
    is_int(errno, 77, "a store through &errno is errno");

    is_int(close(-1), -1, "close(-1) fails");
    is_str(errno_name(errno), "EBADF", "errno is EBADF");
    is_int(access(tt_dir, F_OK), 0, "access succeeds");
    is_str(errno_name(errno), "EBADF", "a successful call left errno alone");
    is_int(open(tt_path("missing"), O_RDONLY), -1, "open of a missing file fails");
    is_str(errno_name(errno), "ENOENT", "errno is now ENOENT");
    is_int(mkdir(tt_dir, 0700), -1, "mkdir of an existing directory fails");
    is_str(errno_name(errno), "EEXIST", "errno is now EEXIST");

    /* many alternations: each failure overwrites the previous value */
    int good = 1;
    for (int i = 0; i < 1000; i++) {
        if (i % 2) {
            close(-1);
            good &= errno == EBADF;
        } else {
            lseek(0x7fffff, 0, SEEK_SET);
            good &= errno == EBADF;
            rmdir(tt_path("missing"));
            good &= errno == ENOENT;
        }
        errno = i;
        good &= errno == i;
    }
    ok(good, "1000 rounds of failures and stores all read back right");
    ok(where == &errno, "&errno is stable");

    tt_cleanup();
    return done_testing();
}
