// Which guest paths name the guest's own /proc/self views (ProcView.swift), lexically as qemu-user
// matches them, and what cmdline and maps hold.
import Testing
@testable import BurrowSyscalls
import BurrowVMM
#if canImport(Glibc)
import Glibc
#endif

private func b(_ s: String) -> [UInt8] { Array(s.utf8) }

struct ProcViewUnitTests {
    let pid = b(String(getpid()))

    @Test func nodesUnderSelfAndOwnPid() {
        #expect(ProcSelf.node(b("self/exe"), pid: pid) == .exe)
        #expect(ProcSelf.node(pid + b("/exe"), pid: pid) == .exe)
        #expect(ProcSelf.node(b("self/cmdline"), pid: pid) == .cmdline)
        #expect(ProcSelf.node(b("self/maps"), pid: pid) == .maps)
        #expect(ProcSelf.node(b("self/fd"), pid: pid) == .fdDirectory)
        #expect(ProcSelf.node(b("self/fd/0"), pid: pid) == .fd(0, rest: []))
        #expect(ProcSelf.node(b("self/fd/17/x/y"), pid: pid) == .fd(17, rest: b("/x/y")))
        #expect(ProcSelf.node(b("self/cwd"), pid: pid) == .cwd)
    }

    @Test func everythingElsePassesThrough() {
        for p in ["self", "self/status", "self/fd/007", "self/fd/-1", "self/fd/x", "1/exe", "thread-self/exe", "selfish/exe", "cpuinfo", ""] {
            #expect(ProcSelf.node(b(p), pid: pid) == nil, "\(p)")
        }
    }

    @Test func procRelativeIsLexical() throws {
        let r = PathResolver()
        #expect(r.procRelative(b("/proc/self/exe")) == b("self/exe"))
        #expect(r.procRelative(b("//proc/./self/../self/exe")) == b("self/exe"))
        #expect(r.procRelative(b("/proc")) == [])
        #expect(r.procRelative(b("/processes/x")) == nil)
        #expect(r.procRelative(b("/tmp/proc/self/exe")) == nil)
        #expect(r.procRelative(b("/etc/passwd")) == nil)
    }

    /// The cheap test that lets a path skip the /proc views: "proc" anywhere in an absolute path
    /// (conservative), at any offset and alignment.
    @Test func mayNameProcFindsProcAnywhere() {
        let r = PathResolver()
        func may(_ s: String) -> Bool {
            let bytes = Array(s.utf8) + [0]
            return bytes.withUnsafeBufferPointer { r.mayNameProc(PathBytes(base: $0.baseAddress!, count: bytes.count - 1)) }
        }
        for p in ["/proc", "/proc/self/exe", "/tmp/proc", "/a/b/c/procx", "/pp/ppproc", "/processes", "/xyzproc"] {
            #expect(may(p), "\(p)")
        }
        for p in ["/", "/p", "/pro", "/tmp/prc", "/etc/passwd", "/tmp/burrow-filechurn.123/f", "/pppp/rroc", "/prop/roc"] {
            #expect(!may(p), "\(p)")
        }
    }

    /// PathBytes.mentionsProc (eight bytes at a time) agrees with a plain search for "proc" on
    /// every string of a deterministic set: lengths 0-40, "proc" and its near misses ("pproc",
    /// "prooc", "pro" at the end) at every offset, so every alignment of the word loop and the tail.
    @Test func mentionsProcAgreesWithAPlainSearch() {
        func naive(_ b: [UInt8]) -> Bool {
            let proc = Array("proc".utf8)
            return b.count >= 4 && (0...(b.count - 4)).contains { Array(b[$0..<($0 + 4)]) == proc }
        }
        var checked = 0
        let pieces = ["proc", "pproc", "prooc", "pro", "p", "roc", "procproc", "PROC", "/"].map { Array($0.utf8) }
        for length in 0...40 {
            for piece in pieces {
                for offset in 0...max(0, length - piece.count) {
                    var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                    for (i, c) in piece.enumerated() where offset + i < length { bytes[offset + i] = c }
                    // A trailing NUL and a "proc" right after the string must not count.
                    let stored = bytes + [0] + Array("proc".utf8)
                    let got = stored.withUnsafeBufferPointer { PathBytes(base: $0.baseAddress!, count: length).mentionsProc }
                    #expect(got == naive(bytes), "\(String(decoding: bytes, as: UTF8.self))")
                    checked += 1
                }
            }
        }
        #expect(checked > 1000)
    }

    @Test func cmdlineAndMaps() throws {
        let p = ProcSelf(executable: "/x/prog", arguments: ["prog", "a b", ""])
        #expect(p.cmdline() == b("prog\u{0}a b\u{0}\u{0}"))
        let m = GuestMemory()
        try m.mapAnonymous(at: 0x100_0000, length: 0x1000, protection: [.read, .execute], name: "relative/prog")
        try m.mapAnonymous(at: 0x200_0000, length: 0x2000, protection: [.read, .write], name: "[map]")
        try m.mapAnonymous(at: 0xfff_f000_0000, length: 0x1000, protection: [.read, .write], name: "[stack]")
        defer { m.unmap(0x100_0000, 0x1000); m.unmap(0x200_0000, 0x2000); m.unmap(0xfff_f000_0000, 0x1000) }
        let lines = String(decoding: p.maps(m), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("01000000-01001000 r-xp 00000000 00:00 0 ") && lines[0].hasSuffix(" /x/prog"), "\(lines)")
        #expect(lines[1] == "02000000-02002000 rw-p 00000000 00:00 0", "\(lines)")
        #expect(lines[2].hasPrefix("ffff0000000-ffff0001000 rw-p ") && lines[2].hasSuffix(" [stack]"), "\(lines)")
    }
}
