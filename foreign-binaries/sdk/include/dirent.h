/* Directory streams. d_type holds the target's DT_* values (ToyOS's own, or Linux's). */
#ifndef _DIRENT_H
#define _DIRENT_H

#include <sys/types.h>

struct dirent {
    ino_t d_ino;
    unsigned char d_type;
    char d_name[256];
};

#ifdef __TOYOS__
#include <toyos/abi.h>
#define DT_UNKNOWN TOY_DT_UNKNOWN
#define DT_REG     TOY_DT_REG
#define DT_DIR     TOY_DT_DIR
#define DT_LNK     TOY_DT_LNK
#define DT_CHR     TOY_DT_CHR
#define DT_BLK     TOY_DT_BLK
#define DT_FIFO    TOY_DT_FIFO
#define DT_SOCK    TOY_DT_SOCK
#else
#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_BLK     6
#define DT_REG     8
#define DT_LNK     10
#define DT_SOCK    12
#endif

typedef struct __sdk_dir DIR;

DIR *opendir(const char *path);
DIR *fdopendir(int fd);
struct dirent *readdir(DIR *d);
int closedir(DIR *d);
int dirfd(DIR *d);
void rewinddir(DIR *d);
int scandir(const char *path, struct dirent ***list, int (*filter)(const struct dirent *),
            int (*compar)(const struct dirent **, const struct dirent **));
int alphasort(const struct dirent **a, const struct dirent **b);

#endif
