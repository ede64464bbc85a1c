/* <inttypes.h> against glibc: the PRI and SCN macros of every width family (exact, least, fast,
   max, ptr) for each conversion, through printf and sscanf. */
#include <inttypes.h>
#include <stdio.h>

int main(void) {
    int_fast16_t f16 = -5; uint_least8_t l8 = 200; uint_fast32_t f32 = 4000000000u; int_least64_t l64 = -9000000000;
    intmax_t m = -7; uintptr_t p = 0x1f;
    printf("%" PRIdFAST16 " %" PRIiFAST16 " %" PRIuLEAST8 " %" PRIoLEAST8 " %" PRIxFAST32 " %" PRIXFAST32 "\n", f16, f16, l8, l8, f32, f32);
    printf("%" PRIdLEAST64 " %" PRIoMAX " %" PRIXMAX " %" PRIiMAX " %" PRIoPTR " %" PRIXPTR " %" PRIiPTR "\n",
           l64, (uintmax_t)8, (uintmax_t)255, m, p, p, (intptr_t)p);
    printf("%" PRIo8 " %" PRIX16 " %" PRIo32 " %" PRIX64 "\n", (uint8_t)9, (uint16_t)0xbeef, (uint32_t)8, (uint64_t)0xfeedface12);
    int8_t s8; uint16_t u16; int32_t s32; uint64_t u64; intmax_t sm; uintptr_t up; int_least16_t sl16; uint_fast8_t uf8;
    int n = sscanf("-12 65535 -2147483648 18446744073709551615 -99 ff 300 17", "%" SCNd8 " %" SCNu16 " %" SCNd32 " %" SCNu64
                   " %" SCNdMAX " %" SCNxPTR " %" SCNiLEAST16 " %" SCNoFAST8, &s8, &u16, &s32, &u64, &sm, &up, &sl16, &uf8);
    printf("%d: %d %u %" PRId32 " %" PRIu64 " %jd %" PRIxPTR " %d %u\n", n, s8, u16, s32, u64, sm, up, sl16, uf8);
    return 0;
}
