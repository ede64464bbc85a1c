/* uname (the sysinfo call): every field is a non-empty NUL-terminated string; sysname is the
 * target's ("ToyOS" under Burrow, "Linux" for the twin); machine is "x86_64"; release/version are
 * the target's own and only checked for being non-empty. EFAULT is not reachable: the SDK converts
 * the kernel's structure in libc. */
#include "tt.h"
#include <sys/utsname.h>

static int field_ok(const char *f, size_t cap)
{
    return strnlen(f, cap) > 0 && strnlen(f, cap) < cap;
}

int main(void)
{
    struct utsname u;
    memset(&u, 0x7f, sizeof u);
    is_int(uname(&u), 0, "uname");
    ok(field_ok(u.sysname, sizeof u.sysname), "sysname non-empty and terminated");
    ok(field_ok(u.nodename, sizeof u.nodename), "nodename non-empty and terminated");
    ok(field_ok(u.release, sizeof u.release), "release non-empty and terminated");
    ok(field_ok(u.version, sizeof u.version), "version non-empty and terminated");
    ok(field_ok(u.machine, sizeof u.machine), "machine non-empty and terminated");
#ifdef __TOYOS__
    is_str(u.sysname, "ToyOS", "sysname is the target's");
#else
    is_str(u.sysname, "Linux", "sysname is the target's");
#endif
    is_str(u.machine, "x86_64", "machine is x86_64");
    struct utsname v;
    uname(&v);
    ok(strcmp(u.nodename, v.nodename) == 0 && strcmp(u.release, v.release) == 0, "stable across calls");
    return done_testing();
}
