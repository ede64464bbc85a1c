// Events of the ToyOS machine (docs/abi.md 7): privileged instructions, port I/O, hypercalls and
// interrupts, rendered like a call in every format, and counted by `--summary`:
//   text    [pid 7] 12:00:00.000001 outb(0x3f8, 0x41)
//   JSONL   {"type":"machine","ts":...,"kind":"port","event":"outb(0x3f8, 0x41)","rip":"0x..."}
//   Chrome  an instant event named by the text, category the kind
import BurrowABI

extension Tracer {
    func machineFields(_ b: ByteBuffer, _ kind: String, _ text: String, _ rip: UInt64) {
        b.append("\"kind\":\"")
        jsonString(b, kind)
        b.append("\",\"event\":\"")
        jsonString(b, text)
        b.append("\",\"rip\":\"")
        b.appendHex(rip)
        b.append("\"")
    }
}

extension TraceSummary {
    /// The machine events after the call table: count per key, most first.
    func renderMachine() -> String {
        guard !machineCounts.isEmpty else { return "" }
        let rows = machineCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var out = "\n" + pad("calls", 9) + " machine event\n--------- ----------------\n"
        for (key, n) in rows { out += pad(String(n), 9) + " " + key + "\n" }
        return out
    }
}
