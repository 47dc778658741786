-- The cache-fill phase (run.py): one page under a new query string on every request, as a
-- crawler or links with tracking parameters make. Each URL is a new page-cache entry, so
-- the workers' caches fill up to their bound and the RSS read afterwards includes them.
dofile(os.getenv("BENCH_REPORT_LUA"))  -- done(): the BENCH_RESULT line run.py parses

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)  -- a global in that thread's own Lua state
end

local counter = 0
function request()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "?fill=" .. thread_id .. "-" .. counter)
end
