// Malformed and foreign executables through `burrow run`: one clear line and status 126, never a
// crash of Burrow; 1,000 randomly mutated headers are refused, run, or end in a reported guest fault.
import Foundation
import Testing

@Suite
struct LoaderCLITests {
    static func hello() throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: Repo.toy("hello")))) }

    static func write(_ bytes: [UInt8], _ dir: String, _ name: String) throws -> String {
        let path = dir + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        return path
    }

    static func u16(_ b: [UInt8], _ o: Int) -> Int { Int(b[o]) | Int(b[o + 1]) << 8 }
    static func u64(_ b: [UInt8], _ o: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(b[o + $1]) << (8 * UInt64($1)) } }
    static func put64(_ b: inout [UInt8], _ o: Int, _ v: UInt64) { for i in 0..<8 { b[o + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(i))) } }

    /// Offsets of the PT_LOAD program headers of an ELF64 image.
    static func loadHeaders(_ b: [UInt8]) -> [Int] {
        let phoff = Int(u64(b, 32)), phnum = u16(b, 56)
        return (0..<phnum).map { phoff + $0 * 56 }.filter { b[$0] == 1 && b[$0 + 1] == 0 && b[$0 + 2] == 0 && b[$0 + 3] == 0 }
    }

    func expectRefused(_ path: String, _ fragment: String, status: Int32 = 126) throws {
        let o = try burrow(["run", path])
        #expect(o.status == status, "\(path): \(o)")
        #expect(o.signal == 0)
        #expect(o.stdout.isEmpty)
        #expect(o.stderr.hasPrefix("burrow: "), "\(o.stderr)")
        #expect(o.stderr.filter { $0 == "\n" }.count == 1, "one line: \(o.stderr)")
        #expect(o.stderr.contains(fragment), "\(o.stderr) should mention \(fragment)")
    }

    @Test func refusesWhatIsNotAToyOSExecutable() throws {
        let dir = try temporaryDirectory("refuse")
        defer { cleanup(dir) }
        try expectRefused(dir, "directory")
        try expectRefused(try Self.write([], dir, "empty"), "empty")
        try expectRefused(try Self.write(Array("#!/bin/sh\necho hi\n".utf8), dir, "text"), "not an ELF")
        let linuxTrue = FileManager.default.isExecutableFile(atPath: "/usr/bin/true") ? "/usr/bin/true" : "/bin/true"
        try expectRefused(linuxTrue, "looks like a Linux executable: run it directly")
        try expectRefused(Repo.twin("hello"), "looks like a Linux executable")
        let h = try Self.hello()
        try expectRefused(try Self.write(Array(h.prefix(40)), dir, "truncated-header"), "truncated")
        // Cut inside the last loadable segment's file bytes.
        let last = Self.loadHeaders(h).last!
        let cut = Int(Self.u64(h, last + 8)) + Int(Self.u64(h, last + 32)) / 2
        try expectRefused(try Self.write(Array(h.prefix(cut)), dir, "truncated"), "past the end of the file")
    }

    @Test func refusesOverlappingSegmentsAndSegmentsOnBurrowsMemory() throws {
        let dir = try temporaryDirectory("segments")
        defer { cleanup(dir) }
        var overlap = try Self.hello()
        let loads = Self.loadHeaders(overlap)
        #expect(loads.count >= 2)
        Self.put64(&overlap, loads[1] + 16, Self.u64(overlap, loads[0] + 16))   // p_vaddr of the second = the first's
        try expectRefused(try Self.write(overlap, dir, "overlap"), "overlap")

        // A segment at the address of Burrow's own text (a PIE high in the address space).
        var onBurrow = try Self.hello()
        let maps = try String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        let text = maps.split(separator: "\n").first { $0.contains("r-xp") }.flatMap { UInt64($0.split(separator: "-")[0], radix: 16) } ?? 0x5555_5555_4000
        let last = Self.loadHeaders(onBurrow).last!
        Self.put64(&onBurrow, last + 16, text)
        try expectRefused(try Self.write(onBurrow, dir, "on-burrow"), "memory Burrow uses")
    }

    @Test func ignoredFieldsStillRun() throws {
        let dir = try temporaryDirectory("ignored")
        defer { cleanup(dir) }
        var b = try Self.hello()
        Self.put64(&b, 40, 0xDEAD_BEEF_DEAD)          // e_shoff
        b[48] = 0x77; b[49] = 0x77                    // e_flags
        for ph in Self.loadHeaders(b) { Self.put64(&b, ph + 24, 0x1234_5678) }   // p_paddr
        b[0x3C] = 0xFF; b[0x3D] = 0x7F                // e_shnum
        let o = try burrow(["run", try Self.write(b, dir, "ignored")])
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == "Hello, world!\n")
    }

    /// A ToyOS program without its execute bit is refused as Linux refuses it: EACCES, 126.
    @Test func refusesAProgramWithoutItsExecuteBit() throws {
        let dir = try temporaryDirectory("noexec")
        defer { cleanup(dir) }
        let path = try Self.write(try Self.hello(), dir, "hello")
        chmod(path, 0o644)
        try expectRefused(path, "permission denied (no execute permission)")
        chmod(path, 0o100)   // any execute bit will do for the owner (and for root)
        let o = try burrow(["run", path])
        #expect(o.status == 0 && o.stdout == "Hello, world!\n", "\(o)")
        // inspect reads the file; it does not execute it.
        chmod(path, 0o644)
        #expect(try burrow(["inspect", path]).status == 0)
    }

    /// The reason of a refusal: the message without the path, numbers folded ("segment at N ...").
    static func reason(_ stderr: String, path: String) -> String {
        let line = String(stderr.prefix { $0 != "\n" })
        if line.hasPrefix("burrow: \(path) looks like") { return "looks like a Linux executable" }
        let text = String(line.dropFirst("burrow: \(path): ".count))
        let numbers = try! NSRegularExpression(pattern: "0x[0-9a-f]+|[0-9]+")
        return numbers.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "N")
    }

    /// 1,000 mutations of the ELF header and program headers (fixed seed): each is refused with
    /// 126, or runs, or ends in a reported guest fault. Burrow never dies unreported, and never hangs:
    /// a run still going at the (generous) timeout is a failure, not a guest fault. The files have
    /// their execute bit, so refusals are the loader's, counted by reason.
    @Test func thousandMutatedHeaders() throws {
        let dir = try temporaryDirectory("fuzz")
        defer { cleanup(dir) }
        let original = try Self.hello()
        let headerEnd = Int(Self.u64(original, 32)) + Self.u16(original, 56) * 56
        var counts: [String: Int] = [:]
        var reasons: [String: Int] = [:]
        let lock = NSLock()
        var failures: [String] = []
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            var local = SplitMix(seed: 0xB0220 &+ UInt64(worker))
            for i in stride(from: worker, to: 1000, by: 4) {
                var b = original
                for _ in 0..<Int(local.next() % 4 + 1) {
                    let at = Int(local.next() % UInt64(headerEnd))
                    b[at] = local.next() % 3 == 0 ? 0xFF : UInt8(truncatingIfNeeded: local.next())
                }
                let path = dir + "/m\(i)"
                _ = FileManager.default.createFile(atPath: path, contents: Data(b), attributes: [.posixPermissions: 0o755])
                let o: Outcome
                do { o = try burrow(["run", path], timeout: 60) } catch {
                    lock.lock(); failures.append("m\(i): cannot run burrow: \(error)"); lock.unlock()
                    continue
                }
                let kind: String
                if o.timedOut {
                    kind = "BAD"
                    lock.lock(); failures.append("m\(i): timed out: \(o)"); lock.unlock()
                } else if o.status == 126 && o.stderr.hasPrefix("burrow: ") && o.stderr.filter({ $0 == "\n" }).count == 1 {
                    kind = "refused"
                    let why = Self.reason(o.stderr, path: path)
                    lock.lock(); reasons[why, default: 0] += 1; lock.unlock()
                } else if o.signal != 0 && o.stderr.contains("guest crashed") && !o.stderr.contains("internal error") {
                    kind = "guest fault"
                } else if o.signal == 0 && o.status != 125 && o.status != 126 && !o.stderr.contains("internal error") {
                    kind = "ran"
                } else {
                    kind = "BAD"
                    lock.lock(); failures.append("m\(i): \(o)"); lock.unlock()
                }
                lock.lock(); counts[kind, default: 0] += 1; lock.unlock()
                if kind != "BAD" { try? FileManager.default.removeItem(atPath: path) }
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        #expect(counts.values.reduce(0, +) == 1000, "\(counts)")
        #expect(counts["refused", default: 0] > 0)
        // Refusals come from the ELF checks, never from the file's mode, and from many of them.
        #expect(!reasons.keys.contains { $0.contains("permission denied") }, "\(reasons)")
        #expect(reasons.count >= 8, "\(reasons)")
        print("mutated headers: \(counts); refusals by reason: \(reasons.sorted { $0.value > $1.value })")
    }
}

/// A small deterministic generator (SplitMix64) so the fuzz corpus is the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
