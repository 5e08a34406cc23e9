-- wrk script of the open-loop booking benchmark (bench/gateway_overhead.py):
-- bench/wrk_book.lua's requests, sent at a constant total rate (data.rate
-- per second, -t1) whatever the answers' latency: each request takes the
-- next slot of one schedule, and a connection that is free waits for it
-- (wrk's delay()). With many connections, a slow answer delays no other
-- request (no coordinated omission); a request sent more than 10 ms behind
-- its slot counts as late (every connection was busy), reported by done().
--
-- Usage: wrk -t1 -c N -d S -s bench/wrk_book_paced.lua URL -- DATA.lua
-- DATA.lua as wrk_book.lua's, plus rate.

local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "wrk_book.lua")

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]])
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("bench_timespec")
local next_due = nil

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

function delay()
  local now = now_ms()
  if next_due == nil then
    next_due = now
  end
  local wait = next_due - now
  next_due = next_due + 1000 / data.rate
  if wait < -10 then
    late = late + 1
  end
  if wait <= 0 then
    return 0
  end
  return math.floor(wait)
end
