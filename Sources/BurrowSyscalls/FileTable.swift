// The guest's descriptor table. Guest descriptors are the guest's own numbers: the first open()
// returns 3 exactly as in the native twin, and Burrow's own descriptors (the ELF file, the trace
// file, its private stderr) are not in the table, so the guest cannot see, close or replace them.
import BurrowABI
import BurrowVMM
import Glibc

public final class FileTable {
    public struct Entry {
        public var host: Int32
        /// ToyOS FD_CLOEXEC: kept here, not on the host descriptor, because guest exec is Burrow's.
        public var closeOnExec: Bool
    }

    /// Limit on guest descriptors (EMFILE beyond it), like RLIMIT_NOFILE's usual soft limit.
    public static let limit = Int(ToyOS.scalar("OPEN_MAX"))
    /// This table's limit (xv6: 16 open files per process).
    public var maxDescriptors = FileTable.limit
    // Unchecked exclusivity: only the guest's thread uses the table, and every call reads it.
    @exclusivity(unchecked) private var entries: [Entry?] = []
    /// The host descriptor of every guest descriptor below `limit` (-1: not open), kept in step
    /// with `entries` for the fast path's lane (lane.c), which translates descriptors in C.
    /// SAFETY: allocated here, freed in deinit; written only through `set`.
    public let laneDescriptors: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: FileTable.limit)
        p.initialize(repeating: -1, count: FileTable.limit)
        return p
    }()

    public init() {}

    deinit { laneDescriptors.deallocate() }

    /// Every change to `entries` goes through here (the lane's mirror follows).
    private func set(_ i: Int, _ e: Entry?) {
        entries[i] = e
        if i < Self.limit { laneDescriptors[i] = e?.host ?? -1 }
    }

    /// Guest 0, 1, 2 start as the host's 0, 1, 2 when those are open.
    public static func inheritingStandardDescriptors() -> FileTable {
        let t = FileTable()
        // (A descriptor closed at start is held by /dev/null for Burrow: not the guest's.)
        for fd in Int32(0)...2 where StandardDescriptors.wasOpen(fd) && fcntl(fd, F_GETFD) >= 0 {
            t.place(Entry(host: fd, closeOnExec: false), at: Int(fd))
        }
        return t
    }

    /// Every host descriptor the guest's table holds (the integrity checks count the others).
    public var hostDescriptors: Set<Int32> { Set(entries.compactMap { $0?.host }) }

    public func host(_ guest: Int64) throws(GuestErrno) -> Int32 {
        guard guest >= 0, guest < entries.count, let e = entries[Int(guest)] else { throw .EBADF }
        return e.host
    }

    public func entry(_ guest: Int64) throws(GuestErrno) -> Entry {
        guard guest >= 0, guest < entries.count, let e = entries[Int(guest)] else { throw .EBADF }
        return e
    }

    /// The guest descriptors in use, ascending (the guest's /proc/self/fd listing).
    public func openDescriptors() -> [Int] {
        entries.indices.filter { entries[$0] != nil }
    }

    /// The host descriptor of `guest` when that guest descriptor alone holds it: one that dup2 may
    /// replace in place (the host's dup2), without a host descriptor to spare. The host's 0-2 are
    /// no exception: replacing the guest's 0-2 closes them on the host anyway (Burrow writes its
    /// own messages to a private duplicate).
    public func exclusiveHost(_ guest: Int) -> Int32? {
        guard guest >= 0, guest < entries.count, let e = entries[guest] else { return nil }
        for (i, other) in entries.enumerated() where i != guest && other?.host == e.host { return nil }
        return e.host
    }

    public func setCloseOnExec(_ guest: Int64, _ on: Bool) throws(GuestErrno) {
        var e = try entry(guest)
        e.closeOnExec = on
        set(Int(guest), e)
    }

    /// Installs a host descriptor at the lowest free guest number >= minimum.
    public func add(host: Int32, closeOnExec: Bool, minimum: Int = 0) throws(GuestErrno) -> Int {
        var i = minimum
        while i < entries.count, entries[i] != nil { i += 1 }
        guard i < maxDescriptors else {
            close(host)
            throw .EMFILE
        }
        place(Entry(host: host, closeOnExec: closeOnExec), at: i)
        return i
    }

    /// Installs at exactly `guest`, closing what was there (dup2 semantics).
    public func replace(_ guest: Int, host: Int32, closeOnExec: Bool) throws(GuestErrno) {
        guard guest >= 0, guest < maxDescriptors else { throw .EBADF }
        if guest < entries.count, let old = entries[guest] {
            set(guest, nil)   // first, so closeHost does not see the entry it is replacing
            closeHost(old.host)
        }
        place(Entry(host: host, closeOnExec: closeOnExec), at: guest)
    }

    public func remove(_ guest: Int64) throws(GuestErrno) {
        let e = try entry(guest)
        set(Int(guest), nil)
        closeHost(e.host)
    }

    private func place(_ e: Entry, at i: Int) {
        if i >= entries.count { entries += Array(repeating: nil, count: i + 1 - entries.count) }
        set(i, e)
    }

    /// Closes a host descriptor unless another guest descriptor still uses it (0-2 are shared
    /// with the host until the guest replaces them).
    private func closeHost(_ host: Int32) {
        var i = 0
        while i < entries.count {
            if entries[i]?.host == host { return }
            i += 1
        }
        close(host)
    }
}
