// Burrow's own stderr. The guest's descriptors are its own (the personality's descriptor table),
// but a guest may still close or replace host fd 2; Burrow's messages go to a private duplicate
// made at start-up, above the range guests see, close-on-exec.
import CBurrowRuntime
import Glibc

public enum Diagnostics {
    public private(set) static var fd: Int32 = 2
    /// The program name in messages, like a shell's: `burrow: ...`.
    public static let tool = "burrow"

    public static func setUp() {
        StandardDescriptors.reserve()   // first: before any descriptor of Burrow's own is made
        let d = burrow_fcntl_int(2, F_DUPFD_CLOEXEC, 900)
        if d >= 0 { fd = d }
        burrow_set_diagnostics_fd(fd)   // the trap handler's internal-error reports go there too
        StartupStreams.setUp()
    }

    /// After a guest's exec: the previous Burrow's private stderr, handed over (--exec-diag-fd), so
    /// that the trace on stderr, a crash report and every message of the new image go where the
    /// first Burrow's went, not to whatever the guest made its fd 2 (`exec 2>/dev/null; exec prog`).
    /// False when `handed` is not open (the duplicate made at start-up stays).
    public static func adopt(_ handed: Int32) -> Bool {
        guard handed >= 0, burrow_fcntl_int(handed, F_SETFD, FD_CLOEXEC) == 0 else { return false }
        if handed != fd && fd > 2 { _ = close(fd) }
        fd = handed
        burrow_set_diagnostics_fd(fd)
        return true
    }

    /// Writes whole lines; a message is one write so lines from two processes never interleave.
    public static func write(_ text: String) {
        var s = text
        s.withUTF8 { buf in
            var off = 0
            while off < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
                if n < 0 { if errno == EINTR { continue }; return }
                off += n
            }
        }
    }

    public static func error(_ message: String) {
        write("\(tool): \(message)\n")
    }
}

/// Which of the standard descriptors Burrow was started with. A program started with one closed
/// (`cmd <&-`) finds it closed: EBADF on a read or write, its next open takes the number. Burrow
/// makes descriptors of its own before the guest runs (the process table's memfd, a trace file,
/// the program file); on a closed 0, 1 or 2 one of them would pass for the guest's stdin or
/// stdout, to be read as input, written over, or handed to a re-executed Burrow as a guest
/// descriptor. So each closed one is held by /dev/null (close-on-exec) from the first line of
/// main, and the guest's table leaves it out (FileTable.inheritingStandardDescriptors).
public enum StandardDescriptors {
    /// Bit n: descriptor n was closed when Burrow started.
    private nonisolated(unsafe) static var closedMask: UInt8 = 0

    static func reserve() {
        for fd in Int32(0)...2 where burrow_fcntl_int(fd, F_GETFD, 0) < 0 {
            closedMask |= 1 << UInt8(fd)
            // open takes the lowest free number, fd: the ones below it are open by now, and no
            // other thread runs yet.
            _ = Glibc.open("/dev/null", O_RDWR | O_CLOEXEC)
        }
    }

    /// Whether Burrow was started with `fd` (0, 1 or 2) open.
    public static func wasOpen(_ fd: Int32) -> Bool { closedMask & (1 << UInt8(fd)) == 0 }
}

/// Burrow's standard input and output as it was started with them: the UART's line (docs/abi.md
/// 7.3), whatever the guest later does with its descriptors 0 and 1. Taken at start-up (two fcntl
/// calls) because the devices themselves are created only at the first port access; close-on-exec,
/// above the range guests see, like the diagnostics descriptor. A new image (guest exec re-executes
/// Burrow) takes them again from the descriptors it is started with.
public enum StartupStreams {
    public private(set) static var input: Int32?
    public private(set) static var output: Int32?

    static func setUp() {
        func dupe(_ fd: Int32) -> Int32? {
            let d = burrow_fcntl_int(fd, F_DUPFD_CLOEXEC, 910)
            return d >= 0 ? d : nil
        }
        input = StandardDescriptors.wasOpen(0) ? dupe(0) : nil
        output = StandardDescriptors.wasOpen(1) ? dupe(1) : nil
    }

    /// In a forked child: it must not hold its parent's standard output or input open (a reader of
    /// the output would wait for the child). A child that touches the ports gets devices on its own
    /// standard descriptors (Machine).
    public static func closeInChild() {
        for fd in [input, output].compactMap({ $0 }) { _ = close(fd) }
        input = nil
        output = nil
    }
}

/// Exit statuses of `burrow` itself (docs/architecture.md, "Exit statuses").
public enum BurrowExitStatus {
    /// Burrow failed: bad options, cannot set up the guest. (A bug, a fault in Burrow's own code, is
    /// reported by the trap handler and ends Burrow by the fault's signal.)
    public static let burrowFailed: Int32 = 125
    /// The program exists but cannot be executed (not a ToyOS executable, malformed, unreadable).
    public static let cannotExecute: Int32 = 126
    /// The program does not exist.
    public static let notFound: Int32 = 127
}
