-- Math: the library (through libm), integer/float arithmetic, conversions, the seeded generator.
print(math.pi, math.huge, -math.huge, math.maxinteger, math.mininteger)
for _, x in ipairs { 0, 0.5, 1, 2, 10, 100, -3.7, 1e-10, 1e10 } do
    print(x, math.floor(x), math.ceil(x), math.abs(x), math.sqrt(math.abs(x)), math.exp(x / 10),
          math.log(math.abs(x) + 1), math.log(math.abs(x) + 1, 10), math.log(math.abs(x) + 1, 2))
end
for i = -4, 4 do
    local a = i * math.pi / 4
    print(string.format("%.17g %.17g %.17g %.17g", math.sin(a), math.cos(a), math.tan(a), math.atan(i, 3)))
end
print(math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(7.5, 2), pcall(math.fmod, 1, 0))
print(math.modf(3.7), math.modf(-3.7), math.modf(5), math.modf(math.huge), math.modf(-math.huge))
print(math.max(1, 5, 3), math.min(2.5, -1, 7), math.type(1), math.type(1.0), math.type("1"), math.ult(1, -1))
print(math.floor(-0.0), 1 / math.floor(-0.0), math.abs(math.mininteger), 0.0 == -0.0, 3 == 3.0, math.huge // 1)
print(string.format("%.17g %.17g %.17g", math.asin(0.5), math.acos(0.5), math.atan(1)))
print(8 // 3, -8 // 3, 8 % -3, 8.0 // 3, 2^10, 2^0.5, 10 // 0.0, -10 % math.huge, pcall(function() return 1 // 0 end))
math.randomseed(42)
local r = {}
for i = 1, 8 do r[#r + 1] = math.random(1, 1000) end
print(table.concat(r, " "), math.random(5), string.format("%.17g", math.random()))
math.randomseed(7, 11)
print(math.random(0), math.random(-10, 10), math.random(3, 3))
print(pcall(math.random, 2, 1), pcall(math.random, 1, 2, 3))
local sum = 0
for i = 1, 100000 do sum = sum + 1 / (i * i) end
print(string.format("%.15f", sum), 1e300 * 1e10, -(0 / 0) ~= -(0 / 0), math.floor(2^62) == 2^62)
print(tostring(1 / 3), 1e15 + 0.5, 123e-7, 5 // 0.3, 2^-1074, 2^1023 * 2, string.format("%.3a", 1 / 3))
