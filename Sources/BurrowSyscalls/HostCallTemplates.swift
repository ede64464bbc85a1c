// Host-call templates: the ToyOS rows whose whole handler is one host system call made of
// translated arguments (a descriptor through the table, a buffer checked against the region
// table, a transfer size capped), written as data instead of code. Two executors run the same
// rows: the Swift dispatcher (`hostCall(_:_:)` below, every path: trapped, fast, batched, traced)
// and the fast path's lane in C (lane.c, docs/architecture.md "The fast lane"), which makes such a
// call without any Swift code when nothing else has to happen around it. The lane only ever
// prepares what this file's executor would, or declines and leaves the call to it
// (FastLaneTests holds them to that).
import BurrowABI
import CBurrowRuntime

/// One host argument of a template.
enum HostArgument {
    /// Guest argument i as the row decodes it.
    case value(Int)
    /// Guest descriptor i, translated to the host's (EBADF when it is not open).
    case fd(Int)
    /// Guest argument i as a transfer size (SyscallArgs.count: EINVAL at 2^63, capped like Linux).
    case count(Int)
    /// Guest buffer i that the call reads, as long as guest argument `length`'s count (EFAULT
    /// unless readable; the length's EINVAL comes first).
    case bufferIn(Int, length: Int)
    /// ... that the call writes (EFAULT unless writable).
    case bufferOut(Int, length: Int)
}

struct HostCallTemplate {
    let call: ToyCall
    let host: Int
    /// A call that can block (burrow_safe_syscall6's window); otherwise one that never does.
    let interruptible: Bool
    let args: [HostArgument]
}

enum ToyOSHostCalls {
    /// The rows. Argument order is evaluation order, and so the order of the errors: the
    /// descriptor (EBADF), then the size (EINVAL), then the buffer (EFAULT).
    static let templates: [HostCallTemplate] = [
        HostCallTemplate(call: .getpid, host: burrow_nr_getpid, interruptible: false, args: []),
        HostCallTemplate(call: .getppid, host: burrow_nr_getppid, interruptible: false, args: []),
        HostCallTemplate(call: .read, host: burrow_nr_read, interruptible: true,
                         args: [.fd(0), .bufferOut(1, length: 2), .count(2)]),
        HostCallTemplate(call: .write, host: burrow_nr_write, interruptible: true,
                         args: [.fd(0), .bufferIn(1, length: 2), .count(2)]),
        HostCallTemplate(call: .pread, host: burrow_nr_pread64, interruptible: true,
                         args: [.fd(0), .bufferOut(1, length: 2), .count(2), .value(3)]),
        HostCallTemplate(call: .pwrite, host: burrow_nr_pwrite64, interruptible: true,
                         args: [.fd(0), .bufferIn(1, length: 2), .count(2), .value(3)]),
    ]

    /// The templates as the lane's rows (burrow_lane_row), by call number (as many as
    /// ToyOSDispatchTable has); `none` (present 0) where a number has none. SAFETY: allocated and
    /// filled once, never freed or changed; read only.
    static let rows: UnsafeMutablePointer<burrow_lane_row> = {
        let p = UnsafeMutablePointer<burrow_lane_row>.allocate(capacity: ToyOSDispatchTable.count)
        p.initialize(repeating: none, count: ToyOSDispatchTable.count)
        for t in templates { p[Int(t.call.rawValue)] = row(t) }
        return p
    }()

    /// A number without a template.
    static let none = burrow_lane_row(host_nr: 0, present: 0, interruptible: 0, shape: 0, pad: 0, args: noArguments)

    private static let noArguments = (burrow_lane_arg(), burrow_lane_arg(), burrow_lane_arg(),
                                      burrow_lane_arg(), burrow_lane_arg(), burrow_lane_arg())

    /// The vCPU register (burrow_vcpu.regs index) of each guest argument: rdi, rsi, rdx, rcx, r8, r9.
    private static let argumentRegisters = [BURROW_RDI, BURROW_RSI, BURROW_RDX, BURROW_RCX, BURROW_R8, BURROW_R9]

    /// How the lane decodes guest argument g of the row (burrow_lane_arg: mask, shift): by the
    /// table's argument kind, as SyscallArgs decodes it; past the row's arguments it reads 0.
    private static func decoding(_ args: [SyscallArg], _ g: Int) -> (mask: UInt64, shift: UInt8) {
        guard g < args.count else { return (0, 0) }
        switch args[g].kind.width {
        case .signed32: return (~0, 32)
        case .unsigned32: return (0xFFFF_FFFF, 0)
        case .full64: return (~0, 0)
        }
    }

    static func row(_ t: HostCallTemplate) -> burrow_lane_row {
        precondition(t.args.count <= 6, "a host call has at most six arguments")
        let guestArgs = ToyOS.row(t.call).args
        func arg(_ op: burrow_lane_op, _ g: Int, length: Int = 0) -> burrow_lane_arg {
            let (mask, shift) = decoding(guestArgs, g), (lengthMask, lengthShift) = decoding(guestArgs, length)
            return burrow_lane_arg(mask: mask, length_mask: lengthMask, op: UInt8(op.rawValue),
                                   reg: UInt8(argumentRegisters[g].rawValue), shift: shift,
                                   length_reg: UInt8(argumentRegisters[length].rawValue), length_shift: lengthShift,
                                   arg: UInt8(g), length_arg: UInt8(length), pad: 0)
        }
        var r = burrow_lane_row(host_nr: Int32(t.host), present: 1, interruptible: t.interruptible ? 1 : 0, shape: 0, pad: 0,
                                args: noArguments)
        withUnsafeMutableBytes(of: &r.args) { raw in
            let args = raw.bindMemory(to: burrow_lane_arg.self)
            for (i, a) in t.args.enumerated() {
                switch a {
                case .value(let g): args[i] = arg(BURROW_LANE_VALUE, g)
                case .fd(let g): args[i] = arg(BURROW_LANE_FD, g)
                case .count(let g): args[i] = arg(BURROW_LANE_COUNT, g)
                case .bufferIn(let g, let length): args[i] = arg(BURROW_LANE_BUFFER_IN, g, length: length)
                case .bufferOut(let g, let length): args[i] = arg(BURROW_LANE_BUFFER_OUT, g, length: length)
                }
            }
        }
        r.shape = burrow_lane_shape(&r)
        return r
    }
}

extension ToyOSPersonality {
    /// A row with a host-call template (`case` lines of `dispatch`): its host call, made here or
    /// left to the fast path's thunk (`hostCall(_ nr:...)`).
    @inline(__always)
    func hostCall(_ call: ToyCall, _ a: SyscallArgs) throws(GuestErrno) -> SyscallOutcome {
        let row = hostCallRows[Int(call.rawValue)]
        precondition(row.present != 0, "ToyOS system call \(call) has no host-call template")
        let interruptible = row.interruptible != 0
        // The shapes the lane runs as straight-line code run so here too (a traced call, or one
        // the lane left to Swift, pays no argument loop); any other through the general form.
        // Arguments are evaluated left to right: the template's order is the errors' order.
        switch burrow_lane_shape(rawValue: UInt32(row.shape)) {
        case BURROW_LANE_SHAPE_NONE:
            return try hostCall(Int(row.host_nr), interruptible: interruptible)
        case BURROW_LANE_SHAPE_FD_BUFFER_COUNT, BURROW_LANE_SHAPE_RW_REGS:
            // (Not through hostArgument: the optimizer keeps that one out of line, three calls a
            // call.)
            let fd = try files.host(a.int(Int(row.args.0.arg)))
            let buffer = try hostBuffer(row.args.1, a)
            return try hostCall(Int(row.host_nr), Int(fd), buffer, a.count(Int(row.args.2.arg)), interruptible: interruptible)
        default:
            return try hostCall(Int(row.host_nr), hostArgument(row.args.0, a), hostArgument(row.args.1, a),
                                hostArgument(row.args.2, a), hostArgument(row.args.3, a), hostArgument(row.args.4, a),
                                hostArgument(row.args.5, a), interruptible: interruptible)
        }
    }

    /// One host argument as the template says (0 past the template's last).
    @inline(__always)
    func hostArgument(_ op: burrow_lane_arg, _ a: SyscallArgs) throws(GuestErrno) -> Int {
        switch burrow_lane_op(rawValue: UInt32(op.op)) {
        case BURROW_LANE_VALUE: return Int(bitPattern: UInt(a[Int(op.arg)]))
        case BURROW_LANE_FD: return Int(try files.host(a.int(Int(op.arg))))
        case BURROW_LANE_COUNT: return try a.count(Int(op.arg))
        case BURROW_LANE_BUFFER_IN, BURROW_LANE_BUFFER_OUT: return try hostBuffer(op, a)
        default: return 0
        }
    }

    /// A buffer argument: its length's check first (EINVAL), then readable or writable (EFAULT).
    @inline(__always)
    func hostBuffer(_ op: burrow_lane_arg, _ a: SyscallArgs) throws(GuestErrno) -> Int {
        let n = try a.count(Int(op.length_arg))
        return op.op == UInt8(BURROW_LANE_BUFFER_IN.rawValue)
            ? Int(bitPattern: try kernelReadable(a[Int(op.arg)], n).baseAddress)
            : Int(bitPattern: try kernelWritable(a[Int(op.arg)], n).baseAddress)
    }
}
