// The Linux x86-64 system calls that do each ToyOS call's work, by name. The first name is the one
// the SDK's native twin makes (foreign-binaries/sdk/libc/linux); the others are Linux calls a user
// coming from strace may type for the same thing. Two uses: `--trace-filter openat` and
// `--inject openat:...` suggest the ToyOS name (`open`), and the conformance runner injects a
// fault into a twin with `strace -e inject=` under the Linux name.
extension ToyOS {
    public static let linuxNames: [String: [String]] = [
        "exit": ["exit_group", "exit"], "getpid": ["getpid"], "getppid": ["getppid"],
        "yield": ["sched_yield"], "sysinfo": ["uname"], "kill": ["kill", "tkill", "tgkill"],
        "fork": ["fork", "vfork", "clone", "clone3"], "waitpid": ["wait4", "waitid"],
        "setpgid": ["setpgid"], "getpgid": ["getpgid", "getpgrp"], "setsid": ["setsid"], "alarm": ["alarm", "setitimer"],
        "sigaction": ["rt_sigaction", "sigaction", "signal"], "sigprocmask": ["rt_sigprocmask", "sigprocmask"],
        "sigreturn": ["rt_sigreturn"], "sigpending": ["rt_sigpending"], "sigsuspend": ["rt_sigsuspend"],
        "sigaltstack": ["sigaltstack"], "tcgetpgrp": ["ioctl"], "tcsetpgrp": ["ioctl"],
        "exec": ["execve", "execveat"],
        "open": ["openat", "open", "creat", "openat2"], "close": ["close"], "read": ["read", "readv"],
        "write": ["write", "writev"], "pread": ["pread64", "preadv"], "pwrite": ["pwrite64", "pwritev"],
        "lseek": ["lseek"], "fcntl": ["fcntl"], "poll": ["poll", "ppoll", "select", "pselect6"],
        "dup": ["dup"], "dup2": ["dup2", "dup3"], "pipe": ["pipe2", "pipe"], "ftruncate": ["ftruncate", "truncate"],
        "fsync": ["fsync", "fdatasync"], "stat": ["newfstatat", "stat", "statx"], "fstat": ["newfstatat", "fstat"],
        "lstat": ["newfstatat", "lstat"], "readdir": ["getdents64", "getdents"], "mkdir": ["mkdir", "mkdirat"],
        "rmdir": ["rmdir"], "unlink": ["unlink", "unlinkat"], "rename": ["rename", "renameat", "renameat2"],
        "link": ["link", "linkat"], "symlink": ["symlink", "symlinkat"], "readlink": ["readlink", "readlinkat"],
        "chdir": ["chdir", "fchdir"], "getcwd": ["getcwd"], "access": ["faccessat", "access", "faccessat2"],
        "chmod": ["chmod", "fchmodat", "fchmod"], "utimens": ["utimensat", "utimes", "utime"],
        "map": ["mmap"], "unmap": ["munmap"], "protect": ["mprotect"], "set_tls": ["arch_prctl"],
        "clock_gettime": ["clock_gettime", "gettimeofday", "time"], "nanosleep": ["clock_nanosleep", "nanosleep"],
        "getrandom": ["getrandom"], "tcgetattr": ["ioctl"], "tcsetattr": ["ioctl"], "isatty": ["ioctl"],
        "tcgetwinsize": ["ioctl"],
    ]

    /// The ToyOS calls a Linux call name stands for (`openat` → `open`; `ioctl` → the terminal calls).
    public static func toyNames(forLinux name: String) -> [String] {
        table.map(\.name).filter { linuxNames[$0]?.contains(name) ?? false }
    }
}

extension ToyOS {
    /// What to say about a call name the table does not know: the ToyOS name of a Linux call
    /// (`openat` → "ToyOS calls it 'open'"), or a near miss (`opne` → "did you mean 'open'?"), and
    /// always where the names are listed.
    public static func unknownNameHint(_ name: String) -> String {
        let toy = toyNames(forLinux: name)
        var hint = ""
        if !toy.isEmpty {
            hint = "on ToyOS that is " + toy.map { "'\($0)'" }.joined(separator: " or ") + "; "
        } else if let near = table.map(\.name).min(by: { editDistance($0, name) < editDistance($1, name) }),
                  editDistance(near, name) <= (name.count >= 4 ? 2 : 1) {
            hint = "did you mean '\(near)'? "
        }
        return hint + "`burrow syscalls` lists the ToyOS calls"
    }

    /// Levenshtein distance (names are short).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var prev = row[0]
            row[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let cur = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
