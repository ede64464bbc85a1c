/* flock. ToyOS has no file locks: there flock fails with ENOSYS (after checking its arguments). */
#ifndef _SYS_FILE_H
#define _SYS_FILE_H

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

int flock(int fd, int op);

#endif
