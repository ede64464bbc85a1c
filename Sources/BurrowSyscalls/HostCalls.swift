// Running a host system call on behalf of the guest, for every personality (ToyOS, xv6) and the
// path resolver: one definition of when an interrupted call is restarted and when its EINTR goes
// back to the run loop.
//
// A signal of the interrupt mask (one the guest handles, or one that ends or stops it) makes the
// call fail with EINTR and the run loop acts on it before the guest could observe anything. Any
// other signal (one the guest ignores) never interrupts the call natively, so the call is retried.
import BurrowABI
import CBurrowRuntime
import Glibc

/// Whether a pending host signal needs the run loop (an EINTR must not be retried then).
@inline(__always)
func interruptNeedsRunLoop() -> Bool {
    burrow_interrupt_pending() != 0
}

/// Runs a host call that reports failure as -1 and errno (a libc call or a `burrow_*` wrapper of
/// one), retrying it as above; the errno becomes the guest's error.
@inline(__always)
func retryingHostCall<T: BinaryInteger>(_ body: () -> T) throws(GuestErrno) -> T {
    while true {
        let r = body()
        if r >= 0 { return r }
        let e = errno
        if e == EINTR && !interruptNeedsRunLoop() { continue }
        throw GuestErrno(host: e)
    }
}

/// Runs a host call that may block, through a `burrow_blocking_*` function: it returns the raw
/// result (-errno) and is interrupted by a signal of the interrupt mask with no window
/// (burrow_safe_syscall6), even one that arrives just before the kernel is entered. Retried as
/// above.
@inline(__always)
func retryingBlockingCall(_ body: () -> Int) throws(GuestErrno) -> Int {
    try retryingBlockingCall(first: body(), body)
}

/// The same rule for a call already made once (`first`, its raw result): the fast path's thunk
/// makes a deferred host call itself (ToyOSPersonality.hostCall), and any retry comes here.
@inline(__always)
func retryingBlockingCall(first: Int, _ body: () -> Int) throws(GuestErrno) -> Int {
    var r = first
    while r < 0 {
        let e = Int32(truncatingIfNeeded: -r)
        guard e == EINTR && !interruptNeedsRunLoop() else { throw GuestErrno(host: e) }
        r = body()
    }
    return r
}

/// The handlers' names for the two: `try host { ... }`, `try blocking { ... }`, the same in every
/// personality that conforms.
protocol RunsHostCalls {}

extension RunsHostCalls {
    @inline(__always)
    func host<T: BinaryInteger>(_ body: () -> T) throws(GuestErrno) -> T {
        try retryingHostCall(body)
    }

    @inline(__always)
    func blocking(_ body: () -> Int) throws(GuestErrno) -> Int {
        try retryingBlockingCall(body)
    }
}
