# bzip2 scenarios: each "t NAME 'COMMANDS'" runs COMMANDS in bash in a fresh directory holding
# copies of the source package's sample files, with `bz` the bzip2 under test (argv[0] "bzip2").
# Output, errors and status must equal those of Debian's own bzip2 binary.
t levels      'for l in 1 2 3 4 5 6 7 8 9; do bz -$l -c sample3.ref | cksum; done'
t files       'cp sample1.ref a; touch -d "2020-01-02 03:04:05" a; chmod 640 a; bz -k a; ls; stat -c "%n %a %Y" a a.bz2; bz -t a.bz2; echo t=$?; bz -d -c a.bz2 | cmp - a && echo same'
t decompress  'cp sample2.bz2 x.bz2; bz -d x.bz2; ls; cksum x; bz -d x; echo rc=$?'
t force       'echo data > f; bz f; echo rc=$?; echo data > f; bz f; echo rc=$?; bz -f f; echo rc=$?; ls'
t stdio       'printf "hello world\n" | bz | bz -d; printf "" | bz | cksum; bz -c < /dev/null | bz -dc | wc -c'
t missing     'bz nosuch; echo rc=$?; bz -d nosuch.bz2; echo rc=$?'
t not-bzip2   'cp sample1.ref plain.bz2; bz -d plain.bz2; echo rc=$?; bz -t plain.bz2; echo rc=$?; ls'
t corrupt     'cp sample1.bz2 c.bz2; printf "XXXX" | dd of=c.bz2 bs=1 seek=5000 conv=notrunc 2>/dev/null; bz -t c.bz2; echo rc=$?'
t truncated   'head -c 20000 sample1.bz2 > tr.bz2; bz -dc tr.bz2 > /dev/null; echo rc=$?'
t multi       'bz -c sample1.ref > m.bz2; bz -c sample2.ref >> m.bz2; bz -dc m.bz2 | cksum; cat sample1.ref sample2.ref | cksum'
t verbose     'bz -v -k sample2.ref 2>&1 | sed "s/ *[0-9.]*:1,.*//"; bz -tvv sample2.ref.bz2 2>&1 | head -3'
t small       'bz -s -c sample1.ref | bz -ds | cksum; bz -dq < sample3.bz2 | cksum'
t options     'bz --bogus; echo rc=$?; bz -L | head -3; echo rc=$?'
