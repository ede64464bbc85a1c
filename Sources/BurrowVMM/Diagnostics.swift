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
        let d = burrow_fcntl_int(2, F_DUPFD_CLOEXEC, 900)
        if d >= 0 { fd = d }
        burrow_set_diagnostics_fd(fd)   // the trap handler's internal-error reports go there too
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
