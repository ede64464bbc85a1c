/* <mntent.h> against glibc: parsing an fstab-format file (comments, blank lines, escapes, missing
   trailing fields, a line of one field), hasmntopt, addmntent's escaping, and setmntent's errno. */
#include <errno.h>
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void show(const struct mntent *m) {
    printf("[%s] [%s] [%s] [%s] %d %d", m->mnt_fsname, m->mnt_dir, m->mnt_type, m->mnt_opts, m->mnt_freq, m->mnt_passno);
    const char *o[] = { "ro", "rw", "noatime", "size", "uid", "re" };
    for (int i = 0; i < 6; i++) {
        char *h = hasmntopt(m, o[i]);
        printf(" %s=%s", o[i], h ? h : "-");
    }
    printf("\n");
}

int main(void) {
    char path[] = "/tmp/oracle-mntent.XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) { perror("mkstemp"); return 1; }
    const char text[] =
        "# a comment\n"
        "\n"
        "/dev/sda1 / ext4 rw,relatime,errors=remount-ro 0 1\n"
        "   tmpfs\t/tmp  tmpfs rw,nosuid,size=1024k,uid=0 0 0\n"
        "/dev/My\\040Disk /mnt/with\\040space\\011tab vfat ro,noatime\n"
        "none /proc proc\n"
        "lonely\n"
        "a\\134b /x\\0 t rwx,re=1 3 4\n";
    if (write(fd, text, sizeof text - 1) != (ssize_t)(sizeof text - 1)) { perror("write"); return 1; }
    close(fd);

    FILE *f = setmntent(path, "r");
    if (!f) { perror("setmntent"); return 1; }
    struct mntent *m;
    while ((m = getmntent(f))) show(m);
    printf("end=%d\n", endmntent(f));

    f = setmntent(path, "r");
    struct mntent e;
    char buf[64];
    while (getmntent_r(f, &e, buf, sizeof buf)) show(&e);
    endmntent(f);

    f = setmntent(path, "a+");
    struct mntent add = { "dev with space", "/new\\dir", "ext4", "defaults", 0, 2 };
    printf("addmntent=%d\n", addmntent(f, &add));
    endmntent(f);
    f = setmntent(path, "r");
    while ((m = getmntent(f))) if (strcmp(m->mnt_type, "ext4") == 0) show(m);
    endmntent(f);
    unlink(path);

    errno = 0;
    f = setmntent("/nonexistent/mtab", "r");
    printf("missing: %s errno=%s\n", f ? "opened" : "NULL", errno == ENOENT ? "ENOENT" : "other");
    return 0;
}
