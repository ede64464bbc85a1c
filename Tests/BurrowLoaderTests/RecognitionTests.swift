// Which personality an executable is for (Recognition.swift): xv6 only by positive evidence (its
// `B8 imm32 CD 40 C3` stubs), never by the absence of Linux evidence.
import Testing
@testable import BurrowLoader
import BurrowABI

/// An unbranded xv6-shaped executable: one RWX PT_LOAD whose file offset is not page-aligned,
/// entry = its first byte, with `code` as its contents.
private func xv6Like(_ code: [UInt8], osABI: UInt8 = 0, interpreter: String? = nil) -> ELFBuilder {
    var b = ELFBuilder(segments: [
        ELFBuilder.Segment(flags: ELFBuilder.pfR | ELFBuilder.pfW | ELFBuilder.pfX, vaddr: 0x40_0000, memsz: 0x100,
                           data: code + [UInt8](repeating: 0x90, count: 0x100 - code.count), align: 0x10),
    ])
    b.osABI = osABI
    b.abiVersion = 0
    b.note = nil
    b.entry = 0x40_0000
    b.interpreter = interpreter
    return b
}

private let stub: [UInt8] = [0xB8, 0x10, 0, 0, 0, 0xCD, 0x40, 0xC3]   // mov eax, 16; int $64; ret

@Suite struct RecognitionTests {
    @Test func xv6ByItsStubs() throws {
        let image = try GuestImage(bytes: xv6Like(stub).build(), path: "/tmp/x")
        #expect(image.brand == .xv6(stubs: 1))
        #expect(image.brand.personalityName == "xv6")
        #expect(image.abiVersion == nil)
    }

    @Test func withoutStubsItIsLinux() {
        #expect(throws: LoadError.self) { try GuestImage(bytes: xv6Like([0x0F, 0x05, 0xC3]).build(), path: "/tmp/x") }
        do { _ = try GuestImage(bytes: xv6Like([0x0F, 0x05, 0xC3]).build(), path: "/tmp/x") } catch {
            #expect(error.kind == .linuxExecutable)
        }
    }

    @Test func nearMissesAreNotStubs() {
        // int $0x80, a large immediate, no ret: none is xv6's shape.
        for code: [UInt8] in [[0xB8, 1, 0, 0, 0, 0xCD, 0x80, 0xC3], [0xB8, 1, 0, 0, 1, 0xCD, 0x40, 0xC3], [0xB8, 1, 0, 0, 0, 0xCD, 0x40, 0x90]] {
            do { _ = try GuestImage(bytes: xv6Like(code).build(), path: "/tmp/x"); Issue.record("\(code) recognised") } catch {
                #expect(error.kind == .linuxExecutable, "\(code)")
            }
        }
    }

    @Test func dynamicallyLinkedStaysLinux() {
        do { _ = try GuestImage(bytes: xv6Like(stub, interpreter: "/lib64/ld-linux-x86-64.so.2").build(), path: "/tmp/x"); Issue.record("recognised") } catch {
            #expect(error.kind == .linuxExecutable)
        }
    }

    @Test func forcedWithoutEvidence() throws {
        let image = try GuestImage(bytes: xv6Like([0xC3]).build(), path: "/tmp/x", personality: "xv6")
        #expect(image.brand == .xv6(stubs: 0))
        // An xv6 file forced to ToyOS is refused as what it is, not as a Linux executable.
        do { _ = try GuestImage(bytes: xv6Like(stub).build(), path: "/tmp/x", personality: "toyos"); Issue.record("loaded") } catch {
            #expect(error.kind == .otherPersonality)
            #expect(error.description == "burrow: /tmp/x: an xv6 executable (1 system-call stub `int $64`, no ToyOS brand), not ToyOS: without --personality toyos it runs as xv6")
        }
        // Without stubs it is still Linux to ToyOS's test.
        do { _ = try GuestImage(bytes: xv6Like([0xC3]).build(), path: "/tmp/x", personality: "toyos"); Issue.record("loaded") } catch {
            #expect(error.kind == .linuxExecutable)
        }
    }

    /// A ToyOS executable (both halves of its brand) forced to xv6 is refused as what it is; with
    /// only half of the brand --personality xv6 still decides.
    @Test func forcedXV6OnAToyOSExecutable() throws {
        var toy = xv6Like(stub)
        toy.osABI = ToyOS.elfOSABI
        toy.note = (1, 0)
        do { _ = try GuestImage(bytes: toy.build(), path: "/tmp/x", personality: "xv6"); Issue.record("loaded") } catch {
            #expect(error.kind == .otherPersonality)
            #expect(error.description == "burrow: /tmp/x: a ToyOS executable (EI_OSABI 'T' and the ToyOS note), not xv6: without --personality xv6 it runs as ToyOS")
        }
        toy.note = nil
        #expect(try GuestImage(bytes: toy.build(), path: "/tmp/x", personality: "xv6").brand == .xv6(stubs: 1))
    }

    /// A dynamically linked file forced to xv6 is refused for xv6, not for ToyOS.
    @Test func forcedXV6OnADynamicExecutable() {
        do { _ = try GuestImage(bytes: xv6Like(stub, interpreter: "/lib64/ld-linux-x86-64.so.2").build(), path: "/tmp/x", personality: "xv6"); Issue.record("loaded") } catch {
            #expect(error.kind == .dynamicallyLinked)
            #expect(error.message == "dynamically linked (has PT_INTERP); xv6 executables are static")
        }
    }

    @Test func toyOSKeepsRefusingIncongruentSegments() {
        var b = ELFBuilder.toyExecutable()
        b.segments[0].offset = 0x10
        b.segments[0].filesz = 0xff0
        do { _ = try GuestImage(bytes: b.build(), path: "/tmp/x"); Issue.record("loaded") } catch {
            #expect(error.kind == .incongruentSegment, "\(error)")
        }
        // The same segments forced to xv6 load (copied); without the ToyOS note, as a ToyOS
        // executable is not xv6's (forcedXV6OnAToyOSExecutable).
        b.note = nil
        #expect((try? GuestImage(bytes: b.build(), path: "/tmp/x", personality: "xv6")) != nil)
    }
}
