/* sha256 [MIB] - SHA-256 (FIPS 180-4) of MIB mebibytes (default 64) generated in memory: a 1 MiB
 * buffer filled once and hashed MIB times as one message. CPU-bound: a handful of system calls in
 * all, so under Burrow it should run at native speed. Prints the digest (the same on both targets). */
#include "bench.h"
#include "../programs/sha256.h"

#define CHUNK (1024 * 1024)

int main(int argc, char **argv)
{
    long mib = bench_count(argc, argv, 1, 64);
    unsigned char *buf = malloc(CHUNK);
    if (!buf) bench_fail("malloc");
    uint32_t x = 2463534242u;  /* xorshift32: the same bytes on every target */
    for (size_t i = 0; i < CHUNK; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        buf[i] = (unsigned char)x;
    }

    struct sha256 s;
    sha_init(&s);
    for (long m = 0; m < mib; m++)
        sha_update(&s, buf, CHUNK);
    unsigned char digest[32];
    sha_final(&s, digest);
    for (int i = 0; i < 32; i++) printf("%02x", digest[i]);
    printf("  sha256 of %ld MiB\n", mib);
    free(buf);
    return 0;
}
