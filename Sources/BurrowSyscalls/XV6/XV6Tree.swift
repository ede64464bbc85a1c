// State one xv6 machine has once and every process of the Burrow tree shares: when the tree
// started (xv6's ticks) and the table that gives host files their 16-bit inode numbers. (The
// 64-process limit is the tree's process table of `--max-procs`, procs.c.) It lives in a memfd mapped MAP_SHARED: fork keeps
// the mapping, exec passes the descriptor on (--xv6-tree) and the new Burrow maps it again.
import BurrowABI
import CBurrowRuntime
import Glibc

public final class XV6Tree {
    /// Layout of the shared page: magic, start time, then the inode table.
    static let magic: UInt64 = 0x4545_5254_3656_5842   // "BXV6TREE"
    static let startOffset = 8, tableOffset = 64
    /// One slot per xv6 inode number 1...65535: the key of the host file that owns it (0: free).
    static let slots = 65535
    static let size = tableOffset + slots * 8

    /// The memfd (close-on-exec; exec clears that for the new Burrow's descriptor list).
    public let fd: Int32
    /// SAFETY: a MAP_SHARED mapping of `size` bytes that lives as long as the process (never
    /// unmapped); every access that other processes race with is atomic (CBurrowRuntime).
    let base: UnsafeMutableRawPointer

    private init(fd: Int32, base: UnsafeMutableRawPointer) {
        self.fd = fd
        self.base = base
    }

    /// A new tree: the first Burrow process of an xv6 machine.
    public static func create() -> XV6Tree? {
        let fd = burrow_memfd_create("burrow-xv6-tree")
        guard fd >= 0, burrow_own_ftruncate(fd, Int64(size)) == 0, let tree = map(fd) else { return nil }
        tree.base.storeBytes(of: burrow_clock_ns(CLOCK_MONOTONIC), toByteOffset: startOffset, as: UInt64.self)
        tree.base.storeBytes(of: magic, toByteOffset: 0, as: UInt64.self)
        return tree
    }

    /// The tree an exec'd Burrow continues (the descriptor from --xv6-tree); nil when it is not one.
    public static func adopt(fd: Int32) -> XV6Tree? {
        _ = burrow_fcntl_int(fd, F_SETFD, FD_CLOEXEC)
        guard let tree = map(fd), tree.base.load(as: UInt64.self) == magic else { return nil }
        return tree
    }

    private static func map(_ fd: Int32) -> XV6Tree? {
        guard let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), p != MAP_FAILED else { return nil }
        return XV6Tree(fd: fd, base: p)
    }

    // MARK: - Ticks

    /// 10 ms ticks since the tree started.
    public var ticks: UInt64 { (burrow_clock_ns(CLOCK_MONOTONIC) &- startNs) / XV6.tickNanoseconds }
    public var startNs: UInt64 { base.load(fromByteOffset: Self.startOffset, as: UInt64.self) }

    // MARK: - Inode numbers

    /// The xv6 inode number (1...65535) of a host file: the same in every process of the tree, for
    /// stat and for directory records alike. Host numbers cut to 16 bits could be 0 or collide, so
    /// each host (device, inode) pair gets the first free slot from its hash, taken atomically.
    public func inum(device: UInt64, inode: UInt64) -> UInt32 {
        var key = (device &* 0x9E37_79B9_7F4A_7C15) ^ inode
        key = (key ^ (key >> 31)) &* 0xBF58_476D_1CE4_E5B9
        key = (key ^ (key >> 29)) | 1   // never 0 (0 marks a free slot)
        let table = (base + Self.tableOffset).assumingMemoryBound(to: UInt64.self)
        var slot = Int(key % UInt64(Self.slots))
        for _ in 0..<Self.slots {
            let current = burrow_atomic_load_u64(table + slot)
            if current == key { return UInt32(slot + 1) }
            if current == 0 {
                if burrow_atomic_cas_u64(table + slot, 0, key) != 0 { return UInt32(slot + 1) }
                if burrow_atomic_load_u64(table + slot) == key { return UInt32(slot + 1) }
            }
            slot = (slot + 1) % Self.slots
        }
        // LOSSY: more than 65535 distinct files seen by one tree: numbers may repeat from here on.
        return UInt32(inode % UInt64(Self.slots)) + 1
    }
}
