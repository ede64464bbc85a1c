// The ToyOS "machine" (docs/abi.md section 7, ABI 1.2), as data: the hypercall table, the port
// map of the devices, the interrupt lines and their signals, the batch entry layout. Burrow's
// devices (BurrowVMM/Devices) and hypercall handlers (BurrowSyscalls/Hypercalls.swift) bind to
// these rows; `burrow syscalls`, `burrow inspect` and the SDK header are derived from them.

/// A hypercall number (`int 0x82`, number in eax). The raw values are the only place one is spelled.
public enum ToyHypercall: UInt32, CaseIterable, Sendable {
    case query = 0, features = 1, consoleWrite = 2, getInterruptFlag = 3, batch = 4
}

public struct HypercallRow: Sendable {
    public let call: ToyHypercall
    public let name: String
    public let args: [String]
    public let summary: String
    public var number: UInt32 { call.rawValue }
}

/// One device on the ToyOS port bus: where it sits and which interrupt line it raises.
public struct PortDeviceRow: Sendable {
    public let name: String
    public let base: UInt16
    public let count: UInt16
    public let irq: Int?
    public let summary: String
}

extension ToyOS {
    /// The hypercall instruction: `int 0x82`, a #GP from a DPL-0 gate on every x86-64 host (unlike
    /// `vmcall`, which a hypervisor may answer itself).
    public static let hypercallVector: UInt8 = 0x82

    public static let hypercalls: [HypercallRow] = [
        HypercallRow(call: .query, name: "query", args: [],
                     summary: "The running ABI version: major << 16 | minor. Never fails."),
        HypercallRow(call: .features, name: "features", args: [],
                     summary: "Feature bits (TOY_HV_FEATURE_*): what this system's machine provides. Never fails."),
        HypercallRow(call: .consoleWrite, name: "console_write", args: ["buf", "len"],
                     summary: "Writes len bytes at buf to the debug console (as out to port 0xE9); returns len. EFAULT for a bad buffer."),
        HypercallRow(call: .getInterruptFlag, name: "get_if", args: [],
                     summary: "The virtual interrupt flag of cli/sti: 1 set, 0 clear. Never fails."),
        HypercallRow(call: .batch, name: "batch", args: ["entries", "count"],
                     summary: "Runs count queued system calls (struct toy_batch_entry) in one exit, in order, stopping after the first that fails; returns how many ran. EINVAL for count > TOY_BATCH_MAX, EFAULT for an unreadable ring."),
    ]

    public static func hypercall(number: UInt64) -> HypercallRow? {
        number < UInt64(hypercalls.count) ? hypercalls[Int(number)] : nil
    }

    /// At most this many entries in one batch hypercall.
    public static let batchMax: UInt64 = 1024

    /// Header `#define`s of the machine: the vector, hypercall numbers, feature bits, batch limits.
    public static let machineScalars: [NamedConstant] = [
        NamedConstant("HYPERCALL_VECTOR", UInt64(hypercallVector), "the hypercall instruction is int TOY_HYPERCALL_VECTOR (ABI 1.2)"),
    ] + hypercalls.map { NamedConstant("HC_" + $0.name.uppercased(), UInt64($0.number), $0.summary) } + [
        NamedConstant("HV_FEATURE_PORTS", 0x1, "the port bus: debug console, UART, RTC, PIT"),
        NamedConstant("HV_FEATURE_INTERRUPTS", 0x2, "interrupt lines as signals (SIGIRQ0, SIGIRQ4)"),
        NamedConstant("HV_FEATURE_BATCH", 0x4, "the batch hypercall"),
        NamedConstant("BATCH_MAX", batchMax, "most entries in one batch hypercall"),
    ]

    /// The feature bits Burrow reports.
    public static let hypercallFeatureBits: UInt64 = 0x7

    /// The devices of the port bus (docs/abi.md 7.3).
    public static let portDevices: [PortDeviceRow] = [
        PortDeviceRow(name: "pit", base: 0x40, count: 4, irq: 0, summary: "8254 interval timer: channel 0 periodic (modes 2 and 3), 1193182 Hz input, period at least 1 ms"),
        PortDeviceRow(name: "rtc", base: 0x70, count: 2, irq: nil, summary: "MC146818 CMOS clock (UTC): index 0x70, data 0x71; BCD or binary, 12/24 hours by register B"),
        PortDeviceRow(name: "debugcon", base: 0xE9, count: 1, irq: nil, summary: "debug console: out writes a byte to standard error; in reads 0xE9"),
        PortDeviceRow(name: "com1", base: 0x3F8, count: 8, irq: 4, summary: "16550 UART: transmit to standard output, receive from standard input"),
    ]

    /// The interrupt line a device raises becomes this ToyOS signal (docs/abi.md 7.6).
    public static func interruptSignal(line: Int) -> UInt64? {
        switch line {
        case 0: signal["SIGIRQ0"]
        case 4: signal["SIGIRQ4"]
        default: nil
        }
    }

    /// What the trace calls each interrupt line (`irq timer`).
    public static func interruptLineName(_ line: Int) -> String { line == 0 ? "timer" : line == 4 ? "com1" : "line \(line)" }

    /// One queued system call of the batch hypercall (docs/abi.md 7.4).
    public static let batchEntryLayout = StructLayout("toy_batch_entry", doc: "One system call queued for the batch hypercall (ABI 1.2).", [
        ("nr", .u32, 1, "the system call number"),
        ("reserved", .u32, 1, "zero"),
        ("args", .u64, 6, "its arguments, as rdi rsi rdx rcx r8 r9"),
        ("result", .u64, 1, "written back: the value, or the TOY_E* value when error is 1"),
        ("error", .u64, 1, "written back: 0 or 1 (entries after the one that failed are not touched)"),
    ])
}
