/* Private: the locale state the multibyte and wide-character code reads. */
#ifndef _SDK_LOCALE_IMPL_H
#define _SDK_LOCALE_IMPL_H

/* Nonzero when LC_CTYPE is C.UTF-8 (set by setlocale in locale.c). */
extern int __sdk_utf8 __attribute__((visibility("hidden")));

#endif
