// What a ToyOS signal's `struct toy_siginfo` says besides the signal's number (docs/abi.md 8.3): how
// it was sent, by whom, what happened to a SIGCHLD's child, and for a fault where. Burrow fills a
// handler's `info` argument from it, and the trace shows it as strace shows a signal's siginfo
// (`{si_signo=SIGUSR1, si_code=SI_USER, si_pid=42}`).

public struct ToySignalInfo: Sendable, Equatable {
    /// TOY_SI_USER, TOY_SI_KERNEL, or a fault's code (TOY_SEGV_MAPERR, ...; others in Linux's numbering).
    public var code: Int32
    /// TOY_SI_USER: the sender's pid; otherwise 0.
    public var pid: Int32
    /// A fault: the address that faulted (SIGSEGV, SIGBUS) or the instruction; otherwise 0.
    public var addr: UInt64
    /// A SIGCHLD about a child (ABI 1.5): CLD_EXITED's exit status, or the ToyOS signal that
    /// ended, stopped or continued it; otherwise 0.
    public var status: Int32

    public init(code: Int32, pid: Int32 = 0, addr: UInt64 = 0, status: Int32 = 0) {
        self.code = code
        self.pid = pid
        self.addr = addr
        self.status = status
    }

    public static let siUser = Int32(ToyOS.scalar("SI_USER"))
    public static let siKernel = Int32(ToyOS.scalar("SI_KERNEL"))

    /// Sent by kill or raise (`pid` the sender; 0 when it is not known).
    public static func user(pid: Int32) -> ToySignalInfo { ToySignalInfo(code: siUser, pid: pid) }
    /// Raised by the system: an alarm, the terminal, an interrupt line.
    public static let kernel = ToySignalInfo(code: siKernel)
    /// A SIGCHLD's account of a child (ABI 1.5), by the ToyOS constants: CLD_EXITED's status is an
    /// exit status, the others' a signal.
    public static let cldExited = Int32(ToyOS.scalar("CLD_EXITED"))
    public static let cldKilled = Int32(ToyOS.scalar("CLD_KILLED"))
    public static let cldDumped = Int32(ToyOS.scalar("CLD_DUMPED"))
    public static let cldStopped = Int32(ToyOS.scalar("CLD_STOPPED"))
    public static let cldContinued = Int32(ToyOS.scalar("CLD_CONTINUED"))
    /// The CLD_* codes ToyOS has, by name (not CLD_TRAPPED: ToyOS has no ptrace).
    static let childCodes = ["CLD_EXITED", "CLD_KILLED", "CLD_DUMPED", "CLD_STOPPED", "CLD_CONTINUED"].map { (name: $0, code: Int32(ToyOS.scalar($0))) }
    /// Whether this is a SIGCHLD's account of a child (a CLD_* code).
    public func isChild(signal: String) -> Bool { signal == "SIGCHLD" && Self.childCodes.contains { $0.code == code } }

    /// The code by name, for the signal named `signal` (`SIGSEGV`): the ToyOS constants, and for the
    /// other faults Linux's names of the same numbers (`ILL_ILLOPN`, `FPE_INTDIV`); a code without
    /// a name in decimal.
    public func codeName(signal: String) -> String {
        if code == Self.siUser { return "SI_USER" }
        if code == Self.siKernel { return "SI_KERNEL" }
        if isChild(signal: signal), let child = Self.childCodes.first(where: { $0.code == code }) { return child.name }
        let names: [String]
        switch signal {
        case "SIGSEGV": names = ["SEGV_MAPERR", "SEGV_ACCERR"]
        case "SIGILL": names = ["ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR", "ILL_ILLTRP", "ILL_PRVOPC", "ILL_PRVREG", "ILL_COPROC", "ILL_BADSTK"]
        case "SIGFPE": names = ["FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV", "FPE_FLTOVF", "FPE_FLTUND", "FPE_FLTRES", "FPE_FLTINV", "FPE_FLTSUB"]
        case "SIGBUS": names = ["BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR"]
        case "SIGTRAP": names = ["TRAP_BRKPT", "TRAP_TRACE"]
        default: names = []
        }
        return code >= 1 && Int(code) <= names.count ? names[Int(code) - 1] : String(code)
    }
}
