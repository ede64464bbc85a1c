-- Closures and functions: upvalues, varargs, recursion, tail calls, goto, integer/float for loops.
local function counter()
    local n = 0
    return function() n = n + 1; return n end, function() return n end
end
local inc, get = counter()
inc(); inc()
local inc2 = counter()
inc2()
print(get(), inc(), inc2())
local fns = {}
for i = 1, 3 do fns[i] = function() return i * 10 end end
print(fns[1](), fns[2](), fns[3]())
local function va(...)
    local a, b = ...
    return select("#", ...), a, b, ...
end
print(va(), va(1), va(1, nil, 3), (va(1, 2)))
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(25))
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + n) end
print(loop(1000000, 0))
local function memo(f)
    local cache = {}
    return function(x) local v = cache[x]; if not v then v = f(x); cache[x] = v end; return v end
end
local sq = memo(function(x) return x * x end)
print(sq(12), sq(12))
for i = 10, 1, -3 do io.write(i, " ") end
for x = 0, 1, 0.25 do io.write(x, " ") end
for i = math.maxinteger - 2, math.maxinteger do io.write(i, " ") end
print()
do
    local i = 1
    ::top::
    if i <= 3 then io.write("goto", i, " "); i = i + 1; goto top end
    print()
end
local t = setmetatable({}, { __index = function(t, k) return k * 2 end })
print(t[21], (function(...) return select("#", ...) end)(nil, nil))
print(string.dump and #string.dump(function() return 1 end) > 0, load("return 1 + 1")(), load("syntax error here"))
local env = { print = print, x = 5 }
local chunk = load("x = x + 1; return x", "chunk", "t", env)
print(chunk(), env.x, type(select(2, pcall(load, function() return nil end))))
local co = coroutine.wrap(function(...) local args = { ... }; coroutine.yield(#args); return "done" end)
print(co(1, 2, 3), co())
print(debug.traceback("tb", 1):match("^tb\nstack traceback:") ~= nil, debug.getinfo(1, "l").currentline)
