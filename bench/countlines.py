# bench/countlines.py - the cache lines one traced call touches, by single-stepping under gdb (this
# VM has no hardware counters, so neither `perf stat` nor `perf mem` can say it).
#
#   head -c 8M /dev/urandom > /tmp/in.bin      # an input of more than SKIP (50) reads of 4 KiB
#   gdb -q -batch -x bench/countlines.py --args .build/release/burrow run --trace-file /tmp/t \
#       foreign-binaries/build/toyos/bench/seqread /tmp/in.bin 2>/dev/null
#
# (2>/dev/null hides gdb's hundreds of "Could not find DWO CU" warnings; a run takes seconds.)
#
# A gdb Python script. It lets the program run to the ENTRY function's SKIP-th call (default: the
# quick lane's observer, burrow_lane_trace_observe, which a traced lane call enters after its host
# call: everything the trace adds to a read or a write; SKIP 50; Swift's observer,
# ToyOSPersonality.fastObserve, which it hands what it does not render, by its mangled name,
# `$s14BurrowSyscalls16ToyOSPersonalityC11fastObserve...`), then steps one instruction
# at a time until that call returns, and computes every memory operand's address (base, index,
# scale, displacement, rip-relative, fs; push, pop, call and ret's stack slot; a string
# instruction's through the operands gdb prints for it, at each step). It prints the steps and
# code lines per function (names demangled when swift-demangle is on PATH), the distinct code and
# data lines (64 bytes) and pages, how the lines fall into the 64 sets of the L1 data cache
# (address bits 6-11: lines of one set beyond its 8 ways evict each other), and with VERBOSE=1
# every line with its mapping and the first instruction that touched it. Counts vary by a few
# per cent from run to run (which bytes the buffer holds, where the line falls in the trace file's
# window).
#
# Two things differ from a run at full speed. EventClock's exact reading (burrow_event_clock_exact), which a
# real run takes once every ~1.6 ms, is taken on every stepped event (the counter has moved on too
# far): the script returns from it at once with 0 and does not count it, so the stepped event's
# duration in the trace file is nonsense. And a `rep movs` counts one step per byte it moves (so
# "steps" overstates the instructions a little). The kernel's side (the host call itself) is not
# seen. docs/performance.md section 3 ("Session 26") quotes it.
#
# ENTRY=burrow_fast_thunk RETURN=0 counts from one entry of a function to its next instead (one
# guest loop iteration through the thunk), as bench/countinsns.py does for instructions. (Not
# burrow_quick_lane: a single-stepped call carries the trap flag, and the thunk's checks then
# send every later call down the thunk's own path, so the quick lane is not entered again.)
# Other settings: SKIP (calls let run first), CAP (steps at most, 50000).
import collections
import os
import re

import gdb

ENTRY = os.environ.get("ENTRY", "burrow_lane_trace_observe")
TO_RETURN = os.environ.get("RETURN", "1") == "1"
CAP = int(os.environ.get("CAP", "50000"))
SKIPPED_FUNCTIONS = re.compile(r"burrow_event_clock_exact|clock_pair|clock_gettime")

gdb.execute("set pagination off")
gdb.execute("set confirm off")
gdb.execute("set suppress-cli-notifications on")   # (no location printed at every step)
gdb.execute("handle SIGSEGV nostop noprint pass")   # the trap path's own faults, if any
# At the function's first instruction (`break *`: its return address on top of the stack), where
# gdb's own `break NAME` stops after the prologue; a Swift symbol (`$s...`) by name.
gdb.execute(("break " if ENTRY.startswith("$") else "break *") + ENTRY, to_string=True)
gdb.execute("run", to_string=True)
SKIP = int(os.environ.get("SKIP", "50"))
for done in range(SKIP):
    try:
        gdb.execute("continue", to_string=True)
    except gdb.error:
        print("countlines: the program ended when it had reached ENTRY %d times, before SKIP=%d: give it a"
              " larger input (or a smaller SKIP)" % (done + 1, SKIP))
        gdb.execute("quit 2")
gdb.execute("delete")
entry = int(gdb.parse_and_eval("(long)&" + ENTRY))
return_address = int(gdb.parse_and_eval("*(unsigned long *)$rsp"))
entry_rsp = int(gdb.parse_and_eval("(unsigned long)$rsp"))

NARROW = {"eax": "rax", "ebx": "rbx", "ecx": "rcx", "edx": "rdx", "esi": "rsi", "edi": "rdi", "ebp": "rbp", "esp": "rsp"}


def reg(name):
    name = NARROW.get(name.lstrip("%"), name.lstrip("%"))
    if re.match(r"r\d+d$", name):
        name = name[:-1]
    return int(gdb.parse_and_eval("(unsigned long)$" + name)) & 0xFFFFFFFFFFFFFFFF


def symbol(pc):
    where = gdb.execute("info symbol 0x%x" % pc, to_string=True)
    return "(guest)" if where.startswith("No symbol") else where.split(" in section")[0].split(" + ")[0].strip()


FS_ABSOLUTE = re.compile(r"%fs:(0x[0-9a-f]+)(?!\()")
OPERAND = re.compile(r"(?:%(fs|gs):)?(-?0x[0-9a-f]+|-?\d+)?\((%\w+)?(?:,(%\w+)(?:,(\d))?)?\)")
functions = collections.Counter()
code_of = collections.defaultdict(set)   # the code lines each function ran from
code, data = set(), {}
names = {}
steps = skipped = 0
while steps < CAP:
    pc = reg("rip")
    if steps > 0 and (pc == return_address and reg("rsp") > entry_rsp if TO_RETURN else pc == entry):
        break
    name = names.get(pc) or names.setdefault(pc, symbol(pc))
    if SKIPPED_FUNCTIONS.search(name):
        # Return at once (the caller gets 0 in rax: the clock keeps its last reading).
        ret = int(gdb.parse_and_eval("*(unsigned long *)$rsp"))
        gdb.execute("set $rsp = $rsp + 8", to_string=True)
        gdb.execute("set $rax = 0", to_string=True)
        gdb.execute("set $pc = 0x%x" % ret, to_string=True)
        skipped += 1
        continue
    text = gdb.execute("x/i $pc", to_string=True)
    # `=> 0x...  <symbol+N>:\tinstruction` (a C++ symbol may hold `::`: split at the tab).
    ins = text.split(":\t", 1)[1].strip() if ":\t" in text else ""
    op = ins.split()[0] if ins else ""
    functions[name] += 1
    code.add(pc >> 6)
    code_of[name].add(pc >> 6)
    addresses = []
    # (No lea or nop, also a nop behind prefixes: `data16 cs nopw 0x0(%rax,%rax,1)`; the
    # mnemonic's tokens only, not a symbol's name. A prefetch brings its line in: counted.)
    mnemonic = [t for t in ins.split() if not t.startswith(("%", "$", "0x", "-", "(", "<", "#", "*"))][:3]
    if not (op.startswith("lea") or any(t.startswith("nop") for t in mnemonic)):
        for m in FS_ABSOLUTE.finditer(ins):   # %fs:0x28 (thread-local storage, no register)
            addresses.append((int(gdb.parse_and_eval("(unsigned long)$fs_base")) + int(m.group(1), 16)) & 0xFFFFFFFFFFFFFFFF)
        for m in OPERAND.finditer(ins.split("#")[0].split("<")[0]):   # (not the comment or a symbol's text)
            seg, disp, base, index, scale = m.groups()
            if base is None and index is None:
                continue   # `()` or `(...)` that is no memory operand
            if base == "%rip":
                target = re.search(r"# (0x[0-9a-f]+)", ins)   # (gdb's comment gives the address)
                if target:
                    addresses.append(int(target.group(1), 16))
                continue
            a = int(disp, 16) if disp and "0x" in disp else int(disp or 0)
            if base:
                a += reg(base)
            if index:
                a += reg(index) * int(scale or 1)
            if seg == "fs":
                a += int(gdb.parse_and_eval("(unsigned long)$fs_base"))
            addresses.append(a & 0xFFFFFFFFFFFFFFFF)
    if op.startswith("push") or op.startswith("call"):
        addresses.append(reg("rsp") - 8)
    if op.startswith("pop") or op.startswith("ret"):
        addresses.append(reg("rsp"))
    size = 64 if "zmm" in ins else 32 if "ymm" in ins else 16 if "xmm" in ins else 8
    for a in addresses:
        for line in {a >> 6, (a + size - 1) >> 6}:
            data.setdefault(line, "%s | %s" % (name[:90], ins[:50]))
    gdb.execute("stepi", to_string=True)
    steps += 1


def pages(lines):
    return len({line >> 6 for line in lines})


if steps >= CAP:
    print("stopped after CAP=%d steps, before %s: the counts below are of a part"
          % (CAP, "the call returned" if TO_RETURN else "ENTRY was reached again"))
print("steps %d (instructions; a `rep` string instruction counts once per element; EventClock's exact"
      " reading returned from %d times, not counted)" % (steps, skipped))
print("code lines %d on %d pages; data lines %d on %d pages" % (len(code), pages(code), len(data), pages(data)))
sets = collections.Counter(line & 63 for line in data)
print("data lines per L1 set, the fullest: %s" % ", ".join("set %d: %d" % kv for kv in sets.most_common(8)))

def demangled(names):
    """Swift's names readable (swift-demangle --simplified), or as they are without it."""
    import shutil
    import subprocess
    tool = shutil.which("swift-demangle")
    if not tool or not names:
        return names
    out = subprocess.run([tool, "--simplified"], input="\n".join(names) + "\n", text=True,
                         stdout=subprocess.PIPE).stdout.splitlines()
    return out if len(out) == len(names) else names


print(" steps  code lines  function")
ranked = functions.most_common()
for (raw, n), name in zip(ranked, demangled([name for name, _ in ranked])):
    print("%6d  %10d  %s" % (n, len(code_of[raw]), name[:140]))
if os.environ.get("VERBOSE") == "1":
    mappings = []
    for row in gdb.execute("info proc mappings", to_string=True).splitlines():
        f = row.split()
        if len(f) >= 5 and f[0].startswith("0x"):
            mappings.append((int(f[0], 16), int(f[1], 16), os.path.basename(f[-1]) if f[-1].startswith("/") or f[-1].startswith("[") else "(anonymous)"))

    def mapping(a):
        for lo, hi, n in mappings:
            if lo <= a < hi:
                return "%s+0x%x" % (n, a - lo)
        return "?"

    for line in sorted(data):
        print("data %016x set %2d %-28s %s" % (line << 6, line & 63, mapping(line << 6), data[line]))
gdb.execute("kill")
