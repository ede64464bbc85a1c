// The port bus and the device models, driven through their registers as a guest driver would
// (16550, MC146818 and 8254 datasheets). No guest runs here; the PIT is never started (no timer).
import Testing
@testable import BurrowVMM
#if canImport(Glibc)
import Glibc
#endif

final class Recorder: PortDevice {
    let name: String
    var writes: [(UInt16, UInt8)] = []
    init(_ name: String) { self.name = name }
    func read(offset: UInt16) -> UInt8 { UInt8(offset) | 0x10 }
    func write(offset: UInt16, value: UInt8) { writes.append((offset, value)) }
}

@Suite struct PortBusTests {
    @Test func overlappingRangesAreRefused() throws {
        let bus = PortBus()
        try bus.insert(Recorder("a"), base: 0x40, count: 4)
        #expect(throws: PortBusError.overlap("b", "a")) { try bus.insert(Recorder("b"), base: 0x43, count: 2) }
        #expect(throws: PortBusError.overlap("c", "a")) { try bus.insert(Recorder("c"), base: 0x3E, count: 3) }
        #expect(throws: PortBusError.empty("d")) { try bus.insert(Recorder("d"), base: 0x50, count: 0) }
        #expect(throws: PortBusError.empty("e")) { try bus.insert(Recorder("e"), base: 0xFFFF, count: 2) }
        try bus.insert(Recorder("f"), base: 0x44, count: 1)   // adjacent is fine
        #expect(bus.entries.map(\.device.name) == ["a", "f"])
    }

    @Test func devicesSeeOffsetsAndUnassignedPortsReadAllOnes() throws {
        let bus = PortBus()
        let r = Recorder("r")
        try bus.insert(r, base: 0x70, count: 2)
        #expect(bus.read(port: 0x71, size: 1) == 0x11)
        #expect(bus.read(port: 0x80, size: 1) == 0xFF)
        #expect(bus.read(port: 0x1234, size: 2) == 0xFFFF)
        #expect(bus.read(port: 0x2F8, size: 4) == 0xFFFF_FFFF)
        // A wide access is byte accesses to consecutive ports; the part outside the device is all ones.
        #expect(bus.read(port: 0x70, size: 4) == 0xFFFF_1110)
        bus.write(port: 0x6F, size: 4, value: 0x4433_2211)
        #expect(r.writes.map { "\($0.0):\($0.1)" } == ["0:34", "1:51"])
        #expect(bus.read(port: 0xFFFF, size: 2) == 0xFFFF)   // wraps to port 0: nothing there
    }
}

/// Whether `done` comes to hold within 10 s. End of file on a pipe whose write end a test closed
/// can wait for a moment: a child another test forks meanwhile holds a copy of every descriptor
/// until its exec (the UART's pipes come from pipe(2), as its real input would).
private func eventually(_ done: () -> Bool) -> Bool {
    for _ in 0..<1000 {
        if done() { return true }
        usleep(10_000)
    }
    return done()
}

@Suite struct UARTTests {
    func uart() throws -> (UART16550, Int32, Int32, [Int]) {
        var inFDs: [Int32] = [0, 0], outFDs: [Int32] = [0, 0]
        #expect(pipe(&inFDs) == 0 && pipe(&outFDs) == 0)
        return (UART16550(input: inFDs[0], output: outFDs[1], raise: { _ in }), inFDs[1], outFDs[0], [])
    }

    @Test func transmitScratchDivisorAndLineStatus() throws {
        let (u, feed, drain, _) = try uart()
        #expect(u.read(offset: 5) & 0x61 == 0x60)     // transmitter empty, no data
        u.write(offset: 0, value: 0x41)
        var b: UInt8 = 0
        #expect(read(drain, &b, 1) == 1 && b == 0x41)
        u.write(offset: 7, value: 0x5A)
        #expect(u.read(offset: 7) == 0x5A)
        u.write(offset: 3, value: 0x83)               // DLAB
        u.write(offset: 0, value: 0x01)
        u.write(offset: 1, value: 0x02)
        #expect(u.read(offset: 0) == 0x01 && u.read(offset: 1) == 0x02)
        u.write(offset: 3, value: 0x03)
        #expect(u.read(offset: 1) == 0)               // IER again, not the divisor
        var x: UInt8 = 0x7A
        #expect(write(feed, &x, 1) == 1)
        #expect(u.read(offset: 5) & 1 == 1)           // data ready
        #expect(u.read(offset: 0) == 0x7A)
        #expect(u.read(offset: 5) & 1 == 0)
        close(feed)
        #expect(u.read(offset: 5) & 1 == 0)
        #expect(eventually { _ = u.read(offset: 5); return u.inputEnded })
        close(drain)
    }

    @Test func receiveInterrupt() throws {
        var inFDs: [Int32] = [0, 0]
        #expect(pipe(&inFDs) == 0)
        var raised: [Int] = []
        let u = UART16550(input: inFDs[0], output: 2, raise: { raised.append($0) })
        u.write(offset: 1, value: 0x01)
        #expect(raised.isEmpty)
        #expect(u.wakeDescriptor == inFDs[0])
        var x: UInt8 = 0x31
        #expect(write(inFDs[1], &x, 1) == 1)
        u.poll()
        #expect(raised == [4])
        #expect(u.read(offset: 2) & 0x0F == 0x04)     // IIR: received data available
        #expect(u.read(offset: 0) == 0x31)
        #expect(u.read(offset: 2) & 0x0F == 0x01)     // nothing pending
        close(inFDs[1])
        #expect(eventually { u.poll(); return u.wakeDescriptor == nil })
        close(inFDs[0])
    }
}

@Suite struct CMOSClockTests {
    // 2024-02-29 13:05:09 UTC, a Thursday.
    static let t = 1_709_211_909

    func read(_ c: CMOSClock, _ reg: UInt8) -> UInt8 {
        c.write(offset: 0, value: reg | 0x80)   // bit 7 (NMI mask) is not part of the index
        return c.read(offset: 1)
    }

    @Test func bcdAndBinaryAndTwelveHours() {
        let c = CMOSClock(now: { (Self.t, 0) })
        #expect(read(c, 0x0B) == 0x02)
        #expect([0x00, 0x02, 0x04, 0x06, 0x07, 0x08, 0x09, 0x32].map { read(c, $0) } == [0x09, 0x05, 0x13, 0x05, 0x29, 0x02, 0x24, 0x20])
        c.write(offset: 0, value: 0x0B); c.write(offset: 1, value: 0x06)   // binary, 24 h
        #expect([0x00, 0x02, 0x04, 0x07, 0x09, 0x32].map { read(c, $0) } == [9, 5, 13, 29, 24, 20])
        c.write(offset: 0, value: 0x0B); c.write(offset: 1, value: 0x00)   // BCD, 12 h
        #expect(read(c, 0x04) == 0x81)                                     // 1 PM
        #expect(read(c, 0x0D) == 0x80)
        c.write(offset: 0, value: 0x00); c.write(offset: 1, value: 0x33)   // time registers are the host's
        #expect(read(c, 0x00) == 0x09)
        c.write(offset: 0, value: 0x40); c.write(offset: 1, value: 0x77)   // RAM
        #expect(read(c, 0x40) == 0x77)
        #expect(c.read(offset: 0) == 0xFF)
    }

    @Test func updateInProgress() {
        #expect(read(CMOSClock(now: { (Self.t, 999_800_000) }), 0x0A) & 0x80 == 0x80)
        #expect(read(CMOSClock(now: { (Self.t, 999_700_000) }), 0x0A) & 0x80 == 0)
        #expect(read(CMOSClock(now: { (Self.t, 0) }), 0x0A) == 0x26)
    }

    @Test func midnightIsTwelveAM() {
        let c = CMOSClock(now: { (1_709_164_800, 0) })   // 2024-02-29 00:00:00
        c.write(offset: 0, value: 0x0B); c.write(offset: 1, value: 0x00)
        #expect(read(c, 0x04) == 0x12)
    }
}

@Suite struct PITTests {
    @Test func countersLatchAndReadBack() {
        let p = PIT8254(hostSignal: 0)
        p.write(offset: 3, value: 0xB4)           // channel 2, low/high, mode 2
        p.write(offset: 2, value: 0x00)
        p.write(offset: 2, value: 0x40)           // reload 0x4000
        p.write(offset: 3, value: 0x80)           // latch channel 2
        let v = UInt16(p.read(offset: 2)) | UInt16(p.read(offset: 2)) << 8
        #expect(v >= 1 && v <= 0x4000)
        #expect(p.read(offset: 3) == 0xFF)
        #expect(!p.canInterrupt)                  // channel 2 raises nothing
        p.write(offset: 3, value: 0x30)           // channel 0, mode 0: not periodic
        p.write(offset: 0, value: 0x10); p.write(offset: 0, value: 0x00)
        #expect(!p.canInterrupt && p.periodNs == 0)
    }
}
