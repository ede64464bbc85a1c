#!/usr/bin/env bash
# check-twins.sh - compare Burrow's test programs with their GNU coreutils
# namesakes on small deterministic scenarios.
#
# Usage: check-twins.sh [RUNNER]
#   With no argument, runs the native Linux twins in foreign-binaries/build/linux/.
#   With RUNNER (e.g. "burrow run"), runs foreign-binaries/build/toyos/NAME as
#   `RUNNER .../NAME ARGS...` instead.
#   BIN_DIR=/some/dir overrides the directory holding the programs.
#   VERBOSE=1 prints every scenario; KEEP=1 keeps the temp directory.
#
# How it works: every scenario is a bash snippet.  It runs twice in the same
# freshly prepared directory ($T/work): once with a PATH whose first entry holds
# a wrapper for each of our programs, once with the ordinary PATH (coreutils).
# Shell builtins that shadow programs (echo, true, false, pwd, printf, test,
# kill) are disabled in both runs.  stdout, stderr and the exit status must be
# identical.  Fixtures are always created with the system's tools.
set -u

here=$(cd "$(dirname "$0")" && pwd)
runner=${1:-}
if [ -n "${BIN_DIR:-}" ]; then
    bin=$BIN_DIR
elif [ -n "$runner" ]; then
    bin=$here/../build/toyos
else
    bin=$here/../build/linux
fi
bin=$(cd "$bin" 2>/dev/null && pwd) || { echo "check-twins: no program directory: $bin" >&2; exit 2; }

export LC_ALL=C TZ=UTC
unset POSIXLY_CORRECT
T=$(mktemp -d /tmp/check-twins.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT

# Wrappers for our programs.
mkdir -p "$T/ours"
for p in "$bin"/*; do
    [ -f "$p" ] && [ -x "$p" ] || continue
    n=$(basename "$p")
    case $n in *.o|*.a|*.sh) continue ;; esac
    if [ -n "$runner" ]; then
        printf '#!/usr/bin/env bash\nexec %s %q "$@"\n' "$runner" "$p" > "$T/ours/$n"
    else
        printf '#!/usr/bin/env bash\nexec %q "$@"\n' "$p" > "$T/ours/$n"
    fi
    chmod +x "$T/ours/$n"
done

# Shared read-only data (outside the work directory): a 10 MiB pseudo-random
# text file for sha256sum, generated deterministically with awk.
D=$T/data
mkdir -p "$D"
awk 'BEGIN { s = 12345; for (i = 0; i < 10485760 / 16; i++) { s = (s * 1103515245 + 12345) % 2147483648; printf "%015d\n", s } }' > "$D/big"
export D

# Fixture for every scenario: a small tree with fixed times.
setup() {
    rm -rf "$T/work"
    mkdir -p "$T/work"
    cd "$T/work" || exit 2
    printf 'alpha beta\ngamma\n\ndelta  epsilon zeta\nAlpha\nbeta\nbeta\ngamma\n' > words.txt
    printf 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n' > lines.txt
    printf 'no newline at end' > nonl.txt
    printf '3\n10\n-2\n10\n2.5\n0\n-0\n1e3\nabc\n  7\n' > nums.txt
    printf 'b\na\nc\na\nb\nb\n' > dups.txt
    : > empty.txt
    mkdir -p dir/sub
    printf 'x\n' > dir/f1
    printf 'hello world\n' > dir/f2
    ln -s f1 dir/link
    chmod 640 dir/f1
    chmod 755 dir/sub
    touch -h -d '2020-01-02 03:04:05' dir/f1 dir/f2 dir/link dir/sub dir words.txt lines.txt
    touch -d '1999-12-31 23:59:59' dir/f2
}

pass=0
fail=0
failed_names=()

# t NAME SNIPPET
t() {
    local name=$1 snippet=$2
    local prelude='enable -n echo true false pwd printf test kill 2>/dev/null; '
    setup
    PATH="$T/ours:$PATH" bash -c "$prelude$snippet" > "$T/o.out" 2> "$T/o.err" < /dev/null
    local ors=$?
    setup
    bash -c "$prelude$snippet" > "$T/r.out" 2> "$T/r.err" < /dev/null
    local rrs=$?
    cd "$T" || exit 2
    if [ $ors -eq $rrs ] && cmp -s "$T/o.out" "$T/r.out" && cmp -s "$T/o.err" "$T/r.err"; then
        pass=$((pass + 1))
        [ -n "${VERBOSE:-}" ] && echo "ok   $name"
    else
        fail=$((fail + 1))
        failed_names+=("$name")
        echo "FAIL $name: $snippet"
        [ $ors -eq $rrs ] || echo "  exit status: ours $ors, coreutils $rrs"
        diff "$T/r.out" "$T/o.out" | sed 's/^/  stdout /' | head -20
        diff "$T/r.err" "$T/o.err" | sed 's/^/  stderr /' | head -10
    fi
}

# --- scenarios ----------------------------------------------------------------
t hello-exists      'command -v hello >/dev/null || true; echo ok'
t echo              'echo hello   world; echo -n no-newline; echo; echo -e "a\tb\\n" -n'
t echo-e            'echo -e "x\ty\nz\\\\ \x41\0101 \c not printed"; echo -E "a\tb"; echo -- -n'
t true-false        'true; echo $?; false; echo $?; true --ignored; echo $?'
t cat               'cat words.txt nonl.txt - < lines.txt'
t cat-n             'cat -n words.txt nonl.txt lines.txt'
t cat-bsE           'cat -b words.txt; cat -s -E words.txt; printf "a\tb\001\n" | cat -A'
t cat-missing       'cat missing words.txt; echo "rc=$?"; cat dir; echo "rc=$?"'
t wc                'wc words.txt'
t wc-multi          'wc words.txt lines.txt nonl.txt empty.txt'
t wc-opts           'wc -l words.txt; wc -w lines.txt nonl.txt; wc -c < lines.txt; wc -lc lines.txt; wc -L words.txt'
t wc-stdin          'wc < words.txt; cat lines.txt | wc; cat lines.txt | wc -l; wc - < nonl.txt'
t wc-missing        'wc missing words.txt; echo "rc=$?"'
t head              'head lines.txt; head -n 3 lines.txt; head -3 lines.txt; head -c 5 lines.txt; echo'
t head-multi        'head -n 2 lines.txt words.txt; head -n -9 lines.txt; head -c -3 nonl.txt; echo; head -q -n1 lines.txt words.txt'
t head-missing      'head missing; echo "rc=$?"; head -n x lines.txt; echo "rc=$?"'
t tail              'tail lines.txt; tail -n 3 lines.txt; tail -n +10 lines.txt; tail -c 6 lines.txt; tail -3 lines.txt; tail -n 2 nonl.txt; echo'
t tail-multi        'tail -n 2 lines.txt words.txt; tail -c +5 nonl.txt; echo; tail -n 1 - < lines.txt'
t tail-missing      'tail missing; echo "rc=$?"'
t pipeline          'seq 1 100 | sort -r | head -3'
t pipeline2         'seq 1 100 | sort -n -r | tail -n 5 | tr "\n" " "; echo'
t seq               'seq 5; seq 3 7; seq 10 -3 1; seq -s, 1 5; seq -w 8 11; seq -w -3 2; seq 5 1; echo "rc=$?"'
t seq-float         'seq 1 0.5 3; seq 0.1 0.3 1'
t seq-errors        'seq; echo "rc=$?"; seq x; echo "rc=$?"; seq 1 0 3; echo "rc=$?"'
t sort              'sort words.txt; sort -r words.txt; sort -u dups.txt'
t sort-n            'sort -n nums.txt; sort -rn nums.txt; sort -nu nums.txt'
t sort-f            'sort -f words.txt; sort -fu words.txt'
t sort-missing      'sort missing; echo "rc=$?"'
t uniq              'uniq dups.txt; sort dups.txt | uniq -c; sort dups.txt | uniq -d; sort dups.txt | uniq -u'
t uniq-i            'sort -f words.txt | uniq -ic; uniq missing; echo "rc=$?"'
t grep              'grep beta words.txt; grep -c beta words.txt; grep -v beta words.txt; grep -n a words.txt'
t grep-i            'grep -i ALPHA words.txt; grep -ic alpha words.txt lines.txt; grep -x beta words.txt; grep -w gam words.txt; echo "rc=$?"'
t grep-multi        'grep -e one -e two lines.txt words.txt; grep -l beta words.txt lines.txt; grep -h e lines.txt nonl.txt'
t grep-status       'grep -q beta words.txt; echo "rc=$?"; grep nothere words.txt; echo "rc=$?"; grep beta missing; echo "rc=$?"; grep -s beta missing words.txt; echo "rc=$?"'
t grep-stdin        'grep -n e < lines.txt; echo x | grep -c ""'
t tr                'tr a-z A-Z < words.txt; tr -d aeiou < words.txt; tr -s " " < words.txt; tr "[:lower:]" "[:upper:]" < lines.txt'
t tr-more           'tr -cd "a-z\n" < words.txt; tr abc x < words.txt; tr -s "a-z" < words.txt; echo hello | tr el "[x*]"'
t tr-errors         'tr; echo "rc=$?"; tr a; echo "rc=$?"'
t ls                'ls; ls -a dir; ls -1 dir; ls -A dir'
t ls-l              'ls -ln dir; ls -lna dir; ls -ln dir/f1 dir/link dir/sub'
t ls-multi          'ls dir dir/sub words.txt; ls -d dir dir/sub; ls -r dir'
t ls-missing        'ls missing dir; echo "rc=$?"'
t cp                'cp words.txt copy.txt && cat copy.txt && cp words.txt lines.txt dir/sub && ls dir/sub && cmp words.txt dir/sub/words.txt && echo same'
t cp-errors         'cp missing x; echo "rc=$?"; cp dir x; echo "rc=$?"; cp words.txt; echo "rc=$?"; cp words.txt words.txt; echo "rc=$?"; cp words.txt lines.txt nodir; echo "rc=$?"; cp words.txt lines.txt words.txt; echo "rc=$?"'
t cp-r              'cp -r dir dir2; ls dir2 dir2/sub; cat dir2/f2'
t mv                'mv words.txt w2 && ls w2 words.txt; echo "rc=$?"; mv w2 lines.txt dir/sub && ls dir/sub'
t mv-errors         'mv missing x; echo "rc=$?"; mv a; echo "rc=$?"; mv words.txt lines.txt nodir; echo "rc=$?"; mv words.txt lines.txt words.txt; echo "rc=$?"'
t rm                'rm words.txt && ls words.txt; echo "rc=$?"; rm missing; echo "rc=$?"; rm -f missing; echo "rc=$?"'
t rm-r              'rm dir; echo "rc=$?"; rm -r dir; echo "rc=$?"; ls; rm; echo "rc=$?"'
t mkdir             'mkdir new && ls -d new; mkdir new; echo "rc=$?"; mkdir -p a/b/c && ls a/b; mkdir x/y; echo "rc=$?"'
t rmdir             'rmdir dir/sub && ls dir; rmdir dir; echo "rc=$?"; rmdir missing; echo "rc=$?"; mkdir -p p/q/r; rmdir -p p/q/r; ls'
t touch             'touch newfile && ls newfile; touch -c ghost; ls ghost; echo "rc=$?"; touch -d "2001-02-03 04:05:06" words.txt && ls -ln words.txt; touch nodir/x; echo "rc=$?"'
t touch-t           'touch -t 200102030405.06 a1 && stat -c "%Y %y" a1; touch -d @1000000000 a2 && stat -c %Y a2'
t ln                'ln -s words.txt s && readlink s && cat s; ln words.txt h && stat -c %h words.txt; ln words.txt h; echo "rc=$?"; ln -s x s; echo "rc=$?"'
t ln-dir            'ln -s ../words.txt dir/sub && ls -ln dir/sub | sed "s/ [A-Z][a-z][a-z] .* words/ DATE words/"'
t readlink          'readlink dir/link; readlink dir/f1; echo "rc=$?"; readlink -f dir/link | sed "s|^$PWD|PWD|"; readlink -f nope/x; echo "rc=$?"'
t realpath          'realpath dir/link dir/../words.txt | sed "s|^$PWD|PWD|"; realpath missing/x; echo "rc=$?"'
t sha256sum         'sha256sum words.txt empty.txt; sha256sum < lines.txt; sha256sum missing; echo "rc=$?"'
t sha256sum-10M     'sha256sum "$D/big"'
t sha256sum-check   'sha256sum words.txt lines.txt > sums && sha256sum -c sums; echo x >> lines.txt; sha256sum -c sums; echo "rc=$?"'
t date              'date -d @0; date -u -d @1234567890; date -d @0 "+%Y-%m-%d %H:%M:%S %Z %z %s %j %a %A %b %B"'
t date-fmt          'date -d @1700000000 "+%c|%D|%e|%F|%T|%I %p|%u %w|%U %W %V %G|%y|%C|%-d|%_m|%^a|%N"; date -R -d @86400; date -d "2021-03-04 05:06:07" +%s'
t date-errors       'date -d nonsense-date-string; echo "rc=$?"'
t date-tz           'for z in Europe/Paris America/St_Johns Asia/Kolkata Australia/Lord_Howe EST5EDT "<+0330>-3:30"; do for s in 0 1711846799 1711846800 1729990800 4102444800; do TZ=$z date -d @$s "+%F %T %Z %z %:z %::z %:::z"; done; done; TZ=Europe/Paris date -d "2024-07-01 12:00" +%s; TZ=Europe/Paris date -d "2024-07-01 12:00 UTC" +%s; TZ=Europe/Paris date -u -d @0'
t stat              'stat -c "%n %s %a %A %F %h %u %g" words.txt dir dir/link empty.txt; stat -c "%y %Y" dir/f2; stat missing; echo "rc=$?"'
t pwd               'cd dir/sub && pwd | sed "s|^$T|T|"'
t basename-dirname  'basename /a/b/c.txt; basename /a/b/c.txt .txt; basename /; basename a/b/; basename -a x/y z/w; dirname /a/b/c; dirname a; dirname /; dirname a/b/ c//d'
t tee               'echo hello | tee out1 out2 && cat out1 out2; echo more | tee -a out1 > /dev/null; cat out1; echo x | tee nodir/f; echo "rc=$?"'
t cmp               'cmp words.txt words.txt; echo "rc=$?"; cmp words.txt lines.txt; echo "rc=$?"; cmp lines.txt dir/f1; echo "rc=$?"; cmp empty.txt lines.txt; echo "rc=$?"; cmp -s words.txt lines.txt; echo "rc=$?"; cmp missing words.txt; echo "rc=$?"'
t printenv          'FOO=bar printenv FOO; printenv NO_SUCH_VAR; echo "rc=$?"'
t env               'env -i A=1 B=2; env -u HOME -i X=y; env -i - Z=1'
# Under a runner the program is a ToyOS binary: it reports ToyOS's own system name and release, by
# design, so only the machine field is compared there.
if [ -n "$runner" ]; then
t uname             'uname -m'
else
t uname             'uname; uname -s; uname -m; uname -snrvm; uname -a'
fi
t yes               'yes | head -n 3; yes hello world | head -n 2'
t sleep             'sleep 0.1; echo "rc=$?"; sleep 0; sleep x; echo "rc=$?"'
t sleep-more        'sleep 0.05s 0.05; echo "rc=$?"; sleep -1; echo "rc=$?"; sleep 1x; echo "rc=$?"; sleep; echo "rc=$?"; timeout 0.2 sleep 10; echo "rc=$?"'
# The shell: ours is a ToyOS program under the runner (its commands are ToyOS programs too: Burrow's
# PATH is the program directory); the reference is the system's /bin/sh.
t sh-pipeline       'sh -c "seq 1 1000 | grep 7 | wc -l"; sh -c "yes | head -1"; sh -c "seq 1 5 | sort -r | head -2 | tr \"\\n\" ,"; echo'
t sh-redirections   'sh -c "echo a > f; echo b >> f; cat < f; cat missing 2>&1 | wc -l; ls missing 2>&1 >/dev/null | wc -l; cat f 1>&2" 2>err; cat err'
t sh-lists          'sh -c "false && echo no || echo yes; true || echo no; true && echo and; ! false; echo \$?; false; echo \$?; ! true; echo \$?"'
t sh-status         'sh -c "exit 3"; echo "rc=$?"; sh -c "nosuchcmd 2>/dev/null; echo \$?"; sh -c "true; exit"; echo "rc=$?"; sh -c "false"; echo "rc=$?"'
t sh-quoting        'sh -c '"'"'x="a  b"; echo $x "$x" '"'\\''"'$x'"'\\''"' \$x "\$x" a\ \ b "it'"'\\''"'s"'"'"''
t sh-vars           'sh -c '"'"'A=1; B="$A$A"; echo $A ${B} ${C:-dflt} ${A:+set} ${#B} x${C}y; export B; sh -c "echo \$B \$A."'"'"''
t sh-args           'sh -c '"'"'echo $0 $1 $2 $#; echo "$@"; echo "$*"'"'"' zero one "two three"'
t sh-subst          'sh -c '"'"'echo $(echo a $(echo b)) `echo c` "$(seq 1 3 | wc -l)"; x=$(seq 2); echo $x'"'"''
t sh-subst-once     'sh -c "echo x > log; cat \$(echo run >> log2; echo log); cat log2"'
t sh-syntax-first   'sh -c "echo x; echo \"unterminated" 2>/dev/null; echo "rc=$?"; sh -c "echo y; ;" 2>/dev/null; echo "rc=$?"; sh -c "echo a && (echo b" 2>/dev/null; echo "rc=$?"; printf "echo z; echo w\necho \"open\n" > s2.sh; sh s2.sh 2>/dev/null; echo "rc=$?"; sh -c "$(printf "echo line1\nif true; then echo in\nfi; echo \"no")" 2>/dev/null; echo "rc=$?"'
t sh-background     'sh -c "sleep 0.1 & echo started; wait; echo waited \$?"; sh -c "(exit 4) & wait \$!; echo \$?"'
t sh-pid            'sh -c "echo \$\$ \$\$" | tr " " "\n" | uniq | wc -l'
t sh-cd             'sh -c "cd dir/sub && pwd; cd ..; pwd; cd nowhere 2>/dev/null || echo failed" | sed "s|^$PWD|PWD|"'
t sh-script         'printf "echo one\necho \$1 \$#\n# a comment\nexit 5\n" > s.sh; sh s.sh two three; echo "rc=$?"; sh missing.sh 2>/dev/null || echo failed'
t sh-subshell       'sh -c "(echo in; exit 2); echo \$?; echo a | (cat; echo b) | wc -l"'
t sh-errexit        'sh -ec "echo a; false; echo b"; echo "rc=$?"; sh -c "set -e; false || echo tested; ! true; false && echo no; echo end"; echo "rc=$?"'
t sh-if             'sh -c "if true; then echo yes; else echo no; fi; if false; then echo 1; elif ls missing 2>/dev/null; then echo 2; else echo 3; fi; if false; then :; fi; echo \$?"'
t sh-loops          'sh -c "for i in a b \"c d\"; do echo \"<\$i>\"; done; for x in 1 2 3; do for y in a b; do echo \$x\$y; break; done; continue; echo no; done; until true; do :; done; echo \$?"'
t sh-while-read     'seq 1 3 | sh -c "while read x; do echo got \$x; done"; printf "a b  c \\n" | sh -c "read x y; echo \"\$x|\$y\""; sh -c "for x in 1 2; do echo \$x; done | wc -l"'
t sh-script-loops   'printf "for f in \"\$@\"\ndo\n  if cat \$f >/dev/null 2>&1\n  then echo ok \$f\n  else echo bad \$f\n  fi\ndone\n" > s.sh; sh s.sh words.txt nothere dir/f1'
t sh-glob           'sh -c "echo dir/f*; echo *.nothing; echo \"*.txt\"" '
t env-cmd           'env A=1 B=2 sh -c "echo \$A \$B"; env -u HOME printenv HOME; echo "rc=$?"; env nosuch; echo "rc=$?"; env A=x printenv A'
t xargs             'seq 1 10 | xargs; seq 1 10 | xargs -n 3; seq 1 5 | xargs -I{} echo x{}y; printf "a b\nc  d\n e\n" | xargs -L 1 echo'
t xargs-quotes      'printf "a \"b c\" d\\\\ e '"'"'f g'"'"'\n" | xargs -n1; printf "a\0b c\0" | xargs -0 -n1 echo; echo "a '"'"'b" | xargs; echo "rc=$?"'
t xargs-status      'echo | xargs; echo | xargs -r echo hi; seq 1 3 | xargs -t echo; echo a | xargs nosuch; echo "rc=$?"; echo a | xargs false; echo "rc=$?"; seq 1 3 | xargs -n 2 sh -c "exit 255"; echo "rc=$?"'
t timeout           'timeout 5 true; echo "rc=$?"; timeout 0.2 sleep 10; echo "rc=$?"; timeout 5 sh -c "exit 7"; echo "rc=$?"; timeout 1 nosuch; echo "rc=$?"; timeout x sleep 1; echo "rc=$?"; timeout 5; echo "rc=$?"'
t timeout-kill      '{ timeout -s KILL 0.2 sleep 10; } 2>/dev/null; echo "rc=$?"; { timeout -k 0.5 2 sh -c "trap \"\" TERM; sleep 10"; } 2>/dev/null; echo "rc=$?"'
t nohup             'nohup echo hi; echo "rc=$?"; nohup nosuch; echo "rc=$?"; nohup; echo "rc=$?"; nohup sh -c "kill -HUP \$\$; echo survived"'
t kill              'kill -0 $$; echo "rc=$?"; kill 99999999; echo "rc=$?"; kill abc; echo "rc=$?"; sleep 10 & kill $!; wait $!; echo "rc=$?"; sleep 10 & kill -s TERM $!; wait $!; echo "rc=$?"'
# Signal numbers are the system's own: on ToyOS, TERM is 2 and KILL 3 (docs/abi.md 10.10).
if [ -z "$runner" ]; then
t kill-l            'kill -l TERM; kill -l 9; kill -s TERM 99999999; echo "rc=$?"; kill -l FOO; echo "rc=$?"'
t timeout-signal    'timeout --preserve-status 0.2 sleep 10; echo "rc=$?"; timeout --foreground -s KILL 0.2 sleep 10; echo "rc=$?"'
fi
t usage-errors      'head -Q 2>&1; echo "rc=$?"; cat -Z; echo "rc=$?"; grep; echo "rc=$?"; ls -j; echo "rc=$?"; sort -Z; echo "rc=$?"'

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
