// Guest paths → host locations. Without --root, guest paths are host paths. With --root DIR, the
// guest's "/" is DIR: every lookup goes through openat2(RESOLVE_IN_ROOT), so neither ".." nor an
// absolute symlink can leave DIR — the kernel clamps them, as chroot would, without privilege.
// --bind HOST:GUEST makes a host file or directory appear at GUEST inside the root.
//
// This is path translation for compatibility (like Wine's drives or qemu's -L), not a security
// boundary: the guest shares Burrow's address space. See docs/architecture.md, "Threat model".
import BurrowABI
import CBurrowRuntime
import Glibc

/// A guest path borrowed for one call: `count` bytes at `base`, then a NUL (the personality's path
/// buffers, ToyOSPersonality.path). A plain host path goes from here to the host call as it is.
public struct PathBytes {
    public let base: UnsafePointer<UInt8>
    public let count: Int
    /// Whether "proc" occurs anywhere in the bytes: the lexical test behind
    /// `PathResolver.mayNameProc`, made once per path here rather than once per question (a call
    /// asks for its /proc view, then the resolver asks again).
    public let mentionsProc: Bool

    public init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
        mentionsProc = Self.containsProc(base, count)
    }

    @inline(__always) public var cString: UnsafePointer<CChar> {
        // SAFETY: the bytes are followed by a NUL (the type's invariant); CChar and UInt8 alias.
        UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
    }

    /// A copy, for the general resolver (rooted mode, /proc views).
    public var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Whether the 4 bytes "proc" occur in [p, p + n): eight bytes at a time, flagging each "p"
    /// (the zero-byte test on the word XOR "pppppppp", which flags every zero byte, sometimes also
    /// a byte after one: each flag is checked), then the rest one by one. Reads only [p, p + n).
    static func containsProc(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if n < 4 { return false }
        let raw = UnsafeRawPointer(p)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let ps: UInt64 = 0x7070_7070_7070_7070   // "pppppppp"
        let lastStart = n &- 4
        var i = 0
        // Wrapping arithmetic: 0 <= i <= n <= PATH_MAX, nothing can overflow (and no trap checks).
        while i &+ 8 <= n {
            let x = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ ps
            var flags = (x &- ones) & ~x & (ones &<< 7)
            while flags != 0 {
                let j = i &+ (flags.trailingZeroBitCount &>> 3)
                if j <= lastStart && UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: j, as: UInt32.self)) == Self.procWord {
                    return true
                }
                flags &= flags &- 1
            }
            i &+= 8
        }
        while i <= lastStart {
            if UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self)) == Self.procWord { return true }
            i &+= 1
        }
        return false
    }

    /// "proc" read as a little-endian UInt32.
    @inline(__always) static var procWord: UInt32 { 0x636f_7270 }
}

public final class PathResolver {
    public struct Bind {
        public var guestPath: [UInt8]   // absolute, normalised, no trailing slash
        public var hostPath: String
        public var readOnly: Bool
        var hostFD: Int32 = -1          // BURROW_O_PATH descriptor of the host file or directory
        var isDirectory = true
    }

    public enum SetupError: Error, CustomStringConvertible {
        /// badBind: the spec and what is wrong with it.
        case root(String, Int32), cwd(String, GuestErrno), bind(String, Int32), badBind(String, String)
        public var description: String {
            switch self {
            case .root(let p, let e): "--root \(p): \(String(cString: strerror(e)))"
            case .cwd(let p, let e): "--cwd \(p): \(e.message)"
            case .bind(let p, let e): "--bind \(p): \(String(cString: strerror(e)))"
            case .badBind(let s, let why): "--bind \(s): \(why) (HOST:GUEST[:ro|:rw], GUEST absolute, HOST without ':')"
            }
        }
    }

    /// The devices a rooted guest always has (as Wine and qemu-user guests do).
    public static let standardDevices = ["/dev/null", "/dev/zero", "/dev/urandom", "/dev/tty"]
    /// A rooted guest's /proc is always the host's (with the guest's own views of /proc/self,
    /// ProcView.swift), as under qemu-user.
    public static let standardDirectories = ["/proc"]

    private static let resolveInRoot = UInt64(BURROW_RESOLVE_IN_ROOT)
    private static let resolveNoMagicLinks = UInt64(BURROW_RESOLVE_NO_MAGICLINKS)
    private static let resolveNoSymlinks = UInt64(BURROW_RESOLVE_NO_SYMLINKS)
    /// A stretch of a walked path inside one mount (PathWalk.swift): clamped to the mount's
    /// directory, and ELOOP at any symlink, which Burrow follows itself in the guest's namespace.
    static let resolveInMount = resolveInRoot | resolveNoMagicLinks | resolveNoSymlinks

    public let rootHostPath: String?
    let rootFD: Int32
    private(set) var binds: [Bind]
    /// The guest's working directory, as a walked guest path (rooted mode only).
    private(set) var cwd: [UInt8] = Array("/".utf8) {
        didSet { cwdMentionsProc = Self.contains(cwd, Self.procPrefix.dropFirst()) }
    }
    /// Whether "proc" occurs in `cwd`, asked on every relative path in rooted mode (mayNameProc).
    private var cwdMentionsProc = false
    /// A placed path's parent, NUL-terminated for its lookup (PathPlace.swift). SAFETY: allocated
    /// in init, freed in deinit.
    let placeScratch = UnsafeMutablePointer<UInt8>.allocate(capacity: Int(PATH_MAX) + 1)
    /// Two buffers for a relative path composed with the working directory (PathPlace.swift), taken
    /// in turn: a call places at most two paths (rename's, the first still in use by the second).
    static let composedCapacity = 2 * Int(PATH_MAX)
    let composedPaths = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * (composedCapacity + 1))
    var nextComposed = 0
    /// Host mode: whether the working directory is under /proc (relative paths may then name the
    /// guest's /proc views), kept current by chdir.
    private var hostCwdInProc = false

    /// Host mode: guest paths are host paths.
    public init() {
        rootHostPath = nil
        isRooted = false
        rootFD = AT_FDCWD
        binds = []
        hostCwdInProc = Self.isUnderProc((try? getcwd()) ?? [])
    }

    /// Rooted mode. `cwd` is a guest path inside the root ("/" by default).
    public init(root: String, binds requested: [Bind], cwd guestCwd: String?) throws(SetupError) {
        guard let real = realpath(root, nil) else { throw .root(root, errno) }
        rootHostPath = String(cString: real)
        isRooted = true
        free(real)
        rootFD = Glibc.open(rootHostPath!, BURROW_O_PATH | O_DIRECTORY | O_CLOEXEC)
        if rootFD < 0 { throw .root(root, errno) }
        var all: [Bind] = []
        for dev in Self.standardDevices + Self.standardDirectories where !requested.contains(where: { $0.guestPath == Array(dev.utf8) }) {
            all.append(Bind(guestPath: Array(dev.utf8), hostPath: dev, readOnly: false))
        }
        all += requested
        binds = []
        for var b in all {
            b.hostFD = Glibc.open(b.hostPath, BURROW_O_PATH | O_CLOEXEC)
            if b.hostFD < 0 {
                // /dev/tty is absent without a controlling terminal (and /proc may not be mounted);
                // that is not an error.
                let standard = Self.standardDevices.contains(b.hostPath) || Self.standardDirectories.contains(b.hostPath)
                if standard && !requested.contains(where: { $0.hostPath == b.hostPath }) { continue }
                throw .bind(b.hostPath, errno)
            }
            // Compare canonical paths later (getcwd maps the kernel's path back to the guest's):
            // a bind given as "dir/" or through a symlink must still match.
            if let real = realpath(b.hostPath, nil) {
                b.hostPath = String(cString: real)
                free(real)
            }
            var st = stat()
            fstat(b.hostFD, &st)
            b.isDirectory = st.st_mode & S_IFMT == S_IFDIR
            binds.append(b)
        }
        // Longest guest prefix first, so /a/b wins over /a.
        binds.sort { $0.guestPath.count > $1.guestPath.count }
        if let guestCwd {
            do { try chdir(Array(guestCwd.utf8)) } catch { throw .cwd(guestCwd, error) }
        }
    }

    deinit {
        placeScratch.deallocate()
        composedPaths.deallocate()
    }

    /// Parses HOST:GUEST[:ro|:rw] (`rw`, the default, as Docker's and bwrap's users write it).
    /// Each refusal says what is wrong: a Docker habit (`:z`), a relative GUEST, a HOST with a `:`.
    public static func parseBind(_ spec: String) throws(SetupError) -> Bind {
        guard !spec.isEmpty else { throw .badBind(spec, "an empty spec") }
        var parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var ro = false
        if parts.count == 3, !parts[2].contains("/") {   // (else a HOST with a ':', below)
            switch parts[2] {
            case "ro": ro = true
            case "rw": break
            default: throw .badBind(spec, "'\(parts[2])' is not an option: ro (read-only) or rw (the default) only")
            }
            parts.removeLast()
        }
        guard parts.count == 2 else {
            throw .badBind(spec, parts.count < 2 ? "no GUEST path" : "too many ':' (a HOST path with ':' in it cannot be bound)")
        }
        guard !parts[0].isEmpty else { throw .badBind(spec, "no HOST path") }
        guard parts[1].hasPrefix("/") else {
            throw .badBind(spec, parts[1].isEmpty ? "no GUEST path" : "GUEST '\(parts[1])' is not an absolute path")
        }
        return Bind(guestPath: normalise(Array(parts[1].utf8)), hostPath: parts[0], readOnly: ro)
    }

    /// Stored, not `rootHostPath != nil`: asked on every path call.
    public let isRooted: Bool

    // MARK: - /proc

    private static let procPrefix = Array("/proc".utf8)

    static func isUnderProc(_ absolute: [UInt8]) -> Bool {
        absolute.starts(with: procPrefix) && (absolute.count == procPrefix.count || absolute[procPrefix.count] == UInt8(ascii: "/"))
    }

    /// What a guest path names under /proc, lexically normalised and relative to /proc ("self/exe"),
    /// or nil when it is not under /proc. Costs one scan for the common path without "proc" in it.
    public func procRelative(_ path: [UInt8]) -> [UInt8]? {
        if path.isEmpty { return nil }
        let absolute: [UInt8]
        if path.first == UInt8(ascii: "/") {
            guard Self.contains(path, Self.procPrefix.dropFirst()) else { return nil }
            absolute = path
        } else if isRooted {
            let proc = Self.procPrefix.dropFirst()
            guard Self.contains(cwd, proc) || Self.contains(path, proc) else { return nil }
            absolute = cwd + [UInt8(ascii: "/")] + path
        } else {
            guard hostCwdInProc, let here = try? getcwd() else { return nil }
            absolute = here + [UInt8(ascii: "/")] + path
        }
        let norm = Self.normalise(absolute)
        guard Self.isUnderProc(norm) else { return nil }
        return norm.count == Self.procPrefix.count ? [] : Array(norm[(Self.procPrefix.count + 1)...])
    }

    private static func contains(_ hay: [UInt8], _ needle: ArraySlice<UInt8>) -> Bool {
        let n = needle.count
        guard hay.count >= n else { return false }
        var i = 0
        while i + n <= hay.count {
            if hay[i] == needle.first!, hay[i..<(i + n)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    // MARK: - Resolution

    /// Where a guest path lives: a base directory and a path relative to it (resolved IN that
    /// base), or a host path used as is.
    struct Location {
        var base: Int32
        /// Empty for a file bind: the bound file itself (opened through its BURROW_O_PATH
        /// descriptor, openOnce).
        var path: [UInt8]
        var readOnly: Bool
        /// Under a directory, resolved there with openat2 (not a file bind).
        var inDirectory: Bool { !path.isEmpty }
    }

    /// Lexical normalisation: collapses "//", "." and ".." (used to match --bind prefixes only;
    /// the kernel resolves the real path).
    static func normalise(_ path: [UInt8]) -> [UInt8] {
        var parts: [ArraySlice<UInt8>] = []
        for c in path.split(separator: UInt8(ascii: "/")) {
            if c == [UInt8(ascii: ".")][...] { continue }
            if c == [UInt8(ascii: "."), UInt8(ascii: ".")][...] { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(c)
        }
        var out: [UInt8] = []
        for p in parts { out.append(UInt8(ascii: "/")); out += p }
        return out.isEmpty ? [UInt8(ascii: "/")] : out
    }

    /// Guest paths that stand for a host path of their own, whatever the root: the guest's
    /// /proc/self/fd/N[/...] is the host's /proc/self/fd/<host descriptor>[/...] (ProcView.swift).
    /// Returns nil for every other path; only asked about paths `mayNameProc` lets through.
    public var hostPathOverride: (([UInt8]) throws(GuestErrno) -> [UInt8]?)?

    /// A guest path the host names directly: host mode, or a path `hostPathOverride` claims.
    /// nil in rooted mode for every other path (those are walked in the guest's namespace).
    private func hostLocation(_ path: [UInt8]) throws(GuestErrno) -> [UInt8]? {
        if path.isEmpty { throw .ENOENT }
        if let override = hostPathOverride, let host = try override(path) { return host }
        return isRooted ? nil : path
    }

    // MARK: - Plain host paths (no allocation)

    /// Whether a path may name something under /proc, where the guest's own views and
    /// `hostPathOverride` apply: "proc" in an absolute path (PathBytes.mentionsProc, found when the
    /// path was copied in), or in a relative one or the working directory it is relative to (in
    /// host mode: a working directory under /proc). Lexical, as procRelative is: "proc" cannot
    /// span the "/" between the working directory and the path.
    @inline(__always)
    public func mayNameProc(_ path: PathBytes) -> Bool {
        if path.count == 0 { return true }
        if path.base[0] != UInt8(ascii: "/") { return isRooted ? cwdMentionsProc || path.mentionsProc : hostCwdInProc }
        return path.mentionsProc
    }

    /// Host mode and nothing under /proc: the guest's bytes are the host path (what `hostLocation` would
    /// return), so the calls below hand them to the host without building a Location.
    @inline(__always) func isPlainHostPath(_ path: PathBytes) -> Bool { !isRooted && !mayNameProc(path) }

    /// Rooted mode and nothing under /proc: the path may be placed without the walk (PathPlace.swift).
    @inline(__always) func mayPlace(_ path: PathBytes) -> Bool { isRooted && !mayNameProc(path) }

    @inline(__always)   // into the handlers: one frame fewer after the host call (Files.swift, open)
    public func open(_ path: PathBytes, flags: Int32, mode: UInt32) throws(GuestErrno) -> Int32 {
        guard isPlainHostPath(path) else {
            if mayPlace(path), let fd = try openPlaced(path, flags: flags, mode: mode) { return fd }
            return try open(path.array, flags: flags, mode: mode)
        }
        return try retryingHostCall { burrow_openat_mode(AT_FDCWD, path.cString, flags, mode) }
    }

    @inline(__always)   // into the handlers: one frame fewer after the host call (Files.swift, open)
    public func withParent(_ path: PathBytes, modifies: Bool, _ body: (Int32, UnsafePointer<CChar>) -> Int32) throws(GuestErrno) -> Int32 {
        guard isPlainHostPath(path) else {
            if mayPlace(path), let r = try withParentPlaced(path, modifies: modifies, body) { return r }
            return try withParent(path.array, modifies: modifies, body)
        }
        let r = body(AT_FDCWD, path.cString)
        if r < 0 { throw GuestErrno(host: errno) }
        return r
    }

    @inline(__always)   // into the handlers: one frame fewer after the host call (Files.swift, open)
    public func withResolved(_ path: PathBytes, modifies: Bool, _ body: (UnsafePointer<CChar>) -> Int32) throws(GuestErrno) -> Int32 {
        guard isPlainHostPath(path) else {
            return try withResolvedAt(path, modifies: modifies) { fd, name, _ in Self.named(fd, name, body) }
        }
        let r = body(path.cString)
        if r < 0 { throw GuestErrno(host: errno) }
        return r
    }

    /// withResolved for a call that takes a directory descriptor and AT_EMPTY_PATH (fstatat):
    /// `body(dirfd, name, flags)` gets AT_FDCWD, the host path and 0 in host mode, and in rooted
    /// mode the descriptor the path resolved to, "" and AT_EMPTY_PATH, where withResolved names it
    /// `/proc/self/fd/N`: the kernel then looks that name up in procfs (a stat here: 2.8 µs
    /// through the name, 0.4 through the descriptor).
    @inline(__always)
    public func withResolvedAt(_ path: PathBytes, modifies: Bool, _ body: (Int32, UnsafePointer<CChar>, Int32) -> Int32) throws(GuestErrno) -> Int32 {
        guard isPlainHostPath(path) else {
            if mayPlace(path), let r = try withResolvedPlaced(path, modifies: modifies, body) { return r }
            return try withResolvedAt(path.array, modifies: modifies, body)
        }
        let r = body(AT_FDCWD, path.cString, 0)
        if r < 0 { throw GuestErrno(host: errno) }
        return r
    }

    /// A withResolved body given what withResolvedAt resolved: the host path, or a descriptor's
    /// `/proc/self/fd/N`.
    @inline(__always)
    static func named(_ fd: Int32, _ name: UnsafePointer<CChar>, _ body: (UnsafePointer<CChar>) -> Int32) -> Int32 {
        fd == AT_FDCWD ? body(name) : withDescriptorPath(fd) { body($0) }
    }

    public func chdir(_ path: PathBytes) throws(GuestErrno) { try chdir(path.array) }

    // MARK: - Any path

    /// Opens a guest path with host open flags.
    public func open(_ path: [UInt8], flags: Int32, mode: UInt32) throws(GuestErrno) -> Int32 {
        if let host = try hostLocation(path) {
            return try retryingHostCall { withCPath(host) { burrow_openat_mode(AT_FDCWD, $0, flags, mode) } }
        }
        let writes = flags & O_ACCMODE != O_RDONLY || flags & (O_CREAT | O_TRUNC) != 0
        // open(2) does not follow a final symlink with O_NOFOLLOW, nor with O_CREAT | O_EXCL.
        let follows = flags & O_NOFOLLOW == 0 && flags & (O_CREAT | O_EXCL) != O_CREAT | O_EXCL
        return try openWalked(path, flags: flags, mode: mode, followFinal: follows, writes: writes).fd
    }

    /// Rooted mode: opens what a guest path names in the guest's namespace (PathWalk.swift). First
    /// the walk that looks up only what ".." needs, with the kernel refusing symlinks; when it
    /// meets one (ELOOP), the walk that follows every symlink itself. Returns the walked path too.
    private func openWalked(_ path: [UInt8], flags: Int32, mode: UInt32, followFinal: Bool, writes: Bool) throws(GuestErrno) -> (fd: Int32, path: [UInt8]) {
        func attempt(_ verifyAll: Bool) throws(GuestErrno) -> (fd: Int32, path: [UInt8]) {
            let walked = try walk(path, followFinal: followFinal, verifyAll: verifyAll)
            let loc = try location(walked)
            if writes && loc.readOnly {
                // Refused before the open (which may create or truncate), so first make sure no
                // symlink leads out of the read-only bind.
                if !verifyAll && loc.inDirectory {
                    let probe = withCPath(loc.path) {
                        burrow_openat2(loc.base, $0, UInt64(BURROW_O_PATH | O_CLOEXEC | (followFinal ? 0 : O_NOFOLLOW)), 0, Self.resolveInMount)
                    }
                    if probe >= 0 { close(probe) } else if errno == ELOOP { throw .ELOOP }
                }
                throw .EROFS
            }
            return (try openLocation(loc, flags: flags, mode: mode), walked.path)
        }
        do {
            return try attempt(false)
        } catch where error == .ELOOP {
            return try attempt(true)
        }
    }

    /// Opening can block (a FIFO waits for its other end): the open is interruptible
    /// (burrow_safe_syscall6 in the C wrappers), and retried when the signal that interrupted it is
    /// one the guest ignores.
    private func openLocation(_ loc: Location, flags: Int32, mode: UInt32) throws(GuestErrno) -> Int32 {
        try retryingHostCall { openOnce(loc, flags: flags, mode: mode) }
    }

    private func openOnce(_ loc: Location, flags: Int32, mode: UInt32) -> Int32 {
        if loc.path.isEmpty {
            // A file bind: reopen the bound file itself through its BURROW_O_PATH descriptor.
            return Self.withDescriptorPath(loc.base) { burrow_open_mode($0, flags, mode) }
        }
        return withCPath(loc.path) {
            burrow_openat2(loc.base, $0, UInt64(UInt32(bitPattern: flags)), UInt64(mode), Self.resolveInMount)
        }
    }

    /// Runs `body(dirfd, name)` on the parent directory and last component of a guest path, for
    /// calls that must not follow a final symlink (lstat, unlink, mkdir, rename, readlink...).
    public func withParent(_ path: [UInt8], modifies: Bool, _ body: (Int32, UnsafePointer<CChar>) -> Int32) throws(GuestErrno) -> Int32 {
        func check(_ r: Int32) throws(GuestErrno) -> Int32 {
            if r < 0 { throw GuestErrno(host: errno) }
            return r
        }
        if let host = try hostLocation(path) { return try check(withCPath(host) { body(AT_FDCWD, $0) }) }
        // Split into parent and last component; trailing slashes stay on the last component so
        // that "file/" still fails with ENOTDIR as it does natively.
        let slash = UInt8(ascii: "/")
        var p = path
        var trailing: [UInt8] = []
        while p.count > 1, p.last == slash { p.removeLast(); trailing.append(slash) }
        let cut = p.lastIndex(of: slash)
        let parent: [UInt8] = cut.map { $0 == 0 ? [slash] : Array(p[..<$0]) } ?? Array(".".utf8)
        var last: [UInt8] = cut.map { Array(p[($0 + 1)...]) } ?? p
        if last.isEmpty { last = Array(".".utf8) }   // the root itself
        // The directory the whole path names, as "." in itself: "x/.." (x's parent in the guest's
        // namespace: it may be a bind's mount point's), and "link/", whose link the host kernel
        // would follow from the host's "/" (the trailing slash follows it, and needs a directory).
        func wholePath() throws(GuestErrno) -> Int32 {
            let (fd, walked) = try openWalked(path, flags: BURROW_O_PATH | O_DIRECTORY | O_CLOEXEC, mode: 0, followFinal: true, writes: false)
            defer { close(fd) }
            if modifies && isReadOnly(walked) { throw .EROFS }
            return try check(withCPath(Array(".".utf8)) { body(fd, $0) })
        }
        if Self.isDotDot(last[...]) { return try wholePath() }
        let (dirfd, dir) = try openWalked(parent, flags: BURROW_O_PATH | O_DIRECTORY | O_CLOEXEC, mode: 0, followFinal: true, writes: false)
        defer { close(dirfd) }
        if !Self.isDot(last[...]), let b = bind(at: (dir == [slash] ? [] : dir) + [slash] + last) {
            // A bind's mount point is the bind itself: its directory ("."), or a file bind
            // through its descriptor.
            if modifies && b.readOnly { throw .EROFS }
            if !b.isDirectory { return try check(Self.withDescriptorPath(b.hostFD) { body(AT_FDCWD, $0) }) }
            return try check(withCPath(Array(".".utf8) + trailing) { body(b.hostFD, $0) })
        }
        // The name lives in the parent directory's mount.
        if modifies && isReadOnly(dir) { throw .EROFS }
        if !trailing.isEmpty && !Self.isDot(last[...]) {
            var st = stat()
            if withCPath(last, { fstatat(dirfd, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0 && st.st_mode & S_IFMT == S_IFLNK {
                return try wholePath()
            }
        }
        return try check(withCPath(last + trailing) { body(dirfd, $0) })
    }

    /// Runs `body(path)` with a host path naming the file a guest path resolves to, following a
    /// final symlink (stat, chmod, access, utimens). In rooted mode the path is /proc/self/fd/N
    /// of a descriptor opened in the guest's namespace.
    public func withResolved(_ path: [UInt8], modifies: Bool, _ body: (UnsafePointer<CChar>) -> Int32) throws(GuestErrno) -> Int32 {
        try withResolvedAt(path, modifies: modifies) { fd, name, _ in Self.named(fd, name, body) }
    }

    /// withResolved with the descriptor itself in rooted mode (see the PathBytes form).
    public func withResolvedAt(_ path: [UInt8], modifies: Bool, _ body: (Int32, UnsafePointer<CChar>, Int32) -> Int32) throws(GuestErrno) -> Int32 {
        if let host = try hostLocation(path) { return try Self.checked(withCPath(host) { body(AT_FDCWD, $0, 0) }) }
        let fd = try openWalked(path, flags: BURROW_O_PATH | O_CLOEXEC, mode: 0, followFinal: true, writes: modifies).fd
        defer { close(fd) }   // (after the check has read errno)
        return try Self.checked(body(fd, Self.emptyName, BURROW_AT_EMPTY_PATH))
    }

    // MARK: - Working directory

    public func chdir(_ path: [UInt8]) throws(GuestErrno) {
        guard isRooted else {
            if withCPath(path, { Glibc.chdir($0) }) != 0 { throw GuestErrno(host: errno) }
            hostCwdInProc = Self.isUnderProc((try? getcwd()) ?? [])
            return
        }
        if let host = try hostLocation(path) {
            // /proc/self/fd/N of a guest directory: where the host's descriptor is, in the guest.
            let fd = try retryingHostCall { withCPath(host) { burrow_openat_mode(AT_FDCWD, $0, BURROW_O_PATH | O_DIRECTORY | O_CLOEXEC, 0) } }
            defer { close(fd) }
            guard let target = readLink("/proc/self/fd/\(fd)"), let guest = guestPath(forHost: target) else { throw .ENOENT }
            cwd = guest
            return
        }
        // The walked path is where the guest is: the kernel found it without a symlink.
        let (fd, walked) = try openWalked(path, flags: BURROW_O_PATH | O_DIRECTORY | O_CLOEXEC, mode: 0, followFinal: true, writes: false)
        close(fd)
        cwd = walked
    }

    public func getcwd() throws(GuestErrno) -> [UInt8] {
        guard isRooted else {
            var buf = [CChar](repeating: 0, count: 4097)
            guard Glibc.getcwd(&buf, buf.count) != nil else { throw GuestErrno(host: errno) }
            return buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        }
        return cwd
    }

    /// Maps a host path back into the guest's view (the root or a bind), nil if outside both.
    public func guestPath(forHost host: [UInt8]) -> [UInt8]? {
        for b in binds where b.isDirectory {
            let h = Array(b.hostPath.utf8)
            if host == h { return b.guestPath }
            if host.starts(with: h + [UInt8(ascii: "/")]) { return b.guestPath + host[h.count...] }
        }
        guard let root = rootHostPath.map({ Array($0.utf8) }) else { return host }
        if host == root { return [UInt8(ascii: "/")] }
        if root == [UInt8(ascii: "/")] { return host }
        if host.starts(with: root + [UInt8(ascii: "/")]) { return Array(host[root.count...]) }
        return nil
    }

    /// A symlink's target, readlinkat(fd, path) (AT_FDCWD for a plain path; "" for the link `fd`
    /// itself, opened O_PATH | O_NOFOLLOW); nil with errno set.
    func readLink(at fd: Int32 = AT_FDCWD, _ path: String) -> [UInt8]? {
        var buf = [UInt8](repeating: 0, count: Int(PATH_MAX))
        let n = buf.withUnsafeMutableBytes { readlinkat(fd, path, $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count) }
        return n < 0 ? nil : Array(buf[0..<n])
    }
}

/// Calls body with a NUL-terminated copy of the bytes.
@inline(__always)
func withCPath<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
    var z = bytes
    z.append(0)
    return z.withUnsafeBufferPointer { buf in
        buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { body($0) }
    }
}
