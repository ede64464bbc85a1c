// A 16550 UART at COM1 (0x3F8-0x3FF): transmit goes to Burrow's standard output, receive comes
// from its standard input. What a polling or interrupt-driven driver uses is modelled: the line
// status register (data ready, transmitter empty: the host write is synchronous, so the
// transmitter is always empty), the divisor latch (kept, no effect on speed), the scratch
// register, the interrupt enable and identification registers. With "received data available"
// enabled, input raises interrupt line 4.
import CBurrowRuntime
import Glibc

public final class UART16550: PortDevice {
    public let name = "com1"
    public static let irq = 4
    public let input: Int32, output: Int32
    let raise: (Int) -> Void
    /// The host signal that stands for line 4: with it, input raises the line by itself (O_ASYNC on
    /// a description of our own), also while the guest spins; without it, only when the guest
    /// touches the UART or halts.
    let asyncSignal: Int32?
    /// Where received bytes are read: the async description once the receive interrupt was enabled.
    var reader: Int32
    var asyncReader: Int32?
    /// Told about a descriptor the device opened later (the integrity checks count it as Burrow's).
    public var opened: (Int32) -> Void = { _ in }

    var divisor: UInt16 = 12          // 9600 baud, as a BIOS leaves it
    var ier: UInt8 = 0, lcr: UInt8 = 0x03, mcr: UInt8 = 0, scratch: UInt8 = 0, fcr: UInt8 = 0
    /// One received byte waiting in the receive buffer register.
    var received: UInt8?
    /// Standard input reached its end (or failed): nothing more will ever arrive.
    public private(set) var inputEnded = false
    /// A transmitter-empty interrupt is owed (IER bit 1, after enabling it or after a write).
    var thrInterrupt = false

    static let dlab: UInt8 = 0x80
    static let ierReceive: UInt8 = 0x1, ierTransmit: UInt8 = 0x2
    static let lsrDataReady: UInt8 = 0x01, lsrTHRE: UInt8 = 0x20, lsrTEMT: UInt8 = 0x40

    public init(input: Int32, output: Int32, asyncSignal: Int32? = nil, raise: @escaping (Int) -> Void) {
        self.input = input
        self.output = output
        self.asyncSignal = asyncSignal
        self.reader = input
        self.raise = raise
    }

    /// Pipes, terminals and sockets: input that arrives later. A regular file is always readable
    /// (and a new description of it would have its own offset), so it needs no signal.
    static func waitsForInput(_ fd: Int32) -> Bool {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return false }
        let type = st.st_mode & S_IFMT
        return type == S_IFIFO || type == S_IFCHR || type == S_IFSOCK
    }

    /// Input raises the line asynchronously while the receive interrupt is enabled.
    func setAsync(_ on: Bool) {
        if on, asyncReader == nil, let sig = asyncSignal, !inputEnded, Self.waitsForInput(input) {
            let d = burrow_async_input(input, sig)
            if d >= 0 { asyncReader = d; reader = d; opened(d) }
        } else if let d = asyncReader {
            _ = fcntl(d, F_SETFL, on ? O_ASYNC | O_NONBLOCK : O_NONBLOCK)
        }
    }

    public func read(offset: UInt16) -> UInt8 {
        switch offset {
        case 0:
            if lcr & Self.dlab != 0 { return UInt8(divisor & 0xFF) }
            fill()
            let b = received ?? 0
            received = nil
            return b
        case 1: return lcr & Self.dlab != 0 ? UInt8(divisor >> 8) : ier
        case 2:
            // Interrupt identification: receive data first (priority), then transmitter empty.
            let fifo: UInt8 = fcr & 1 != 0 ? 0xC0 : 0
            fill()
            if ier & Self.ierReceive != 0 && received != nil { return fifo | 0x04 }
            if ier & Self.ierTransmit != 0 && thrInterrupt { thrInterrupt = false; return fifo | 0x02 }
            return fifo | 0x01
        case 3: return lcr
        case 4: return mcr
        case 5:
            fill()
            return (received != nil ? Self.lsrDataReady : 0) | Self.lsrTHRE | Self.lsrTEMT
        case 6: return 0xB0   // DCD, DSR, CTS: a line that is always there
        default: return scratch
        }
    }

    public func write(offset: UInt16, value: UInt8) {
        switch offset {
        case 0:
            if lcr & Self.dlab != 0 { divisor = divisor & 0xFF00 | UInt16(value); return }
            var b = value
            while Glibc.write(output, &b, 1) < 0 && errno == EINTR {}
            if ier & Self.ierTransmit != 0 { thrInterrupt = true; raise(Self.irq) }
        case 1:
            if lcr & Self.dlab != 0 { divisor = divisor & 0x00FF | UInt16(value) << 8; return }
            let was = ier
            ier = value & 0x0F
            if ier & Self.ierTransmit != 0 && was & Self.ierTransmit == 0 { thrInterrupt = true; raise(Self.irq) }
            if ier & Self.ierReceive != 0 { enterRawMode() } else { restoreTerminal() }
            setAsync(ier & Self.ierReceive != 0)
            poll()
        case 2: fcr = value
        case 3: lcr = value
        case 4: mcr = value
        case 5, 6: break   // read-only in practice
        default: scratch = value
        }
    }

    /// Moves one byte from standard input into the receive buffer if one is there now.
    func fill() {
        guard received == nil, !inputEnded else { return }
        var p = pollfd(fd: reader, events: Int16(POLLIN), revents: 0)
        guard Glibc.poll(&p, 1, 0) == 1 else { return }
        var b: UInt8 = 0
        let n = Glibc.read(reader, &b, 1)
        if n == 1 { received = b } else if n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN) { inputEnded = true }
    }

    public var receiveInterruptEnabled: Bool { ier & Self.ierReceive != 0 }

    /// The terminal's settings before the receive interrupt put it in raw mode (per key input, no
    /// echo: the guest echoes); restored by `restoreTerminal` on every way out of Burrow. Only the
    /// terminal's termios changes, never the flags of the open file description the parent shell
    /// shares (no O_ASYNC, no O_NONBLOCK).
    var savedTermios: termios?
    /// Raw mode is owed but not on the terminal: Burrow gave the terminal back for a stop (job
    /// control), or was outside the terminal's foreground when the guest asked for it. A SIGCONT
    /// that finds Burrow in the foreground puts it on (`resumeTerminal`).
    var owed = false
    /// Told when `ownsTerminal` changes: the personality then catches the stop signals and SIGCONT
    /// itself (Signals.swift), to give the terminal back before stopping and take it again after.
    public var terminalChanged: () -> Void = {}

    /// Burrow changed the terminal's mode, or will when it continues in the foreground (as vim and
    /// less do).
    public var ownsTerminal: Bool { savedTermios != nil || owed }

    /// Burrow's process group is the terminal's foreground one (or the terminal has none: it is not
    /// Burrow's controlling terminal, and no job control applies).
    var inForeground: Bool {
        let pgrp = tcgetpgrp(input)
        return pgrp < 0 || pgrp == getpgrp()
    }

    func enterRawMode() {
        guard !ownsTerminal, isatty(input) == 1 else { return }
        applyRawMode()
        terminalChanged()
    }

    /// Raw mode on the terminal now if Burrow is in its foreground, else owed.
    func applyRawMode() {
        guard inForeground else { owed = true; return }
        if savedTermios == nil {
            var t = termios()
            guard tcgetattr(input, &t) == 0 else { owed = false; return }
            savedTermios = t
        }
        guard let saved = savedTermios else { return }
        var t = saved
        t.c_lflag &= ~tcflag_t(ICANON | ECHO)
        t.c_iflag &= ~tcflag_t(ICRNL)
        withUnsafeMutableBytes(of: &t.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        setTerminal(t)
        owed = false
    }

    /// tcsetattr with SIGTTOU blocked: while Burrow catches SIGTTOU (ownsTerminal), a call from
    /// outside the foreground would otherwise fail and raise it again instead of acting.
    func setTerminal(_ settings: termios) {
        var t = settings
        var block = sigset_t(), old = sigset_t()
        sigemptyset(&block)
        sigaddset(&block, SIGTTOU)
        pthread_sigmask(SIG_BLOCK, &block, &old)
        while tcsetattr(input, TCSANOW, &t) != 0 && errno == EINTR {}
        pthread_sigmask(SIG_SETMASK, &old, nil)
    }

    /// In a forked child: the parent restores the terminal, not the child.
    public func forgetTerminal() { savedTermios = nil; owed = false }

    /// The terminal as it was, if raw mode is on it now (when it is only owed, the terminal is the
    /// shell's and stays as the shell left it).
    public func restoreTerminal() {
        let owned = ownsTerminal
        if let t = savedTermios, !owed { setTerminal(t) }
        savedTermios = nil
        owed = false
        if owned { terminalChanged() }
    }

    /// Before Burrow stops for job control (Ctrl-Z): the terminal as it was, raw mode owed.
    public func suspendTerminal() {
        guard let t = savedTermios, !owed else { return }
        setTerminal(t)
        owed = true
    }

    /// Burrow continued (SIGCONT): raw mode again if it was given up for a stop, or if an
    /// uncatchable SIGSTOP left it raw (the shell may have reset the terminal meanwhile). Only in
    /// the foreground: continued in the background (`bg`), the terminal is the shell's and raw mode
    /// stays owed until a SIGCONT finds Burrow in the foreground (`fg`).
    public func resumeTerminal() {
        guard ownsTerminal, receiveInterruptEnabled else { return }
        applyRawMode()
    }

    public var wakeDescriptor: Int32? { receiveInterruptEnabled && !inputEnded && received == nil ? reader : nil }

    public func poll() {
        guard receiveInterruptEnabled else { return }
        fill()
        if received != nil { raise(Self.irq) }
    }
}
