/* batch: writes through the batch hypercall (docs/abi.md 7.4): 16 write calls in one exit, each
   entry's result written back; then a batch that stops at its first failing entry (a bad
   descriptor), refused calls (exit, sigsuspend), and the limits. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <toyos/machine.h>

static struct toy_batch_entry ring[16];
static char lines[16][32];

static void queue_write(int i, int fd, const char *s) {
    memset(&ring[i], 0, sizeof ring[i]);
    ring[i].nr = TOY_SYS_write;
    ring[i].args[0] = (uint64_t)fd;
    ring[i].args[1] = (uint64_t)s;
    ring[i].args[2] = strlen(s);
    ring[i].result = 0xdead;
    ring[i].error = 0xdead;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);   /* printf's lines and the batched writes in program order */
    if (!(toy_hv_features() & TOY_HV_FEATURE_BATCH)) { printf("no batch hypercall\n"); return 1; }
    for (int i = 0; i < 16; i++) {
        snprintf(lines[i], sizeof lines[i], "batched line %d\n", i);
        queue_write(i, 1, lines[i]);
    }
    struct toy_result r = toy_hv_batch(ring, 16);
    long total = 0;
    for (int i = 0; i < 16; i++) total += (long)ring[i].result;
    printf("batch of 16: ran %ld (error %ld), %ld bytes written\n", (long)r.value, (long)r.error, total);

    queue_write(0, 1, "first of three\n");
    queue_write(1, 99, "to a bad descriptor\n");
    queue_write(2, 1, "never written\n");
    r = toy_hv_batch(ring, 3);
    printf("stops at the first failure: ran %ld; entry 1 error %lu value %lu (EBADF %d); entry 2 untouched: %s\n",
           (long)r.value, (unsigned long)ring[1].error, (unsigned long)ring[1].result, TOY_EBADF,
           ring[2].result == 0xdead && ring[2].error == 0xdead ? "yes" : "no");

    memset(&ring[0], 0, sizeof ring[0]);
    ring[0].nr = TOY_SYS_exit;
    ring[0].args[0] = 3;
    r = toy_hv_batch(ring, 1);
    printf("exit refused: ran %ld, error %lu value %lu (EINVAL %d)\n", (long)r.value, (unsigned long)ring[0].error,
           (unsigned long)ring[0].result, TOY_EINVAL);

    /* sigsuspend (ABI 1.4) is refused too: it would wait with its mask outliving the batch. */
    static uint64_t empty_mask;
    memset(&ring[0], 0, sizeof ring[0]);
    ring[0].nr = TOY_SYS_sigsuspend;
    ring[0].args[0] = (uint64_t)(uintptr_t)&empty_mask;
    r = toy_hv_batch(ring, 1);
    printf("sigsuspend refused: ran %ld, error %lu value %lu\n", (long)r.value, (unsigned long)ring[0].error,
           (unsigned long)ring[0].result);

    ring[0].nr = 0xffff;
    r = toy_hv_batch(ring, 1);
    printf("unknown number: error %lu value %lu (ENOSYS %d)\n", (unsigned long)ring[0].error, (unsigned long)ring[0].result, TOY_ENOSYS);

    r = toy_hv_batch(ring, TOY_BATCH_MAX + 1);
    printf("too many: error %ld value %ld\n", (long)r.error, (long)r.value);
    r = toy_hv_batch((void *)16, 1);
    printf("unreadable ring: error %ld value %ld (EFAULT %d)\n", (long)r.error, (long)r.value, TOY_EFAULT);
    r = toy_hv_batch(ring, 0);
    printf("empty batch: ran %ld\n", (long)r.value);

    /* The same calls one by one and batched: the same results and the same bytes. */
    int one[2], many[2];
    if (pipe(one) != 0 || pipe(many) != 0) return 1;
    static const char *words[] = {"alpha ", "beta ", "gamma ", "delta"};
    long single[8];
    for (int i = 0; i < 4; i++) {
        struct toy_result w = toy_sys_write(one[1], words[i], strlen(words[i]));
        struct toy_result p = toy_sys_getpid();
        single[2 * i] = (long)w.value;
        single[2 * i + 1] = (long)p.value;
    }
    for (int i = 0; i < 4; i++) {
        queue_write(2 * i, many[1], words[i]);
        memset(&ring[2 * i + 1], 0, sizeof ring[0]);
        ring[2 * i + 1].nr = TOY_SYS_getpid;
    }
    r = toy_hv_batch(ring, 8);
    int same = r.value == 8;
    for (int i = 0; i < 8; i++) same = same && ring[i].error == 0 && (long)ring[i].result == single[i];
    char a[64] = {0}, b[64] = {0};
    ssize_t na = read(one[0], a, sizeof a - 1), nb = read(many[0], b, sizeof b - 1);
    printf("one by one and batched agree: results %s, bytes %s (\"%s\")\n", same ? "yes" : "no",
           na == nb && memcmp(a, b, (size_t)na) == 0 ? "yes" : "no", b);
    return 0;
}
