-- wrk script: POST fact sets to /v1/decisions and count the answers that are not 200.
-- FACTS names the file (default bench/load-facts.ndjson):
--   *.ndjson  one fact set per line; every request takes the next line, cycling. Each wrk thread
--             starts at its own offset in the file (thread k at k * 7919 mod the line count), so the
--             threads do not send the same sequence side by side.
--   other     the whole file is one body, sent on every request (e.g. bench/typical.json).
-- Requests are formatted once per thread (wrk.format), not per request.
local path = os.getenv("FACTS") or "bench/load-facts.ndjson"
local headers = { ["Content-Type"] = "application/json" }

local function bodies()
  local list = {}
  local f = assert(io.open(path, "r"))
  if path:match("%.ndjson$") then
    for line in f:lines() do
      if line:match("%S") then list[#list + 1] = line end
    end
  else
    list[1] = f:read("*a")
  end
  f:close()
  assert(#list > 0, "no fact set in " .. path)
  return list
end

-- main state: number the threads, sum their counts at the end
local threads = {}
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  threads[#threads + 1] = thread
end

-- thread state
local requests, count, i
bad = 0
sent = 0
function init(args)
  requests = {}
  for k, body in ipairs(bodies()) do
    requests[k] = wrk.format("POST", nil, headers, body)
  end
  count = #requests
  i = (id * 7919) % count
end

function request()
  i = i % count + 1
  sent = sent + 1
  return requests[i]
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, reqs)
  local total_bad, total_sent = 0, 0
  for _, t in ipairs(threads) do
    total_bad = total_bad + (t:get("bad") or 0)
    total_sent = total_sent + (t:get("sent") or 0)
  end
  io.write(string.format("fact sets: %s (%d threads, %d requests made)\n", path, #threads, total_sent))
  io.write(string.format("non-200 answers: %d\n", total_bad))
end
