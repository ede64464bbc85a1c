/* posix_spawn and posix_spawnp: fork, the file actions and attributes in the child, then exec (the
   exec's error comes back to the caller through a close-on-exec pipe). Same code on both targets. */
#ifndef _SPAWN_H
#define _SPAWN_H

#include <signal.h>
#include <sys/types.h>

#define POSIX_SPAWN_RESETIDS 0x01
#define POSIX_SPAWN_SETPGROUP 0x02
#define POSIX_SPAWN_SETSIGDEF 0x04
#define POSIX_SPAWN_SETSIGMASK 0x08
#define POSIX_SPAWN_SETSID 0x80

typedef struct {
    short flags;
    pid_t pgroup;
    sigset_t sigdefault;
    sigset_t sigmask;
} posix_spawnattr_t;

typedef struct {
    int count, cap;
    struct __spawn_action *actions;
} posix_spawn_file_actions_t;

int posix_spawn(pid_t *restrict pid, const char *restrict path, const posix_spawn_file_actions_t *actions,
                const posix_spawnattr_t *restrict attr, char *const argv[restrict], char *const envp[restrict]);
int posix_spawnp(pid_t *restrict pid, const char *restrict file, const posix_spawn_file_actions_t *actions,
                 const posix_spawnattr_t *restrict attr, char *const argv[restrict], char *const envp[restrict]);

int posix_spawn_file_actions_init(posix_spawn_file_actions_t *a);
int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *a);
int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *restrict a, int fd, const char *restrict path, int oflag, mode_t mode);
int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *a, int fd);
int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *a, int fd, int newfd);
/* The child's working directory, changed in order with the other actions (POSIX 2024; the _np
   names are glibc's). */
int posix_spawn_file_actions_addchdir(posix_spawn_file_actions_t *restrict a, const char *restrict path);
int posix_spawn_file_actions_addfchdir(posix_spawn_file_actions_t *a, int fd);
int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *restrict a, const char *restrict path);
int posix_spawn_file_actions_addfchdir_np(posix_spawn_file_actions_t *a, int fd);

int posix_spawnattr_init(posix_spawnattr_t *a);
int posix_spawnattr_destroy(posix_spawnattr_t *a);
int posix_spawnattr_setflags(posix_spawnattr_t *a, short flags);
int posix_spawnattr_getflags(const posix_spawnattr_t *restrict a, short *restrict flags);
int posix_spawnattr_setpgroup(posix_spawnattr_t *a, pid_t pgroup);
int posix_spawnattr_getpgroup(const posix_spawnattr_t *restrict a, pid_t *restrict pgroup);
int posix_spawnattr_setsigmask(posix_spawnattr_t *restrict a, const sigset_t *restrict mask);
int posix_spawnattr_getsigmask(const posix_spawnattr_t *restrict a, sigset_t *restrict mask);
int posix_spawnattr_setsigdefault(posix_spawnattr_t *restrict a, const sigset_t *restrict set);
int posix_spawnattr_getsigdefault(const posix_spawnattr_t *restrict a, sigset_t *restrict set);

#endif
