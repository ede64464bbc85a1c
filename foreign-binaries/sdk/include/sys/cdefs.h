/* The glibc/BSD declaration helpers that portable sources use in their own headers. */
#ifndef _SYS_CDEFS_H
#define _SYS_CDEFS_H
#ifdef __cplusplus
#define __BEGIN_DECLS extern "C" {
#define __END_DECLS }
#else
#define __BEGIN_DECLS
#define __END_DECLS
#endif
#define __THROW
#define __P(args) args
#define __PMT(args) args
#define __CONCAT(x, y) x##y
#define __STRING(x) #x
/* (No __unused: as in glibc, Linux-minded code uses the name for fields, glob.h's included.) */
#endif
