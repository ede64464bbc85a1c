# toybox scenarios: each "t NAME 'COMMANDS'" runs COMMANDS in bash in a fresh directory holding
# words.txt and nums.txt, the commands named being shell functions that run toybox's (or, for the
# reference, plain GNU coreutils/sed/grep). Standard output and exit status must equal GNU's; for
# the toybox built with toyos-cc under Burrow, standard error too must equal the host-cc toybox's.
# Only behaviour POSIX specifies (where GNU and toybox agree) is compared with GNU.
t cat         'cat words.txt nums.txt; cat nosuch; echo rc=$?; printf "a\n\nb\n" | cat - words.txt | cat -u'
t head-tail   'head -n 3 words.txt; head -c 10 nums.txt; echo; tail -n 2 words.txt; tail -n +5 nums.txt; tail -c 7 words.txt'
t wc          'wc -l < nums.txt; wc -w < words.txt; wc -c < words.txt; cat words.txt | wc -l'
t sort        'sort words.txt; sort -r words.txt; sort -n nums.txt; sort -rn nums.txt | head -3; sort -u words.txt; sort -t: -k2,2n keys.txt'
t uniq        'sort words.txt | uniq; sort words.txt | uniq -c; sort words.txt | uniq -d; sort words.txt | uniq -u'
t cut-tr      'cut -d: -f2 keys.txt; cut -c1-3 words.txt; tr a-z A-Z < words.txt; tr -d aeiou < words.txt; tr -s "a-z" < words.txt; echo hello | tr el ip'
t seq         'seq 5; seq 3 2 11; seq -s, 1 4; seq 10 -3 1; seq -w 8 11'
t paths       'basename /a/b/c.txt; basename /a/b/c.txt .txt; basename /; dirname /a/b/c; dirname a; dirname /'
t echo-printf 'echo a b c; echo -n x; echo; printf "%s-%d-%5.2f|%x|%o|%c\n" str 42 3.14159 255 8 z; printf "%s\n" one two three; printf "%03d %-4s|\n" 7 ab'
t od          'printf "ABC\001\377" | od -An -tx1; printf "hello" | od -c; printf "abcdefgh" | od -An -tx1 -v'
t cmp         'cmp words.txt words.txt; echo rc=$?; cp words.txt w2; echo extra >> w2; cmp -s words.txt w2; echo rc=$?; cmp -s nums.txt words.txt; echo rc=$?'
t tee         'echo teed | tee t1 t2; cat t1 t2; echo more | tee -a t1 > /dev/null; cat t1'
t files       'mkdir -p d/e/f; touch d/a d/e/b; ls d; ls -1 d/e; cp words.txt d/w; mv d/w d/e/w2; ls d/e; ln -s words.txt sl; ln words.txt hl; cat sl | wc -l; ls; rm d/a; rmdir d/e/f; rm -r d; ls; rmdir nosuch 2>/dev/null; echo rc=$?'
t cp-mv       'cp -R words.txt nums.txt keys.txt; echo rc=$?; mkdir x; cp words.txt nums.txt x; ls x; mv x y; ls; cp -r y z; ls z; mv nosuch q 2>/dev/null; echo rc=$?'
t sed         'sed -n 2p words.txt; sed s/a/A/g words.txt; sed -e "1d" -e "s/^/> /" nums.txt; sed -n "/an/p" words.txt; sed "2,4!d" words.txt; sed -E "s/([a-z]+):([0-9]+)/\2 \1/" keys.txt; printf "x\ny\n" | sed "\$a\\
end"'
t grep        'grep an words.txt; grep -c an words.txt; grep -v an words.txt; grep -n ^c words.txt; grep -E "^(apple|kiwi)$" words.txt; grep -i BANANA words.txt; grep -l an words.txt nums.txt; grep nosuch words.txt; echo rc=$?; grep -F . keys.txt | head -2; grep -w 1 nums.txt'
t text        'paste words.txt nums.txt | head -4; sort -u words.txt > s1; printf "apple\nfig\n" > s2; comm s1 s2; fold -w 3 words.txt | head -5; tac nums.txt | head -3; expand <<< "a	b	c"; printf "%s\n" x y | paste -s -d,'
t misc        'true; echo $?; false; echo $?; test -d . && echo dir; test -f nosuch || echo none; expr 3 + 4; expr 7 \* 6; cksum words.txt'
