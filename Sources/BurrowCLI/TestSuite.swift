// The conformance suite on disk: ToyOS programs in <build>/toyos/tests/, their native twins in
// <build>/linux/tests/, and the expected-failure list (foreign-binaries/tests/expected-failures.txt).
import BurrowABI
import BurrowSyscalls
import Glibc

struct SuiteTest {
    let name: String
    /// Absolute paths.
    let toyos: String
    let native: String?
}

struct Suite {
    let toyosDir: String
    let nativeDir: String
    let tests: [SuiteTest]

    /// Resolves the suite directory. `dir` may be a build directory (holding toyos/tests and
    /// linux/tests) or a directory holding toyos/ and linux/ directly.
    static func locate(_ dir: String?, executable: String) -> (toyos: String, native: String)? {
        func probe(_ base: String) -> (String, String)? {
            for (t, l) in [("toyos/tests", "linux/tests"), ("toyos", "linux")] {
                if FS.isDirectory("\(base)/\(t)") && FS.isDirectory("\(base)/\(l)") {
                    return (FS.absolute("\(base)/\(t)"), FS.absolute("\(base)/\(l)"))
                }
            }
            return nil
        }
        if let dir { return probe(dir) }
        // Default: foreign-binaries/build of the repository we are in, or of the one this burrow
        // executable was built in (…/main/.build-x/debug/burrow).
        for start in [FS.currentDirectory(), FS.dirname(executable)] {
            var d = FS.absolute(start)
            while true {
                let candidate = "\(d)/foreign-binaries/build"
                if FS.isDirectory("\(candidate)/toyos/tests") { return probe(candidate) }
                if d == "/" || d.isEmpty { break }
                d = FS.dirname(d)
            }
        }
        return nil
    }

    static func discover(toyosDir: String, nativeDir: String, patterns: [String]) -> Suite {
        var tests: [SuiteTest] = []
        for name in FS.listDirectory(toyosDir).sorted() {
            if name.hasPrefix(".") || name.hasSuffix(".o") || name.hasSuffix(".d") || name.hasSuffix(".txt") { continue }
            let path = "\(toyosDir)/\(name)"
            guard FS.isExecutableFile(path) else { continue }
            if !patterns.isEmpty, !patterns.contains(where: { Suite.matches(name: name, pattern: $0) }) { continue }
            let twin = "\(nativeDir)/\(name)"
            tests.append(SuiteTest(name: name, toyos: path, native: FS.isExecutableFile(twin) ? twin : nil))
        }
        return Suite(toyosDir: toyosDir, nativeDir: nativeDir, tests: tests)
    }

    /// A glob (fnmatch) when the pattern has *, ? or [; otherwise a substring.
    static func matches(name: String, pattern: String) -> Bool {
        if pattern.contains(where: { "*?[".contains($0) }) { return fnmatch(pattern, name, 0) == 0 }
        return name.contains(pattern)
    }

    /// The exit status a test must end with under both (exit42 tests the exit call itself).
    static func expectedExitStatus(_ name: String) -> Int32 {
        name == "exit42" ? 42 : 0
    }
}

/// One line of expected-failures.txt: `TESTNAME [ASSERTION] -- reason naming a table row`.
struct ExpectedFailure {
    let test: String
    /// nil: the whole test is expected to fail.
    let assertion: Int?
    let reason: String
    /// The table row the reason points at (support partial or unimplemented).
    let row: String
    let line: Int
}

struct ExpectedFailures {
    var entries: [ExpectedFailure] = []
    var path: String?

    func forTest(_ name: String) -> [ExpectedFailure] { entries.filter { $0.test == name } }

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    /// Parses the list; every entry must name a row of the ToyOS table that is not `full`, so each
    /// known gap is tied to a documented limitation.
    static func load(_ path: String) throws -> ExpectedFailures {
        guard let text = FS.readFile(path) else { return ExpectedFailures(entries: [], path: nil) }
        var list = ExpectedFailures(path: path)
        let rows = Dictionary(ToyOS.table.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let at = "\(path):\(i + 1)"
            guard let sep = line.firstRange(of: " -- ") ?? line.firstRange(of: "\t-- ") else {
                throw ParseError(description: "\(at): expected `TESTNAME [ASSERTION-NUMBER] -- reason naming the table row`")
            }
            let head = line[..<sep.lowerBound].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let reason = line[sep.upperBound...].trimmingSpaces()
            guard (1...2).contains(head.count) else {
                throw ParseError(description: "\(at): expected `TESTNAME [ASSERTION-NUMBER] -- reason`")
            }
            var number: Int?
            if head.count == 2 {
                guard let n = Int(head[1]), n > 0 else { throw ParseError(description: "\(at): '\(head[1])' is not an assertion number") }
                number = n
            }
            // The row: any word of the reason that is the name of a row not marked full.
            let words = reason.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init)
            let named = words.compactMap { rows[$0] }
            guard let row = named.first(where: { $0.support != .full }) else {
                let full = named.map(\.name)
                let why = full.isEmpty ? "names no call of the ToyOS table"
                    : "names only rows marked full (\(full.joined(separator: ", "))); mark the row partial/unimplemented in ToyOSCalls.swift or fix the bug"
                throw ParseError(description: "\(at): the reason \(why); an expected failure must point at a row marked partial or unimplemented")
            }
            list.entries.append(ExpectedFailure(test: head[0], assertion: number, reason: reason, row: row.name, line: i + 1))
        }
        return list
    }
}

/// Small file-system helpers on Glibc (no Foundation on this path).
enum FS {
    static func isDirectory(_ p: String) -> Bool {
        var st = stat()
        return stat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func isExecutableFile(_ p: String) -> Bool {
        var st = stat()
        return stat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG && (st.st_mode & 0o111) != 0
    }

    static func exists(_ p: String) -> Bool {
        var st = stat()
        return lstat(p, &st) == 0
    }

    static func currentDirectory() -> String {
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buf, buf.count) != nil else { return "." }
        return String(cString: buf)
    }

    static func absolute(_ p: String) -> String {
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        if realpath(p, &buf) != nil { return String(cString: buf) }
        if p.hasPrefix("/") { return p }
        return currentDirectory() + "/" + p
    }

    static func dirname(_ p: String) -> String {
        guard let slash = p.lastIndex(of: "/") else { return "." }
        let d = String(p[..<slash])
        return d.isEmpty ? "/" : d
    }

    static func listDirectory(_ p: String) -> [String] {
        guard let d = opendir(p) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func readFile(_ p: String) -> String? {
        let fd = open(p, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &chunk, chunk.count)
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes the whole file. A new or regular file (also one a symlink names: the link stays) is
    /// replaced through a temporary name beside it, so a reader never sees half; anything else — a
    /// device (`--json /dev/stdout`, `/dev/null`), a FIFO — is opened and written in place, as a
    /// shell's `>` would: renaming over it would replace the node itself (as root, `/dev/null`
    /// became a regular file; found by a new-user trial). Returns the errno of the first failure.
    static func writeFile(_ path: String, _ text: String) -> Int32? {
        var p = path
        var st = stat()
        if lstat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK, let real = realpath(p, nil) {
            p = String(cString: real)
            free(real)
        }
        let replace = lstat(p, &st) != 0 || (st.st_mode & S_IFMT) == S_IFREG
        var tmp = p, fd: Int32 = -1
        if replace {
            // A new name nobody else made (O_EXCL, an unguessable suffix): in a shared directory
            // such as /tmp a name fixed in advance could be a planted symlink.
            for _ in 0..<100 {
                tmp = "\(p).tmp-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
                fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
                if fd >= 0 || errno != EEXIST { break }
            }
        } else {
            fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { return errno }
        let bytes = Array(text.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                close(fd)
                if replace { unlink(tmp) }
                return e
            }
            off += n
        }
        if close(fd) != 0 && errno != EINTR {
            let e = errno
            if replace { unlink(tmp) }
            return e
        }
        if replace && rename(tmp, p) != 0 { let e = errno; unlink(tmp); return e }
        return nil
    }

    /// Removes a tree without following symlinks; best effort.
    static func removeTree(_ p: String) {
        var st = stat()
        guard lstat(p, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            chmod(p, 0o700)
            for name in listDirectory(p) { removeTree("\(p)/\(name)") }
            rmdir(p)
        } else {
            unlink(p)
        }
    }

    static func errorText(_ e: Int32) -> String { String(cString: strerror(e)) }

    /// The first executable NAME in $PATH, absolute.
    static func findInPath(_ name: String) -> String? {
        guard let path = getenv("PATH").map({ String(cString: $0) }) else { return nil }
        for dir in path.split(separator: ":") where dir.hasPrefix("/") {
            let candidate = "\(dir)/\(name)"
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }
}

/// Faults a test asks for, by lines of its C source of the form
///
///     burrow-test: inject CALLS:error=ERRNO[:when=EXPR]      (or retval=N)
///
/// (anywhere, typically in its leading comment). Under Burrow each becomes `--inject SPEC`; the
/// native twin runs under `strace -f -e inject=...` with the Linux call the twin's libc makes for
/// each ToyOS call (ToyOS.linuxNames), so both sides see the same fault at the same call.
struct TestInjections {
    /// The specs, as written (ToyOS names).
    var specs: [String] = []
    /// The same faults in strace's terms: `-e inject=LINUXCALLS:...` values.
    var strace: [String] = []

    static let marker = "burrow-test: inject "

    /// Reads the directives of `source` (file name for messages); throws a one-line reason.
    static func parse(source text: String, file: String) throws -> TestInjections {
        var out = TestInjections()
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let r = line.firstRange(of: marker) else { continue }
            var spec = String(line[r.upperBound...])
            while spec.last == " " || spec.last == "\t" { spec.removeLast() }
            if spec.hasSuffix("*/") { spec.removeLast(2) }
            while spec.last == " " { spec.removeLast() }
            let rule: InjectionRule
            do { rule = try InjectionRule(parsing: spec) } catch {
                throw CLIExit(status: 125, message: "burrow test: \(file):\(i + 1): \(error)")
            }
            let colon = spec.firstIndex(of: ":")!
            var linux: [String] = []
            for raw in spec[..<colon].split(separator: ",") {
                var name = raw
                while name.first == " " { name.removeFirst() }   // (as InjectionRule takes it)
                while name.last == " " { name.removeLast() }
                guard let l = ToyOS.linuxNames[String(name)]?.first else {
                    throw CLIExit(status: 125, message: "burrow test: \(file):\(i + 1): \(name): a directive names single calls (no %classes, all or syscall_0x…), so that strace can be given the Linux call")
                }
                linux.append(l)
            }
            var rest = String(spec[colon...])
            if case .error(let e) = rule.action, rest.contains("error=\(e.value)") {
                // strace reads errno names; ToyOS numbers are not Linux numbers.
                rest = rest.replacingFirst("error=\(e.value)", with: "error=\(e.name)")
            }
            out.specs.append(spec)
            out.strace.append(linux.joined(separator: ",") + rest)
        }
        return out
    }

    /// The twin's command: strace (found on PATH) running it with the same faults, its own output
    /// discarded (-o /dev/null) and quiet (-qq), following children (-f).
    func nativeCommand(twin: String, strace: String) -> (String, [String]) {
        var args = ["-f", "-qq", "-o", "/dev/null"]
        for s in self.strace { args += ["-e", "inject=" + s] }
        return (strace, args + [twin])
    }
}
