// ToyOS numbers and constants deliberately differ from Linux's for the same name, so that nothing
// can work by accident without translation. Linux values come from Glibc (or, for syscall numbers,
// a literal table of the x86-64 ABI).

import Testing
import BurrowABI
#if canImport(Glibc)
import Glibc
#endif

/// Linux x86-64 system call numbers, keyed by the same-named ToyOS call.
private let linuxSyscallNumbers: [String: UInt32] = [
    "read": 0, "write": 1, "open": 2, "close": 3, "stat": 4, "fstat": 5, "lstat": 6, "poll": 7, "lseek": 8,
    "map": 9, "protect": 10, "unmap": 11, "sigaction": 13, "sigprocmask": 14, "sigreturn": 15,
    "pread": 17, "pwrite": 18, "access": 21, "pipe": 22, "yield": 24, "dup": 32, "dup2": 33,
    "nanosleep": 35, "alarm": 37, "getpid": 39, "fork": 57, "exec": 59, "exit": 60, "waitpid": 61,
    "kill": 62, "sysinfo": 63, "fcntl": 72, "fsync": 74, "ftruncate": 77, "readdir": 78, "getcwd": 79,
    "chdir": 80, "rename": 82, "mkdir": 83, "rmdir": 84, "link": 86, "unlink": 87, "symlink": 88,
    "readlink": 89, "chmod": 90, "setpgid": 109, "getppid": 110, "getpgid": 121, "clock_gettime": 228,
    "utimens": 280, "getrandom": 318,
]

/// Expects every named ToyOS constant in `set` to differ from the Linux value of the same name.
private func expectDiffers(_ set: ConstantSet, _ linux: [String: Int64], allowSame: Set<String> = [],
                           sourceLocation: SourceLocation = #_sourceLocation) {
    for e in set.entries {
        guard let l = linux[e.name] else {
            Issue.record("\(set.id).\(e.name): no Linux value in the test's table", sourceLocation: sourceLocation)
            continue
        }
        if allowSame.contains(e.name) {
            #expect(Int64(bitPattern: e.value) == l, "\(e.name) was expected to equal Linux's", sourceLocation: sourceLocation)
        } else {
            #expect(Int64(bitPattern: e.value) != l, "\(set.id).\(e.name) = \(e.value) equals Linux's", sourceLocation: sourceLocation)
        }
    }
}

@Suite struct LinuxDifferenceTests {
    @Test func syscallNumbersDifferFromLinux() {
        for (name, linux) in linuxSyscallNumbers {
            let row = ToyOS.table.first { $0.name == name }
            #expect(row != nil, "no ToyOS call named \(name)")
            if let row { #expect(row.number != linux, "\(name): ToyOS \(row.number) == Linux \(linux)") }
        }
        #expect(linuxSyscallNumbers.count == 51)
    }

    @Test func errnoDiffersFromLinux() {
        let linux: [String: Int32] = [
            "E2BIG": E2BIG, "EACCES": EACCES, "EAGAIN": EAGAIN, "EBADF": EBADF, "EBUSY": EBUSY, "ECHILD": ECHILD,
            "EDEADLK": EDEADLK, "EDOM": EDOM, "EEXIST": EEXIST, "EFAULT": EFAULT, "EFBIG": EFBIG, "EINTR": EINTR,
            "EINVAL": EINVAL, "EIO": EIO, "EISDIR": EISDIR, "ELOOP": ELOOP, "EMFILE": EMFILE, "EMLINK": EMLINK,
            "ENAMETOOLONG": ENAMETOOLONG, "ENFILE": ENFILE, "ENODEV": ENODEV, "ENOENT": ENOENT, "ENOEXEC": ENOEXEC,
            "ENOMEM": ENOMEM, "ENOSPC": ENOSPC, "ENOSYS": ENOSYS, "ENOTDIR": ENOTDIR, "ENOTEMPTY": ENOTEMPTY,
            "ENOTSUP": ENOTSUP, "ENOTTY": ENOTTY, "ENXIO": ENXIO, "EOVERFLOW": EOVERFLOW, "EPERM": EPERM,
            "EPIPE": EPIPE, "ERANGE": ERANGE, "EROFS": EROFS, "ESPIPE": ESPIPE, "ESRCH": ESRCH, "ETXTBSY": ETXTBSY,
            "EXDEV": EXDEV, "ETIMEDOUT": ETIMEDOUT,
        ]
        expectDiffers(ToyOS.errno, linux.mapValues(Int64.init))
        #expect(ToyOS.errno.entries.count == linux.count)
    }

    @Test func errnoMessagesAreTheHostLibcMessages() {
        // The texts are glibc's strerror() texts (the C locale), so native and foreign output match.
        let linux: [String: Int32] = [
            "EAGAIN": EAGAIN, "ENOENT": ENOENT, "ENOTSUP": ENOTSUP, "EDEADLK": EDEADLK, "ETIMEDOUT": ETIMEDOUT,
            "EXDEV": EXDEV, "ENOTTY": ENOTTY, "EOVERFLOW": EOVERFLOW, "EDOM": EDOM, "EPERM": EPERM,
        ]
        for (name, value) in linux {
            #expect(GuestErrno(name).message == String(cString: strerror(value)), "\(name)")
        }
    }

    @Test func openFlagsDifferFromLinux() {
        expectDiffers(ToyOS.openFlags, [
            "O_RDONLY": Int64(O_RDONLY), "O_WRONLY": Int64(O_WRONLY), "O_RDWR": Int64(O_RDWR),
            "O_CREAT": Int64(O_CREAT), "O_EXCL": Int64(O_EXCL), "O_TRUNC": Int64(O_TRUNC), "O_APPEND": Int64(O_APPEND),
            "O_NONBLOCK": Int64(O_NONBLOCK), "O_DIRECTORY": Int64(O_DIRECTORY), "O_NOFOLLOW": Int64(O_NOFOLLOW),
            "O_CLOEXEC": Int64(O_CLOEXEC), "O_NOCTTY": Int64(O_NOCTTY),
        ])
        #expect(Int64(ToyOS.openAccessModeMask) == Int64(O_ACCMODE), "both are the two low bits")
    }

    @Test func accessModeDiffersFromLinux() {
        expectDiffers(ToyOS.accessMode, ["F_OK": Int64(F_OK), "W_OK": Int64(W_OK), "R_OK": Int64(R_OK), "X_OK": Int64(X_OK)],
                      allowSame: ["F_OK"])
    }

    @Test func protectionDiffersFromLinux() {
        expectDiffers(ToyOS.protection, [
            "PROT_NONE": Int64(PROT_NONE), "PROT_READ": Int64(PROT_READ), "PROT_WRITE": Int64(PROT_WRITE),
            "PROT_EXEC": Int64(PROT_EXEC),
        ], allowSame: ["PROT_NONE"])
    }

    @Test func mapFlagsDifferFromLinux() {
        expectDiffers(ToyOS.mapFlags, [
            "MAP_PRIVATE": Int64(MAP_PRIVATE), "MAP_SHARED": Int64(MAP_SHARED), "MAP_ANON": Int64(MAP_ANONYMOUS),
            "MAP_FIXED": Int64(MAP_FIXED), "MAP_FIXED_NOREPLACE": Int64(MAP_FIXED_NOREPLACE),
        ])
    }

    @Test func whenceDiffersFromLinux() {
        expectDiffers(ToyOS.whence, ["SEEK_SET": Int64(SEEK_SET), "SEEK_CUR": Int64(SEEK_CUR), "SEEK_END": Int64(SEEK_END)])
    }

    @Test func fcntlCommandsDifferFromLinux() {
        expectDiffers(ToyOS.fcntlCommand, [
            "F_DUPFD": Int64(F_DUPFD), "F_GETFD": Int64(F_GETFD), "F_SETFD": Int64(F_SETFD), "F_GETFL": Int64(F_GETFL),
            "F_SETFL": Int64(F_SETFL), "F_DUPFD_CLOEXEC": 1030,
        ])
        expectDiffers(ToyOS.fdFlags, ["FD_CLOEXEC": Int64(FD_CLOEXEC)])
    }

    @Test func clocksDifferFromLinux() {
        expectDiffers(ToyOS.clock, [
            "CLOCK_REALTIME": Int64(CLOCK_REALTIME), "CLOCK_MONOTONIC": Int64(CLOCK_MONOTONIC),
            "CLOCK_PROCESS_CPUTIME": Int64(CLOCK_PROCESS_CPUTIME_ID),
        ])
    }

    @Test func signalsDifferFromLinux() {
        expectDiffers(ToyOS.signal, [
            "SIGINT": Int64(SIGINT), "SIGTERM": Int64(SIGTERM), "SIGKILL": Int64(SIGKILL), "SIGSEGV": Int64(SIGSEGV),
            "SIGILL": Int64(SIGILL), "SIGFPE": Int64(SIGFPE), "SIGABRT": Int64(SIGABRT), "SIGBUS": Int64(SIGBUS),
            "SIGTRAP": Int64(SIGTRAP), "SIGSYS": Int64(SIGSYS), "SIGPIPE": Int64(SIGPIPE), "SIGALRM": Int64(SIGALRM),
            "SIGCHLD": Int64(SIGCHLD), "SIGHUP": Int64(SIGHUP), "SIGQUIT": Int64(SIGQUIT), "SIGUSR1": Int64(SIGUSR1),
            "SIGUSR2": Int64(SIGUSR2), "SIGSTOP": Int64(SIGSTOP), "SIGTSTP": Int64(SIGTSTP), "SIGCONT": Int64(SIGCONT),
            "SIGTTOU": Int64(SIGTTOU), "SIGTTIN": Int64(SIGTTIN), "SIGWINCH": Int64(SIGWINCH),
            // The interrupt lines travel as glibc's SIGRTMIN (34) + 2 + line.
            "SIGIRQ0": 36, "SIGIRQ4": 40,
        ])
    }

    @Test func pollEventsDifferFromLinux() {
        expectDiffers(ToyOS.pollEvents, [
            "POLLERR": Int64(POLLERR), "POLLHUP": Int64(POLLHUP), "POLLNVAL": Int64(POLLNVAL),
            "POLLIN": Int64(POLLIN), "POLLOUT": Int64(POLLOUT), "POLLPRI": Int64(POLLPRI),
        ])
    }

    @Test func direntTypesDifferFromLinux() {
        expectDiffers(ToyOS.direntType, [
            "DT_UNKNOWN": Int64(DT_UNKNOWN), "DT_REG": Int64(DT_REG), "DT_DIR": Int64(DT_DIR), "DT_LNK": Int64(DT_LNK),
            "DT_CHR": Int64(DT_CHR), "DT_BLK": Int64(DT_BLK), "DT_FIFO": Int64(DT_FIFO), "DT_SOCK": Int64(DT_SOCK),
        ], allowSame: ["DT_UNKNOWN"])
    }

    @Test func fileTypesDifferFromLinux() {
        expectDiffers(ToyOS.fileType, [
            "S_IFREG": Int64(S_IFREG), "S_IFDIR": Int64(S_IFDIR), "S_IFLNK": Int64(S_IFLNK), "S_IFCHR": Int64(S_IFCHR),
            "S_IFBLK": Int64(S_IFBLK), "S_IFIFO": Int64(S_IFIFO), "S_IFSOCK": Int64(S_IFSOCK),
        ])
        #expect(Int64(ToyOS.fileTypeMask) != Int64(S_IFMT))
    }

    @Test func otherEnumerationsDifferFromLinux() {
        expectDiffers(ToyOS.sigprocmaskHow, ["SIG_BLOCK": Int64(SIG_BLOCK), "SIG_UNBLOCK": Int64(SIG_UNBLOCK), "SIG_SETMASK": Int64(SIG_SETMASK)])
        expectDiffers(ToyOS.sigactionFlags, ["SA_RESTART": Int64(SA_RESTART), "SA_NODEFER": Int64(SA_NODEFER), "SA_RESETHAND": Int64(SA_RESETHAND),
                                             "SA_ONSTACK": Int64(SA_ONSTACK)])
        expectDiffers(ToyOS.stackFlags, ["SS_ONSTACK": Int64(SS_ONSTACK), "SS_DISABLE": Int64(SS_DISABLE)])
        expectDiffers(ToyOS.tcsetattrWhen, ["TCSANOW": Int64(TCSANOW), "TCSADRAIN": Int64(TCSADRAIN), "TCSAFLUSH": Int64(TCSAFLUSH)])
        expectDiffers(ToyOS.waitOptions, ["WNOHANG": Int64(WNOHANG), "WUNTRACED": Int64(WUNTRACED), "WCONTINUED": Int64(WCONTINUED)])
        expectDiffers(ToyOS.utimensFlags, ["AT_SYMLINK_NOFOLLOW": Int64(AT_SYMLINK_NOFOLLOW)])
    }

    @Test func getrandomFlagsDifferFromLinux() {
        // Linux's GRND_NONBLOCK is 0x0001 (<sys/random.h>).
        expectDiffers(ToyOS.getrandomFlags, ["GRND_NONBLOCK": 0x1])
    }
}
