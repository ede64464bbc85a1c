#!/usr/bin/env bash
# zlib 1.2.13 from Debian's zlib source package, configured with its own ./configure --static and
# built with its own Makefile three times: ToyOS (CC=toyos-cc), the native twin (TOYOS_TARGET=linux)
# and the host's cc with glibc. Checked with the package's own tests:
#   - `make teststatic`, with the Makefile's emulator hook QEMU_RUN="burrow run" for ToyOS
#     (minigzip round trip, then test/example: compress, gz files, inflate/deflate, dictionaries);
#   - test/infcover (inflate's coverage test) and test/example: same output as the host build;
#   - test/minigzip against Debian's gzip: what minigzip compresses gzip decompresses and the reverse,
#     and the three builds write identical bytes.
# No source file is changed.
. "$(dirname "$0")/../lib.sh"
out=$PB/zlib

if ! fetch_source zlib; then notrun zlib "source: $REASON"; exit 0; fi

built=()
for target in toyos linux host; do
    dir=$out/$target
    if stale "$dir/src/infcover" "$0" "$SRC/Makefile.in"; then
        rm -rf "$dir"; mkdir -p "$dir"
        cp -R "$SRC" "$dir/src"
        case $target in
            toyos) env=(TOYOS_TARGET=toyos CC="$SDKBIN/toyos-cc" AR="$SDKBIN/toyos-ar" RANLIB="$SDKBIN/toyos-ranlib") ;;
            linux) env=(TOYOS_TARGET=linux CC="$SDKBIN/toyos-cc" AR="$SDKBIN/toyos-ar" RANLIB="$SDKBIN/toyos-ranlib") ;;
            host)  env=(CC="${HOSTCC:-cc}") ;;
        esac
        if ! (cd "$dir/src" && env "${env[@]}" CFLAGS=-O2 ./configure --static && \
              env "${env[@]}" make libz.a example minigzip infcover) > "$dir/build.log" 2>&1; then
            fail "zlib build ($target)" "$(grep -m1 -iE 'error' "$dir/build.log")"
            rm -f "$dir/src/infcover"
            continue
        fi
    fi
    built+=("$target")
done

T=$(mktemp -d /tmp/ports-zlib.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
runner_for() { [ "$1" = toyos ] && echo "$BURROW run"; }
label_for() { case $1 in toyos) echo Burrow ;; linux) echo twin ;; *) echo host ;; esac; }

for target in "${built[@]}"; do
    src=$out/$target/src
    label=$(label_for "$target")
    # The Makefile's own test, through its emulator hook.
    if (cd "$src" && make teststatic QEMU_RUN="$(runner_for "$target")") > "$T/teststatic-$target" 2>&1 &&
       grep -q '\*\*\* zlib test OK \*\*\*' "$T/teststatic-$target"; then
        pass "zlib make teststatic ($label)"
    else
        fail "zlib make teststatic ($label)" "$(tail -1 "$T/teststatic-$target")"
    fi
    for prog in example infcover; do
        # shellcheck disable=SC2046
        run_in "$T/$prog/$target" /dev/null $(runner_for "$target") "$src/$prog" tmpfile.gz
    done
    # minigzip: compress stdin and files, and decompress what gzip wrote (argv[0] "minigzip": it is
    # in the messages).
    if [ "$target" = toyos ]; then mini="\"$BURROW\" run --argv0 minigzip \"$src/minigzip\" \"\$@\""
    else mini="(exec -a minigzip \"$src/minigzip\" \"\$@\")"; fi
    run_in "$T/mini/$target" /dev/null bash -c '
        run() { '"$mini"'; }
        cp "$0/ChangeLog" c; cp "$0/zlib.h" h
        run < c > c1.gz; run -9 < c > c9.gz; run -1 < h > h1.gz; cksum c1.gz c9.gz h1.gz
        gzip -dc c1.gz | cmp - c && gzip -dc c9.gz | cmp - c && echo gzip reads minigzip
        gzip -9 -c h | run -d | cmp - h && echo minigzip reads gzip
        run h; echo rc=$?; ls h*; run -d h.gz; echo rc=$?; cmp h "$0/zlib.h" && echo round trip
        run -d nosuch.gz; echo rc=$?
        echo not gzip > bad.gz; run -d < bad.gz; echo rc=$?' "$SRC"
done

for prog in example infcover mini; do
    for target in toyos linux; do
        [ -d "$T/$prog/$target" ] && [ -d "$T/$prog/host" ] || continue
        same "zlib $prog ($(label_for $target) vs host cc)" "$T/$prog/host" "$T/$prog/$target"
    done
done
# The host build's minigzip against Debian's gzip, checked above in every run: make sure it said so.
for target in "${built[@]}"; do
    if grep -q 'gzip reads minigzip' "$T/mini/$target/out" && grep -q 'minigzip reads gzip' "$T/mini/$target/out"; then
        pass "zlib minigzip and Debian's gzip read each other ($(label_for "$target"))"
    else
        fail "zlib minigzip and Debian's gzip ($(label_for "$target"))" "see $T/mini/$target"
    fi
done
