-- Processes (needs popen/system in the libc): io.popen both ways, os.execute statuses.
print(os.execute())
print(os.execute("exit 3"))
print(os.execute("kill -9 $$"))
print(os.execute("echo from os.execute"))
local p = io.popen("echo one; echo two", "r")
for l in p:lines() do print("read", l) end
print(p:close())
local w = io.popen("cat", "w")
w:write("to cat\n")
print(w:close())
print(io.popen("exit 5"):close())
