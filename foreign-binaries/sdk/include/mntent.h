/* <mntent.h>: reading a table of mounted file systems in the fstab/mtab text format (one entry a
   line: device, directory, type, options, dump frequency, pass number; blanks inside a field
   written as octal escapes such as \040). ToyOS keeps no mount table of its own: these functions
   parse whatever file they are given (MOUNTED names the conventional one, which on ToyOS exists
   only if the guest's root provides it); opening a missing file fails with its errno. */
#ifndef _MNTENT_H
#define _MNTENT_H

#include <stdio.h>

#define MOUNTED "/etc/mtab"
#define _PATH_MOUNTED MOUNTED
#define MNTTAB "/etc/fstab"
#define _PATH_MNTTAB MNTTAB

#define MNTTYPE_IGNORE "ignore"
#define MNTTYPE_SWAP "swap"
#define MNTOPT_DEFAULTS "defaults"
#define MNTOPT_RO "ro"
#define MNTOPT_RW "rw"

struct mntent {
    char *mnt_fsname;   /* the device or server */
    char *mnt_dir;      /* where it is mounted */
    char *mnt_type;     /* the file-system type */
    char *mnt_opts;     /* options, comma separated */
    int mnt_freq;       /* dump frequency, in days */
    int mnt_passno;     /* fsck pass number */
};

FILE *setmntent(const char *file, const char *mode);
/* The next entry (comment and blank lines skipped) in a static buffer, or NULL at the end. */
struct mntent *getmntent(FILE *stream);
struct mntent *getmntent_r(FILE *stream, struct mntent *entry, char *buf, int size);
int addmntent(FILE *stream, const struct mntent *entry);
int endmntent(FILE *stream);
/* The option OPT in entry->mnt_opts (a whole comma-separated item, or OPT=value), or NULL. */
char *hasmntopt(const struct mntent *entry, const char *opt);

#endif
