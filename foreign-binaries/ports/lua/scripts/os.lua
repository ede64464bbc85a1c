-- os: dates and times in the TZ the runner sets (Europe/Paris: DST transitions), time tables,
-- difftime, getenv, locales, exit codes.
local instants = { 0, 1000000000, 1711846799, 1711846800, 1729990799, 1729990800, 1700000000, 2000000000, 4102444800 }
for _, t in ipairs(instants) do
    print(t, os.date("%Y-%m-%d %H:%M:%S %Z %z %a %b %j", t), os.date("!%Y-%m-%d %H:%M:%S %c", t))
    local d = os.date("*t", t)
    print("", d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday, d.isdst)
    local u = os.date("!*t", t)
    print("", u.hour, u.isdst, os.time(d) == t)
end
print(os.time { year = 2024, month = 7, day = 1, hour = 12 }, os.time { year = 2024, month = 1, day = 1, hour = 0 })
print(os.time { year = 2024, month = 3, day = 31, hour = 2, min = 30 }, os.time { year = 2024, month = 10, day = 27, hour = 2, min = 30, isdst = true })
print(os.time { year = 2024, month = 14, day = 40, hour = 30 }, pcall(os.time, { year = 2024 }))
print(os.difftime(10, 4), os.difftime(os.time { year = 2000, month = 1, day = 1 }, os.time { year = 1999, month = 12, day = 31 }))
print(os.date("%x %X %p %I %y %C %e %D %F %T %R %n%t%%", 1234567890))
print(pcall(os.date, "%Ez", 0), pcall(os.date, "%Q", 0))
print(os.getenv("TZ"), os.getenv("SURELY_NOT_SET_VARIABLE"))
print(os.setlocale(), os.setlocale("C"), os.setlocale(nil, "numeric"), os.setlocale("C.UTF-8", "ctype"), os.setlocale("xx_XX"))
print(os.setlocale(nil, "all"))
print(type(os.clock()), type(os.time()), os.time() > 1700000000, math.type(os.time()))
os.exit(3)
