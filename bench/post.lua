-- wrk script: POST the fact set named by the FACTS environment variable to /v1/decisions
local f = assert(io.open(os.getenv("FACTS") or "bench/typical.json", "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

local bad = 0
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non-200 answers: %d\n", bad))
end
