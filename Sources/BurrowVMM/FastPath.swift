// The fast path (docs/architecture.md, "The fast path"): the first time a ToyOS stub of the SDK's
// exact shape `mov eax, N ; int 0x81 ; ret` traps, it is rewritten in place into `call [slot N]`
// (FF 14 25 disp32, slot N in the table below 2 GiB) followed by its own `ret`. Later calls reach
// the thunk in fastpath.S without a signal and leave through the same exit as the trap, so the run
// loop and the one dispatcher serve both. Per process: a fork keeps the patched code (and this
// record), an exec starts a fresh image with nothing patched.
import CBurrowRuntime

public final class FastPath {
    /// The stub shape, with the number's four bytes left out: B8 imm32 CD 81 C3.
    static let stubLength: UInt64 = 8
    static let movLength: UInt64 = 5
    public static let callLength = UInt64(BURROW_FAST_CALL_LENGTH)

    /// Stubs rewritten (their first byte), in the order they were patched.
    public private(set) var patchedSites: [UInt64] = []
    private var patched: Set<UInt64> = []
    /// `int 0x81` addresses that are not a patchable stub: checked once, never again. (Both read
    /// on every trapped call, by the guest's thread alone: unchecked exclusivity.)
    @exclusivity(unchecked) private var refused: Set<UInt64> = []
    /// The address `refused` last turned away (UInt64.max: none): a loop around one unpatchable
    /// `int 0x81` (a hand-written call) then hashes nothing on each of its traps.
    @exclusivity(unchecked) private var lastRefused = UInt64.max

    /// Maps the slot table; nil (with the errno) when the fast path cannot work here.
    public static func make() -> (FastPath?, Int32) {
        let r = burrow_fastpath_init()
        return r == 0 ? (FastPath(), 0) : (nil, r)
    }

    private init() {}

    /// After a trapped `int 0x81` at `intAddress` with `number` in eax: patch its stub when the
    /// bytes around it are exactly the SDK's stub, the `mov` put this very number in eax (so
    /// nothing jumped to the `int` with another one), all 8 bytes lie in one mapping that is
    /// r-x (the image's code: a page the guest made writable is its own data, maybe being
    /// rewritten, and stays on the trap path), and the number has a slot.
    public func consider(intAddress: UInt64, number: UInt64, memory: GuestMemory) {
        if intAddress == lastRefused { return }
        if refused.contains(intAddress) { lastRefused = intAddress; return }
        let stub = intAddress &- Self.movLength
        guard stub < intAddress, number < UInt64(BURROW_FAST_SLOTS),
              let r = memory.region(containing: stub), r.protection == [.read, .execute],
              stub &+ Self.stubLength <= r.end,
              let bytes = try? memory.copyIn(stub, count: Int(Self.stubLength)),
              bytes[0] == 0xB8, bytes[5] == 0xCD, bytes[6] == burrow_syscall_vector(), bytes[7] == 0xC3,
              UInt64(bytes[1]) | UInt64(bytes[2]) << 8 | UInt64(bytes[3]) << 16 | UInt64(bytes[4]) << 24 == number,
              burrow_fastpath_patch(stub, UInt32(number)) == 0
        else {
            refused.insert(intAddress)
            lastRefused = intAddress
            return
        }
        patched.insert(stub)
        patchedSites.append(stub)
    }

    /// Where a saved context resumes (sigreturn): a context interrupted between a stub's `mov`
    /// and its `int` whose stub was patched since then resumes at the start of the patched stub
    /// (the `call` makes the call with the number the `mov` had loaded), never inside the call's
    /// bytes. Every other rip is returned unchanged.
    public func resumeAddress(_ rip: UInt64) -> UInt64 {
        if patched.isEmpty { return rip }
        let stub = rip &- Self.movLength
        return patched.contains(stub) ? stub : rip
    }
}
