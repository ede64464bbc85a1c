// The tracer's clock (Clock.swift, EventClock): CLOCK_MONOTONIC through the time-stamp counter.
// Every reading is bracketed by two readings of the kernel's clock: it must lie between them (give
// or take the extrapolation's error, a few microseconds; the bound below is far wider, and a
// preemption only widens the bracket), never go backwards, and, with the counter, most readings
// must not be clock_gettime's.
import Testing
@testable import BurrowTrace

@Suite struct EventClockTests {
    /// Readings through `clock` for at least `minimumNs` and `minimumReadings`, each checked
    /// against the kernel's clock around it; how many were taken.
    func bracketed(_ clock: inout EventClock, tolerance: UInt64, minimumNs: UInt64 = 20_000_000,
                   minimumReadings: Int = 200_000) -> Int {
        let start = monotonicNow()
        var previous: UInt64 = 0
        var readings = 0
        var failures = 0
        while readings < minimumReadings || monotonicNow() - start < minimumNs {
            let before = monotonicNow()
            let reading = clock.now()
            let after = monotonicNow()
            readings += 1
            if reading + tolerance < before || reading > after + tolerance || reading < previous {
                failures += 1
                if failures <= 3 {
                    Issue.record("reading \(readings): \(reading) outside [\(before), \(after)] ± \(tolerance) ns or below the one before (\(previous))")
                }
            }
            previous = reading
        }
        #expect(failures == 0)
        return readings
    }

    @Test(.enabled(if: EventClock.kernelClockIsTSC, "the kernel's clock source is not the TSC here"))
    func theCounterFollowsTheKernelsClock() {
        var clock = EventClock(useTSC: true)
        let readings = bracketed(&clock, tolerance: 100_000)
        // Exact readings: those of the first millisecond and one per anchor span.
        #expect(clock.exactReadings < readings / 4, "\(clock.exactReadings) of \(readings) readings were clock_gettime's")
    }

    @Test func withoutTheCounterEveryReadingIsTheKernelsClock() {
        var clock = EventClock(useTSC: false)
        _ = bracketed(&clock, tolerance: 0, minimumNs: 1_000_000, minimumReadings: 10_000)
        #expect(clock.exactReadings == 0)
    }
}
