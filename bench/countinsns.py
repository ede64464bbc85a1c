# bench/countinsns.py - instructions of one fast-path system call, counted by single-stepping
# (this VM has no hardware counters: `perf stat` cannot count instructions here).
#
#   gdb -q -batch -x bench/countinsns.py --args .build/release/burrow run \
#       foreign-binaries/build/toyos/bench/nullcall 50
#
# A gdb Python script: it stops at the fast path's thunk (burrow_fast_thunk) a few times, then
# steps one instruction at a time until the thunk is entered again (one whole guest loop
# iteration: the guest, the patched stub, the thunk, Burrow's Swift entry and dispatch, the host
# call, the return) and prints the count per function, most first. Guest code has no symbols
# ("(guest)"). Deterministic, unlike time: a change to the Swift side's instruction count shows
# exactly. docs/performance.md section 5 quotes it.
import collections
import gdb

gdb.execute("set pagination off")
gdb.execute("set confirm off")
gdb.execute("handle SIGSEGV nostop noprint pass")   # the trap path's own faults, if any
gdb.execute("break burrow_fast_thunk")
gdb.execute("run")
for _ in range(5):                                   # past the first calls (patching, start-up)
    gdb.execute("continue")
gdb.execute("delete")
thunk = int(gdb.parse_and_eval("(long)&burrow_fast_thunk"))
counts = collections.Counter()
steps = 0
while steps < 5000:
    gdb.execute("stepi", to_string=True)
    steps += 1
    if int(gdb.parse_and_eval("$pc")) == thunk:
        break
    where = gdb.execute("info symbol $pc", to_string=True)
    name = "(guest)" if where.startswith("No symbol") else where.split(" in section")[0].split(" + ")[0].strip()
    counts[name] += 1
print("instructions from one thunk entry to the next: %d" % steps)
for name, n in counts.most_common():
    print("%6d  %s" % (n, name[:140]))
gdb.execute("kill")
