/* POSIX dirname and basename (both may modify their argument, and return it or a static string). */
#ifndef _LIBGEN_H
#define _LIBGEN_H

char *dirname(char *path);
/* POSIX basename; as in glibc, the name is redirected so that <string.h>'s GNU basename (with
   _GNU_SOURCE) does not apply once <libgen.h> is included. */
char *__xpg_basename(char *path);
#define basename __xpg_basename

#endif
