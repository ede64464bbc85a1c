// xv6 files: open flags, read/write, fstat's struct stat, directories read as 16-byte records,
// 14-byte names, link/unlink/mkdir/chdir, mknod and the console, dup, 16 open files, pipes.
#include "lib/user.h"

static int contents(const char *path, char *buf, int n) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    memset(buf, 0, n);
    int r = read(fd, buf, n - 1);
    close(fd);
    return r;
}

// The record for `name` in directory `dir`: its inum, or -1; *first gets the first two names.
static int lookup(const char *dir, const char *name, int *dotfirst) {
    struct dirent de;
    int fd = open(dir, O_RDONLY);
    if (fd < 0) return -1;
    int i = 0, found = -1;
    *dotfirst = 1;
    while (read(fd, &de, sizeof de) == sizeof de) {
        if (i == 0 && strcmp(de.name, ".") != 0) *dotfirst = 0;
        if (i == 1 && strcmp(de.name, "..") != 0) *dotfirst = 0;
        i++;
        if (de.inum == 0) continue;
        if (strncmp(de.name, name, DIRSIZ) == 0) found = de.inum;
    }
    close(fd);
    return found;
}

int main(void) {
    char buf[64];
    struct stat st;
    ok(sizeof(struct stat) == 20 && sizeof(struct dirent) == 16, "struct sizes");

    int fd = open("f1", O_CREATE | O_RDWR);
    ok(fd == 3, "open O_CREATE returns the lowest free descriptor");
    ok(write(fd, "hello", 5) == 5, "write");
    ok(fstat(fd, &st) == 0 && st.type == T_FILE && st.size == 5 && st.nlink == 1 && st.ino != 0 && st.dev == 1,
       "fstat: T_FILE, size, nlink, ino, dev");
    close(fd);
    ok(contents("f1", buf, sizeof buf) == 5 && strcmp(buf, "hello") == 0, "read back");
    fd = open("f1", O_CREATE | O_WRONLY);
    write(fd, "J", 1);
    close(fd);
    ok(contents("f1", buf, sizeof buf) == 5 && strcmp(buf, "Jello") == 0, "O_CREATE never truncates");
    fd = open("f1", O_RDONLY);
    ok(write(fd, "x", 1) == -1, "write to a read-only descriptor is -1");
    close(fd);
    fd = open("f1", O_WRONLY);
    ok(read(fd, buf, 1) == -1, "read from a write-only descriptor is -1");
    close(fd);
    ok(open("nosuch", O_RDONLY) == -1, "open of a missing file is -1");
    ok(close(fd) == -1, "close of a closed descriptor is -1");

    ok(mkdir("d") == 0, "mkdir");
    ok(mkdir("d") == -1, "mkdir of an existing name is -1");
    ok(open("d", O_RDWR) == -1, "a directory opens only read-only");
    ok(open("d", O_CREATE | O_RDONLY) == -1, "and never with O_CREATE");
    fd = open("d", O_RDONLY);
    ok(fd >= 0 && fstat(fd, &st) == 0 && st.type == T_DIR, "fstat of a directory is T_DIR");
    ok(st.size == 32, "an empty directory's size is two records");
    ok(write(fd, "x", 1) == -1, "write to a directory is -1");
    close(fd);

    // Records: "." and ".." first; inum agrees with stat.ino.
    struct stat f1;
    stat("f1", &f1);
    int dotfirst = 0;
    int inum = lookup(".", "f1", &dotfirst);
    ok(inum > 0 && (uint)inum == f1.ino, "a directory record's inum is stat's ino");
    ok(dotfirst, "\".\" and \"..\" come first");
    stat(".", &st);
    ok((uint)lookup(".", ".", &dotfirst) == st.ino, "\".\"'s inum is the directory's own");

    // The inode numbers are the tree's: a child asks first, the parent's record agrees.
    close(open("g1", O_CREATE | O_RDWR));
    int pp[2];
    pipe(pp);
    if (fork() == 0) {
        struct stat cs;
        stat("g1", &cs);
        write(pp[1], &cs.ino, sizeof cs.ino);
        exit();
    }
    uint childino = 0;
    read(pp[0], &childino, sizeof childino);
    wait();
    close(pp[0]);
    close(pp[1]);
    ok(childino != 0 && (uint)lookup(".", "g1", &dotfirst) == childino, "inode numbers agree across processes");
    unlink("g1");

    // A directory's offset is shared by a dup and by a forked child, as any file's.
    fd = open(".", O_RDONLY);
    struct dirent de;
    read(fd, &de, sizeof de);
    int dfd = dup(fd);
    read(dfd, &de, sizeof de);
    if (fork() == 0) { read(fd, &de, sizeof de); exit(); }
    wait();
    int left = 0;
    while (read(fd, &de, sizeof de) == sizeof de) left++;
    int total = 0;
    int fd3 = open(".", O_RDONLY);
    while (read(fd3, &de, sizeof de) == sizeof de) total++;
    close(fd3);
    close(dfd);
    close(fd);
    ok(total >= 4 && left == total - 3, "directory offsets are shared by dup and fork");

    // Names are cut to 14 bytes.
    fd = open("abcdefghijklmnopqrstuvwxyz", O_CREATE | O_RDWR);
    ok(fd >= 0, "create a long name");
    close(fd);
    ok(stat("abcdefghijklmn", &st) == 0, "it is stored as its first 14 bytes");
    ok(stat("abcdefghijklmnXYZ", &st) == 0, "any name with the same 14 bytes finds it");
    ok(lookup(".", "abcdefghijklmn", &dotfirst) > 0, "its record holds 14 bytes, unterminated");
    ok(mkdir("0123456789abcdefgh") == 0 && chdir("0123456789abcdefXX") == 0 && chdir("..") == 0,
       "every component is cut, directories too");

    // link and unlink.
    ok(link("f1", "f2") == 0, "link");
    stat("f1", &st);
    ok(st.nlink == 2, "nlink counts it");
    ok(stat("f2", &st) == 0 && st.ino == f1.ino, "both names are the same inode");
    ok(link("f1", "f2") == -1, "link onto an existing name is -1");
    ok(link("d", "dlink") == -1, "link of a directory is -1");
    ok(unlink("f2") == 0, "unlink");
    ok(unlink("f2") == -1, "unlink of a missing name is -1");
    stat("f1", &st);
    ok(st.nlink == 1, "nlink back to 1");

    // Directories: unlink removes an empty one, never . or ..
    fd = open("d/inner", O_CREATE | O_RDWR);
    close(fd);
    ok(unlink("d") == -1, "unlink of a non-empty directory is -1");
    ok(unlink("d/.") == -1 && unlink("d/..") == -1, "unlink of . or .. is -1");
    ok(chdir("d") == 0 && contents("../f1", buf, sizeof buf) == 5, "chdir, then a relative path");
    ok(chdir("/") == 0 && stat("f1", &st) == 0, "chdir to /");
    ok(chdir("f1") == -1 && chdir("nosuch") == -1, "chdir to a file or a missing name is -1");
    ok(unlink("d/inner") == 0 && unlink("d") == 0, "unlink of an emptied directory");
    ok(stat("d", &st) == -1, "it is gone");

    // Devices: mknod makes a node that reads as T_DEV; major 1 is the console.
    ok(mknod("console", 1, 1) == 0, "mknod console 1 1");
    ok(stat("console", &st) == 0 && st.type == T_DEV, "a device node is T_DEV");
    ok(mknod("console", 1, 1) == -1, "mknod of an existing name is -1");
    fd = open("console", O_RDWR);
    ok(fd >= 0 && fstat(fd, &st) == 0 && st.type == T_DEV, "opening it gives a T_DEV descriptor");
    ok(write(fd, "# through the console\n", 22) == 22, "writing to the console");
    int fd2 = dup(fd);
    ok(fd2 == fd + 1 && write(fd2, "# through a dup of it\n", 22) == 22, "dup of the console is the console");
    close(fd);
    close(fd2);
    ok(mknod("other", 7, 0) == 0 && open("other", O_RDWR) == -1, "a device without a driver cannot be opened");

    // dup, pipes, 16 open files.
    fd = dup(1);
    ok(fd == 3, "dup returns the lowest free descriptor");
    close(fd);
    int p[2];
    pipe(p);
    ok(fstat(p[0], &st) == -1, "fstat of a pipe is -1");
    close(p[0]);
    close(p[1]);
    int opened = 0;
    for (int i = 0; i < 20; i++) {
        if (open("f1", O_RDONLY) < 0) break;
        opened++;
    }
    ok(opened == 13, "16 open files per process (0-2 and 13 more)");
    ok(dup(0) == -1 && pipe(p) == -1, "dup and pipe fail too");
    for (int i = 3; i < 16; i++) close(i);
    ok(unlink("f1") == 0 && stat("f1", &st) == -1, "unlink the last name");
    done();
}
