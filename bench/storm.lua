-- The cache-miss storm (run.py --proxy): about BENCH_STORM_URLS distinct URLs of one page,
-- each asked for once, spread over the threads; each thread stops after its share, so the
-- latencies are those of misses only (a longer run would mostly measure hits).
dofile(os.getenv("BENCH_REPORT_LUA"))  -- done(): the BENCH_RESULT line run.py parses

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)  -- a global in that thread's own Lua state
end

local share = 0
local sent, received = 0, 0
function init(args)
  share = math.ceil(tonumber(os.getenv("BENCH_STORM_URLS")) / tonumber(os.getenv("BENCH_STORM_THREADS")))
end

function request()
  sent = sent + 1
  return wrk.format(nil, wrk.path .. "?storm=" .. os.getenv("BENCH_STORM_RUN") .. "-" .. thread_id .. "-" .. sent)
end

function response(status, headers, body)
  received = received + 1
  if received >= share then
    wrk.thread:stop()
  end
end
