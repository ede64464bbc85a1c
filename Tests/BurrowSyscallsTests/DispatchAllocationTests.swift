// The dispatch path of a call that does not return a string makes no heap allocation
// (docs/performance.md, section 3): decoding, the table lookup, argument translation, path copy-in
// and resolution, struct encoding and the result, around the host call. Each call runs through
// ToyOSPersonality.handleSyscall exactly as the trap leaves it (registers set by hand), once to
// warm up (lazy statics, the once-per-number report), then several times while this thread's
// allocations are counted by a counting malloc (Tests/CAllocCounter). Counts, never time.
//
// Both modes: host paths, and rooted mode (--root, the fixture's directory as the guest's "/",
// with the standard binds: /dev/null and the others, /proc), where a path without ".", "..", "//"
// or a symlink is placed in its mount without the walk of PathWalk.swift (which builds arrays,
// and still runs for every other path).
//
// Not covered, by design: calls that return strings or records (getcwd, readlink, readdir,
// sysinfo), calls that create or destroy processes or mappings (fork, exec, waitpid, map, unmap,
// protect: the region table and the process change).
import BurrowABI
import CAllocCounter
import Testing
@testable import BurrowSyscalls
import BurrowVMM
#if canImport(Glibc)
import Glibc
#endif

/// Two guest pages holding the call's arguments, a personality in host-path or rooted mode, and a
/// private temporary directory (absolute paths only, or, rooted, relative to the guest's "/": no
/// test depends on the process's cwd).
private final class DispatchFixture {
    let process: GuestProcess
    let personality: ToyOSPersonality
    let page: UInt64
    let dir: String
    let pipeRead: UInt64, devNull: UInt64, file: UInt64
    // Guest addresses of the arguments.
    var filePath: UInt64 { page }            // dir/f (exists)
    var newPath: UInt64 { page + 256 }       // dir/n (created and removed)
    var otherPath: UInt64 { page + 512 }     // dir/o (rename target)
    var dirPath: UInt64 { page + 768 }       // dir/d (mkdir, rmdir)
    var buf: UInt64 { page + 1024 }          // out structures and data
    var relativePath: UInt64 { page + 900 }  // rooted: "f", relative to the guest's cwd ("/")
    var devNullPath: UInt64 { page + 920 }   // rooted: "/dev/null", a file bind
    var innerName: UInt64 { page + 940 }     // rooted: "g", in dir/sub (relative to "/sub")
    var longPath: UInt64 { page + 4096 - 60 } // dir/missing/abcdefgh/... (~290 bytes, across the page boundary)
    let hostFDs: [Int32]

    init(rooted: Bool = false) throws {
        process = GuestProcess(programName: "alloc-test")
        // Two pages where the host has none: a hole found by mmap, then mapped there as guest
        // memory (MAP_FIXED_NOREPLACE). Tests run in parallel threads of one process, and one of
        // them may map into the hole in between (.exists): then another hole.
        var at: UInt64 = 0
        for attempt in 1...16 {
            guard let p = mmap(nil, 2 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED else {
                throw POSIXFailure("mmap")
            }
            munmap(p, 2 * 4096)
            at = UInt64(UInt(bitPattern: p))
            do {
                try process.memory.mapAnonymous(at: at, length: 2 * 4096, protection: [.read, .write], name: "[test]")
                break
            } catch {
                guard case .exists = error, attempt < 16 else { throw error }
            }
        }
        page = at
        var template = Array("/tmp/burrow-alloc-XXXXXX".utf8CString)
        guard let d = mkdtemp(&template) else { throw POSIXFailure("mkdtemp") }
        dir = String(cString: d)
        let f = open(dir + "/f", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        var fds: [Int32] = [0, 0]
        guard f >= 0, Glibc.pipe(&fds) == 0 else { throw POSIXFailure("open/pipe") }
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        hostFDs = [f, fds[0], fds[1], null]
        let files = FileTable()   // the test's own descriptors only, never the process's 0, 1, 2
        pipeRead = UInt64(try files.add(host: fds[0], closeOnExec: false))
        _ = try files.add(host: fds[1], closeOnExec: false)
        devNull = UInt64(try files.add(host: null, closeOnExec: false))
        file = UInt64(try files.add(host: f, closeOnExec: false))
        let paths = rooted ? try PathResolver(root: dir, binds: [], cwd: nil) : PathResolver()
        personality = ToyOSPersonality(programName: "alloc-test", memory: process.memory, files: files, paths: paths)
        // The guest's names for the directory's files: under --root, the directory is "/".
        let top = rooted ? "" : dir
        for (addr, name) in [(filePath, "f"), (newPath, "n"), (otherPath, "o"), (dirPath, "d")] {
            try process.memory.copyOut(Array((top + "/" + name).utf8) + [0], to: addr)
        }
        try process.memory.copyOut(Array("f".utf8) + [0], to: relativePath)
        try process.memory.copyOut(Array("g".utf8) + [0], to: innerName)
        guard mkdir(dir + "/sub", 0o755) == 0 else { throw POSIXFailure("mkdir") }
        let g = open(dir + "/sub/g", O_CREAT | O_WRONLY | O_CLOEXEC, 0o644)
        guard g >= 0 else { throw POSIXFailure("open sub/g") }
        close(g)
        try process.memory.copyOut(Array("/dev/null".utf8) + [0], to: devNullPath)
        // Longer than one chunk of the path copy-in (GuestMemory.readCString), and across a page.
        let long = top + "/missing" + String(repeating: "/abcdefgh", count: 28)
        try process.memory.copyOut(Array(long.utf8) + [0], to: longPath)
    }

    deinit {
        for name in ["f", "n", "o"] { unlink(dir + "/" + name) }
        rmdir(dir + "/d")
        unlink(dir + "/sub/g")
        rmdir(dir + "/sub")
        rmdir(dir)
        process.memory.unmap(page, 2 * 4096)
        // The descriptors the guest table still holds are closed by FileTable; close the rest.
        for fd in hostFDs { close(fd) }
    }

    /// Runs one call as the trap would deliver it; returns (rax, failed).
    @discardableResult
    func call(_ c: ToyCall, _ args: UInt64...) -> (UInt64, Bool) {
        callNumber(UInt64(c.rawValue), args)
    }

    func callNumber(_ n: UInt64, _ args: [UInt64]) -> (UInt64, Bool) {
        let v = process.vcpu
        v[.rax] = n
        let regs: [Register] = [.rdi, .rsi, .rdx, .rcx, .r8, .r9]
        for i in 0..<6 { v[regs[i]] = i < args.count ? args[i] : 0 }
        _ = personality.handleSyscall(process)
        return (v[.rax], v[.rflags] & 1 != 0)
    }

    /// The registers are set outside the counted region (setting them builds an argument array).
    func counted(_ c: ToyCall, _ args: [UInt64]) -> (allocations: Int, result: UInt64, failed: Bool) {
        counted(UInt64(c.rawValue), args)
    }

    /// A hypercall (`int 0x82`, 2 bytes) as the trap delivers it, its allocations counted.
    func countedHypercall(_ h: ToyHypercall, _ args: [UInt64]) -> (allocations: Int, result: UInt64, failed: Bool) {
        let v = process.vcpu
        v[.rax] = UInt64(h.rawValue)
        let regs: [Register] = [.rdi, .rsi, .rdx, .rcx, .r8, .r9]
        for i in 0..<6 { v[regs[i]] = i < args.count ? args[i] : 0 }
        burrow_alloc_count_begin()
        _ = personality.handleHypercall(length: 2, process: process)
        let a = burrow_alloc_count_end()
        return (a, v[.rax], v[.rflags] & 1 != 0)
    }

    func counted(_ n: UInt64, _ args: [UInt64]) -> (allocations: Int, result: UInt64, failed: Bool) {
        let v = process.vcpu
        v[.rax] = n
        let regs: [Register] = [.rdi, .rsi, .rdx, .rcx, .r8, .r9]
        for i in 0..<6 { v[regs[i]] = i < args.count ? args[i] : 0 }
        burrow_alloc_count_begin()
        _ = personality.handleSyscall(process)
        let a = burrow_alloc_count_end()
        return (a, v[.rax], v[.rflags] & 1 != 0)
    }
}

private struct POSIXFailure: Error, CustomStringConvertible {
    let what: String
    let e = errno
    init(_ what: String) { self.what = what }
    var description: String { "\(what): errno \(e)" }
}

struct DispatchAllocationTests {
    /// The counter itself works: an array allocates, and the count is this thread's only.
    @Test func counterCountsThisThreadsAllocations() {
        burrow_alloc_count_begin()
        let a = [UInt8](repeating: 1, count: Int(getpid() % 7) + 100)
        let n = burrow_alloc_count_end()
        #expect(a.count >= 100)
        #expect(n >= 1)
        burrow_alloc_count_begin()
        #expect(burrow_alloc_count_end() == 0)
    }

    /// Every call below, warmed up once, then five times with its allocations counted: none. In
    /// host-path mode and in rooted mode.
    @Test(arguments: [false, true]) func callsThatReturnNoStringDoNotAllocate(rooted: Bool) throws {
        let f = try DispatchFixture(rooted: rooted)
        let o = ToyOS.openFlags
        let creat = o["O_WRONLY"] | o["O_CREAT"] | o["O_TRUNC"]
        // (what, the call, its arguments, whether it must succeed); a pair runs as open then close.
        typealias Step = (name: String, number: UInt64, args: [UInt64], succeeds: Bool)
        func s(_ c: ToyCall, _ args: [UInt64], _ name: String? = nil, succeeds: Bool = true) -> Step {
            (name ?? "\(c)", UInt64(c.rawValue), args, succeeds)
        }
        let steps: [Step] = [
            s(.getpid, []), s(.getppid, []),
            s(.read, [f.pipeRead, f.buf, 0], "read 0 bytes"),
            s(.write, [f.devNull, f.buf, 1], "write 1 byte"),
            s(.pwrite, [f.file, f.buf, 8, 0]), s(.pread, [f.file, f.buf, 8, 0]),
            s(.lseek, [f.file, 0, ToyOS.whence["SEEK_END"]]),
            s(.fstat, [f.file, f.buf]),
            s(.stat, [f.filePath, f.buf]), s(.lstat, [f.filePath, f.buf]),
            s(.stat, [f.newPath, f.buf], "stat of a missing file (ENOENT)", succeeds: false),
            s(.stat, [f.longPath, f.buf], "stat of a ~290-byte path across a page (ENOENT)", succeeds: false),
            s(.access, [f.filePath, ToyOS.accessMode["R_OK"]]),
            s(.chmod, [f.filePath, 0o644]),
            s(.fcntl, [f.file, UInt64(ToyFcntlCommand.getfl.rawValue), 0], "fcntl F_GETFL"),
            s(.fcntl, [f.file, UInt64(ToyFcntlCommand.getfd.rawValue), 0], "fcntl F_GETFD"),
            s(.isatty, [f.devNull], "isatty (ENOTTY)", succeeds: false),
            s(.clockGettime, [ToyOS.clock["CLOCK_MONOTONIC"], f.buf]),
            s(.getrandom, [f.buf, 16, 0]),
            s(.close, [999], "close of a bad descriptor (EBADF)", succeeds: false),
            s(.fcntl, [f.file, UInt64(ToyFcntlCommand.setfd.rawValue), 0], "fcntl F_SETFD"),
            s(.fcntl, [f.file, UInt64(ToyFcntlCommand.setfl.rawValue), 0], "fcntl F_SETFL"),
            s(.ftruncate, [f.file, 8]), s(.fsync, [f.file]),
            s(.utimens, [f.filePath, 0, 0], "utimens (now)"),
            s(.utimens, [f.filePath, f.buf, 0], "utimens (times)"),
            s(.nanosleep, [0, 0], "nanosleep 0"),
            s(.poll, [f.buf, 1, 0], "poll of one descriptor"),
            s(.getpgid, [0]),
            s(.tcgetattr, [f.devNull, f.buf], "tcgetattr (ENOTTY)", succeeds: false),
            s(.tcgetwinsize, [f.devNull, f.buf], "tcgetwinsize (ENOTTY)", succeeds: false),
            s(.yield, []),
            (name: "an unknown number (ENOSYS)", number: 0xFFFF, args: [], succeeds: false),
        ] + (rooted ? [
            s(.stat, [f.relativePath, f.buf], "stat of a relative path"),
            s(.stat, [f.devNullPath, f.buf], "stat of a file bind"),
            s(.access, [f.devNullPath, ToyOS.accessMode["W_OK"]], "access of a file bind"),
        ] : [])
        // utimens reads two u64 times from buf; poll reads one struct toy_pollfd from buf (the pipe's
        // read end, POLLOUT: not ready, so a timeout of 0 returns 0). Both are rewritten before use.
        func prepare(_ step: Step) {
            if step.name == "utimens (times)" {
                try? f.process.memory.store(UInt64(1_000_000_000), at: f.buf)
                try? f.process.memory.store(UInt64(2_000_000_000), at: f.buf + 8)
            } else if step.name == "poll of one descriptor" {
                let l = ToyOS.pollfdLayout
                try? f.process.memory.store(Int32(f.pipeRead), at: f.buf + UInt64(l.offset(of: "fd")))
                try? f.process.memory.store(UInt16(ToyOS.pollEvents["POLLIN"]), at: f.buf + UInt64(l.offset(of: "events")))
                try? f.process.memory.store(UInt16(0), at: f.buf + UInt64(l.offset(of: "revents")))
            }
        }
        for step in steps {
            prepare(step)
            let (_, failed) = f.callNumber(step.number, step.args)   // warm-up
            #expect(failed == !step.succeeds, "\(step.name): warm-up result")
            for _ in 0..<5 {
                prepare(step)
                let r = f.counted(step.number, step.args)
                #expect(r.failed == !step.succeeds, "\(step.name)")
                #expect(r.allocations == 0, "\(step.name): \(r.allocations) allocations")
            }
        }

        // Rooted, a relative path from a working directory other than "/" (composed with it).
        if rooted {
            try f.personality.paths.chdir(Array("/sub".utf8))
            _ = f.call(.stat, f.innerName, f.buf)   // warm-up
            for _ in 0..<5 {
                let r = f.counted(.stat, [f.innerName, f.buf])
                #expect(!r.failed && r.allocations == 0, "stat of a relative path from /sub: \(r.allocations) allocations")
            }
            try f.personality.paths.chdir(Array("/".utf8))
        }

        // Descriptor and path churn as bench/filechurn does it: open(O_CREAT), write, close, stat,
        // rename, unlink; mkdir and rmdir; open and close of an existing file.
        for round in 0..<6 {
            var total = 0
            var r = f.counted(.open, [f.newPath, creat, 0o644])
            #expect(!r.failed, "open O_CREAT")
            let fd = r.result
            total += r.allocations
            for (c, args) in [(ToyCall.write, [fd, f.buf, 64]), (.close, [fd]), (.stat, [f.newPath, f.buf]),
                              (.rename, [f.newPath, f.otherPath]), (.unlink, [f.otherPath]),
                              (.mkdir, [f.dirPath, 0o755]), (.rmdir, [f.dirPath])] {
                r = f.counted(c, args)
                #expect(!r.failed, "\(c)")
                total += r.allocations
            }
            for (c, args) in [(ToyCall.link, [f.filePath, f.newPath]), (.unlink, [f.newPath]),
                              (.symlink, [f.filePath, f.newPath]), (.unlink, [f.newPath])] {
                r = f.counted(c, args)
                #expect(!r.failed, "\(c)")
                total += r.allocations
            }
            r = f.counted(.dup, [f.file])
            #expect(!r.failed, "dup")
            total += r.allocations
            r = f.counted(.dup2, [f.file, r.result])
            #expect(!r.failed, "dup2")
            total += r.allocations
            r = f.counted(.close, [r.result])
            total += r.allocations
            r = f.counted(.pipe, [f.buf, 0])
            #expect(!r.failed, "pipe")
            total += r.allocations
            let ends = (try? f.process.memory.load(UInt64.self, at: f.buf)) ?? 0
            for end in [ends & 0xFFFF_FFFF, ends >> 32] {
                r = f.counted(.close, [end])
                #expect(!r.failed, "close of a pipe end")
                total += r.allocations
            }
            r = f.counted(.open, [f.filePath, o["O_RDONLY"], 0])
            #expect(!r.failed, "open O_RDONLY")
            total += r.allocations
            r = f.counted(.close, [r.result])
            total += r.allocations
            if rooted {
                for path in [f.relativePath, f.devNullPath] {
                    r = f.counted(.open, [path, o["O_RDONLY"], 0])
                    #expect(!r.failed, "open O_RDONLY of \(path == f.devNullPath ? "a file bind" : "a relative path")")
                    total += r.allocations
                    r = f.counted(.close, [r.result])
                    total += r.allocations
                }
            }
            // Round 0 warms up (the descriptor table's first growth).
            if round > 0 { #expect(total == 0, "file churn round \(round): \(total) allocations") }
        }
    }

    /// The batch hypercall's entries are calls like the others: reading each entry, dispatching it
    /// and writing its result back make no allocation (nor does the hypercall around them).
    @Test func batchHypercallEntriesDoNotAllocate() throws {
        let f = try DispatchFixture()
        let l = ToyOS.batchEntryLayout
        let entries = f.buf + 256, count = 4
        let data = f.buf   // one byte written to /dev/null
        let calls: [(ToyCall, [UInt64])] = [(.getpid, []), (.write, [f.devNull, data, 1]), (.getppid, []), (.write, [f.devNull, data, 1])]
        for round in 0..<3 {
            for (k, (c, args)) in calls.enumerated() {
                let at = entries + UInt64(k * l.size)
                try f.process.memory.store(UInt32(c.rawValue), at: at + UInt64(l.offset(of: "nr")))
                for i in 0..<6 {
                    try f.process.memory.store(i < args.count ? args[i] : 0, at: at + UInt64(l.offset(of: "args") + 8 * i))
                }
                try f.process.memory.store(UInt64.max, at: at + UInt64(l.offset(of: "result")))
                try f.process.memory.store(UInt64(0xdead), at: at + UInt64(l.offset(of: "error")))
            }
            let r = f.countedHypercall(.batch, [entries, UInt64(count)])
            #expect(!r.failed && r.result == UInt64(count), "batch ran \(r.result) of \(count)")
            for k in 0..<count {
                let at = entries + UInt64(k * l.size)
                let result = try f.process.memory.load(UInt64.self, at: at + UInt64(l.offset(of: "result")))
                let error = try f.process.memory.load(UInt64.self, at: at + UInt64(l.offset(of: "error")))
                #expect(error == 0, "entry \(k)")
                if calls[k].0 == .write { #expect(result == 1, "entry \(k): write") }
                if calls[k].0 == .getpid { #expect(result == UInt64(getpid()), "entry \(k): getpid") }
                if calls[k].0 == .getppid { #expect(result == UInt64(getppid()), "entry \(k): getppid") }
            }
            // Round 0 warms up (lazy statics).
            if round > 0 { #expect(r.allocations == 0, "batch of \(count), round \(round): \(r.allocations) allocations") }
        }
    }
}
