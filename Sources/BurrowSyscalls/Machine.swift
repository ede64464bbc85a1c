// The ToyOS machine (docs/abi.md section 7): privileged instructions emulated over the port bus and
// the virtual interrupt flag. hlt waits for an interrupt (a signal) with ppoll on the devices'
// sources; cli/sti clear and set the flag that beforeEntry (Signals.swift) honours; in/out reach
// the devices of ToyOS.portDevices. Hypercalls are in Hypercalls.swift.
import BurrowABI
import BurrowVMM
import CBurrowRuntime
import Glibc

/// The devices of one guest process, created at its first port access.
final class Machine {
    let bus = PortBus()
    let console: DebugConsole
    let uart: UART16550
    let pit: PIT8254
    let rtc: CMOSClock

    /// The host descriptors the devices hold (integrity checks count them as Burrow's).
    var hostDescriptors: [Int32] { [uart.input, uart.output] }
    /// The descriptors opened for the devices (the duplicates, the UART's async reader): a forked
    /// child closes them (closeInChild), or it would hold Burrow's standard output open.
    var owned: [Int32] = []

    /// Host signal of interrupt line n: a real-time signal, so the guest's own signals and the
    /// Swift runtime's are never touched.
    static func hostSignal(line: Int) -> Int32 { burrow_sigrtmin() + 2 + Int32(line) }

    init(raise: @escaping (Int) -> Void) {
        // Devices are hardware: they keep the standard descriptors Burrow was started with
        // (StartupStreams, duplicated at start-up), whatever the guest did with its own since. A
        // forked child closed those: its devices take duplicates of its standard descriptors now.
        var dups: [Int32] = []
        func dupe(_ fd: Int32) -> Int32 {
            let d = fcntl(fd, F_DUPFD_CLOEXEC, 920)
            if d >= 0 { dups.append(d) }
            return d >= 0 ? d : fd
        }
        console = DebugConsole(fd: Diagnostics.fd)
        let input = StartupStreams.input ?? dupe(0), output = StartupStreams.output ?? dupe(1)
        uart = UART16550(input: input, output: output, asyncSignal: Self.hostSignal(line: UART16550.irq), raise: raise)
        owned = dups
        pit = PIT8254(hostSignal: Self.hostSignal(line: PIT8254.irq))
        rtc = CMOSClock()
        bus.raise = raise
        let devices: [String: PortDevice] = ["pit": pit, "rtc": rtc, "debugcon": console, "com1": uart]
        for row in ToyOS.portDevices {
            guard let d = devices[row.name] else { preconditionFailure("no device model for \(row.name)") }
            do { try bus.insert(d, base: row.base, count: row.count) } catch { preconditionFailure("ToyOS port map: \(error)") }
        }
    }

    /// In a forked child: the devices stay the parent's (its terminal mode, its timer); the child
    /// closes their descriptors and gets fresh devices at its first port access.
    func closeInChild() {
        uart.forgetTerminal()
        for fd in owned { _ = close(fd) }
        owned = []
    }

    /// In a forked child, whether or not the parent had touched the ports: the start-up duplicates
    /// of Burrow's standard input and output are the parent's too.
    static func forked() { StartupStreams.closeInChild() }
}

extension ToyOSPersonality {
    var machine: Machine {
        if let m = machineState { return m }
        let m = Machine(raise: { [unowned self] line in self.raiseInterrupt(line) })
        machineState = m
        integrity?.adopt(m.hostDescriptors)
        m.uart.terminalChanged = { [unowned self] in self.updateHostSignalState() }
        m.uart.opened = { [unowned self, unowned m] fd in
            self.integrity?.adopt([fd])
            m.owned.append(fd)
        }
        return m
    }

    /// A device raised its line: the line's signal becomes pending (delivered at the next safe point
    /// when the interrupt flag is set and the signal is not masked).
    func raiseInterrupt(_ line: Int) {
        guard let g = ToyOS.interruptSignal(line: line).map(Int.init) else { return }
        if signals.actions[g].handler == GuestSignalAction.ign { return }
        if signals.actions[g].handler == GuestSignalAction.dfl { return }   // default: ignore
        signals.pending |= SignalState.bit(g)
        signals.origin[g] = .kernel
    }

    public func handlePrivileged(_ insn: PrivilegedInstruction, length: UInt64, process: GuestProcess) -> RunControl {
        let v = process.vcpu
        let rip = v[.rip]
        switch insn {
        case .cli:
            v[.rip] = rip &+ length
            observer?.machine(kind: "privileged", text: "cli", key: "cli", rip: rip)
            setInterruptFlag(false)
            return .resume
        case .sti:
            v[.rip] = rip &+ length
            observer?.machine(kind: "privileged", text: "sti", key: "sti", rip: rip)
            setInterruptFlag(true)
            // The interrupt shadow: x86 takes no interrupt between sti and the next instruction, so
            // `sti; hlt` (the idle idiom after `cli; check for work`) cannot lose a wake-up. A
            // signal pending at the sti ends the hlt instead of being delivered before it.
            if case .instruction(.hlt, let hltLength)? = VCPU.privilegedInstruction(at: v[.rip], memory: memory) {
                let at = v[.rip]
                v[.rip] = at &+ hltLength
                observer?.machine(kind: "privileged", text: "hlt", key: "hlt", rip: at)
                return halt(process)
            }
            return .resume
        case .hlt:
            v[.rip] = rip &+ length
            observer?.machine(kind: "privileged", text: "hlt", key: "hlt", rip: rip)
            return halt(process)
        case .portIn(let port, let size):
            let p = port ?? UInt16(truncatingIfNeeded: v[.rdx])
            let value = machine.bus.read(port: p, size: size)
            switch size {
            case 1: v[.rax] = v[.rax] & ~0xFF | UInt64(value)
            case 2: v[.rax] = v[.rax] & ~0xFFFF | UInt64(value)
            default: v[.rax] = UInt64(value)   // a 32-bit destination zero-extends
            }
            v[.rip] = rip &+ length
            if let o = observer { o.machine(kind: "port", text: "in\(suffix(size))(\(hex(p))) = \(hex(value))", key: "in\(suffix(size)) \(hex(p))", rip: rip) }
            return .resume
        case .portOut(let port, let size):
            let p = port ?? UInt16(truncatingIfNeeded: v[.rdx])
            let value = UInt32(truncatingIfNeeded: v[.rax]) & (size == 4 ? 0xFFFF_FFFF : (1 << (8 * UInt32(size))) - 1)
            if let o = observer { o.machine(kind: "port", text: "out\(suffix(size))(\(hex(p)), \(hex(value)))", key: "out\(suffix(size)) \(hex(p))", rip: rip) }
            machine.bus.write(port: p, size: size, value: value)
            v[.rip] = rip &+ length
            return .resume
        case .portInString(let size, let rep, let a32), .portOutString(let size, let rep, let a32):
            return stringIO(insn, size: size, rep: rep, address32: a32, length: length, process)
        }
    }

    func suffix(_ size: Int) -> String { size == 1 ? "b" : size == 2 ? "w" : "l" }
    func hex<T: BinaryInteger>(_ v: T) -> String { "0x" + String(v, radix: 16) }

    /// ins/outs, repeated rcx times with rep: one element at a time between the port and memory at
    /// rdi (ins) or rsi (outs), the pointer moving by the size, backwards with DF. A bad address
    /// ends the string where it is (registers show the progress) with SIGSEGV, as the CPU does.
    func stringIO(_ insn: PrivilegedInstruction, size: Int, rep: Bool, address32: Bool, length: UInt64, _ process: GuestProcess) -> RunControl {
        let v = process.vcpu
        let rip = v[.rip]
        let isIn: Bool
        if case .portInString = insn { isIn = true } else { isIn = false }
        let port = UInt16(truncatingIfNeeded: v[.rdx])
        let mask: UInt64 = address32 ? 0xFFFF_FFFF : ~0
        let step: UInt64 = v[.rflags] & 0x400 != 0 ? UInt64(bitPattern: -Int64(size)) : UInt64(size)
        let pointer: Register = isIn ? .rdi : .rsi
        var remaining = rep ? v[.rcx] & mask : 1
        var done = 0
        if let o = observer {
            o.machine(kind: "port", text: "\(insn)(\(hex(port)), n=\(remaining))", key: "\(isIn ? "ins" : "outs")\(suffix(size)) \(hex(port))", rip: rip)
        }
        while remaining > 0 {
            // A long string is interruptible, as on the CPU: with a signal to act on, stop here with
            // rip still at the instruction and the registers showing the progress; it goes on after.
            if done & 0xFFF == 0xFFF && burrow_interrupt_pending() != 0 { return .resume }
            let addr = v[pointer] & mask
            if isIn {
                let value = machine.bus.read(port: port, size: size)
                let bytes = (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
                guard (try? memory.copyOut(bytes, to: addr)) != nil else { return stringFault(addr, process) }
            } else {
                guard let bytes = try? memory.copyIn(addr, count: size) else { return stringFault(addr, process) }
                let value = bytes.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
                machine.bus.write(port: port, size: size, value: value)
            }
            v[pointer] = v[pointer] & ~mask | (addr &+ step) & mask
            remaining -= 1
            done += 1
            if rep { v[.rcx] = v[.rcx] & ~mask | remaining }
        }
        v[.rip] = rip &+ length
        return .resume
    }

    func stringFault(_ addr: UInt64, _ process: GuestProcess) -> RunControl {
        let rip = process.vcpu[.rip]
        let fault = GuestFault(signal: SIGSEGV, code: memory.region(containing: addr) == nil ? 1 : 2, address: addr, rip: rip,
                               detail: "string port I/O at 0x\(String(rip, radix: 16)) touched a bad address")
        return handleFault(fault, process: process)
    }

    // MARK: - The interrupt flag

    func setInterruptFlag(_ on: Bool) {
        guard signals.interruptFlag != on else { return }
        signals.interruptFlag = on
        updateHostSignalState()
    }

    // MARK: - hlt

    /// Whether a pending signal ends hlt's wait now: with the flag set, one that takes an action
    /// (a handler, or a default that ends or stops the guest) and is not masked; with the flag
    /// clear, a caught one that is not masked (it stays pending until sti, docs/abi.md 7.1).
    func haltEnds() -> Bool {
        let ready = signals.pending & (~signals.blocked | SignalState.unblockable)
        var bits = ready
        while bits != 0 {
            let g = bits.trailingZeroBitCount + 1
            bits &= bits - 1
            let a = signals.actions[g]
            if a.handler > GuestSignalAction.ign { return true }
            if a.handler == GuestSignalAction.dfl {
                switch SignalState.defaultAction(g) {
                case .terminate, .core, .stop: return true
                case .ignore, .continue:   // dropped, as beforeEntry would, and shown as it shows them
                    signals.pending &= ~SignalState.bit(g)
                    observer?.signal(SignalState.host[g], fault: nil, info: signals.origin[g])
                }
            }
        }
        return false
    }

    /// Whether anything can still end the wait: a caught, unmasked signal (it may come from outside;
    /// a child's exit is SIGCHLD, which ends the wait only when caught), an armed alarm whose signal
    /// is not ignored or masked, a device whose line's signal is caught and that can still fire.
    func somethingCanWake() -> Bool {
        func open(_ g: Int) -> Bool { signals.blocked & SignalState.bit(g) == 0 }
        for g in 1..<SignalState.count where signals.actions[g].handler > GuestSignalAction.ign && open(g) {
            if let line = ToyOS.portDevices.first(where: { ToyOS.interruptSignal(line: $0.irq ?? -1) == UInt64(g) })?.irq {
                if machineState.map({ deviceCanFire(line, $0) }) == true { return true }
                continue
            }
            return true
        }
        let alrm = Int(ToyOS.signal["SIGALRM"])
        var it = itimerval()
        if signals.actions[alrm].handler != GuestSignalAction.ign, open(alrm),
           getitimer(__itimer_which_t(ITIMER_REAL.rawValue), &it) == 0, it.it_value.tv_sec != 0 || it.it_value.tv_usec != 0 {
            return true
        }
        return false
    }

    func deviceCanFire(_ line: Int, _ m: Machine) -> Bool {
        switch line {
        case PIT8254.irq: m.pit.canInterrupt
        case UART16550.irq: m.uart.receiveInterruptEnabled && !m.uart.inputEnded
        default: false
        }
    }

    /// hlt: rip is already past it. Waits in ppoll on the devices' descriptors until a signal ends
    /// the wait (any signal the run loop handles interrupts the ppoll); ends the guest like a halted
    /// machine (status 0) when nothing can ever wake it.
    func halt(_ process: GuestProcess) -> RunControl {
        let sources = machineState?.bus.entries.map(\.device) ?? []
        // While halted, every signal Burrow catches ends the ppoll, whatever the flag says.
        var all: UInt64 = 0
        for h in 1..<64 where hostDisposition[h] == Int32(BURROW_DISPOSITION_HANDLER) { all |= 1 << UInt64(h) }
        burrow_set_interrupt_mask(all & ~hostBlocked)
        defer { updateHostSignalState() }
        while true {
            for d in sources { d.poll() }
            let pending = burrow_take_pending_signals()
            if pending != 0 {
                // A host-only signal ends the guest even in hlt.
                let control = handleHostSignals(pending, process: process)
                guard case .resume = control else { return control }
            }
            if haltEnds() { return .resume }
            if !somethingCanWake() {
                observer?.machine(kind: "privileged", text: "halted: nothing can raise an interrupt", key: "halted", rip: process.vcpu[.rip])
                return .exit(0)
            }
            var fds = sources.compactMap { $0.wakeDescriptor }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let n = UInt(fds.count)
            let r = fds.withUnsafeMutableBytes { burrow_blocking_poll($0.baseAddress, n, -1) }
            if r < 0 && r != -Int(EINTR) {
                Diagnostics.error("\(programName): hlt: ppoll failed: \(String(cString: strerror(Int32(-r))))")
                return .exit(0)
            }
        }
    }
}
