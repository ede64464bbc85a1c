// Process calls: fork, waitpid, setpgid, getpgid, setsid, tcgetpgrp, tcsetpgrp. A ToyOS process is a
// Burrow process: fork is the host's fork (guest memory is copied on write, the descriptor table
// and signal state come along), and a child's pid and process group are host ones, so kill and
// waitpid act on host processes directly.
import BurrowABI
import BurrowVMM
import CBurrowRuntime
import Glibc

extension ToyOSPersonality {
    /// fork(): 0 in the child, the child's pid in the parent. The tracer's buffer is written out
    /// first (or both processes would write it), the child gets an empty set of pending signals and
    /// no alarm (the kernel's fork already clears it), and Syscall User Dispatch, which fork does
    /// not inherit, is armed again in the child (burrow_fork). Under `--max-procs` the child takes
    /// a slot of the tree's process table first: EAGAIN when every slot is taken (procs.c).
    func fork() throws(GuestErrno) -> UInt64 {
        observer?.willFork()
        let pid = burrow_procs_fork()
        if pid < 0 { throw GuestErrno(host: errno) }
        if pid == 0 {
            signals.pending = 0
            // The devices stay the parent's (POSIX timers are not inherited; the terminal's mode is
            // the parent's to restore): the child closes their descriptors and gets fresh devices
            // at its first port access.
            let hadTerminal = machineState?.uart.ownsTerminal == true
            machineState?.closeInChild()
            machineState = nil
            Machine.forked()
            if hadTerminal { updateHostSignalState() }   // the stops and SIGCONT are the kernel's again
            observer?.didFork(inChild: true)
            return 0
        }
        observer?.didFork(inChild: false)
        return UInt64(pid)
    }

    /// waitpid(pid, status, options) → wait4, through the interruptible path; the status in the
    /// ToyOS encoding (docs/abi.md 9.1, ABI 1.1 for stopped and continued children).
    func waitpid(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let pid = Int32(truncatingIfNeeded: a.int(0))
        let options = a[2]
        let w = ToyOS.waitOptions
        guard options & ~(w["WNOHANG"] | w["WUNTRACED"] | w["WCONTINUED"]) == 0 else { throw .EINVAL }
        if a[1] != 0, !memory.check(a[1], 4, .write) { throw .EFAULT }
        var host: Int32 = 0
        if options & w["WNOHANG"] != 0 { host |= WNOHANG }
        if options & w["WUNTRACED"] != 0 { host |= WUNTRACED }
        if options & w["WCONTINUED"] != 0 { host |= WCONTINUED }
        var status: Int32 = 0
        // A child that has already changed state is reported at once, as natively, even when a
        // signal (its SIGCHLD) is pending: the interruptible path would fail with EINTR first.
        var r = try blocking { burrow_wait4_now(pid, &status, host) }
        if r == 0 && host & WNOHANG == 0 { r = try blocking { burrow_blocking_wait4(pid, &status, host) } }
        if r > 0, a[1] != 0 { try store(UInt32(truncatingIfNeeded: Self.guestWaitStatus(host: status)), a[1]) }
        return UInt64(r)
    }

    /// A host wait status in the ToyOS encoding. A child killed by a signal whose default action
    /// dumps core reports TOY_EXIT_COREDUMP whether or not the host wrote a core (Burrow never does).
    static func guestWaitStatus(host s: Int32) -> UInt64 {
        func guestSignal(_ h: Int32) -> UInt64 {
            // LOSSY: a host signal ToyOS has no number for (SIGXCPU, a real-time one) shows as SIGKILL.
            UInt64(SignalState.guest(host: h) ?? SignalState.kill)
        }
        if s & 0x7f == 0 { return UInt64((s >> 8) & 0xff) }                          // exited
        if s == 0xffff { return ToyOS.scalar("EXIT_CONTINUED") }                      // continued
        if s & 0xff == 0x7f {                                                         // stopped
            return ToyOS.scalar("EXIT_STOPPED") | guestSignal((s >> 8) & 0xff) << 8
        }
        let g = guestSignal(s & 0x7f)                                                 // killed
        let core = SignalState.defaultAction(Int(g)) == .core ? ToyOS.scalar("EXIT_COREDUMP") : 0
        return ToyOS.scalar("EXIT_SIGNALED") | g << 8 | core
    }

    func setpgid(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let pid = Int32(truncatingIfNeeded: a.int(0)), pgid = Int32(truncatingIfNeeded: a.int(1))
        guard pgid >= 0 else { throw .EINVAL }
        _ = try host { Glibc.setpgid(pid, pgid) }
        return 0
    }

    func getpgid(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        UInt64(try host { Glibc.getpgid(Int32(truncatingIfNeeded: a.int(0))) })
    }

    /// setsid() → setsid: a new session and process group, both with the caller's id, and no
    /// controlling terminal (ABI 1.3). EPERM for a process-group leader.
    func setsid() throws(GuestErrno) -> UInt64 {
        UInt64(try host { Glibc.setsid() })
    }

    func tcgetpgrp(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let fd = try files.host(a.int(0))
        return UInt64(try host { Glibc.tcgetpgrp(fd) })
    }

    /// tcsetpgrp(fd, pgid). From a background group the kernel allows it only when the caller
    /// blocks or ignores SIGTTOU; a guest's SIG_IGN is mirrored on the host already, and a guest's
    /// block is applied on the host for the length of the call.
    func tcsetpgrp(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let fd = try files.host(a.int(0))
        let pgid = Int32(truncatingIfNeeded: a.int(1))
        guard pgid >= 0 else { throw .EINVAL }
        let ttou = Int(ToyOS.signal["SIGTTOU"])
        let blocked: Int32 = signals.blocked & SignalState.bit(ttou) != 0 ? 1 : 0
        _ = try host { burrow_tcsetpgrp(fd, pgid, blocked) }
        return 0
    }
}
