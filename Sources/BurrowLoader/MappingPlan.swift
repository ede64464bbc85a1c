// The mapping plan: what the VMM must map and copy to load an image, as plain data. The VMM maps
// each region anonymous read-write (MAP_FIXED_NOREPLACE), performs the region's copies, then
// mprotects it to `protection`. Keeping this pure lets the page arithmetic (shared pages, bss,
// permission unions) be unit-tested without touching host memory.

import BurrowABI

/// Page-aligned regions to map, with the file bytes to copy into each.
public struct MappingPlan: Equatable, Sendable {
    /// One copy of file bytes into guest memory.
    public struct Copy: Equatable, Sendable {
        /// Guest address of the first byte written (biased).
        public let destination: UInt64
        /// Offset of the first byte in `GuestImage.bytes`.
        public let sourceOffset: Int
        public let length: Int
    }

    /// A run of whole pages with one final protection.
    public struct Region: Equatable, Sendable {
        /// Page-aligned guest address.
        public let start: UInt64
        /// A multiple of the page size, never 0.
        public let length: UInt64
        /// The final protection. Execute always comes with read (ToyOS: PROT_EXEC implies READ).
        public let protection: Protection
        /// Copies whose destination lies entirely inside this region, in address order. Bytes not
        /// covered by a copy stay zero: bss, the tail of a page past a segment's file size, and
        /// the gaps of a page shared by two segments.
        public let copies: [Copy]

        public var end: UInt64 { start + length }
    }

    /// The bias the plan was made for (0 for ET_EXEC).
    public let bias: UInt64
    /// Regions in ascending, non-overlapping address order; adjacent regions differ in protection
    /// or are not contiguous.
    public let regions: [Region]
    /// The biased entry point.
    public let entry: UInt64
}

extension GuestImage {
    /// The regions and copies that load this image at `bias` (0 for ET_EXEC; for a static-PIE a
    /// value from `chooseBias(random:)`). A page touched by several segments gets the union of
    /// their permissions; each segment's copy covers exactly its `filesz` bytes.
    public func mappingPlan(bias: UInt64) -> MappingPlan {
        precondition(bias % UInt64(ToyOS.pageSize) == 0, "load bias must be page aligned")
        precondition(elfType == .sharedObject || bias == 0, "an ET_EXEC image is loaded at bias 0")
        let page = UInt64(ToyOS.pageSize)
        let pageMask = page - 1

        // Each segment's page range, biased. Validation guaranteed no wrap at bias 0; a bias from
        // chooseBias keeps the image below mapHigh, so a wrap here is a caller bug.
        struct Span { var low: UInt64; var high: UInt64; var protection: Protection }
        var spans: [Span] = []
        for segment in segments {
            let (start, o1) = segment.vaddr.addingReportingOverflow(bias)
            let (end, o2) = segment.end.addingReportingOverflow(bias)
            precondition(!o1 && !o2 && end <= UInt64.max - pageMask, "load bias \(hex(bias)) wraps the image")
            var protection = segment.flags
            if protection.contains(.execute) { protection.insert(.read) }
            spans.append(Span(low: start & ~pageMask, high: (end + pageMask) & ~pageMask, protection: protection))
        }

        // Cut the address line at every span boundary; each elementary piece gets the union of the
        // protections of the spans covering it. Then coalesce neighbours with equal protection.
        let cuts = Array(Set(spans.flatMap { [$0.low, $0.high] })).sorted()
        var pieces: [Span] = []
        for (low, high) in zip(cuts, cuts.dropFirst()) {
            let covering = spans.filter { $0.low <= low && high <= $0.high }
            guard !covering.isEmpty else { continue }  // a hole between segments
            let protection = covering.reduce(Protection()) { $0.union($1.protection) }
            if var last = pieces.last, last.high == low, last.protection == protection {
                last.high = high
                pieces[pieces.count - 1] = last
            } else {
                pieces.append(Span(low: low, high: high, protection: protection))
            }
        }

        // Split each segment's file bytes at region boundaries, so the VMM can finish one region
        // (copy, then mprotect) before mapping the next.
        var copies: [[MappingPlan.Copy]] = Array(repeating: [], count: pieces.count)
        for segment in segments where segment.filesz > 0 {
            var destination = segment.vaddr + bias
            var source = segment.offset
            var remaining = segment.filesz
            for (index, piece) in pieces.enumerated() where remaining > 0 && destination < piece.high && destination >= piece.low {
                let length = min(remaining, piece.high - destination)
                copies[index].append(.init(destination: destination, sourceOffset: Int(source), length: Int(length)))
                destination += length
                source += length
                remaining -= length
            }
            precondition(remaining == 0, "segment file bytes fall outside the planned regions")
        }

        let regions = pieces.enumerated().map { index, piece in
            MappingPlan.Region(start: piece.low, length: piece.high - piece.low, protection: piece.protection,
                               copies: copies[index].sorted { $0.destination < $1.destination })
        }
        return MappingPlan(bias: bias, regions: regions, entry: entry + bias)
    }
}
