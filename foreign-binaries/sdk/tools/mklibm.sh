#!/usr/bin/env bash
# mklibm.sh MUSL_LIBC_A OUT_LIBM_A HEADER...
#
# Builds the SDK's libm from the math objects of Debian's musl-dev (/usr/lib/x86_64-linux-musl/libc.a):
#   1. the roots are the functions declared one per line in HEADER... (math.h, fenv.h, complex.h);
#   2. take the archive members defining them, then, transitively, the members defining every symbol
#      they use (__sin, __rem_pio2, scalbn, ...). Whatever is still undefined must be in ALLOWED (the
#      SDK libc provides it); anything else fails the build (a math object making system calls,
#      touching errno or musl's internals would show up here);
#   3. Debian builds musl with -fstack-protector-strong, so some objects read the canary at %fs:0x28.
#      ToyOS code must never touch FS; the SDK keeps its canary at %gs:0x28 (docs/abi.md section 5).
#      Each such instruction's segment-override prefix is rewritten from 0x64 (FS) to 0x65 (GS), at
#      the offsets the disassembler reports; then the result is checked: no %fs operand left, every %gs
#      operand is %gs:0x28, no other hardening reference (__*_chk other than __stack_chk_fail);
#   4. archive the objects.
set -euo pipefail
export LC_ALL=C
musl=$1 out=$(realpath -m "$2"); shift 2
# Symbols the SDK libc, compiler-rt (complex multiplication) or the linker provide.
ALLOWED=" __stack_chk_fail memcpy memset memmove _GLOBAL_OFFSET_TABLE_ __muldc3 __mulsc3 __mulxc3 __divdc3 __divsc3 __divxc3 "

die() { echo "mklibm: $*" >&2; exit 1; }
[[ -f $musl ]] || die "$musl missing: install Debian's musl-dev (make deps, or apt-get install musl-dev)"
command -v llvm-ar >/dev/null && command -v llvm-nm >/dev/null && command -v llvm-objdump >/dev/null \
    || die "llvm-ar, llvm-nm and llvm-objdump are needed (they ship with Swift)"
# Section file offsets: llvm-readelf if there is one, else binutils' readelf (same output format).
readelf=$(command -v llvm-readelf || command -v readelf) || die "readelf (binutils) or llvm-readelf is needed"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Roots: "type name(args);" lines of the headers.
sed -nE 's/^[a-z][a-zA-Z_ ]*[ *]([a-z_0-9]+)\(.*\);$/\1/p' "$@" | sort -u > "$tmp/roots"
[[ -s $tmp/roots ]] || die "no function declarations found in $*"

# member<TAB>symbol tables of the archive: definitions and references.
llvm-nm -A --defined-only --extern-only "$musl" 2>/dev/null |
    awk '{ split($1, p, ":"); m = p[2]; print m "\t" $NF }' | sort -u > "$tmp/defs"
llvm-nm -A --undefined-only "$musl" 2>/dev/null |
    awk '{ split($1, p, ":"); m = p[2]; print m "\t" $NF }' | sort -u > "$tmp/undefs"
# A member name that occurs twice in the archive would be ambiguous to extract.
llvm-ar t "$musl" | sort | uniq -d > "$tmp/dups"

missing=$(join -v1 "$tmp/roots" <(cut -f2 "$tmp/defs" | sort -u) || true)
[[ -z $missing ]] && : || die "musl does not define: $(echo $missing)"

# The closure.
awk -F'\t' 'NR==FNR { want[$1] = 1; next } ($2 in want) { print $1 }' "$tmp/roots" "$tmp/defs" | sort -u > "$tmp/members"
while :; do
    awk -F'\t' -v allowed="$ALLOWED" 'NR==FNR { m[$1] = 1; next }
        ($1 in m) && index(allowed, " " $2 " ") == 0 { print $2 }' "$tmp/members" "$tmp/undefs" | sort -u > "$tmp/needed"
    awk -F'\t' 'NR==FNR { n[$1] = 1; next } ($2 in n) { print $1 }' "$tmp/needed" "$tmp/defs" |
        cat - "$tmp/members" | sort -u > "$tmp/members2"
    cmp -s "$tmp/members" "$tmp/members2" && break
    mv "$tmp/members2" "$tmp/members"
done
awk -F'\t' 'NR==FNR { m[$1] = 1; next } ($1 in m) { print $2 }' "$tmp/members" "$tmp/defs" | sort -u > "$tmp/defined"
unresolved=$(join -v1 "$tmp/needed" "$tmp/defined")
[[ -z $unresolved ]] || die "the math objects need symbols the SDK does not provide: $(echo $unresolved)"
dup=$(join "$tmp/members" "$tmp/dups" || true)
[[ -z $dup ]] || die "ambiguous archive members: $dup"

mkdir "$tmp/o"
(cd "$tmp/o" && xargs llvm-ar x "$musl" < "$tmp/members")

# Rewrite %fs:0x28 to %gs:0x28. objdump prints per section "Disassembly of section NAME:" and
# instructions as "  ADDR: BYTES  mnemonic operands"; the section's file offset comes from the
# section headers.
patched=0
for o in "$tmp"/o/*; do
    llvm-objdump -d "$o" | awk '
        /^Disassembly of section / { sec = $4; sub(/:$/, "", sec); next }
        /%fs/ { addr = $1; sub(/:$/, "", addr); print sec, addr, $2, $0 }' > "$tmp/fs" || true
    [[ -s $tmp/fs ]] || continue
    while read -r sec addr byte rest; do
        [[ $byte == 64 && $rest == *'%fs:0x28'* || $byte == 64 && $rest == *'%fs:40'* ]] \
            || die "$(basename "$o"): unexpected FS use: $rest"
        # (awk reads to the end: with pipefail, an awk that exits at the match (gawk does at once)
        # leaves readelf writing to a closed pipe, and its EPIPE failure (llvm-readelf: status 74)
        # ends the build.)
        off=$("$readelf" -S -W "$o" | awk -v s="$sec" '!found { for (i = 1; i <= NF; i++) if ($i == s) { print $(i + 3); found = 1; break } }')
        [[ -n $off ]] || die "$(basename "$o"): no section $sec"
        pos=$(( 0x$off + 0x$addr ))
        printf '\x65' | dd of="$o" bs=1 seek="$pos" conv=notrunc status=none
        patched=$((patched + 1))
    done < "$tmp/fs"
done

# Verify.
dis=$(cd "$tmp/o" && llvm-objdump -d ./*)
if grep -q '%fs' <<<"$dis"; then die "an FS reference survived"; fi
if grep '%gs' <<<"$dis" | grep -vqE '%gs:(0x28|40)\b'; then die "a GS reference other than the canary"; fi
if (cd "$tmp/o" && llvm-nm -u ./*) | awk '{ print $NF }' | grep -E '^__.*_chk' | grep -vqx '__stack_chk_fail'; then
    die "a fortify reference"
fi

rm -f "$out"
(cd "$tmp/o" && llvm-ar rcs "$out.tmp" ./*)
mv "$out.tmp" "$out"
echo "mklibm: $(wc -l < "$tmp/roots") functions, $(wc -l < "$tmp/members") objects from $musl, $patched canary reads moved from %fs to %gs"
