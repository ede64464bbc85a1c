// The fast path's host side: the slot table below 2 GiB and the patcher. See fastpath.S for the
// thunk and docs/architecture.md ("The fast path") for the design.
//
// W^X: the patch is written through /proc/self/mem (a FOLL_FORCE write, as a debugger's poke):
// the kernel copies the private page and writes it while its protection stays r-x, so there is no
// moment where guest code is writable, and nothing else of the guest's memory changes. The kernel
// refuses such a write to a shared mapping (it would reach the file), so a stub in a MAP_SHARED
// file mapping stays on the trap path. When /proc/self/mem cannot be opened (a kernel booted with
// proc_mem.force_override=never, no /proc), the fast path is off: an mprotect window would be
// possible for private mappings, but it cannot tell them from shared ones without parsing
// /proc/self/maps, and writing a guest's file through its mapping is worse than a slow call.
#define _GNU_SOURCE
#include "burrow_runtime.h"

#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern char burrow_fast_entries[], burrow_fast_entries_end[] __attribute__((visibility("hidden")));
extern char burrow_fast_thunk[], burrow_fast_thunk_end[] __attribute__((visibility("hidden")));
extern char burrow_fast_return[], burrow_fast_return_end[] __attribute__((visibility("hidden")));
extern char burrow_quick_lane[], burrow_quick_lane_end[], burrow_quick_return[], burrow_quick_return_end[],
    burrow_quick_emms[], burrow_quick_read_return[], burrow_quick_read_stub[], burrow_quick_read_caller[],
    burrow_quick_jump[] __attribute__((visibility("hidden")));
extern char burrow_fast_read_return[], burrow_fast_read_stub[], burrow_fast_read_caller[], burrow_fast_jump[], burrow_fast_emms[] __attribute__((visibility("hidden")));
// Read by the thunk (fastpath.S).
extern uint32_t (*burrow_fast_dispatcher)(void *) __attribute__((visibility("hidden")));
extern void *burrow_fast_context __attribute__((visibility("hidden")));
extern uint32_t (*burrow_fast_completer)(void *, long) __attribute__((visibility("hidden")));
extern void (*burrow_fast_observer)(void *, long) __attribute__((visibility("hidden")));
burrow_host_call burrow_fast_host_call;
_Static_assert(offsetof(burrow_host_call, interruptible) == 56, "BURROW_HOST_CALL_INTERRUPTIBLE (vcpu_asm.h)");
_Static_assert(offsetof(burrow_host_call, quiet) == 64, "BURROW_HOST_CALL_QUIET (vcpu_asm.h)");

int burrow_fast_fsgsbase;
static int ready;
static int mem_fd = -1;
static pid_t mem_pid;   // /proc/self/mem names the mm of the opener: a forked child reopens it

int burrow_fastpath_init(void) {
    if (ready) return 0;
    if ((burrow_fast_entries_end - burrow_fast_entries) != BURROW_FAST_SLOTS * 16) return EINVAL;
    size_t size = BURROW_FAST_SLOTS * sizeof(uint64_t);
    void *want = (void *)BURROW_FAST_TABLE_ADDRESS;
    void *p = mmap(want, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED) return errno;
    if (p != want) { munmap(p, 4096); return EEXIST; }
    uint64_t *slots = p;
    for (size_t i = 0; i < size / sizeof(uint64_t); i++) slots[i] = (uint64_t)(burrow_fast_entries + 16 * i);
    // Read-only from now on: a guest cannot redirect a slot (it cannot map or protect reserved
    // ranges either, docs/abi.md section 6).
    if (mprotect(p, 4096, PROT_READ) != 0) return errno;
    mem_fd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
    if (mem_fd < 0) return errno;
    mem_pid = getpid();
    ready = 1;
    return 0;
}

int burrow_fastpath_ready(void) { return ready; }

int burrow_fastpath_in_thunk(uint64_t rip) {
    return (rip >= (uint64_t)burrow_fast_thunk && rip < (uint64_t)burrow_fast_thunk_end) ||
           (rip >= (uint64_t)burrow_quick_lane && rip < (uint64_t)burrow_quick_lane_end);
}

int burrow_fastpath_in_quick_return(uint64_t rip) {
    return rip >= (uint64_t)burrow_quick_return && rip < (uint64_t)burrow_quick_return_end;
}

int burrow_fastpath_quick_guest_access(uint64_t rip) {
    return rip == (uint64_t)burrow_quick_read_return || rip == (uint64_t)burrow_quick_read_stub ||
           rip == (uint64_t)burrow_quick_read_caller || rip == (uint64_t)burrow_quick_jump;
}

int burrow_fastpath_in_return(uint64_t rip) {
    return rip >= (uint64_t)burrow_fast_return && rip < (uint64_t)burrow_fast_return_end;
}

int burrow_fastpath_in_entries(uint64_t rip) {
    return rip >= (uint64_t)burrow_fast_entries && rip < (uint64_t)burrow_fast_entries_end;
}

int burrow_fastpath_guest_access(uint64_t rip) {
    return rip == (uint64_t)burrow_fast_read_return || rip == (uint64_t)burrow_fast_read_stub ||
           rip == (uint64_t)burrow_fast_read_caller || rip == (uint64_t)burrow_fast_jump;
}

int burrow_fastpath_at_emms(uint64_t rip) { return rip == (uint64_t)burrow_fast_emms || rip == (uint64_t)burrow_quick_emms; }

void burrow_fastpath_set_dispatcher(uint32_t (*dispatcher)(void *), void *context) {
    burrow_fast_context = context;
    burrow_fast_dispatcher = dispatcher;
}

void burrow_fastpath_set_completer(uint32_t (*completer)(void *, long)) {
    burrow_fast_completer = completer;
}

void burrow_fastpath_set_observer(void (*observer)(void *, long)) {
    burrow_fast_observer = observer;
}

int burrow_fastpath_patch(uint64_t stub, uint32_t number) {
    if (!ready || number >= BURROW_FAST_SLOTS) return EINVAL;
    const unsigned char *b = (const unsigned char *)stub;
    uint32_t imm;
    memcpy(&imm, b + 1, 4);
    // The caller verified the shape through GuestMemory (mapped, executable, one region); this
    // is the last word before the write.
    if (b[0] != 0xB8 || imm != number || b[5] != 0xCD || b[6] != burrow_syscall_vector() || b[7] != 0xC3) return EINVAL;
    uint32_t slot = (uint32_t)(BURROW_FAST_TABLE_ADDRESS + 8 * number);
    unsigned char patch[BURROW_FAST_CALL_LENGTH] = { 0xFF, 0x14, 0x25 };
    memcpy(patch + 3, &slot, 4);
    if (getpid() != mem_pid) {
        // After fork the inherited descriptor still writes the PARENT's memory. The new one takes
        // the old one's number, so the set of Burrow's own descriptors does not change.
        int fd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
        if (fd < 0) return errno;
        if (fd != mem_fd) {
            if (dup3(fd, mem_fd, O_CLOEXEC) < 0) { int e = errno; close(fd); return e; }
            close(fd);
        }
        mem_pid = getpid();
    }
    ssize_t w = pwrite(mem_fd, patch, sizeof patch, (off_t)stub);
    if (w == (ssize_t)sizeof patch) return 0;
    return w < 0 ? errno : EIO;
}

long burrow_scan_raw_syscalls(const void *p, size_t n) {
    const unsigned char *b = p, *end = b + n;
    // Byte pairs, at every offset: code can jump into the middle of another instruction.
    for (const unsigned char *q = b; q + 1 < end; q++) {
        if ((q[0] == 0x0F && (q[1] == 0x05 || q[1] == 0x34)) || (q[0] == 0xCD && q[1] == 0x80)) return q - b;
    }
    return -1;
}
