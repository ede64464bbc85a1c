// Hypercalls (docs/abi.md 7.4): `int 0x82` (or `vmcall` where the host lets it trap), number in
// eax, arguments and results as for a system call. The rows are ToyOS.hypercalls; the switch below
// is exhaustive over ToyHypercall, so a row without a handler does not compile.
import BurrowABI
import BurrowVMM
import CBurrowRuntime
import Glibc

extension ToyOSPersonality {
    public func handleHypercall(length: UInt64, process: GuestProcess) -> RunControl {
        let v = process.vcpu
        let rip = v[.rip]
        v[.rip] = rip &+ length
        let number = v[.rax] & 0xFFFF_FFFF
        guard let row = ToyOS.hypercall(number: number) else {
            observer?.machine(kind: "hypercall", text: "hypercall 0x\(String(number, radix: 16)) = -1 ENOSYS", key: "hypercall unknown", rip: rip)
            v.setResult(value: UInt64(GuestErrno.ENOSYS.value), error: true)
            return .resume
        }
        var result: UInt64 = 0
        var failure: GuestErrno?
        // The trace's argument text, made only for an observer (`len=N`, `n=N`): no allocation
        // otherwise.
        var shownArg: (name: StaticString, value: UInt64)?
        do throws(GuestErrno) {
            switch row.call {
            case .query: result = UInt64(ToyOS.abiMajor) << 16 | UInt64(ToyOS.abiMinor)
            case .features: result = ToyOS.hypercallFeatureBits
            case .getInterruptFlag: result = signals.interruptFlag ? 1 : 0
            case .consoleWrite:
                let n = min(v[.rsi], ToyOS.maxTransfer)
                shownArg = ("len", n)
                // Checked by GuestMemory and handed to the host in place (no copy of a large buffer).
                machine.console.write(buffer: try kernelReadable(v[.rdi], Int(n)))
                result = n
            case .batch:
                shownArg = ("n", v[.rsi])
                result = try batch(entries: v[.rdi], count: v[.rsi], process)
            }
        } catch {
            failure = error
            result = UInt64(error.value)
        }
        v.setResult(value: result, error: failure != nil)
        if let o = observer {
            let shown = failure.map { "-1 " + (ToyOS.errno.name(of: UInt64($0.value)) ?? "E?") } ?? String(result)
            let args = shownArg.map { "\($0.name)=\($0.value)" } ?? ""
            o.machine(kind: "hypercall", text: "hypercall \(row.name)(\(args)) = \(shown)", key: "hypercall \(row.name)", rip: rip)
        }
        return .resume
    }

    /// Calls a batch never runs: they do not return to the batch (exit, exec, sigreturn), would
    /// run it twice (fork), or end only in a handler's frame, which a batch's entry has none of
    /// (sigsuspend's temporary mask).
    /// (A switch: a Set's lookup hashed the call on every entry.)
    static func refusedInBatch(_ c: ToyCall) -> Bool {
        switch c {
        case .exit, .exec, .fork, .sigreturn, .sigsuspend: true
        default: false
        }
    }

    /// The array of `count` entries of `entrySize` bytes at `entries` does not wrap around the
    /// address space: entries + count * entrySize fits in 64 bits.
    static func batchSpanFits(entries: UInt64, count: UInt64, entrySize: UInt64) -> Bool {
        let (bytes, o1) = count.multipliedReportingOverflow(by: entrySize)
        return !o1 && !entries.addingReportingOverflow(bytes).overflow
    }

    /// struct toy_batch_entry's size and the offsets of nr, args, result and error, looked up by
    /// name once (a lookup per hypercall allocated, in a debug build).
    static let batchEntry: (size: UInt64, nr: Int, args: Int, result: UInt64, error: UInt64) = {
        let l = ToyOS.batchEntryLayout
        precondition(l.size <= MemoryLayout<BatchEntryBytes>.size, "struct toy_batch_entry outgrew BatchEntryBytes")
        return (UInt64(l.size), l.offset(of: "nr"), l.offset(of: "args"),
                UInt64(l.offset(of: "result")), UInt64(l.offset(of: "error")))
    }()

    /// Room for one struct toy_batch_entry, on the stack.
    typealias BatchEntryBytes = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// Runs `count` entries of struct toy_batch_entry in order, each as if the guest had made the
    /// call, writing its result and error flag back; stops after the first that fails. Returns how
    /// many ran. A refused call fails with EINVAL.
    func batch(entries: UInt64, count: UInt64, _ process: GuestProcess) throws(GuestErrno) -> UInt64 {
        guard count <= ToyOS.batchMax else { throw .EINVAL }
        let (size, nrOff, argsOff, resultOff, errorOff) = Self.batchEntry
        guard Self.batchSpanFits(entries: entries, count: count, entrySize: size) else { throw .EFAULT }
        var ran: UInt64 = 0
        var bytes: BatchEntryBytes = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        while ran < count {
            let at = entries &+ ran &* size
            // The entry copied in once, onto the stack (one region check and one copy; into an
            // array it was an allocation per entry); an unreadable one fails the hypercall with
            // EFAULT as before.
            var fault = false
            let (number, registers) = withUnsafeMutableBytes(of: &bytes) { b in
                let e = UnsafeMutableRawBufferPointer(rebasing: b[..<Int(size)])
                do throws(GuestMemoryFault) { try memory.copyIn(at, into: e) } catch { fault = true }
                func u64(_ o: Int) -> UInt64 { UInt64(littleEndian: e.loadUnaligned(fromByteOffset: o, as: UInt64.self)) }
                return (UInt64(UInt32(littleEndian: e.loadUnaligned(fromByteOffset: nrOff, as: UInt32.self))),
                        (u64(argsOff), u64(argsOff + 8), u64(argsOff + 16), u64(argsOff + 24), u64(argsOff + 32), u64(argsOff + 40)))
            }
            if fault { throw .EFAULT }
            let (entry, args) = decodeCall(number, registers)
            observer?.willCall(number: number, args: args, fast: false)
            var value: UInt64 = 0
            var failure: GuestErrno?
            // A call the batch refuses fails with EINVAL, never run nor injected (docs/abi.md 7.4);
            // the others as the trap's calls (handleSyscall): --inject first, in the same count
            // per number, then an unknown or unimplemented call is ENOSYS, reported once.
            let refused = entry.map { Self.refusedInBatch($0.call) } ?? false
            if !refused, let r = injected(number, args, observer) {
                (value, failure) = r
            } else {
                do throws(GuestErrno) {
                    if refused { throw .EINVAL }
                    let entry = try runnable(number, entry)
                    switch try dispatch(entry.call, args, process) {
                    case .value(let x): value = x
                    case .exit, .resumeAsIs, .noHandler, .deferred:
                        preconditionFailure("batch: \(ToyOS.row(entry.call).name) does not return a value")
                    }
                } catch {
                    failure = error
                    value = UInt64(error.value)
                }
                observer?.didCall(number: number, args: args, result: value, error: failure)
            }
            try store(value, at &+ resultOff)
            try store(UInt64(failure == nil ? 0 : 1), at &+ errorOff)
            ran += 1
            if failure != nil { break }
        }
        return ran
    }
}
