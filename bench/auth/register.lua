-- wrk: a burst of POST /api/v1/auth/register, each with a new email and a new
-- X-Forwarded-For (10.x.y.z), so that the per-address limit never answers before the CPU
-- pool does (the server trusts 127.0.0.1 as a proxy: FORWARDED_ALLOW_IPS). Prints, last,
-- one line "registrations: <201s> <503s> <others>".
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  counter, created, busy, other = 0, 0, 0, 0
end

function request()
  counter = counter + 1
  local email = string.format("reg_%s_%d_%d@example.com", run, id, counter)
  local address = string.format("10.%d.%d.%d", id % 256, math.floor(counter / 256) % 256,
                                counter % 256)
  return wrk.format("POST", "/api/v1/auth/register",
                    {["Content-Type"] = "application/json", ["X-Forwarded-For"] = address},
                    '{"email":"' .. email .. '","password":"bench password 1"}')
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  elseif status == 503 then
    busy = busy + 1
  else
    if other == 0 then io.stderr:write("bench/auth: register answered " .. status .. ": " .. body .. "\n") end
    other = other + 1
  end
end

function done(summary, latency, requests)
  local c, b, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("created")
    b = b + thread:get("busy")
    o = o + thread:get("other")
  end
  io.write(string.format("registrations: %d %d %d\n", c, b, o))
end
