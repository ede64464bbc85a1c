// The guest's argv and environment as bytes. Linux hands a program its argv and envp as bytes,
// any bytes but NUL, and a ToyOS or xv6 guest gets exactly the same: Swift's CommandLine.arguments
// and String(cString:) would replace every byte that is not UTF-8 with U+FFFD (3 bytes), so the
// strings that reach the guest are read from the process's own argv and environ instead.
//
// The option parsers (and ArgumentParser) work on strings; what they parse only says WHICH words
// are the guest's. Everything after PROGRAM is the guest's verbatim, so the guest's arguments are
// Burrow's last `arguments.count` words; the values of --argv0 and --env are found again among
// Burrow's own words. Across a guest's exec the same holds: Exec.swift passes the strings as bytes
// to execve, and the new Burrow reads them here.
import Glibc

enum HostStrings {
    /// Burrow's own argv, word by word, without the NULs.
    static func argv() -> [[UInt8]] {
        (0..<Int(CommandLine.argc)).map { i in CommandLine.unsafeArgv[i].map { bytes($0) } ?? [] }
    }

    /// Burrow's own environment, entry by entry, as the kernel (or setenv) left it.
    static func environment() -> [[UInt8]] {
        var out: [[UInt8]] = []
        var p = environ
        while let entry = p.pointee { out.append(bytes(entry)); p += 1 }
        return out
    }

    static func bytes(_ s: UnsafePointer<CChar>) -> [UInt8] {
        // SAFETY: a NUL-terminated string of argv or environ, alive for the whole process.
        Array(UnsafeRawBufferPointer(start: s, count: strlen(s)))
    }

    /// Whether `raw` is what a parser saw as `parsed` (CommandLine.arguments decodes the same way).
    static func matches(_ raw: [UInt8], _ parsed: String) -> Bool {
        String(decoding: raw, as: UTF8.self) == parsed
    }

    /// The bytes of each value given to `--NAME` in `words` (Burrow's options, before PROGRAM),
    /// in order: `--NAME VALUE` and `--NAME=VALUE`.
    static func optionValues(_ name: String, in words: ArraySlice<[UInt8]>) -> [[UInt8]] {
        let flag = Array("--\(name)".utf8)
        let prefix = flag + [UInt8(ascii: "=")]
        var out: [[UInt8]] = []
        var i = words.startIndex
        while i < words.endIndex {
            let w = words[i]
            if w.count == 2 && w == Array("--".utf8) { break }   // PROGRAM follows
            if w == flag, i + 1 < words.endIndex {
                out.append(words[i + 1])
                i += 2
                continue
            }
            if w.starts(with: prefix) { out.append(Array(w[prefix.count...])) }
            i += 1
        }
        return out
    }
}

/// A NULL-terminated array of C strings with exactly these bytes, valid for the closure's duration.
func withCStrings<R>(bytes strings: [[UInt8]], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    // SAFETY: each copy is allocated with its NUL and lives until the defer frees it, after body.
    var ptrs: [UnsafeMutablePointer<CChar>?] = strings.map { s in
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: s.count + 1)
        s.withUnsafeBytes { UnsafeMutableRawPointer(p).copyMemory(from: $0.baseAddress!, byteCount: s.count) }
        p[s.count] = 0
        return p
    }
    ptrs.append(nil)
    defer { for p in ptrs { p?.deallocate() } }
    return ptrs.withUnsafeBufferPointer { body($0.baseAddress!) }
}

extension Run {
    /// The guest's argv: argv[0] (--argv0, else PROGRAM as given), then the program's arguments,
    /// each exactly the bytes Burrow was given.
    func guestArgumentBytes() -> [[UInt8]] {
        let words = HostStrings.argv()
        // Burrow's own words, the program's arguments, and PROGRAM between them.
        let tailStart = words.count - arguments.count
        var tail = Array(words[max(0, tailStart)...])
        if tailStart < 1 || !zip(tail, arguments).allSatisfy(HostStrings.matches) {
            // Not started from this command line (a Run made up in-process): the strings are all there is.
            tail = arguments.map { Array($0.utf8) }
        }
        var zero = Array((argv0 ?? program).utf8)
        if let argv0 {
            if let zeroWord = words.first, Binfmt.isInterpreterName(String(decoding: zeroWord, as: UTF8.self)) {
                // binfmt_misc's command line: INTERPRETER PROGRAM ARGV0 ARGS...
                if words.count > 2, HostStrings.matches(words[2], argv0) { zero = words[2] }
            } else if tailStart >= 1, let raw = HostStrings.optionValues("argv0", in: words[..<(tailStart - 1)]).last,
                      HostStrings.matches(raw, argv0) {
                zero = raw
            }
        } else if tailStart >= 1, HostStrings.matches(words[tailStart - 1], program) {
            zero = words[tailStart - 1]
        }
        return [zero] + tail
    }

    /// The --env values as given (K=V bytes).
    func envOptionBytes() -> [[UInt8]] {
        let words = HostStrings.argv()
        let end = max(0, words.count - arguments.count - 1)
        let raw = HostStrings.optionValues("env", in: words[..<end])
        if raw.count == env.count && zip(raw, env).allSatisfy(HostStrings.matches) { return raw }
        return env.map { Array($0.utf8) }
    }

    /// The guest's environment: after a guest's exec exactly the one it passed; otherwise the
    /// host's (entries of the form K=V), except PATH, which names ToyOS program directories, then
    /// the --env settings, each replacing a variable of its name.
    func guestEnvironmentBytes() -> [[UInt8]] {
        let host = HostStrings.environment()
        if execEnv { return host }
        let equals = UInt8(ascii: "=")
        var vars: [[UInt8]] = []
        if !clearEnv {
            let path = Array("PATH=".utf8)
            for entry in host where entry.contains(equals) && !entry.starts(with: path) { vars.append(entry) }
            // Always absolute: a PATH of "." (from `./prog`) would follow the guest's cwd around.
            var dir = "/bin"
            if root == nil {
                let abs = Run.absolute(program)
                let slash = abs.lastIndex(of: "/")!
                dir = abs[..<slash].isEmpty ? "/" : String(abs[..<slash])
            }
            vars.append(path + Array(dir.utf8))
        }
        for kv in envOptionBytes() {
            // validate() has made sure every entry is K=V with a non-empty K.
            guard let eq = kv.firstIndex(of: equals) else { continue }
            let key = kv[...eq]
            vars.removeAll { $0.starts(with: key) }
            vars.append(kv)
        }
        return vars
    }
}
