// A ToyOS errno value. Handlers throw it (typed throws); the dispatcher returns it to the guest.

public struct GuestErrno: Error, Hashable, Sendable, CustomStringConvertible {
    public let value: UInt32

    @inlinable public init(value: UInt32) { self.value = value }

    /// Looks up a ToyOS errno by name; a name missing from the table is a bug in Burrow.
    public init(_ name: String) {
        guard let e = ToyOS.errno.entry(named: name) else { preconditionFailure("no ToyOS errno named \(name)") }
        value = UInt32(e.value)
    }

    public var name: String { ToyOS.errno.name(of: UInt64(value)) ?? "E?\(value)" }
    public var message: String { ToyOS.errno.entries.first { $0.value == UInt64(value) }?.text ?? "Unknown error \(value)" }
    public var description: String { name }

    /// A failure the personality has no errno for (xv6, where -1 is every error): the trace and
    /// the summary count it as failed and show it as `= -1` with no name. 0 is no ToyOS errno.
    /// (Computed and inlinable, not a `static let`: the trace compares every failure with it, and
    /// a global's lazy accessor is a call each time from another module.)
    @inlinable public static var unnamed: GuestErrno { GuestErrno(value: 0) }

    public static let E2BIG = GuestErrno("E2BIG"), EACCES = GuestErrno("EACCES"), EAGAIN = GuestErrno("EAGAIN")
    public static let EBADF = GuestErrno("EBADF"), EBUSY = GuestErrno("EBUSY"), ECHILD = GuestErrno("ECHILD")
    public static let EEXIST = GuestErrno("EEXIST"), EFAULT = GuestErrno("EFAULT"), EFBIG = GuestErrno("EFBIG")
    public static let EINTR = GuestErrno("EINTR"), EINVAL = GuestErrno("EINVAL"), EIO = GuestErrno("EIO")
    public static let EISDIR = GuestErrno("EISDIR"), ELOOP = GuestErrno("ELOOP"), EMFILE = GuestErrno("EMFILE")
    public static let ENAMETOOLONG = GuestErrno("ENAMETOOLONG"), ENODEV = GuestErrno("ENODEV"), ENOENT = GuestErrno("ENOENT")
    public static let ENOMEM = GuestErrno("ENOMEM"), ENOSYS = GuestErrno("ENOSYS"), ENOTDIR = GuestErrno("ENOTDIR")
    public static let ENOTEMPTY = GuestErrno("ENOTEMPTY"), ENOTTY = GuestErrno("ENOTTY"), EPERM = GuestErrno("EPERM")
    public static let ERANGE = GuestErrno("ERANGE"), ESPIPE = GuestErrno("ESPIPE"), EXDEV = GuestErrno("EXDEV")
    public static let EOVERFLOW = GuestErrno("EOVERFLOW"), ENOTSUP = GuestErrno("ENOTSUP"), ENOEXEC = GuestErrno("ENOEXEC")
    public static let EROFS = GuestErrno("EROFS"), ESRCH = GuestErrno("ESRCH"), ETXTBSY = GuestErrno("ETXTBSY")
}
