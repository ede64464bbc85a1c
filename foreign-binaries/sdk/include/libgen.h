/* POSIX dirname and basename (both may modify their argument, and return it or a static string). */
#ifndef _LIBGEN_H
#define _LIBGEN_H

char *dirname(char *path);
char *basename(char *path);

#endif
