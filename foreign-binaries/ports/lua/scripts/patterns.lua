-- Patterns: find/match/gmatch/gsub with classes, anchors, captures, %b, %f, back-references.
local text = "The quick brown fox jumps over the lazy dog; 42 apples, 7 pears. key=value; k2 = v2"
print(text:find("quick"), text:find("%d+"), text:match("(%a+) fox"), text:match("^The"), text:match("dog$"))
for k, v in text:gmatch("(%w+)%s*=%s*(%w+)") do print("pair", k, v) end
for n in text:gmatch("%d+") do io.write(n, ";") end print()
print(text:gsub("%w+", string.upper, 3))
print(text:gsub("(%w+) (%w+)", "%2 %1", 2))
print(("hello world"):gsub("o", { o = "0" }), ("abc"):gsub("", "-"), ("abc"):gsub(".", { a = 1, b = false }))
print(("THE (quick) fox"):find("%((%a+)%)"), ("f(a(b)c)d"):match("%b()"), ("[[x]]"):match("%[(.-)%]"))
print(("THE (quick) fox"):gsub("%f[%a]%a+", function(w) return w:sub(1, 1) .. w:sub(2):lower() end))
print(("hello hello"):match("(h%a+) %1"), ("abcabc"):find("(abc)%1"), ("  trim me  "):match("^%s*(.-)%s*$"))
print(("a1b2c3"):gsub("%d", function(d) return "<" .. d * 2 .. ">" end), ("x"):match("()"), ("abc"):match("()b()"))
print(("2024-03-31T02:30:00"):match("(%d+)-(%d+)-(%d+)T(%d+):(%d+)"))
print(("%a %c %d %g %l %p %s %u %w %x"):gsub("%%(%a)", "[%1]"))
for _, cls in ipairs { "%a", "%c", "%d", "%g", "%l", "%p", "%s", "%u", "%w", "%x", "[%a_][%w_]*", "[^%s]+" } do
    local n = 0
    for i = 0, 255 do if string.char(i):find("^" .. cls .. "$") then n = n + 1 end end
    io.write(cls, "=", n, " ")
end
print()
print(pcall(string.find, "x", "("), pcall(string.find, "x", "%"), pcall(string.gsub, "x", ".", "%2"))
print(("one;two;;three"):gsub(";;", ";"), select("#", ("a b c"):match("(%a) (%a) (%a)")))
print(string.rep("a", 30):find(".-b"), ("aaa"):match("a-"), ("aaa"):match("a*"), ("aaa"):match("a+?"))
