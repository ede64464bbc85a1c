// --inject rules: parsing (strace's -e inject= syntax with ToyOS names and errnos) and when each
// invocation is hit.
import Foundation
import Testing
import BurrowABI
@testable import BurrowSyscalls

struct InjectionTests {
    func rule(_ s: String) throws -> InjectionRule { try InjectionRule(parsing: s) }
    func message(_ s: String) -> String {
        do { _ = try InjectionRule(parsing: s); return "" } catch { return error.description }
    }
    let write = UInt64(ToyCall.write.rawValue), read = UInt64(ToyCall.read.rawValue), open = UInt64(ToyCall.open.rawValue)

    @Test func errorAndWhen() throws {
        let r = try rule("write:error=ENOSPC:when=2")
        #expect(r.numbers == [write])
        #expect(r.action == .error(GuestErrno("ENOSPC")))
        #expect((1...5).map(r.hits) == [false, true, false, false, false])
        #expect((1...5).map(try rule("write:error=EIO:when=2+").hits) == [false, true, true, true, true])
        #expect((1...7).map(try rule("write:error=EIO:when=2+3").hits) == [false, true, false, false, true, false, false])
        #expect((1...5).map(try rule("write:error=EIO:when=2..3").hits) == [false, true, true, false, false])
        #expect((1...3).map(try rule("write:error=EIO").hits) == [true, true, true])
    }

    @Test func retvalSetsAndClasses() throws {
        let r = try rule("read,write:retval=0")
        #expect(r.numbers == [read, write])
        #expect(r.action == .value(0))
        #expect(try rule("%file:error=EACCES").numbers.contains(open))
        #expect(try rule("open:error=5").action == .error(GuestErrno(value: 5)))
    }

    /// The set takes what --trace-filter takes (CallNames): `all`, and an unknown call by the name
    /// the trace gives it; a number the table names goes by its name, with the same words.
    @Test func setsNameCallsAsTheTraceFilterDoes() throws {
        #expect(!ToyOS.table.contains { $0.number == 0x1FF })   // (an unknown number)
        #expect(try rule("syscall_0x1ff:retval=7").numbers == [0x1FF])
        #expect(try rule("all:error=EIO").numbers == Set(ToyOS.table.map { UInt64($0.number) }))
        let hex = "syscall_0x" + String(read, radix: 16)
        #expect(message(hex + ":error=EIO") == "--inject \(hex):error=EIO: '\(hex)' is 'read' on ToyOS: name it so (an unknown call's form is for numbers the table lacks)")
        #expect(message("%net:error=EIO").hasPrefix("--inject %net:error=EIO: unknown class '%net' (classes: %"))
        #expect(message("%net:error=EIO") == "--inject %net:error=EIO: " + CallNames.toyOS.explain(.unknownClass, "%net"))
        // Spaces as --trace-filter takes them; an empty name, `none` and `!` are mistakes here (a
        // rule that changes nothing, or everything but a few calls, would be silently odd).
        #expect(try rule("read, write:retval=0").numbers == [read, write])
        #expect(message("read,,write:retval=0").hasPrefix("--inject read,,write:retval=0: an empty name"))
        #expect(message(",:retval=0").hasPrefix("--inject ,:retval=0: an empty name"))
        #expect(message("none:error=EIO") == "--inject none:error=EIO: 'none' names no call: the rule would change nothing")
        #expect(message("!write:error=EIO") == "--inject !write:error=EIO: '!write': --inject names the calls to change ('!' is for --trace-filter)")
        // Injected before the dispatcher looks the number up, so an unknown call takes it too.
        let inj = Injector(rules: [try rule("syscall_0x1ff:retval=7")])
        #expect(inj.decide(0x1FF) == .value(7))
        #expect(inj.decide(0x200) == nil)
    }

    @Test func badSpecsSayWhy() {
        #expect(message("openat:error=EIO") == "--inject openat:error=EIO: unknown system call 'openat': on ToyOS that is 'open'; `burrow syscalls` lists the ToyOS calls")
        #expect(message("write:error=ENOPE").hasPrefix("--inject write:error=ENOPE: unknown ToyOS errno 'ENOPE'"))
        #expect(message("write") .hasPrefix("--inject write: expected CALL:error=ERRNO"))
        #expect(message("write:when=2").hasPrefix("--inject write:when=2: say what the call returns"))
        #expect(message("write:error=EIO:when=0").hasPrefix("--inject write:error=EIO:when=0: when=0: expected N"))
        #expect(message("write:error=EIO:retval=1") == "--inject write:error=EIO:retval=1: give one of error= and retval=")
        #expect(message("write:retval=-1").hasPrefix("--inject write:retval=-1: retval=-1: expected a number of 0 or more"))
        #expect(message("write:error=EIO:colour=red") == "--inject write:error=EIO:colour=red: unknown key 'colour' (error=, retval=, when=)")
    }

    @Test func countersArePerRuleAndCall() throws {
        let inj = Injector(rules: [try rule("read,write:error=EIO:when=2")])
        #expect(inj.decide(write) == nil)
        #expect(inj.decide(read) == nil)
        #expect(inj.decide(write) == .error(GuestErrno.EIO))
        #expect(inj.decide(read) == .error(GuestErrno.EIO))
        #expect(inj.decide(write) == nil)
        #expect(inj.decide(open) == nil)
    }

    /// Every row has the Linux names its twin uses, so a Linux name always finds its ToyOS call.
    @Test func everyCallHasItsLinuxNames() {
        for row in ToyOS.table {
            #expect(!(ToyOS.linuxNames[row.name] ?? []).isEmpty, "\(row.name) has no Linux name")
        }
        #expect(Set(ToyOS.linuxNames.keys).isSubset(of: Set(ToyOS.table.map(\.name))))
        #expect(ToyOS.toyNames(forLinux: "getdents64") == ["readdir"])
    }

    /// The first Linux name of each call is the one the twin's libc really makes (strace injects
    /// by it): its SYS_ constant appears in the Linux backend. sigreturn's restorer spells the
    /// number in assembly, with the name in its comment; the twin has no yield wrapper.
    @Test func theFirstLinuxNameIsTheTwinsCall() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("foreign-binaries/sdk/libc/linux")
        var text = ""
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            text += (try? String(contentsOfFile: dir.appendingPathComponent(f).path, encoding: .utf8)) ?? ""
        }
        for row in ToyOS.table where row.name != "yield" {
            let linux = try #require(ToyOS.linuxNames[row.name]?.first)
            #expect(text.contains("SYS_\(linux) ") || text.contains("SYS_\(linux),") || text.contains("SYS_\(linux))")
                        || (linux == "rt_sigreturn" && text.contains("rt_sigreturn")),
                    "\(row.name): the twin's libc does not make \(linux)")
        }
    }
}
