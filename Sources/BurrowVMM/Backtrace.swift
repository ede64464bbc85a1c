// The guest's call stack, by frame pointers: the SDK builds everything with
// -fno-omit-frame-pointer, so each frame starts with the caller's rbp and then the return address.
// Read only through GuestMemory (a broken chain ends the walk, never Burrow). Used by
// `--trace-stack` (strace -k) for each traced call and by every crash report.
import BurrowABI

extension GuestProcess {
    /// Frames past this many are not shown (and a corrupt chain cannot loop).
    public static let backtraceLimit = 32

    /// Return addresses, innermost first, starting with rip. At a system call (`atSyscall`) the
    /// guest is inside a frameless stub (`mov eax, N; int 0x81; ret`), so the stub's own return
    /// address at [rsp] comes next; then the rbp chain. The chain must climb (each saved rbp above
    /// the last) and stay in readable memory; a return address outside executable guest memory
    /// ends it.
    /// `rip`: where the report says the guest was, when that is not the vCPU's rip (a raw
    /// `syscall` is reported at its own address; the vCPU is already past it).
    public func backtrace(atSyscall: Bool, rip: UInt64? = nil) -> [UInt64] {
        var frames: [UInt64] = [rip ?? vcpu[.rip]]
        func code(_ a: UInt64) -> Bool { memory.region(containing: a)?.protection.contains(.execute) ?? false }
        if atSyscall, let ret = try? memory.load(UInt64.self, at: vcpu[.rsp]), code(ret) { frames.append(ret) }
        var fp = vcpu[.rbp]
        while frames.count < Self.backtraceLimit, fp != 0, fp & 7 == 0 {
            guard let next = try? memory.load(UInt64.self, at: fp),
                  let ret = try? memory.load(UInt64.self, at: fp &+ 8), code(ret) else { break }
            frames.append(ret)
            guard next > fp else { break }
            fp = next
        }
        return frames
    }

    /// The backtrace with a symbol for each frame ("main+0x1c"), when the program has symbols.
    /// A return address points after its call, so it is looked up one byte earlier: the call may
    /// be the last instruction of its function.
    public func symbolizedBacktrace(atSyscall: Bool, rip: UInt64? = nil) -> [(UInt64, String?)] {
        backtrace(atSyscall: atSyscall, rip: rip).enumerated().map { i, a in (a, symbolize(frame: a, isReturnAddress: i > 0)) }
    }

    /// One frame's "symbol+0xoff": a return address is looked up one byte earlier. When that byte
    /// lies in no function (the padding before the next), no call pushed the address: a handler
    /// returns so into the signal restorer (`__toy_sigrestore`), which is looked up as it is.
    public func symbolize(frame a: UInt64, isReturnAddress: Bool) -> String? {
        guard isReturnAddress else { return symbolize(a) }
        if let s = symbolize(a &- 1) { return Self.bumpOffset(s) }
        return symbolize(a)
    }

    /// "f+0x1b" for the lookup at a-1 shows as "f+0x1c" (the address itself); "f" as "f+0x1".
    static func bumpOffset(_ s: String) -> String {
        if let plus = s.lastIndex(of: "+"), let off = UInt64(s[s.index(plus, offsetBy: 3)...], radix: 16),
           s[s.index(after: plus)...].hasPrefix("0x") {
            return "\(s[..<plus])+0x\(String(off + 1, radix: 16))"
        }
        return s + "+0x1"
    }

    /// "    #0 0x0000000001002037 in main+0x17" lines for a crash report, from the report's rip.
    func backtraceLines(rip: UInt64) -> [String] {
        let frames = symbolizedBacktrace(atSyscall: false, rip: rip)
        guard frames.count > 1 || frames.first?.1 != nil else { return [] }
        var lines = ["  backtrace:"]
        for (i, f) in frames.enumerated() {
            lines.append("    #\(i) 0x\(hex(f.0))\(f.1.map { " in \($0)" } ?? "")")
        }
        return lines
    }
}
