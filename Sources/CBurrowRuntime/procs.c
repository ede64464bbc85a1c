// The tree-wide process limit of `burrow run --max-procs N`: a table of N pid slots in a shared
// memory file (memfd) that every Burrow process of the tree maps. fork inherits the mapping; a
// guest's exec passes the descriptor to the new Burrow (--exec-procs FD:SLOT). A process holds one
// slot from fork to its end: it frees it itself when it exits or dies by a signal it can see
// (atexit, burrow_die_by_signal); a slot whose process vanished without that (SIGKILL) is taken
// back when the table is full, by asking the kernel whether the pid still exists. Zombies still
// exist, so they keep their slot until reaped, as Linux counts them against RLIMIT_NPROC.
// RLIMIT_NPROC itself cannot do this: it is per user across the whole host and root ignores it.
#define _GNU_SOURCE
#include "burrow_runtime.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

struct procs_table {
    uint32_t limit;
    uint32_t reserved;
    _Atomic int32_t slot[];     // 0 free; -1 reserved by a fork in progress; else a pid
};

static struct procs_table *table;
static int table_fd = -1;
static int my_slot = -1;
// xv6 counts zombies: a process keeps its slot after it ends, until it is reaped (the sweep finds
// its pid gone). Set per process image (fork inherits it; a new image sets it again).
static int hold_until_reaped;

void burrow_procs_hold_until_reaped(void) { hold_until_reaped = 1; }

static void release_at_exit(void) { burrow_procs_release(); }

static int map_table(int fd, uint32_t limit_hint) {
    size_t size = sizeof(struct procs_table) + (size_t)limit_hint * sizeof(int32_t);
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) return errno;
    table = p;
    table_fd = fd;
    atexit(release_at_exit);
    return 0;
}

size_t burrow_procs_table_size(uint32_t limit) {
    return sizeof(struct procs_table) + (size_t)limit * sizeof(int32_t);
}

int burrow_procs_create(uint32_t limit) {
    int fd = memfd_create("burrow-procs", MFD_CLOEXEC);
    if (fd < 0) return -errno;
    size_t size = burrow_procs_table_size(limit);
    if (burrow_own_ftruncate(fd, (off_t)size) != 0) { int e = errno; close(fd); return -e; }
    int e = map_table(fd, limit);
    if (e) { close(fd); return -e; }
    table->limit = limit;
    my_slot = 0;
    atomic_store(&table->slot[0], getpid());
    return fd;
}

int burrow_procs_attach(int fd, int slot) {
    struct procs_table head;
    if (pread(fd, &head, sizeof head, 0) != (ssize_t)sizeof head || slot < 0 || (uint32_t)slot >= head.limit) return EINVAL;
    int e = map_table(fd, head.limit);
    if (e) return e;
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    my_slot = slot;
    atomic_store(&table->slot[slot], getpid());
    return 0;
}

int burrow_procs_fd(void) { return table_fd; }
int burrow_procs_slot(void) { return my_slot; }

// Takes back the slots of processes that no longer exist (killed without freeing theirs).
static void sweep(void) {
    for (uint32_t i = 0; i < table->limit; i++) {
        int32_t pid = atomic_load(&table->slot[i]);
        if (pid > 0 && kill(pid, 0) != 0 && errno == ESRCH)
            atomic_compare_exchange_strong(&table->slot[i], &pid, 0);
    }
}

static int reserve(void) {
    for (uint32_t i = 0; i < table->limit; i++) {
        int32_t free_slot = 0;
        if (atomic_compare_exchange_strong(&table->slot[i], &free_slot, -1)) return (int)i;
    }
    return -1;
}

int burrow_procs_fork(void) {
    if (!table) return burrow_fork();
    int slot = reserve();
    if (slot < 0) {
        sweep();
        slot = reserve();
    }
    if (slot < 0) { errno = EAGAIN; return -1; }
    int pid = burrow_fork();
    if (pid < 0) {
        int e = errno;
        atomic_store(&table->slot[slot], 0);
        errno = e;
        return -1;
    }
    if (pid == 0) {
        my_slot = slot;
        atomic_store(&table->slot[slot], getpid());
        return 0;
    }
    // The child may have written its pid already, or even freed the slot: only a reservation
    // still in place is filled in.
    int32_t reserved = -1;
    atomic_compare_exchange_strong(&table->slot[slot], &reserved, pid);
    return pid;
}

void burrow_procs_release(void) {
    if (!table || my_slot < 0 || hold_until_reaped) return;
    int32_t me = getpid();
    atomic_compare_exchange_strong(&table->slot[my_slot], &me, 0);
    my_slot = -1;
}
