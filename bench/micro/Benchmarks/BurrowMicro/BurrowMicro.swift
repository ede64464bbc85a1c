// Microbenchmarks of the Swift half of a trapped system call, in process, without a trap: the
// dispatcher (ToyOSPersonality.handleSyscall on a GuestProcess whose vCPU registers are set by
// hand, exactly as the trap handler leaves them), its pieces (call lookup, flag and errno
// translation), and GuestMemory's checked copies. Each has a baseline (the bare host call, or a
// plain memcpy) so the difference is Burrow's own cost. docs/performance.md explains how these
// combine with the trap's cost.
import Benchmark
import BurrowABI
import BurrowSyscalls
import BurrowVMM
import Glibc

/// Two guest pages mapped through GuestMemory at an address the kernel picked, plus a process
/// and personality around it. Kept alive for the whole benchmark run.
final class Fixture {
    let process: GuestProcess
    let personality: ToyOSPersonality
    let page: UInt64
    let pipeRead: Int64
    let devNull: Int64
    let statPath: UInt64
    let statBuf: UInt64
    let dataBuf: UInt64

    init() {
        process = GuestProcess(programName: "micro")
        // A free address from the kernel, then GuestMemory maps it (MAP_FIXED_NOREPLACE) and enters
        // it in its region table. (GuestMemory.adopt would do for a page mapped here, but
        // GuestRegion's initializer is internal to BurrowVMM.)
        guard let p = mmap(nil, 2 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED else {
            fatalError("mmap failed")
        }
        munmap(p, 2 * 4096)
        page = UInt64(UInt(bitPattern: p))
        do { try process.memory.mapAnonymous(at: page, length: 2 * 4096, protection: [.read, .write], name: "[bench]") } catch {
            fatalError("GuestMemory.mapAnonymous: \(error)")
        }
        let files = FileTable.inheritingStandardDescriptors()
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { fatalError("pipe failed") }
        pipeRead = Int64((try? files.add(host: fds[0], closeOnExec: false)) ?? -1)
        _ = try? files.add(host: fds[1], closeOnExec: false)
        devNull = Int64((try? files.add(host: open("/dev/null", O_WRONLY), closeOnExec: false)) ?? -1)
        personality = ToyOSPersonality(programName: "micro", memory: process.memory, files: files, paths: PathResolver())
        // The guest page: a path at +0 ("/tmp", a directory that exists), a stat buffer at +512,
        // data at +1024 and a 4 KiB span starting in the second page for copies.
        statPath = page
        statBuf = page + 512
        dataBuf = page + 1024
        let path = Array("/tmp".utf8) + [0]
        try! process.memory.copyOut(path, to: statPath)
    }

    /// Sets the registers the trap handler would leave for `int 0x81` with this call and arguments.
    @inline(__always)
    func setCall(_ call: ToyCall, _ args: UInt64...) {
        let v = process.vcpu
        v[.rax] = UInt64(call.rawValue)
        let regs: [Register] = [.rdi, .rsi, .rdx, .rcx, .r8, .r9]
        for (i, a) in args.enumerated() { v[regs[i]] = a }
    }
}

let fixture = Fixture()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )
    let f = fixture
    let v = f.process.vcpu

    // MARK: dispatcher: the Swift part of a trapped call (everything but the trap and the resume)

    Benchmark("dispatch.getpid (handleSyscall)") { b in
        for _ in b.scaledIterations {
            f.setCall(.getpid)
            blackHole(f.personality.handleSyscall(f.process))
        }
        blackHole(v[.rax])
    }
    Benchmark("host.getpid (baseline)") { b in
        for _ in b.scaledIterations { blackHole(getpid()) }
    }
    Benchmark("dispatch.read0 pipe (handleSyscall)") { b in
        for _ in b.scaledIterations {
            f.setCall(.read, UInt64(f.pipeRead), f.dataBuf, 0)
            blackHole(f.personality.handleSyscall(f.process))
        }
    }
    Benchmark("host.read0 pipe (baseline)") { b in
        var buf: UInt8 = 0
        let fd = (try? f.personality.files.host(f.pipeRead)) ?? -1
        for _ in b.scaledIterations { blackHole(read(fd, &buf, 0)) }
    }
    Benchmark("dispatch.write1 /dev/null (handleSyscall)") { b in
        for _ in b.scaledIterations {
            f.setCall(.write, UInt64(f.devNull), f.dataBuf, 1)
            blackHole(f.personality.handleSyscall(f.process))
        }
    }
    Benchmark("host.write1 /dev/null (baseline)") { b in
        var byte: UInt8 = 0x78
        let fd = (try? f.personality.files.host(f.devNull)) ?? -1
        for _ in b.scaledIterations { blackHole(write(fd, &byte, 1)) }
    }
    Benchmark("dispatch.stat /tmp (handleSyscall)") { b in
        for _ in b.scaledIterations {
            f.setCall(.stat, f.statPath, f.statBuf)
            blackHole(f.personality.handleSyscall(f.process))
        }
    }
    Benchmark("host.stat /tmp (baseline)") { b in
        var st = stat()
        for _ in b.scaledIterations { blackHole(stat("/tmp", &st)) }
    }
    Benchmark("dispatch.fstat /dev/null (handleSyscall)") { b in
        for _ in b.scaledIterations {
            f.setCall(.fstat, UInt64(f.devNull), f.statBuf)
            blackHole(f.personality.handleSyscall(f.process))
        }
    }
    Benchmark("host.fstat /dev/null (baseline)") { b in
        var st = stat()
        let fd = (try? f.personality.files.host(f.devNull)) ?? -1
        for _ in b.scaledIterations { blackHole(fstat(fd, &st)) }
    }
    Benchmark("dispatch.access /tmp (handleSyscall)") { b in
        for _ in b.scaledIterations {
            f.setCall(.access, f.statPath, ToyOS.accessMode["R_OK"])
            blackHole(f.personality.handleSyscall(f.process))
        }
    }
    Benchmark("host.access /tmp (baseline)") { b in
        for _ in b.scaledIterations { blackHole(access("/tmp", R_OK)) }
    }
    Benchmark("dispatch.unknown call (ENOSYS)") { b in
        f.setCall(.getpid)
        v[.rax] = 0xFFFF  // reported once, then the plain ENOSYS path
        _ = f.personality.handleSyscall(f.process)
        for _ in b.scaledIterations {
            v[.rax] = 0xFFFF
            blackHole(f.personality.handleSyscall(f.process))
        }
    }

    // MARK: pieces of dispatch

    Benchmark("ToyCall(rawValue:) + ToyOS.row") { b in
        var n: UInt32 = 0
        for _ in b.scaledIterations {
            n = n &+ 7
            if let c = ToyCall(rawValue: 16 + n % 48) { blackHole(ToyOS.row(c).number) }
        }
    }
    Benchmark("Translate.hostOpenFlags") { b in
        let guest = ToyOS.openFlags["O_WRONLY"] | ToyOS.openFlags["O_CREAT"] | ToyOS.openFlags["O_TRUNC"]
        for _ in b.scaledIterations { blackHole(Translate.hostOpenFlags(guest: guest)) }
    }
    Benchmark("GuestErrno(host:)") { b in
        var e: Int32 = 0
        for _ in b.scaledIterations {
            e = e % 40 + 1
            blackHole(GuestErrno(host: e))
        }
    }

    // MARK: GuestMemory

    Benchmark("GuestMemory.kernelReadable 4 KiB (check only)") { b in
        for _ in b.scaledIterations { blackHole(try? f.process.memory.kernelReadable(f.dataBuf, 4096)) }
    }
    Benchmark("GuestMemory.copyOut 64 B") { b in
        let bytes = [UInt8](repeating: 0x41, count: 64)
        for _ in b.scaledIterations { try? f.process.memory.copyOut(bytes, to: f.statBuf) }
    }
    Benchmark("GuestMemory.copyOut 4 KiB") { b in
        let bytes = [UInt8](repeating: 0x41, count: 4096)
        for _ in b.scaledIterations { try? f.process.memory.copyOut(bytes, to: f.dataBuf) }
    }
    Benchmark("memcpy 4 KiB (baseline)") { b in
        let bytes = [UInt8](repeating: 0x41, count: 4096)
        let dst = UnsafeMutableRawPointer(bitPattern: UInt(f.dataBuf))!
        for _ in b.scaledIterations { bytes.withUnsafeBytes { dst.copyMemory(from: $0.baseAddress!, byteCount: 4096) } }
    }
    Benchmark("GuestMemory.load UInt64") { b in
        for _ in b.scaledIterations { blackHole(try? f.process.memory.load(UInt64.self, at: f.statBuf)) }
    }
    Benchmark("GuestMemory.readCString 4 B path") { b in
        for _ in b.scaledIterations { blackHole(try? f.process.memory.readCString(f.statPath, max: 4095)) }
    }
}
