// xv6 ABI basics: the start block, the calling convention (registers preserved, 32-bit int
// arguments, sign-extended results), getpid, write, sbrk, uptime and sleep, an unknown call.
#include "lib/user.h"

int main(int argc, char **argv) {
    // Entry is main: [rsp] = 0xffffffff, [rsp+8] = argc, [rsp+16] = argv (seen through the frame).
    uint64 *frame = __builtin_frame_address(0);
    ok(frame[1] == 0xffffffffUL, "[rsp] at entry is the fake return address 0xffffffff");
    ok(frame[2] == (uint64)argc, "[rsp+8] is argc");
    ok(frame[3] == (uint64)argv, "[rsp+16] is argv");
    ok(argc == 3 && strcmp(argv[0], "basics") == 0 && strcmp(argv[1], "one") == 0 && strcmp(argv[2], "two words") == 0,
       "argc and argv as given");
    ok(argv[argc] == 0, "argv is NULL-terminated");
    ok((((uint64)frame + 2 * sizeof(uint64)) & 15) == 0, "rsp+8 (esp+4) at entry is 16-byte aligned");
    // The stack is one page: argv lies in it, just below where the heap starts.
    char *heap = sbrk(0);
    ok((uint64)argv < (uint64)heap && (uint64)argv >= (uint64)heap - 4096, "argv is in the one stack page below the heap");

    ok(calls_preserve(), "every register but rax survives a system call");
    ok(garbage_upper(1, "# upper halves ignored\n", 23) == 23, "int arguments use their low 32 bits");
    ok(getpid() > 0, "getpid");
    ok(call_with_stack(0) == getpid() && call_with_stack(0x90000000UL) == getpid() && call_with_stack(0x123) == getpid(),
       "the trap path never uses the guest's stack");
    ok(link("nosuchfile", (char *)0x1000) == -1 && open((char *)0x90000000UL, O_RDONLY) == -1, "bad pointers are -1, not a crash");
    char small[4];
    ok(read(0, small, -1) == -1, "read with a negative count is -1");
    ok(open("", O_RDONLY) == -1 && mkdir("") == -1, "an empty path is -1");
    ok(write(1, "", 0) == 0, "write of 0 bytes");
    ok(write(-1, "x", 1) == -1, "write to a bad descriptor is -1");
    ok(write(99, "x", 1) == -1, "write to a closed descriptor is -1");
    ok(nosuchcall() == -1, "an unknown call returns -1");
    long r = (long)sbrk(-0x7fffffff);
    ok(r == -1, "sbrk below the heap fails with -1, sign-extended");

    // sbrk: grows zero-filled, returns the old break, shrinks.
    char *a = sbrk(0);
    char *b = sbrk(10);
    ok(a == b, "sbrk returns the old break");
    ok(sbrk(0) == a + 10, "the break moved by n");
    ok(b[0] == 0 && b[9] == 0, "new heap memory is zero");
    b[9] = 7;
    char *c = sbrk(8192);
    ok(c == a + 10, "sbrk again");
    c[8191] = 1;
    ok(sbrk(-(8192 + 10)) == a + 10 + 8192, "shrinking returns the old break");
    ok(sbrk(0) == a, "back where it started");
    // 100 MiB of heap.
    char *big = sbrk(100 * 1024 * 1024);
    ok(big != (char *)-1, "sbrk grows by 100 MiB");
    if (big != (char *)-1) {
        big[100 * 1024 * 1024 - 1] = 1;
        ok(sbrk(-(100 * 1024 * 1024)) == big + 100 * 1024 * 1024, "and shrinks back");
    }
    char *again = sbrk(4096);
    ok(again[0] == 0 && again[4095] == 0, "a released and re-grown page is zero again");
    ok((long)sbrk(0x7fffffff) == -1, "sbrk past the end of user memory fails");

    int t0 = uptime();
    ok(t0 >= 0, "uptime counts ticks");
    ok(sleep(2) == 0, "sleep");
    ok(uptime() >= t0 + 2, "sleep(2) lasts at least 2 ticks");
    ok(sleep(0) == 0, "sleep(0)");
    done();
}
