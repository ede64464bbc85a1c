// Translation between ToyOS values and Linux values, in named, direction-explicit functions.
// Every table is matched by NAME against ToyOS's constant sets, so a ToyOS name and its Linux
// namesake always meet; tests walk every host errno and every flag bit.
import BurrowABI
import BurrowVMM
import Glibc

/// Linux errno values by name (the host side of the errno translation).
public let hostErrnoNames: [(value: Int32, name: String)] = [
    (EPERM, "EPERM"), (ENOENT, "ENOENT"), (ESRCH, "ESRCH"), (EINTR, "EINTR"), (EIO, "EIO"), (ENXIO, "ENXIO"),
    (E2BIG, "E2BIG"), (ENOEXEC, "ENOEXEC"), (EBADF, "EBADF"), (ECHILD, "ECHILD"), (EAGAIN, "EAGAIN"),
    (ENOMEM, "ENOMEM"), (EACCES, "EACCES"), (EFAULT, "EFAULT"), (ENOTBLK, "ENOTBLK"), (EBUSY, "EBUSY"),
    (EEXIST, "EEXIST"), (EXDEV, "EXDEV"), (ENODEV, "ENODEV"), (ENOTDIR, "ENOTDIR"), (EISDIR, "EISDIR"),
    (EINVAL, "EINVAL"), (ENFILE, "ENFILE"), (EMFILE, "EMFILE"), (ENOTTY, "ENOTTY"), (ETXTBSY, "ETXTBSY"),
    (EFBIG, "EFBIG"), (ENOSPC, "ENOSPC"), (ESPIPE, "ESPIPE"), (EROFS, "EROFS"), (EMLINK, "EMLINK"),
    (EPIPE, "EPIPE"), (EDOM, "EDOM"), (ERANGE, "ERANGE"), (EDEADLK, "EDEADLK"), (ENAMETOOLONG, "ENAMETOOLONG"),
    (ENOLCK, "ENOLCK"), (ENOSYS, "ENOSYS"), (ENOTEMPTY, "ENOTEMPTY"), (ELOOP, "ELOOP"), (ENOMSG, "ENOMSG"),
    (EIDRM, "EIDRM"), (ENOSTR, "ENOSTR"), (ENODATA, "ENODATA"), (ETIME, "ETIME"), (ENOSR, "ENOSR"),
    (EREMOTE, "EREMOTE"), (ENOLINK, "ENOLINK"), (EPROTO, "EPROTO"), (EBADMSG, "EBADMSG"), (EOVERFLOW, "EOVERFLOW"),
    (EILSEQ, "EILSEQ"), (EUSERS, "EUSERS"), (ENOTSOCK, "ENOTSOCK"), (EDESTADDRREQ, "EDESTADDRREQ"),
    (EMSGSIZE, "EMSGSIZE"), (EPROTOTYPE, "EPROTOTYPE"), (ENOPROTOOPT, "ENOPROTOOPT"),
    (EPROTONOSUPPORT, "EPROTONOSUPPORT"), (EOPNOTSUPP, "ENOTSUP"), (EAFNOSUPPORT, "EAFNOSUPPORT"),
    (EADDRINUSE, "EADDRINUSE"), (EADDRNOTAVAIL, "EADDRNOTAVAIL"), (ENETDOWN, "ENETDOWN"),
    (ENETUNREACH, "ENETUNREACH"), (ECONNABORTED, "ECONNABORTED"), (ECONNRESET, "ECONNRESET"),
    (ENOBUFS, "ENOBUFS"), (EISCONN, "EISCONN"), (ENOTCONN, "ENOTCONN"), (ETIMEDOUT, "ETIMEDOUT"),
    (ECONNREFUSED, "ECONNREFUSED"), (EHOSTUNREACH, "EHOSTUNREACH"), (EALREADY, "EALREADY"),
    (EINPROGRESS, "EINPROGRESS"), (ESTALE, "ESTALE"), (EDQUOT, "EDQUOT"), (ECANCELED, "ECANCELED"),
    (EOWNERDEAD, "EOWNERDEAD"), (ENOTRECOVERABLE, "ENOTRECOVERABLE"), (ERFKILL, "ERFKILL"), (EHWPOISON, "EHWPOISON"),
    // Linux's STREAMS, link-layer, library and key-management errnos:
    (ECHRNG, "ECHRNG"), (EL2NSYNC, "EL2NSYNC"), (EL3HLT, "EL3HLT"), (EL3RST, "EL3RST"), (ELNRNG, "ELNRNG"),
    (EUNATCH, "EUNATCH"), (ENOCSI, "ENOCSI"), (EL2HLT, "EL2HLT"), (EBADE, "EBADE"), (EBADR, "EBADR"),
    (EXFULL, "EXFULL"), (ENOANO, "ENOANO"), (EBADRQC, "EBADRQC"), (EBADSLT, "EBADSLT"), (EBFONT, "EBFONT"),
    (ENONET, "ENONET"), (ENOPKG, "ENOPKG"), (EADV, "EADV"), (ESRMNT, "ESRMNT"), (ECOMM, "ECOMM"),
    (EMULTIHOP, "EMULTIHOP"), (EDOTDOT, "EDOTDOT"), (ENOTUNIQ, "ENOTUNIQ"), (EBADFD, "EBADFD"),
    (EREMCHG, "EREMCHG"), (ELIBACC, "ELIBACC"), (ELIBBAD, "ELIBBAD"), (ELIBSCN, "ELIBSCN"),
    (ELIBMAX, "ELIBMAX"), (ELIBEXEC, "ELIBEXEC"), (ERESTART, "ERESTART"), (ESTRPIPE, "ESTRPIPE"),
    (ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT"), (EPFNOSUPPORT, "EPFNOSUPPORT"), (ENETRESET, "ENETRESET"),
    (ESHUTDOWN, "ESHUTDOWN"), (ETOOMANYREFS, "ETOOMANYREFS"), (EHOSTDOWN, "EHOSTDOWN"), (EUCLEAN, "EUCLEAN"),
    (ENOTNAM, "ENOTNAM"), (ENAVAIL, "ENAVAIL"), (EISNAM, "EISNAM"), (EREMOTEIO, "EREMOTEIO"),
    (ENOMEDIUM, "ENOMEDIUM"), (EMEDIUMTYPE, "EMEDIUMTYPE"), (ENOKEY, "ENOKEY"), (EKEYEXPIRED, "EKEYEXPIRED"),
    (EKEYREVOKED, "EKEYREVOKED"), (EKEYREJECTED, "EKEYREJECTED"),
]

/// Host errnos ToyOS v1 has no name for, and what the guest sees instead.
/// LOSSY: ToyOS v1 has no networking or IPC errno; these collapse to the nearest ToyOS meaning.
let lossyErrno: [String: String] = [
    "ENOTBLK": "EINVAL", "ENOLCK": "ENOSPC", "ENOMSG": "EIO", "EIDRM": "EIO", "ENOSTR": "EINVAL",
    "ENODATA": "EIO", "ETIME": "ETIMEDOUT", "ENOSR": "ENOSPC", "EREMOTE": "EIO", "ENOLINK": "EIO",
    "EPROTO": "EIO", "EBADMSG": "EIO", "EILSEQ": "EINVAL", "EUSERS": "EAGAIN", "ENOTSOCK": "ENOTSUP",
    "EDESTADDRREQ": "EINVAL", "EMSGSIZE": "EINVAL", "EPROTOTYPE": "EINVAL", "ENOPROTOOPT": "ENOTSUP",
    "EPROTONOSUPPORT": "ENOTSUP", "EAFNOSUPPORT": "ENOTSUP", "EADDRINUSE": "EBUSY", "EADDRNOTAVAIL": "EINVAL",
    "ENETDOWN": "EIO", "ENETUNREACH": "EIO", "ECONNABORTED": "EIO", "ECONNRESET": "EPIPE", "ENOBUFS": "ENOMEM",
    "EISCONN": "EINVAL", "ENOTCONN": "EPIPE", "ECONNREFUSED": "EIO", "EHOSTUNREACH": "EIO", "EALREADY": "EAGAIN",
    "EINPROGRESS": "EAGAIN", "ESTALE": "EIO", "EDQUOT": "ENOSPC", "ECANCELED": "EINTR", "EOWNERDEAD": "EIO",
    "ENOTRECOVERABLE": "EIO", "ERFKILL": "EIO", "EHWPOISON": "EIO",
    // LOSSY: errnos of Linux subsystems ToyOS v1 has no notion of (STREAMS, link layers, shared
    // libraries, keyrings): the nearest ToyOS meaning, mostly EIO.
    "ECHRNG": "EIO",
    "EL2NSYNC": "EIO",
    "EL3HLT": "EIO",
    "EL3RST": "EIO",
    "ELNRNG": "EIO",
    "EUNATCH": "EIO",
    "ENOCSI": "EIO",
    "EL2HLT": "EIO",
    "EBADE": "EIO",
    "EBADR": "EIO",
    "EXFULL": "ENOSPC",
    "ENOANO": "EIO",
    "EBADRQC": "EIO",
    "EBADSLT": "EIO",
    "EBFONT": "EIO",
    "ENONET": "EIO",
    "ENOPKG": "EIO",
    "EADV": "EIO",
    "ESRMNT": "EIO",
    "ECOMM": "EIO",
    "EMULTIHOP": "EIO",
    "EDOTDOT": "EIO",
    "ENOTUNIQ": "EIO",
    "EBADFD": "EBADF",
    "EREMCHG": "EIO",
    "ELIBACC": "ENOEXEC",
    "ELIBBAD": "ENOEXEC",
    "ELIBSCN": "ENOEXEC",
    "ELIBMAX": "ENOEXEC",
    "ELIBEXEC": "ENOEXEC",
    "ERESTART": "EINTR",
    "ESTRPIPE": "EPIPE",
    "ESOCKTNOSUPPORT": "ENOTSUP",
    "EPFNOSUPPORT": "ENOTSUP",
    "ENETRESET": "EIO",
    "ESHUTDOWN": "EPIPE",
    "ETOOMANYREFS": "EIO",
    "EHOSTDOWN": "EIO",
    "EUCLEAN": "EIO",
    "ENOTNAM": "EIO",
    "ENAVAIL": "EIO",
    "EISNAM": "EIO",
    "EREMOTEIO": "EIO",
    "ENOMEDIUM": "EIO",
    "EMEDIUMTYPE": "EIO",
    "ENOKEY": "EIO",
    "EKEYEXPIRED": "EIO",
    "EKEYREVOKED": "EIO",
    "EKEYREJECTED": "EIO",
]

private let errnoFromHost: [Int32: GuestErrno] = {
    var table: [Int32: GuestErrno] = [:]
    for (value, name) in hostErrnoNames {
        let guestName = ToyOS.errno.entry(named: name) != nil ? name : lossyErrno[name]
        guard let guestName else { preconditionFailure("host errno \(name) has no ToyOS translation") }
        table[value] = GuestErrno(guestName)
    }
    return table
}()

extension GuestErrno {
    /// Host errno → ToyOS errno. An errno Linux might add later becomes EIO rather than a crash.
    public init(host: Int32) {
        self = errnoFromHost[host] ?? GuestErrno.EIO
    }
}

/// ToyOS errno → host errno, for the few places Burrow hands a guest error to the host.
public func hostErrno(guest: GuestErrno) -> Int32? {
    hostErrnoNames.first { $0.name == guest.name }?.value
}

// MARK: - Flags and enumerations

/// A bit-for-bit mapping between a ToyOS flag set and host flags, matched by name once (when the
/// map is made); translating a value then walks flat arrays of values (no names, no allocation).
public struct FlagMap: @unchecked Sendable {
    public let pairs: [(guest: UInt64, host: Int64, name: String)]
    public var guestMask: UInt64 { values.guestMask }
    /// The values alone: a trivial struct, copied without reference counting into the handlers'
    /// one-static tables (OpenTranslation).
    let values: FlagValues

    init(_ set: ConstantSet, host: [String: Int64], skip: Set<String> = []) {
        var pairs: [(UInt64, Int64, String)] = []
        for e in set.entries where e.value != 0 && !skip.contains(e.name) {
            guard let h = host[e.name] else { preconditionFailure("no host value for \(e.name)") }
            pairs.append((e.value, h, e.name))
        }
        self.pairs = pairs
        let guestValues = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, pairs.count))
        let hostValues = UnsafeMutablePointer<Int64>.allocate(capacity: max(1, pairs.count))
        for (i, p) in pairs.enumerated() {
            guestValues[i] = p.0
            hostValues[i] = p.1
        }
        values = FlagValues(guestMask: pairs.reduce(0) { $0 | $1.0 }, guestValues: guestValues,
                            hostValues: hostValues, count: pairs.count)
    }

    /// nil when the guest set a bit this map does not know.
    @inline(__always)
    public func toHost(_ guest: UInt64) -> Int64? { values.toHost(guest) }

    @inline(__always)
    public func toGuest(_ host: Int64) -> UInt64 { values.toGuest(host) }
}

/// A FlagMap's values, in table order. SAFETY: allocated once per map and never freed (the maps
/// are static, immutable tables); read only.
struct FlagValues: @unchecked Sendable {
    let guestMask: UInt64
    let guestValues: UnsafeMutablePointer<UInt64>
    let hostValues: UnsafeMutablePointer<Int64>
    let count: Int

    @inline(__always)
    func toHost(_ guest: UInt64) -> Int64? {
        if guest & ~guestMask != 0 { return nil }
        var h: Int64 = 0
        var i = 0
        while i < count {
            if guest & guestValues[i] != 0 { h |= hostValues[i] }
            i &+= 1
        }
        return h
    }

    @inline(__always)
    func toGuest(_ host: Int64) -> UInt64 {
        var g: UInt64 = 0
        var i = 0
        while i < count {
            if host & hostValues[i] != 0 { g |= guestValues[i] }
            i &+= 1
        }
        return g
    }
}

/// ToyOS constants the handlers test on every call, looked up by name ONCE (the table stays the
/// one source of every value; a name lookup per call was most of a flag translation's cost).
enum Guest {
    static let O_RDONLY = ToyOS.openFlags["O_RDONLY"], O_WRONLY = ToyOS.openFlags["O_WRONLY"]
    static let O_RDWR = ToyOS.openFlags["O_RDWR"], O_CLOEXEC = ToyOS.openFlags["O_CLOEXEC"]
    static let O_APPEND = ToyOS.openFlags["O_APPEND"], O_NONBLOCK = ToyOS.openFlags["O_NONBLOCK"]
    static let W_OK = ToyOS.accessMode["W_OK"]
    static let FD_CLOEXEC = ToyOS.fdFlags["FD_CLOEXEC"]
    static let GRND_NONBLOCK = ToyOS.getrandomFlags["GRND_NONBLOCK"]
    static let AT_SYMLINK_NOFOLLOW = ToyOS.utimensFlags["AT_SYMLINK_NOFOLLOW"]
    static let S_IFREG = UInt32(ToyOS.fileType["S_IFREG"]), S_IFDIR = UInt32(ToyOS.fileType["S_IFDIR"])
    static let S_IFLNK = UInt32(ToyOS.fileType["S_IFLNK"]), S_IFCHR = UInt32(ToyOS.fileType["S_IFCHR"])
    static let S_IFBLK = UInt32(ToyOS.fileType["S_IFBLK"]), S_IFIFO = UInt32(ToyOS.fileType["S_IFIFO"])
    static let S_IFSOCK = UInt32(ToyOS.fileType["S_IFSOCK"])
    static let POLLNVAL = ToyOS.pollEvents["POLLNVAL"]
}

public enum Translate {
    /// open() flags without the access mode (a two-bit field handled by `hostAccessMode`).
    public static let openFlags = FlagMap(ToyOS.openFlags, host: [
        "O_CREAT": Int64(O_CREAT), "O_EXCL": Int64(O_EXCL), "O_TRUNC": Int64(O_TRUNC), "O_APPEND": Int64(O_APPEND),
        "O_NONBLOCK": Int64(O_NONBLOCK), "O_DIRECTORY": Int64(O_DIRECTORY), "O_NOFOLLOW": Int64(O_NOFOLLOW),
        "O_CLOEXEC": Int64(O_CLOEXEC), "O_NOCTTY": Int64(O_NOCTTY),
    ], skip: ["O_RDONLY", "O_WRONLY", "O_RDWR"])

    /// Host open flags from ToyOS open flags; nil for an invalid combination (EINVAL).
    @inline(__always)
    public static func hostOpenFlags(guest: UInt64) -> Int32? {
        openTranslation.hostFlags(guest)
    }

    /// What open() translates, in one static: each `static let` costs a lazy-initialisation check
    /// (a call) on every use, and open used five of them per call.
    static let openTranslation = OpenTranslation()

    struct OpenTranslation {
        /// The host access mode for each value of the guest's two-bit field; -1 where invalid.
        let accessModes: (Int32, Int32, Int32, Int32)
        let flags = Translate.openFlags.values
        /// The guest's O_CLOEXEC (kept in the descriptor table, not passed to the host).
        let guestCloexec = Guest.O_CLOEXEC

        init() {
            precondition(ToyOS.openAccessModeMask == 0x3, "the access mode field changed: update OpenTranslation")
            var m: [Int32] = [-1, -1, -1, -1]
            m[Int(Guest.O_RDONLY)] = O_RDONLY
            m[Int(Guest.O_WRONLY)] = O_WRONLY
            m[Int(Guest.O_RDWR)] = O_RDWR
            accessModes = (m[0], m[1], m[2], m[3])
        }

        @inline(__always) func hostAccessMode(_ field: UInt64) -> Int32 {
            switch field {
            case 0: accessModes.0
            case 1: accessModes.1
            case 2: accessModes.2
            default: accessModes.3
            }
        }

        @inline(__always) func hostFlags(_ guest: UInt64) -> Int32? {
            let mode = hostAccessMode(guest & ToyOS.openAccessModeMask)
            if mode < 0 { return nil }
            guard let rest = flags.toHost(guest & ~ToyOS.openAccessModeMask) else { return nil }
            return mode | Int32(rest)
        }
    }

    /// ToyOS status flags (F_GETFL) from host flags: the access mode plus O_APPEND / O_NONBLOCK.
    public static func guestStatusFlags(host: Int32) -> UInt64 {
        let mode: UInt64
        switch host & O_ACCMODE {
        case O_WRONLY: mode = Guest.O_WRONLY
        case O_RDWR: mode = Guest.O_RDWR
        default: mode = Guest.O_RDONLY
        }
        return mode | openFlags.toGuest(Int64(host) & Int64(O_APPEND | O_NONBLOCK))
    }

    public static let accessMode = FlagMap(ToyOS.accessMode, host: [
        "W_OK": Int64(W_OK), "R_OK": Int64(R_OK), "X_OK": Int64(X_OK),
    ])

    public static let pollEvents = FlagMap(ToyOS.pollEvents, host: [
        "POLLERR": Int64(POLLERR), "POLLHUP": Int64(POLLHUP), "POLLNVAL": Int64(POLLNVAL),
        "POLLIN": Int64(POLLIN), "POLLOUT": Int64(POLLOUT), "POLLPRI": Int64(POLLPRI),
    ])

    public static let whence: [UInt64: Int32] = [
        ToyOS.whence["SEEK_SET"]: SEEK_SET, ToyOS.whence["SEEK_CUR"]: SEEK_CUR, ToyOS.whence["SEEK_END"]: SEEK_END,
    ]

    public static let clock: [UInt64: clockid_t] = [
        ToyOS.clock["CLOCK_REALTIME"]: CLOCK_REALTIME, ToyOS.clock["CLOCK_MONOTONIC"]: CLOCK_MONOTONIC,
        ToyOS.clock["CLOCK_PROCESS_CPUTIME"]: CLOCK_PROCESS_CPUTIME_ID,
    ]

    /// ToyOS file type bits from a host st_mode (permission bits pass through unchanged).
    @inline(__always)
    public static func guestMode(host: UInt32) -> UInt32 {
        guestFileTypes.mode(host)
    }

    /// The ToyOS file type for each value of the host's four type bits (S_IFMT, 0o170000), one
    /// indexed load per stat instead of a lazy-static check per named type.
    static let guestFileTypes = FileTypeTable()

    struct FileTypeTable: @unchecked Sendable {
        /// 16 entries. SAFETY: allocated once for the one static table, never freed; read only
        /// after init.
        private let types: UnsafeMutablePointer<UInt32>

        init() {
            precondition(UInt32(S_IFMT) == 0o170000, "host S_IFMT is not 0o170000")
            types = .allocate(capacity: 16)
            types.initialize(repeating: 0, count: 16)
            let pairs: [(UInt32, UInt32)] = [
                (UInt32(S_IFREG), Guest.S_IFREG), (UInt32(S_IFDIR), Guest.S_IFDIR), (UInt32(S_IFLNK), Guest.S_IFLNK),
                (UInt32(S_IFCHR), Guest.S_IFCHR), (UInt32(S_IFBLK), Guest.S_IFBLK), (UInt32(S_IFIFO), Guest.S_IFIFO),
                (UInt32(S_IFSOCK), Guest.S_IFSOCK),
            ]
            for (host, guest) in pairs { types[Int(host >> 12)] = guest }
        }

        /// The guest's st_mode for a host st_mode: its file type, and the permission bits as they are.
        @inline(__always) func mode(_ host: UInt32) -> UInt32 { types[Int((host >> 12) & 0xF)] | (host & 0o7777) }
    }

    public static func guestDirentType(host: UInt8) -> UInt8 {
        let name: String
        switch Int32(host) {
        case Int32(DT_REG): name = "DT_REG"
        case Int32(DT_DIR): name = "DT_DIR"
        case Int32(DT_LNK): name = "DT_LNK"
        case Int32(DT_CHR): name = "DT_CHR"
        case Int32(DT_BLK): name = "DT_BLK"
        case Int32(DT_FIFO): name = "DT_FIFO"
        case Int32(DT_SOCK): name = "DT_SOCK"
        default: name = "DT_UNKNOWN"
        }
        return UInt8(ToyOS.direntType[name])
    }

    /// Host signal numbers by ToyOS signal name.
    public static let signalByName: [String: Int32] = [
        "SIGINT": SIGINT, "SIGTERM": SIGTERM, "SIGKILL": SIGKILL, "SIGSEGV": SIGSEGV, "SIGILL": SIGILL,
        "SIGFPE": SIGFPE, "SIGABRT": SIGABRT, "SIGBUS": SIGBUS, "SIGTRAP": SIGTRAP, "SIGSYS": SIGSYS,
        "SIGPIPE": SIGPIPE, "SIGALRM": SIGALRM, "SIGCHLD": SIGCHLD, "SIGHUP": SIGHUP, "SIGQUIT": SIGQUIT,
        "SIGUSR1": SIGUSR1, "SIGUSR2": SIGUSR2, "SIGSTOP": SIGSTOP, "SIGTSTP": SIGTSTP, "SIGCONT": SIGCONT,
        "SIGTTOU": SIGTTOU, "SIGTTIN": SIGTTIN, "SIGWINCH": SIGWINCH,
        // LOSSY: interrupt lines have no Linux signal; they travel as real-time signals.
        "SIGIRQ0": Machine.hostSignal(line: 0), "SIGIRQ4": Machine.hostSignal(line: 4),
    ]

    public static func hostSignal(guest: UInt64) -> Int32? {
        ToyOS.signal.name(of: guest).flatMap { signalByName[$0] }
    }

    public static func guestSignal(host: Int32) -> UInt64? {
        signalByName.first { $0.value == host }.map { ToyOS.signal[$0.key] }
    }

    /// ToyOS protection bits → Protection. PROT_EXEC or PROT_WRITE imply PROT_READ, as on x86 pages.
    /// LOSSY: with protection keys the host could make exec-only pages, but Burrow must read
    /// guest code to decode traps, so ToyOS v1 defines exec as implying read.
    public static func protection(guest: UInt64) -> Protection? {
        let known = ToyOS.protection["PROT_READ"] | ToyOS.protection["PROT_WRITE"] | ToyOS.protection["PROT_EXEC"]
        if guest & ~known != 0 { return nil }
        var p = Protection()
        if guest & ToyOS.protection["PROT_READ"] != 0 { p.insert(.read) }
        if guest & ToyOS.protection["PROT_WRITE"] != 0 { p.insert([.write, .read]) }
        if guest & ToyOS.protection["PROT_EXEC"] != 0 { p.insert([.execute, .read]) }
        return p
    }
}
