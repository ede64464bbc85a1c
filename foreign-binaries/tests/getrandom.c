/* getrandom: fills exactly the requested count, successive calls differ, the bytes look random (all
 * 256 values in 64 KiB), count 0 returns 0, GRND_NONBLOCK works; EINVAL (unknown flags), EFAULT. */
#include "tt.h"
#include <sys/random.h>

int main(void)
{
    unsigned char a[64], b[64];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    is_int(getrandom(a, sizeof a, 0), 64, "64 bytes");
    is_int(getrandom(b, sizeof b, 0), 64, "64 more bytes");
    ok(memcmp(a, b, sizeof a) != 0, "two calls return different bytes");
    int nz = 0;
    for (int i = 0; i < 64; i++)
        nz += a[i] != 0;
    ok(nz > 32, "the bytes are not mostly zero");

    unsigned char guard[40];
    memset(guard, 0xEE, sizeof guard);
    is_int(getrandom(guard + 8, 16, 0), 16, "16 bytes into the middle of a buffer");
    int outside = 1;
    for (int i = 0; i < 8; i++)
        outside &= guard[i] == 0xEE && guard[24 + i] == 0xEE && guard[32 + i] == 0xEE;
    ok(outside, "nothing written outside the requested range");

    static unsigned char big[65536];
    long got = 0;
    while (got < (long)sizeof big) {
        long n = (long)getrandom(big + got, sizeof big - (size_t)got, 0);
        if (n <= 0)
            break;
        got += n;
    }
    is_int(got, (long)sizeof big, "64 KiB");
    static int seen[256];
    for (size_t i = 0; i < sizeof big; i++)
        seen[big[i]] = 1;
    int values = 0;
    for (int i = 0; i < 256; i++)
        values += seen[i];
    is_int(values, 256, "every byte value appears in 64 KiB");

    is_int(getrandom(a, 0, 0), 0, "count 0 returns 0");
    is_int(getrandom(a, 32, GRND_NONBLOCK), 32, "GRND_NONBLOCK");
    is_errno(getrandom(a, 16, 0x1000), EINVAL, "unknown flag bits: EINVAL");
    is_errno(getrandom(BADPTR, 16, 0), EFAULT, "an unmapped buffer: EFAULT");
    return done_testing();
}
