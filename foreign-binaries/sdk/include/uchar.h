/* UTF-16 and UTF-32 code units and the conversions of C11 <uchar.h>: mbrtoc16, c16rtomb, mbrtoc32,
   c32rtomb, in the current locale's multibyte encoding (C: ASCII only; C.UTF-8: UTF-8). A character
   above U+FFFF becomes a surrogate pair: mbrtoc16 gives the high half with the byte count, then the
   low half with (size_t)-3; c16rtomb takes the high half (0 bytes) and writes the character with
   the low. */
#ifndef _UCHAR_H
#define _UCHAR_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#ifndef __cplusplus
typedef uint_least16_t char16_t;
typedef uint_least32_t char32_t;
#endif

size_t mbrtoc16(char16_t *restrict pc16, const char *restrict s, size_t n, mbstate_t *restrict ps);
size_t c16rtomb(char *restrict s, char16_t c16, mbstate_t *restrict ps);
size_t mbrtoc32(char32_t *restrict pc32, const char *restrict s, size_t n, mbstate_t *restrict ps);
size_t c32rtomb(char *restrict s, char32_t c32, mbstate_t *restrict ps);

#endif
