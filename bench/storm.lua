-- The cache-miss storm (run.py --proxy): the distinct pages listed in BENCH_STORM_PATHS (one
-- path a line; event and job detail pages), each asked for once, spread over the threads;
-- each thread stops after its share, so the latencies are those of misses only (a longer run
-- would mostly measure hits).
dofile(os.getenv("BENCH_REPORT_LUA"))  -- done(): the BENCH_RESULT line run.py parses

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)  -- a global in that thread's own Lua state
  thread:set("thread_count", tonumber(os.getenv("BENCH_STORM_THREADS")))
end

local mine = {}
local sent, received = 0, 0
function init(args)
  local index = 0
  for line in io.lines(os.getenv("BENCH_STORM_PATHS")) do
    if line ~= "" then
      index = index + 1
      if (index - 1) % thread_count == thread_id - 1 then
        mine[#mine + 1] = line
      end
    end
  end
end

function request()
  sent = sent + 1
  -- Round the list: wrk asks each thread for one request it never sends, so the first path
  -- comes last; past its share (answers still on their way) a thread starts again.
  return wrk.format(nil, mine[(sent - 1) % #mine + 1])
end

function response(status, headers, body)
  received = received + 1
  if received >= #mine then
    wrk.thread:stop()
  end
end
