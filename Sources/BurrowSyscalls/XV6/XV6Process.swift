// xv6 process and memory calls: fork, wait, kill, exec, sbrk, sleep. An xv6 process is a Burrow
// process, as a ToyOS one is (docs/architecture.md, "Processes and signals"); exec re-executes
// Burrow through the front end's hooks, with the tree and the console carried on
// hidden options.
import BurrowABI
import BurrowVMM
import CBurrowRuntime
import Glibc

extension XV6Personality {
    /// fork(): the host's fork (open-file offsets are shared, as in xv6), taking a slot of the
    /// tree's process table (procs.c, as `--max-procs`): fails past 64 processes in the tree,
    /// zombies included (an xv6 process holds its slot until it is reaped).
    func fork() throws(GuestErrno) -> UInt64 {
        observer?.willFork()
        let pid = burrow_procs_fork()
        if pid < 0 {
            let e = errno
            observer?.didFork(inChild: false)
            throw GuestErrno(host: e)
        }
        if pid == 0 {
            observer?.didFork(inChild: true)
            return 0
        }
        observer?.didFork(inChild: false)
        return UInt64(pid)
    }

    /// wait(): any child's end; its pid, or -1 without children. (The reaped child's slot is
    /// free once its pid is gone: the table's sweep finds it.)
    func wait() throws(GuestErrno) -> UInt64 {
        var status: Int32 = 0
        return UInt64(try blocking { burrow_blocking_wait4(-1, &status, 0) })
    }

    /// kill(pid): the target dies (host SIGKILL) — xv6 marks it and it dies at its next system
    /// call or tick, so nothing the guest can see differs. Only processes of a Burrow tree (the
    /// same executable as this one) can be killed: a guest's `kill 1` never reaches the host's init.
    func kill(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let pid = Int32(truncatingIfNeeded: a.int(0))
        guard pid > 0 else { throw .ESRCH }
        var mine = Glibc.stat(), theirs = Glibc.stat()
        guard fstatat(AT_FDCWD, "/proc/self/exe", &mine, 0) == 0, fstatat(AT_FDCWD, "/proc/\(pid)/exe", &theirs, 0) == 0,
              mine.st_dev == theirs.st_dev, mine.st_ino == theirs.st_ino else {
            // A child that is exiting or a zombie has no executable any more; every child of ours
            // is a process of the tree, and killing it succeeds, as in xv6.
            guard Self.isOwnChild(pid) else { throw .ESRCH }
            _ = Glibc.kill(pid, SIGKILL)
            return 0
        }
        _ = try host { Glibc.kill(pid, SIGKILL) }
        return 0
    }

    /// /proc/PID/stat names our pid as the parent.
    static func isOwnChild(_ pid: Int32) -> Bool {
        let fd = Glibc.open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        var buf = [UInt8](repeating: 0, count: 512)
        let n = Glibc.read(fd, &buf, buf.count)
        guard n > 0, let close = buf[0..<n].lastIndex(of: UInt8(ascii: ")")) else { return false }
        // After "pid (comm) ": state, then ppid.
        let fields = buf[(close + 1)..<n].split(separator: UInt8(ascii: " "))
        guard fields.count >= 2 else { return false }
        return Int32(String(decoding: fields[1], as: UTF8.self)) == getpid()
    }

    /// sbrk(n): the old break. Growing maps zero-filled pages (up to the end of user memory, and
    /// at most XV6AddressSpace.heapLimit of heap); shrinking releases whole pages.
    func sbrk(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let n = a.int(0)
        let old = brk
        let new = Int64(bitPattern: old) + n
        guard new >= Int64(heapStart), new <= Int64(XV6AddressSpace.userTop),
              UInt64(new) - heapStart <= XV6AddressSpace.heapLimit else { throw .ENOMEM }
        let page = GuestMemory.pageSize
        let oldTop = (old + page - 1) & ~(page - 1)
        let newTop = (UInt64(new) + page - 1) & ~(page - 1)
        if newTop > oldTop {
            do { try memory.mapAnonymous(at: oldTop, length: newTop - oldTop, protection: [.read, .write], name: "[heap]") } catch {
                throw .ENOMEM
            }
        } else if newTop < oldTop {
            memory.unmap(newTop, oldTop - newTop)
        }
        brk = UInt64(new)
        return old
    }

    /// sleep(n): until the tick count reaches its value at the call plus n (ticks of the tree).
    func sleep(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let n = a.int(0)
        guard n > 0 else { return 0 }
        let deadline = tree.startNs &+ (tree.ticks &+ UInt64(n)) &* XV6.tickNanoseconds
        _ = try blocking { burrow_blocking_sleep_until(CLOCK_MONOTONIC, deadline) }
        return 0
    }

    // MARK: - exec

    /// exec(path, argv): at most 32 arguments, and the strings and the argv array must fit the
    /// one 4 KiB stack page (XV6Start), else -1 and the caller carries on.
    func exec(_ a: SyscallArgs, number: UInt64) throws(GuestErrno) -> UInt64 {
        guard let hooks = execHooks else { throw .ENOSYS }
        let p = try path(a[0])
        var argv: [[UInt8]] = []
        var at = a[1]
        while true {
            let ptr: UInt64
            do { ptr = is32Bit ? UInt64(try memory.load(UInt32.self, at: at)) : try memory.load(UInt64.self, at: at) } catch { throw .EFAULT }
            if ptr == 0 { break }
            guard argv.count < XV6.maxArguments else { throw .E2BIG }
            let s: [UInt8]?
            do { s = try memory.readCString(ptr, max: Int(XV6AddressSpace.stackSize)) } catch { throw .EFAULT }
            guard let s else { throw .E2BIG }
            argv.append(s)
            at &+= UInt64(wordSize)
        }
        guard XV6StartBlock(arguments: argv, stackTop: XV6AddressSpace.stackSize, wordSize: wordSize) != nil else { throw .E2BIG }
        let program = try executableHostPath(p)
        let refused = hooks.check(program, XV6.personalityName)
        if refused != 0 { throw GuestErrno(host: refused) }
        var kept: [(guest: Int, host: Int32)] = []
        for g in files.openDescriptors() {
            if let e = try? files.entry(Int64(g)) { kept.append((g, e.host)) }
        }
        let consoleList = consoleDescriptors.sorted().map(String.init).joined(separator: ",")
        let request = ExecRequest(program: program, arguments: argv,
                                  environment: Self.environment(), descriptors: kept, blocked: 0, pending: 0,
                                  cwd: paths.isRooted ? String(decoding: (try? paths.getcwd()) ?? Array("/".utf8), as: UTF8.self) : nil,
                                  personality: XV6.personalityName,
                                  extraArguments: ["--xv6-state", "\(tree.fd):\(console.input):\(console.output):\(consoleList)"],
                                  keptHostDescriptors: [tree.fd, console.input, console.output])
        observer?.willExec(number: number, args: a)
        throw GuestErrno(host: hooks.start(request))
    }

    /// xv6 has no environment: the new Burrow gets Burrow's own (it reads nothing from it for
    /// the guest).
    static func environment() -> [[UInt8]] {
        var out: [[UInt8]] = []
        var p = environ
        // SAFETY: environ's strings are NUL-terminated and alive for the whole process.
        while let e = p.pointee { out.append(Array(UnsafeRawBufferPointer(start: e, count: strlen(e)))); p += 1 }
        return out
    }

    /// The host path of a guest path exec may run: an existing regular file (xv6 has no
    /// permission bits; the host's execute bit is not asked for).
    func executableHostPath(_ path: [UInt8]) throws(GuestErrno) -> String {
        let fd = try paths.open(path, flags: O_RDONLY | O_CLOEXEC, mode: 0)
        defer { Glibc.close(fd) }
        var st = Glibc.stat()
        _ = try host { Glibc.fstat(fd, &st) }
        guard st.st_mode & S_IFMT == S_IFREG else { throw .EACCES }
        var buf = [CChar](repeating: 0, count: 4097)
        let n = Glibc.readlink("/proc/self/fd/\(fd)", &buf, buf.count - 1)
        guard n > 0 else { throw .ENOENT }
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
