// The front end's half of a guest's exec (the personality's half is BurrowSyscalls/Exec.swift):
// check that the new program is a ToyOS executable, then execve Burrow itself with the state the
// new process continues from. The state travels on the command line as hidden options of `run`
// (--exec-fds, --exec-mask BLOCKED:PENDING, --exec-env, --exec-procs FD:SLOT for --max-procs,
// --exec-diag-fd for Burrow's own stderr, and a personality's own: xv6's --xv6-state); signals the guest ignores travel as the host's own
// SIG_IGN dispositions, which execve keeps, and a pending alarm survives execve by itself.
import BurrowABI
import BurrowLoader
import BurrowSyscalls
import BurrowVMM
import CBurrowRuntime
import Glibc

extension Run {
    func execHooks() -> ExecHooks {
        ExecHooks(check: { program, personality in
            do {
                // xv6 has no permission bits: its exec asks for no execute bit.
                _ = try GuestImage.load(path: program, forExecution: personality != XV6.personalityName, personality: personality)
                return 0
            } catch let error as LoadError {
                switch error.kind {
                case .notFound: return ENOENT
                case .notADirectory: return ENOTDIR
                case .permissionDenied, .notExecutable, .isDirectory, .notRegularFile: return EACCES
                case .readFailed: return EIO
                case .argumentListTooLong: return E2BIG
                default: return ENOEXEC
                }
            } catch {
                return ENOEXEC
            }
        }, start: { request in self.reexec(request) })
    }

    /// execve("/proc/self/exe", burrow run ...): returns only on failure, with the errno, after
    /// putting the descriptors back as they were.
    func reexec(_ r: ExecRequest) -> Int32 {
        var args = ["burrow", "run"]
        if let p = r.personality { args += ["--personality", p] }
        args += r.extraArguments
        if let root { args += ["--root", root] }
        for b in binds { args += ["--bind", b] }
        if let cwd = r.cwd { args += ["--cwd", cwd] }
        if allowLinuxSyscalls { args.append("--allow-linux-syscalls") }
        if noFastPath { args.append("--no-fast-path") }
        if syscallGuard != .scan { args += ["--syscall-guard", syscallGuard.rawValue] }
        args += tracing.forwarded(currentTraceSession)
        args += ["--exec-fds", r.descriptors.map { "\($0.guest):\($0.host)" }.joined(separator: ","),
                 "--exec-mask", String(r.blocked, radix: 16) + ":" + String(r.pending, radix: 16), "--exec-env"]
        // `--argv0=VALUE`: a value that looks like an option ("-sh") stays a value. An empty
        // argv[0] cannot be passed this way (ArgumentParser reads it as missing); the program's
        // path stands in for it then.
        // The tree's process table: this process keeps its slot in the new image.
        let procs = burrow_procs_fd()
        if procs >= 0 { args.append("--exec-procs=\(procs):\(burrow_procs_slot())") }
        // Burrow's own stderr stays the first Burrow's (Diagnostics.adopt), whatever the guest did
        // with its fd 2.
        let diag = Diagnostics.fd > 2 ? Diagnostics.fd : -1
        if diag >= 0 { args.append("--exec-diag-fd=\(diag)") }
        // The guest's strings go as bytes, exactly as it gave them (GuestStrings.swift reads them).
        var words = args.map { Array($0.utf8) }
        if let zero = r.arguments.first, !zero.isEmpty { words.append(Array("--argv0=".utf8) + zero) }
        words += [Array("--".utf8), Array(r.program.utf8)] + r.arguments.dropFirst()

        // Every kept host descriptor loses its close-on-exec for the execve, 0-2 included: after
        // the guest closed its stdin, a dup2 or pipe may have put a guest descriptor at host 0.
        let kept = (r.descriptors.map(\.host) + r.keptHostDescriptors + (procs >= 0 ? [procs] : []) + (diag >= 0 ? [diag] : []))
            .filter { burrow_fcntl_int($0, F_GETFD, 0) & FD_CLOEXEC != 0 }
        for fd in kept { _ = burrow_fcntl_int(fd, F_SETFD, 0) }
        // The raw-syscall guard's helper (guardbp.c, "Warm-up") must not outlive this image as
        // our child: reaped first (a wait only when an exec comes within its 5-30 ms).
        burrow_guard_warmup_reap()
        fflush(nil)
        let e = withCStrings(bytes: words) { argv in
            withCStrings(bytes: r.environment) { envp in
                execve("/proc/self/exe", argv, envp)
                return errno
            }
        }
        for fd in kept { _ = burrow_fcntl_int(fd, F_SETFD, FD_CLOEXEC) }
        return e
    }

    /// The guest's descriptor table after an exec: "guest:host,..." (host descriptors above 2
    /// become close-on-exec on the host again, as Burrow keeps them).
    static func descriptorTable(_ spec: String) throws -> FileTable {
        let t = FileTable()
        for pair in spec.split(separator: ",") {
            let parts = pair.split(separator: ":")
            guard parts.count == 2, let g = Int(parts[0]), let h = Int32(parts[1]), g >= 0, h >= 0,
                  burrow_fcntl_int(h, F_GETFD, 0) >= 0 else {
                throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: --exec-fds: bad entry \(pair)")
            }
            if h > 2 { _ = burrow_fcntl_int(h, F_SETFD, FD_CLOEXEC) }
            try? t.replace(g, host: h, closeOnExec: false)
        }
        return t
    }
}

extension Run {
    /// --max-procs: generous by default (a shell and its pipelines never meet it; a fork bomb does).
    static let defaultMaxProcs: UInt32 = 1024
    /// Linux's own ceiling on pids (pid_max's largest value).
    static let maxMaxProcs: UInt32 = 4_194_304

    /// The first process creates the tree's process table (procs.c); after a guest's exec, the
    /// new Burrow joins the one it was handed (--exec-procs FD:SLOT), keeping its slot.
    /// `limit` is the personality's own when it has one (xv6: 64 processes) and --max-procs is
    /// not smaller.
    func joinProcessTable(limit: UInt32? = nil) throws {
        if let execProcs {
            let parts = execProcs.split(separator: ":").map { Int32($0) }
            guard parts.count == 2, let fd = parts[0], let slot = parts[1], burrow_procs_attach(fd, slot) == 0 else {
                throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: --exec-procs: bad value \(execProcs)")
            }
            return
        }
        let slots = min(maxProcs, limit ?? maxProcs)
        let fd = burrow_procs_create(slots)
        if fd == -EFBIG {
            // The table is a memfd, which a hard `ulimit -f` binds even for Burrow's own files.
            throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: cannot create the process table of \(slots) slots (\(burrow_procs_table_size(slots)) bytes): the file size limit (ulimit -f) is lower; raise it, set only its soft limit (ulimit -S -f), or pass a smaller --max-procs")
        }
        if fd < 0 {
            throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: cannot create the process table: \(String(cString: strerror(-fd)))")
        }
    }
}
