// Evidence from the suite's own traces: when `burrow run` has `--trace-file F --trace-format jsonl`,
// each Burrow run of a test writes one JSON object per event, with at least "name" (the call) and
// "errno" (the guest errno name, or a number, or null/absent on success). `burrow test` reads them
// back for docs/compatibility.md: which calls were really made and which errno values they really
// returned. Only those two fields are read, so the trace format may grow freely.
import BurrowABI

struct TraceEvidence {
    /// Calls made, per call name: how many events.
    var calls: [String: Int] = [:]
    /// Errno names returned, per call name.
    var errnos: [String: [String: Int]] = [:]
    /// Lines that were not JSON objects.
    var badLines = 0

    mutating func add(jsonl text: String) {
        for line in text.split(separator: "\n") where !line.allSatisfy(\.isWhitespace) {
            guard let fields = MiniJSON.topLevelFields(String(line)) else { badLines += 1; continue }
            // System call events only (a trace may also carry signals, exits and the like).
            if case .string(let type)? = fields["type"], type != "syscall" { continue }
            guard case .string(let name)? = fields["name"] else { continue }
            calls[name, default: 0] += 1
            var errnoName: String?
            switch fields["errno"] {
            case .string(let s)? where !s.isEmpty: errnoName = s
            case .number(let n)? where n != 0:
                errnoName = ToyOS.errno.name(of: n.magnitude) ?? "E?\(n.magnitude)"
            default: break
            }
            // An injected error (--inject, a test's directive) says nothing about the call; nor
            // does a call a signal interrupted and that carries on (strace's ERESTARTSYS,
            // ERESTARTNOHAND, ERESTART_RESTARTBLOCK: never returned to the guest).
            if let e = errnoName, fields["injected"] == nil, !e.hasPrefix("ERESTART") { errnos[name, default: [:]][e, default: 0] += 1 }
        }
    }

    mutating func merge(_ o: TraceEvidence) {
        for (k, v) in o.calls { calls[k, default: 0] += v }
        for (k, m) in o.errnos { for (e, c) in m { errnos[k, default: [:]][e, default: 0] += c } }
        badLines += o.badLines
    }
}

/// Just enough JSON to read the top-level scalar fields of one object per line.
enum MiniJSON {
    enum Value: Equatable {
        case string(String)
        case number(Int64)
        case other
    }

    static func topLevelFields(_ text: String) -> [String: Value]? {
        var p = Parser(bytes: Array(text.utf8))
        return p.object()
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0

        mutating func ws() { while i < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[i]) { i += 1 } }

        mutating func object() -> [String: Value]? {
            ws()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
            i += 1
            var out: [String: Value] = [:]
            ws()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return out }
            while true {
                ws()
                guard let key = string() else { return nil }
                ws()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                ws()
                guard let v = value() else { return nil }
                out[key] = v
                ws()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return out }
                return nil
            }
        }

        mutating func value() -> Value? {
            guard i < bytes.count else { return nil }
            switch bytes[i] {
            case UInt8(ascii: "\""): return string().map { .string($0) }
            case UInt8(ascii: "{"), UInt8(ascii: "["): return skipNested() ? .other : nil
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = i
                i += 1
                while i < bytes.count, "0123456789.eE+-".utf8.contains(bytes[i]) { i += 1 }
                let s = String(decoding: bytes[start..<i], as: UTF8.self)
                if let n = Int64(s) { return .number(n) }
                return .other
            default:
                let start = i
                while i < bytes.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[i]) { i += 1 }
                return i > start ? .other : nil   // true, false, null
            }
        }

        mutating func skipNested() -> Bool {
            var depth = 0
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") { if string() == nil { return false }; continue }
                if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { depth += 1 }
                if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { i += 1; return true }
                }
                i += 1
            }
            return false
        }

        mutating func string() -> String? {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let c = bytes[i]
                i += 1
                if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
                if c == UInt8(ascii: "\\") {
                    guard i < bytes.count else { return nil }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0a)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0d)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0c)
                    case UInt8(ascii: "u"):
                        guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else { return nil }
                        i += 4
                        out += Array(String(Character(Unicode.Scalar(v) ?? "?")).utf8)
                    default: out.append(e)
                    }
                    continue
                }
                out.append(c)
            }
            return nil
        }
    }
}

/// JSON string literal for our own outputs (--json, the trace-free parts of reports).
func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 {
                let h = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}
