// GuestMemory: the region table every guest pointer passes through (the seed's shadow page table).
// Guest and host share one address space. For a 64-bit guest (and a flat 32-bit one) a guest
// pointer is a host pointer; a 32-bit guest confined by LDT segments with a base (xv6 i386 linked
// at 0) sees guest address A at host address base + A, below its segment limit only. Regions are
// kept in guest addresses, and this file is the only place that turns one into a host pointer
// (`host(_:)`). What makes a range safe to dereference is that it lies wholly in regions Burrow
// mapped for the guest, with the needed permission, below the limit. Anything else is EFAULT for
// the guest, never a host crash.
import BurrowABI
import CBurrowRuntime
import Glibc

extension Protection {
    /// The host mmap/mprotect bits.
    public var hostBits: Int32 {
        var p: Int32 = 0
        if contains(.read) { p |= PROT_READ }
        if contains(.write) { p |= PROT_WRITE }
        if contains(.execute) { p |= PROT_EXEC }
        return p
    }
}

/// Why guest memory access failed. Handlers turn this into the guest's EFAULT.
public struct GuestMemoryFault: Error, Equatable, Sendable {
    public let address: UInt64
    @inlinable public init(address: UInt64) { self.address = address }
}

public struct GuestRegion: Equatable, Sendable {
    public var start: UInt64
    public var end: UInt64      // exclusive
    public var protection: Protection
    /// What it is, for crash reports: the image path, "[stack]", "[map]".
    public var name: String
    /// A file mapping: its bytes can change without a write to guest memory (the raw-syscall
    /// guard's scan cannot vouch for them).
    public var fileBacked = false
}

public final class GuestMemory {
    public static let pageSize: UInt64 = 4096
    /// Sorted, non-overlapping. Every guest pointer of every call is checked against it: unchecked
    /// exclusivity (one thread; no access to it is ever held across guest entry or a callback).
    @exclusivity(unchecked) public private(set) var regions: [GuestRegion] = [] {
        didSet { mirrorRegions() }
    }
    /// `regions` as the fast path's lane checks buffers against them (lane.c): start, end and
    /// protection, rebuilt whenever the table changes (a map, unmap or protect: rare next to the
    /// calls that check buffers). SAFETY: allocated and freed here only. (Unchecked exclusivity,
    /// like `regions`: read at the end of every fast call, where a dynamic check costs more than
    /// the read.)
    @exclusivity(unchecked) public private(set) var laneRegions = UnsafeMutablePointer<burrow_lane_region>.allocate(capacity: 16)
    @exclusivity(unchecked) public private(set) var laneRegionCount = 0
    @exclusivity(unchecked) private var laneRegionCapacity = 16

    private func mirrorRegions() {
        if regions.count > laneRegionCapacity {
            laneRegions.deallocate()
            laneRegionCapacity = max(regions.count, 2 * laneRegionCapacity)
            laneRegions = .allocate(capacity: laneRegionCapacity)
        }
        for (i, r) in regions.enumerated() {
            let bits = (r.protection.contains(.read) ? BURROW_LANE_READ : 0) | (r.protection.contains(.write) ? BURROW_LANE_WRITE : 0)
            laneRegions[i] = burrow_lane_region(start: r.start, end: r.end, protection: UInt64(bits))
        }
        laneRegionCount = regions.count
        if let traceView { showLane(traceView) }
    }

    /// The trace's C renderer's view of this table (TraceMemory.attachLaneView), kept in step
    /// like the lane's own: set by the tracer's reader, which clears it before the view is freed.
    @exclusivity(unchecked) public var traceView: UnsafeMutablePointer<burrow_lane_state>? {
        didSet { if let traceView { showLane(traceView) } }
    }

    deinit { laneRegions.deallocate() }

    /// Shows the fast lane this table: the mirror, the host base and the limit. (Here, not read
    /// from the personality's module: a read of the mirror's fields from another module pays a
    /// dynamic exclusivity check, @exclusivity(unchecked) or not.)
    public func showLane(_ l: UnsafeMutablePointer<burrow_lane_state>) {
        l.pointee.regions = UnsafePointer(laneRegions)
        l.pointee.nregions = UInt64(laneRegionCount)
        l.pointee.host_base = hostBase
        l.pointee.limit = limit
    }
    /// The last region that satisfied a lookup: most accesses hit the same buffer or stack again.
    @exclusivity(unchecked) private var hint = 0
    /// Called with every region that becomes executable (mapped, replaced or protected so):
    /// the raw-syscall guard's scan (SyscallGuard.swift).
    public var executableHook: ((GuestRegion) -> Void)?

    /// Where guest address 0 is in the host (the data segment's base; 0 for a flat guest).
    public let hostBase: UInt64
    /// The guest's address space ends here (the segment limit + 1): no region or access reaches it.
    public let limit: UInt64

    public init() { hostBase = 0; limit = UInt64.max }

    /// A guest confined to [0, limit) at host address `hostBase` (an LDT segment pair's base and
    /// limit + 1; both below 4 GiB in compatibility mode).
    public init(hostBase: UInt64, limit: UInt64) {
        self.hostBase = hostBase
        self.limit = limit
    }

    /// The host address of guest address `addr` (callers have checked it lies below the limit).
    @inlinable @inline(__always) public func host(_ addr: UInt64) -> UInt { UInt(hostBase &+ addr) }
    /// The guest address of a host address inside the partition (fault addresses), or nil.
    public func guestAddress(ofHost a: UInt64) -> UInt64? {
        a >= hostBase && a - hostBase < limit ? a - hostBase : nil
    }

    @inline(__always) public static func pageDown(_ a: UInt64) -> UInt64 { a & ~(pageSize - 1) }
    @inline(__always) public static func pageUp(_ a: UInt64) -> UInt64? {
        let (r, o) = a.addingReportingOverflow(pageSize - 1)
        return o ? nil : r & ~(pageSize - 1)
    }

    /// Index of the region containing addr.
    public func regionIndex(containing addr: UInt64) -> Int? {
        if hint < regions.count, regions[hint].start <= addr, addr < regions[hint].end { return hint }
        var lo = 0, hi = regions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if regions[mid].end <= addr { lo = mid + 1 } else { hi = mid }
        }
        if lo < regions.count, regions[lo].start <= addr {
            hint = lo
            return lo
        }
        return nil
    }

    public func region(containing addr: UInt64) -> GuestRegion? {
        regionIndex(containing: addr).map { regions[$0] }
    }

    /// True when [addr, addr+length) is wholly inside guest regions that all allow `need`.
    public func check(_ addr: UInt64, _ length: Int, _ need: Protection) -> Bool {
        if length == 0 { return true }
        let (last, overflow) = addr.addingReportingOverflow(UInt64(length) - 1)
        if overflow || last >= limit { return false }
        guard var i = regionIndex(containing: addr) else { return false }
        // Fields, not whole regions: copying a region would retain and release its name.
        while true {
            if !regions[i].protection.isSuperset(of: need) { return false }
            let end = regions[i].end
            if last < end { return true }
            i += 1
            if i >= regions.count || regions[i].start != end { return false }
        }
    }

    /// A pointer to guest bytes the guest lets us read, to hand to a host system call ONLY: the
    /// kernel reports a page that faults (a file mapping past the end of its file) as EFAULT.
    /// Burrow's own code never dereferences it; it copies with `copyIn`, `load` and `readCString`.
    @inlinable @inline(__always)
    public func kernelReadable(_ addr: UInt64, _ length: Int) throws(GuestMemoryFault) -> UnsafeRawBufferPointer {
        guard check(addr, length, .read) else { throw GuestMemoryFault(address: addr) }
        // SAFETY: the range lies in readable guest regions; only the kernel dereferences it.
        return UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: host(addr)), count: length)
    }

    /// A pointer to guest bytes the guest lets us write, to hand to a host system call ONLY (see
    /// `kernelReadable`); Burrow's own code writes with `copyOut` and `store`.
    @inlinable @inline(__always)
    public func kernelWritable(_ addr: UInt64, _ length: Int) throws(GuestMemoryFault) -> UnsafeMutableRawBufferPointer {
        guard check(addr, length, .write) else { throw GuestMemoryFault(address: addr) }
        // SAFETY: the range lies in writable guest regions; only the kernel dereferences it.
        return UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(bitPattern: host(addr)), count: length)
    }

    /// Copies guest bytes into `buffer` (its whole length). The region table is checked first; the
    /// copy itself survives a page that faults anyway (burrow_safe_copy), which becomes EFAULT.
    public func copyIn(_ addr: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(GuestMemoryFault) {
        guard check(addr, buffer.count, .read) else { throw GuestMemoryFault(address: addr) }
        if buffer.isEmpty { return }
        let left = burrow_safe_copy(buffer.baseAddress, UnsafeRawPointer(bitPattern: host(addr)), buffer.count)
        if left != 0 { throw GuestMemoryFault(address: addr &+ UInt64(buffer.count - left)) }
    }

    /// `count` guest bytes, copied.
    public func copyIn(_ addr: UInt64, count: Int) throws(GuestMemoryFault) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var failure: GuestMemoryFault?
        out.withUnsafeMutableBytes { b in
            do throws(GuestMemoryFault) { try copyIn(addr, into: b) } catch { failure = error }
        }
        if let failure { throw failure }
        return out
    }

    /// The readable prefix of [addr, addr+max): as many bytes as can be read, stopping at the first
    /// one that is not guest memory or faults (decoding instructions, the tracer's previews).
    public func readablePrefix(_ addr: UInt64, max: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: max)
        var n = 0
        var cursor = addr
        while n < max, let i = regionIndex(containing: cursor), regions[i].protection.contains(.read) {
            let chunk = Int(min(regions[i].end - cursor, UInt64(max - n)))
            let left = out.withUnsafeMutableBytes { b in
                burrow_safe_copy(b.baseAddress! + n, UnsafeRawPointer(bitPattern: host(cursor)), chunk)
            }
            n += chunk - left
            if left != 0 { break }
            cursor &+= UInt64(chunk)
        }
        out.removeLast(max - n)
        return out
    }

    /// The C string at addr as the tracer shows it: its bytes up to the first NUL, at most `max` of
    /// them, copied into `buffer` (room for `max` bytes); `terminated` when a NUL ended it within
    /// max + 1 bytes. Stops where readable guest memory ends. nil when addr itself is not readable.
    /// The same answer as scanning `readablePrefix(addr, max: max + 1)`, but it reads only up to
    /// the NUL (a path is a few bytes, the prefix up to 4 KiB).
    public func readableCString(_ addr: UInt64, max: Int, into buffer: UnsafeMutablePointer<UInt8>) -> (count: Int, terminated: Bool)? {
        let want = max + 1   // a NUL right after max bytes still ends the string
        var scanned = 0      // bytes looked at, none of them a NUL
        var cursor = addr
        while scanned < want, let i = regionIndex(containing: cursor), regions[i].protection.contains(.read) {
            let chunk = Int(min(regions[i].end - cursor, UInt64(want - scanned)))
            let len = burrow_safe_strnlen(UnsafePointer<CChar>(bitPattern: host(cursor)), chunk)
            if len < 0 { return readableCStringSlowly(addr, max: max, into: buffer) }   // a page faults
            let keep = Swift.min(len, max - scanned)
            if keep > 0, burrow_safe_copy(buffer + scanned, UnsafeRawPointer(bitPattern: host(cursor)), keep) != 0 {
                return readableCStringSlowly(addr, max: max, into: buffer)
            }
            if len < chunk { return (scanned + len, true) }   // the NUL is at scanned + len <= max
            scanned += chunk
            cursor &+= UInt64(chunk)
        }
        if scanned == 0 { return nil }
        return (Swift.min(scanned, max), false)
    }

    /// readableCString through readablePrefix (a page in the string faults: exact to the byte).
    private func readableCStringSlowly(_ addr: UInt64, max: Int, into buffer: UnsafeMutablePointer<UInt8>) -> (count: Int, terminated: Bool)? {
        let prefix = readablePrefix(addr, max: max + 1)
        if prefix.isEmpty { return nil }
        let nul = prefix.firstIndex(of: 0)
        let count = nul ?? Swift.min(prefix.count, max)
        prefix.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: count) }
        return (count, nul != nil)
    }

    /// Copies Burrow's bytes into guest memory (fault-tolerant, like `copyIn`).
    public func copyOut(_ bytes: UnsafeRawBufferPointer, to addr: UInt64) throws(GuestMemoryFault) {
        guard check(addr, bytes.count, .write) else { throw GuestMemoryFault(address: addr) }
        if bytes.isEmpty { return }
        let left = burrow_safe_copy(UnsafeMutableRawPointer(bitPattern: host(addr)), bytes.baseAddress, bytes.count)
        if left != 0 { throw GuestMemoryFault(address: addr &+ UInt64(bytes.count - left)) }
    }

    public func copyOut(_ bytes: [UInt8], to addr: UInt64) throws(GuestMemoryFault) {
        var failure: GuestMemoryFault?
        bytes.withUnsafeBytes { b in
            do throws(GuestMemoryFault) { try copyOut(b, to: addr) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Inlinable, so a caller in another module gets it specialised for T (a generic call per
    /// integer was ~3x the cost of the range check).
    @inlinable
    public func load<T: FixedWidthInteger>(_ type: T.Type, at addr: UInt64) throws(GuestMemoryFault) -> T {
        var v = T.zero
        var failure: GuestMemoryFault?
        withUnsafeMutableBytes(of: &v) { b in
            do throws(GuestMemoryFault) { try copyIn(addr, into: b) } catch { failure = error }
        }
        if let failure { throw failure }
        return T(littleEndian: v)
    }

    @inlinable
    public func store<T: FixedWidthInteger>(_ value: T, at addr: UInt64) throws(GuestMemoryFault) {
        var v = value.littleEndian
        var failure: GuestMemoryFault?
        withUnsafeBytes(of: &v) { b in
            do throws(GuestMemoryFault) { try copyOut(b, to: addr) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Reads a NUL-terminated string of at most `max` bytes (without the NUL). Returns nil when no
    /// NUL occurs within `max` bytes (the caller decides: ENAMETOOLONG for paths). Throws when a
    /// byte before the NUL is not readable guest memory or faults.
    /// This form copies into `buffer` (room for max + 1 bytes) and returns the length, with a NUL
    /// stored after the string: no allocation (the paths of every path call).
    ///
    /// One pass per chunk: the chunk is copied (fault-tolerant `rep movsb`) and the NUL found in
    /// the copy (`memchr`), instead of a byte-at-a-time fault-tolerant strnlen followed by the copy.
    /// A chunk never crosses a page boundary, so no page is touched that the string itself does not
    /// reach (no extra page fault, and a page past the end of a file mapping that only follows the
    /// NUL is never read, as the kernel would not read it). A chunk that faults part-way still
    /// counts when its copied part holds the NUL.
    public func readCString(_ addr: UInt64, max: Int, into buffer: UnsafeMutablePointer<UInt8>) throws(GuestMemoryFault) -> Int? {
        var n = 0
        var cursor = addr
        while n <= max {
            guard let i = regionIndex(containing: cursor), regions[i].protection.contains(.read) else {
                throw GuestMemoryFault(address: cursor)
            }
            let toPageEnd = Self.pageSize &- (cursor & (Self.pageSize &- 1))
            let chunk = Int(Swift.min(regions[i].end &- cursor, toPageEnd, UInt64(Swift.min(Self.cStringChunk, max + 1 - n))))
            let left = burrow_safe_copy(buffer + n, UnsafeRawPointer(bitPattern: host(cursor)), chunk)
            let copied = chunk - left
            if let nul = memchr(buffer + n, 0, copied) {
                return n + (UnsafeRawPointer(nul) - UnsafeRawPointer(buffer + n))
            }
            if left != 0 { throw GuestMemoryFault(address: cursor &+ UInt64(copied)) }
            n += chunk
            cursor &+= UInt64(chunk)
        }
        return nil
    }

    /// The most readCString copies before looking for the NUL. Below 128 bytes, `rep movsb` costs
    /// 3-5 ns on this project's AMD EPYC; from 128 bytes on, 13-40 ns (its microcoded path). Most
    /// paths fit in one chunk; a long one costs ~6 ns per chunk, still less than the byte loop.
    @inline(__always) static var cStringChunk: Int { 120 }

    /// readCString as an array of exactly the string's bytes (argument and environment strings).
    public func readCString(_ addr: UInt64, max: Int) throws(GuestMemoryFault) -> [UInt8]? {
        var out: [UInt8] = []
        var cursor = addr
        while out.count <= max {
            guard let i = regionIndex(containing: cursor), regions[i].protection.contains(.read) else {
                throw GuestMemoryFault(address: cursor)
            }
            let chunkEnd = regions[i].end
            let available = Int(min(chunkEnd - cursor, UInt64(max + 1 - out.count)))
            let p = UnsafePointer<CChar>(bitPattern: host(cursor))
            let n = burrow_safe_strnlen(p, available)
            if n < 0 { throw GuestMemoryFault(address: cursor) }
            let bytes = try copyIn(cursor, count: n)
            out.append(contentsOf: bytes)
            if n < available { return out }
            cursor = chunkEnd
        }
        return nil
    }

    // MARK: - Mapping (host mmap at guest addresses)

    public enum MapError: Error, Equatable {
        case exists         // something (guest or host) is already there
        case noMemory
        case invalid
        case host(Int32)
    }

    /// Maps fresh zeroed memory at exactly [addr, addr+length) without replacing anything: a
    /// collision with the host's own mappings gives .exists (MAP_FIXED_NOREPLACE, never a clobber).
    public func mapAnonymous(at addr: UInt64, length: UInt64, protection: Protection, name: String) throws(MapError) {
        guard addr % Self.pageSize == 0, length > 0, length % Self.pageSize == 0 else { throw .invalid }
        guard addr.addingReportingOverflow(length).overflow == false, addr + length <= limit else { throw .invalid }
        if overlapsGuest(addr, addr + length) { throw .exists }
        let want = UnsafeMutableRawPointer(bitPattern: host(addr))
        let p = mmap(want, Int(length), protection.hostBits, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0)
        if p == MAP_FAILED {
            let e = errno
            throw e == EEXIST ? .exists : e == ENOMEM ? .noMemory : .host(e)
        }
        if UInt64(UInt(bitPattern: p)) != UInt64(host(addr)) {
            // Kernels before 4.17 treat the flag as a hint: never keep memory we did not ask for.
            munmap(p, Int(length))
            throw .exists
        }
        insert(GuestRegion(start: addr, end: addr + length, protection: protection, name: name))
    }

    /// Maps a host file descriptor at exactly addr (private or shared), without replacing anything.
    public func mapFile(at addr: UInt64, length: UInt64, protection: Protection, shared: Bool, fd: Int32, offset: Int64, name: String) throws(MapError) {
        guard addr % Self.pageSize == 0, length > 0, length % Self.pageSize == 0 else { throw .invalid }
        guard addr.addingReportingOverflow(length).overflow == false, addr + length <= limit else { throw .invalid }
        if overlapsGuest(addr, addr + length) { throw .exists }
        let want = UnsafeMutableRawPointer(bitPattern: host(addr))
        let flags = (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_FIXED_NOREPLACE
        let p = mmap(want, Int(length), protection.hostBits, flags, fd, off_t(offset))
        if p == MAP_FAILED {
            let e = errno
            throw e == EEXIST ? .exists : e == ENOMEM ? .noMemory : .host(e)
        }
        if UInt64(UInt(bitPattern: p)) != UInt64(host(addr)) {
            munmap(p, Int(length))
            throw .exists
        }
        insert(GuestRegion(start: addr, end: addr + length, protection: protection, name: name, fileBacked: true))
    }

    /// MAP_FIXED: replaces the guest pages in [addr, addr+length) with a new mapping (of `fd`, or
    /// anonymous memory when fd < 0) as one step, as Linux does: the mapping is first made somewhere
    /// else, so every error (a bad descriptor, a file opened without the needed access, an
    /// offset too large) is found while the old pages are still intact; then it is moved over the
    /// range with mremap, which replaces atomically. Memory in the range that is not the guest's is
    /// never replaced: its gaps are first claimed with NOREPLACE placeholders, and a collision
    /// with Burrow's own memory is `.exists`, the old pages still intact.
    public func mapReplacing(at addr: UInt64, length: UInt64, protection: Protection, shared: Bool, fd: Int32, offset: Int64, name: String) throws(MapError) {
        guard addr % Self.pageSize == 0, length > 0, length % Self.pageSize == 0 else { throw .invalid }
        guard addr.addingReportingOverflow(length).overflow == false, addr + length <= limit else { throw .invalid }
        let end = addr + length
        let flags = fd >= 0 ? (shared ? MAP_SHARED : MAP_PRIVATE) : (MAP_PRIVATE | MAP_ANONYMOUS)
        let staged = mmap(nil, Int(length), protection.hostBits, flags, fd, off_t(offset))
        if staged == MAP_FAILED {
            let e = errno
            throw e == ENOMEM ? .noMemory : .host(e)
        }
        var placeholders: [(UInt64, UInt64)] = []
        func undo() {
            for (s, e) in placeholders { munmap(UnsafeMutableRawPointer(bitPattern: host(s)), Int(e - s)) }
            munmap(staged, Int(length))
        }
        // The gaps between guest regions inside the range.
        var cursor = addr
        var gaps: [(UInt64, UInt64)] = []
        for r in regions where r.end > cursor && r.start < end {
            if r.start > cursor { gaps.append((cursor, r.start)) }
            cursor = r.end
        }
        if cursor < end { gaps.append((cursor, end)) }
        for (s, e) in gaps {
            let want = UnsafeMutableRawPointer(bitPattern: host(s))
            let p = mmap(want, Int(e - s), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0)
            if p == MAP_FAILED || UInt64(UInt(bitPattern: p)) != UInt64(host(s)) {
                let err = errno
                if p != MAP_FAILED { munmap(p, Int(e - s)) }
                undo()
                throw p == MAP_FAILED && err == ENOMEM ? .noMemory : .exists
            }
            placeholders.append((s, e))
        }
        if burrow_mremap_fixed(staged, Int(length), UnsafeMutableRawPointer(bitPattern: host(addr))) != 0 {
            let e = errno
            undo()
            throw e == ENOMEM ? .noMemory : .host(e)
        }
        carve(addr, end)
        insert(GuestRegion(start: addr, end: end, protection: protection, name: name, fileBacked: fd >= 0))
    }

    /// Unmaps the guest parts of [addr, addr+length); host memory in the range is never touched.
    public func unmap(_ addr: UInt64, _ length: UInt64) {
        let end = addr &+ length
        for r in regions where r.start < end && addr < r.end {
            let s = max(r.start, addr), e = min(r.end, end)
            munmap(UnsafeMutableRawPointer(bitPattern: host(s)), Int(e - s))
        }
        carve(addr, end)
    }

    /// Changes protection of [addr, addr+length), which must be wholly guest memory.
    /// The region below the stack that the host maps with no access, so that a stack overflow faults:
    /// for the guest, unmapped (docs/abi.md 4.2, 6).
    public static let stackGuardName = "[stack guard]"

    public func protect(_ addr: UInt64, _ length: UInt64, _ protection: Protection) throws(MapError) {
        let end = addr &+ length
        guard end > addr, fullyMapped(addr, end) else { throw .noMemory }
        if mprotect(UnsafeMutableRawPointer(bitPattern: host(addr)), Int(length), protection.hostBits) != 0 {
            throw .host(errno)
        }
        let pieces = regions.filter { $0.start < end && addr < $0.end }
        carve(addr, end)
        for p in pieces {
            insert(GuestRegion(start: max(p.start, addr), end: min(p.end, end), protection: protection, name: p.name, fileBacked: p.fileBacked))
        }
    }

    /// Finds a free, page-aligned gap of `length` bytes in [low, high), first fit from `low`.
    public func findFree(length: UInt64, low: UInt64, high: UInt64, alignment: UInt64 = pageSize) -> UInt64? {
        var candidate = low
        for r in regions where r.end > candidate {
            if r.start >= high { break }
            if r.start >= candidate, r.start - candidate >= length { return candidate }
            candidate = max(candidate, (r.end + alignment - 1) / alignment * alignment)
        }
        return candidate <= high && high - candidate >= length ? candidate : nil
    }

    public func overlapsGuest(_ start: UInt64, _ end: UInt64) -> Bool {
        regions.contains { $0.start < end && start < $0.end }
    }

    public func fullyMapped(_ start: UInt64, _ end: UInt64) -> Bool {
        var cursor = start
        for r in regions where r.end > cursor && r.start < end {
            if r.start > cursor { return false }
            cursor = r.end
            if cursor >= end { return true }
        }
        return cursor >= end
    }

    /// Removes [start, end) from the table, splitting regions that straddle it.
    private func carve(_ start: UInt64, _ end: UInt64) {
        var out: [GuestRegion] = []
        out.reserveCapacity(regions.count + 1)
        for r in regions {
            if r.end <= start || r.start >= end { out.append(r); continue }
            if r.start < start { var left = r; left.end = start; out.append(left) }
            if r.end > end { var right = r; right.start = end; out.append(right) }
        }
        regions = out
        hint = 0
    }

    private func insert(_ region: GuestRegion) {
        let i = regions.firstIndex { $0.start > region.start } ?? regions.count
        regions.insert(region, at: i)
        hint = 0
        if region.protection.contains(.execute), let executableHook { executableHook(region) }
    }

    /// Adds a region the caller has already mapped (tests map with plain mmap).
    public func adopt(_ region: GuestRegion) {
        precondition(!overlapsGuest(region.start, region.end), "adopted region overlaps the table")
        insert(region)
    }
}
