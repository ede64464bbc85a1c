-- Tables: constructors, length, table library, sort (with comparator and errors), metatables.
local t = { 10, 20, 30, x = 1, ["y z"] = 2, [3.0] = 33, [-1] = "neg" }
print(#t, t[3], t.x, t["y z"], t[-1], rawlen(t), rawequal(t, t), rawget(t, "x"))
table.insert(t, 40); table.insert(t, 1, 5)
print(#t, table.concat(t, ","), table.remove(t), table.remove(t, 1), #t, table.concat(t, ","))
print(table.unpack({ 1, 2, 3 }), table.unpack({ 1, 2, 3 }, 2), select("#", table.unpack({}, 1, 3)))
print(table.concat(table.move({ 1, 2, 3, 4, 5 }, 2, 4, 1), ","), table.concat(table.pack(1, nil, 3), ",", 1, 1), table.pack(1, nil, 3).n)
local words = {}
for w in ("the quick brown fox jumps over the lazy dog and runs away quickly"):gmatch("%a+") do words[#words + 1] = w end
table.sort(words)
print(table.concat(words, " "))
table.sort(words, function(a, b) return #a > #b or (#a == #b and a < b) end)
print(table.concat(words, " "))
local nums = {}
for i = 1, 200 do nums[i] = (i * 7919) % 211 end
table.sort(nums)
print(nums[1], nums[50], nums[100], nums[200])
print(pcall(table.sort, { 3, "a", 1 }), pcall(table.insert, {}, 5, 1))
local keys, seen = {}, { b = 2, a = 1, c = 3, [1] = "one", [2] = "two" }
for k in pairs(seen) do keys[#keys + 1] = tostring(k) end
table.sort(keys)
print(table.concat(keys, " "), next({}), type(next))
local mt = {
    __index = function(_, k) return k .. "!" end, __newindex = function(t2, k, v) rawset(t2, k, v * 2) end,
    __call = function(self, a) return "called " .. a end, __tostring = function() return "<obj>" end,
    __len = function() return 99 end, __eq = function() return true end, __lt = function() return true end,
    __le = function() return false end, __concat = function(a, b) return "cat" end, __unm = function() return "neg" end,
    __add = function(a, b) return "add" end, __close = function() print("closed") end, __name = "MyType",
}
local o = setmetatable({}, mt)
o.v = 21
print(o.v, o.missing, o(5), tostring(o), #o, o == setmetatable({}, mt), o < o, o <= o, o .. "x", -o, o + 1)
print(getmetatable("abc").__index == string, getmetatable(setmetatable({}, { __metatable = "locked" })))
do local c <close> = o end
local weak = setmetatable({}, { __mode = "k" })
weak[{}] = 1
collectgarbage(); collectgarbage()
print(next(weak))
local big = {}
for i = 1, 10000 do big[i] = i * i end
local s = 0
for i, v in ipairs(big) do s = s + v end
print(s, #big, select(-1, 1, 2, 3), select(2, "a", "b", "c"))
