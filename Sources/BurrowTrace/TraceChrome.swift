// The tracer's Chrome trace rendering (the Trace Event format's JSON array form): system calls as
// complete ("X") events, instants for machine events, signals and the end, track names, and the
// flow arrows that link a fork in the parent to the child. Split from Tracer.swift by size.
import BurrowABI

extension Tracer {
    /// Microseconds with three decimals (Chrome's ts and dur unit).
    func appendMicros(_ b: ByteBuffer, _ ns: UInt64) {
        b.appendDecimal(ns / 1000)
        b.append(UInt8(ascii: "."))
        b.appendDecimal(ns % 1000, width: 3)
    }

    /// The process's track names. `first`: the file's first event, after the array's `[` (the JSON
    /// array form of the Trace Event format: events streamed, each after a `,`, and the closing `]`
    /// optional, so several processes can append to one file and a killed one leaves it loadable).
    /// Each event is a line of its own, `,{...}` and its newline at once: to a terminal, between
    /// the guest's own output, an event's line never waits for the next event to end it.
    func chromeHeader(first: Bool) {
        guard let b = writer?.buffer else { return }
        if first { b.append("[\n{\"name\":\"") } else { chromeEventHead(b) }
        b.append("process_name\",\"ph\":\"M\"")
        appendPidTid(b)
        b.append(",\"args\":{\"name\":\"")
        jsonString(b, "burrow: " + programName)
        b.append("\"}}\n")
        chromeEventHead(b)
        b.append("thread_name\",\"ph\":\"M\"")
        appendPidTid(b)
        b.append(",\"args\":{\"name\":\"guest thread ")
        b.appendDecimal(signed: Int64(tid))
        b.append("\"}}\n")
    }

    /// `,"pid":P,"tid":T`, in every event (one track per process and thread).
    func appendPidTid(_ b: ByteBuffer) {
        b.append(",\"pid\":")
        b.appendDecimal(signed: Int64(pid))
        b.append(",\"tid\":")
        b.appendDecimal(signed: Int64(tid))
    }

    func chromeEventHead(_ b: ByteBuffer) {
        b.append(",{\"name\":\"")
    }

    func renderChrome(_ b: ByteBuffer, result: UInt64, errno: UInt32?, duration: UInt64) {
        chromeEventHead(b)
        appendName(b)
        b.append("\",\"cat\":\"")
        if let info { b.append(info.pointee.classList) } else { b.append("unknown") }
        b.append("\",\"ph\":\"X\",\"ts\":")
        appendMicros(b, clock.epochNs(start))
        b.append(",\"dur\":")
        appendMicros(b, duration)
        appendPidTid(b)
        b.append(",\"args\":{")
        let n = info?.pointee.argCount ?? 6
        for i in 0..<n where ranges[2 * i] >= 0 {   // (-1: left out)
            b.append(UInt8(ascii: "\""))
            if let info { b.append(info.pointee.args[i].name) } else { b.append("arg"); b.appendDecimal(UInt64(i)) }
            b.append("\":\"")
            b.append(text, from: ranges[2 * i], to: ranges[2 * i + 1])   // (escaped: decoder.json)
            b.append("\",")
        }
        b.append("\"ret\":\"")
        // JSON-safe as it stands: names, numbers, the decoder's texts (decoder.json).
        appendResult(b, result: result, errno: errno)
        b.append("\"")
        if let restart {
            b.append(",\"errno\":\"")
            b.append(restart.straceName)
            b.append("\"")
        } else if let errno, errno != GuestErrno.unnamed.value {   // (a failure without an errno: xv6's -1)
            b.append(",\"errno\":\"")
            appendErrno(b, errno, message: false)
            b.append("\"")
        }
        if injected { b.append(",\"injected\":\"true\"") }
        if !stackFrames.isEmpty { appendStackChrome(b) }
        b.append("}}\n")
        if number == forkNumber && errno == nil { chromeForkFlow(b, result: result, duration: duration) }
    }

    /// The arrow from the parent's fork to the child's (a flow event, id = the child's pid), each end
    /// inside its process's fork slice: "s" in the parent, "f" (bound to the enclosing slice) in the
    /// child, whose fork returns 0.
    func chromeForkFlow(_ b: ByteBuffer, result: UInt64, duration: UInt64) {
        let child = result == 0
        chromeEventHead(b)
        b.append("fork\",\"cat\":\"process\",\"ph\":\"")
        b.append(child ? "f\",\"bp\":\"e" : "s")
        b.append("\",\"id\":")
        b.appendDecimal(child ? UInt64(UInt32(bitPattern: pid)) : result)
        b.append(",\"ts\":")
        appendMicros(b, clock.epochNs(start) &+ duration / 2)
        appendPidTid(b)
        b.append("}\n")
    }

    func chromeInstant(_ b: ByteBuffer, name: String, cat: StaticString, t: UInt64, args: (ByteBuffer) -> Void) {
        chromeEventHead(b)
        jsonString(b, name)
        b.append("\",\"cat\":\"")
        b.append(cat)
        b.append("\",\"ph\":\"i\",\"s\":\"p\",\"ts\":")
        appendMicros(b, t)
        appendPidTid(b)
        b.append(",\"args\":{")
        args(b)
        b.append("}}\n")
    }
}
